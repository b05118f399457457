"""Writes of the payroll API: tokens (created, changed, revoked by the admin instansi), the per-token call count
that rate-limits, and the call log (docs/rules.md §16)."""

import datetime

from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from api import permissions
from api.models import ApiCall, ApiToken, Scope
from api.tokens import token_digest, token_new, token_prefix

WINDOW = datetime.timedelta(minutes=1)


class ApiTokenError(Exception):
    """A refused token change, with the message for the admin."""


def _check(*, nama: str, scopes: list[str], expires_at: datetime.datetime) -> None:
    if not nama.strip():
        raise ApiTokenError("Isi nama token.")
    if any(scope not in Scope.values for scope in scopes):
        raise ApiTokenError("Izin tidak dikenal.")
    if expires_at <= timezone.now():
        raise ApiTokenError("Tanggal berlaku hingga harus di masa depan. Untuk menghentikan token, cabut token itu.")


@transaction.atomic
def api_token_create(
    *, actor: User, instansi_id: int, nama: str, scopes: list[str], expires_at: datetime.datetime
) -> tuple[ApiToken, str]:
    """A new token of an instansi, by its admin (or a superadmin). Returns the row and the secret, which is shown
    once and never stored (only its digest)."""
    if not permissions.can_manage_token(actor, ApiToken(instansi_id=instansi_id)):
        raise ApiTokenError("Hanya admin instansi ini yang dapat membuat token API-nya.")
    _check(nama=nama, scopes=scopes, expires_at=expires_at)
    secret = token_new()
    token = ApiToken.objects.create(
        instansi_id=instansi_id,
        nama=nama.strip(),
        prefix=token_prefix(secret),
        digest=token_digest(secret),
        scopes=sorted(set(scopes)),
        expires_at=expires_at,
        created_by=actor,
    )
    return token, secret


def _lock(actor: User, token_id: int) -> ApiToken:
    token = ApiToken.objects.select_for_update().get(pk=token_id)
    if not permissions.can_manage_token(actor, token):
        raise ApiTokenError("Hanya admin instansi pemilik token yang dapat mengubahnya.")
    return token


@transaction.atomic
def api_token_update(
    *, actor: User, token_id: int, nama: str, scopes: list[str], expires_at: datetime.datetime
) -> ApiToken:
    """Change a token's name, scopes or expiry (a revoked token stays revoked)."""
    token = _lock(actor, token_id)
    _check(nama=nama, scopes=scopes, expires_at=expires_at)
    token.nama, token.scopes, token.expires_at = nama.strip(), sorted(set(scopes)), expires_at
    token.save(update_fields=["nama", "scopes", "expires_at"])
    return token


@transaction.atomic
def api_token_revoke(*, actor: User, token_id: int) -> ApiToken:
    """Cabut: from now on the token gets 401. Revoking twice keeps the first time."""
    token = _lock(actor, token_id)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_count_call(*, token_id: int, now: datetime.datetime) -> int:
    """Count a call of the token in the minute `now` falls in and return the count so far, the call included. One
    atomic upsert on the token's usage row: the count is exact whatever the number of app servers (docs/rules.md
    §16.3). The usage row is not audited, so a call writes no audit event."""
    window = now.replace(second=0, microsecond=0)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO api_apitokenusage (token_id, window_start, calls, last_used_at) VALUES (%s, %s, 1, %s)
            ON CONFLICT (token_id) DO UPDATE SET
                calls = CASE WHEN api_apitokenusage.window_start = EXCLUDED.window_start
                             THEN api_apitokenusage.calls + 1 ELSE 1 END,
                window_start = EXCLUDED.window_start,
                last_used_at = EXCLUDED.last_used_at
            RETURNING calls
            """,
            [token_id, window, now],
        )
        return cursor.fetchone()[0]


def api_call_record(
    *,
    token: ApiToken | None,
    method: str,
    path: str,
    status: int,
    address: str | None,
    duration_ms: int,
) -> ApiCall:
    """One line of the call log. The caller passes what may be kept: never the Authorization header."""
    return ApiCall.objects.create(
        token=token,
        instansi_id=token.instansi_id if token is not None else None,
        method=method[:10],
        path=path[:1000],
        status=status,
        address=address or None,
        duration_ms=max(0, duration_ms),
    )

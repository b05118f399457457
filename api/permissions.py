"""Rules of the payroll API (docs/rules.md §16): pure functions of a user or a token and the time."""

import datetime

from django.utils import formats, timezone

from accounts.permissions import is_admin_of_instansi


def can_manage_token(user, token) -> bool:
    """The admin instansi of the token's instansi, or a superadmin: who creates, changes and revokes it."""
    return is_admin_of_instansi(user, token.instansi_id)


def token_refusal(token, now: datetime.datetime) -> str | None:
    """Why a known token may not call the API now (revoked, expired), or None."""
    if token.revoked_at is not None:
        return "Token API ini sudah dicabut oleh admin instansi."
    if token.expires_at <= now:
        waktu = formats.date_format(timezone.localtime(token.expires_at), "j F Y H:i")
        return f"Token API ini sudah kedaluwarsa (berlaku hingga {waktu})."
    return None


def has_scope(token, scope: str) -> bool:
    return scope in token.scopes


def status_of(token, now: datetime.datetime) -> str:
    """The token's state in words, for the admin's list."""
    if token.revoked_at is not None:
        return "Dicabut"
    return "Kedaluwarsa" if token.expires_at <= now else "Aktif"

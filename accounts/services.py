"""Writes and rules for organisation and accounts: login throttling, the unit tree, reporting lines."""

import datetime
import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import UNIT_SEPARATOR, Instansi, LoginFailure, UnitKerja, User

# --- Login throttling (docs/decisions/0002-login-throttle.md) ---------------------------------------


def _throttle_key(value: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()


def account_tag(nip: str) -> str:
    """A short pseudonym of a NIP for log lines: lets an operator correlate events, reveals nothing."""
    return _throttle_key(nip)[:12]


def client_address(request) -> str:
    """The client's IP address, trusting X-Forwarded-For only for the configured number of proxies."""
    if settings.NUM_PROXIES:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= settings.NUM_PROXIES:
            return forwarded[-settings.NUM_PROXIES]
    return request.META.get("REMOTE_ADDR", "")


def _recent_failures(scope: str, key: str):
    since = timezone.now() - datetime.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
    return LoginFailure.objects.filter(scope=scope, key=key, created_at__gte=since)


def login_blocked_minutes(*, nip: str, address: str) -> int:
    """Minutes until a login for this NIP from this address may be tried again; 0 when it may now.

    Checked before the password, so a correct guess after the limit does not get in either.
    """
    limits = (
        (LoginFailure.Scope.ACCOUNT, _throttle_key(nip), settings.LOGIN_FAILURE_LIMIT_ACCOUNT),
        (LoginFailure.Scope.ADDRESS, _throttle_key(address), settings.LOGIN_FAILURE_LIMIT_ADDRESS),
    )
    wait = 0
    for scope, key, limit in limits:
        times = list(_recent_failures(scope, key).order_by("-created_at").values_list("created_at", flat=True)[:limit])
        if len(times) >= limit:
            # Blocked until the oldest of the last `limit` failures leaves the window.
            free_at = times[-1] + datetime.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
            wait = max(wait, -(-int((free_at - timezone.now()).total_seconds()) // 60))
    return max(wait, 0)


def login_failure_record(*, nip: str, address: str) -> int:
    """Record a failed login; return how many tries this account has left in the window."""
    account_key = _throttle_key(nip)
    with transaction.atomic():
        LoginFailure.objects.bulk_create(
            [
                LoginFailure(scope=LoginFailure.Scope.ACCOUNT, key=account_key),
                LoginFailure(scope=LoginFailure.Scope.ADDRESS, key=_throttle_key(address)),
            ]
        )
        # Keep the table small: what has left the window no longer counts.
        cutoff = timezone.now() - datetime.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
        LoginFailure.objects.filter(created_at__lt=cutoff).delete()
    used = _recent_failures(LoginFailure.Scope.ACCOUNT, account_key).count()
    return max(settings.LOGIN_FAILURE_LIMIT_ACCOUNT - used, 0)


def login_failures_clear(*, nip: str) -> None:
    """A successful login or password reset forgives the account's failures."""
    LoginFailure.objects.filter(scope=LoginFailure.Scope.ACCOUNT, key=_throttle_key(nip)).delete()


# --- Organisation -----------------------------------------------------------------------------------


@transaction.atomic
def instansi_create(*, nama: str) -> Instansi:
    """A new instansi and the root of its unit tree, which carries the instansi's name."""
    instansi = Instansi.objects.create(nama=nama)
    UnitKerja.objects.create(instansi=instansi, parent=None, nama=nama, path=nama, depth=0)
    return instansi


@transaction.atomic
def instansi_rename(*, instansi: Instansi, nama: str) -> Instansi:
    root = UnitKerja.objects.get(instansi=instansi, parent__isnull=True)
    instansi.nama = nama
    instansi.save(update_fields=["nama"])
    root.nama = nama
    unit_kerja_save(unit=root)
    return instansi


def unit_kerja_path(*, pk: int | None, parent: UnitKerja | None, nama: str) -> tuple[str, int]:
    """The path and depth a unit would get under `parent`; raises ValidationError if it cannot go there."""
    if UNIT_SEPARATOR.strip() in nama:
        raise ValidationError({"nama": "Nama unit kerja tidak boleh memuat tanda “>”."})
    if parent is None:
        return nama, 0
    if pk is not None:
        own_path = UnitKerja.objects.filter(pk=pk).values_list("path", flat=True).first()
        if parent.pk == pk or (own_path and parent.path.startswith(own_path + UNIT_SEPARATOR)):
            raise ValidationError({"parent": "Unit induk tidak boleh unit itu sendiri atau unit di bawahnya."})
    path = parent.path + UNIT_SEPARATOR + nama
    if UnitKerja.objects.filter(instansi_id=parent.instansi_id, path=path).exclude(pk=pk).exists():
        raise ValidationError({"nama": "Unit kerja dengan nama ini sudah ada di bawah unit induk tersebut."})
    return path, parent.depth + 1


@transaction.atomic
def unit_kerja_save(*, unit: UnitKerja) -> UnitKerja:
    """Create or update a unit, keeping `path` and `depth` of it and of every unit below it true."""
    parent = UnitKerja.objects.select_for_update().get(pk=unit.parent_id) if unit.parent_id else None
    if parent is not None:
        unit.instansi_id = parent.instansi_id
    new_path, new_depth = unit_kerja_path(pk=unit.pk, parent=parent, nama=unit.nama)
    old = UnitKerja.objects.filter(pk=unit.pk).values_list("path", "depth").first() if unit.pk else None
    unit.path, unit.depth = new_path, new_depth
    unit.save()
    if old and (old[0] != new_path or old[1] != new_depth):
        below = UnitKerja.objects.filter(instansi_id=unit.instansi_id, path__startswith=old[0] + UNIT_SEPARATOR)
        for child in below:
            child.path = new_path + child.path[len(old[0]) :]
            child.depth = child.depth - old[1] + new_depth
        UnitKerja.objects.bulk_update(below, ["path", "depth"])
    return unit


def atasan_chain_has(*, start: User | None, target_id: int) -> bool:
    """Whether `target_id` is `start` or stands above it in the reporting line (a cycle if linked)."""
    seen: set[int] = set()
    current = start
    while current is not None and current.pk not in seen:
        if current.pk == target_id:
            return True
        seen.add(current.pk)
        current = current.atasan
    return False


def pegawai_check(*, pegawai: User) -> None:
    """Cross-field rules for a pegawai that a single field cannot express; raises ValidationError."""
    from accounts.nip import check_nip_matches_status

    errors = {}
    if pegawai.nip:
        try:
            check_nip_matches_status(pegawai.nip, pegawai.status_kepegawaian)
        except ValidationError as exc:
            errors["nip"] = exc.messages
    if pegawai.unit_kerja_id and pegawai.unit_kerja.instansi_id != pegawai.instansi_id:
        errors["unit_kerja"] = ["Unit kerja harus berada di instansi pegawai."]
    if pegawai.atasan_id:
        if pegawai.atasan.instansi_id != pegawai.instansi_id:
            errors["atasan"] = ["Atasan harus berada di instansi yang sama."]
        elif pegawai.pk and atasan_chain_has(start=pegawai.atasan, target_id=pegawai.pk):
            errors["atasan"] = ["Pegawai ini sudah berada di atas atasan tersebut: hubungan atasan akan berputar."]
    if errors:
        raise ValidationError(errors)

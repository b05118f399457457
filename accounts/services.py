"""Writes and rules for organisation and accounts: security events, the unit tree, reporting lines; and the
profile part of Beranda (`profil_of`)."""

import datetime
import hashlib
import hmac
import ipaddress
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils import timezone

from accounts.models import UNIT_SEPARATOR, Instansi, PltAssignment, SecurityEvent, UnitKerja, User
from core.prepared import prepared

# --- Client address, account tags, security events -------------------------------------------------


def account_tag(nip: str) -> str:
    """A short pseudonym of a NIP (or a pejabat non-ASN's nama pengguna, in any case) for log lines and the security
    trail: lets an operator correlate events, reveals nothing (an HMAC with SECRET_KEY)."""
    return hmac.new(settings.SECRET_KEY.encode(), nip.strip().lower().encode(), hashlib.sha256).hexdigest()[:12]


def client_address(request) -> str:
    """The client's IP address. X-Forwarded-For is read only when the request comes from a trusted proxy
    (TRUSTED_PROXIES) and NUM_PROXIES says how many proxies are in front: the right-most entries are theirs, and
    anything further left the client may have written. A client that reaches gunicorn directly, or any client
    when NUM_PROXIES=0, is known by its own connection's address (docs/deployment.md)."""
    remote = request.META.get("REMOTE_ADDR", "")
    if settings.NUM_PROXIES and _is_trusted_proxy(remote):
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= settings.NUM_PROXIES:
            return _valid_ip(forwarded[-settings.NUM_PROXIES]) or remote
    return remote


def _is_trusted_proxy(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(cidr, strict=False) for cidr in settings.TRUSTED_PROXIES)


def _valid_ip(text: str) -> str:
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return ""


def security_event_record(
    *, jenis: str, request=None, user: User | None = None, nip: str = "", when: datetime.datetime | None = None
) -> SecurityEvent:
    """Record a security event with who (the user, or the tag of the NIP typed), when and from where."""
    address = _valid_ip(client_address(request)) if request is not None else ""
    return SecurityEvent.objects.create(
        jenis=jenis,
        user=user if user is not None and user.pk else None,
        instansi_id=user.instansi_id if user is not None else None,
        account=account_tag(nip or (user.login_name if user is not None else "")) if (nip or user is not None) else "",
        address=address or None,
        path=(request.path[:200] if request is not None else ""),
        created_at=when or timezone.now(),
    )


# --- Organisation -----------------------------------------------------------------------------------


@transaction.atomic
def instansi_create(*, nama: str) -> Instansi:
    """A new instansi and the root of its unit tree, which carries the instansi's name."""
    instansi = Instansi.objects.create(nama=nama)
    UnitKerja.objects.create(instansi=instansi, parent=None, nama=nama, path=nama, depth=0)
    return instansi


@transaction.atomic
def pejabat_non_asn_create(
    *, instansi: Instansi, nama_login: str, nama: str, jabatan: str, password: str | None = None, nip_asal: str = ""
) -> User:
    """Register a pejabat non-ASN (the kepala daerah, or a Pj. from another instansi; docs/rules.md §1.12), as the
    admin's form does: validated, with the nama pengguna in lower case."""
    pejabat = User(
        instansi=instansi, nama_login=nama_login.strip().lower(), nama=nama, jabatan=jabatan, nip_asal=nip_asal
    )
    pejabat.set_password(password)
    pejabat.full_clean()
    pejabat.save()
    return pejabat


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


# --- Beranda: who I am in the organisation ---------------------------------------------------------


@dataclass(frozen=True)
class Profil:
    """The profile part of Beranda: me (with my atasan), my active bawahan, the Plt posts I hold and those under
    me, each Plt post with both of its people."""

    user: User
    bawahan: list[User]
    plt_list: list[PltAssignment]
    plt_bawahan: list[PltAssignment]

    @property
    def jumlah_bawahan(self) -> int:
        return len(self.bawahan) + len(self.plt_bawahan)


@prepared(user_id=int, today=datetime.date)
def _plt_posts_around(user_id: int, today: datetime.date):
    """The Plt posts active today that the user holds or is the atasan of; compiled once per process (core.prepared,
    decision 0026)."""
    return (
        PltAssignment.objects.filter(Q(pegawai=user_id) | Q(atasan=user_id))
        .active_on(today)
        .select_related("unit_kerja")
        .order_by()
    )


@prepared(user_id=int, others=list)
def _people_named(user_id: int, others: list):
    """Me, my active bawahan and the people in `others` (ids), with their unit kerja, by name; compiled once per
    process: `others` is an array parameter, so its length does not change the SQL."""
    who = Q(pk=user_id) | Q(atasan=user_id, is_active=True) | Q(pk__in=RawSQL("SELECT unnest(%s::bigint[])", [others]))
    return User.objects.filter(who).select_related("unit_kerja").order_by("nama")


def profil_of(user: User, *, today: datetime.date) -> Profil:
    """Two queries for the five lists (docs/performance.md, issue 8): the Plt posts I hold and those under me, then
    every person the page names (me, my atasan, my active bawahan, the other side of each Plt post); both compiled
    once per process (core.prepared)."""
    me, atasan_id = user.pk, user.atasan_id
    plts = sorted(_plt_posts_around(user_id=me, today=today), key=lambda a: a.mulai, reverse=True)
    named = {atasan_id, *(a.atasan_id for a in plts), *(a.pegawai_id for a in plts)} - {None, me}
    people = _people_named(user_id=me, others=sorted(named))
    by_pk = {p.pk: p for p in people}
    profil = by_pk[me]
    profil.atasan = by_pk.get(atasan_id)  # the related rows from `people`, where select_related would have put them
    for a in plts:
        a.pegawai, a.atasan = by_pk[a.pegawai_id], by_pk.get(a.atasan_id)
    return Profil(
        user=profil,
        bawahan=[p for p in people if p.atasan_id == me and p.is_active],
        plt_list=[a for a in plts if a.pegawai_id == me],
        plt_bawahan=[a for a in plts if a.atasan_id == me],
    )

"""The atasan's monthly duties (DES 2.0 Q3, docs/rules.md §15.6–§15.9): tick kesesuaian on each daily entry (one,
or "setujui semua yang dipilih"), score the kualitas of each monthly target, approve the SKP Bulanan (a snapshot of
the approved values), and once a year score kreativitas. Each write locks the pegawai's row first (services.base)."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from accounts.models import User
from core.forms import too_long
from harian import permissions
from harian.models import NILAI_MAX, NilaiKreativitas, ProgresHarian, SkpBulanan, TargetBulanan
from harian.services.base import (
    HarianError,
    check_version,
    lock_pegawai,
    lock_skp_bulanan,
    mark_changed,
    month_range,
    pengaturan_for,
    require,
)
from penilaian.models import RencanaAksi
from skp.models import Skp

# What counts as realisasi: every entry except those the atasan marked tidak sesuai (docs/rules.md §15.8).
COUNTED = ~Q(kesesuaian=False)


def _require_atasan(actor: User, skp_bulanan: SkpBulanan) -> None:
    skp = skp_bulanan.skp
    require(permissions.periksa_refusal(actor, skp, aktif=pengaturan_for(skp).aktif))


def _entries(skp_bulanan: SkpBulanan):
    """The month's entries, read from the month's partition only."""
    return ProgresHarian.objects.filter(skp_bulanan=skp_bulanan, tanggal__range=month_range(skp_bulanan.bulan))


def _nilai(value, *, label: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = -1
    if not 0 <= number <= NILAI_MAX or str(value).strip() not in (str(number), f"{number}.0"):
        raise HarianError(f"{label} diisi bilangan bulat 0 sampai {NILAI_MAX}.")
    return number


@transaction.atomic
def kesesuaian_set(
    *, actor: User, progres_id: int, kesesuaian: bool | None, tanggal: datetime.date | None = None
) -> ProgresHarian:
    """The atasan's tick on one entry: sesuai (True), tidak sesuai (False), or back to not checked (None). `tanggal`:
    the entry's date when the page knows it (one partition read, ProgresHarianQuerySet.by_id)."""
    skp_bulanan_id = ProgresHarian.objects.by_id(progres_id, tanggal).values_list("skp_bulanan_id", flat=True).get()
    skp_bulanan = lock_skp_bulanan(skp_bulanan_id)
    _require_atasan(actor, skp_bulanan)
    entry = _entries(skp_bulanan).select_for_update().get(pk=progres_id)
    entry.kesesuaian = kesesuaian
    entry.kesesuaian_oleh = actor if kesesuaian is not None else None
    entry.kesesuaian_pada = timezone.now() if kesesuaian is not None else None
    ProgresHarian.objects.filter(pk=entry.pk, tanggal=entry.tanggal).update(
        kesesuaian=entry.kesesuaian, kesesuaian_oleh=entry.kesesuaian_oleh, kesesuaian_pada=entry.kesesuaian_pada
    )
    mark_changed(skp_bulanan, by_pegawai=False)
    return entry


@transaction.atomic
def kesesuaian_setujui(*, actor: User, skp_bulanan_id: int, progres_ids: list[int]) -> int:
    """ "Setujui semua yang dipilih": the chosen entries of one SKP Bulanan ticked sesuai at once, in one UPDATE.
    Every chosen entry must belong to that month: otherwise nothing is ticked. Returns how many were ticked."""
    skp_bulanan = lock_skp_bulanan(skp_bulanan_id)
    _require_atasan(actor, skp_bulanan)
    chosen = set(progres_ids)
    if not chosen:
        raise HarianError("Pilih dulu progres harian yang akan disetujui.")
    entries = _entries(skp_bulanan).filter(pk__in=chosen)
    if entries.count() != len(chosen):
        raise HarianError(
            "Sebagian progres yang dipilih bukan progres bulan ini dari pegawai ini; tidak ada yang diubah."
        )
    ticked = entries.update(kesesuaian=True, kesesuaian_oleh=actor, kesesuaian_pada=timezone.now())
    mark_changed(skp_bulanan, by_pegawai=False)
    return ticked


@transaction.atomic
def kualitas_set(*, actor: User, target_bulanan_id: int, kualitas) -> TargetBulanan:
    """The atasan's score of a monthly target's kualitas, a whole number 0–100."""
    skp_bulanan = lock_skp_bulanan(
        TargetBulanan.objects.values_list("skp_bulanan_id", flat=True).get(pk=target_bulanan_id)
    )
    _require_atasan(actor, skp_bulanan)
    target = TargetBulanan.objects.select_for_update().get(pk=target_bulanan_id)
    target.kualitas, target.kualitas_oleh = _nilai(kualitas, label="Kualitas"), actor
    target.version += 1
    target.save()
    mark_changed(skp_bulanan, by_pegawai=False)
    return target


def ringkasan_bulan(skp_bulanan: SkpBulanan) -> dict:
    """The month's values as the approval keeps them (and as the pages show them now): each target with its
    realisasi summed from the entries and its kualitas, the realisasi per rencana aksi, the counts of entries by
    kesesuaian and the minutes worked. Numbers as text, so that the snapshot is exact JSON. Four queries."""
    entries = _entries(skp_bulanan).order_by()
    per_target = dict(
        entries.filter(COUNTED, target_bulanan__isnull=False).values_list("target_bulanan").annotate(s=Sum("realisasi"))
    )
    per_ra = dict(
        entries.filter(COUNTED, rencana_aksi__isnull=False).values_list("rencana_aksi").annotate(s=Sum("realisasi"))
    )
    counts = entries.aggregate(
        entri=Count("pk"),
        sesuai=Count("pk", filter=Q(kesesuaian=True)),
        tidak_sesuai=Count("pk", filter=Q(kesesuaian=False)),
        menunggu=Count("pk", filter=Q(kesesuaian__isnull=True)),
    )
    menit = sum(
        (m.hour * 60 + m.minute) - (s.hour * 60 + s.minute) for s, m in entries.values_list("jam_mulai", "jam_selesai")
    )
    zero = Decimal(0)
    targets = [
        {
            "id": t.pk, "rhk_id": t.rhk_id, "jenis": t.jenis, "nama": t.nama, "target": str(t.target),
            "satuan": t.satuan, "realisasi": str(per_target.get(t.pk, zero)), "kualitas": t.kualitas,
        }
        for t in skp_bulanan.target_list.order_by("rhk", "urutan", "pk")
    ]  # fmt: skip
    rencana_aksi = [
        {"id": ra.pk, "teks": ra.teks, "satuan": ra.satuan, "realisasi": str(per_ra[ra.pk])}
        for ra in RencanaAksi.objects.filter(pk__in=per_ra).order_by("rhk", "urutan", "pk")
    ]
    return {"target": targets, "rencana_aksi": rencana_aksi, **counts, "menit": menit}


@transaction.atomic
def skp_bulanan_approve(*, actor: User, skp_bulanan_id: int, version: int | None) -> SkpBulanan:
    """Approve (or approve again) the SKP Bulanan: once every entry has its kesesuaian and every target its kualitas.
    The approved values are kept as a snapshot; `berubah` is cleared until the next change (docs/rules.md §15.7)."""
    skp_bulanan = lock_skp_bulanan(skp_bulanan_id)
    _require_atasan(actor, skp_bulanan)
    if skp_bulanan.disetujui and not skp_bulanan.berubah:
        return skp_bulanan  # a double click, or an approval already current
    check_version(skp_bulanan, version)
    ringkasan = ringkasan_bulan(skp_bulanan)
    if not ringkasan["entri"] and not ringkasan["target"]:
        raise HarianError("Bulan ini belum berisi target bulanan atau progres harian.")
    missing = []
    if ringkasan["menunggu"]:
        missing.append(f"{ringkasan['menunggu']} progres harian belum diperiksa kesesuaiannya")
    tanpa_kualitas = [t["nama"][:60] for t in ringkasan["target"] if t["kualitas"] is None]
    if tanpa_kualitas:
        missing.append("kualitas belum dinilai untuk: " + "; ".join(tanpa_kualitas))
    if missing:
        raise HarianError("Belum dapat disetujui: " + ", ".join(missing) + ".")
    skp_bulanan.snapshot = ringkasan
    skp_bulanan.disetujui_oleh, skp_bulanan.disetujui_pada = actor, timezone.now()
    skp_bulanan.berubah = False
    skp_bulanan.version += 1
    skp_bulanan.save()
    return skp_bulanan


@transaction.atomic
def kreativitas_set(*, actor: User, skp_id: int, nilai, catatan: str = "") -> NilaiKreativitas:
    """The atasan's yearly kreativitas score of an approved SKP, 0–100, with an optional note; set again to change it
    (every change is in the audit trail)."""
    lock_pegawai(Skp.objects.values_list("pegawai_id", flat=True).get(pk=skp_id))
    skp = Skp.objects.get(pk=skp_id)
    require(permissions.periksa_refusal(actor, skp, aktif=pengaturan_for(skp).aktif))
    require(too_long(catatan, label="Catatan kreativitas"))
    values = {"nilai": _nilai(nilai, label="Kreativitas"), "catatan": catatan.strip(), "oleh": actor}
    found = NilaiKreativitas.objects.select_for_update().filter(skp=skp).first()
    if found is None:
        return NilaiKreativitas.objects.create(instansi_id=skp.instansi_id, skp=skp, **values)
    for name, value in values.items():
        setattr(found, name, value)
    found.diubah_pada = timezone.now()
    found.version += 1
    found.save()
    return found

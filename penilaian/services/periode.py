"""Periods: the instansi's scheme, Tambah Periode Penilaian, the batas waktu, and the recorded moves of a
period (Tetapkan, Buka kembali, the admin's unlock of a batas waktu)."""

import datetime

from django.db import transaction
from django.db.models.expressions import RawSQL
from django.utils import timezone

from accounts.identity import snapshot
from accounts.models import User
from core.forms import too_long
from core.prepared import prepared
from penilaian import permissions
from penilaian.models import (
    AksiPeriode,
    BatasWaktu,
    PeriodePenilaian,
    PeriodeStatusChange,
    SkemaPenilaian,
    StatusPeriode,
)
from penilaian.periode import DEFAULT_SKEMA, Periode, batas_waktu, periods_for_year, periods_within
from penilaian.services.base import PenilaianError, check_version, lock_periode, require
from skp.models import DokumenCetak, Skp, StatusSkp


@prepared(instansi_id=int)
def _skema_chosen(instansi_id: int):
    """Compiled once per process (core.prepared): every Beranda reads it."""
    return SkemaPenilaian.objects.filter(instansi_id=instansi_id).values_list("skema", flat=True)


def skema_of(instansi_id: int | None) -> str:
    """The instansi's period scheme: the one its admin chose, or the default (nothing is written by reading)."""
    chosen = _skema_chosen(instansi_id=instansi_id) if instansi_id is not None else []
    return chosen[0] if chosen else DEFAULT_SKEMA


def scheme_periods(instansi_id: int | None, year: int) -> dict[str, Periode]:
    """The instansi's periods of a year, by code."""
    return {p.kode: p for p in periods_for_year(skema_of(instansi_id), year)}


def current_periode(periods: dict[str, Periode], today: datetime.date) -> Periode | None:
    """The period of the scheme that holds `today` (never the Tahunan, which holds every day)."""
    return next((p for p in periods.values() if not p.is_tahunan and p.mulai <= today <= p.selesai), None)


def skp_awaiting_periode(*, periode: Periode, penilai: User | None = None, pegawai: User | None = None):
    """The approved SKPs that cover `periode` but have not added it yet, of those the penilai assesses (the bawahan
    who have not started, shown as belum mengisi on Pemantauan dan Evaluasi, docs/rules.md §7.12) or of the pegawai
    (Beranda's Tambah Periode Penilaian)."""
    if (penilai is None) == (pegawai is None):
        raise ValueError("skp_awaiting_periode: give the penilai or the pegawai")
    whose = {"penilai": penilai} if penilai is not None else {"pegawai": pegawai}
    return (
        Skp.objects.filter(
            **whose,
            status=StatusSkp.PERSETUJUAN,
            periode_awal__lte=periode.selesai,
            periode_akhir__gte=periode.mulai,
        )
        .exclude(periode_list__kode=periode.kode)
        .order_by("pegawai_snapshot__nama")
    )


def periode_choices(skp: Skp) -> list[Periode]:
    """Tambah Periode Penilaian: the scheme's periods inside the SKP's range not yet added."""
    taken = set(PeriodePenilaian.objects.filter(skp=skp).values_list("kode", flat=True))
    return [
        p for p in periods_within(skema_of(skp.instansi_id), skp.periode_awal, skp.periode_akhir) if p.kode not in taken
    ]


@prepared(instansi_ids=list, kodes=list)
def _overrides(instansi_ids: list, kodes: list):
    """BatasWaktu rows of these instansi and codes, each list one array parameter (one SQL whatever the lengths)."""
    return BatasWaktu.objects.filter(
        instansi_id__in=RawSQL("SELECT unnest(%s::bigint[])", [instansi_ids]),
        kode__in=RawSQL("SELECT unnest(%s::text[])", [kodes]),
    ).values_list("instansi_id", "kode", "batas_waktu")


def batas_waktu_overrides(instansi_ids, kodes) -> dict[tuple[int, str], datetime.date]:
    """The admin instansi's own batas waktu for these period codes, by (instansi, kode), in one query (none when
    there is no code): for a page that lists the periods of several SKPs (Beranda)."""
    kodes, instansi_ids = sorted(set(kodes)), sorted({i for i in instansi_ids if i is not None})
    if not kodes or not instansi_ids:
        return {}
    return {(i, k): d for i, k, d in _overrides(instansi_ids=instansi_ids, kodes=kodes)}


def batas_waktu_of(
    periode: PeriodePenilaian, overrides: dict[tuple[int, str], datetime.date] | None = None
) -> datetime.date:
    """The pegawai's deadline for this period: the instansi's override, or end + 5 days; an admin's unlock
    moves it later for this one period (docs/rules.md §5.4, §5.7). `overrides`: batas_waktu_overrides, read once
    for a page that lists many periods; read here (one query) when not given."""
    if overrides is None:
        overrides = batas_waktu_overrides([periode.instansi_id], [periode.kode])
    key = (periode.instansi_id, periode.kode)
    own = {periode.kode: overrides[key]} if key in overrides else {}
    deadline = batas_waktu(Periode(periode.kode, periode.nama, periode.mulai, periode.selesai), own)
    if periode.dibuka_hingga and periode.dibuka_hingga > deadline:
        return periode.dibuka_hingga
    return deadline


def periode_offered(choices: list[Periode], batas: dict[str, datetime.date], today: datetime.date) -> Periode | None:
    """Tambah Periode Penilaian's preselected choice (docs/rules.md §5.8): the period today falls in, else the first
    whose batas waktu (`batas`, by kode) has not passed."""
    sekarang = next((p for p in choices if p.mulai <= today <= p.selesai), None)
    return sekarang or next((p for p in choices if today <= batas[p.kode]), None)


def require_fill(actor: User, periode: PeriodePenilaian) -> None:
    """The pegawai may write in this period now (owner, approved SKP, not final, before the batas waktu)."""
    require(permissions.fill_refusal(actor, periode, batas_waktu=batas_waktu_of(periode), today=timezone.localdate()))


@transaction.atomic
def periode_create(*, actor: User, skp_id: int, kode: str) -> PeriodePenilaian:
    """Tambah Periode Penilaian: only on an SKP in Persetujuan, one of the scheme's periods
    (docs/rules.md §5.1)."""
    skp = Skp.objects.select_for_update(of=("self",)).select_related("penilai", "penilai__unit_kerja").get(pk=skp_id)
    if skp.pegawai_id != actor.pk:
        raise PenilaianError("Hanya pemilik SKP yang dapat menambah periode penilaian.")
    if skp.status != StatusSkp.PERSETUJUAN:
        raise PenilaianError("Periode penilaian hanya dapat ditambah pada SKP yang sudah disetujui (Persetujuan).")
    existing = PeriodePenilaian.objects.filter(skp=skp, kode=kode).first()
    if existing is not None:
        return existing  # a double click
    chosen = next((p for p in periode_choices(skp) if p.kode == kode), None)
    if chosen is None:
        raise PenilaianError("Periode tersebut tidak tersedia untuk SKP ini.")
    return PeriodePenilaian.objects.create(
        instansi_id=skp.instansi_id,
        skp=skp,
        kode=chosen.kode,
        nama=chosen.nama,
        mulai=chosen.mulai,
        selesai=chosen.selesai,
        penilai=skp.penilai,
        penilai_snapshot=snapshot(skp.penilai),
    )


@transaction.atomic
def periode_delete(*, actor: User, periode_id: int) -> None:
    """Hapus a period added by mistake (a past quarter picked in November): its owner, while nothing is written in
    it: no rencana aksi, umpan balik, rating, Riwayat or printed copy (docs/rules.md §5.9)."""
    periode = lock_periode(periode_id)
    require(permissions.periode_delete_refusal(actor, periode, written=periode_written(periode)))
    periode.delete()


def periode_written(periode: PeriodePenilaian) -> bool:
    return bool(
        periode.predikat
        or periode.rating_hasil_kerja
        or periode.rencana_aksi_list.exists()
        or periode.umpan_balik_list.exists()
        or periode.riwayat.exists()
        or DokumenCetak.objects.filter(skp_id=periode.skp_id, periode_kode=periode.kode).exists()
    )


def _sync_skp_final(periode: PeriodePenilaian) -> None:
    """Keep Skp.penilaian_final true while any period of the SKP is final: the SKP cannot be reopened then.
    The SKP row is already locked with the period (lock_periode), so skp_set_status waits for this."""
    final = PeriodePenilaian.objects.filter(skp_id=periode.skp_id, status=StatusPeriode.DITETAPKAN).exists()
    Skp.objects.filter(pk=periode.skp_id).exclude(penilaian_final=final).update(penilaian_final=final)


@transaction.atomic
def periode_finalise(*, actor: User, periode_id: int, version: int | None) -> PeriodePenilaian:
    """Tetapkan: the period's ratings become final; nothing in it changes except through a recorded reopen."""
    periode = lock_periode(periode_id)
    if periode.status == StatusPeriode.DITETAPKAN and permissions.is_penilai(actor, periode):
        return periode  # a double click
    require(permissions.assess_refusal(actor, periode))
    check_version(periode, version)
    if not periode.predikat:
        raise PenilaianError("Berikan Rating Hasil Kerja dan Rating Perilaku Kerja sebelum Tetapkan.")
    if periode.perlu_ditinjau:
        raise PenilaianError(
            "Periode ini perlu ditinjau: capaian organisasi berubah setelah ditetapkan. Simpan rating lagi agar "
            "Rating Hasil Kerja mengikuti capaian yang berlaku, lalu Tetapkan."
        )
    periode.status = StatusPeriode.DITETAPKAN
    periode.version += 1
    periode.save()
    PeriodeStatusChange.objects.create(periode=periode, actor=actor, aksi=AksiPeriode.TETAPKAN)
    _sync_skp_final(periode)
    return periode


@transaction.atomic
def periode_reopen(*, actor: User, periode_id: int, catatan: str) -> PeriodePenilaian:
    """Buka kembali: a recorded reopen of a finalised period, by its penilai or the admin instansi."""
    periode = lock_periode(periode_id)
    require(permissions.reopen_refusal(actor, periode))
    if not catatan.strip():
        raise PenilaianError("Tuliskan alasan membuka kembali penilaian.")
    require(too_long(catatan, label="Alasan membuka kembali"))
    periode.status = StatusPeriode.TERBUKA
    periode.version += 1
    periode.save()
    PeriodeStatusChange.objects.create(
        periode=periode, actor=actor, aksi=AksiPeriode.BUKA_KEMBALI, catatan=catatan.strip()
    )
    _sync_skp_final(periode)
    return periode


@transaction.atomic
def periode_unlock(*, actor: User, periode_id: int, hingga: datetime.date, alasan: str) -> PeriodePenilaian:
    """The admin instansi lets one pegawai fill one period after its batas waktu, until `hingga`."""
    periode = lock_periode(periode_id)
    if not permissions.can_unlock(actor, periode):
        raise PenilaianError("Hanya admin instansi yang dapat membuka batas waktu.")
    if not alasan.strip():
        raise PenilaianError("Tuliskan alasan membuka batas waktu.")
    require(too_long(alasan, label="Alasan membuka batas waktu"))
    if hingga < timezone.localdate():
        raise PenilaianError("Tanggal buka kunci tidak boleh di masa lalu.")
    periode.dibuka_hingga = hingga
    periode.version += 1
    periode.save()
    PeriodeStatusChange.objects.create(
        periode=periode,
        actor=actor,
        aksi=AksiPeriode.BUKA_BATAS_WAKTU,
        catatan=f"Sampai {hingga:%d-%m-%Y}: {alasan.strip()}",
    )
    return periode

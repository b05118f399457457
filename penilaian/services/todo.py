"""The penilaian part of Beranda's to-do list: the pegawai's periods to fill before their batas waktu and the
current period not added yet; the penilai's bawahan periods to rate. Reads only, a fixed number of queries
whatever the number of SKPs, periods or bawahan (decision 0015)."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, F, Func, IntegerField, Max, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from accounts.models import User
from core.prepared import prepared
from penilaian.models import PeriodePenilaian, RencanaAksi, StatusPeriode
from penilaian.periode import Periode
from penilaian.services.periode import (
    batas_waktu_of,
    batas_waktu_overrides,
    current_periode,
    scheme_periods,
    skp_awaiting_periode,
)
from skp.models import Rhk, Skp, StatusSkp


@dataclass(frozen=True)
class PeriodeIsi:
    """An open period of the pegawai's approved SKP whose batas waktu has not passed, with something still to fill:
    RHK without a rencana aksi (docs/rules.md §6.2), rencana aksi without realisasi (§6.3)."""

    periode: PeriodePenilaian  # with its SKP
    batas_waktu: datetime.date
    rhk_tanpa_rencana_aksi: int
    tanpa_realisasi: int


@dataclass(frozen=True)
class PeriodeBaru:
    """The period today falls in, not added yet to an approved SKP that covers it: Tambah Periode Penilaian
    (docs/rules.md §5.3, §5.8). `periode` is the period as it would be added, clipped to the SKP's range; unsaved."""

    skp: Skp
    periode: PeriodePenilaian  # not saved
    batas_waktu: datetime.date


@dataclass(frozen=True)
class PeriodeNilai:
    """The penilai's bawahan periods with one code that are not Ditetapkan yet (Pemantauan dan Evaluasi)."""

    kode: str
    nama: str
    belum_ditetapkan: int
    siap_dinilai: int  # rencana aksi written, no rating yet
    menunggu_tetapkan: int  # rated, not Ditetapkan

    @property
    def tahun(self) -> int:
        return int(self.kode[:4])


@dataclass(frozen=True)
class PenilaianTodo:
    isi: list[PeriodeIsi] = field(default_factory=list)
    tambah: list[PeriodeBaru] = field(default_factory=list)
    nilai: list[PeriodeNilai] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.isi) + len(self.tambah) + len(self.nilai)


def _count(queryset) -> Coalesce:
    """How many rows a correlated queryset has, as a column of the outer query."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def period_counts() -> dict:
    """What is still missing in a period, as columns of a PeriodePenilaian query: how many RHK of its SKP have no
    rencana aksi in it (docs/rules.md §6.2), how many of its rencana aksi have no realisasi (§6.3)."""
    rencana_aksi_of_rhk = RencanaAksi.objects.filter(rhk=OuterRef("pk"), periode=OuterRef(OuterRef("pk")))
    return {
        "rhk_tanpa_rencana_aksi": _count(Rhk.objects.filter(skp=OuterRef("skp")).exclude(Exists(rencana_aksi_of_rhk))),
        "tanpa_realisasi": _count(RencanaAksi.objects.filter(periode=OuterRef("pk"), realisasi="")),
    }


def siap_dinilai() -> Exists:
    """A period has rencana aksi: the penilai can start rating it (with the umpan balik)."""
    return Exists(RencanaAksi.objects.filter(periode=OuterRef("pk")))


# The queries below are compiled once per process (core.prepared): building and compiling them, with their
# correlated subqueries, cost 1–2.5 ms of CPU each on every Beranda (docs/performance.md, decision 0026).
@prepared(user_id=int)
def _open_periods(user_id: int):
    """The user's open periods of their approved SKPs, each with period_counts(): one query. Unordered: sorted by
    batas waktu in Python."""
    return (
        PeriodePenilaian.objects.filter(
            skp__pegawai=user_id, skp__status=StatusSkp.PERSETUJUAN, status=StatusPeriode.TERBUKA
        )
        .select_related("skp")
        .annotate(**period_counts())
        .order_by()
    )


@prepared(user_id=int)
def _periods_to_rate(user_id: int):
    """The periods the user assesses that are not Ditetapkan, counted by code: one GROUP BY query."""
    return (
        PeriodePenilaian.objects.filter(penilai=user_id)
        .exclude(status=StatusPeriode.DITETAPKAN)
        .order_by()
        .values("kode", "nama")
        .annotate(
            selesai=Max("selesai"),
            belum_ditetapkan=Count("pk"),
            siap_dinilai=Count("pk", filter=Q(predikat="") & Q(siap_dinilai())),
            menunggu_tetapkan=Count("pk", filter=~Q(predikat="")),
        )
    )


@prepared(pegawai_id=int, kode=str, mulai=datetime.date, selesai=datetime.date)
def _awaiting(pegawai_id: int, kode: str, mulai: datetime.date, selesai: datetime.date):
    """skp_awaiting_periode of the pegawai (the period's name is not part of the query), unordered."""
    return skp_awaiting_periode(pegawai=pegawai_id, periode=Periode(kode, "", mulai, selesai)).order_by()


def _to_rate(user: User) -> list[PeriodeNilai]:
    """The periods the user assesses that are not Ditetapkan, by code, latest first."""
    rows = _periods_to_rate(user_id=user.pk)
    # Latest end first; the Tahunan (ending with the last period of its year) after that period.
    rows = sorted(rows, key=lambda r: (r["selesai"], r["kode"]), reverse=True)
    return [
        PeriodeNilai(
            kode=r["kode"],
            nama=r["nama"],
            belum_ditetapkan=r["belum_ditetapkan"],
            siap_dinilai=r["siap_dinilai"],
            menunggu_tetapkan=r["menunggu_tetapkan"],
        )
        for r in rows
    ]


def todo_for(user: User, *, today: datetime.date) -> PenilaianTodo:
    """What waits for `user` in penilaian. As a pegawai (not a pejabat non-ASN, who has no SKP): each open period of
    an approved SKP before its batas waktu (the admin's unlock included) where an RHK has no rencana aksi or a
    rencana aksi no realisasi, most urgent first; and the period today falls in, for each approved SKP that covers
    it but has not added it. As a penilai: the bawahan periods not Ditetapkan, by period, with how many have rencana
    aksi but no rating yet. At most five queries for a pegawai (the penilai's periods, the scheme, the SKPs without the
    current period, the open periods with their counts, and the batas waktu overrides when any of these needs a
    date), one for a pejabat non-ASN."""
    nilai = _to_rate(user)
    if user.is_pejabat_non_asn or user.instansi_id is None:
        return PenilaianTodo(nilai=nilai)
    sekarang = current_periode(scheme_periods(user.instansi_id, today.year), today)
    awaiting = []
    if sekarang:
        found = _awaiting(pegawai_id=user.pk, kode=sekarang.kode, mulai=sekarang.mulai, selesai=sekarang.selesai)
        awaiting = sorted(found, key=lambda skp: (skp.periode_awal, skp.pk))
    periods = _open_periods(user_id=user.pk)
    overrides = batas_waktu_overrides(
        [user.instansi_id, *(p.instansi_id for p in periods), *(s.instansi_id for s in awaiting)],
        [*(p.kode for p in periods), *([sekarang.kode] if awaiting else [])],  # none: no query
    )
    isi = []
    for p in periods:
        batas = batas_waktu_of(p, overrides)
        if today <= batas and (p.rhk_tanpa_rencana_aksi or p.tanpa_realisasi):
            isi.append(PeriodeIsi(p, batas, p.rhk_tanpa_rencana_aksi, p.tanpa_realisasi))
    isi.sort(key=lambda item: (item.batas_waktu, item.periode.mulai, item.periode.pk))
    tambah = []
    for skp in awaiting:
        # The period as Tambah Periode Penilaian would add it: clipped to the SKP's range (periode.periods_within).
        baru = PeriodePenilaian(
            instansi_id=skp.instansi_id,
            skp=skp,
            kode=sekarang.kode,
            nama=sekarang.nama,
            mulai=max(sekarang.mulai, skp.periode_awal),
            selesai=min(sekarang.selesai, skp.periode_akhir),
        )
        tambah.append(PeriodeBaru(skp=skp, periode=baru, batas_waktu=batas_waktu_of(baru, overrides)))
    return PenilaianTodo(isi=isi, tambah=tambah, nilai=nilai)

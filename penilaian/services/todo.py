"""The penilaian part of Beranda's to-do list: the pegawai's periods to fill before their batas waktu and the
current period not added yet; the penilai's bawahan periods to rate. Reads only, a fixed number of queries
whatever the number of SKPs, periods or bawahan (decision 0015)."""

import datetime
import functools
from dataclasses import dataclass, field

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Count, Exists, F, Func, IntegerField, Max, OuterRef, Q, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from accounts.models import User
from penilaian.models import PeriodePenilaian, RencanaAksi, StatusPeriode
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


@functools.cache
def _compiled() -> dict[str, RawSQL]:
    """period_counts() and siap_dinilai() as SQL, compiled once per process: building and compiling the nested
    subqueries took about 2.5 ms of CPU on every Beranda (docs/performance.md). They refer only to the period row
    of the outer query, so the same SQL serves every query (tests/penilaian/test_todo.py checks it against the
    ORM's)."""
    query = PeriodePenilaian.objects.annotate(**period_counts(), siap_dinilai=siap_dinilai()).query
    compiler = query.get_compiler(DEFAULT_DB_ALIAS)
    return {
        name: RawSQL(*compiler.compile(expression), output_field=expression.output_field)  # noqa: S611 (the ORM's SQL)
        for name, expression in query.annotations.items()
    }


def _open_periods(user: User):
    """The user's open periods of their approved SKPs, each with period_counts(): one query."""
    counts = _compiled()
    return (
        PeriodePenilaian.objects.filter(
            skp__pegawai=user, skp__status=StatusSkp.PERSETUJUAN, status=StatusPeriode.TERBUKA
        )
        .select_related("skp")
        .annotate(rhk_tanpa_rencana_aksi=counts["rhk_tanpa_rencana_aksi"], tanpa_realisasi=counts["tanpa_realisasi"])
        .order_by()  # sorted by batas waktu in Python: ordering in SQL costs more to compile than the sort
    )


def _to_rate(user: User) -> list[PeriodeNilai]:
    """The periods the user assesses that are not Ditetapkan, by code, latest first: one GROUP BY query."""
    rows = (
        PeriodePenilaian.objects.filter(penilai=user)
        .exclude(status=StatusPeriode.DITETAPKAN)
        .order_by()
        .values("kode", "nama")
        .annotate(
            selesai=Max("selesai"),
            belum_ditetapkan=Count("pk"),
            siap_dinilai=Count("pk", filter=Q(predikat="") & Q(_compiled()["siap_dinilai"])),
            menunggu_tetapkan=Count("pk", filter=~Q(predikat="")),
        )
    )
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
    awaiting = list(skp_awaiting_periode(pegawai=user, periode=sekarang).order_by("periode_awal")) if sekarang else []
    periods = list(_open_periods(user))
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

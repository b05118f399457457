"""The rows of the downloads (issue 12): Laporan Penilaian, one row per pegawai per period (docs/rules.md §14.3), and
Laporan SKP, one row per SKP (§14.5). Each is read in a fixed number of queries by a server-side cursor and yielded
row by row, header first, so an instansi of 20,000 pegawai exports in constant memory (laporan.writers). Columns in
Indonesian, the same for every format."""

import datetime
import functools
from collections.abc import Iterator
from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncDate

from accounts.models import UNIT_SEPARATOR, UnitKerja
from laporan.angka_kredit import angka_kredit, jenjang_of
from laporan.dashboard import tanpa_jit
from laporan.models import KoefisienAngkaKredit, TarifTpp
from penilaian.models import CapaianUnit, PeriodePenilaian, StatusPeriode
from penilaian.periode import nama_kode
from penilaian.predikat import CapaianOrganisasi, Predikat, Rating
from skp.models import Indikator, Rhk, Skp, SkpStatusChange, StatusSkp

KOLOM_PENILAIAN = [
    "NIP",
    "Nama",
    "Jabatan",
    "Unit Kerja",
    "Periode",
    "Status",
    "Rating Hasil Kerja",
    "Rating Perilaku Kerja",
    "Predikat Kinerja",
    "Capaian Organisasi",
    "Persentase TPP",
    "Angka Kredit",
]

CHUNK = 2000


def bulan_of(mulai: datetime.date, selesai: datetime.date) -> int:
    """The calendar months a period spans (a Triwulan 3, the Tahunan 12)."""
    return (selesai.year - mulai.year) * 12 + selesai.month - mulai.month + 1


def _label(choices, value: str) -> str:
    return _labels(choices).get(value, "")


@functools.cache
def _labels(choices) -> dict[str, str]:
    """value → label of a choices class, built once: TextChoices.values is rebuilt on every access, which cost
    seconds over 20,000 rows."""
    return dict(choices.choices)


def _angka(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


def in_unit(unit: UnitKerja | None, field: str = "unit_kerja") -> Q:
    """Rows whose unit (`field`, a path to a UnitKerja) is `unit` or below it, by the stored paths; all for None."""
    if unit is None:
        return Q()
    return Q(**{f"{field}_id": unit.pk}) | Q(
        **{f"{field}__instansi_id": unit.instansi_id, f"{field}__path__startswith": unit.path + UNIT_SEPARATOR}
    )


def laporan_penilaian(*, instansi_id: int | None, kode: str = "", unit: UnitKerja | None = None) -> Iterator[list[str]]:
    """The rows of Laporan Penilaian for one instansi (None: every instansi, for a superadmin), one period code or all,
    the SKPs written in one unit and those below it or all, header first. Five queries whatever the size: the units,
    the capaian, the TPP tables, the koefisien, and the periods (read in chunks by a server-side cursor)."""
    scope = {"instansi_id": instansi_id} if instansi_id is not None else {}
    units = dict(UnitKerja.objects.filter(**scope).values_list("pk", "parent_id"))
    capaian = {
        (unit_id, k): c
        for unit_id, k, c in CapaianUnit.objects.filter(**{f"unit_kerja__{k}": v for k, v in scope.items()})
        .values_list("unit_kerja_id", "kode", "capaian")
        .order_by()
    }
    tarif = {t.instansi_id: t for t in TarifTpp.objects.filter(**scope)}
    koefisien = dict(KoefisienAngkaKredit.objects.values_list("jenjang", "koefisien"))

    def governing(unit_id: int | None, k: str) -> str:
        # docs/rules.md §8.7: the unit's own capaian, else the nearest unit above it with one.
        seen = 0
        while unit_id is not None and seen < 64:
            if (unit_id, k) in capaian:
                return capaian[(unit_id, k)]
            unit_id, seen = units.get(unit_id), seen + 1
        return ""

    periods = PeriodePenilaian.objects.filter(in_unit(unit, "skp__unit_kerja"), **scope)
    if kode:
        periods = periods.filter(kode=kode)
    rows = periods.order_by("skp__pegawai__nama", "mulai", "pk").values_list(
        "skp__pegawai__nip",
        "skp__pegawai_snapshot",
        "skp__unit_kerja_id",
        "skp__unit_kerja__path",
        "instansi_id",
        "kode",
        "mulai",
        "selesai",
        "status",
        "rating_hasil_kerja",
        "rating_perilaku",
        "predikat",
    )
    nama_periode = functools.cache(nama_kode)  # a handful of codes, each worked out once, not once per row
    yield KOLOM_PENILAIAN
    with tanpa_jit():
        for nip, snap, unit_id, path, inst, k, mulai, selesai, status, hasil, perilaku, predikat in rows.iterator(
            chunk_size=CHUNK
        ):
            jabatan = snap.get("jabatan", "")
            jenjang = jenjang_of(jabatan)
            ak = angka_kredit(predikat, koefisien[jenjang], bulan_of(mulai, selesai)) if jenjang in koefisien else None
            tpp = tarif[inst].persen(predikat) if inst in tarif else None
            yield [
                nip or "",
                snap.get("nama", ""),
                jabatan,
                path or "",
                nama_periode(k),
                _label(StatusPeriode, status),
                _label(Rating, hasil),
                _label(Rating, perilaku),
                _label(Predikat, predikat),
                _label(CapaianOrganisasi, governing(unit_id, k)),
                _angka(tpp),
                _angka(ak) if predikat else "",
            ]


KOLOM_SKP = [
    "NIP",
    "Nama",
    "Jabatan",
    "Unit Kerja",
    "Periode Awal",
    "Periode Akhir",
    "Status Pegawai",
    "Status",
    "Jumlah RHK",
    "Jumlah Indikator",
    "Pejabat Penilai",
    "NIP Pejabat Penilai",
    "Dibuat",
    "Diajukan",
    "Disetujui",
]


def _jumlah(queryset) -> Coalesce:
    """How many rows a correlated queryset has, as a column of the SKP query."""
    counted = queryset.order_by().values("instansi_id").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def _tanggal_pindah(ke: str) -> Subquery:
    """The day (Jakarta) of the SKP's latest move to `ke`, as a column of the SKP query."""
    moves = SkpStatusChange.objects.filter(skp=OuterRef("pk"), ke=ke).order_by("-created_at", "-pk")
    return Subquery(moves.annotate(hari=TruncDate("created_at")).values("hari")[:1])


def laporan_skp(*, instansi_id: int | None, tahun: int | None = None, unit: UnitKerja | None = None):
    """The rows of Laporan SKP for one instansi (None: every instansi, for a superadmin), the SKPs of one year (those
    whose range touches it) or all, written in one unit and those below it or all, header first: one row per SKP, Plt
    SKPs included, with its status, how many RHK and indikator it has, its penilai (as on the SKP) and the days it
    was made, last submitted and, while approved, approved. One query (read in chunks by a server-side cursor)."""
    skps = Skp.objects.filter(in_unit(unit), **({"instansi_id": instansi_id} if instansi_id is not None else {}))
    if tahun:
        skps = skps.filter(
            periode_awal__lte=datetime.date(tahun, 12, 31), periode_akhir__gte=datetime.date(tahun, 1, 1)
        )
    rows = (
        skps.annotate(
            jumlah_rhk=_jumlah(Rhk.objects.filter(skp=OuterRef("pk"))),
            jumlah_indikator=_jumlah(Indikator.objects.filter(rhk__skp=OuterRef("pk"))),
            dibuat=TruncDate("created_at"),
            diajukan=_tanggal_pindah(StatusSkp.PENGAJUAN),
            disetujui=_tanggal_pindah(StatusSkp.PERSETUJUAN),
        )
        .order_by("pegawai__nama", "periode_awal", "pk")
        .values_list(
            "pegawai__nip",
            "pegawai_snapshot",
            "unit_kerja__path",
            "periode_awal",
            "periode_akhir",
            "plt_id",
            "status",
            "jumlah_rhk",
            "jumlah_indikator",
            "penilai_snapshot",
            "dibuat",
            "diajukan",
            "disetujui",
        )
    )
    yield KOLOM_SKP
    with tanpa_jit():
        for (
            nip,
            snap,
            path,
            awal,
            akhir,
            plt,
            status,
            rhk,
            indikator,
            penilai,
            dibuat,
            diajukan,
            disetujui,
        ) in rows.iterator(chunk_size=CHUNK):
            yield [
                nip or "",
                snap.get("nama", ""),
                snap.get("jabatan", ""),
                path or "",
                awal,
                akhir,
                "Plt" if plt else "Definitif",
                _label(StatusSkp, status),
                rhk,
                indikator,
                penilai.get("nama", ""),
                penilai.get("nip", ""),
                dibuat,
                diajukan or "",
                disetujui if status == StatusSkp.PERSETUJUAN else "",
            ]

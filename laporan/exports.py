"""Laporan Penilaian (issue 12): one row per pegawai per period, read in a fixed number of queries and streamed, so
an instansi of 20,000 pegawai exports in constant memory. Columns in Indonesian, the same for every format."""

import datetime
from collections.abc import Iterator
from decimal import Decimal

from accounts.models import UnitKerja
from laporan.angka_kredit import angka_kredit, jenjang_of
from laporan.models import KoefisienAngkaKredit, TarifTpp
from penilaian.models import CapaianUnit, PeriodePenilaian, StatusPeriode
from penilaian.periode import nama_kode
from penilaian.predikat import CapaianOrganisasi, Predikat, Rating

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
    return choices(value).label if value in choices.values else ""


def _angka(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}"


def laporan_penilaian(*, instansi_id: int | None, kode: str = "") -> Iterator[list[str]]:
    """The rows of Laporan Penilaian for one instansi (None: every instansi, for a superadmin), one period code or all,
    header first. Five queries whatever the size: the units, the capaian, the TPP tables, the koefisien, and the
    periods (read in chunks by a server-side cursor)."""
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

    periods = PeriodePenilaian.objects.filter(**scope)
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
    yield KOLOM_PENILAIAN
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
            nama_kode(k),
            _label(StatusPeriode, status),
            _label(Rating, hasil),
            _label(Rating, perilaku),
            _label(Predikat, predikat),
            _label(CapaianOrganisasi, governing(unit_id, k)),
            _angka(tpp),
            _angka(ak) if predikat else "",
        ]

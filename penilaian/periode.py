"""Penilaian periods as data (docs/rules.md §5.2–§5.4): the instansi's scheme gives a year's periods; an SKP
offers those that fall inside its range (clipped to it); each period's batas waktu is its end + 5 days unless the
instansi sets another. Pure functions: the models and services of the penilaian app build on them."""

import datetime
from dataclasses import dataclass

from django.db import models

BULAN = [
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
]  # fmt: skip
ROMAWI = ["I", "II", "III", "IV"]
DEFAULT_BATAS_HARI = 5


class Skema(models.TextChoices):
    """How an instansi divides the year; the Tahunan evaluation comes on top of every scheme."""

    BULANAN = "bulanan", "Bulanan (1 s.d. akhir bulan)"
    BULANAN_16 = "bulanan_16", "Bulanan (16 s.d. 15 bulan berikutnya)"
    TRIWULAN = "triwulan", "Triwulan"
    SEMESTER = "semester", "Semester"


DEFAULT_SKEMA = Skema.TRIWULAN


@dataclass(frozen=True)
class Periode:
    """One period of a year: `kode` is stable ("2026-TW1", "2026-B03", "2026-TAHUNAN") and names it in data."""

    kode: str
    nama: str
    mulai: datetime.date
    selesai: datetime.date

    @property
    def is_tahunan(self) -> bool:
        return self.kode.endswith("TAHUNAN")

    def batas_waktu_default(self) -> datetime.date:
        return self.selesai + datetime.timedelta(days=DEFAULT_BATAS_HARI)


def _akhir_bulan(year: int, month: int) -> datetime.date:
    first_next = datetime.date(year + month // 12, month % 12 + 1, 1)
    return first_next - datetime.timedelta(days=1)


def _tanggal(d: datetime.date) -> str:
    return f"{d.day} {BULAN[d.month - 1]}"


def periods_for_year(skema: str, year: int) -> list[Periode]:
    """The periods of `year` under `skema`, in order, followed by the Tahunan evaluation."""
    periods: list[Periode] = []
    if skema == Skema.BULANAN:
        for m in range(1, 13):
            periods.append(Periode(f"{year}-B{m:02d}", BULAN[m - 1], datetime.date(year, m, 1), _akhir_bulan(year, m)))
    elif skema == Skema.BULANAN_16:
        # The 2022 manual's cycle (docs/rules.md §5.2): 1–15 Januari, 16 Januari–15 Februari, …, 16–31 Desember.
        starts = [datetime.date(year, 1, 1)] + [datetime.date(year, m, 16) for m in range(1, 13)]
        ends = [datetime.date(year, m, 15) for m in range(1, 13)] + [datetime.date(year, 12, 31)]
        for n, (mulai, selesai) in enumerate(zip(starts, ends, strict=True)):
            periods.append(Periode(f"{year}-C{n:02d}", f"{_tanggal(mulai)} – {_tanggal(selesai)}", mulai, selesai))
    elif skema == Skema.TRIWULAN:
        for q in range(4):
            mulai = datetime.date(year, 3 * q + 1, 1)
            periods.append(Periode(f"{year}-TW{q + 1}", f"Triwulan {ROMAWI[q]}", mulai, _akhir_bulan(year, 3 * q + 3)))
    elif skema == Skema.SEMESTER:
        for h in range(2):
            mulai = datetime.date(year, 6 * h + 1, 1)
            periods.append(Periode(f"{year}-S{h + 1}", f"Semester {ROMAWI[h]}", mulai, _akhir_bulan(year, 6 * h + 6)))
    else:
        raise ValueError(f"skema tidak dikenal: {skema}")
    periods.append(Periode(f"{year}-TAHUNAN", "Tahunan", datetime.date(year, 1, 1), datetime.date(year, 12, 31)))
    return periods


def nama_kode(kode: str) -> str:
    """A period's code in words, as users say it: "2026-TW4" → "Triwulan IV 2026", "2026-B03" → "Maret 2026". A
    code of no known scheme is returned as it is."""
    year = kode.partition("-")[0]
    if not year.isdigit():
        return kode
    for skema in Skema.values:
        for periode in periods_for_year(skema, int(year)):
            if periode.kode == kode:
                return f"{periode.nama} {year}"
    return kode


def periods_within(skema: str, awal: datetime.date, akhir: datetime.date) -> list[Periode]:
    """The periods an SKP from `awal` to `akhir` (one year) can add, clipped to the SKP's range: an SKP
    that starts in February has a Triwulan I from its first day, not from 1 January."""
    chosen = []
    for p in periods_for_year(skema, awal.year):
        if p.selesai < awal or p.mulai > akhir:
            continue
        chosen.append(Periode(p.kode, p.nama, max(p.mulai, awal), min(p.selesai, akhir)))
    return chosen


def batas_waktu(periode: Periode, overrides: dict[str, datetime.date] | None = None) -> datetime.date:
    """The deadline of the pegawai's entries: the instansi's override for this period, or end + 5 days."""
    if overrides and periode.kode in overrides:
        return overrides[periode.kode]
    return periode.batas_waktu_default()

"""Reads of the payroll API (docs/rules.md §16.4): one page of the predikat feed of an instansi, in the order
(updated_at, id) from a position on, in a fixed number of queries; the instansi's units and its periods.

A row is what Laporan Penilaian shows for a pegawai's period (docs/rules.md §14.3): the ratings, the predikat, the
governing capaian organisasi, the instansi's TPP percentage and the angka kredit, computed with laporan's functions."""

import datetime
import functools
from dataclasses import dataclass

from django.db.models import Count, F, Max, Q
from django.utils import timezone

from accounts.models import UNIT_SEPARATOR, UnitKerja
from api.models import PredikatChange
from laporan.angka_kredit import angka_kredit, jenjang_of
from laporan.exports import bulan_of
from laporan.models import KoefisienAngkaKredit, TarifTpp
from penilaian.models import CapaianUnit, PeriodePenilaian
from penilaian.periode import nama_kode

# A period code in words is the same for every row and every call: worked out once per code, not once per row.
periode_nama = functools.lru_cache(maxsize=1024)(nama_kode)


@dataclass(frozen=True)
class Filters:
    """What a reader asked for; None is "any"."""

    periode: str | None = None
    unit_kerja: int | None = None
    updated_since: datetime.datetime | None = None

    def as_dict(self) -> dict:
        since = self.updated_since.isoformat() if self.updated_since else None
        return {"periode": self.periode, "unit_kerja": self.unit_kerja, "updated_since": since}

    @classmethod
    def from_dict(cls, data: dict) -> "Filters":
        since = data.get("updated_since")
        return cls(
            periode=data.get("periode"),
            unit_kerja=data.get("unit_kerja"),
            updated_since=datetime.datetime.fromisoformat(since) if since else None,
        )


def unit_path(*, instansi_id: int, unit_kerja_id: int) -> str | None:
    """The path of a unit of this instansi, or None: another instansi's unit is as unknown as a missing one."""
    return UnitKerja.objects.filter(pk=unit_kerja_id, instansi_id=instansi_id).values_list("path", flat=True).first()


def predikat_page(
    *,
    instansi_id: int,
    filters: Filters,
    path: str | None,
    after: tuple[datetime.datetime, int] | None,
    limit: int,
) -> tuple[list[dict], bool]:
    """Up to `limit` rows of the instansi's feed after the position `after`, and whether more follow. Four queries
    whatever the page size: the rows, the capaian that govern them, the TPP table and the koefisien."""
    periods = (
        PeriodePenilaian.objects.filter(instansi_id=instansi_id, api_change__instansi_id=instansi_id)
        .with_governing_unit()
        .order_by("api_change__updated_at", "api_change__periode_id")
    )
    if filters.periode:
        periods = periods.filter(api_change__kode=filters.periode)
    if path is not None:
        periods = periods.filter(
            Q(skp__unit_kerja__path=path) | Q(skp__unit_kerja__path__startswith=path + UNIT_SEPARATOR),
            skp__unit_kerja__instansi_id=instansi_id,
        )
    if filters.updated_since:
        periods = periods.filter(api_change__updated_at__gte=filters.updated_since)
    if after is not None:
        updated_at, periode_id = after
        # The first condition lets PostgreSQL start the index scan at the position; the second skips the ties.
        periods = periods.filter(
            Q(api_change__updated_at__gt=updated_at)
            | Q(api_change__updated_at=updated_at, api_change__periode_id__gt=periode_id),
            api_change__updated_at__gte=updated_at,
        )
    rows = list(
        periods.values(
            "pk",
            "kode",
            "mulai",
            "selesai",
            "status",
            "rating_hasil_kerja",
            "rating_perilaku",
            "predikat",
            "governing_unit_id",
            updated_at=F("api_change__updated_at"),
            nip=F("skp__pegawai__nip"),
            snapshot=F("skp__pegawai_snapshot"),
            unit_id=F("skp__unit_kerja_id"),
            unit_nama=F("skp__unit_kerja__nama"),
            unit_path=F("skp__unit_kerja__path"),
        )[: limit + 1]
    )
    more = len(rows) > limit
    rows = rows[:limit]
    if not rows:
        return [], False
    capaian = {
        (unit_id, kode): value
        for unit_id, kode, value in CapaianUnit.objects.filter(
            unit_kerja_id__in={r["governing_unit_id"] for r in rows if r["governing_unit_id"]},
            kode__in={r["kode"] for r in rows},
        ).values_list("unit_kerja_id", "kode", "capaian")
    }
    tarif = TarifTpp.objects.filter(instansi_id=instansi_id).first()
    koefisien = dict(KoefisienAngkaKredit.objects.values_list("jenjang", "koefisien"))
    for row in rows:
        predikat, jabatan = row["predikat"], row["snapshot"].get("jabatan", "")
        jenjang = jenjang_of(jabatan)
        row["nama"], row["jabatan"] = row["snapshot"].get("nama", ""), jabatan
        row["capaian"] = capaian.get((row["governing_unit_id"], row["kode"]), "")
        row["tpp"] = tarif.persen(predikat) if tarif is not None else None
        row["angka_kredit"] = (
            angka_kredit(predikat, koefisien[jenjang], bulan_of(row["mulai"], row["selesai"]))
            if predikat and jenjang in koefisien
            else None
        )
        row["periode_nama"] = periode_nama(row["kode"])
    return rows, more


def unit_list(*, instansi_id: int) -> list[dict]:
    """Every unit of the instansi, from the root down: what a reader chooses a unit filter from. One query."""
    return list(
        UnitKerja.objects.filter(instansi_id=instansi_id)
        .order_by("path")
        .values("id", "nama", "path", "parent_id", "depth")
    )


def periode_list(*, instansi_id: int) -> list[dict]:
    """The period codes the instansi's feed holds, with how many rows and when one last changed. One GROUP BY over
    the feed's index."""
    rows = (
        PredikatChange.objects.filter(instansi_id=instansi_id)
        .order_by("kode")
        .values("kode")
        .annotate(jumlah=Count("*"), updated_at=Max("updated_at"))
    )
    return [
        {**row, "nama": periode_nama(row["kode"]), "updated_at": timezone.localtime(row["updated_at"])} for row in rows
    ]

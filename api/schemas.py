"""What the payroll API accepts and answers, as pydantic schemas: django-ninja validates the query with them and
writes the OpenAPI description from them, so the description is the code."""

import datetime
import re
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import BaseModel, BeforeValidator

from penilaian.models import StatusPeriode
from penilaian.predikat import CapaianOrganisasi, Predikat, Rating

KODE_PATTERN = r"^\d{4}-[A-Z0-9]{1,10}$"  # as laporan.views.KODE: "2026-TW1", "2026-B03", "2026-TAHUNAN"
BIGINT = 2**63 - 1
LIMIT_DEFAULT, LIMIT_MAX = 100, 200
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([Zz]|[+-]\d{2}:\d{2})$")


def _rfc3339(value):
    """Only what the description promises (an RFC 3339 date-time, with its offset): pydantic alone would also take a
    number of seconds or a date without time, which the description does not allow."""
    if not isinstance(value, str) or not RFC3339.match(value):
        raise ValueError("pakai waktu ISO 8601 lengkap dengan zona waktu, misalnya 2026-11-01T00:00:00+07:00")
    return value


DateTime = Annotated[datetime.datetime, BeforeValidator(_rfc3339)]


class PredikatQuery(Schema):
    periode: str | None = Field(
        None, pattern=KODE_PATTERN, description="Kode periode, misalnya 2026-TW1, 2026-B03 atau 2026-TAHUNAN."
    )
    unit_kerja: int | None = Field(
        None, ge=1, le=BIGINT, description="Id unit kerja (lihat /unit-kerja): unit itu dan semua unit di bawahnya."
    )
    updated_since: DateTime | None = Field(
        None,
        description="Hanya baris yang berubah pada atau sesudah waktu ini, dengan zona waktu: "
        "2026-11-01T00:00:00+07:00.",
    )
    cursor: str | None = Field(
        None,
        min_length=1,
        max_length=500,
        description="next_cursor dari halaman sebelumnya. Filter ikut di dalamnya: boleh diulang, tidak boleh diganti.",
    )
    limit: int = Field(LIMIT_DEFAULT, ge=1, le=LIMIT_MAX, description="Baris per halaman.")


# The answers are plain pydantic models: ninja's Schema reads every field through a Django-aware wrapper, which
# cost ~40 ms for a page of 100 rows; these are validated by pydantic-core alone, from the dicts api.v1 builds.


class RatingOut(BaseModel):
    kode: Literal[tuple(Rating.values)]
    nama: str


class PredikatOut(BaseModel):
    kode: Literal[tuple(Predikat.values)]
    nama: str


class CapaianOut(BaseModel):
    kode: Literal[tuple(CapaianOrganisasi.values)]
    nama: str


class UnitRef(BaseModel):
    id: int
    nama: str
    path: str = Field(description="Nama unit dari akar instansi ke bawah, dipisah “ > ”.")


class PeriodeRef(BaseModel):
    kode: str
    nama: str = Field(description="Periode dalam kata, misalnya “Triwulan I 2026”.")
    mulai: datetime.date
    selesai: datetime.date
    status: Literal[tuple(StatusPeriode.values)] = Field(
        description="ditetapkan: penilaian final (Tetapkan); terbuka: belum."
    )


class PredikatRow(BaseModel):
    id: int = Field(description="Id penilaian periode ini: tetap, kunci untuk menyimpan ulang baris yang berubah.")
    nip: str | None
    nama: str
    jabatan: str
    unit_kerja: UnitRef | None
    periode: PeriodeRef
    rating_hasil_kerja: RatingOut | None
    rating_perilaku_kerja: RatingOut | None
    predikat_kinerja: PredikatOut | None
    capaian_organisasi: CapaianOut | None
    persentase_tpp: str | None = Field(
        description="Persentase TPP instansi untuk predikat ini, desimal sebagai teks (“100.00”); null bila tabel "
        "TPP belum diatur atau belum ada predikat."
    )
    angka_kredit: str | None = Field(
        description="Angka kredit periode ini bagi Jabatan Fungsional, desimal sebagai teks (“3.125”); null bila "
        "bukan JF atau belum ada predikat."
    )
    updated_at: datetime.datetime = Field(description="Kapan isi baris ini terakhir berubah.")


class PredikatPage(BaseModel):
    items: list[PredikatRow]
    next_cursor: str | None = Field(description="Kirim sebagai ?cursor= untuk halaman berikutnya; null: habis.")


class PeriodeItem(BaseModel):
    kode: str
    nama: str
    jumlah: int = Field(description="Banyaknya baris predikat dengan periode ini.")
    updated_at: datetime.datetime = Field(description="Perubahan terakhir di periode ini.")


class UnitItem(BaseModel):
    id: int
    nama: str
    path: str
    parent_id: int | None
    depth: int


class ErrorItem(BaseModel):
    loc: list[str | int]
    msg: str


class Error(BaseModel):
    detail: str
    errors: list[ErrorItem] | None = None


ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 422: Error, 429: Error}

"""What the pegawai import reads and reports: the columns, the limits, a row, a problem on a line, the counts."""

import csv
import re
from dataclasses import dataclass, field

from accounts.models import Instansi, JenisJabatan, UnitKerja, User

REQUIRED_COLUMNS = ("nip", "nama", "status_kepegawaian", "jabatan", "jenis_jabatan", "unit_kerja")
OPTIONAL_COLUMNS = ("gelar_depan", "gelar_belakang", "pangkat", "golongan", "nip_atasan", "email")
# Columns copied as they are onto the pegawai (the rest are resolved to rows: unit, instansi, atasan).
PLAIN_FIELDS = (
    "nama",
    "gelar_depan",
    "gelar_belakang",
    "status_kepegawaian",
    "pangkat",
    "golongan",
    "jabatan",
    "jenis_jabatan",
    "email",
)
GOLONGAN_PNS = re.compile(r"^(I/[a-d]|II/[a-d]|III/[a-d]|IV/[a-e])$")
GOLONGAN_PPPK = {
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX",
    "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
}  # fmt: skip
JENIS_BY_LOWER = {choice.value.lower(): choice.value for choice in JenisJabatan}
# Free-text columns; the coded ones (status, jenis, golongan) are checked against their own lists.
MAX_LENGTH = {
    name: User._meta.get_field(name).max_length
    for name in ("nama", "gelar_depan", "gelar_belakang", "pangkat", "jabatan", "email")
}
UNIT_NAME_MAX = min(UnitKerja._meta.get_field("nama").max_length, Instansi._meta.get_field("nama").max_length)
BATCH = 2000
# Let an absurdly long value reach our own length check (which names the column) rather than fail
# inside the csv module with "field larger than field limit".
csv.field_size_limit(max(csv.field_size_limit(), 16 * 1024 * 1024))


@dataclass(frozen=True)
class RowError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"Baris {self.line}: {self.message}" if self.line else self.message


class ImportRejected(Exception):
    """The file was refused; nothing was written. `errors` lists every problem found."""

    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} masalah")
        self.errors = sorted(errors, key=lambda e: e.line)


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    instansi_created: list[str] = field(default_factory=list)
    units_created: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class _Row:
    line: int
    nip: str
    values: dict[str, str]  # the PLAIN_FIELDS present in the header
    unit_path: str
    instansi_nama: str
    nip_atasan: str | None  # None when empty or absent; absent means "keep", see `columns`

"""The NIP (Nomor Induk Pegawai): 18 digits that encode birth date, TMT, gender and a sequence number.

Layout: YYYYMMDD (birth) + YYYYMM (TMT CPNS; for a PPPK the "month" is the code 21) + gender (1/2) + NNN.
"""

import datetime
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError

PPPK_MONTH_CODE = 21
MIN_AGE_AT_TMT = 15


@dataclass(frozen=True)
class Nip:
    """The parts of a valid NIP."""

    birth_date: datetime.date
    tmt_year: int
    tmt_month: int  # 1-12, or 21 for PPPK
    gender: int  # 1 laki-laki, 2 perempuan
    sequence: int

    @property
    def is_pppk(self) -> bool:
        return self.tmt_month == PPPK_MONTH_CODE


def parse_nip(value: str) -> Nip:
    """Return the parts of `value`, or raise ValidationError naming the part that is wrong.

    The messages never repeat the NIP itself: it is personal data and error texts end up in logs.
    """
    if not isinstance(value, str) or len(value) != 18 or not value.isascii() or not value.isdigit():
        raise ValidationError("NIP harus terdiri dari tepat 18 angka.", code="nip_shape")
    try:
        birth = datetime.date(int(value[0:4]), int(value[4:6]), int(value[6:8]))
    except ValueError:
        raise ValidationError(
            "NIP tidak valid: 8 angka pertama harus tanggal lahir yang benar (TTTTBBHH).",
            code="nip_birth_date",
        ) from None
    today = datetime.date.today()
    if birth.year < 1940 or birth > today:
        raise ValidationError(
            "NIP tidak valid: tanggal lahir (8 angka pertama) di luar rentang yang mungkin.",
            code="nip_birth_date",
        )
    tmt_year, tmt_month = int(value[8:12]), int(value[12:14])
    if not (1 <= tmt_month <= 12 or tmt_month == PPPK_MONTH_CODE):
        raise ValidationError(
            "NIP tidak valid: bulan TMT (angka ke-13 dan 14) harus 01–12, atau 21 untuk PPPK.",
            code="nip_tmt",
        )
    if tmt_year < birth.year + MIN_AGE_AT_TMT or tmt_year > today.year + 1:
        raise ValidationError(
            "NIP tidak valid: tahun TMT (angka ke-9 sampai 12) tidak sesuai dengan tanggal lahir.",
            code="nip_tmt",
        )
    gender = int(value[14])
    if gender not in (1, 2):
        raise ValidationError("NIP tidak valid: angka ke-15 (jenis kelamin) harus 1 atau 2.", code="nip_gender")
    sequence = int(value[15:18])
    if sequence == 0:
        raise ValidationError("NIP tidak valid: nomor urut (3 angka terakhir) tidak boleh 000.", code="nip_sequence")
    return Nip(birth, tmt_year, tmt_month, gender, sequence)


def validate_nip(value: str) -> None:
    """Field validator: the shape and dates of a NIP."""
    parse_nip(value)


def check_nip_matches_status(nip: str, status_kepegawaian: str) -> None:
    """A PPPK's NIP carries month code 21 in the TMT; a PNS's never does."""
    parsed = parse_nip(nip)
    if status_kepegawaian == "PPPK" and not parsed.is_pppk:
        raise ValidationError("NIP PPPK harus berkode 21 pada bulan TMT (angka ke-13 dan 14).", code="nip_status")
    if status_kepegawaian == "PNS" and parsed.is_pppk:
        raise ValidationError("NIP berkode 21 pada bulan TMT adalah NIP PPPK, bukan PNS.", code="nip_status")


NAMA_LOGIN = re.compile(r"^[a-z][a-z0-9._-]{2,39}$")


def validate_nama_login(value: str) -> None:
    """Field validator: a pejabat non-ASN's nama pengguna. It starts with a letter, so it can never be taken for
    a NIP at Masuk, and holds no spaces or capitals, so it is typed the same on a phone as on paper."""
    if not NAMA_LOGIN.match(value or ""):
        raise ValidationError(
            "Nama pengguna 3–40 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung, diawali huruf "
            "(misalnya bupati.sukamaju).",
            code="nama_login",
        )

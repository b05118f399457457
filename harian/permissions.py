"""Who may do what in progres harian: pure functions of the user, the SKP (or what hangs on it) and the facts the
caller looked up (the instansi's settings). Services enforce them; templates use them only to show forms and buttons.

The pegawai writes their own targets and entries; the atasan who ticks kesesuaian, scores kualitas and kreativitas
and approves the month is the SKP's penilai: the same rule as penilaian's "who rates whom"
(`penilaian.permissions.is_penilai`, applied to the SKP, whose penilai every period snapshots). Rules:
docs/rules.md §15."""

from penilaian.permissions import is_penilai
from skp.models import StatusSkp

NONAKTIF = "Progres harian belum diaktifkan untuk instansi Anda. Admin instansi dapat mengaktifkannya."


def is_owner(user, skp) -> bool:
    return skp.pegawai_id == user.pk


def is_atasan(user, skp) -> bool:
    """The atasan of this SKP's harian: its penilai (penilaian's rule; an SKP has the same fields it reads)."""
    return is_penilai(user, skp)


def _approved_refusal(skp) -> str | None:
    if skp.status != StatusSkp.PERSETUJUAN:
        return (
            "Progres harian dan target bulanan hanya untuk SKP yang sudah disetujui (Persetujuan). SKP ini sedang "
            "dibuka kembali atau belum disetujui."
        )
    return None


def isi_refusal(user, skp, *, aktif: bool) -> str | None:
    """Target bulanan and progres harian: the SKP's owner, on an approved SKP, in an instansi that has the feature on
    (docs/rules.md §15.1, §15.4)."""
    if not is_owner(user, skp):
        return "Hanya pegawai pemilik SKP yang mengisi target bulanan dan progres harian."
    if not aktif:
        return NONAKTIF
    return _approved_refusal(skp)


def can_isi(user, skp, *, aktif: bool) -> bool:
    return isi_refusal(user, skp, aktif=aktif) is None


def periksa_refusal(user, skp, *, aktif: bool) -> str | None:
    """Kesesuaian, kualitas, the month's approval and kreativitas: the SKP's penilai, on an approved SKP
    (docs/rules.md §15.6–§15.9)."""
    if not is_atasan(user, skp):
        return "Hanya atasan (pejabat penilai SKP ini) yang memeriksa, menilai, dan menyetujui progres bawahan."
    if not aktif:
        return NONAKTIF
    return _approved_refusal(skp)


def can_periksa(user, skp, *, aktif: bool) -> bool:
    return periksa_refusal(user, skp, aktif=aktif) is None

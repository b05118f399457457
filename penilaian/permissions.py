"""Who may do what in a penilaian period: pure functions of the user, the period (with its SKP) and the facts
the caller looked up (today, the batas waktu, whether the user heads a unit's atasan). Services enforce them;
templates use them only to decide which forms and buttons to show.

A `*_refusal` function returns the message that tells the user why not, or None when allowed; the matching
`can_*` is its yes/no. Rules: docs/rules.md §5 to §9."""

import datetime

from accounts.permissions import is_admin_of_instansi
from penilaian.models import StatusPeriode
from skp.models import StatusSkp


def is_owner(user, periode) -> bool:
    return periode.skp.pegawai_id == user.pk


def is_penilai(user, periode) -> bool:
    return periode.penilai_id is not None and periode.penilai_id == user.pk


def is_admin_of(user, periode) -> bool:
    return is_admin_of_instansi(user, periode.instansi_id)


def fill_refusal(user, periode, *, batas_waktu: datetime.date, today: datetime.date) -> str | None:
    """Rencana aksi, realisasi and bukti dukung: the owner, on an approved SKP, before Tetapkan and the
    batas waktu (the admin's unlock is already in `batas_waktu`)."""
    if not is_owner(user, periode):
        return "Hanya pegawai pemilik SKP yang mengisi rencana aksi, realisasi, dan bukti dukung."
    if periode.skp.status != StatusSkp.PERSETUJUAN:
        return "SKP sedang dibuka kembali untuk revisi: isian penilaian menunggu sampai SKP disetujui lagi."
    if periode.status == StatusPeriode.DITETAPKAN:
        return "Penilaian periode ini sudah ditetapkan oleh pejabat penilai: isian terkunci."
    if today > batas_waktu:
        return (
            f"Batas waktu pengisian periode ini sudah lewat ({batas_waktu:%d-%m-%Y}). Isian hanya bisa dibaca; "
            "admin instansi dapat membukanya kembali untuk Anda."
        )
    return None


def can_fill(user, periode, *, batas_waktu: datetime.date, today: datetime.date) -> bool:
    return fill_refusal(user, periode, batas_waktu=batas_waktu, today=today) is None


def assess_refusal(user, periode) -> str | None:
    """Umpan balik, ratings and Tetapkan: the period's penilai, until Tetapkan."""
    if not is_penilai(user, periode):
        return "Hanya pejabat penilai periode ini yang dapat memberi umpan balik dan menilai."
    if periode.status == StatusPeriode.DITETAPKAN:
        return "Penilaian periode ini sudah ditetapkan; buka kembali terlebih dahulu bila perlu diubah."
    return None


def can_assess(user, periode) -> bool:
    return assess_refusal(user, periode) is None


def reopen_refusal(user, periode) -> str | None:
    """Buka kembali a finalised period: its penilai or the admin of its instansi, with a recorded reason."""
    if not (is_penilai(user, periode) or is_admin_of(user, periode)):
        return "Hanya pejabat penilai atau admin instansi yang dapat membuka kembali penilaian."
    if periode.status != StatusPeriode.DITETAPKAN:
        return "Penilaian periode ini belum ditetapkan."
    return None


def can_reopen(user, periode) -> bool:
    return reopen_refusal(user, periode) is None


def periode_delete_refusal(user, periode, *, written: bool) -> str | None:
    """Hapus a period: its owner, while it is open and nobody has written in it (docs/rules.md §5.9)."""
    if not is_owner(user, periode):
        return "Hanya pegawai pemilik SKP yang dapat menghapus periode penilaian."
    if periode.status != StatusPeriode.TERBUKA or written:
        return (
            "Periode ini sudah berisi rencana aksi, umpan balik, rating atau dokumen cetak, sehingga tidak dapat "
            "dihapus."
        )
    return None


def can_unlock(user, periode) -> bool:
    """Open the batas waktu of one pegawai's period again: the admin of its instansi."""
    return is_admin_of(user, periode)


def heads_unit(unit_kerja_id: int | None, atasan) -> bool:
    """Whether a pegawai with this atasan (a User, or None) heads the unit: they have no atasan, or one who works
    outside the unit. Their Rating Hasil Kerja then follows the unit's capaian (docs/rules.md §7.9)."""
    return unit_kerja_id is not None and (atasan is None or atasan.unit_kerja_id != unit_kerja_id)


def can_set_capaian(user, unit, *, is_atasan_of_head: bool) -> bool:
    """Capaian Kinerja Organisasi of a unit: the atasan of the unit's head, or the admin of its instansi."""
    return is_atasan_of_head or is_admin_of_instansi(user, unit.instansi_id)


def can_see_kurva(*, can_set_capaian: bool, assesses_someone: bool) -> bool:
    """Lihat Kurva of a unit for a period: whoever may set its capaian (the atasan of its head, the admin instansi)
    and a penilai who assesses someone counted in its distribution (docs/rules.md §8.9)."""
    return can_set_capaian or assesses_someone


def feedback_rekan_refusal(user, skp) -> str | None:
    """Feedback rekan kerja: a colleague of the same instansi, on someone else's approved SKP."""
    if skp.instansi_id != user.instansi_id or user.is_pejabat_non_asn:
        return "Feedback hanya untuk rekan kerja di instansi yang sama."
    if skp.pegawai_id == user.pk:
        return "Feedback rekan kerja tidak dapat diberikan untuk diri sendiri."
    if skp.status != StatusSkp.PERSETUJUAN:
        return "Feedback hanya dapat diberikan pada SKP yang sudah disetujui."
    return None

"""Who may do what to an SKP: pure functions of (user, skp). Services enforce them; templates use them
only to decide which buttons to show."""

from accounts.permissions import is_admin_of_instansi
from skp.models import EDITABLE_STATUSES, StatusSkp


def is_owner(user, skp) -> bool:
    return skp.pegawai_id == user.pk


def is_penilai(user, skp) -> bool:
    return skp.penilai_id is not None and skp.penilai_id == user.pk


def is_admin_of(user, skp) -> bool:
    return is_admin_of_instansi(user, skp.instansi_id)


def is_mph_reader(user, skp) -> bool:
    """Sees the SKP only as an accepted row of their own Matriks Peran Hasil (SkpQuerySet.visible_to(via_mph=True)):
    Detail SKP read-only, without Cetak or Penilaian, which are outside their scope (docs/rules.md §4.6)."""
    return not (user.is_superuser or is_owner(user, skp) or is_penilai(user, skp) or is_admin_of(user, skp))


def can_edit(user, skp) -> bool:
    """Change the plan itself: RHK, indikator, lampiran, periode. Only the owner, only Draft or Revisi."""
    return is_owner(user, skp) and skp.status in EDITABLE_STATUSES


def can_delete(user, skp) -> bool:
    return is_owner(user, skp) and skp.status == StatusSkp.DRAFT


def can_submit(user, skp) -> bool:
    return can_edit(user, skp)


def can_review(user, skp) -> bool:
    """Persetujuan or Kembalikan: the penilai, while the SKP waits in Pengajuan."""
    return is_penilai(user, skp) and skp.status == StatusSkp.PENGAJUAN


def can_reopen(user, skp) -> bool:
    """Buka kembali an approved SKP: the penilai, while no penilaian period of it is finalised."""
    return is_penilai(user, skp) and skp.status == StatusSkp.PERSETUJUAN and not skp.penilaian_final


def can_set_ekspektasi(user, skp) -> bool:
    """The penilai writes Ekspektasi Khusus Pimpinan while reviewing, before approval."""
    return is_penilai(user, skp) and skp.status in (StatusSkp.PENGAJUAN, StatusSkp.REVISI)


def can_use_mph(user, skp, *, is_penilai: bool) -> bool:
    """The Matriks Peran Hasil of an SKP belongs to its owner, when they are a penilai (have bawahan):
    it lets them write RHK into team members' Draft SKPs, which a peer must not do (docs/rules.md §4.1)."""
    return is_owner(user, skp) and is_penilai


def can_respond_mph(user, row) -> bool:
    """Accept or decline being added to someone's Matriks Peran Hasil: the owner of the row's SKP."""
    return row.skp.pegawai_id == user.pk

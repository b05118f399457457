"""The SKP workflow of docs/rules.md §3.2 as one table: Ajukan SKP by the owner; Persetujuan, Kembalikan and Buka
kembali by the penilai. Every move is a SkpStatusChange (the Riwayat)."""

from django.db import transaction

from accounts.models import User
from core.forms import too_long
from skp import permissions
from skp.models import JenisLampiran, JenisRhk, ModelSkp, Skp, SkpStatusChange, StatusSkp
from skp.services.base import SkpError, check_version, lock_skp, require_editable

# The workflow of docs/rules.md §3.2: (from, to) -> who may make the move.
OWNER, PENILAI = "pegawai", "penilai"
TRANSITIONS = {
    (StatusSkp.DRAFT, StatusSkp.PENGAJUAN): OWNER,
    (StatusSkp.REVISI, StatusSkp.PENGAJUAN): OWNER,
    (StatusSkp.PENGAJUAN, StatusSkp.PERSETUJUAN): PENILAI,
    (StatusSkp.PENGAJUAN, StatusSkp.REVISI): PENILAI,
    (StatusSkp.PERSETUJUAN, StatusSkp.REVISI): PENILAI,
}
NOTE_REQUIRED = {(StatusSkp.PENGAJUAN, StatusSkp.REVISI), (StatusSkp.PERSETUJUAN, StatusSkp.REVISI)}


def transition_actor(dari: str, ke: str) -> str | None:
    """Who may move an SKP from `dari` to `ke`, or None when the move is not in the workflow."""
    return TRANSITIONS.get((dari, ke))


def missing_for_submission(skp: Skp) -> list[str]:
    """What must still be filled before Ajukan SKP, in the user's words. Empty means ready."""
    problems = []
    if skp.penilai_id is None:
        problems.append("Pejabat penilai belum ditetapkan: minta admin instansi mengatur atasan Anda, lalu Muat ulang.")
    rhk_list = list(skp.rhk_list.prefetch_related("indikator_list"))
    if not any(r.jenis == JenisRhk.UTAMA for r in rhk_list):
        problems.append("Belum ada RHK Utama.")
    for rhk in rhk_list:
        label = f"RHK “{rhk.teks[:60]}”"
        indikator = list(rhk.indikator_list.all())
        if not indikator:
            problems.append(f"{label} belum memiliki indikator.")
        if skp.model == ModelSkp.PEGAWAI and rhk.rhk_atasan_id is None:
            problems.append(f"{label} belum memilih RHK Atasan yang Diintervensi.")
        if skp.is_kuantitatif:
            for ind in indikator:
                if ind.target_angka is None:
                    problems.append(f"Indikator “{ind.teks[:60]}” belum memiliki target.")
                if skp.is_pimpinan_model and not ind.perspektif:
                    problems.append(f"Indikator “{ind.teks[:60]}” belum memilih perspektif.")
                if skp.model == ModelSkp.PEGAWAI and not ind.aspek:
                    problems.append(f"Indikator “{ind.teks[:60]}” belum memilih aspek.")
    filled = set(skp.lampiran_list.values_list("jenis", flat=True))
    for jenis in JenisLampiran:
        if jenis.value not in filled:
            problems.append(f"Lampiran {jenis.label} belum diisi.")
    return problems


def _transition(skp: Skp, *, actor: User, to: str, catatan: str = "") -> Skp:
    move = (skp.status, to)
    who = TRANSITIONS.get(move)
    if who is None:
        raise SkpError(f"SKP berstatus {skp.get_status_display()} tidak dapat diubah menjadi {StatusSkp(to).label}.")
    if who == OWNER and not permissions.is_owner(actor, skp):
        raise SkpError("Hanya pemilik SKP yang dapat mengajukannya.")
    if who == PENILAI and not permissions.is_penilai(actor, skp):
        raise SkpError("Hanya pejabat penilai SKP ini yang dapat mengubah statusnya.")
    if move in NOTE_REQUIRED and not catatan.strip():
        raise SkpError("Tuliskan catatan untuk pegawai: apa yang perlu diperbaiki.")
    if refusal := too_long(catatan, label="Catatan untuk pegawai"):
        raise SkpError(refusal)
    SkpStatusChange.objects.create(skp=skp, actor=actor, dari=skp.status, ke=to, catatan=catatan.strip())
    skp.status = to
    skp.version += 1
    skp.save(update_fields=["status", "version", "updated_at"])
    return skp


@transaction.atomic
def skp_submit(*, actor: User, skp_id: int, version: int | None = None) -> Skp:
    """Ajukan SKP: refused with the list of what is missing."""
    skp = lock_skp(skp_id)
    if skp.status == StatusSkp.PENGAJUAN and permissions.is_owner(actor, skp):
        return skp  # a double click: the first one already submitted it
    require_editable(actor, skp)
    check_version(skp, version)
    missing = missing_for_submission(skp)
    if missing:
        raise SkpError("SKP belum dapat diajukan:\n" + "\n".join(f"• {m}" for m in missing))
    return _transition(skp, actor=actor, to=StatusSkp.PENGAJUAN)


@transaction.atomic
def skp_set_status(*, actor: User, skp_id: int, version: int | None, status: str, catatan: str = "") -> Skp:
    """Edit Status by the penilai: Persetujuan, Kembalikan (to Revisi), or Buka kembali (Persetujuan → Revisi)."""
    skp = lock_skp(skp_id)
    if skp.status == status:
        return skp  # a repeated submit of the same decision
    who = transition_actor(skp.status, status)
    if who is None:
        raise SkpError(
            f"SKP berstatus {skp.get_status_display()} tidak dapat diubah menjadi {StatusSkp(status).label}."
        )
    if who != PENILAI:
        raise SkpError("Edit Status hanya untuk keputusan pejabat penilai; pegawai mengajukan SKP dengan Ajukan SKP.")
    check_version(skp, version)
    if skp.status == StatusSkp.PERSETUJUAN and status == StatusSkp.REVISI and skp.penilaian_final:
        raise SkpError("SKP tidak dapat dibuka kembali: sudah ada periode penilaian yang ditetapkan.")
    return _transition(skp, actor=actor, to=status, catatan=catatan)

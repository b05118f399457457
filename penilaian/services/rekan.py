"""Feedback rekan kerja: behaviour feedback from a colleague of the same instansi on an approved SKP."""

from django.db import transaction

from accounts.models import User
from penilaian import permissions
from penilaian.models import FeedbackRekan, Polaritas
from penilaian.services.base import PenilaianError, require
from skp.models import Skp, StatusSkp


def feedback_rekan_candidates(*, actor: User, nip: str | None = None, skp_id: int | None = None):
    """The approved SKPs of a colleague of the actor's instansi, found by NIP, or by one of them already picked
    (the form is shown again when the feedback was refused)."""
    skps = Skp.objects.filter(instansi_id=actor.instansi_id, status=StatusSkp.PERSETUJUAN).exclude(pegawai=actor)
    if nip is not None:
        return skps.filter(pegawai__nip=nip)
    return skps.filter(pegawai__in=Skp.objects.filter(pk=skp_id or 0).values("pegawai"))


@transaction.atomic
def feedback_rekan_create(*, actor: User, skp_id: int, teks: str, polaritas: str) -> FeedbackRekan:
    skp = Skp.objects.get(pk=skp_id)
    require(permissions.feedback_rekan_refusal(actor, skp))
    if polaritas not in Polaritas.values or not teks.strip():
        raise PenilaianError("Tuliskan umpan balik dan pilih 👍 atau 👎.")
    return FeedbackRekan.objects.create(
        instansi_id=skp.instansi_id, skp=skp, pemberi=actor, teks=teks.strip(), polaritas=polaritas
    )

"""Feedback rekan kerja: behaviour feedback from a colleague of the same instansi on an approved SKP."""

import uuid

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
def feedback_rekan_create(
    *, actor: User, skp_id: int, teks: str, polaritas: str, client_token: uuid.UUID | None = None
) -> FeedbackRekan:
    """Kirim feedback. Idempotent: the same form sent twice (its client_token), or the same text sent again to the
    same SKP (Back, then Kirim), gives the feedback already made (docs/rules.md §11.6)."""
    skp = Skp.objects.select_for_update().get(pk=skp_id)  # serialises two sends of the same text
    require(permissions.feedback_rekan_refusal(actor, skp))
    if client_token and (existing := FeedbackRekan.objects.filter(client_token=client_token, pemberi=actor).first()):
        return existing
    if polaritas not in Polaritas.values or not teks.strip():
        raise PenilaianError("Tuliskan umpan balik dan pilih 👍 atau 👎.")
    same = FeedbackRekan.objects.filter(skp=skp, pemberi=actor, teks=teks.strip()).first()
    if same is not None:
        return same
    return FeedbackRekan.objects.create(
        instansi_id=skp.instansi_id,
        skp=skp,
        pemberi=actor,
        teks=teks.strip(),
        polaritas=polaritas,
        client_token=client_token,
    )

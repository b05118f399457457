"""Feedback rekan kerja (docs/rules.md §9.1): behaviour feedback for a colleague of the same instansi."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from accounts.forms import CariNipForm
from penilaian import services
from penilaian.forms import FeedbackRekanForm
from penilaian.views import int_or_none
from skp.models import Skp


@login_required
def rekan(request):
    """Find a colleague of the instansi by NIP (a POST, so the NIP stays out of URLs), pick their approved SKP,
    leave behaviour feedback shown with one's name."""
    nip_form = CariNipForm(request.POST if "nip" in request.POST else None, label="NIP Pegawai")
    feedback_form = FeedbackRekanForm(request.POST if "skp" in request.POST else None)
    candidates = None
    if "skp" in request.POST and feedback_form.is_valid():
        try:
            services.feedback_rekan_create(
                actor=request.user,
                skp_id=int_or_none(request.POST.get("skp")) or 0,
                teks=feedback_form.cleaned_data["teks"],
                polaritas=feedback_form.cleaned_data["polaritas"],
                client_token=feedback_form.cleaned_data.get("client_token"),
            )
        except (services.PenilaianError, Skp.DoesNotExist) as error:
            messages.error(request, str(error) or "SKP tidak ditemukan.")
            # Refused: the form again with what was typed.
            skp_id = int_or_none(request.POST.get("skp"))
            candidates = list(services.feedback_rekan_candidates(actor=request.user, skp_id=skp_id)) or None
        else:
            messages.success(request, "Terima kasih, feedback Anda sudah dikirim.")
            return redirect("penilaian:rekan")
    elif "skp" in request.POST:
        # The form refused the feedback (empty, too long): the colleague's SKPs again, with what was typed and why.
        skp_id = int_or_none(request.POST.get("skp"))
        candidates = list(services.feedback_rekan_candidates(actor=request.user, skp_id=skp_id))
        if not candidates:
            messages.error(request, "SKP tidak ditemukan.")
    elif "nip" in request.POST and nip_form.is_valid():
        candidates = list(services.feedback_rekan_candidates(actor=request.user, nip=nip_form.cleaned_data["nip"]))
        if not candidates:
            nip_form.add_error(
                "nip", "Tidak ada SKP yang sudah disetujui milik rekan di instansi Anda dengan NIP tersebut."
            )
        feedback_form = FeedbackRekanForm()
    context = {
        "nip_form": nip_form,
        "feedback_form": feedback_form,
        "candidates": candidates,
        "skp_dipilih": request.POST.get("skp", ""),
    }
    return render(request, "penilaian/rekan.html", context)

"""Cetak SKP (the print dialog and the PDF) and the public page that checks a printed copy by its code."""

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from core.forms import CetakForm
from core.pdf import render_pdf
from skp import printing
from skp.models import DokumenCetak, Skp


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def cetak_skp(request, pk: int):
    skp = get_object_or_404(Skp.objects.visible_to(request.user).select_related("instansi"), pk=pk)
    if request.method == "POST":
        form = CetakForm(request.POST)
        if form.is_valid():
            # One transaction: the SKP row stays locked while the content is read, so the version and the digest
            # recorded on the document are those of the content printed.
            with transaction.atomic():
                dokumen = printing.dokumen_cetak_create(
                    actor=request.user, skp=skp, jenis=DokumenCetak.Jenis.SKP, **form.cleaned_data
                )
                context = printing.skp_document_context(
                    dokumen.skp, dokumen, verifikasi_url=request.build_absolute_uri(dokumen.get_absolute_url())
                )
                printing.dokumen_cetak_seal(dokumen, context)
            response = HttpResponse(render_pdf("skp/pdf/skp.html", context, request=request), "application/pdf")
            # The NIP never goes in a file name: downloads end up in logs, mail attachments and shared folders.
            response["Content-Disposition"] = f'attachment; filename="SKP-{skp.pk}-{skp.tahun}.pdf"'
            return response
    else:
        lokasi = printing.lokasi_terakhir(user=request.user, instansi_id=skp.instansi_id)
        form = CetakForm(initial={"tanggal": timezone.localdate(), "lokasi": lokasi})
    return render(request, "skp/cetak.html", {"skp": skp, "form": form})


@require_safe
def verifikasi(request, kode: str):
    """Public: whoever holds a printed copy checks it here: what was printed, when, by whom, and whether what the
    paper shows still matches today's data (docs/rules.md §10.5). Shows no NIP (personal data)."""
    dokumen = get_object_or_404(DokumenCetak.objects.select_related("skp__instansi", "dicetak_oleh"), kode=kode)
    context = {"dokumen": dokumen, "skp": dokumen.skp, "hasil": printing.dokumen_cetak_check(dokumen)}
    response = render(request, "skp/verifikasi.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response

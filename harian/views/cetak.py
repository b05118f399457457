"""Cetak Rekap Progres Harian of one month (docs/rules.md §10.1, §15.11): the print dialog (Tanggal, Lokasi) and the
PDF with its verification code and QR, as every printed document of e-Kinerja. The pegawai, their atasan and the
admin instansi print it; anyone else gets 404."""

from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core.forms import CetakForm
from core.pdf import render_pdf
from harian import permissions, printing
from harian.models import SkpBulanan
from harian.services import nama_bulan
from skp.printing import dokumen_cetak_create, dokumen_cetak_seal, lokasi_terakhir

RELATED = ("skp__instansi", "disetujui_oleh")


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def cetak_rekap(request, pk: int):
    skp_bulanan = get_object_or_404(SkpBulanan.objects.visible_to(request.user).select_related(*RELATED), pk=pk)
    if request.method == "POST":
        form = CetakForm(request.POST)
        if form.is_valid():
            # One transaction: the SKP row stays locked while the month is read and its digest recorded.
            with transaction.atomic():
                dokumen = dokumen_cetak_create(
                    actor=request.user,
                    skp=skp_bulanan.skp,
                    jenis=printing.JENIS,
                    **printing.periode_of(skp_bulanan),
                    **form.cleaned_data,
                )
                fresh = SkpBulanan.objects.select_related(*RELATED).get(pk=skp_bulanan.pk)
                context = printing.rekap_context(
                    fresh, dokumen, verifikasi_url=request.build_absolute_uri(dokumen.get_absolute_url())
                )
                dokumen_cetak_seal(dokumen, context)
            response = HttpResponse(render_pdf("harian/pdf/rekap.html", context, request=request), "application/pdf")
            # The NIP never goes in a file name (docs/rules.md §10.6).
            name = f"RekapProgresHarian-{skp_bulanan.skp_id}-{skp_bulanan.bulan:%Y-%m}.pdf"
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
    else:
        lokasi = lokasi_terakhir(user=request.user, instansi_id=skp_bulanan.instansi_id)
        form = CetakForm(initial={"tanggal": timezone.localdate(), "lokasi": lokasi})
    context = {
        "skp_bulanan": skp_bulanan,
        "skp": skp_bulanan.skp,
        "form": form,
        "nama_bulan": nama_bulan(skp_bulanan.bulan),
        "persetujuan": printing.persetujuan_text(skp_bulanan),
        "atasan": permissions.is_atasan(request.user, skp_bulanan.skp),
    }
    return render(request, "harian/cetak_rekap.html", context)

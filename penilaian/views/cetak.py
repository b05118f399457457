"""Cetak Form Penilaian and Cetak Dokumen Evaluasi Kinerja of one period (docs/rules.md §10.1, §10.3–§10.4): the print
dialog (Tanggal, Lokasi; Catatan/Rekomendasi for the evaluasi) and the PDF, as Cetak SKP does."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core.forms import CetakForm
from core.pdf import render_pdf
from penilaian import permissions, printing
from penilaian.models import PeriodePenilaian
from penilaian.views import visible_periode
from skp.models import DokumenCetak
from skp.printing import dokumen_cetak_create, dokumen_cetak_seal, lokasi_terakhir


class CetakEvaluasiForm(CetakForm):
    catatan = forms.CharField(
        label="Catatan/Rekomendasi",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Dicetak pada bagian Catatan/Rekomendasi dokumen evaluasi.",
    )


def _cetak(request, pk: int, *, jenis: str, form_class, judul: str, template: str, build, filename: str):
    periode = visible_periode(request, pk, "skp__instansi")
    evaluasi = jenis == DokumenCetak.Jenis.EVALUASI
    # Catatan/Rekomendasi sits above the penilai's signature: only the penilai writes it; anyone else's print
    # carries what the penilai last printed.
    menulis_catatan = evaluasi and permissions.is_penilai(request.user, periode)
    if evaluasi and not menulis_catatan:
        form_class = CetakForm
    catatan = printing.catatan_penilai(periode) if evaluasi else ""
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            data = dict(form.cleaned_data)
            catatan = data.pop("catatan", catatan)
            # One transaction: the SKP row stays locked while the content is read and its digest recorded.
            with transaction.atomic():
                dokumen = dokumen_cetak_create(
                    actor=request.user,
                    skp=periode.skp,
                    jenis=jenis,
                    periode_awal=periode.mulai,
                    periode_akhir=periode.selesai,
                    periode_kode=periode.kode,
                    catatan=catatan,
                    **data,
                )
                fresh = PeriodePenilaian.objects.select_related("skp__instansi").get(pk=periode.pk)
                extra = {"catatan": dokumen.catatan} if evaluasi else {}
                context = build(
                    fresh, dokumen, verifikasi_url=request.build_absolute_uri(dokumen.get_absolute_url()), **extra
                )
                dokumen_cetak_seal(dokumen, context)
            response = HttpResponse(render_pdf(template, context, request=request), "application/pdf")
            # The NIP never goes in a file name: downloads end up in logs, mail attachments and shared folders.
            response["Content-Disposition"] = f'attachment; filename="{filename}-{periode.pk}-{periode.kode}.pdf"'
            return response
    else:
        lokasi = lokasi_terakhir(user=request.user, instansi_id=periode.skp.instansi_id)
        initial = {"tanggal": timezone.localdate(), "lokasi": lokasi}
        if menulis_catatan:
            initial["catatan"] = catatan
        form = form_class(initial=initial)
    context = {
        "periode": periode,
        "skp": periode.skp,
        "form": form,
        "judul": judul,
        "catatan_penilai": catatan if evaluasi and not menulis_catatan else None,
    }
    return render(request, "penilaian/cetak.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def cetak_form(request, pk: int):
    return _cetak(
        request,
        pk,
        jenis=DokumenCetak.Jenis.FORM_PENILAIAN,
        form_class=CetakForm,
        judul="Cetak Form Penilaian",
        template="penilaian/pdf/form_penilaian.html",
        build=printing.form_penilaian_context,
        filename="FormPenilaian",
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def cetak_evaluasi(request, pk: int):
    return _cetak(
        request,
        pk,
        jenis=DokumenCetak.Jenis.EVALUASI,
        form_class=CetakEvaluasiForm,
        judul="Cetak Dokumen Evaluasi Kinerja",
        template="penilaian/pdf/evaluasi.html",
        build=printing.evaluasi_context,
        filename="EvaluasiKinerja",
    )

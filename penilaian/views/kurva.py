"""Lihat Kurva: a unit's distribution of predikat, and a penilai's bawahan in it, against the ideal curve of its
Capaian Kinerja Organisasi, which is set here by whoever may set it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from accounts.models import UnitKerja
from penilaian import permissions, services
from penilaian.periode import nama_kode
from penilaian.predikat import CapaianOrganisasi
from penilaian.services.evaluasi import kurva_unit


@login_required
def kurva(request, unit_pk: int, kode: str):
    """Lihat Kurva of a unit for a period (docs/rules.md §8.7, §8.9): the ideal distribution (red) of its capaian
    against the realised predikat (green) of the penilai's own bawahan counted in it and of the whole unit (the unit
    and the units below it without a capaian of their own, head included), with each SE 3/2023 rule kept or broken.
    Without a capaian the green bars are drawn and the page says who sets it; the form is shown only to them."""
    unit = get_object_or_404(UnitKerja.objects.visible_to(request.user), pk=unit_pk)
    gambar, assessed = kurva_unit(request.user, unit, kode)
    if not permissions.can_see_kurva(can_set_capaian=gambar.can_set, assesses_someone=assessed > 0):
        raise Http404
    if request.method == "POST":
        try:
            services.capaian_set(
                actor=request.user, unit_kerja=unit, kode=kode, capaian=request.POST.get("capaian", "")
            )
        except services.PenilaianError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Capaian Kinerja Organisasi disimpan.")
        return redirect("penilaian:kurva", unit.pk, kode)
    context = {
        "unit": unit,
        "kode": kode,
        "periode_nama": nama_kode(kode),
        "kurva": gambar,
        "charts": [
            *([("Kurva penilaian bawahan Anda", gambar.bawahan_bars, gambar.jumlah_bawahan)] if assessed else []),
            (f"Distribusi {unit.nama}", gambar.bars, gambar.jumlah),
        ],
        "capaian_choices": CapaianOrganisasi.choices,
    }
    return render(request, "penilaian/kurva.html", context)

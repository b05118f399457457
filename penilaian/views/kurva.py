"""Lihat Kurva: a unit's predikat against the ideal curve of its Capaian Kinerja Organisasi, which is set here."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from accounts.models import UnitKerja
from accounts.permissions import is_any_admin
from penilaian import services
from penilaian.kurva import chart_bars, check_distribution
from penilaian.models import CapaianUnit, PeriodePenilaian
from penilaian.predikat import CapaianOrganisasi


@login_required
def kurva(request, unit_pk: int, kode: str):
    """Lihat Kurva: the ideal distribution (red) against the realised predikat (green) of a unit for a
    period, with each SE 3/2023 rule kept or broken (docs/rules.md §8.9); Capaian Kinerja Organisasi is set here too."""
    unit = get_object_or_404(UnitKerja.objects.visible_to(request.user), pk=unit_pk)
    periods = PeriodePenilaian.objects.of_unit(unit.pk, kode)
    if not (is_any_admin(request.user) or periods.filter(penilai=request.user).exists()):
        raise Http404  # a penilai sees the curve of a unit where they assess someone in this period
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
    counts = periods.predikat_counts()
    capaian = CapaianUnit.objects.filter(unit_kerja=unit, kode=kode).first()
    capaian_value = CapaianOrganisasi(capaian.capaian) if capaian else None
    context = {
        "unit": unit,
        "kode": kode,
        "capaian": capaian,
        "capaian_choices": CapaianOrganisasi.choices,
        "bars": chart_bars(capaian_value, counts),
        "total": sum(counts.values()),
        "aturan": check_distribution(capaian_value, counts) if capaian_value else [],
    }
    return render(request, "penilaian/kurva.html", context)

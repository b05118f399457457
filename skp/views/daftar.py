"""Daftar SKP, Tambah SKP (and Salin SKP), and SKP Bawahan."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.models import PltAssignment, User
from core.forms import apply_validation_error, refuse
from skp import services
from skp.forms import SkpForm
from skp.models import (
    Skp,
    StatusSkp,
)


@login_required
def daftar(request):
    """Daftar SKP: the pegawai's own SKPs, newest first."""
    skp_list = Skp.objects.filter(pegawai=request.user).select_related("plt").order_by("-periode_awal", "plt_id")
    context = {
        "skp_list": skp_list,
        "has_bawahan": services.has_bawahan(request.user),
        "pejabat_non_asn": services.PEJABAT_NON_ASN,
    }
    return render(request, "skp/daftar.html", context)


@login_required
def tambah(request):
    """Tambah SKP (and Salin SKP)."""
    user = request.user
    plt_list = list(PltAssignment.objects.filter(pegawai=user).order_by("-mulai"))
    skp_list = list(Skp.objects.filter(pegawai=user).order_by("-periode_awal"))
    initial = {"salin_dari": request.GET.get("salin", "")}
    form = SkpForm(request.POST or None, user=user, plt_list=plt_list, skp_list=skp_list, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            skp = services.skp_create(
                actor=user,
                periode_awal=form.cleaned_data["periode_awal"],
                periode_akhir=form.cleaned_data["periode_akhir"],
                pendekatan=form.cleaned_data["pendekatan"],
                plt=form.plt,
                salin_dari=form.sumber,
                client_token=form.cleaned_data.get("client_token"),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        except services.SkpError as error:
            refuse(form, error)
        else:
            messages.success(request, "SKP dibuat. Lanjutkan dengan Tambah Rencana Hasil Kerja (RHK).")
            return redirect(skp)
    context = {
        "form": form,
        "has_atasan": user.atasan_id is not None,
        "pejabat_non_asn": services.PEJABAT_NON_ASN if user.is_pejabat_non_asn else "",
    }
    return render(request, "skp/tambah.html", context)


# The years the filter of SKP Bawahan offers (templates/skp/bawahan.html); a year past them would make a date
# lookup fail (years 1 to 9999 only) or simply find nothing.
TAHUN_MIN, TAHUN_MAX = 2000, 2100


def tahun_of(value: str | None) -> int:
    """The year typed in the filter, or this year when it is missing, not a number, or out of range."""
    try:
        tahun = int(value or "")
    except ValueError:
        return timezone.localdate().year
    return tahun if TAHUN_MIN <= tahun <= TAHUN_MAX else timezone.localdate().year


@login_required
def bawahan(request):
    """SKP Bawahan: the SKPs the user assesses, by year and status; Draft rows have no link (docs/rules.md §3.9).
    Bawahan without an SKP for the year are listed too, so the atasan sees who has not started."""
    tahun = tahun_of(request.GET.get("tahun"))
    status = request.GET.get("status", "")
    skp_list = Skp.objects.filter(penilai=request.user, periode_awal__year=tahun).select_related("unit_kerja", "plt")
    counts = {s: 0 for s in StatusSkp.values}
    rows = list(skp_list.order_by("pegawai_snapshot__nama"))
    for skp in rows:
        counts[skp.status] += 1
    shown = [s for s in rows if s.status == status] if status in StatusSkp.values else rows
    with_skp = {s.pegawai_id for s in rows}
    tanpa_skp = User.objects.filter(atasan=request.user, is_active=True).exclude(pk__in=with_skp)
    context = {
        "rows": shown,
        "tahun": tahun,
        "status": status,
        "status_choices": StatusSkp.choices,
        "counts": counts,
        "tanpa_skp": tanpa_skp.select_related("unit_kerja").order_by("nama"),
    }
    return render(request, "skp/bawahan.html", context)

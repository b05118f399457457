"""Persetujuan Bulanan, the atasan's pages of progres harian (DES 2.0 Q3, docs/rules.md §15.6–§15.9): the monthly list
of bawahan with what waits in each month, and the yearly Kreativitas of one bawahan's SKP. One bawahan's month (the
kesesuaian ticks, the kualitas scores and the approval) is atasan_bulan.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from core.forms import refuse
from harian import permissions
from harian.forms_atasan import KreativitasForm
from harian.jendela import pengaturan_of
from harian.models import NilaiKreativitas, SkpBulanan
from harian.services import HarianError
from harian.views.atasan_data import (
    BERUBAH,
    DISETUJUI,
    KOSONG,
    MENUNGGU,
    bulan_lain_menunggu,
    daftar_bawahan,
    geser,
    nama_bulan,
    parse_bulan,
    pilihan_bulan,
)
from harian.views.atasan_tulis import kreativitas_simpan
from skp.models import Skp


@login_required
@require_safe
def daftar(request):
    """The bawahan whose SKP the user assesses, for one month (?bulan=2026-11, else this month): entries, those still
    waiting for kesesuaian, the month's state, and the other months still waiting."""
    today = timezone.localdate()
    bulan = parse_bulan(request.GET.get("bulan"), today=today)
    rows = daftar_bawahan(request.user, bulan)
    context = {
        "rows": rows,
        "bulan": bulan,
        "nama_bulan": nama_bulan(bulan),
        "pilihan": pilihan_bulan(today, bulan),
        "sebelumnya": geser(bulan, -1),
        "berikutnya": geser(bulan, 1) if geser(bulan, 1) <= today else None,
        "lain": [(m, nama_bulan(m), n) for m, n in bulan_lain_menunggu(request.user, bulan)],
        "counts": {k: sum(1 for r in rows if r.keadaan == k) for k in (MENUNGGU, BERUBAH, DISETUJUI, KOSONG)},
        "aktif": pengaturan_of(request.user.instansi_id).aktif,
    }
    return render(request, "harian/atasan_daftar.html", context)


def atasan_skp(request, skp_pk: int) -> Skp:
    """An SKP the user may see (else 404) and assesses (else 403)."""
    skp = get_object_or_404(Skp.objects.visible_to(request.user), pk=skp_pk)
    if not permissions.is_atasan(request.user, skp):
        raise PermissionDenied
    return skp


@login_required
@require_http_methods(["GET", "POST"])
def kreativitas(request, skp_pk: int):
    """Kreativitas, once a year per bawahan's SKP: a score 0–100 with an optional note; set again to change it."""
    skp = atasan_skp(request, skp_pk)
    stored = NilaiKreativitas.objects.filter(skp=skp).select_related("oleh").first()
    refusal = permissions.periksa_refusal(request.user, skp, aktif=pengaturan_of(skp.instansi_id).aktif)
    if request.method == "POST" and not refusal:
        form = KreativitasForm(request.POST)
        if form.is_valid():
            try:
                kreativitas_simpan(
                    actor=request.user,
                    skp_id=skp.pk,
                    version=form.cleaned_data["version"],
                    nilai=form.cleaned_data["nilai"],
                    catatan=form.cleaned_data["catatan"],
                )
            except HarianError as error:
                refuse(form, error)
                stored = NilaiKreativitas.objects.filter(skp=skp).select_related("oleh").first()
            else:
                messages.success(request, f"Nilai kreativitas {skp.pegawai_snapshot.get('nama', '')} disimpan.")
                return redirect(reverse("harian:kreativitas", args=[skp.pk]))
    else:
        initial = {"version": stored.version, "nilai": stored.nilai, "catatan": stored.catatan} if stored else {}
        form = KreativitasForm(initial=initial or {"version": 0})
    bulan = SkpBulanan.objects.filter(skp=skp).order_by("-bulan").values_list("pk", "bulan").first()
    context = {
        "skp": skp,
        "form": form,
        "stored": stored,
        "refusal": refusal,
        "bulan_terakhir": (bulan[0], nama_bulan(bulan[1])) if bulan else None,
    }
    return render(request, "harian/atasan_kreativitas.html", context)

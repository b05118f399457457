"""Beranda: the one page that reads every app, so it lives at the top layer (decision 0015). Each app gives its
part (accounts the profile, skp, penilaian and harian their to-do lists); the view only puts them side by side."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from accounts.services import profil_of
from harian.services import bulan_menunggu
from penilaian import services as penilaian_services
from skp import services as skp_services


@login_required
def beranda(request):
    """What waits for me (my SKP, my periods, my bawahan's SKPs and periods), then who I am in the organisation."""
    today = timezone.localdate()
    profil = profil_of(request.user, today=today)
    skp_todo = skp_services.todo_for(request.user, today=today, plt_posts=profil.plt_list)
    penilaian_todo = penilaian_services.todo_for(request.user, today=today)
    # Progres harian, where the instansi has it on: the bawahan's ended months waiting for approval (one query).
    harian_menunggu = bulan_menunggu(request.user, today=today)
    context = {
        "profil": profil.user,
        "bawahan": profil.bawahan,
        "plt_list": profil.plt_list,
        "plt_bawahan": profil.plt_bawahan,
        "jumlah_bawahan": profil.jumlah_bawahan,
        "skp_todo": skp_todo,
        "penilaian_todo": penilaian_todo,
        "harian_menunggu": harian_menunggu,
        "jumlah_tugas": len(skp_todo) + len(penilaian_todo) + len(harian_menunggu),
        "today": today,
    }
    return render(request, "ekinerja/beranda.html", context)

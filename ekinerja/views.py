"""Beranda: the one page that reads every app, so it lives at the top layer (decision 0015). Each app gives its
part (accounts the profile, skp and penilaian their to-do lists); the view only puts them side by side."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from accounts.services import profil_of
from penilaian import services as penilaian_services
from skp import services as skp_services


@login_required
def beranda(request):
    """What waits for me (my SKP, my periods, my bawahan's SKPs and periods), then who I am in the organisation."""
    today = timezone.localdate()
    profil = profil_of(request.user, today=today)
    skp_todo = skp_services.todo_for(request.user, today=today, plt_posts=profil.plt_list)
    penilaian_todo = penilaian_services.todo_for(request.user, today=today)
    context = {
        "profil": profil.user,
        "bawahan": profil.bawahan,
        "plt_list": profil.plt_list,
        "plt_bawahan": profil.plt_bawahan,
        "jumlah_bawahan": profil.jumlah_bawahan,
        "skp_todo": skp_todo,
        "penilaian_todo": penilaian_todo,
        "jumlah_tugas": len(skp_todo) + len(penilaian_todo),
        "today": today,
    }
    return render(request, "ekinerja/beranda.html", context)

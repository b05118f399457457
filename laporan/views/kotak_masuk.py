"""Kotak Masuk Penilai: a penilai's pending work for their bawahan on one page (docs/rules.md §14.6)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from laporan.kotak_masuk import kotak_masuk_for


@login_required
@require_safe
def kotak_masuk(request):
    """SKP Bawahan waiting for Persetujuan, periods to give Umpan Balik and rate, periods to Tetapkan: each with a
    link to the page where the penilai acts. Anyone may open it; without bawahan it says there is nothing."""
    kotak = kotak_masuk_for(request.user, today=timezone.localdate())
    return render(request, "laporan/kotak_masuk.html", {"kotak": kotak})

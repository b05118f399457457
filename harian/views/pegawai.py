"""The pegawai's Progres Harian: the week view (the landing page: each working day's entries and hours, a Tambah in
place for each day of the window) and the month view (a calendar of hours and entries per day, the realisasi summed
against each Target Bulanan, and the month's approval state). Docs/rules.md §15.3, §15.7, §15.8."""

import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from harian.jendela import HARI, kalender_of
from harian.partisi import first_of_month, next_month
from harian.views import harian_aktif
from harian.views.pegawai_data import (
    KalenderJendela,
    bulan_of,
    durasi,
    hari_list,
    kalender_bulan,
    nama_bulan,
    nama_hari,
    rencana_aksi_with_realisasi,
    rentang,
    senin_of,
    status_bulan,
    tanggal_of,
    targets_with_realisasi,
    week_days,
)

WEEK = datetime.timedelta(days=7)


def minggu_url(day: datetime.date) -> str:
    """The week view of the week holding `day`, named by its Monday (one URL per week)."""
    return f"{reverse('harian:minggu')}?tanggal={senin_of(day).isoformat()}"


def bulan_url(bulan: datetime.date) -> str:
    return f"{reverse('harian:bulan')}?bulan={bulan:%Y-%m}"


def jendela_text(kal: KalenderJendela, hari_kerja_lalu: int) -> str:
    """The window in words, for the notice on the week view and the help of the form's Tanggal."""
    if not kal.jendela:
        return "Hari ini bukan hari kerja dan tidak ada hari kerja dalam jendela pengisian."
    days = ", ".join(nama_hari(d) for d in sorted(kal.jendela))
    return f"{days} (hari ini dan {hari_kerja_lalu} hari kerja sebelumnya)."


@login_required
@harian_aktif
def minggu(request, setting):
    """The week holding ?tanggal= (this week by default): Monday to Friday, or to Saturday."""
    today = timezone.localdate()
    day = tanggal_of(request.GET.get("tanggal"), today=today)
    senin = senin_of(day)
    lo, hi = rentang(today)
    kal = KalenderJendela.load(setting, today, senin, senin + datetime.timedelta(days=6))
    hari = hari_list(request.user.pk, week_days(senin, kal, setting), kal)
    months = sorted({first_of_month(h.tanggal) for h in hari})
    context = {
        "hari": hari,
        "senin": senin,
        "judul_minggu": f"{nama_hari(hari[0].tanggal)} s.d. {nama_hari(hari[-1].tanggal)}",
        "total": durasi(sum(h.menit for h in hari)),
        "jumlah": sum(len(h.entri) for h in hari),
        "sebelumnya": minggu_url(senin - WEEK) if senin - datetime.timedelta(days=1) >= lo else "",
        "berikutnya": minggu_url(senin + WEEK) if senin + WEEK <= hi else "",
        "minggu_ini": minggu_url(today) if senin != senin_of(today) else "",
        "bulan_url": bulan_url(first_of_month(day)),
        "jendela": jendela_text(kal, setting.jendela_hari_kerja),
        "status_bulan": [s for s in status_bulan(request.user.pk, months) if s.skp_bulanan],
    }
    return render(request, "harian/minggu.html", context)


@login_required
@harian_aktif
def bulan(request, setting):
    """The month of ?bulan= (this month by default) as a calendar, with the realisasi against each target bulanan."""
    today = timezone.localdate()
    first = bulan_of(request.GET.get("bulan"), today=today)
    last = next_month(first) - datetime.timedelta(days=1)
    lo, hi = rentang(today)
    kalender = kalender_of(setting.instansi_id, first, last, sabtu_hari_kerja=setting.sabtu_hari_kerja)
    kal = KalenderJendela(kalender, [], today)
    weeks = kalender_bulan(request.user.pk, first, kal)
    days = [d for week in weeks for d in week if d.tanggal]
    libur = [(d.tanggal, d.libur) for d in days if d.libur]
    targets = targets_with_realisasi(request.user.pk, first)
    context = {
        "bulan": first,
        "nama_bulan": nama_bulan(first),
        "weeks": weeks,
        "hari_header": HARI,
        "today": today,
        "total": durasi(sum(d.menit for d in days)),
        "jumlah": sum(d.n for d in days),
        "hari_terisi": sum(1 for d in days if d.n),
        "libur": libur,
        "targets": targets,
        "rencana_aksi": rencana_aksi_with_realisasi(request.user.pk, first),
        "status_bulan": status_bulan(request.user.pk, [first]),
        "sebelumnya": bulan_url(first_of_month(first - datetime.timedelta(days=1))) if first > lo else "",
        "berikutnya": bulan_url(next_month(first)) if next_month(first) <= hi else "",
        "bulan_ini": bulan_url(today) if first != first_of_month(today) else "",
        "minggu_url": minggu_url(first if first_of_month(today) != first else today),
    }
    return render(request, "harian/bulan.html", context)

"""A daily entry of the pegawai's own log: Tambah (fast entry: the last target remembered, today's date, jam mulai where
the day's last entry ended, and after Simpan the form again, ready for the next), Ubah and Hapus. With htmx the form
opens in its day on the week view and a save refreshes that day; without JavaScript the form is a page of its own."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from core.confirm import confirm_page, confirmed
from core.forms import apply_validation_error, refuse
from harian import services
from harian.forms import ProgresForm
from harian.jendela import jendela_refusal
from harian.models import ProgresHarian
from harian.partisi import first_of_month
from harian.views import harian_aktif, require
from harian.views.pegawai import jendela_text, minggu_url
from harian.views.pegawai_data import (
    KalenderJendela,
    approved_months,
    durasi,
    hari_list,
    nama_bulan,
    nama_hari,
    senin_of,
    tanggal_of,
)

BERUBAH = (
    "{bulan} sudah disetujui atasan. Progres yang ditambah, diubah atau dihapus pada bulan itu menandainya "
    "“Berubah setelah disetujui” sampai atasan menyetujuinya kembali."
)


def tambah_url(day: datetime.date) -> str:
    return f"{reverse('harian:progres_tambah')}?tanggal={day.isoformat()}"


def _berubah_notice(pegawai_id: int, days) -> str:
    """The notice an approved month gets before a save changes it (docs/rules.md §15.7); "" when none is approved."""
    months = approved_months(pegawai_id, {first_of_month(d) for d in days})
    return " ".join(BERUBAH.format(bulan=nama_bulan(m)) for m in sorted(months))


def _last_end(pegawai_id: int, day: datetime.date) -> datetime.time | None:
    """Where the day's last entry ended: the next entry's jam mulai (fast entry)."""
    found = ProgresHarian.objects.of_pegawai(pegawai_id, day, day).order_by("-jam_selesai").first()
    return found.jam_selesai if found else None


def _new_form(request, day: datetime.date, pilihan, *, mulai, sasaran: str | None = None) -> ProgresForm:
    """An empty form for the next entry of `day`: the target last used, jam mulai where that day's last entry ended
    (`mulai`, None when the day is empty)."""
    offered = {s.kode for s in pilihan}
    if sasaran is None:
        sasaran = services.sasaran_terakhir(request.user.pk, today=timezone.localdate())
    initial = {"tanggal": day, "sasaran": sasaran if sasaran in offered else "", "jam_mulai": mulai}
    return ProgresForm(pilihan=pilihan, initial=initial, auto_id=f"p{day:%Y%m%d}_%s")


def _form_context(request, form, kal, setting, *, title: str, action: str, slot: str, days, pilihan=()) -> dict:
    form.fields["tanggal"].help_text = "Boleh diisi: " + jendela_text(kal, setting.jendela_hari_kerja)
    return {
        "form": form,
        "title": title,
        "action": action,
        "slot": slot,  # the day's code when the form sits in that day on the week view (htmx); "" on its own page
        "berubah": _berubah_notice(request.user.pk, days),
        "tanpa_pilihan": not form.fields["sasaran"].choices[1:],
        "batal": minggu_url(datetime.date.fromisoformat(slot)) if slot else reverse("harian:minggu"),
    }


def _day(request, day: datetime.date, kal, *, form=None, flash: str = "", error: bool = False, context=None):
    """The day's section of the week view again (htmx): its entries and hours, a message, the form in its place; and
    the week's count and hours, out of band. One query: the week's entries."""
    senin = senin_of(day)
    week = hari_list(request.user.pk, [senin + datetime.timedelta(days=i) for i in range(7)], kal)
    hari = next(h for h in week if h.tanggal == day)
    values = {
        "h": hari,
        "flash": flash,
        "flash_error": error,
        "slot_form": form is not None,
        "jumlah": sum(len(h.entri) for h in week),
        "total": durasi(sum(h.menit for h in week)),
    }
    return render(request, "harian/minggu.html#hari-lagi", {**values, **(context or {})})


@login_required
@harian_aktif
def progres_tambah(request, setting):
    if request.htmx and request.GET.get("tutup"):
        return HttpResponse("")  # Batal in a day of the week view: the form goes away
    today = timezone.localdate()
    kal = KalenderJendela.load(setting, today, today, today)
    day = tanggal_of(request.GET.get("tanggal"), today=today, default=kal.jendela[0] if kal.jendela else today)
    slot = day.isoformat() if request.htmx else ""
    pilihan = services.sasaran_pilihan(request.user, today=today)
    # The page lists the day's entries (and the form starts where the last one ended); the fragment needs the end only.
    hari = None if request.htmx else hari_list(request.user.pk, [day], kal)[0]
    if request.method != "POST":
        mulai = max((e.jam_selesai for e in hari.entri), default=None) if hari else _last_end(request.user.pk, day)
        form = _new_form(request, day, pilihan, mulai=mulai)
    else:
        form = ProgresForm(request.POST, pilihan=pilihan, auto_id=f"p{day:%Y%m%d}_%s")
        if form.is_valid():
            try:
                entry = services.progres_create(
                    actor=request.user, isian=form.isian(), client_token=form.cleaned_data.get("client_token")
                )
            except ValidationError as error:
                apply_validation_error(form, error)
            except services.HarianError as error:
                refuse(form, error)
            else:
                pesan = (
                    f"Progres harian {entry.jam_mulai:%H:%M}–{entry.jam_selesai:%H:%M} pada {nama_hari(entry.tanggal)} "
                    "disimpan. Isi kegiatan berikutnya."
                )
                if not request.htmx:
                    messages.success(request, pesan)
                    return redirect(tambah_url(entry.tanggal))
                if entry.tanggal != day:  # typed another day into a day's form: that day's week
                    messages.success(request, pesan)
                    return HttpResponseClientRedirect(minggu_url(entry.tanggal) + f"#hari-{entry.tanggal}")
                form = _new_form(request, day, pilihan, sasaran=form.cleaned_data["sasaran"], mulai=entry.jam_selesai)
                context = _form_context(
                    request, form, kal, setting, title="Tambah progres", action=tambah_url(day), slot=slot, days=[day]
                )
                return _day(request, day, kal, form=form, flash=pesan, context=context)
    context = _form_context(
        request, form, kal, setting, title="Tambah progres", action=tambah_url(day), slot=slot, days=kal.jendela
    )
    if request.htmx and request.method == "POST":
        return _day(request, day, kal, form=form, context=context)  # refused: the form as typed, in its day
    if request.htmx:
        return render(request, "harian/progres_form.html#form", context)
    context["hari"] = hari
    return render(request, "harian/progres_form.html", context)


def _own_entry(request, progres_id: int) -> ProgresHarian:
    """The entry if the user may see it (its pegawai, their atasan, the admin: 404 otherwise); only its pegawai
    changes it (403)."""
    entry = get_object_or_404(
        ProgresHarian.objects.visible_to(request.user).select_related("rencana_aksi", "target_bulanan"), pk=progres_id
    )
    require(entry.pegawai_id == request.user.pk)
    return entry


def _tutup(kal: KalenderJendela, setting, entry: ProgresHarian) -> str:
    return (
        jendela_refusal(
            entry.tanggal, today=kal.today, kalender=kal.kalender, hari_kerja_lalu=setting.jendela_hari_kerja
        )
        or ""
    )


@login_required
@harian_aktif
def progres_ubah(request, progres_id: int, setting):
    entry = _own_entry(request, progres_id)
    today = timezone.localdate()
    kal = KalenderJendela.load(setting, today, entry.tanggal, entry.tanggal)
    sasaran = entry.target_bulanan or entry.rencana_aksi
    kode = services.kode_of(sasaran)
    pilihan = services.sasaran_pilihan(request.user, today=today)
    initial = {
        "sasaran": kode,
        "tanggal": entry.tanggal,
        "jam_mulai": entry.jam_mulai,
        "jam_selesai": entry.jam_selesai,
        "uraian": entry.uraian,
        "realisasi": entry.realisasi,
        "satuan": entry.satuan,
        "link_bukti": entry.link_bukti,
        "version": entry.version,
    }
    extra = (kode, getattr(sasaran, "nama", None) or sasaran.teks)
    form = ProgresForm(
        request.POST or None, pilihan=pilihan, extra=extra, initial=initial, auto_id=f"p{entry.tanggal:%Y%m%d}_%s"
    )
    slot = entry.tanggal.isoformat() if request.htmx else ""
    action = reverse("harian:progres_ubah", args=[entry.pk])
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.progres_update(
                actor=request.user, progres_id=entry.pk, version=form.cleaned_data.get("version"), isian=form.isian()
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        except services.HarianError as error:
            refuse(form, error)
        else:
            pesan = f"Perubahan progres {saved.jam_mulai:%H:%M}–{saved.jam_selesai:%H:%M} disimpan."
            if request.htmx and saved.tanggal == entry.tanggal:
                return _day(request, entry.tanggal, kal, flash=pesan)
            messages.success(request, pesan)
            target = minggu_url(saved.tanggal) + f"#hari-{saved.tanggal}"
            return HttpResponseClientRedirect(target) if request.htmx else redirect(target)
    context = _form_context(
        request, form, kal, setting, title="Ubah progres", action=action, slot=slot, days=[entry.tanggal]
    )
    context["tutup"] = _tutup(kal, setting, entry)
    context["entry"] = entry
    if request.htmx and request.method == "POST":
        return _day(request, entry.tanggal, kal, form=form, context=context)
    if request.htmx:
        return render(request, "harian/progres_form.html#form", context)
    return render(request, "harian/progres_form.html", context)


@login_required
@require_POST
@harian_aktif
def progres_hapus(request, progres_id: int, setting):
    entry = _own_entry(request, progres_id)
    kembali = minggu_url(entry.tanggal) + f"#hari-{entry.tanggal}"
    if not confirmed(request):
        pertanyaan = (
            f"Progres {entry.jam_mulai:%H:%M}–{entry.jam_selesai:%H:%M} pada {nama_hari(entry.tanggal)} "
            f"(“{entry.uraian[:80]}”) akan dihapus. " + _berubah_notice(request.user.pk, [entry.tanggal])
        )
        return confirm_page(
            request, title="Hapus progres harian?", pertanyaan=pertanyaan.strip(), tombol="Ya, hapus", kembali=kembali
        )
    today = timezone.localdate()
    try:
        services.progres_delete(actor=request.user, progres_id=entry.pk, version=request.POST.get("version"))
    except services.HarianError as error:
        if request.htmx:
            kal = KalenderJendela.load(setting, today, entry.tanggal, entry.tanggal)
            return _day(request, entry.tanggal, kal, flash=str(error), error=True)
        messages.error(request, str(error))
        return redirect(kembali)
    pesan = f"Progres {entry.jam_mulai:%H:%M}–{entry.jam_selesai:%H:%M} dihapus."
    if request.htmx:
        kal = KalenderJendela.load(setting, today, entry.tanggal, entry.tanggal)
        return _day(request, entry.tanggal, kal, flash=pesan)
    messages.success(request, pesan)
    return redirect(kembali)

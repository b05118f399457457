"""The pegawai's Pelaksanaan Kinerja: the Penilaian list of an approved SKP, Tambah Periode Penilaian, and a
period's page with Rencana Aksi, Realisasi and Bukti Dukung."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.confirm import confirm_page, confirmed
from core.forms import apply_validation_error, refuse
from penilaian import permissions, services
from penilaian.forms import BuktiDukungForm, RealisasiForm, RencanaAksiForm
from penilaian.hasil import hasil_tambahan
from penilaian.models import BuktiDukung, CapaianUnit, FeedbackRekan, PeriodePenilaian, RencanaAksi, UmpanBalik
from penilaian.periode import batas_waktu
from penilaian.predikat import CapaianOrganisasi
from penilaian.views import rhk_with_rencana_aksi, visible_periode
from skp.models import Rhk, Skp, StatusSkp
from skp.perilaku import perilaku_kerja


@login_required
def daftar(request, skp_pk: int):
    """Penilaian: the periods of an SKP with their ratings, and Tambah Periode Penilaian for its owner."""
    skp = get_object_or_404(Skp.objects.visible_to(request.user), pk=skp_pk)
    periods = list(PeriodePenilaian.objects.filter(skp=skp).order_by("mulai", "kode"))
    capaian = dict(
        CapaianUnit.objects.filter(unit_kerja_id=skp.unit_kerja_id, kode__in=[p.kode for p in periods]).values_list(
            "kode", "capaian"
        )
    )
    is_owner = skp.pegawai_id == request.user.pk
    pilihan = services.periode_choices(skp) if is_owner and skp.status == StatusSkp.PERSETUJUAN else []
    # A period whose batas waktu passed is read-only: the list and the choices say so (issue 10).
    today = timezone.localdate()
    overrides = services.batas_waktu_overrides([skp.instansi_id], [p.kode for p in [*periods, *pilihan]])
    for p in periods:
        p.capaian_label = CapaianOrganisasi(capaian[p.kode]).label if p.kode in capaian else ""
        p.lewat = p.status == "terbuka" and today > services.batas_waktu_of(p, overrides)
    own = {kode: d for (_, kode), d in overrides.items()}
    batas = {p.kode: batas_waktu(p, own) for p in pilihan}
    sekarang = services.periode_offered(pilihan, batas, today)
    pilihan = [(p.kode, _choice_label(p, batas[p.kode], today)) for p in pilihan]
    feedback = []
    if is_owner or skp.penilai_id == request.user.pk:
        feedback = list(FeedbackRekan.objects.filter(skp=skp).select_related("pemberi"))
    context = {
        "skp": skp,
        "periods": periods,
        "pilihan": pilihan,
        "terpilih": sekarang.kode if sekarang else "",
        "is_owner": is_owner,
        "feedback": feedback,
    }
    return render(request, "penilaian/daftar.html", context)


def _choice_label(periode, batas, today) -> str:
    label = f"{periode.nama} {periode.mulai:%Y} ({periode.mulai:%d-%m} s.d. {periode.selesai:%d-%m-%Y})"
    if today > batas:
        label += f" — ditutup: batas waktu {batas:%d-%m-%Y} sudah lewat"
    return label


@login_required
@require_POST
def periode_tambah(request, skp_pk: int):
    skp = get_object_or_404(Skp.objects.visible_to(request.user), pk=skp_pk)
    try:
        periode = services.periode_create(actor=request.user, skp_id=skp.pk, kode=request.POST.get("kode", ""))
    except services.PenilaianError as error:
        messages.error(request, str(error))
        return redirect("penilaian:daftar", skp.pk)
    messages.success(request, f"Periode {periode.nama} ditambahkan. Isi Rencana Aksi untuk setiap RHK.")
    return redirect("penilaian:periode", periode.pk)


@login_required
@require_POST
def periode_hapus(request, pk: int):
    """Hapus an empty period, by its owner (docs/rules.md §5.9); the button on the period's page asks first."""
    periode = visible_periode(request, pk)
    if not confirmed(request):
        pertanyaan = (
            f"Periode penilaian {periode.nama} ({periode.mulai:%d-%m-%Y} s.d. {periode.selesai:%d-%m-%Y}) belum berisi "
            "rencana aksi, umpan balik atau rating. Setelah dihapus, periode ini dapat ditambahkan lagi dari halaman "
            "Penilaian."
        )
        return confirm_page(
            request,
            title=f"Hapus periode {periode.nama} {periode.mulai:%Y}?",
            pertanyaan=pertanyaan,
            tombol="Ya, hapus periode",
            kembali=periode_url(periode),
        )
    try:
        services.periode_delete(actor=request.user, periode_id=periode.pk)
    except services.PenilaianError as error:
        messages.error(request, str(error))
        return redirect("penilaian:periode", periode.pk)
    messages.success(request, f"Periode {periode.nama} dihapus.")
    return redirect("penilaian:daftar", periode.skp_id)


@login_required
def periode(request, pk: int):
    """A period's page: batas waktu, every RHK with its rencana aksi, realisasi and bukti dukung."""
    periode = visible_periode(request, pk)
    rhk_list = rhk_with_rencana_aksi(periode, "indikator_list")
    batas = services.batas_waktu_of(periode)
    today = timezone.localdate()
    context = {
        "periode": periode,
        "skp": periode.skp,
        "rhk_list": rhk_list,
        "tanpa_rencana_aksi": [r for r in rhk_list if not r.rencana_aksi_list.all()],
        "batas_waktu": batas,
        "lewat": today > batas,
        "can_write": permissions.can_fill(request.user, periode, batas_waktu=batas, today=today),
        "is_owner": permissions.is_owner(request.user, periode),
        # Tetapkan, Buka kembali (with its reason) and the admin's unlocks: who, when, why (docs/rules.md §7.11).
        "riwayat": list(periode.riwayat.select_related("actor")),
        # What apps above add to the result, e.g. the angka kredit of a Jabatan Fungsional (penilaian.hasil).
        "hasil_tambahan": hasil_tambahan(periode),
    }
    # The atasan's Umpan Balik, for the pegawai to read on screen too, not only on paper (issue 10).
    umpan = list(UmpanBalik.objects.filter(periode=periode))
    by_rhk = {u.rhk_id: u for u in umpan if u.rhk_id}
    for rhk in rhk_list:
        rhk.umpan_balik = by_rhk.get(rhk.pk)
    by_perilaku = {u.perilaku_id: u for u in umpan if u.perilaku_id}
    context["umpan_balik_perilaku"] = [(p, by_perilaku.get(p.nomor)) for p in perilaku_kerja()] if umpan else []
    # Hapus of a period added by mistake (docs/rules.md §5.9); the queries run only for a period still empty.
    context["can_delete"] = (
        context["is_owner"]
        and not context["riwayat"]
        and not any(r.rencana_aksi_list.all() for r in rhk_list)
        and permissions.periode_delete_refusal(request.user, periode, written=services.periode_written(periode)) is None
    )
    return render(request, "penilaian/periode.html", context)


def periode_url(periode: PeriodePenilaian) -> str:
    return reverse("penilaian:periode", args=[periode.pk])


def _form_page(request, periode, form, *, title: str, intro: str = ""):
    context = {"periode": periode, "form": form, "title": title, "intro": intro}
    return render(request, "penilaian/form.html", context)


def _visible_rencana_aksi(request, ra_id: int) -> RencanaAksi:
    return get_object_or_404(
        RencanaAksi.objects.visible_to(request.user).select_related("periode", "periode__skp", "rhk"), pk=ra_id
    )


@login_required
def rencana_aksi_tambah(request, pk: int, rhk_id: int):
    periode = visible_periode(request, pk)
    rhk = get_object_or_404(Rhk, pk=rhk_id, skp_id=periode.skp_id)
    form = RencanaAksiForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.rencana_aksi_create(
                actor=request.user,
                periode_id=periode.pk,
                rhk_id=rhk.pk,
                teks=data["teks"],
                target_angka=data.get("target_angka"),
                satuan=data.get("satuan", ""),
                client_token=data.get("client_token"),
            )
        except services.PenilaianError as error:
            refuse(form, error)
        else:
            messages.success(request, "Rencana aksi ditambahkan.")
            return redirect(f"{periode_url(periode)}#rhk-{rhk.pk}")
    return _form_page(request, periode, form, title="Tambah Rencana Aksi", intro=f"RHK: {rhk.teks}")


@login_required
def rencana_aksi_ubah(request, ra_id: int):
    ra = _visible_rencana_aksi(request, ra_id)
    initial = {"teks": ra.teks, "target_angka": ra.target_angka, "satuan": ra.satuan, "version": ra.version}
    form = RencanaAksiForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.rencana_aksi_update(
                actor=request.user,
                rencana_aksi_id=ra.pk,
                version=data.get("version"),
                teks=data["teks"],
                target_angka=data.get("target_angka"),
                satuan=data.get("satuan", ""),
            )
        except services.PenilaianError as error:
            refuse(form, error)
        else:
            messages.success(request, "Rencana aksi disimpan.")
            return redirect(f"{periode_url(ra.periode)}#rhk-{ra.rhk_id}")
    return _form_page(request, ra.periode, form, title="Ubah Rencana Aksi", intro=f"RHK: {ra.rhk.teks}")


@login_required
def realisasi_ubah(request, ra_id: int):
    ra = _visible_rencana_aksi(request, ra_id)
    initial = {"realisasi": ra.realisasi, "sumber_data": ra.sumber_data, "version": ra.version}
    form = RealisasiForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.realisasi_set(
                actor=request.user,
                rencana_aksi_id=ra.pk,
                version=data.get("version"),
                realisasi=data["realisasi"],
                sumber_data=data["sumber_data"],
            )
        except services.PenilaianError as error:
            refuse(form, error)
        else:
            messages.success(request, "Realisasi disimpan.")
            return redirect(f"{periode_url(ra.periode)}#rhk-{ra.rhk_id}")
    return _form_page(request, ra.periode, form, title="Realisasi", intro=f"Rencana aksi: {ra.teks}")


@login_required
def bukti_tambah(request, ra_id: int):
    ra = _visible_rencana_aksi(request, ra_id)
    form = BuktiDukungForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.bukti_dukung_create(
                actor=request.user,
                rencana_aksi_id=ra.pk,
                nama=data["nama"],
                link=data["link"],
                client_token=data.get("client_token"),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        except services.PenilaianError as error:
            refuse(form, error)
        else:
            messages.success(request, "Bukti dukung ditambahkan.")
            return redirect(f"{periode_url(ra.periode)}#rhk-{ra.rhk_id}")
    return _form_page(request, ra.periode, form, title="Tambah Bukti Dukung", intro=f"Rencana aksi: {ra.teks}")


@login_required
@require_POST
def bukti_hapus(request, bukti_id: int):
    bukti = get_object_or_404(
        BuktiDukung.objects.filter(rencana_aksi__in=RencanaAksi.objects.visible_to(request.user)).select_related(
            "rencana_aksi__periode"
        ),
        pk=bukti_id,
    )
    periode = bukti.rencana_aksi.periode
    back = f"{periode_url(periode)}#rhk-{bukti.rencana_aksi.rhk_id}"
    refusal = permissions.fill_refusal(
        request.user, periode, batas_waktu=services.batas_waktu_of(periode), today=timezone.localdate()
    )
    if refusal is None and not confirmed(request):
        # Hapus asks first: the button sits beside the document's link, one stray tap away (issue 10).
        pertanyaan = (
            f"Bukti dukung “{bukti.nama}” ({bukti.link}) untuk rencana aksi “{bukti.rencana_aksi.teks}” akan dihapus "
            f"dari {periode.nama}. Dokumen di tautannya tidak ikut terhapus."
        )
        return confirm_page(
            request, title="Hapus bukti dukung?", pertanyaan=pertanyaan, tombol="Ya, hapus", kembali=back
        )
    try:
        services.bukti_dukung_delete(actor=request.user, bukti_id=bukti.pk)
    except services.PenilaianError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Bukti dukung dihapus.")
    return redirect(back)

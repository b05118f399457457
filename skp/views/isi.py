"""Editing what an SKP holds: RHK, indikator, lampiran, and the penilai's Ekspektasi Khusus Pimpinan."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_POST

from core.confirm import confirm_page, confirmed
from core.forms import apply_validation_error, refuse
from skp import permissions, services
from skp.forms import EkspektasiForm, IndikatorForm, LampiranForm, RhkForm
from skp.models import (
    EkspektasiPimpinan,
    Indikator,
    JenisLampiran,
    LampiranItem,
    PerilakuKerja,
    Rhk,
    Skp,
)
from skp.views import require, visible_skp
from skp.views.detail import failed, form_page, saved


def _visible_rhk(request, pk: int, rhk_id: int) -> tuple[Skp, Rhk]:
    skp = visible_skp(request, pk)
    return skp, get_object_or_404(Rhk.objects.select_related("rhk_atasan", "unit_kerja"), pk=rhk_id, skp=skp)


@login_required
def rhk_tambah(request, pk: int):
    skp = visible_skp(request, pk)
    require(permissions.can_edit(request.user, skp))
    form = RhkForm(request.POST or None, skp=skp)
    if request.method == "POST" and form.is_valid():
        try:
            rhk = services.rhk_create(
                actor=request.user,
                skp_id=skp.pk,
                client_token=form.cleaned_data.get("client_token"),
                **form.service_kwargs(),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        except services.SkpError as error:
            refuse(form, error)
        else:
            return saved(request, skp, "RHK ditambahkan. Lanjutkan dengan Tambah Indikator.", f"#rhk-{rhk.pk}")
    intro = ""
    if not skp.is_pimpinan_model and not form.fields["rhk_atasan"].queryset.exists():
        intro = _atasan_belum_mengajukan(skp)
    return form_page(request, skp, form, title="Tambah Rencana Hasil Kerja (RHK)", submit="Simpan", intro=intro)


def _atasan_belum_mengajukan(skp: Skp) -> str:
    if skp.penilai_id is None:
        return "Pejabat penilai Anda belum ditetapkan. Admin instansi dapat mengatur atasan Anda, lalu klik Muat ulang."
    nama = skp.penilai_snapshot.get("nama", "atasan Anda")
    return (
        f"Atasan Anda, {nama}, belum mengajukan SKP tahun {skp.tahun}, sehingga belum ada RHK atasan yang dapat "
        "diintervensi. Minta beliau menyusun dan mengajukan SKP-nya terlebih dahulu."
    )


@login_required
def rhk_ubah(request, pk: int, rhk_id: int):
    skp, rhk = _visible_rhk(request, pk, rhk_id)
    require(permissions.can_edit(request.user, skp))
    initial = {
        "jenis": rhk.jenis,
        "klasifikasi": rhk.klasifikasi,
        "unit_kerja": rhk.unit_kerja_id,
        "teks": rhk.teks,
        "penugasan_dari": rhk.penugasan_dari,
        "rhk_atasan": rhk.rhk_atasan_id,
        "version": rhk.version,
    }
    form = RhkForm(request.POST or None, skp=skp, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.rhk_update(
                actor=request.user, rhk_id=rhk.pk, version=form.cleaned_data.get("version"), **form.service_kwargs()
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        except services.SkpError as error:
            refuse(form, error)
        else:
            return saved(request, skp, "RHK disimpan.", f"#rhk-{rhk.pk}")
    base = f"{skp.get_absolute_url()}rhk/{rhk.pk}/"
    actions = _row_actions(base, rhk.version, "RHK", "Hapus RHK ini beserta indikatornya?")
    return form_page(request, skp, form, title="Ubah Rencana Hasil Kerja", submit="Simpan", row_actions=actions)


def _row_actions(base: str, version: int, what: str, confirm: str) -> list[dict]:
    return [
        {"url": base + "geser/", "label": f"Pindahkan {what} ke atas", "arah": "naik"},
        {"url": base + "geser/", "label": f"Pindahkan {what} ke bawah", "arah": "turun"},
        {"url": base + "hapus/", "label": f"Hapus {what}", "version": version, "confirm": confirm, "danger": True},
    ]


@login_required
@require_POST
def rhk_hapus(request, pk: int, rhk_id: int):
    skp, rhk = _visible_rhk(request, pk, rhk_id)
    require(permissions.can_edit(request.user, skp))
    if not confirmed(request):
        pertanyaan = f"RHK “{rhk.teks}” beserta indikatornya akan dihapus dari SKP ini."
        return confirm_page(
            request, title="Hapus RHK?", pertanyaan=pertanyaan, tombol="Ya, hapus RHK", kembali=skp.get_absolute_url()
        )
    try:
        services.rhk_delete(actor=request.user, rhk_id=rhk.pk, version=request.POST.get("version"))
    except services.SkpError as error:
        return failed(request, skp, error)
    return saved(request, skp, "RHK dihapus.", "#hasil-kerja")


@login_required
@require_POST
def rhk_geser(request, pk: int, rhk_id: int):
    skp, rhk = _visible_rhk(request, pk, rhk_id)
    require(permissions.can_edit(request.user, skp))
    try:
        services.rhk_move(actor=request.user, rhk_id=rhk.pk, direction=request.POST.get("arah", ""))
    except services.SkpError as error:
        return failed(request, skp, error)
    return saved(request, skp, "Urutan RHK diubah.", f"#rhk-{rhk.pk}")


def _indikator_data(form) -> dict:
    return {k: v for k, v in form.cleaned_data.items() if k not in ("client_token", "version")}


@login_required
def indikator_tambah(request, pk: int, rhk_id: int):
    skp, rhk = _visible_rhk(request, pk, rhk_id)
    require(permissions.can_edit(request.user, skp))
    form = IndikatorForm(request.POST or None, skp=skp)
    if request.method == "POST" and form.is_valid():
        try:
            services.indikator_create(
                actor=request.user,
                rhk_id=rhk.pk,
                data=_indikator_data(form),
                client_token=form.cleaned_data.get("client_token"),
            )
        except services.SkpError as error:
            refuse(form, error)
        else:
            return saved(request, skp, "Indikator ditambahkan.", f"#rhk-{rhk.pk}")
    return form_page(request, skp, form, title="Tambah Indikator", submit="Simpan", intro=f"RHK: {rhk.teks}")


def _visible_indikator(request, pk: int, indikator_id: int) -> tuple[Skp, Indikator]:
    skp = visible_skp(request, pk)
    return skp, get_object_or_404(Indikator.objects.select_related("rhk"), pk=indikator_id, rhk__skp=skp)


@login_required
def indikator_ubah(request, pk: int, indikator_id: int):
    skp, indikator = _visible_indikator(request, pk, indikator_id)
    require(permissions.can_edit(request.user, skp))
    initial = {
        "teks": indikator.teks,
        "target_angka": indikator.target_angka,
        "satuan": indikator.satuan,
        "perspektif": indikator.perspektif,
        "aspek": indikator.aspek,
        "version": indikator.version,
    }
    form = IndikatorForm(request.POST or None, skp=skp, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.indikator_update(
                actor=request.user,
                indikator_id=indikator.pk,
                version=form.cleaned_data.get("version"),
                data=_indikator_data(form),
            )
        except services.SkpError as error:
            refuse(form, error)
        else:
            return saved(request, skp, "Indikator disimpan.", f"#rhk-{indikator.rhk_id}")
    base = f"{skp.get_absolute_url()}indikator/{indikator.pk}/"
    actions = _row_actions(base, indikator.version, "indikator", "Hapus indikator ini?")
    return form_page(
        request,
        skp,
        form,
        title="Ubah Indikator",
        submit="Simpan",
        intro=f"RHK: {indikator.rhk.teks}",
        row_actions=actions,
    )


@login_required
@require_POST
def indikator_hapus(request, pk: int, indikator_id: int):
    skp, indikator = _visible_indikator(request, pk, indikator_id)
    require(permissions.can_edit(request.user, skp))
    if not confirmed(request):
        pertanyaan = f"Indikator “{indikator.teks}” akan dihapus dari RHK-nya."
        return confirm_page(
            request,
            title="Hapus indikator?",
            pertanyaan=pertanyaan,
            tombol="Ya, hapus indikator",
            kembali=skp.get_absolute_url(),
        )
    try:
        services.indikator_delete(actor=request.user, indikator_id=indikator.pk, version=request.POST.get("version"))
    except services.SkpError as error:
        return failed(request, skp, error)
    return saved(request, skp, "Indikator dihapus.", f"#rhk-{indikator.rhk_id}")


@login_required
@require_POST
def indikator_geser(request, pk: int, indikator_id: int):
    skp, indikator = _visible_indikator(request, pk, indikator_id)
    require(permissions.can_edit(request.user, skp))
    try:
        services.indikator_move(actor=request.user, indikator_id=indikator.pk, direction=request.POST.get("arah", ""))
    except services.SkpError as error:
        return failed(request, skp, error)
    return saved(request, skp, "Urutan indikator diubah.", f"#rhk-{indikator.rhk_id}")


# --- Lampiran and Ekspektasi --------------------------------------------------------------------------


@login_required
def lampiran_tambah(request, pk: int):
    skp = visible_skp(request, pk)
    require(permissions.can_edit(request.user, skp))
    form = LampiranForm(request.POST or None, initial={"jenis": request.GET.get("jenis", JenisLampiran.SUMBER_DAYA)})
    if request.method == "POST" and form.is_valid():
        try:
            services.lampiran_create(
                actor=request.user,
                skp_id=skp.pk,
                jenis=form.cleaned_data["jenis"],
                teks=form.cleaned_data["teks"],
                client_token=form.cleaned_data.get("client_token"),
            )
        except services.SkpError as error:
            refuse(form, error)
        else:
            return saved(request, skp, "Lampiran ditambahkan.", "#lampiran")
    return form_page(request, skp, form, title="Tambah Lampiran", submit="Simpan")


@login_required
def lampiran_ubah(request, pk: int, item_id: int):
    skp = visible_skp(request, pk)
    item = get_object_or_404(LampiranItem, pk=item_id, skp=skp)
    require(permissions.can_edit(request.user, skp))
    form = LampiranForm(request.POST or None, initial={"jenis": item.jenis, "teks": item.teks, "version": item.version})
    form.fields["jenis"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.lampiran_update(
                actor=request.user,
                item_id=item.pk,
                version=form.cleaned_data.get("version"),
                teks=form.cleaned_data["teks"],
            )
        except services.SkpError as error:
            refuse(form, error)
        else:
            return saved(request, skp, "Lampiran disimpan.", "#lampiran")
    hapus = {
        "url": f"{skp.get_absolute_url()}lampiran/{item.pk}/hapus/",
        "label": "Hapus butir lampiran",
        "version": item.version,
        "confirm": "Hapus butir lampiran ini?",
        "danger": True,
    }
    return form_page(request, skp, form, title="Ubah Lampiran", submit="Simpan", row_actions=[hapus])


@login_required
@require_POST
def lampiran_hapus(request, pk: int, item_id: int):
    skp = visible_skp(request, pk)
    item = get_object_or_404(LampiranItem, pk=item_id, skp=skp)
    require(permissions.can_edit(request.user, skp))
    if not confirmed(request):
        pertanyaan = f"Butir lampiran “{item.teks}” akan dihapus."
        return confirm_page(
            request,
            title="Hapus lampiran?",
            pertanyaan=pertanyaan,
            tombol="Ya, hapus lampiran",
            kembali=skp.get_absolute_url(),
        )
    try:
        services.lampiran_delete(actor=request.user, item_id=item.pk, version=request.POST.get("version"))
    except services.SkpError as error:
        return failed(request, skp, error)
    return saved(request, skp, "Lampiran dihapus.", "#lampiran")


@login_required
def ekspektasi_ubah(request, pk: int, nomor: int):
    skp = visible_skp(request, pk)
    perilaku = get_object_or_404(PerilakuKerja, nomor=nomor)
    require(permissions.can_set_ekspektasi(request.user, skp))
    current = EkspektasiPimpinan.objects.filter(skp=skp, perilaku=perilaku).first()
    initial = {"teks": current.teks if current else "", "version": current.version if current else None}
    form = EkspektasiForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.ekspektasi_set(
                actor=request.user,
                skp_id=skp.pk,
                perilaku=perilaku,
                teks=form.cleaned_data["teks"],
                version=form.cleaned_data.get("version"),
            )
        except services.SkpError as error:
            refuse(form, error)
        else:
            return saved(request, skp, "Ekspektasi Khusus Pimpinan disimpan.", "#perilaku")
    panduan = "; ".join(perilaku.panduan)
    return form_page(
        request, skp, form, title=f"Ekspektasi Khusus Pimpinan: {perilaku.nama}", submit="Simpan", intro=panduan
    )

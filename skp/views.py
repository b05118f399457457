"""SKP pages: Daftar SKP, Tambah SKP, Detail SKP with in-place editing, Ajukan SKP, SKP Bawahan, Edit Status,
Matriks Peran Hasil. Views are thin: scoped lookup → form → service → redirect or render. Every form works
without JavaScript; with HTMX the form opens in #panel and a save refreshes the SKP body in place."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_POST

from accounts.models import PltAssignment, User
from skp import permissions, services
from skp.forms import (
    EkspektasiForm,
    IndikatorForm,
    LampiranForm,
    MphNipForm,
    MphRhkForm,
    RhkForm,
    SkpEditForm,
    SkpForm,
    StatusForm,
    apply_validation_error,
    refuse,
)
from skp.models import (
    EkspektasiPimpinan,
    Indikator,
    JenisLampiran,
    JenisRhk,
    LampiranItem,
    MphRow,
    PerilakuKerja,
    Rhk,
    Skp,
    SkpStatusChange,
    StatusSkp,
)
from skp.perilaku import perilaku_kerja


def _visible_skp(request, pk: int) -> Skp:
    """The SKP if the user may see it, else 404. Pages show the snapshots, so nothing related is joined."""
    return get_object_or_404(Skp.objects.visible_to(request.user), pk=pk)


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# --- Daftar SKP and Tambah SKP --------------------------------------------------------------------------


@login_required
def daftar(request):
    """Daftar SKP: the pegawai's own SKPs, newest first."""
    skp_list = Skp.objects.filter(pegawai=request.user).select_related("plt").order_by("-periode_awal", "plt_id")
    context = {"skp_list": skp_list, "has_bawahan": services.has_bawahan(request.user)}
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
    return render(request, "skp/tambah.html", {"form": form, "has_atasan": user.atasan_id is not None})


# --- Detail SKP ---------------------------------------------------------------------------------------


class SkpIsi:
    """The body of Detail SKP (hasil kerja, perilaku, lampiran, riwayat), loaded only when the template asks:
    when the rendered body is cached for this SKP version (templates/skp/detail.html), nothing is queried."""

    def __init__(self, skp: Skp):
        self.skp = skp

    @cached_property
    def _rhk(self) -> list[Rhk]:
        return list(
            Rhk.objects.filter(skp=self.skp)
            .select_related("rhk_atasan", "unit_kerja")
            .prefetch_related(Prefetch("indikator_list", queryset=Indikator.objects.order_by("urutan", "pk")))
            .order_by("urutan", "pk")
        )

    @cached_property
    def utama(self) -> list[Rhk]:
        return [r for r in self._rhk if r.jenis == JenisRhk.UTAMA]

    @cached_property
    def tambahan(self) -> list[Rhk]:
        return [r for r in self._rhk if r.jenis == JenisRhk.TAMBAHAN]

    @cached_property
    def perilaku(self) -> list:
        ekspektasi = {e.perilaku_id: e for e in EkspektasiPimpinan.objects.filter(skp=self.skp)}
        return [(p, ekspektasi.get(p.nomor)) for p in perilaku_kerja()]

    @cached_property
    def lampiran(self) -> list:
        groups = {jenis: [] for jenis in JenisLampiran}
        for item in LampiranItem.objects.filter(skp=self.skp).order_by("urutan", "pk"):
            groups[JenisLampiran(item.jenis)].append(item)
        return list(groups.items())

    @cached_property
    def riwayat(self) -> list[SkpStatusChange]:
        return list(SkpStatusChange.objects.filter(skp=self.skp).select_related("actor"))


def detail_context(request, skp: Skp) -> dict:
    """What the Detail SKP page shows. The header is computed here; the body lazily (SkpIsi)."""
    user = request.user
    can_edit = permissions.can_edit(user, skp)
    # Annotated by services.with_page_flags on the detail page; other callers (HTMX refresh) query.
    ada_rhk_atasan = getattr(skp, "ada_rhk_atasan", None)
    if ada_rhk_atasan is None:
        ada_rhk_atasan = services.rhk_atasan_choices(skp).exists()
    pemilik_penilai = getattr(skp, "pemilik_penilai", None)
    if pemilik_penilai is None:
        pemilik_penilai = services.has_bawahan(skp.pegawai)
    atasan_belum_mengajukan = can_edit and skp.model == "pegawai" and skp.penilai_id is not None and not ada_rhk_atasan
    catatan_revisi = ""
    if skp.status == StatusSkp.REVISI:
        last = SkpStatusChange.objects.filter(skp=skp, ke=StatusSkp.REVISI).order_by("-created_at", "-pk").first()
        catatan_revisi = last.catatan if last else ""
    return {
        "skp": skp,
        "base": skp.get_absolute_url(),
        "isi": SkpIsi(skp),
        "identitas": [
            ("Pegawai yang Dinilai", skp.pegawai_snapshot),
            ("Pejabat Penilai Kinerja", skp.penilai_snapshot),
        ],
        "catatan_revisi": catatan_revisi,
        "is_owner": permissions.is_owner(user, skp),
        "can_use_mph": permissions.can_use_mph(user, skp, is_penilai=pemilik_penilai),
        "can_edit": can_edit,
        "can_delete": permissions.can_delete(user, skp),
        "can_review": permissions.can_review(user, skp),
        # Whether a penilaian period is final matters only to the penilai of an approved SKP.
        "can_reopen": permissions.can_reopen(user, skp, penilaian_final=False) and not services.penilaian_final(skp),
        "can_set_ekspektasi": permissions.can_set_ekspektasi(user, skp),
        "atasan_belum_mengajukan": atasan_belum_mengajukan,
    }


@login_required
def detail(request, pk: int):
    skp = get_object_or_404(services.with_page_flags(Skp.objects.visible_to(request.user)), pk=pk)
    if request.htmx and request.GET.get("panel") == "tutup":
        return HttpResponse("")
    return render(request, "skp/detail.html", detail_context(request, skp))


def _saved(request, skp: Skp, message: str, anchor: str = ""):
    """After a successful change: refresh the SKP body in place (HTMX) or go back to the page."""
    if request.htmx:
        skp = services.with_page_flags(Skp.objects.all()).get(pk=skp.pk)
        context = {**detail_context(request, skp), "flash": message}
        return render(request, "skp/detail.html#refresh", context)
    messages.success(request, message)
    return redirect(skp.get_absolute_url() + anchor)


def _form_page(request, skp: Skp, form, *, title: str, submit: str, intro: str = "", row_actions=()):
    """The form as a page of its own (no JavaScript) or as a fragment for #panel (HTMX).
    row_actions: the row's other actions (Hapus, move up/down), as small POST forms under the form."""
    context = {
        "skp": skp,
        "form": form,
        "title": title,
        "submit": submit,
        "intro": intro,
        "action": request.path,
        "row_actions": row_actions,
    }
    return render(request, "skp/form.html#form" if request.htmx else "skp/form.html", context)


def _failed(request, skp: Skp, error: Exception):
    """A refused action that had no form (hapus, geser, muat ulang)."""
    if request.htmx:
        return render(request, "skp/form.html#error", {"skp": skp, "error": str(error)})
    messages.error(request, str(error))
    return redirect(skp)


@login_required
def ubah(request, pk: int):
    skp = _visible_skp(request, pk)
    _require(permissions.can_edit(request.user, skp))
    initial = {"periode_awal": skp.periode_awal, "periode_akhir": skp.periode_akhir, "pendekatan": skp.pendekatan}
    form = SkpEditForm(request.POST or None, initial={**initial, "version": skp.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.skp_update(actor=request.user, skp_id=skp.pk, **form.cleaned_data)
        except ValidationError as error:
            apply_validation_error(form, error)
        except services.SkpError as error:
            refuse(form, error)
        else:
            return _saved(request, skp, "Periode SKP disimpan.")
    return _form_page(request, skp, form, title="Ubah SKP", submit="Simpan")


@login_required
@require_POST
def hapus(request, pk: int):
    skp = _visible_skp(request, pk)
    _require(permissions.can_delete(request.user, skp))
    try:
        services.skp_delete(actor=request.user, skp_id=skp.pk)
    except services.SkpError as error:
        return _failed(request, skp, error)
    messages.success(request, "SKP dihapus.")
    return redirect("skp:daftar")


@login_required
@require_POST
def muat_ulang(request, pk: int):
    skp = _visible_skp(request, pk)
    _require(permissions.can_edit(request.user, skp))
    try:
        services.skp_refresh_penilai(actor=request.user, skp_id=skp.pk)
    except services.SkpError as error:
        return _failed(request, skp, error)
    messages.success(request, "Data pegawai dan pejabat penilai dimuat ulang dari profil terbaru.")
    return redirect(skp)


@login_required
def ajukan(request, pk: int):
    """Ajukan SKP: a confirmation page listing what is still missing, then the submit."""
    skp = _visible_skp(request, pk)
    if request.method == "POST" and permissions.is_owner(request.user, skp) and skp.status == StatusSkp.PENGAJUAN:
        return redirect(skp)  # a second click on Ajukan SKP: the first one already submitted it
    _require(permissions.can_submit(request.user, skp))
    error = None
    if request.method == "POST":
        try:
            services.skp_submit(actor=request.user, skp_id=skp.pk, version=request.POST.get("version"))
        except services.SkpError as exc:
            error = str(exc)
        else:
            messages.success(request, "SKP diajukan. Pejabat penilai akan meninjaunya.")
            return redirect(skp)
    context = {"skp": skp, "missing": services.missing_for_submission(skp), "error": error}
    return render(request, "skp/ajukan.html", context)


@login_required
def edit_status(request, pk: int):
    """Edit Status by the penilai: Persetujuan, Kembalikan, or Buka kembali."""
    skp = _visible_skp(request, pk)
    if (
        request.method == "POST"
        and permissions.is_penilai(request.user, skp)
        and request.POST.get("status") == skp.status
    ):
        return redirect(skp)  # a second click on the same decision: the first one already made it
    final = services.penilaian_final(skp)
    _require(
        permissions.can_review(request.user, skp) or permissions.can_reopen(request.user, skp, penilaian_final=final)
    )
    form = StatusForm(request.POST or None, skp=skp, initial={"version": skp.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.skp_set_status(
                actor=request.user,
                skp_id=skp.pk,
                version=form.cleaned_data.get("version"),
                status=form.cleaned_data["status"],
                catatan=form.cleaned_data.get("catatan", ""),
            )
        except services.SkpError as error:
            refuse(form, error)
        else:
            skp.refresh_from_db()
            return _saved(request, skp, f"Status SKP sekarang {skp.get_status_display()}.")
    return _form_page(request, skp, form, title="Edit Status", submit="Simpan")


# --- RHK and indikator ----------------------------------------------------------------------------------


def _visible_rhk(request, pk: int, rhk_id: int) -> tuple[Skp, Rhk]:
    skp = _visible_skp(request, pk)
    return skp, get_object_or_404(Rhk.objects.select_related("rhk_atasan", "unit_kerja"), pk=rhk_id, skp=skp)


@login_required
def rhk_tambah(request, pk: int):
    skp = _visible_skp(request, pk)
    _require(permissions.can_edit(request.user, skp))
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
            return _saved(request, skp, "RHK ditambahkan. Lanjutkan dengan Tambah Indikator.", f"#rhk-{rhk.pk}")
    intro = ""
    if not skp.is_pimpinan_model and not form.fields["rhk_atasan"].queryset.exists():
        intro = _atasan_belum_mengajukan(skp)
    return _form_page(request, skp, form, title="Tambah Rencana Hasil Kerja (RHK)", submit="Simpan", intro=intro)


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
    _require(permissions.can_edit(request.user, skp))
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
            return _saved(request, skp, "RHK disimpan.", f"#rhk-{rhk.pk}")
    base = f"{skp.get_absolute_url()}rhk/{rhk.pk}/"
    actions = _row_actions(base, rhk.version, "RHK", "Hapus RHK ini beserta indikatornya?")
    return _form_page(request, skp, form, title="Ubah Rencana Hasil Kerja", submit="Simpan", row_actions=actions)


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
    _require(permissions.can_edit(request.user, skp))
    try:
        services.rhk_delete(actor=request.user, rhk_id=rhk.pk, version=request.POST.get("version"))
    except services.SkpError as error:
        return _failed(request, skp, error)
    return _saved(request, skp, "RHK dihapus.", "#hasil-kerja")


@login_required
@require_POST
def rhk_geser(request, pk: int, rhk_id: int):
    skp, rhk = _visible_rhk(request, pk, rhk_id)
    _require(permissions.can_edit(request.user, skp))
    try:
        services.rhk_move(actor=request.user, rhk_id=rhk.pk, direction=request.POST.get("arah", ""))
    except services.SkpError as error:
        return _failed(request, skp, error)
    return _saved(request, skp, "Urutan RHK diubah.", f"#rhk-{rhk.pk}")


def _indikator_data(form) -> dict:
    return {k: v for k, v in form.cleaned_data.items() if k not in ("client_token", "version")}


@login_required
def indikator_tambah(request, pk: int, rhk_id: int):
    skp, rhk = _visible_rhk(request, pk, rhk_id)
    _require(permissions.can_edit(request.user, skp))
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
            return _saved(request, skp, "Indikator ditambahkan.", f"#rhk-{rhk.pk}")
    return _form_page(request, skp, form, title="Tambah Indikator", submit="Simpan", intro=f"RHK: {rhk.teks}")


def _visible_indikator(request, pk: int, indikator_id: int) -> tuple[Skp, Indikator]:
    skp = _visible_skp(request, pk)
    return skp, get_object_or_404(Indikator.objects.select_related("rhk"), pk=indikator_id, rhk__skp=skp)


@login_required
def indikator_ubah(request, pk: int, indikator_id: int):
    skp, indikator = _visible_indikator(request, pk, indikator_id)
    _require(permissions.can_edit(request.user, skp))
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
            return _saved(request, skp, "Indikator disimpan.", f"#rhk-{indikator.rhk_id}")
    base = f"{skp.get_absolute_url()}indikator/{indikator.pk}/"
    actions = _row_actions(base, indikator.version, "indikator", "Hapus indikator ini?")
    return _form_page(
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
    _require(permissions.can_edit(request.user, skp))
    try:
        services.indikator_delete(actor=request.user, indikator_id=indikator.pk, version=request.POST.get("version"))
    except services.SkpError as error:
        return _failed(request, skp, error)
    return _saved(request, skp, "Indikator dihapus.", f"#rhk-{indikator.rhk_id}")


@login_required
@require_POST
def indikator_geser(request, pk: int, indikator_id: int):
    skp, indikator = _visible_indikator(request, pk, indikator_id)
    _require(permissions.can_edit(request.user, skp))
    try:
        services.indikator_move(actor=request.user, indikator_id=indikator.pk, direction=request.POST.get("arah", ""))
    except services.SkpError as error:
        return _failed(request, skp, error)
    return _saved(request, skp, "Urutan indikator diubah.", f"#rhk-{indikator.rhk_id}")


# --- Lampiran and Ekspektasi --------------------------------------------------------------------------


@login_required
def lampiran_tambah(request, pk: int):
    skp = _visible_skp(request, pk)
    _require(permissions.can_edit(request.user, skp))
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
            return _saved(request, skp, "Lampiran ditambahkan.", "#lampiran")
    return _form_page(request, skp, form, title="Tambah Lampiran", submit="Simpan")


@login_required
def lampiran_ubah(request, pk: int, item_id: int):
    skp = _visible_skp(request, pk)
    item = get_object_or_404(LampiranItem, pk=item_id, skp=skp)
    _require(permissions.can_edit(request.user, skp))
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
            return _saved(request, skp, "Lampiran disimpan.", "#lampiran")
    hapus = {
        "url": f"{skp.get_absolute_url()}lampiran/{item.pk}/hapus/",
        "label": "Hapus butir lampiran",
        "version": item.version,
        "confirm": "Hapus butir lampiran ini?",
        "danger": True,
    }
    return _form_page(request, skp, form, title="Ubah Lampiran", submit="Simpan", row_actions=[hapus])


@login_required
@require_POST
def lampiran_hapus(request, pk: int, item_id: int):
    skp = _visible_skp(request, pk)
    item = get_object_or_404(LampiranItem, pk=item_id, skp=skp)
    _require(permissions.can_edit(request.user, skp))
    try:
        services.lampiran_delete(actor=request.user, item_id=item.pk, version=request.POST.get("version"))
    except services.SkpError as error:
        return _failed(request, skp, error)
    return _saved(request, skp, "Lampiran dihapus.", "#lampiran")


@login_required
def ekspektasi_ubah(request, pk: int, nomor: int):
    skp = _visible_skp(request, pk)
    perilaku = get_object_or_404(PerilakuKerja, nomor=nomor)
    _require(permissions.can_set_ekspektasi(request.user, skp))
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
            return _saved(request, skp, "Ekspektasi Khusus Pimpinan disimpan.", "#perilaku")
    panduan = "; ".join(perilaku.panduan)
    return _form_page(
        request, skp, form, title=f"Ekspektasi Khusus Pimpinan: {perilaku.nama}", submit="Simpan", intro=panduan
    )


# --- SKP Bawahan --------------------------------------------------------------------------------------


@login_required
def bawahan(request):
    """SKP Bawahan: the SKPs the user assesses, by year and status; Draft rows have no link [MAN22 §6].
    Bawahan without an SKP for the year are listed too, so the atasan sees who has not started."""
    try:
        tahun = int(request.GET.get("tahun") or timezone.localdate().year)
    except ValueError:
        tahun = timezone.localdate().year
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


# --- Matriks Peran Hasil ------------------------------------------------------------------------------


@login_required
def matriks(request, pk: int):
    """Matriks Peran Hasil: columns are the penilai's indikator grouped by RHK; rows are team members' SKPs;
    a cell lists the member's RHK that intervene that RHK."""
    skp = _visible_skp(request, pk)
    _require(permissions.can_use_mph(request.user, skp, is_penilai=services.has_bawahan(request.user)))
    rhk_list = list(
        Rhk.objects.filter(skp=skp)
        .prefetch_related(Prefetch("indikator_list", queryset=Indikator.objects.order_by("urutan", "pk")))
        .order_by("-jenis", "urutan", "pk")
    )
    rows = list(
        MphRow.objects.filter(penilai_skp=skp)
        .select_related("skp")
        .order_by("skp__pegawai_snapshot__nama", "skp__periode_awal")
    )
    cells: dict[tuple[int, int], list[Rhk]] = {}
    for member_rhk in Rhk.objects.filter(skp__in=[row.skp_id for row in rows], rhk_atasan__skp=skp).order_by("urutan"):
        cells.setdefault((member_rhk.skp_id, member_rhk.rhk_atasan_id), []).append(member_rhk)
    grid = [(row, [(rhk, cells.get((row.skp_id, rhk.pk), [])) for rhk in rhk_list]) for row in rows]
    return render(request, "skp/matriks.html", {"skp": skp, "rhk_list": rhk_list, "grid": grid})


@login_required
@require_POST
def matriks_sinkronisasi(request, pk: int):
    skp = _visible_skp(request, pk)
    _require(permissions.can_use_mph(request.user, skp, is_penilai=services.has_bawahan(request.user)))
    added = services.mph_sync(actor=request.user, skp_id=skp.pk)
    messages.success(
        request, f"Sinkronisasi selesai: {added} SKP bawahan ditambahkan." if added else "Tidak ada SKP bawahan baru."
    )
    return redirect("skp:matriks", skp.pk)


@login_required
def matriks_tambah_pegawai(request, pk: int):
    """Tambah Pegawai: find a colleague of the instansi by NIP (a POST, so the NIP stays out of URLs),
    then pick which of their SKPs of the year to add."""
    skp = _visible_skp(request, pk)
    _require(permissions.can_use_mph(request.user, skp, is_penilai=services.has_bawahan(request.user)))
    form = MphNipForm(request.POST or None)
    candidates = None
    if request.method == "POST" and "skp_anggota" in request.POST:
        try:
            services.mph_add(actor=request.user, skp_id=skp.pk, member_skp_id=int(request.POST["skp_anggota"]))
        except (services.SkpError, ValueError) as error:
            messages.error(request, str(error) or "Pilihan SKP tidak valid.")
        else:
            messages.success(request, "Pegawai ditambahkan ke Matriks Peran Hasil.")
            return redirect("skp:matriks", skp.pk)
    elif request.method == "POST" and form.is_valid():
        candidates = list(services.mph_candidate_skps(actor=request.user, skp=skp, nip=form.cleaned_data["nip"]))
        if not candidates:
            form.add_error("nip", f"Tidak ada SKP tahun {skp.tahun} milik pegawai instansi Anda dengan NIP tersebut.")
    return render(request, "skp/matriks_tambah_pegawai.html", {"skp": skp, "form": form, "candidates": candidates})


@login_required
def matriks_rhk(request, pk: int, row_id: int, rhk_id: int):
    """Tambah RHK from a cell: an RHK in the member's SKP, intervening the penilai's RHK of the column."""
    skp = _visible_skp(request, pk)
    _require(permissions.can_use_mph(request.user, skp, is_penilai=services.has_bawahan(request.user)))
    row = get_object_or_404(MphRow.objects.select_related("skp"), pk=row_id, penilai_skp=skp)
    rhk_atasan = get_object_or_404(Rhk, pk=rhk_id, skp=skp)
    form = MphRhkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.mph_rhk_create(
                actor=request.user,
                penilai_skp_id=skp.pk,
                member_skp_id=row.skp_id,
                rhk_atasan_id=rhk_atasan.pk,
                jenis=form.cleaned_data["jenis"],
                teks=form.cleaned_data["teks"],
                client_token=form.cleaned_data.get("client_token"),
            )
        except services.SkpError as error:
            refuse(form, error)
        else:
            messages.success(request, f"RHK ditambahkan ke SKP {row.skp.pegawai_snapshot.get('nama')}.")
            return redirect("skp:matriks", skp.pk)
    intro = f"Untuk {row.skp.pegawai_snapshot.get('nama')}, mengintervensi RHK Anda: {rhk_atasan.teks}"
    context = {
        "skp": skp,
        "form": form,
        "title": "Tambah RHK",
        "submit": "Simpan",
        "intro": intro,
        "action": request.path,
    }
    return render(request, "skp/form.html", context)

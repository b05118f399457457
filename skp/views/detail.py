"""Detail SKP and the actions on the SKP itself (Ubah, Hapus, Muat ulang, Ajukan SKP, Edit Status); the form
page and the in-place refresh that every SKP view shares."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRedirect

from core.confirm import confirm_page, confirmed
from core.forms import apply_validation_error, refuse
from core.prepared import prepared
from skp import permissions, services
from skp.forms import SkpEditForm, StatusForm
from skp.models import (
    EkspektasiPimpinan,
    Indikator,
    JenisLampiran,
    JenisRhk,
    LampiranItem,
    MphRow,
    Rhk,
    Skp,
    SkpStatusChange,
    StatusSkp,
    visibility_rule,
)
from skp.perilaku import perilaku_kerja
from skp.views import require, visible_skp


# The body's queries, compiled once per process (core.prepared): with the fragment cache cold (a new SKP version,
# a new app process) building and compiling them cost more than running them (docs/performance.md).
@prepared(skp_id=int)
def _rhk_of(skp_id: int):
    return (
        Rhk.objects.filter(skp=skp_id)
        .select_related("rhk_atasan", "unit_kerja", "dibuat_oleh")
        .order_by("urutan", "pk")
    )


@prepared(skp_id=int)
def _indikator_of(skp_id: int):
    return Indikator.objects.filter(rhk__skp=skp_id).order_by("urutan", "pk")


@prepared(skp_id=int)
def _ekspektasi_of(skp_id: int):
    return EkspektasiPimpinan.objects.filter(skp=skp_id)


@prepared(skp_id=int)
def _lampiran_of(skp_id: int):
    return LampiranItem.objects.filter(skp=skp_id).order_by("urutan", "pk")


@prepared(skp_id=int)
def _riwayat_of(skp_id: int):
    return SkpStatusChange.objects.filter(skp=skp_id).select_related("actor")


class SkpIsi:
    """The body of Detail SKP (hasil kerja, perilaku, lampiran, riwayat), loaded only when the template asks:
    when the rendered body is cached for this SKP version (templates/skp/detail.html), nothing is queried."""

    def __init__(self, skp: Skp):
        self.skp = skp

    @cached_property
    def _rhk(self) -> list[Rhk]:
        """The RHK in order, each with its indikator in order as `indikator_urut`: two queries."""
        rhk_list = _rhk_of(skp_id=self.skp.pk)
        indikator = {rhk.pk: [] for rhk in rhk_list}
        for item in _indikator_of(skp_id=self.skp.pk):
            indikator[item.rhk_id].append(item)
        for rhk in rhk_list:
            rhk.indikator_urut = indikator[rhk.pk]
        return rhk_list

    @cached_property
    def utama(self) -> list[Rhk]:
        return [r for r in self._rhk if r.jenis == JenisRhk.UTAMA]

    @cached_property
    def tambahan(self) -> list[Rhk]:
        return [r for r in self._rhk if r.jenis == JenisRhk.TAMBAHAN]

    @cached_property
    def perilaku(self) -> list:
        ekspektasi = {e.perilaku_id: e for e in _ekspektasi_of(skp_id=self.skp.pk)}
        return [(p, ekspektasi.get(p.nomor)) for p in perilaku_kerja()]

    @cached_property
    def lampiran(self) -> list:
        groups = {jenis: [] for jenis in JenisLampiran}
        for item in _lampiran_of(skp_id=self.skp.pk):
            groups[JenisLampiran(item.jenis)].append(item)
        return list(groups.items())

    @cached_property
    def riwayat(self) -> list[SkpStatusChange]:
        return _riwayat_of(skp_id=self.skp.pk)


def detail_context(request, skp: Skp) -> dict:
    """What the Detail SKP page shows. The header is computed here; the body lazily (SkpIsi). `skp` comes
    from SkpQuerySet.with_page_flags."""
    user = request.user
    can_edit = permissions.can_edit(user, skp)
    atasan_belum_mengajukan = (
        can_edit and skp.model == "pegawai" and skp.penilai_id is not None and not skp.ada_rhk_atasan
    )
    catatan_revisi = ""
    if skp.status == StatusSkp.REVISI:
        last = SkpStatusChange.objects.filter(skp=skp, ke=StatusSkp.REVISI).order_by("-created_at", "-pk").first()
        catatan_revisi = last.catatan if last else ""
    mph_reader = permissions.is_mph_reader(user, skp)
    return {
        "skp": skp,
        "base": skp.get_absolute_url(),
        "mph_reader": mph_reader,
        # The matrix the reader came from, for the back link; queried only for such a reader.
        "matriks_asal": (
            MphRow.objects.filter(skp=skp, diterima=True, penilai_skp__pegawai=user)
            .values_list("penilai_skp_id", flat=True)
            .first()
            if mph_reader
            else None
        ),
        "isi": SkpIsi(skp),
        "identitas": [
            ("Pegawai yang Dinilai", skp.pegawai_snapshot),
            ("Pejabat Penilai Kinerja", skp.penilai_snapshot),
        ],
        "catatan_revisi": catatan_revisi,
        "is_owner": permissions.is_owner(user, skp),
        "can_use_mph": permissions.can_use_mph(user, skp, is_penilai=skp.pemilik_penilai),
        "can_edit": can_edit,
        "can_delete": permissions.can_delete(user, skp),
        "can_review": permissions.can_review(user, skp),
        "can_reopen": permissions.can_reopen(user, skp),
        "can_set_ekspektasi": permissions.can_set_ekspektasi(user, skp),
        "atasan_belum_mengajukan": atasan_belum_mengajukan,
        # Queried only when the annotation says there is one: the page keeps its query count otherwise.
        "ajakan_mph": (
            list(MphRow.objects.filter(skp=skp, diterima=False).select_related("penilai_skp"))
            if skp.ada_ajakan_mph and permissions.is_owner(user, skp)
            else []
        ),
    }


# Detail SKP's lookup with its page flags, one prepared query per kind of reader (core.prepared, decision 0026):
# building and compiling visible_to and the flags' three subqueries cost about 2 ms of CPU on every view.
@prepared(pk=int)
def _any_skp(pk: int):
    return Skp.objects.filter(pk=pk).with_page_flags()


@prepared(pk=int, user_id=int)
def _skp_of_pegawai(pk: int, user_id: int):
    return Skp.objects.filter(visibility_rule(user_id), pk=pk).with_page_flags()


@prepared(pk=int, user_id=int, admin_of=int)
def _skp_of_admin(pk: int, user_id: int, admin_of: int):
    return Skp.objects.filter(visibility_rule(user_id, admin_of=admin_of), pk=pk).with_page_flags()


def _detail_skp(user, pk: int) -> Skp | None:
    """Skp.objects.visible_to(user).with_page_flags().get(pk=pk), or None: the same SQL, compiled once."""
    if user.is_superuser:
        found = _any_skp(pk=pk)
    elif user.is_admin_instansi:
        found = _skp_of_admin(pk=pk, user_id=user.pk, admin_of=user.instansi_id)
    else:
        found = _skp_of_pegawai(pk=pk, user_id=user.pk)
    return found[0] if found else None


@login_required
def detail(request, pk: int):
    """Detail SKP; the one page a matrix owner may open for a colleague's SKP in their matrix (via_mph)."""
    skp = _detail_skp(request.user, pk)
    if skp is None:
        # The wider door, tried only when the usual one is shut: building its subquery cost every view of the page
        # about a third of a millisecond (docs/performance.md).
        skp = get_object_or_404(Skp.objects.visible_to(request.user, via_mph=True).with_page_flags(), pk=pk)
    if request.htmx and request.GET.get("panel") == "tutup":
        return HttpResponse("")
    return render(request, "skp/detail.html", detail_context(request, skp))


def saved(request, skp: Skp, message: str, anchor: str = ""):
    """After a successful change: refresh the SKP body in place (HTMX) or go back to the page."""
    if request.htmx:
        skp = _any_skp(pk=skp.pk)[0]
        context = {**detail_context(request, skp), "flash": message}
        return render(request, "skp/detail.html#refresh", context)
    messages.success(request, message)
    return redirect(skp.get_absolute_url() + anchor)


def form_page(request, skp: Skp, form, *, title: str, submit: str, intro: str = "", row_actions=()):
    """The form as a page of its own (no JavaScript, or a link opened in a new tab) or as a fragment for #panel
    (HTMX); only the fragment carries hx-* attributes, since only Detail SKP has a #panel.
    row_actions: the row's other actions (Hapus, move up/down), as small POST forms under the form."""
    context = {
        "panel": bool(request.htmx),
        "skp": skp,
        "form": form,
        "title": title,
        "submit": submit,
        "intro": intro,
        "action": request.path,
        "row_actions": row_actions,
    }
    return render(request, "skp/form.html#form" if request.htmx else "skp/form.html", context)


def failed(request, skp: Skp, error: Exception):
    """A refused action that had no form (hapus, geser, muat ulang)."""
    if request.htmx:
        return render(request, "skp/form.html#error", {"skp": skp, "error": str(error)})
    messages.error(request, str(error))
    return redirect(skp)


@login_required
def ubah(request, pk: int):
    skp = visible_skp(request, pk)
    require(permissions.can_edit(request.user, skp))
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
            return saved(request, skp, "Periode SKP disimpan.")
    return form_page(request, skp, form, title="Ubah SKP", submit="Simpan")


@login_required
@require_POST
def hapus(request, pk: int):
    skp = visible_skp(request, pk)
    require(permissions.can_delete(request.user, skp))
    if not confirmed(request):
        return confirm_page(
            request,
            title="Hapus SKP?",
            pertanyaan=f"SKP {skp} beserta seluruh RHK, indikator dan lampirannya akan dihapus. Ini tidak dapat "
            "dibatalkan.",
            tombol="Ya, hapus SKP",
            kembali=reverse("skp:daftar"),
        )
    try:
        services.skp_delete(actor=request.user, skp_id=skp.pk)
    except services.SkpError as error:
        return failed(request, skp, error)
    messages.success(request, "SKP dihapus.")
    if request.htmx:  # from Daftar SKP: the whole list again, without the deleted SKP
        return HttpResponseClientRedirect(reverse("skp:daftar"))
    return redirect("skp:daftar")


@login_required
@require_POST
def muat_ulang(request, pk: int):
    skp = visible_skp(request, pk)
    require(permissions.can_edit(request.user, skp))
    try:
        services.skp_refresh_penilai(actor=request.user, skp_id=skp.pk)
    except services.SkpError as error:
        return failed(request, skp, error)
    messages.success(request, "Data pegawai dan pejabat penilai dimuat ulang dari profil terbaru.")
    return redirect(skp)


@login_required
def ajukan(request, pk: int):
    """Ajukan SKP: a confirmation page listing what is still missing, then the submit."""
    skp = visible_skp(request, pk)
    if request.method == "POST" and permissions.is_owner(request.user, skp) and skp.status == StatusSkp.PENGAJUAN:
        return redirect(skp)  # a second click on Ajukan SKP: the first one already submitted it
    require(permissions.can_submit(request.user, skp))
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
    skp = visible_skp(request, pk)
    if (
        request.method == "POST"
        and permissions.is_penilai(request.user, skp)
        and request.POST.get("status") == skp.status
    ):
        return redirect(skp)  # a second click on the same decision: the first one already made it
    require(permissions.can_review(request.user, skp) or permissions.can_reopen(request.user, skp))
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
            return saved(request, skp, f"Status SKP sekarang {skp.get_status_display()}.")
    return form_page(request, skp, form, title="Edit Status", submit="Simpan")

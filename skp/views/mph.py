"""Matriks Peran Hasil (docs/rules.md §4.2–§4.5): the grid, Sinkronisasi SKP Bawahan, Tambah Pegawai, Tambah RHK."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.forms import CariNipForm
from core.forms import refuse
from skp import permissions, services
from skp.forms import MphRhkForm
from skp.models import (
    Indikator,
    MphRow,
    Rhk,
)
from skp.views import require, visible_skp


@login_required
def matriks(request, pk: int):
    """Matriks Peran Hasil: columns are the penilai's indikator grouped by RHK; rows are team members' SKPs;
    a cell lists the member's RHK that intervene that RHK."""
    skp = visible_skp(request, pk)
    require(permissions.can_use_mph(request.user, skp, is_penilai=services.has_bawahan(request.user)))
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
    skp = visible_skp(request, pk)
    require(permissions.can_use_mph(request.user, skp, is_penilai=services.has_bawahan(request.user)))
    added = services.mph_sync(actor=request.user, skp_id=skp.pk)
    messages.success(
        request, f"Sinkronisasi selesai: {added} SKP bawahan ditambahkan." if added else "Tidak ada SKP bawahan baru."
    )
    return redirect("skp:matriks", skp.pk)


@login_required
def matriks_tambah_pegawai(request, pk: int):
    """Tambah Pegawai: find a colleague of the instansi by NIP (a POST, so the NIP stays out of URLs),
    then pick which of their SKPs of the year to add."""
    skp = visible_skp(request, pk)
    require(permissions.can_use_mph(request.user, skp, is_penilai=services.has_bawahan(request.user)))
    form = CariNipForm(request.POST or None, label="NIP Pegawai")
    candidates = None
    if request.method == "POST" and "skp_anggota" in request.POST:
        member_skp_id = request.POST["skp_anggota"]
        try:
            if not member_skp_id.isdigit():
                raise services.SkpError("Pilihan SKP tidak valid.")
            row = services.mph_add(actor=request.user, skp_id=skp.pk, member_skp_id=int(member_skp_id))
        except services.SkpError as error:
            messages.error(request, str(error))
        else:
            nama = row.skp.pegawai_snapshot.get("nama", "Pegawai")
            if row.diterima:
                messages.success(request, f"{nama} ditambahkan ke Matriks Peran Hasil.")
            else:
                messages.success(request, f"Ajakan dikirim: {nama} dapat menerima atau menolaknya di Detail SKP-nya.")
            return redirect("skp:matriks", skp.pk)
    elif request.method == "POST" and form.is_valid():
        candidates = list(services.mph_candidate_skps(actor=request.user, skp=skp, nip=form.cleaned_data["nip"]))
        if not candidates:
            form.add_error("nip", f"Tidak ada SKP tahun {skp.tahun} milik pegawai instansi Anda dengan NIP tersebut.")
    return render(request, "skp/matriks_tambah_pegawai.html", {"skp": skp, "form": form, "candidates": candidates})


@login_required
def matriks_rhk(request, pk: int, row_id: int, rhk_id: int):
    """Tambah RHK from a cell: an RHK in the member's SKP, intervening the penilai's RHK of the column."""
    skp = visible_skp(request, pk)
    require(permissions.can_use_mph(request.user, skp, is_penilai=services.has_bawahan(request.user)))
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
        # Reached from a cell of the matrix, a page of its own (no #panel): Batal goes back to the matrix.
        "cancel": reverse("skp:matriks", args=[skp.pk]),
        "cancel_label": "Matriks Peran Hasil",
    }
    return render(request, "skp/form.html", context)


@login_required
@require_POST
def matriks_ajakan(request, row_id: int):
    """The pegawai asked to join someone's Matriks Peran Hasil answers on their Detail SKP: Terima or Tolak."""
    row = get_object_or_404(MphRow.objects.select_related("skp", "penilai_skp"), pk=row_id, skp__pegawai=request.user)
    terima = request.POST.get("jawaban") == "terima"
    try:
        services.mph_respond(actor=request.user, row_id=row.pk, terima=terima)
    except services.SkpError as error:
        messages.error(request, str(error))
    else:
        nama = row.penilai_skp.pegawai_snapshot.get("nama", "")
        messages.success(
            request,
            f"Anda bergabung dengan Matriks Peran Hasil {nama}." if terima else f"Ajakan dari {nama} ditolak.",
        )
    return redirect(row.skp)

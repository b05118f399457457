"""The pegawai's Pelaksanaan Kinerja: the Penilaian list of an approved SKP, Tambah Periode Penilaian, and a
period's page with Rencana Aksi, Realisasi and Bukti Dukung. Thin views over penilaian/services.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import UnitKerja
from penilaian import services
from penilaian.forms import (
    BuktiDukungForm,
    FeedbackRekanForm,
    RatingForm,
    RealisasiForm,
    RencanaAksiForm,
    UmpanBalikForm,
)
from penilaian.kurva import CHART_ORDER, IDEAL_CURVE, check_distribution
from penilaian.models import (
    BuktiDukung,
    CapaianUnit,
    FeedbackRekan,
    PeriodePenilaian,
    Polaritas,
    RencanaAksi,
    StatusPeriode,
    UmpanBalik,
)
from penilaian.predikat import RATING_GUIDANCE, CapaianOrganisasi, Predikat, Rating, suggest_rating
from skp.forms import MphNipForm, apply_validation_error, refuse
from skp.models import Rhk, Skp, StatusSkp
from skp.perilaku import perilaku_kerja


def _visible_periode(request, pk: int) -> PeriodePenilaian:
    """A period of an SKP the user may see (owner, its penilai, the admin instansi); else 404."""
    return get_object_or_404(
        PeriodePenilaian.objects.select_related("skp").filter(skp__in=Skp.objects.visible_to(request.user)), pk=pk
    )


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
    for p in periods:
        p.capaian_label = CapaianOrganisasi(capaian[p.kode]).label if p.kode in capaian else ""
    is_owner = skp.pegawai_id == request.user.pk
    pilihan = services.periode_pilihan(skp) if is_owner and skp.status == StatusSkp.PERSETUJUAN else []
    feedback = []
    if is_owner or skp.penilai_id == request.user.pk:
        feedback = list(FeedbackRekan.objects.filter(skp=skp).select_related("pemberi"))
    context = {"skp": skp, "periods": periods, "pilihan": pilihan, "is_owner": is_owner, "feedback": feedback}
    return render(request, "penilaian/daftar.html", context)


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


def _rhk_with_rencana_aksi(periode: PeriodePenilaian, *more_prefetch) -> list[Rhk]:
    """The SKP's RHK (Utama first) with this period's rencana aksi and their bukti dukung: three queries."""
    rencana = Prefetch(
        "rencana_aksi_list",
        queryset=RencanaAksi.objects.filter(periode=periode).prefetch_related("bukti_list").order_by("urutan", "pk"),
    )
    return list(
        Rhk.objects.filter(skp_id=periode.skp_id).prefetch_related(rencana, *more_prefetch).order_by("-jenis", "urutan")
    )


@login_required
def periode(request, pk: int):
    """A period's page: batas waktu, every RHK with its rencana aksi, realisasi and bukti dukung."""
    periode = _visible_periode(request, pk)
    rhk_list = _rhk_with_rencana_aksi(periode, "indikator_list")
    batas = services.batas_waktu_of(periode)
    is_owner = periode.skp.pegawai_id == request.user.pk
    can_write = services.pegawai_may_write(request.user, periode, batas=batas)
    context = {
        "periode": periode,
        "skp": periode.skp,
        "rhk_list": rhk_list,
        "tanpa_rencana_aksi": [r for r in rhk_list if not r.rencana_aksi_list.all()],
        "batas_waktu": batas,
        "lewat": timezone.localdate() > batas,
        "can_write": can_write,
        "is_owner": is_owner,
    }
    return render(request, "penilaian/periode.html", context)


def _form_page(request, periode, form, *, title: str, intro: str = ""):
    context = {"periode": periode, "form": form, "title": title, "intro": intro}
    return render(request, "penilaian/form.html", context)


@login_required
def rencana_aksi_tambah(request, pk: int, rhk_id: int):
    periode = _visible_periode(request, pk)
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


def periode_url(periode: PeriodePenilaian) -> str:
    return reverse("penilaian:periode", args=[periode.pk])


def _visible_rencana_aksi(request, ra_id: int) -> RencanaAksi:
    return get_object_or_404(
        RencanaAksi.objects.select_related("periode", "periode__skp", "rhk").filter(
            periode__skp__in=Skp.objects.visible_to(request.user)
        ),
        pk=ra_id,
    )


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
        BuktiDukung.objects.select_related("rencana_aksi__periode").filter(
            rencana_aksi__periode__skp__in=Skp.objects.visible_to(request.user)
        ),
        pk=bukti_id,
    )
    periode = bukti.rencana_aksi.periode
    try:
        services.bukti_dukung_delete(actor=request.user, bukti_id=bukti.pk)
    except services.PenilaianError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Bukti dukung dihapus.")
    return redirect(f"{periode_url(periode)}#rhk-{bukti.rencana_aksi.rhk_id}")


# --- Pemantauan dan Evaluasi (the penilai) --------------------------------------------------------------


def keadaan(periode: PeriodePenilaian) -> str:
    """The state of a bawahan's period as the penilai's list shows it [BLL24]."""
    if periode.status == StatusPeriode.DITETAPKAN:
        return "ditetapkan"
    if periode.predikat:
        return "dinilai"
    if periode.jumlah_umpan_balik:
        return "umpan balik"
    if periode.jumlah_rencana_aksi:
        return "sudah mengisi"
    return "belum mengisi"


@login_required
def pemantauan(request):
    """Pemantauan dan Evaluasi: the periods the user assesses, by period, with the state of each bawahan."""
    periods = PeriodePenilaian.objects.filter(penilai=request.user)
    kode_list = list(periods.order_by("-mulai").values_list("kode", "nama").distinct())
    kode = request.GET.get("kode") or (kode_list[0][0] if kode_list else "")
    rows = list(
        periods.filter(kode=kode)
        .select_related("skp")
        .annotate(
            jumlah_rencana_aksi=Count("rencana_aksi_list", distinct=True),
            jumlah_umpan_balik=Count("umpan_balik_list", distinct=True),
        )
        .order_by("skp__pegawai_snapshot__nama")
    )
    for row in rows:
        row.keadaan = keadaan(row)
    counts = {k: sum(1 for r in rows if r.keadaan == k) for k in KEADAAN}
    context = {"rows": rows, "kode": kode, "kode_list": dict(kode_list), "counts": counts}
    return render(request, "penilaian/pemantauan.html", context)


KEADAAN = ["belum mengisi", "sudah mengisi", "umpan balik", "dinilai", "ditetapkan"]


def _penilai_periode(request, pk: int) -> PeriodePenilaian:
    periode = _visible_periode(request, pk)
    if periode.penilai_id != request.user.pk:
        raise PermissionDenied
    return periode


@login_required
def evaluasi(request, pk: int):
    """The penilai's page for one bawahan's period: Umpan Balik on every RHK and perilaku row, the two
    ratings with the official guidance, the computed Predikat Kinerja, and Tetapkan with kurva warnings."""
    periode = _penilai_periode(request, pk)
    rhk_list = _rhk_with_rencana_aksi(periode)
    umpan = list(UmpanBalik.objects.filter(periode=periode))
    by_rhk = {u.rhk_id: u for u in umpan if u.rhk_id}
    by_perilaku = {u.perilaku_id: u for u in umpan if u.perilaku_id}
    positif = sum(1 for u in umpan if u.polaritas == Polaritas.POSITIF)
    context = {
        "periode": periode,
        "skp": periode.skp,
        "rhk_rows": [(r, by_rhk.get(r.pk)) for r in rhk_list],
        "perilaku_rows": [(p, by_perilaku.get(p.nomor)) for p in perilaku_kerja()],
        "lengkap": len(by_rhk) == len(rhk_list) and len(by_perilaku) == len(perilaku_kerja()),
        "rating_form": RatingForm(
            initial={
                "rating_hasil_kerja": periode.rating_hasil_kerja,
                "rating_perilaku": periode.rating_perilaku,
                "version": periode.version,
            }
        ),
        "guidance": [(r, RATING_GUIDANCE[("hasil_kerja", r)], RATING_GUIDANCE[("perilaku", r)]) for r in Rating],
        "saran": suggest_rating(positif, len(umpan) - positif),
        "peringatan": services.kurva_warnings(periode),
        "terbuka": periode.status == StatusPeriode.TERBUKA,
    }
    return render(request, "penilaian/evaluasi.html", context)


@login_required
@require_POST
def umpan_balik(request, pk: int):
    periode = _penilai_periode(request, pk)
    form = UmpanBalikForm(request.POST)
    target = {"rhk_id": _int(request.POST.get("rhk"))} if request.POST.get("rhk") else {}
    if request.POST.get("perilaku"):
        target = {"perilaku_nomor": _int(request.POST.get("perilaku"))}
    if form.is_valid():
        try:
            services.umpan_balik_set(
                actor=request.user,
                periode_id=periode.pk,
                teks=form.cleaned_data["teks"],
                polaritas=form.cleaned_data["polaritas"],
                version=form.cleaned_data.get("version"),
                **target,
            )
        except services.PenilaianError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Umpan balik disimpan.")
    else:
        messages.error(request, "Tuliskan umpan balik dan pilih 👍 atau 👎.")
    anchor = f"#rhk-{target.get('rhk_id')}" if "rhk_id" in target else f"#perilaku-{target.get('perilaku_nomor')}"
    return redirect(reverse("penilaian:evaluasi", args=[periode.pk]) + anchor)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@login_required
@require_POST
def rating(request, pk: int):
    periode = _penilai_periode(request, pk)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            services.rating_set(
                actor=request.user,
                periode_id=periode.pk,
                version=form.cleaned_data.get("version"),
                rating_hasil_kerja=form.cleaned_data["rating_hasil_kerja"],
                rating_perilaku=form.cleaned_data["rating_perilaku"],
            )
        except services.PenilaianError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Rating disimpan; Predikat Kinerja dihitung.")
    else:
        messages.error(request, "Pilih Rating Hasil Kerja dan Rating Perilaku Kerja.")
    return redirect(reverse("penilaian:evaluasi", args=[periode.pk]) + "#rating")


@login_required
@require_POST
def tetapkan(request, pk: int):
    periode = _penilai_periode(request, pk)
    try:
        services.tetapkan(actor=request.user, periode_id=periode.pk, version=request.POST.get("version"))
    except services.PenilaianError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Penilaian periode ini ditetapkan.")
    return redirect("penilaian:evaluasi", periode.pk)


# --- Capaian organisasi and Lihat Kurva -------------------------------------------------------------------


@login_required
def kurva(request, unit_pk: int, kode: str):
    """Lihat Kurva: the ideal distribution (red) against the realised predikat (green) of a unit for a
    period, with each SE 3/2023 rule kept or broken; Capaian Kinerja Organisasi is set here too."""
    unit = get_object_or_404(UnitKerja.objects.visible_to(request.user), pk=unit_pk)
    periods = PeriodePenilaian.objects.filter(kode=kode, skp__unit_kerja=unit)
    is_admin = request.user.is_superuser or request.user.is_admin_instansi
    if not is_admin and not periods.filter(penilai=request.user).exists():
        raise Http404  # a penilai sees the curve of a unit where they assess someone in this period
    if request.method == "POST":
        try:
            services.capaian_set(
                actor=request.user, unit_kerja=unit, kode=kode, capaian=request.POST.get("capaian", "")
            )
        except services.PenilaianError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Capaian Kinerja Organisasi disimpan.")
        return redirect("penilaian:kurva", unit.pk, kode)
    counts: dict[Predikat, int] = {}
    for value in periods.exclude(predikat="").values_list("predikat", flat=True):
        counts[Predikat(value)] = counts.get(Predikat(value), 0) + 1
    total = sum(counts.values())
    capaian = CapaianUnit.objects.filter(unit_kerja=unit, kode=kode).first()
    ideal = IDEAL_CURVE[CapaianOrganisasi(capaian.capaian)] if capaian else {}
    bars = []
    for n, p in enumerate(CHART_ORDER):
        nyata = round(100 * counts.get(p, 0) / total) if total else 0
        bars.append(
            {
                "predikat": p,
                "ideal": ideal.get(p, 0),
                "nyata": nyata,
                "jumlah": counts.get(p, 0),
                # SVG geometry: 180 px is 100 %, the baseline at y=200, a group of two bars every 94 px.
                "x": 50 + 94 * n,
                "h_ideal": round(1.8 * ideal.get(p, 0)),
                "h_nyata": round(1.8 * nyata),
                "y_ideal": 200 - round(1.8 * ideal.get(p, 0)),
                "y_nyata": 200 - round(1.8 * nyata),
                "x_nyata": 84 + 94 * n,
                "x_label": 82 + 94 * n,
            }
        )
    context = {
        "unit": unit,
        "kode": kode,
        "capaian": capaian,
        "capaian_choices": CapaianOrganisasi.choices,
        "bars": bars,
        "total": total,
        "aturan": check_distribution(CapaianOrganisasi(capaian.capaian), counts) if capaian else [],
    }
    return render(request, "penilaian/kurva.html", context)


# --- Feedback rekan kerja ---------------------------------------------------------------------------------


@login_required
def rekan(request):
    """Feedback rekan kerja [MAN22 §7.4]: find a colleague of the instansi by NIP (a POST, so the NIP stays
    out of URLs), pick their approved SKP, leave behaviour feedback shown with one's name."""
    nip_form = MphNipForm(request.POST if "nip" in request.POST else None)
    feedback_form = FeedbackRekanForm(request.POST if "skp" in request.POST else None)
    candidates = None
    if "skp" in request.POST and feedback_form.is_valid():
        try:
            services.feedback_rekan_create(
                actor=request.user,
                skp_id=_int(request.POST.get("skp")) or 0,
                teks=feedback_form.cleaned_data["teks"],
                polaritas=feedback_form.cleaned_data["polaritas"],
            )
        except (services.PenilaianError, Skp.DoesNotExist) as error:
            messages.error(request, str(error) or "SKP tidak ditemukan.")
        else:
            messages.success(request, "Terima kasih, feedback Anda sudah dikirim.")
            return redirect("penilaian:rekan")
    elif "nip" in request.POST and nip_form.is_valid():
        candidates = list(services.feedback_rekan_candidates(actor=request.user, nip=nip_form.cleaned_data["nip"]))
        if not candidates:
            nip_form.add_error(
                "nip", "Tidak ada SKP yang sudah disetujui milik rekan di instansi Anda dengan NIP tersebut."
            )
        feedback_form = FeedbackRekanForm()
    context = {"nip_form": nip_form, "feedback_form": feedback_form, "candidates": candidates}
    return render(request, "penilaian/rekan.html", context)


@login_required
@require_POST
def buka_kembali(request, pk: int):
    """A recorded reopen of a finalised period, by its penilai (the admin instansi may too)."""
    periode = _visible_periode(request, pk)
    try:
        services.buka_kembali(actor=request.user, periode_id=periode.pk, catatan=request.POST.get("catatan", ""))
    except services.PenilaianError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Penilaian periode ini dibuka kembali; alasannya tercatat.")
    # The penilai goes back to the evaluation; the admin instansi (or a refused owner) to the period's page.
    return redirect("penilaian:evaluasi" if periode.penilai_id == request.user.pk else "penilaian:periode", periode.pk)

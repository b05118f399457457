"""Pemantauan dan Evaluasi, the penilai's pages: their bawahan's periods by state, and one period's evaluation
with Umpan Balik on every row, the two ratings, the computed Predikat Kinerja and Tetapkan."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.forms import too_long
from penilaian import permissions, services
from penilaian.forms import RatingForm, UmpanBalikForm
from penilaian.models import CapaianUnit, PeriodePenilaian, Polaritas, StatusPeriode, UmpanBalik
from penilaian.predikat import RATING_GUIDANCE, Rating, suggest_rating
from penilaian.services.evaluasi import RatingPimpinan, rating_pimpinan
from penilaian.views import int_or_none, rhk_with_rencana_aksi, visible_periode
from skp.perilaku import perilaku_kerja

KEADAAN = ["belum mengisi", "sudah mengisi", "umpan balik", "dinilai", "ditetapkan"]


def keadaan(periode: PeriodePenilaian) -> str:
    """The state of a bawahan's period as the penilai's list shows it (docs/rules.md §7.12)."""
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
    """Pemantauan dan Evaluasi: the periods the user assesses, by period, with the state of each bawahan, and the
    bawahan with an approved SKP for that period who have not added it yet (belum mengisi: the ones to chase)."""
    periods = PeriodePenilaian.objects.filter(penilai=request.user)
    kode_list = list(periods.order_by("-mulai").values_list("kode", "nama").distinct())
    today = timezone.localdate()
    scheme = services.scheme_periods(request.user.instansi_id, today.year)
    sekarang = services.current_periode(scheme, today)
    if sekarang is not None and sekarang.kode not in dict(kode_list):
        kode_list.insert(0, (sekarang.kode, sekarang.nama))  # the current period, even before anyone added it
    kode = request.GET.get("kode") or (kode_list[0][0] if kode_list else "")
    rows = list(
        periods.filter(kode=kode)
        .select_related("skp")
        .with_governing_unit()  # Lihat Kurva: the unit whose capaian governs the bawahan (docs/rules.md §8.7)
        .annotate(
            jumlah_rencana_aksi=Count("rencana_aksi_list", distinct=True),
            jumlah_umpan_balik=Count("umpan_balik_list", distinct=True),
        )
        .order_by("skp__pegawai_snapshot__nama")
    )
    for row in rows:
        row.keadaan = keadaan(row)
    dipilih = scheme.get(kode)
    belum_menambah = list(services.skp_awaiting_periode(penilai=request.user, periode=dipilih)) if dipilih else []
    counts = {k: sum(1 for r in rows if r.keadaan == k) for k in KEADAAN}
    counts["belum mengisi"] += len(belum_menambah)
    context = {
        "rows": rows,
        "belum_menambah": belum_menambah,
        "kode": kode,
        "kode_list": dict(kode_list),
        "counts": counts,
    }
    return render(request, "penilaian/pemantauan.html", context)


def _penilai_periode(request, pk: int, *related: str) -> PeriodePenilaian:
    """A visible period (else 404) that the user assesses (else 403)."""
    periode = visible_periode(request, pk, *related)
    if not permissions.is_penilai(request.user, periode):
        raise PermissionDenied
    return periode


# What rating_pimpinan reads with the period.
PIMPINAN_RELATED = ("skp__unit_kerja", "skp__pegawai__atasan")


def _rating_form(periode: PeriodePenilaian, pimpinan: RatingPimpinan | None, data=None) -> RatingForm:
    """The rating form; for a unit's head whose unit has a capaian, Rating Hasil Kerja is derived from it, shown
    but not a choice, with why (docs/rules.md §7.9)."""
    form = RatingForm(
        data,
        initial={
            "rating_hasil_kerja": periode.rating_hasil_kerja,
            "rating_perilaku": periode.rating_perilaku,
            "version": periode.version,
        },
    )
    if pimpinan is not None and pimpinan.rating:
        field = form.fields["rating_hasil_kerja"]
        field.disabled, field.initial = True, pimpinan.rating
        field.help_text = "Mengikuti Capaian Kinerja Organisasi (lihat keterangan di atas)."
        form.initial["rating_hasil_kerja"] = pimpinan.rating
    return form


@login_required
def evaluasi(request, pk: int):
    """The penilai's page for one bawahan's period: Umpan Balik on every RHK and perilaku row, the two
    ratings with the official guidance, the computed Predikat Kinerja, and Tetapkan with kurva warnings."""
    periode = _penilai_periode(request, pk, *PIMPINAN_RELATED)
    rhk_list = rhk_with_rencana_aksi(periode)
    umpan = list(UmpanBalik.objects.filter(periode=periode))
    by_rhk = {u.rhk_id: u for u in umpan if u.rhk_id}
    by_perilaku = {u.perilaku_id: u for u in umpan if u.perilaku_id}
    positif = sum(1 for u in umpan if u.polaritas == Polaritas.POSITIF)
    governing = CapaianUnit.objects.governing(periode.skp.unit_kerja_id, periode.kode).first()
    pimpinan = rating_pimpinan(periode, governing=governing)
    context = {
        "periode": periode,
        "skp": periode.skp,
        "rhk_rows": [(r, by_rhk.get(r.pk)) for r in rhk_list],
        "perilaku_rows": [(p, by_perilaku.get(p.nomor)) for p in perilaku_kerja()],
        "lengkap": len(by_rhk) == len(rhk_list) and len(by_perilaku) == len(perilaku_kerja()),
        "tanpa_rencana_aksi": [r for r in rhk_list if not r.rencana_aksi_list.all()],
        "rating_form": _rating_form(periode, pimpinan),
        "pimpinan": pimpinan,
        "guidance": [(r, RATING_GUIDANCE[("hasil_kerja", r)], RATING_GUIDANCE[("perilaku", r)]) for r in Rating],
        "saran": suggest_rating(positif, len(umpan) - positif),
        "peringatan": services.kurva_warnings(periode, governing=governing),
        # Lihat Kurva: the unit whose capaian governs this pegawai (docs/rules.md §8.7), else their own.
        "kurva_unit_id": governing.unit_kerja_id if governing else periode.skp.unit_kerja_id,
        "terbuka": periode.status == StatusPeriode.TERBUKA,
    }
    return render(request, "penilaian/evaluasi.html", context)


@login_required
@require_POST
def umpan_balik(request, pk: int):
    periode = _penilai_periode(request, pk)
    form = UmpanBalikForm(request.POST)
    target = {"rhk_id": int_or_none(request.POST.get("rhk"))} if request.POST.get("rhk") else {}
    if request.POST.get("perilaku"):
        target = {"perilaku_nomor": int_or_none(request.POST.get("perilaku"))}
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
    elif refusal := too_long(form.data.get("teks", ""), label="Umpan Balik"):
        messages.error(request, f"{refusal} Umpan balik belum disimpan.")
    else:
        messages.error(request, "Tuliskan umpan balik dan pilih 👍 atau 👎.")
    anchor = f"#rhk-{target.get('rhk_id')}" if "rhk_id" in target else f"#perilaku-{target.get('perilaku_nomor')}"
    return redirect(reverse("penilaian:evaluasi", args=[periode.pk]) + anchor)


@login_required
@require_POST
def rating(request, pk: int):
    periode = _penilai_periode(request, pk, *PIMPINAN_RELATED)
    form = _rating_form(periode, rating_pimpinan(periode), request.POST)
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
        services.periode_finalise(actor=request.user, periode_id=periode.pk, version=request.POST.get("version"))
    except services.PenilaianError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Penilaian periode ini ditetapkan.")
    return redirect("penilaian:evaluasi", periode.pk)


@login_required
@require_POST
def buka_kembali(request, pk: int):
    """A recorded reopen of a finalised period, by its penilai (the admin instansi may too)."""
    periode = visible_periode(request, pk)
    try:
        services.periode_reopen(actor=request.user, periode_id=periode.pk, catatan=request.POST.get("catatan", ""))
    except services.PenilaianError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Penilaian periode ini dibuka kembali; alasannya tercatat.")
    # The penilai goes back to the evaluation; the admin instansi (or a refused owner) to the period's page.
    back = "penilaian:evaluasi" if permissions.is_penilai(request.user, periode) else "penilaian:periode"
    return redirect(back, periode.pk)

"""Pemantauan dan Evaluasi, the penilai's pages: their bawahan's periods by state, and one period's evaluation
with Umpan Balik on every row, the two ratings, the computed Predikat Kinerja and Tetapkan."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from core.forms import too_long
from penilaian import permissions, services
from penilaian.forms import RatingForm, UmpanBalikForm
from penilaian.models import CapaianUnit, PeriodePenilaian, Polaritas, StatusPeriode, UmpanBalik
from penilaian.predikat import RATING_GUIDANCE, Rating, suggest_rating
from penilaian.services.evaluasi import RatingPimpinan, rating_pimpinan
from penilaian.views import rhk_with_rencana_aksi, visible_periode
from skp.models import EkspektasiPimpinan
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


@dataclass
class Baris:
    """One row of the evaluation that takes an Umpan Balik: an RHK (with its rencana aksi) or a perilaku kerja.
    `key` prefixes its fields in the page's one form ("r12-teks", "p3-polaritas")."""

    key: str
    anchor: str
    stored: UmpanBalik | None
    form: UmpanBalikForm
    rhk: object = None
    nilai: object = None
    ekspektasi: str | None = None  # a perilaku's Ekspektasi Khusus Pimpinan
    pesan: str = ""  # why this row was not saved
    disimpan: bool = False  # saved by the request that renders it
    tersimpan_teks: str = ""  # a stale row: what is stored now, shown beside the typed text

    @property
    def changed(self) -> bool:
        """Whether the posted row differs from what is stored (an untouched blank row is not a change)."""
        teks = (self.form.data.get(f"{self.key}-teks") or "").strip()
        polaritas = self.form.data.get(f"{self.key}-polaritas") or ""
        if self.stored is None:
            return bool(teks or polaritas)
        return (teks, polaritas) != (self.stored.teks, self.stored.polaritas)


def _baris_list(periode: PeriodePenilaian, rhk_list, data=None) -> list[Baris]:
    """Every row of the evaluation with its form: unbound with what is stored, or bound to a posted page. A row
    never saved carries version 0, so that a row saved meanwhile from another tab is a stale edit, not overwritten."""
    umpan = list(UmpanBalik.objects.filter(periode=periode))
    by_rhk = {u.rhk_id: u for u in umpan if u.rhk_id}
    by_perilaku = {u.perilaku_id: u for u in umpan if u.perilaku_id}

    def row(key, anchor, stored, **what):
        initial = {"teks": stored.teks, "polaritas": stored.polaritas, "version": stored.version} if stored else {}
        form = UmpanBalikForm(data, prefix=key, initial=initial or {"version": 0})
        return Baris(key=key, anchor=anchor, stored=stored, form=form, **what)

    rows = [row(f"r{r.pk}", f"rhk-{r.pk}", by_rhk.get(r.pk), rhk=r) for r in rhk_list]
    # The penilai's own Ekspektasi Khusus Pimpinan beside each perilaku, as on the manual's page (issue 10).
    ekspektasi = dict(EkspektasiPimpinan.objects.filter(skp_id=periode.skp_id).values_list("perilaku_id", "teks"))
    rows += [
        row(f"p{p.nomor}", f"perilaku-{p.nomor}", by_perilaku.get(p.nomor), nilai=p, ekspektasi=ekspektasi.get(p.nomor))
        for p in perilaku_kerja()
    ]
    return rows


def _evaluasi_context(periode: PeriodePenilaian, rhk_list, rows: list[Baris]) -> dict:
    stored = [b.stored for b in rows if b.stored is not None]
    positif = sum(1 for u in stored if u.polaritas == Polaritas.POSITIF)
    governing = CapaianUnit.objects.governing(periode.skp.unit_kerja_id, periode.kode).first()
    pimpinan = rating_pimpinan(periode, governing=governing)
    return {
        "periode": periode,
        "skp": periode.skp,
        "rhk_rows": [b for b in rows if b.rhk is not None],
        "perilaku_rows": [b for b in rows if b.nilai is not None],
        "lengkap": len(stored) == len(rows),
        "tanpa_rencana_aksi": [r for r in rhk_list if not r.rencana_aksi_list.all()],
        "rating_form": _rating_form(periode, pimpinan),
        "pimpinan": pimpinan,
        "guidance": [(r, RATING_GUIDANCE[("hasil_kerja", r)], RATING_GUIDANCE[("perilaku", r)]) for r in Rating],
        "saran": suggest_rating(positif, len(stored) - positif),
        "peringatan": services.kurva_warnings(periode, governing=governing),
        # Lihat Kurva: the unit whose capaian governs this pegawai (docs/rules.md §8.7), else their own.
        "kurva_unit_id": governing.unit_kerja_id if governing else periode.skp.unit_kerja_id,
        "terbuka": periode.status == StatusPeriode.TERBUKA,
    }


@login_required
def evaluasi(request, pk: int):
    """The penilai's page for one bawahan's period: Umpan Balik on every RHK and perilaku row, the two
    ratings with the official guidance, the computed Predikat Kinerja, and Tetapkan with kurva warnings."""
    periode = _penilai_periode(request, pk, *PIMPINAN_RELATED)
    rhk_list = rhk_with_rencana_aksi(periode)
    context = _evaluasi_context(periode, rhk_list, _baris_list(periode, rhk_list))
    return render(request, "penilaian/evaluasi.html", context)


def _save_baris(request, periode: PeriodePenilaian, baris: Baris) -> None:
    """Save one posted row through the service; on a refusal the row keeps what was typed and says why."""
    form = baris.form
    if not form.is_valid():
        teks = form.data.get(f"{baris.key}-teks", "")
        if refusal := too_long(teks, label="Umpan Balik"):
            baris.pesan = f"{refusal} Umpan balik belum disimpan."
        elif not teks.strip():
            baris.pesan = "Tuliskan umpan balik untuk baris ini."
        else:
            baris.pesan = "Pilih 👍 Positif atau 👎 Negatif untuk baris ini."
        return
    target = {"rhk_id": baris.rhk.pk} if baris.rhk is not None else {"perilaku_nomor": baris.nilai.nomor}
    try:
        baris.stored = services.umpan_balik_set(
            actor=request.user,
            periode_id=periode.pk,
            teks=form.cleaned_data["teks"],
            polaritas=form.cleaned_data["polaritas"],
            version=form.cleaned_data.get("version"),
            **target,
        )
    except services.StaleEdit as error:
        # Keep the typed text, show what is stored now, and let the next save overwrite it knowingly.
        baris.stored = UmpanBalik.objects.filter(periode=periode, **_stored_key(target)).first()
        baris.tersimpan_teks = baris.stored.teks if baris.stored else ""
        data = form.data.copy()
        data[f"{baris.key}-version"] = str(error.current_version)
        baris.form = UmpanBalikForm(data, prefix=baris.key)
        baris.pesan = (
            "Umpan balik baris ini diubah di tempat lain setelah halaman ini dibuka. Teks Anda tetap di sini; "
            "simpan lagi untuk menggantinya."
        )
    except services.PenilaianError as error:
        baris.pesan = str(error)
    else:
        baris.disimpan = True
        data = form.data.copy()
        data[f"{baris.key}-version"] = str(baris.stored.version)
        baris.form = UmpanBalikForm(data, prefix=baris.key)


def _stored_key(target: dict) -> dict:
    return {"rhk_id": target["rhk_id"]} if "rhk_id" in target else {"perilaku_id": target["perilaku_nomor"]}


@login_required
@require_POST
def umpan_balik(request, pk: int):
    """Save the Umpan Balik of the page's one form: every row typed or changed (Simpan semua umpan balik), or, from
    a row's own button through htmx, that row alone, answered with the row so that the rest of the page, and what
    is typed in it, stays. Rows that cannot be saved keep their text and say why; the others are saved."""
    periode = _penilai_periode(request, pk)
    rhk_list = rhk_with_rencana_aksi(periode)
    rows = _baris_list(periode, rhk_list, request.POST)
    one = request.POST.get("baris") if request.headers.get("HX-Request") else None
    if one is not None:
        baris = next((b for b in rows if b.key == one), None)
        if baris is None:
            return render(request, "400.html", status=400)  # a tampered form: our page replaces the content
        _save_baris(request, periode, baris)
        periode.refresh_from_db()
        context = {"b": baris, "periode": periode, "terbuka": periode.status == StatusPeriode.TERBUKA}
        return render(request, "penilaian/_umpan_balik_baris.html", context)
    changed = [b for b in rows if b.changed]
    for baris in changed:
        _save_baris(request, periode, baris)
    saved = sum(b.disimpan for b in changed)
    if not any(b.pesan for b in changed):
        if saved:
            messages.success(request, f"{saved} umpan balik disimpan.")
        else:
            messages.info(request, "Tidak ada umpan balik yang berubah.")
        return redirect(reverse("penilaian:evaluasi", args=[periode.pk]) + "#hk-judul")
    periode.refresh_from_db()
    wrong = sum(bool(b.pesan) for b in changed)
    messages.error(
        request,
        (f"{saved} umpan balik disimpan; " if saved else "")
        + f"{wrong} baris belum disimpan. Perbaiki baris yang ditandai; teks Anda tetap di halaman ini.",
    )
    context = _evaluasi_context(periode, rhk_list, rows)
    return render(request, "penilaian/evaluasi.html", context, status=200)


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
@require_http_methods(["GET", "POST"])
def tetapkan(request, pk: int):
    """Tetapkan asks first: a GET shows the ratings and what finalising locks, its button posts (issue 10)."""
    periode = _penilai_periode(request, pk)
    if request.method == "GET":
        if permissions.assess_refusal(request.user, periode) or not periode.predikat or periode.perlu_ditinjau:
            return redirect(reverse("penilaian:evaluasi", args=[periode.pk]) + "#rating")
        return render(request, "penilaian/tetapkan.html", {"periode": periode, "skp": periode.skp})
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

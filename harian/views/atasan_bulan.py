"""One bawahan's month, the atasan's page (DES 2.0 Q3 and Q7, docs/rules.md §15.6–§15.7): every daily entry with its
Kesesuaian (a checkbox each, "Setujui semua yang dipilih" for the chosen ones, Tidak sesuai one by one), the Kualitas
of each target bulanan, and Setujui for the month, whose snapshot a later change marks "Berubah setelah disetujui"
until it is approved again. Plain forms; each POST answers with a redirect, or the page with what was chosen or
typed kept and why it was refused."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from core.forms import refuse
from harian import permissions
from harian.forms_atasan import KualitasForm
from harian.jendela import pengaturan_of
from harian.models import SkpBulanan
from harian.services import HarianError, StaleEdit, nama_bulan, skp_bulanan_approve
from harian.views.atasan_data import halaman_bulan, keadaan
from harian.views.atasan_tulis import EntriBerubah, kesesuaian_tandai, kualitas_simpan

# The buttons of the entries' form: the bulk one ticks the chosen entries sesuai; a row's own button names its entry.
AKSI_BARIS = {"tidak_sesuai": False, "sesuai": True, "batal": None}


def atasan_bulan_of(request, pk: int) -> SkpBulanan:
    """An SKP Bulanan the user may see (else 404) whose SKP they assess (else 403: the pegawai, the admin)."""
    skp_bulanan = get_object_or_404(
        SkpBulanan.objects.visible_to(request.user).select_related("skp__instansi", "disetujui_oleh"), pk=pk
    )
    if not permissions.is_atasan(request.user, skp_bulanan.skp):
        raise PermissionDenied
    return skp_bulanan


def _url(skp_bulanan: SkpBulanan, anchor: str = "") -> str:
    return reverse("harian:atasan_bulan", args=[skp_bulanan.pk]) + (f"#{anchor}" if anchor else "")


def _render(request, skp_bulanan: SkpBulanan, *, pilih=(), berubah=(), kualitas_forms=None, status=200):
    data = halaman_bulan(skp_bulanan)
    skp = skp_bulanan.skp
    refusal = permissions.periksa_refusal(request.user, skp, aktif=pengaturan_of(skp.instansi_id).aktif)
    if kualitas_forms is None:
        kualitas_forms = {
            t.pk: KualitasForm(prefix=f"t{t.pk}", initial={"kualitas": t.kualitas, "version": t.version})
            for t in data["targets"]
        }
    for target in data["targets"]:
        target.form = kualitas_forms[target.pk]
    if request.GET.get("pilih") == "menunggu":
        pilih = {e.pk for e in data["entri"] if e.kesesuaian is None}
    context = {
        **data,
        "skp_bulanan": skp_bulanan,
        "skp": skp,
        "nama_bulan": nama_bulan(skp_bulanan.bulan),
        "keadaan": keadaan(skp_bulanan, ada_isi=bool(data["entri"] or data["targets"])),
        "refusal": refusal,
        "pilih": set(pilih),
        "berubah": set(berubah),
    }
    return render(request, "harian/atasan_bulan.html", context, status=status)


@login_required
@require_safe
def bulan(request, pk: int):
    """The page; ?pilih=menunggu pre-ticks every entry still waiting (choosing them all without JavaScript)."""
    return _render(request, atasan_bulan_of(request, pk))


def _entri_versi(value: str) -> tuple[int, int] | None:
    """ "12:3" (an entry's id and the version the page showed) → (12, 3); anything else → None."""
    pk, _, version = (value or "").partition(":")
    if pk.isdigit() and version.isdigit() and len(pk) < 19 and len(version) < 10:
        return int(pk), int(version)
    return None


@login_required
@require_POST
def kesesuaian(request, pk: int):
    """The entries' form: "Setujui semua yang dipilih" ticks the chosen entries sesuai; a row's button marks its entry
    Tidak sesuai, Sesuai, or back to belum diperiksa."""
    skp_bulanan = atasan_bulan_of(request, pk)
    row_action = next((name for name in AKSI_BARIS if name in request.POST), None)
    values = [request.POST[row_action]] if row_action else request.POST.getlist("pilih")
    parsed = [_entri_versi(v) for v in values]
    if any(p is None for p in parsed):
        return render(request, "400.html", status=400)  # a tampered form
    pilihan = dict(parsed)
    # What stays ticked on the page if this is refused: the checkboxes as they were sent.
    chosen = {p[0] for p in map(_entri_versi, request.POST.getlist("pilih")) if p}
    nilai = AKSI_BARIS[row_action] if row_action else True
    try:
        count = kesesuaian_tandai(actor=request.user, skp_bulanan_id=skp_bulanan.pk, pilihan=pilihan, kesesuaian=nilai)
    except EntriBerubah as error:
        messages.error(request, str(error))
        return _render(request, skp_bulanan, pilih=chosen, berubah=error.berubah)
    except HarianError as error:
        messages.error(request, str(error))
        return _render(request, skp_bulanan, pilih=chosen)
    if nilai is True and not row_action:
        messages.success(request, f"{count} progres harian ditandai sesuai.")
    else:
        label = {True: "sesuai", False: "tidak sesuai", None: "belum diperiksa"}[nilai]
        messages.success(request, f"Progres harian ditandai {label}.")
    return redirect(_url(skp_bulanan, "progres"))


@login_required
@require_POST
def kualitas(request, pk: int):
    """Simpan kualitas: every target whose score was typed or changed; a row that cannot be saved keeps what was typed
    and says why, the others are saved."""
    skp_bulanan = atasan_bulan_of(request, pk)
    targets = list(skp_bulanan.target_list.order_by("pk"))
    forms = {t.pk: KualitasForm(request.POST, prefix=f"t{t.pk}") for t in targets}
    saved, wrong = 0, 0
    for target in targets:
        form = forms[target.pk]
        typed = (form.data.get(f"t{target.pk}-kualitas") or "").strip()
        if typed == ("" if target.kualitas is None else str(target.kualitas)):
            continue  # untouched
        if not form.is_valid():
            wrong += 1
            continue
        if form.cleaned_data["kualitas"] is None:
            form.add_error("kualitas", "Kualitas yang sudah dinilai tidak dapat dikosongkan; isi 0 sampai 100.")
            wrong += 1
            continue
        try:
            kualitas_simpan(
                actor=request.user,
                skp_bulanan_id=skp_bulanan.pk,
                target_id=target.pk,
                version=form.cleaned_data["version"],
                kualitas=form.cleaned_data["kualitas"],
            )
        except HarianError as error:
            refuse(form, error)
            wrong += 1
        else:
            saved += 1
    if not wrong:
        if saved:
            messages.success(request, f"Kualitas {saved} target bulanan disimpan.")
        else:
            messages.info(request, "Tidak ada nilai kualitas yang berubah.")
        return redirect(_url(skp_bulanan, "kualitas"))
    messages.error(
        request,
        (f"Kualitas {saved} target bulanan disimpan; " if saved else "")
        + f"{wrong} belum disimpan. Perbaiki baris yang ditandai; nilai yang Anda ketik tetap di halaman ini.",
    )
    skp_bulanan.refresh_from_db()
    return _render(request, skp_bulanan, kualitas_forms=forms)


@login_required
@require_POST
def setujui(request, pk: int):
    """Setujui (or Setujui kembali) the month: its values are kept as the approved snapshot."""
    skp_bulanan = atasan_bulan_of(request, pk)
    try:
        approved = skp_bulanan_approve(
            actor=request.user, skp_bulanan_id=skp_bulanan.pk, version=request.POST.get("version")
        )
    except StaleEdit:
        messages.error(
            request,
            "Pegawai mengubah progres atau target bulan ini setelah halaman dibuka, sehingga bulan ini belum "
            "disetujui. Periksa perubahannya di bawah, lalu setujui lagi.",
        )
    except HarianError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"SKP Bulanan {nama_bulan(approved.bulan)} {skp_bulanan.skp.pegawai_snapshot.get('nama', '')} disetujui.",
        )
    return redirect(_url(skp_bulanan, "persetujuan"))

"""Target Bulanan (DES 2.0, docs/rules.md §15.4): the pegawai splits an approved SKP into monthly targets per RHK:
Teknis (a month's share of an indikator's annual quantity; the page shows what is left to split) and Konseptual
(stages with their own name and satuan). The same patterns as Detail SKP: with htmx a form opens in #panel and a save
refreshes the page's body; without JavaScript every form is a page of its own; a delete asks first."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.views.decorators.http import require_POST

from core.confirm import confirm_page, confirmed
from core.forms import apply_validation_error, refuse
from harian import permissions, services
from harian.forms import TargetKonseptualForm, TargetTeknisForm, TargetUbahForm, bulan_choices
from harian.models import JenisTarget, SkpBulanan, TargetBulanan
from harian.partisi import first_of_month
from harian.services import nama_bulan
from harian.views import harian_aktif, require
from harian.views.pegawai_data import StatusBulan, bulan_of, targets_with_realisasi
from skp.models import Indikator, Rhk, Skp, StatusSkp


def _visible_skp(request, skp_pk: int) -> Skp:
    return get_object_or_404(Skp.objects.visible_to(request.user), pk=skp_pk)


def target_url(skp: Skp, bulan: datetime.date) -> str:
    return f"{reverse('harian:target', args=[skp.pk])}?bulan={bulan:%Y-%m}"


def _bulan_in(skp: Skp, value: str | None) -> datetime.date:
    """The month asked for, kept inside the SKP's period; by default this month, or the SKP's first."""
    today = timezone.localdate()
    first, last = first_of_month(skp.periode_awal), first_of_month(skp.periode_akhir)
    bulan = bulan_of(value, today=today)
    if first <= bulan <= last:
        return bulan
    return first_of_month(today) if first <= first_of_month(today) <= last else first


@login_required
@harian_aktif
def target_pilih(request, setting):
    """Target Bulanan from the menu: the approved SKP running today, or the list of approved SKPs to choose from."""
    skp_list = list(
        Skp.objects.filter(pegawai=request.user, status=StatusSkp.PERSETUJUAN).order_by("-periode_awal", "-pk")
    )
    today = timezone.localdate()
    berjalan = [s for s in skp_list if s.periode_awal <= today <= s.periode_akhir]
    if len(berjalan) == 1:
        return redirect(target_url(berjalan[0], today))
    return render(request, "harian/target_pilih.html", {"skp_list": skp_list})


def target_context(request, skp: Skp, bulan: datetime.date) -> dict:
    """The body of the Target Bulanan page for one month: every RHK with its indikator (the annual target, how much
    the Teknis months hold, what is left) and the month's targets with their realisasi so far. Six queries."""
    indikator = Indikator.objects.order_by("urutan", "pk")
    rhk_list = list(
        Rhk.objects.filter(skp=skp)
        .prefetch_related(Prefetch("indikator_list", queryset=indikator))
        .order_by("jenis", "urutan", "pk")
    )
    terbagi = services.teknis_terbagi(skp)
    targets = targets_with_realisasi(skp.pegawai_id, bulan, skp_id=skp.pk)
    for rhk in rhk_list:
        rhk.targets = [t for t in targets if t.rhk_id == rhk.pk]
        teknis = {t.indikator_id for t in rhk.targets if t.jenis == JenisTarget.TEKNIS}
        for ind in rhk.indikator_list.all():
            ind.terbagi = terbagi.get(ind.pk)
            ind.teknis_ada = ind.pk in teknis
    skp_bulanan = SkpBulanan.objects.filter(skp=skp, bulan=bulan).select_related("disetujui_oleh").first()
    months = [datetime.date.fromisoformat(k + "-01") for k, _ in bulan_choices(skp.periode_awal, skp.periode_akhir)]
    # One year (the usual SKP): the month's name is enough; across years, with the year.
    one_year = skp.periode_awal.year == skp.periode_akhir.year
    return {
        "skp": skp,
        "bulan": bulan,
        "nama_bulan": nama_bulan(bulan),
        "bulan_list": [
            (target_url(skp, b), formats.date_format(b, "F" if one_year else "F Y"), b == bulan) for b in months
        ],
        "rhk_list": rhk_list,
        "status": StatusBulan(skp_bulanan, bulan),
        # Every page here runs with progres harian on (harian_aktif).
        "can_isi": permissions.can_isi(request.user, skp, aktif=True),
        "refusal": permissions.isi_refusal(request.user, skp, aktif=True),
        "is_owner": permissions.is_owner(request.user, skp),
    }


@login_required
@harian_aktif
def target(request, skp_pk: int, setting):
    skp = _visible_skp(request, skp_pk)
    if request.htmx and request.GET.get("panel") == "tutup":
        return HttpResponse("")
    return render(request, "harian/target.html", target_context(request, skp, _bulan_in(skp, request.GET.get("bulan"))))


def _saved(request, skp: Skp, bulan: datetime.date, message: str, anchor: str = ""):
    """After a change: the page's body again in place (htmx), or back to the page."""
    if request.htmx:
        return render(request, "harian/target.html#refresh", {**target_context(request, skp, bulan), "flash": message})
    messages.success(request, message)
    return redirect(target_url(skp, bulan) + anchor)


def _form_page(request, skp: Skp, bulan: datetime.date, form, *, title: str, intro=(), hapus=None, notice=""):
    context = {
        "panel": bool(request.htmx),
        "skp": skp,
        "form": form,
        "title": title,
        "intro": intro,
        "notice": notice,
        "action": request.get_full_path(),
        "kembali": target_url(skp, bulan),
        "hapus": hapus,  # on Ubah: the Hapus button under the form (its url and the row's version)
    }
    return render(request, "harian/target_form.html#form" if request.htmx else "harian/target_form.html", context)


def _notice(skp: Skp, bulan: datetime.date) -> str:
    found = SkpBulanan.objects.filter(skp=skp, bulan=bulan, disetujui_pada__isnull=False).exists()
    if not found:
        return ""
    return (
        f"{nama_bulan(bulan)} sudah disetujui atasan. Perubahan target bulan ini menandainya “Berubah setelah "
        "disetujui” sampai atasan menyetujuinya kembali."
    )


def _sisa_lines(indikator_list) -> list[str]:
    return [
        f"{i.teks}: target tahunan {_angka(t.tahunan)} {i.satuan}, sudah terbagi {_angka(t.terbagi)}, "
        f"sisa {_angka(t.sisa)} {i.satuan}."
        for i, t in indikator_list
    ]


def _angka(value) -> str:
    return f"{value.normalize():f}".replace(".", ",")


@login_required
@harian_aktif
def target_tambah(request, skp_pk: int, rhk_id: int, jenis: str, setting):
    skp = _visible_skp(request, skp_pk)
    rhk = get_object_or_404(Rhk, pk=rhk_id, skp=skp)
    require(permissions.can_isi(request.user, skp, aktif=True))
    bulan = _bulan_in(skp, request.GET.get("bulan"))
    bulan_list = bulan_choices(skp.periode_awal, skp.periode_akhir)
    initial = {"bulan": f"{bulan:%Y-%m}"}
    intro: list[str] = [f"RHK: {rhk.teks}"]
    if jenis == JenisTarget.TEKNIS:
        terbagi = services.teknis_terbagi(skp)
        indikator = [i for i in rhk.indikator_list.order_by("urutan", "pk") if i.pk in terbagi]
        choices = [(i.pk, f"{i.teks} ({_angka(terbagi[i.pk].sisa)} {i.satuan} belum terbagi)") for i in indikator]
        initial["indikator"] = request.GET.get("indikator", "")
        form = TargetTeknisForm(request.POST or None, bulan_list=bulan_list, indikator_list=choices, initial=initial)
        intro += _sisa_lines([(i, terbagi[i.pk]) for i in indikator])
        title = "Tambah Target Teknis"
    else:
        form = TargetKonseptualForm(request.POST or None, bulan_list=bulan_list, initial=initial)
        title = "Tambah Target Konseptual"
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.target_bulanan_create(
                actor=request.user,
                skp_id=skp.pk,
                bulan=form.bulan_terpilih,
                rhk_id=rhk.pk,
                jenis=jenis,
                target=data["target"],
                indikator_id=data.get("indikator"),
                nama=data.get("nama", ""),
                satuan=data.get("satuan", ""),
                client_token=data.get("client_token"),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        except services.HarianError as error:
            refuse(form, error)
        else:
            bulan = item.skp_bulanan.bulan
            return _saved(request, skp, bulan, f"Target bulanan {nama_bulan(bulan)} ditambahkan.", f"#rhk-{rhk.pk}")
    return _form_page(request, skp, bulan, form, title=title, intro=intro, notice=_notice(skp, bulan))


def _own_target(request, target_id: int) -> tuple[TargetBulanan, Skp, datetime.date]:
    """The target with its SKP and month, if the user may see it (404 otherwise) and change it (403 otherwise)."""
    item = get_object_or_404(
        TargetBulanan.objects.visible_to(request.user).select_related("skp_bulanan__skp", "rhk", "indikator"),
        pk=target_id,
    )
    require(permissions.can_isi(request.user, item.skp_bulanan.skp, aktif=True))
    return item, item.skp_bulanan.skp, item.skp_bulanan.bulan


@login_required
@harian_aktif
def target_ubah(request, target_id: int, setting):
    item, skp, bulan = _own_target(request, target_id)
    teknis = item.jenis == JenisTarget.TEKNIS
    initial = {"nama": item.nama, "target": item.target, "satuan": item.satuan, "version": item.version}
    form = TargetUbahForm(request.POST or None, teknis=teknis, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.target_bulanan_update(
                actor=request.user,
                target_bulanan_id=item.pk,
                version=data.get("version"),
                target=data["target"],
                nama=data.get("nama", ""),
                satuan=data.get("satuan", ""),
            )
        except ValidationError as error:
            apply_validation_error(form, error)
        except services.HarianError as error:
            refuse(form, error)
        else:
            return _saved(request, skp, bulan, "Target bulanan disimpan.", f"#rhk-{item.rhk_id}")
    intro = [f"RHK: {item.rhk.teks}", f"Bulan: {nama_bulan(bulan)}"]
    if teknis:
        terbagi = services.teknis_terbagi(skp).get(item.indikator_id)
        intro += [f"Teknis: {item.nama} ({item.satuan})", *_sisa_lines([(item.indikator, terbagi)] if terbagi else [])]
    hapus = {"url": reverse("harian:target_hapus", args=[item.pk]), "version": item.version}
    title = f"Ubah Target {item.get_jenis_display()}"
    return _form_page(request, skp, bulan, form, title=title, intro=intro, hapus=hapus, notice=_notice(skp, bulan))


@login_required
@require_POST
@harian_aktif
def target_hapus(request, target_id: int, setting):
    item, skp, bulan = _own_target(request, target_id)
    if not confirmed(request):
        pertanyaan = (
            f"Target bulanan {nama_bulan(bulan)} “{item.nama[:120]}” ({_angka(item.target)} {item.satuan}) akan "
            "dihapus. Target yang sudah memiliki progres harian tidak dapat dihapus. " + _notice(skp, bulan)
        )
        return confirm_page(
            request,
            title="Hapus target bulanan?",
            pertanyaan=pertanyaan.strip(),
            tombol="Ya, hapus target",
            kembali=target_url(skp, bulan),
        )
    try:
        services.target_bulanan_delete(
            actor=request.user, target_bulanan_id=item.pk, version=request.POST.get("version")
        )
    except services.HarianError as error:
        if request.htmx:
            return render(request, "harian/target_form.html#error", {"error": str(error)})
        messages.error(request, str(error))
        return redirect(target_url(skp, bulan))
    return _saved(request, skp, bulan, "Target bulanan dihapus.", f"#rhk-{item.rhk_id}")

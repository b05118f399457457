"""Dashboard admin instansi (docs/rules.md §14.4): the instansi or one unit, each unit under it, and every number a
link to the list of exactly those pegawai. Plain GET pages, so a read replica can serve them."""

import datetime
import re
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts.models import UNIT_SEPARATOR, UnitKerja, User
from laporan.charts import stacked
from laporan.dashboard import (
    Lingkup,
    bagian_by_key,
    bagian_for,
    dashboard_rows,
    ids_params,
    ids_sql,
    tanpa_jit,
)
from laporan.forms import DaftarForm, DasborForm
from laporan.views import instansi_id_of, require_admin, unit_of
from penilaian.kurva import Kurva
from penilaian.models import CapaianUnit, PeriodePenilaian
from penilaian.periode import Periode
from penilaian.predikat import CapaianOrganisasi
from penilaian.services import current_periode, scheme_periods

PER_HALAMAN = 50
FILTERS = ("tahun", "kode", "jenis_jabatan", "status_kepegawaian")


def default_kode(periods: dict[str, Periode], tahun: int, today: datetime.date) -> str:
    """The period shown first: this year's current one; for a past year its Tahunan (the year's result); for a year
    ahead its first period."""
    if tahun < today.year:
        return f"{tahun}-TAHUNAN"
    current = current_periode(periods, today) if tahun == today.year else None
    return (current or next(iter(periods.values()))).kode


def _lingkup(request, form) -> tuple[Lingkup | None, dict]:
    """The validated scope of a dashboard request, and its filters as they go into links; (None, {}) while a
    superadmin has not picked an instansi. A unit outside the instansi is a 404; a period not of the instansi's
    scheme for the year a form error."""
    data = form.cleaned_data
    instansi_id = instansi_id_of(request.user, data.get("instansi"))
    if instansi_id is None:
        return None, {}
    unit = unit_of(instansi_id, data.get("unit"))
    periods = scheme_periods(instansi_id, data["tahun"])
    kode = data.get("kode") or ""
    if not kode.startswith(f"{data['tahun']}-"):  # the year was changed: that year's first choice, not an error
        kode = default_kode(periods, data["tahun"], form.today)
    if kode not in periods:
        form.add_error("kode", "Periode ini tidak ada pada tahun yang dipilih.")
        return None, {}
    lingkup = Lingkup(
        instansi_id=instansi_id,
        unit=unit,
        tahun=data["tahun"],
        periode=periods[kode],
        jenis_jabatan=data.get("jenis_jabatan", ""),
        status_kepegawaian=data.get("status_kepegawaian", ""),
        langsung=bool(data.get("langsung")),
    )
    query = {"tahun": lingkup.tahun, "kode": kode, "jenis_jabatan": lingkup.jenis_jabatan}
    query["status_kepegawaian"] = lingkup.status_kepegawaian
    if request.user.is_superuser:
        query = {"instansi": instansi_id, **query}
    return lingkup, {"query": urlencode(query), "periods": periods}


def _with_year(request):
    """The query string with this year when it names none, so the form shows the year it reports on."""
    data = request.GET.copy()
    data.setdefault("tahun", str(timezone.localdate().year))
    return data


def _prefixes(path: str) -> list[str]:
    names = path.split(UNIT_SEPARATOR)
    return [UNIT_SEPARATOR.join(names[: n + 1]) for n in range(len(names) - 1)]


def _kurva(unit: UnitKerja, kode: str) -> Kurva:
    """The unit's distribution against its own capaian's curve, as Lihat Kurva draws it (docs/rules.md §8.7): its
    whole population, whatever the filters. Two queries."""
    governing = CapaianUnit.objects.governing(unit.pk, kode).first()
    own = governing if governing is not None and governing.unit_kerja_id == unit.pk else None
    return Kurva(
        unit_nama=unit.nama,
        capaian=CapaianOrganisasi(own.capaian) if own else None,
        counts=PeriodePenilaian.objects.of_unit(unit.pk, kode).predikat_counts(),
        induk=f"{governing.unit_kerja.nama} ({governing.get_capaian_display()})" if governing and not own else "",
    )


@login_required
@require_safe
def dasbor(request):
    """Who is behind: per unit under the chosen one and in total, pegawai by SKP status for the year, by state in the
    period, by predikat; the unit's kurva; the downloads for the unit."""
    require_admin(request.user)
    form = DasborForm(_with_year(request), today=timezone.localdate(), superadmin=request.user.is_superuser)
    lingkup, links = _lingkup(request, form) if form.is_valid() else (None, {})
    if lingkup is None:
        return render(request, "laporan/dasbor.html", {"form": form}, status=400 if form.errors else 200)
    units = UnitKerja.objects.filter(Q(parent=lingkup.unit) | Q(path__in=_prefixes(lingkup.unit.path)))
    units = units.filter(instansi_id=lingkup.instansi_id).order_by("depth", "nama")
    children = [u for u in units if u.parent_id == lingkup.unit.pk]
    total, rows = dashboard_rows(lingkup, children)
    bagian = bagian_for(lingkup.instansi_id)
    kurva = _kurva(lingkup.unit, lingkup.periode.kode)
    context = {
        "form": form,
        "lingkup": lingkup,
        "induk": [u for u in units if u.parent_id != lingkup.unit.pk],
        "total": total,
        "grafik": [(b, sels, stacked(sels)) for b in bagian for sels in [total.sel(b)]],
        "tabel": [(b, [(row, sels, stacked(sels)) for row in rows for sels in [row.sel(b)]]) for b in bagian],
        "kurva": kurva,
        "periods": links["periods"].values(),
        "query": links["query"],
        "unduh": urlencode({"unit": lingkup.unit.pk}),
    }
    return render(request, "laporan/dasbor.html", context)


_NAMED = re.compile(r"%\((\w+)\)s")


def _positional(sql: str, params: dict) -> tuple[str, list]:
    """Named parameters as positional ones, so the facts' SQL can be a subquery of an ORM query."""
    order = _NAMED.findall(sql)
    return _NAMED.sub("%s", sql), [params[name] for name in order]


@login_required
@require_safe
def dasbor_pegawai(request):
    """The pegawai behind one number of the dashboard (or every pegawai of a unit): nama, NIP, unit kerja, jabatan and
    atasan, 50 a page, in three queries after the scope whatever the number."""
    require_admin(request.user)
    form = DaftarForm(_with_year(request), today=timezone.localdate(), superadmin=request.user.is_superuser)
    lingkup, links = _lingkup(request, form) if form.is_valid() else (None, {})
    if lingkup is None:
        return render(request, "laporan/dasbor_pegawai.html", {"form": form}, status=400 if form.errors else 200)
    bagian = bagian_by_key(form.cleaned_data["bagian"])
    kategori = form.cleaned_data["kategori"] if bagian else ""
    sql, params = _positional(ids_sql(bagian, kategori), ids_params(lingkup, kategori))
    pegawai = User.objects.filter(pk__in=RawSQL(sql, params)).select_related("unit_kerja", "atasan")  # noqa: S611
    with tanpa_jit():
        page = Paginator(pegawai.order_by("nama", "pk"), PER_HALAMAN).get_page(form.cleaned_data.get("page"))
        page.object_list = list(page.object_list)
    kategori_label = next((k.label for k in bagian.kategori if k.key == kategori), "") if bagian else ""
    here = {"unit": lingkup.unit.pk, "bagian": bagian.key if bagian else "", "kategori": kategori}
    if lingkup.langsung:
        here["langsung"] = "1"
    context = {
        "form": form,
        "lingkup": lingkup,
        "bagian": bagian,
        "kategori_label": kategori_label,
        "page": page,
        "query": links["query"],
        "here": f"{links['query']}&{urlencode(here)}",
    }
    return render(request, "laporan/dasbor_pegawai.html", context)

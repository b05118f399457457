"""Downloads for the admin instansi (docs/rules.md §14.3, §14.5): Laporan Penilaian and Laporan SKP, each as CSV and
.xlsx with the same columns, for the instansi or one unit and the units below it. Plain GET views."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from accounts.models import UnitKerja
from laporan.exports import laporan_penilaian, laporan_skp
from laporan.forms import UnduhForm
from laporan.views import require_admin, unit_of
from laporan.writers import csv_response, xlsx_response


def _scope(request) -> tuple[int | None, UnitKerja | None, dict] | None:
    """The instansi (None for a superadmin without a unit: every instansi), the unit (None: the whole instansi) and
    the other filters; None when a filter is malformed. Anyone but an admin is refused; a unit of another instansi is
    a 404, so a guessed id reaches nothing."""
    require_admin(request.user)
    form = UnduhForm(request.GET)
    if not form.is_valid():
        return None
    instansi_id = None if request.user.is_superuser else request.user.instansi_id
    unit_id, unit = form.cleaned_data["unit"], None
    if unit_id:
        unit = get_object_or_404(UnitKerja, pk=unit_id) if instansi_id is None else unit_of(instansi_id, unit_id)
        instansi_id = unit.instansi_id
    return instansi_id, unit, form.cleaned_data


def _nama(dasar: str, unit: UnitKerja | None, pilihan: str) -> str:
    return f"{dasar}-{pilihan or 'semua'}" + (f"-unit-{unit.pk}" if unit else "")


def _penilaian(request, writer):
    scope = _scope(request)
    if scope is None:
        return render(request, "400.html", status=400)
    instansi_id, unit, data = scope
    rows = laporan_penilaian(instansi_id=instansi_id, kode=data["kode"], unit=unit)
    return writer(rows, _nama("laporan-penilaian", unit, data["kode"]), "Laporan Penilaian")


def _skp(request, writer):
    scope = _scope(request)
    if scope is None:
        return render(request, "400.html", status=400)
    instansi_id, unit, data = scope
    rows = laporan_skp(instansi_id=instansi_id, tahun=data["tahun"], unit=unit)
    return writer(rows, _nama("laporan-skp", unit, str(data["tahun"] or "")), "Laporan SKP")


@login_required
@require_safe
def laporan_penilaian_csv(request):
    """Laporan Penilaian of the admin's instansi (a superadmin: every instansi), one period with ?kode=2026-TW4, one
    unit and those below it with ?unit=<id>."""
    return _penilaian(request, lambda rows, nama, judul: csv_response(rows, nama))


@login_required
@require_safe
def laporan_penilaian_xlsx(request):
    """The same rows as the CSV, as an Excel workbook."""
    return _penilaian(request, xlsx_response)


@login_required
@require_safe
def laporan_skp_csv(request):
    """Laporan SKP: one row per SKP of the instansi or one unit, the SKPs of one year with ?tahun=2026."""
    return _skp(request, lambda rows, nama, judul: csv_response(rows, nama))


@login_required
@require_safe
def laporan_skp_xlsx(request):
    """The same rows as the CSV, as an Excel workbook."""
    return _skp(request, xlsx_response)

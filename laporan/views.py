"""Downloads for the admin instansi: Laporan Penilaian as CSV (streamed) and .xlsx (issue 12)."""

import csv
import re
import tempfile

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import render
from openpyxl import Workbook

from accounts.permissions import is_any_admin
from laporan.exports import laporan_penilaian

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
KODE = re.compile(r"^\d{4}-[A-Z0-9]{1,10}$")


def _scope(request) -> tuple[int | None, str | None]:
    """The admin's instansi (None for a superadmin: every instansi) and the period asked for ("" for all, None when
    malformed); anyone but an admin is refused."""
    if not is_any_admin(request.user):
        raise PermissionDenied("Laporan hanya untuk admin instansi.")
    kode = request.GET.get("kode", "")
    instansi_id = None if request.user.is_superuser else request.user.instansi_id
    return instansi_id, (kode if not kode or KODE.match(kode) else None)


class _Echo:
    """A file that hands back what is written: csv.writer's lines become the response's chunks."""

    def write(self, value: str) -> str:
        return value


@login_required
def laporan_penilaian_csv(request):
    """Laporan Penilaian of the admin's instansi (a superadmin: every instansi), one period with ?kode=2026-TW4."""
    instansi_id, kode = _scope(request)
    if kode is None:
        return render(request, "400.html", status=400)
    writer = csv.writer(_Echo())
    lines = (writer.writerow(row) for row in laporan_penilaian(instansi_id=instansi_id, kode=kode))
    response = StreamingHttpResponse(_with_bom(lines), content_type="text/csv; charset=utf-8")
    nama = f"laporan-penilaian-{kode or 'semua'}.csv"
    response["Content-Disposition"] = f'attachment; filename="{nama}"'
    return response


@login_required
def laporan_penilaian_xlsx(request):
    """The same rows as the CSV, as an Excel workbook written by openpyxl in write-only mode: each row goes to a
    temporary file as it is read, so memory stays flat whatever the size; the file is then streamed."""
    instansi_id, kode = _scope(request)
    if kode is None:
        return render(request, "400.html", status=400)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Laporan Penilaian")
    for row in laporan_penilaian(instansi_id=instansi_id, kode=kode):
        sheet.append(row)
    spooled = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 (FileResponse closes it)
    workbook.save(spooled)
    spooled.seek(0)
    response = FileResponse(spooled, content_type=XLSX, as_attachment=True)
    response["Content-Disposition"] = f'attachment; filename="laporan-penilaian-{kode or "semua"}.xlsx"'
    return response


def _with_bom(lines):
    """A BOM first, so that Excel opens the UTF-8 file with its accents and emoji intact."""
    yield "\ufeff"
    yield from lines

"""Downloads for the admin instansi: Laporan Penilaian as CSV, streamed (issue 12)."""

import csv
import re

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.shortcuts import render

from accounts.permissions import is_any_admin
from laporan.exports import laporan_penilaian

KODE = re.compile(r"^\d{4}-[A-Z0-9]{1,10}$")


class _Echo:
    """A file that hands back what is written: csv.writer's lines become the response's chunks."""

    def write(self, value: str) -> str:
        return value


@login_required
def laporan_penilaian_csv(request):
    """Laporan Penilaian of the admin's instansi (a superadmin: every instansi), one period with ?kode=2026-TW4."""
    if not is_any_admin(request.user):
        raise PermissionDenied("Laporan hanya untuk admin instansi.")
    kode = request.GET.get("kode", "")
    if kode and not KODE.match(kode):
        return render(request, "400.html", status=400)
    instansi_id = None if request.user.is_superuser else request.user.instansi_id
    writer = csv.writer(_Echo())
    lines = (writer.writerow(row) for row in laporan_penilaian(instansi_id=instansi_id, kode=kode))
    response = StreamingHttpResponse(_with_bom(lines), content_type="text/csv; charset=utf-8")
    nama = f"laporan-penilaian-{kode or 'semua'}.csv"
    response["Content-Disposition"] = f'attachment; filename="{nama}"'
    return response


def _with_bom(lines):
    """A BOM first, so that Excel opens the UTF-8 file with its accents and emoji intact."""
    yield "\ufeff"
    yield from lines

"""The two download formats of every report, written as the rows are read: CSV streamed line by line, .xlsx by
openpyxl in write-only mode into a spooled temporary file and then streamed. A report is a generator of rows, header
first (laporan.exports); memory stays flat whatever its length (docs/performance.md, "Reports (issue 12)")."""

import csv
import tempfile
from collections.abc import Iterable

from django.http import FileResponse, StreamingHttpResponse
from openpyxl import Workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SPOOL_MAX = 8 * 1024 * 1024  # past this the workbook goes to disk


class _Echo:
    """A file that hands back what is written: csv.writer's lines become the response's chunks."""

    def write(self, value: str) -> str:
        return value


def _with_bom(lines):
    """A BOM first, so that Excel opens the UTF-8 file with its accents and emoji intact."""
    yield "\ufeff"
    yield from lines


def csv_response(rows: Iterable[list], nama: str) -> StreamingHttpResponse:
    """The rows as a CSV download named `nama`.csv, each line sent as it is read."""
    writer = csv.writer(_Echo())
    response = StreamingHttpResponse(
        _with_bom(writer.writerow(row) for row in rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{nama}.csv"'
    return response


def xlsx_response(rows: Iterable[list], nama: str, judul: str) -> FileResponse:
    """The same rows as an Excel workbook (one sheet titled `judul`) named `nama`.xlsx: each row goes to the
    temporary file as it is read, then the file is streamed."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(judul)
    for row in rows:
        sheet.append(row)
    spooled = tempfile.SpooledTemporaryFile(max_size=SPOOL_MAX)  # noqa: SIM115 (FileResponse closes it)
    workbook.save(spooled)
    spooled.seek(0)
    response = FileResponse(spooled, content_type=XLSX, as_attachment=True)
    response["Content-Disposition"] = f'attachment; filename="{nama}.xlsx"'
    return response

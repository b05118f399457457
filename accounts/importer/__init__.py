"""Pegawai import from CSV (docs/rules.md §1.11): validate the whole file, then write it in one transaction.

All-or-nothing: any bad row rejects the file with every problem listed by line number. Idempotent: rows
are matched by NIP, so a re-import updates and reports what changed. Optional columns that are absent
from the header leave the stored value alone; present but empty, they clear it.

The package: rows.py (columns, limits, report), checks.py (row and database checks), write.py (the write).
"""

from django.db import IntegrityError, connection, transaction

from accounts.importer.checks import _check_against_database, _parse
from accounts.importer.rows import ImportRejected, ImportReport, RowError
from accounts.importer.write import _write
from accounts.models import Instansi

__all__ = ["ImportRejected", "ImportReport", "RowError", "decode_upload", "import_pegawai"]


def decode_upload(data: bytes) -> str:
    """Bytes of an uploaded file as text; a non-UTF-8 file is refused naming the first bad line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportRejected(
            [RowError(line, "berkas harus berkodekan UTF-8 (simpan ulang sebagai “CSV UTF-8”).")]
        ) from None


def import_pegawai(
    *, text: str, only_instansi: Instansi | None = None, initial_password: str | None = None
) -> ImportReport:
    """Validate and import a pegawai CSV. Raises ImportRejected and writes nothing if any row is bad.

    only_instansi: an admin instansi's import; every row must belong to that instansi.
    initial_password: a password for accounts created (or still without one), for demos and tests.
    """
    rows, columns, errors, all_nips = _parse(text, only_instansi)
    try:
        with transaction.atomic():
            if not _import_lock():
                raise ImportRejected([RowError(0, BUSY)])
            errors += _check_against_database(rows, columns, only_instansi, all_nips)
            if not rows and not errors:
                errors.append(RowError(0, "berkas tidak berisi satu baris pegawai pun."))
            if errors:
                raise ImportRejected(errors)
            return _write(rows, columns, initial_password)
    except IntegrityError:
        # Another writer (the admin form, say) took a NIP or a unit name between the checks and the write.
        raise ImportRejected([RowError(0, BUSY)]) from None


# One import at a time in the whole installation (imports are rare, and two at once would race on the same NIPs
# and units): the second is told to wait, instead of failing on a duplicate key.
IMPORT_LOCK = 0x656B696E  # "ekin": a fixed key for pg_try_advisory_xact_lock
BUSY = (
    "Impor pegawai lain sedang berjalan. Tunggu sampai selesai, lalu unggah lagi; berkas yang sama tidak akan "
    "menggandakan data."
)


def _import_lock() -> bool:
    """Take the import lock for this transaction, without waiting."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [IMPORT_LOCK])
        return cursor.fetchone()[0]

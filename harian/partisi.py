"""The monthly partitions of the daily log (decision 0019): one table per month, made ahead of time by migration 0003
(last year to next year) and by `manage.py partisi_harian`, run on a schedule. Each partition gets the no-overlap
exclusion constraint, which PostgreSQL 15 cannot hold on the partitioned parent; indexes, checks, foreign keys and
the audit triggers come from the parent by themselves. There is no DEFAULT partition: a row for a month without its
partition is refused (the services say so), never parked where a later partition could not be attached."""

import datetime

from django.db import connection, transaction

PARENT = "harian_progresharian"

# The exclusion constraint of models.ProgresHarian.Meta ("harian_progres_no_overlap"), as SQL for one partition: no
# two entries of one pegawai on one day overlap in time; touching ends (08:00–09:00, 09:00–10:00) are allowed.
NO_OVERLAP_SQL = (
    'ALTER TABLE "{table}" ADD CONSTRAINT "{table}_no_overlap" EXCLUDE USING gist '
    "(pegawai_id WITH =, tanggal WITH =, tsrange(tanggal + jam_mulai, tanggal + jam_selesai) WITH &&)"
)
NO_OVERLAP_SUFFIX = "_no_overlap"


def first_of_month(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def next_month(bulan: datetime.date) -> datetime.date:
    return datetime.date(bulan.year + bulan.month // 12, bulan.month % 12 + 1, 1)


def partition_name(bulan: datetime.date) -> str:
    """harian_progresharian_p2026_11 for November 2026."""
    return f"{PARENT}_p{bulan.year}_{bulan.month:02d}"


def existing_partitions() -> set[str]:
    """The names of the partitions the parent has now."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = %s::regclass",
            [PARENT],
        )
        return {name for (name,) in cursor.fetchall()}


@transaction.atomic
def partisi_buat(bulan: datetime.date) -> bool:
    """The partition of the month holding `bulan`, with its exclusion constraint; True when it was made now, False
    when it was there already (idempotent). Takes a short exclusive lock on the parent: run it ahead of time."""
    mulai = first_of_month(bulan)
    table = partition_name(mulai)
    if table in existing_partitions():
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            f'CREATE TABLE "{table}" PARTITION OF "{PARENT}" FOR VALUES FROM (%s) TO (%s)',
            [mulai, next_month(mulai)],
        )
        cursor.execute(NO_OVERLAP_SQL.format(table=table))
    return True


def partisi_tahun(tahun: int) -> list[str]:
    """The twelve partitions of a year; returns the names of those made now."""
    made = []
    bulan = datetime.date(tahun, 1, 1)
    while bulan.year == tahun:
        if partisi_buat(bulan):
            made.append(partition_name(bulan))
        bulan = next_month(bulan)
    return made


def missing_months(mulai: datetime.date, selesai: datetime.date) -> list[datetime.date]:
    """The months from `mulai` to `selesai` that have no partition yet (the scheduled check)."""
    have = existing_partitions()
    missing, bulan = [], first_of_month(mulai)
    while bulan <= selesai:
        if partition_name(bulan) not in have:
            missing.append(bulan)
        bulan = next_month(bulan)
    return missing

"""The daily log's monthly partitions (decision 0019): made ahead of time by the migration and by `manage.py
partisi_harian` on a schedule, each with the no-overlap exclusion constraint PostgreSQL 15 cannot hold on the
parent; idempotent; a check for monitoring."""

import datetime
import io
import re

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction

from harian.partisi import existing_partitions, missing_months, partisi_tahun, partition_name
from tests.harian.factories import ProgresHarianFactory
from tests.harian.test_models import partition_of


def constraints_of(table: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'x'", [table])
        return {name for (name,) in cursor.fetchall()}


def test_the_migration_made_last_this_and_next_year_each_with_its_exclusion_constraint(db):
    year = datetime.date.today().year
    names = existing_partitions()
    for month in (datetime.date(year - 1, 1, 1), datetime.date(year, 6, 1), datetime.date(year + 1, 12, 1)):
        assert partition_name(month) in names
        assert constraints_of(partition_name(month)) == {f"{partition_name(month)}_no_overlap"}


def test_a_later_year_s_partitions_are_made_once_and_take_that_year_s_entries(db):
    assert missing_months(datetime.date(2031, 1, 1), datetime.date(2031, 12, 31))[0] == datetime.date(2031, 1, 1)
    assert len(partisi_tahun(2031)) == 12
    assert partisi_tahun(2031) == []  # idempotent
    assert missing_months(datetime.date(2031, 1, 1), datetime.date(2031, 12, 31)) == []
    entry = ProgresHarianFactory(tanggal=datetime.date(2031, 7, 15))
    assert partition_of(entry.pk) == "harian_progresharian_p2031_07"
    # The new partition refuses overlaps too, and keeps the parent's checks.
    with pytest.raises(IntegrityError, match="harian_progresharian_p2031_07_no_overlap"), transaction.atomic():
        ProgresHarianFactory(target_bulanan=entry.target_bulanan, tanggal=entry.tanggal)
    with pytest.raises(IntegrityError, match="harian_progres_jam_urut"), transaction.atomic():
        ProgresHarianFactory(
            tanggal=datetime.date(2031, 7, 16), jam_mulai=datetime.time(10), jam_selesai=datetime.time(9)
        )


def test_the_command_makes_the_years_asked_and_its_check_fails_while_a_month_is_missing(db):
    with pytest.raises(CommandError, match="01-2032"):
        call_command("partisi_harian", "--cek", "--tahun", "2032", stdout=io.StringIO())
    out = io.StringIO()
    call_command("partisi_harian", "--tahun", "2032", stdout=out)
    assert "2032: 12 partisi dibuat, 0 sudah ada." in out.getvalue()
    out = io.StringIO()
    call_command("partisi_harian", "--cek", "--tahun", "2032", stdout=out)
    assert "lengkap" in out.getvalue()


def test_the_audit_triggers_reach_a_partition_made_later(db):
    partisi_tahun(2033)
    entry = ProgresHarianFactory(tanggal=datetime.date(2033, 3, 1))
    assert list(entry.events.values_list("pgh_label", flat=True)) == ["insert"]


def partitions_read(plan: str) -> set[str]:
    return set(re.findall(r"harian_progresharian_p\d{4}_\d{2}", plan))


def test_the_pages_queries_read_only_the_month_s_partition(db):
    """Partition pruning for the week/month view, the atasan's list and an entry looked up with its date; the month
    view by its index (pegawai, tanggal, jam_mulai), which also gives its order."""
    from harian.models import ProgresHarian, SkpBulanan

    entry = ProgresHarianFactory()
    feb = (datetime.date(2026, 2, 1), datetime.date(2026, 2, 28))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny table: ask which index the planner would use
    month_view = ProgresHarian.objects.of_pegawai(entry.pegawai_id, *feb).explain()
    assert partitions_read(month_view) == {"harian_progresharian_p2026_02"}
    assert "pegawai_id_tanggal_jam_mulai_idx" in month_view and "Sort" not in month_view
    atasan_list = SkpBulanan.objects.of_penilai(entry.skp_bulanan.skp.penilai, feb[0]).explain()
    assert partitions_read(atasan_list) == {"harian_progresharian_p2026_02"}
    assert partitions_read(ProgresHarian.objects.by_id(entry.pk, entry.tanggal).explain()) == {
        "harian_progresharian_p2026_02"
    }
    assert len(partitions_read(ProgresHarian.objects.by_id(entry.pk).explain())) >= 36  # without the date: all

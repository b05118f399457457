"""The database's own rules of the harian tables (docs/rules.md §15.5, §15.7), written straight to the tables: the
last guard when a service's check is bypassed or raced, and where the daily log's rows land (decision 0019)."""

import datetime

import pghistory
import pytest
from django.db import DataError, IntegrityError, connection, transaction

from harian import services
from harian.models import ProgresHarian, SkpBulanan
from harian.services import kode_of
from tests.harian.conftest import isian
from tests.harian.factories import ProgresHarianFactory, SkpBulananFactory, TargetBulananFactory


def partition_of(progres_id: int) -> str:
    """The partition a row of the daily log is stored in."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM harian_progresharian WHERE id = %s", [progres_id])
        return cursor.fetchone()[0]


@pytest.mark.parametrize(("mulai", "selesai"), [(8, 9), (7, 12), (8, 10)])
def test_the_database_refuses_two_overlapping_entries_of_one_pegawai_on_one_day(db, mulai, selesai):
    first = ProgresHarianFactory()
    with pytest.raises(IntegrityError, match="no_overlap"), transaction.atomic():
        ProgresHarianFactory(
            target_bulanan=first.target_bulanan, jam_mulai=datetime.time(mulai), jam_selesai=datetime.time(selesai)
        )


def test_the_database_accepts_touching_times_another_day_and_another_pegawai(db):
    first = ProgresHarianFactory()
    ProgresHarianFactory(target_bulanan=first.target_bulanan, jam_mulai=datetime.time(9), jam_selesai=datetime.time(10))
    ProgresHarianFactory(target_bulanan=first.target_bulanan, tanggal=datetime.date(2026, 2, 11))
    ProgresHarianFactory()  # another pegawai, same hour
    assert ProgresHarian.objects.count() == 4


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"jam_mulai": datetime.time(9), "jam_selesai": datetime.time(9)}, "harian_progres_jam_urut"),
        ({"link_bukti": "javascript:alert(1)"}, "harian_progres_link_http_only"),
        ({"realisasi": -1}, "harian_progres_realisasi_min_0"),
    ],
)
def test_the_database_checks_every_entry(db, fields, constraint):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        ProgresHarianFactory(**fields)


def test_an_entry_is_for_a_rencana_aksi_or_a_target_bulanan_never_both_nor_none(db):
    entry = ProgresHarianFactory()
    with pytest.raises(IntegrityError, match="harian_progres_one_target"), transaction.atomic():
        ProgresHarian.objects.filter(pk=entry.pk).update(target_bulanan=None)


def test_one_skp_bulanan_per_skp_per_month_and_only_first_days(db):
    month = SkpBulananFactory()
    with pytest.raises(IntegrityError, match="harian_skp_bulanan_once"), transaction.atomic():
        SkpBulanan.objects.create(instansi=month.instansi, skp=month.skp, pegawai=month.pegawai, bulan=month.bulan)
    with pytest.raises(IntegrityError, match="harian_bulan_first_day"), transaction.atomic():
        SkpBulananFactory(skp=month.skp, bulan=datetime.date(2026, 3, 2))
    with pytest.raises(IntegrityError, match="harian_berubah_after_approval"), transaction.atomic():
        SkpBulanan.objects.filter(pk=month.pk).update(berubah=True)


def test_one_teknis_share_of_an_indikator_per_month_and_kualitas_within_0_100(db):
    from tests.factories import IndikatorFactory

    target = TargetBulananFactory()
    indikator = IndikatorFactory(rhk=target.rhk)
    TargetBulananFactory(skp_bulanan=target.skp_bulanan, rhk=target.rhk, indikator=indikator, jenis="teknis")
    with pytest.raises(IntegrityError, match="harian_teknis_once"), transaction.atomic():
        TargetBulananFactory(skp_bulanan=target.skp_bulanan, rhk=target.rhk, indikator=indikator, jenis="teknis")
    with pytest.raises(IntegrityError, match="harian_teknis_has_indikator"), transaction.atomic():
        TargetBulananFactory(skp_bulanan=target.skp_bulanan, rhk=target.rhk, jenis="teknis")
    with pytest.raises(IntegrityError, match="harian_kualitas_0_100"), transaction.atomic():
        TargetBulanan = type(target)
        TargetBulanan.objects.filter(pk=target.pk).update(kualitas=101)


def test_an_entry_lands_in_the_partition_of_its_month(db):
    assert partition_of(ProgresHarianFactory().pk) == "harian_progresharian_p2026_02"
    assert partition_of(ProgresHarianFactory(tanggal=datetime.date(2026, 12, 31)).pk) == "harian_progresharian_p2026_12"
    assert partition_of(ProgresHarianFactory(tanggal=datetime.date(2027, 1, 1)).pk) == "harian_progresharian_p2027_01"


def test_a_month_without_its_partition_is_refused_with_a_clear_message_and_no_row_parked(scene):
    """No DEFAULT partition (decision 0019): nothing lands where a later partition could not be attached."""
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE harian_progresharian_p2026_02")
    with pytest.raises(services.HarianError, match=r"belum dapat disimpan.*partisi_harian"):
        services.progres_create(actor=scene.pegawai, isian=isian(kode_of(scene.rencana_aksi)))
    assert not ProgresHarian.objects.exists()


def test_the_audit_trail_records_every_insert_update_and_delete_on_the_partitioned_table(scene):
    kode = kode_of(scene.rencana_aksi)
    with pghistory.context(user=scene.pegawai.pk, url="/harian/"):
        entry = services.progres_create(actor=scene.pegawai, isian=isian(kode))
        services.progres_update(actor=scene.pegawai, progres_id=entry.pk, version=1, isian=isian(kode, selesai="10:00"))
        services.progres_delete(actor=scene.pegawai, progres_id=entry.pk)
    events = list(entry.events.order_by("pgh_id").values_list("pgh_label", "jam_selesai", "pgh_context__metadata"))
    assert [(label, selesai) for label, selesai, _ in events] == [
        ("insert", datetime.time(9)), ("update", datetime.time(10)), ("delete", datetime.time(10)),
    ]  # fmt: skip
    assert all(meta["user"] == scene.pegawai.pk for *_, meta in events)


def test_a_realisasi_too_large_for_the_column_is_refused(db):
    with pytest.raises(DataError), transaction.atomic():
        ProgresHarianFactory(realisasi=10**13)

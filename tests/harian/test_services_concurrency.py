"""Two writers at once, in two threads, repeated (docs/rules.md §15.5, §15.7): the pegawai's two tabs save
overlapping entries; the pegawai adds an entry while the atasan approves the month. One lock order (the pegawai's
row first) gives exactly one consistent outcome, and the loser is told why."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from harian import services
from harian.models import ProgresHarian, SkpBulanan
from harian.services import kode_of
from tests.conftest import jakarta
from tests.harian.conftest import isian


@pytest.fixture(autouse=True)
def _ticking(clock):
    clock.move_to(jakarta(2026, 2, 10), tick=True)


def race(*jobs) -> list:
    barrier = threading.Barrier(len(jobs))
    outcome = [None] * len(jobs)

    def run(n, job):
        barrier.wait()
        try:
            job()
            outcome[n] = "ok"
        except (services.HarianError, ValidationError) as error:
            outcome[n] = str(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n, job)) for n, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcome


@pytest.mark.django_db(transaction=True)
def test_two_tabs_saving_overlapping_entries_save_one_and_tell_the_other_why(scene):
    kode = kode_of(scene.rencana_aksi)
    for n in range(6):
        ProgresHarian.objects.all().delete()
        outcome = race(
            lambda n=n: services.progres_create(actor=scene.pegawai, isian=isian(kode, uraian=f"Tab A {n}")),
            lambda: services.progres_create(actor=scene.pegawai, isian=isian(kode, mulai="08:30", selesai="09:30")),
        )
        assert sorted(o == "ok" for o in outcome) == [False, True], outcome
        assert "bertumpang tindih" in next(o for o in outcome if o != "ok")
        assert ProgresHarian.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_an_entry_racing_the_approval_never_hides_behind_a_clean_approval(scene):
    kode = kode_of(scene.rencana_aksi)
    orders = set()
    for n in range(6):
        ProgresHarian.objects.all().delete()
        SkpBulanan.objects.all().delete()
        first = services.progres_create(actor=scene.pegawai, isian=isian(kode))
        month = SkpBulanan.objects.get()
        services.kesesuaian_set(actor=scene.atasan, progres_id=first.pk, kesesuaian=True)
        outcome = race(
            lambda n=n: services.progres_create(
                actor=scene.pegawai, isian=isian(kode, mulai=f"{10 + n}:00", selesai=f"{10 + n}:30")
            ),
            lambda pk=month.pk: services.skp_bulanan_approve(actor=scene.atasan, skp_bulanan_id=pk, version=None),
        )
        assert outcome[0] == "ok"
        month.refresh_from_db()
        if outcome[1] == "ok":
            orders.add("approved first")
            assert month.disetujui and month.berubah and month.snapshot["entri"] == 1
        else:
            orders.add("entry first")
            assert "1 progres harian belum diperiksa" in outcome[1] and not month.disetujui
    assert orders

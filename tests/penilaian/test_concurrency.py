"""The penilai finalises a period while the pegawai saves a realisasi, in two threads, repeated: exactly one
outcome, and the loser is told why (the text they typed stays in their form, see the views)."""

import datetime
import threading

import pytest
from django.db import connection

from penilaian import services
from penilaian.models import PeriodePenilaian, RencanaAksi
from penilaian.predikat import Rating
from skp.perilaku import perilaku_kerja
from tests.conftest import jakarta
from tests.factories import SkpFactory, complete_skp


@pytest.fixture(autouse=True)
def _february(clock):
    """The shared clock's instant, but left ticking, so that time moves on while the two threads race."""
    clock.move_to(jakarta(2026, 2, 10), tick=True)


def _ready_to_finalise(skp, pegawai, atasan):
    periode = services.periode_create(actor=pegawai, skp_id=skp.pk, kode="2026-TW1")
    rhk = skp.rhk_list.get()
    ra = services.rencana_aksi_create(actor=pegawai, periode_id=periode.pk, rhk_id=rhk.pk, teks="Rencana")
    services.umpan_balik_set(actor=atasan, periode_id=periode.pk, rhk_id=rhk.pk, teks="Baik", polaritas="positif")
    for nilai in perilaku_kerja():
        services.umpan_balik_set(
            actor=atasan, periode_id=periode.pk, perilaku_nomor=nilai.nomor, teks="Baik", polaritas="positif"
        )
    services.rating_set(
        actor=atasan,
        periode_id=periode.pk,
        version=None,
        rating_hasil_kerja=Rating.SESUAI,
        rating_perilaku=Rating.SESUAI,
    )
    return periode, ra


def _race(periode, ra, pegawai, atasan):
    barrier = threading.Barrier(2)
    outcome = {}

    def save():
        barrier.wait()
        try:
            services.realisasi_set(
                actor=pegawai, rencana_aksi_id=ra.pk, version=None, realisasi="30", sumber_data="Laporan"
            )
            outcome["save"] = "ok"
        except services.PenilaianError as error:
            outcome["save"] = str(error)
        finally:
            connection.close()

    def finalise():
        barrier.wait()
        try:
            services.periode_finalise(actor=atasan, periode_id=periode.pk, version=None)
            outcome["tetapkan"] = "ok"
        finally:
            connection.close()

    threads = [threading.Thread(target=save), threading.Thread(target=finalise)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return outcome


@pytest.mark.django_db(transaction=True)
def test_tetapkan_racing_a_realisasi_save_gives_exactly_one_consistent_outcome(pegawai, atasan):
    from skp.perilaku import ensure_perilaku_kerja

    ensure_perilaku_kerja()
    skp = complete_skp(
        SkpFactory(
            pegawai=pegawai, status="persetujuan",
            periode_awal=datetime.date(2026, 1, 1), periode_akhir=datetime.date(2026, 12, 31),
        )
    )  # fmt: skip
    orders = set()
    for _ in range(8):
        PeriodePenilaian.objects.all().delete()
        periode, ra = _ready_to_finalise(skp, pegawai, atasan)
        outcome = _race(periode, ra, pegawai, atasan)
        assert outcome["tetapkan"] == "ok"
        ra = RencanaAksi.objects.get(pk=ra.pk)
        if outcome["save"] == "ok":
            orders.add("save first")
            assert ra.realisasi == "30"  # saved before the period was locked: it is part of what was finalised
        else:
            orders.add("tetapkan first")
            assert "sudah ditetapkan" in outcome["save"]  # the loser is told why
            assert ra.realisasi == ""  # and nothing was half-written
        assert PeriodePenilaian.objects.get(pk=periode.pk).status == "ditetapkan"
    assert orders  # at least one ordering was exercised (both usually are)


def _race_capaian(other, admin, unit, capaian):
    """capaian_set and `other` at the same moment, in two threads."""
    barrier = threading.Barrier(2)

    def set_capaian():
        barrier.wait()
        try:
            services.capaian_set(actor=admin, unit_kerja=unit, kode="2026-TW1", capaian=capaian)
        finally:
            connection.close()

    def run_other():
        barrier.wait()
        try:
            other()
        finally:
            connection.close()

    threads = [threading.Thread(target=set_capaian), threading.Thread(target=run_other)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


@pytest.mark.django_db(transaction=True)
def test_a_capaian_set_racing_the_heads_rating_or_tetapkan_never_leaves_a_stale_rating_unmarked(
    atasan, admin_instansi, unit, instansi
):
    """docs/rules.md §7.9: whatever the order, an open head's rating is the capaian's; a ditetapkan one either was
    re-derived before Tetapkan or keeps its rating with the review mark."""
    from accounts.models import UnitKerja
    from penilaian.models import CapaianUnit
    from skp.perilaku import ensure_perilaku_kerja
    from tests.factories import UserFactory

    ensure_perilaku_kerja()
    kepala = UserFactory(unit_kerja=UnitKerja.objects.get(instansi=instansi, parent__isnull=True))
    atasan.atasan = kepala
    atasan.save()  # `atasan` heads `unit`; the kepala is their penilai
    skp = complete_skp(
        SkpFactory(
            pegawai=atasan, status="persetujuan",
            periode_awal=datetime.date(2026, 1, 1), periode_akhir=datetime.date(2026, 12, 31),
        )
    )  # fmt: skip
    for n in range(8):
        PeriodePenilaian.objects.all().delete()
        CapaianUnit.objects.all().delete()
        periode, _ = _ready_to_finalise(skp, atasan, kepala)  # rated Sesuai/Sesuai, no capaian yet
        if n % 2:

            def other(periode=periode):
                services.periode_finalise(actor=kepala, periode_id=periode.pk, version=None)

        else:

            def other(periode=periode):
                services.rating_set(
                    actor=kepala,
                    periode_id=periode.pk,
                    version=None,
                    rating_hasil_kerja=Rating.SESUAI,
                    rating_perilaku=Rating.DIATAS,
                )

        _race_capaian(other, admin_instansi, unit, "istimewa")
        periode.refresh_from_db()
        if periode.status == "terbuka" or not periode.perlu_ditinjau:
            assert periode.rating_hasil_kerja == Rating.DIATAS, n
        else:
            assert periode.rating_hasil_kerja == Rating.SESUAI, n

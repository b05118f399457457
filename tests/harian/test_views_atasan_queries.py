"""The atasan's pages cost the same number of queries whatever their size (docs/performance.md): the monthly list at 3
and 50 bawahan, one bawahan's month at 5 and 60 entries; and the hook Kotak Masuk Penilai calls, one query."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from harian import services
from harian.jendela import aktif_di
from harian.models import SkpBulanan
from harian.services import BulanMenunggu, bulan_menunggu
from tests.factories import RhkFactory, SkpFactory, UserFactory
from tests.harian.atasan_helpers import FEBRUARI, banyak_entri, bawahan_dengan_bulan
from tests.harian.factories import SkpBulananFactory


def as_user(user) -> Client:
    client = Client()
    client.force_login(user)
    client.get(reverse("accounts:home"))  # the first request after login touches the session
    return client


# The session with its user (one query); the month's SKP Bulanan with their counts, the approved SKPs with nothing
# written yet, the other months still waiting, the instansi's settings.
LIST_QUERIES = 5


@pytest.mark.parametrize("size", [3, 50])
def test_the_monthly_list_costs_the_same_at_3_and_50_bawahan(clock, harian_on, atasan, size, django_assert_num_queries):
    months = bawahan_dengan_bulan(atasan, size)
    for _ in range(size // 3):  # some without a February yet, and some waiting in January
        pegawai = UserFactory(unit_kerja=atasan.unit_kerja, atasan=atasan)
        skp = SkpFactory(
            pegawai=pegawai, status="persetujuan", periode_awal=datetime.date(2026, 1, 1),
            periode_akhir=datetime.date(2026, 12, 31),
        )  # fmt: skip
        RhkFactory(skp=skp)
        banyak_entri(SkpBulananFactory(skp=skp, bulan=datetime.date(2026, 1, 1)), 1)
    client = as_user(atasan)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(reverse("harian:atasan"))
    rows = response.context["rows"]
    assert len(rows) == size + size // 3
    assert sum(r.skp_bulanan is not None for r in rows) == size
    assert all(r.menunggu == 2 for r in rows if r.skp_bulanan)
    assert response.context["lain"] == [(datetime.date(2026, 1, 1), "Januari 2026", size // 3)]
    assert len(months) == size


# The session with its user; the SKP Bulanan; the settings; the entries; ringkasan_bulan's four (by target, by
# rencana aksi, the counts, the minutes) and its targets (its rencana aksi too, when entries name one: not here);
# the targets with their RHK.
MONTH_QUERIES = 10


@pytest.mark.parametrize("size", [5, 60])
def test_one_bawahan_s_month_costs_the_same_at_5_and_60_entries(scene, size, django_assert_num_queries):
    skp_bulanan = bawahan_dengan_bulan(scene.atasan, 1, entries=size)[0]
    services.kesesuaian_setujui(
        actor=scene.atasan,
        skp_bulanan_id=skp_bulanan.pk,
        progres_ids=[e.pk for e in skp_bulanan.progres_list.all()[:2]],
    )
    client = as_user(scene.atasan)
    with django_assert_num_queries(MONTH_QUERIES):
        response = client.get(reverse("harian:atasan_bulan", args=[skp_bulanan.pk]))
    assert len(response.context["entri"]) == size
    assert response.content.decode().count('name="pilih"') == size


def test_the_print_dialog_and_the_kreativitas_page_cost_a_few_queries(scene, django_assert_max_num_queries):
    skp_bulanan = bawahan_dengan_bulan(scene.atasan, 1, entries=30)[0]
    client = as_user(scene.atasan)
    with django_assert_max_num_queries(6):
        assert client.get(reverse("harian:cetak_rekap", args=[skp_bulanan.pk])).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("harian:kreativitas", args=[skp_bulanan.skp_id])).status_code == 200


# --- the hook for Kotak Masuk Penilai -------------------------------------------------------------------------------


def test_bulan_menunggu_lists_ended_months_not_approved_or_changed_in_two_queries(clock, harian_on, atasan):
    januari = datetime.date(2026, 1, 1)
    waiting, approved, changed, current = bawahan_dengan_bulan(atasan, 4, entries=1)
    for skp_bulanan in (waiting, approved, changed):
        skp_bulanan.bulan = januari
        skp_bulanan.save()
        skp_bulanan.progres_list.update(tanggal=datetime.date(2026, 1, 15))
    for skp_bulanan in (approved, changed):
        skp_bulanan.progres_list.update(kesesuaian=True)
        skp_bulanan.target_list.update(kualitas=80)
        services.skp_bulanan_approve(actor=atasan, skp_bulanan_id=skp_bulanan.pk, version=None)
    SkpBulanan.objects.filter(pk=changed.pk).update(berubah=True)
    other = bawahan_dengan_bulan(UserFactory(unit_kerja=atasan.unit_kerja), 1)[0]  # someone else's bawahan
    aktif_di(atasan.instansi_id)  # the per-process list of instansi with progres harian on, read once a minute
    with CaptureQueriesContext(connection) as queries:
        found = bulan_menunggu(atasan, today=datetime.date(2026, 2, 10))
    assert len(queries) == 2  # whether any month waits (cheap), then the months with their counts
    assert {(b.skp_bulanan_id, b.menunggu, b.berubah) for b in found} == {(waiting.pk, 1, False), (changed.pk, 0, True)}
    assert all(isinstance(b, BulanMenunggu) and b.nama_bulan == "Januari 2026" for b in found)
    assert found[0].url == reverse("harian:atasan_bulan", args=[found[0].skp_bulanan_id])
    assert current.bulan == FEBRUARI and other.pk not in {b.skp_bulanan_id for b in found}

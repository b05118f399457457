"""Kotak Masuk lists the bawahan's ended months of progres harian that wait for the atasan's approval, where the
instansi has progres harian on, in one more query whatever their number."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from harian.models import PengaturanHarian, SkpBulanan
from tests.harian.atasan_helpers import bawahan_dengan_bulan

URL = reverse("laporan:kotak_masuk")


def _januari(atasan, count):
    months = bawahan_dengan_bulan(atasan, count, entries=1)
    for skp_bulanan in months:
        skp_bulanan.bulan = datetime.date(2026, 1, 1)
        skp_bulanan.save()
        skp_bulanan.progres_list.update(tanggal=datetime.date(2026, 1, 15))
    return months


def test_the_atasan_finds_the_months_to_approve_with_where_to_act(client, clock, harian_on, atasan):
    [bulan] = _januari(atasan, 1)
    client.force_login(atasan)
    page = client.get(URL).content.decode()
    assert "Progres harian menunggu persetujuan (1)" in page
    assert "Januari 2026: 1 isian belum diperiksa kesesuaiannya" in page
    assert f'<a href="{reverse("harian:atasan_bulan", args=[bulan.pk])}">Persetujuan Bulanan' in page


def test_no_months_where_progres_harian_is_off(client, clock, harian_on, atasan):
    _januari(atasan, 1)
    PengaturanHarian.objects.update(aktif=False)
    client.force_login(atasan)
    assert "Progres harian menunggu" not in client.get(URL).content.decode()


def test_nothing_waiting_costs_one_cheap_query(client, clock, harian_on, atasan, django_assert_num_queries):
    """An atasan whose bawahan have no unapproved ended month pays one query on the SKP Bulanan table, not the
    entries' partitions."""
    for bulan in _januari(atasan, 2):
        SkpBulanan.objects.filter(pk=bulan.pk).update(disetujui_pada=timezone.now())
    client.force_login(atasan)
    client.get(URL)
    with django_assert_num_queries(4):  # the session with its user, the SKPs, the periods, whether a month waits
        page = client.get(URL).content.decode()
    assert "Progres harian menunggu" not in page


@pytest.mark.parametrize("size", [1, 5])
def test_the_same_queries_at_any_size(client, clock, harian_on, atasan, size, django_assert_num_queries):
    _januari(atasan, size)
    client.force_login(atasan)
    client.get(URL)
    # The session with its user, the SKPs in Pengajuan, the periods, whether a month waits, the months.
    with django_assert_num_queries(5):
        page = client.get(URL).content.decode()
    assert f"Progres harian menunggu persetujuan ({size})" in page


def test_beranda_lists_them_too(client, clock, harian_on, atasan):
    [bulan] = _januari(atasan, 1)
    client.force_login(atasan)
    client.get(reverse("accounts:home"))
    page = client.get(reverse("accounts:home")).content.decode()
    assert "Progres harian bawahan menunggu persetujuan (1)" in page
    assert f'<a href="{reverse("harian:atasan_bulan", args=[bulan.pk])}">Persetujuan Bulanan' in page
    PengaturanHarian.objects.update(aktif=False)
    from harian.jendela import aktif_lupakan

    aktif_lupakan()
    assert "Progres harian bawahan" not in client.get(reverse("accounts:home")).content.decode()

"""The pegawai's Progres Harian pages cost the same number of queries whatever the number of entries and targets (issue
11): the week view with 5 and with 60 entries, the month view with a few and with many entries and targets, the entry
form with an empty and a full day, the Target Bulanan page with few and many targets."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from harian.models import SkpBulanan
from tests.factories import IndikatorFactory, PeriodePenilaianFactory, RencanaAksiFactory, RhkFactory
from tests.harian.factories import ProgresHarianFactory, TargetBulananFactory

FEBRUARI = datetime.date(2026, 2, 1)
SENIN = datetime.date(2026, 2, 9)


def fill(scene, *, entries: int, targets: int, days: list[datetime.date]) -> None:
    """`targets` Konseptual targets of February (one RHK each, so the page groups them) and `entries` entries spread
    over `days`, an hour each from 07:00, against those targets and the scene's rencana aksi by turns."""
    skp_bulanan = SkpBulanan.objects.create(
        instansi=scene.skp.instansi, skp=scene.skp, pegawai=scene.pegawai, bulan=FEBRUARI
    )
    made = [
        TargetBulananFactory(skp_bulanan=skp_bulanan, rhk=RhkFactory(skp=scene.skp), nama=f"Tahap {n}")
        for n in range(targets)
    ]
    for n in range(entries):
        day, slot = days[n % len(days)], n // len(days)
        fields = {"target_bulanan": made[n % len(made)]} if n % 2 else {"target_bulanan": None}
        ProgresHarianFactory(
            skp_bulanan=skp_bulanan,
            instansi=scene.skp.instansi,
            pegawai=scene.pegawai,
            rencana_aksi=None if n % 2 else scene.rencana_aksi,
            tanggal=day,
            jam_mulai=datetime.time(7 + slot),
            jam_selesai=datetime.time(8 + slot),
            realisasi=Decimal(n % 5),
            **fields,
        )


def week_days() -> list[datetime.date]:
    return [SENIN + datetime.timedelta(days=i) for i in range(5)]


def month_days() -> list[datetime.date]:
    return [
        FEBRUARI + datetime.timedelta(days=i)
        for i in range(28)
        if (FEBRUARI + datetime.timedelta(days=i)).weekday() < 5
    ]


def cost(client, user, url: str, django_assert_num_queries, expected: int):
    client.force_login(user)
    client.get(reverse("accounts:home"))  # the first request after login touches the session
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("entries", [5, 60])
def test_the_week_view_costs_six_queries_at_5_and_60_entries(client, scene, entries, django_assert_num_queries):
    fill(scene, entries=entries, targets=3, days=week_days())
    # The session with its user; the settings; the calendar (national days, the instansi's days); the week's entries
    # with what they were recorded against; the approval of the week's months.
    response = cost(client, scene.pegawai, reverse("harian:minggu"), django_assert_num_queries, 6)
    assert sum(len(h.entri) for h in response.context["hari"]) == entries


@pytest.mark.parametrize(("entries", "targets"), [(3, 1), (120, 12)])
def test_the_month_view_costs_the_same_at_few_and_many_entries_and_targets(
    client, scene, entries, targets, django_assert_num_queries
):
    fill(scene, entries=entries, targets=targets, days=month_days())
    # The session with its user; the settings; the calendar (two); hours and entries per day; the targets with
    # their realisasi; the realisasi per rencana aksi; the month's approval.
    response = cost(client, scene.pegawai, reverse("harian:bulan") + "?bulan=2026-02", django_assert_num_queries, 8)
    assert response.context["jumlah"] == entries and len(response.context["targets"]) == targets


@pytest.mark.parametrize("entries", [0, 8])
def test_the_entry_form_costs_the_same_on_an_empty_and_a_full_day(client, scene, entries, django_assert_num_queries):
    fill(scene, entries=entries, targets=2, days=[datetime.date(2026, 2, 10)])
    for n in range(3 if entries else 1):  # more rencana aksi of more periods on offer
        periode = PeriodePenilaianFactory(skp=scene.skp, kode=f"2026-X{n}", nama=f"Periode {n}")
        RencanaAksiFactory(periode=periode, rhk=scene.rhk)
    url = reverse("harian:progres_tambah") + "?tanggal=2026-02-10"
    # The session with its user; the settings and the calendar (three, then three again inside sasaran_pilihan); what
    # may be recorded against (rencana aksi: ids, rows, batas waktu; target bulanan: ids, rows); the last target used;
    # the day's entries; the approved months of the window.
    response = cost(client, scene.pegawai, url, django_assert_num_queries, 15)
    assert len(response.context["hari"].entri) == entries


@pytest.mark.parametrize("size", [1, 10])
def test_the_target_bulanan_page_costs_the_same_with_few_and_many_rhk_and_targets(
    client, scene, size, django_assert_num_queries
):
    fill(scene, entries=2 * size, targets=size, days=month_days())
    for n in range(size):
        IndikatorFactory(rhk=scene.rhk, teks=f"Indikator {n}", target_angka=10 * (n + 1), satuan="dokumen")
    url = reverse("harian:target", args=[scene.skp.pk]) + "?bulan=2026-02"
    response = cost(client, scene.pegawai, url, django_assert_num_queries, 9)
    assert len(response.context["rhk_list"]) == size + 1

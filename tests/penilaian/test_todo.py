"""Beranda's penilaian to-do list (penilaian.services.todo_for): the pegawai's periods to fill before their batas waktu
and the current period not added yet; the penilai's bawahan periods to rate. The clock stands on 10 February 2026,
inside Triwulan I (batas waktu 5 April)."""

import datetime

import pytest
from django.utils import timezone

from penilaian import services
from penilaian.models import PeriodePenilaian
from penilaian.services import todo as todo_module
from tests.conftest import jakarta
from tests.factories import (
    BatasWaktuFactory,
    PejabatNonAsnFactory,
    PeriodePenilaianFactory,
    RencanaAksiFactory,
    SkpFactory,
    UserFactory,
    complete_skp,
)


def todo(user):
    return services.todo_for(user, today=timezone.localdate())


@pytest.fixture
def skp(clock, pegawai):
    return complete_skp(SkpFactory(pegawai=pegawai, status="persetujuan"), rhk_count=2)


@pytest.fixture
def tw1(skp):
    return PeriodePenilaianFactory(skp=skp)


def test_an_open_period_says_its_batas_waktu_and_what_is_missing(pegawai, skp, tw1):
    (item,) = todo(pegawai).isi
    assert item.periode == tw1
    assert item.batas_waktu == datetime.date(2026, 4, 5)
    assert (item.rhk_tanpa_rencana_aksi, item.tanpa_realisasi) == (2, 0)
    rhk = skp.rhk_list.first()
    RencanaAksiFactory(periode=tw1, rhk=rhk)
    RencanaAksiFactory(periode=tw1, rhk=rhk, realisasi="12 dokumen", sumber_data="Laporan")
    (item,) = todo(pegawai).isi
    assert (item.rhk_tanpa_rencana_aksi, item.tanpa_realisasi) == (1, 1)


def test_an_approved_skp_with_its_period_filled_shows_nothing(pegawai, skp, tw1):
    for rhk in skp.rhk_list.all():
        RencanaAksiFactory(periode=tw1, rhk=rhk, realisasi="100 %", sumber_data="Laporan")
    assert len(todo(pegawai)) == 0


def test_a_period_past_its_batas_waktu_is_not_listed_to_fill(clock, pegawai, tw1):
    clock.move_to(jakarta(2026, 4, 5, 23, 59), tick=False)
    assert [item.periode for item in todo(pegawai).isi] == [tw1]  # the last day still counts
    clock.move_to(jakarta(2026, 4, 6, 0, 1), tick=False)
    assert todo(pegawai).isi == []


def test_the_admins_batas_waktu_and_unlock_move_the_date(clock, pegawai, instansi, tw1):
    BatasWaktuFactory(instansi=instansi, kode="2026-TW1")  # 15 April
    clock.move_to(jakarta(2026, 4, 10), tick=False)
    assert [item.batas_waktu for item in todo(pegawai).isi] == [datetime.date(2026, 4, 15)]
    clock.move_to(jakarta(2026, 4, 20), tick=False)
    assert todo(pegawai).isi == []
    tw1.dibuka_hingga = datetime.date(2026, 4, 30)
    tw1.save()
    assert [item.batas_waktu for item in todo(pegawai).isi] == [datetime.date(2026, 4, 30)]


@pytest.mark.parametrize(("periode_status", "skp_status"), [("ditetapkan", "persetujuan"), ("terbuka", "revisi")])
def test_a_finalised_period_or_one_of_a_reopened_skp_is_not_to_fill(pegawai, skp, tw1, periode_status, skp_status):
    tw1.status = periode_status
    tw1.save()
    skp.status = skp_status
    skp.save()
    assert todo(pegawai).isi == []


def test_the_current_period_not_added_yet_is_offered_with_its_batas_waktu(pegawai, skp):
    (item,) = todo(pegawai).tambah
    assert item.skp == skp
    assert (item.periode.kode, item.periode.nama) == ("2026-TW1", "Triwulan I")
    assert item.batas_waktu == datetime.date(2026, 4, 5)
    PeriodePenilaianFactory(skp=skp)
    assert todo(pegawai).tambah == []


def test_the_current_period_is_clipped_to_an_skp_that_ends_early(pegawai, skp):
    skp.periode_akhir = datetime.date(2026, 2, 28)  # a pegawai who moves on at the end of February
    skp.save()
    (item,) = todo(pegawai).tambah
    assert (item.periode.mulai, item.periode.selesai) == (datetime.date(2026, 1, 1), datetime.date(2026, 2, 28))
    assert item.batas_waktu == datetime.date(2026, 3, 5)


@pytest.mark.parametrize("status", ["draft", "pengajuan", "revisi"])
def test_an_skp_not_approved_has_no_period_to_add(clock, pegawai, status):
    SkpFactory(pegawai=pegawai, status=status)
    assert todo(pegawai).tambah == []


def test_bawahan_periods_to_rate_are_counted_by_period(clock, atasan, unit):
    def periode_of_bawahan(**fields):
        bawahan = UserFactory(unit_kerja=unit, atasan=atasan)
        return PeriodePenilaianFactory(skp=complete_skp(SkpFactory(pegawai=bawahan, status="persetujuan")), **fields)

    RencanaAksiFactory(periode=periode_of_bawahan())  # rencana aksi, no rating: ready to rate
    periode_of_bawahan()  # nothing written yet
    rated = periode_of_bawahan(predikat="baik", rating_hasil_kerja="sesuai", rating_perilaku="sesuai")
    RencanaAksiFactory(periode=rated)  # rated, not Ditetapkan yet
    RencanaAksiFactory(periode=periode_of_bawahan(status="ditetapkan", predikat="baik"))  # done
    RencanaAksiFactory(periode=PeriodePenilaianFactory())  # someone else's bawahan
    assert todo(atasan).nilai == [
        services.PeriodeNilai(
            kode="2026-TW1", nama="Triwulan I", belum_ditetapkan=3, siap_dinilai=1, menunggu_tetapkan=1
        )
    ]


def test_bawahan_periods_are_listed_latest_end_first(clock, atasan, unit):
    skp = complete_skp(SkpFactory(pegawai=UserFactory(unit_kerja=unit, atasan=atasan), status="persetujuan"))
    PeriodePenilaianFactory(skp=skp)
    tw2 = {"mulai": datetime.date(2026, 4, 1), "selesai": datetime.date(2026, 6, 30)}
    PeriodePenilaianFactory(skp=skp, kode="2026-TW2", nama="Triwulan II", **tw2)
    tahunan = {"mulai": datetime.date(2026, 1, 1), "selesai": datetime.date(2026, 12, 31)}
    PeriodePenilaianFactory(skp=skp, kode="2026-TAHUNAN", nama="Tahunan", **tahunan)
    assert [item.kode for item in todo(atasan).nilai] == ["2026-TAHUNAN", "2026-TW2", "2026-TW1"]


def test_the_kepala_daerah_gets_only_the_periods_he_rates_in_one_query(clock, instansi, django_assert_num_queries):
    bupati = PejabatNonAsnFactory(instansi=instansi)
    sekda = UserFactory(unit_kerja__instansi=instansi, atasan=bupati, jabatan="Sekretaris Daerah")
    RencanaAksiFactory(
        periode=PeriodePenilaianFactory(skp=complete_skp(SkpFactory(pegawai=sekda, status="persetujuan")))
    )
    with django_assert_num_queries(1):
        items = todo(bupati)
    assert items.isi == [] and items.tambah == []
    assert [(n.kode, n.siap_dinilai) for n in items.nilai] == [("2026-TW1", 1)]


@pytest.mark.parametrize("size", [1, 6])
def test_the_penilaian_part_costs_five_queries_at_any_size(clock, atasan, unit, size, django_assert_num_queries):
    for n in range(size):
        own = complete_skp(
            SkpFactory(
                pegawai=atasan,
                status="persetujuan",
                periode_awal=datetime.date(2026 - n, 1, 1),
                periode_akhir=datetime.date(2026 - n, 12, 31),
            ),
            rhk_count=2,
        )
        if n:
            PeriodePenilaianFactory(skp=own, dibuka_hingga=datetime.date(2026, 3, 1))  # reopened by the admin
        skp = complete_skp(SkpFactory(pegawai=UserFactory(unit_kerja=unit, atasan=atasan), status="persetujuan"))
        RencanaAksiFactory(periode=PeriodePenilaianFactory(skp=skp))
    with django_assert_num_queries(5):
        items = todo(atasan)
    assert len(items.isi) == size - 1
    assert len(items.tambah) == 1
    assert items.nilai[0].siap_dinilai == size


def test_the_queries_compiled_once_give_the_orms_rows(pegawai, skp, tw1):
    """penilaian.services.todo compiles its queries once per process (core.prepared); the values are the ORM's."""
    RencanaAksiFactory(periode=tw1, rhk=skp.rhk_list.first())
    PeriodePenilaianFactory()  # another SKP's period, nothing written
    names = ("rhk_tanpa_rencana_aksi", "tanpa_realisasi", "siap_dinilai")
    orm = PeriodePenilaian.objects.annotate(**todo_module.period_counts(), siap_dinilai=todo_module.siap_dinilai())
    assert list(orm.order_by("pk").values_list(*names)) == [(1, 1, True), (0, 0, False)]
    [periode] = todo_module._open_periods(user_id=pegawai.pk)
    assert (periode.pk, periode.skp, periode.rhk_tanpa_rencana_aksi, periode.tanpa_realisasi) == (tw1.pk, skp, 1, 1)
    [row] = todo_module._periods_to_rate(user_id=tw1.penilai_id)
    assert (row["kode"], row["belum_ditetapkan"], row["siap_dinilai"], row["menunggu_tetapkan"]) == (tw1.kode, 1, 1, 0)

"""Working days and the entry window (docs/rules.md §15.2–§15.3), with the clock moved across weekends, month ends,
year ends, national holidays and cuti bersama, and the instansi's own days."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from harian import services
from harian.jendela import Kalender, jendela_refusal, kalender_jendela, kalender_of, pengaturan_of
from harian.models import HariLiburInstansi, LiburNasional, PengaturanHarian, ProgresHarian
from harian.services import kode_of
from tests.conftest import jakarta
from tests.harian.conftest import isian

D = datetime.date


def window(instansi_id, today, n=2, **kwargs):
    kalender = kalender_of(instansi_id, today - datetime.timedelta(days=60), today, **kwargs)
    return sorted(kalender.jendela(today, n))


def test_the_2026_national_list_is_loaded_17_holidays_and_8_cuti_bersama(db):
    days = LiburNasional.objects.filter(tanggal__year=2026)
    assert days.filter(jenis="libur_nasional").count() == 17
    assert days.filter(jenis="cuti_bersama").count() == 8
    assert days.get(tanggal=D(2026, 8, 17)).nama.startswith("Proklamasi")


def test_an_instansi_without_settings_has_the_feature_off_with_the_default_window(instansi):
    pengaturan = pengaturan_of(instansi.pk)
    assert (pengaturan.aktif, pengaturan.jendela_hari_kerja, pengaturan.sabtu_hari_kerja) == (False, 2, False)
    assert not PengaturanHarian.objects.exists()  # reading wrote nothing


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2026, 2, 10), [D(2026, 2, 6), D(2026, 2, 9), D(2026, 2, 10)]),  # Tuesday: back over the weekend
        (D(2026, 2, 8), [D(2026, 2, 5), D(2026, 2, 6)]),  # Sunday is no working day: the two before it
        (D(2026, 3, 2), [D(2026, 2, 26), D(2026, 2, 27), D(2026, 3, 2)]),  # across a month end
        # Lebaran: 18 Mar cuti Nyepi, 19 Nyepi, 20 cuti, 21–22 Idulfitri, 23–24 cuti bersama.
        (D(2026, 3, 25), [D(2026, 3, 16), D(2026, 3, 17), D(2026, 3, 25)]),
        (D(2026, 2, 18), [D(2026, 2, 12), D(2026, 2, 13), D(2026, 2, 18)]),  # Imlek and its cuti bersama
        (D(2026, 1, 2), [D(2025, 12, 31), D(2026, 1, 2)]),  # across a year end, 1 January a holiday
    ],
)
def test_the_window_is_today_and_the_previous_working_days(db, today, expected):
    if today.year == 2026 and today.month == 1:
        # 2025's list is not loaded: its last days as a superadmin would enter them.
        LiburNasional.objects.create(tanggal=D(2025, 12, 25), nama="Kelahiran Yesus Kristus", jenis="libur_nasional")
        LiburNasional.objects.create(tanggal=D(2025, 12, 26), nama="Cuti bersama", jenis="cuti_bersama")
        expected = [D(2025, 12, 30), *expected]
    assert window(None, today) == expected


def test_the_instansi_s_own_holiday_and_working_day_change_the_window(instansi):
    HariLiburInstansi.objects.create(instansi=instansi, tanggal=D(2026, 2, 9), nama="Hari Jadi Kabupaten")
    assert window(instansi.pk, D(2026, 2, 10)) == [D(2026, 2, 5), D(2026, 2, 6), D(2026, 2, 10)]
    # Working through the Idulfitri cuti bersama of 23–24 March (a hospital, say): those days count.
    for day in (23, 24):
        HariLiburInstansi.objects.create(instansi=instansi, tanggal=D(2026, 3, day), nama="Masuk", jenis="masuk")
    assert window(instansi.pk, D(2026, 3, 25)) == [D(2026, 3, 23), D(2026, 3, 24), D(2026, 3, 25)]
    assert window(None, D(2026, 3, 25))[0] == D(2026, 3, 16)  # another instansi keeps the national list


def test_saturday_counts_where_the_instansi_works_six_days_and_the_window_can_be_wider(db):
    assert window(None, D(2026, 2, 9), sabtu_hari_kerja=True) == [D(2026, 2, 6), D(2026, 2, 7), D(2026, 2, 9)]
    assert window(None, D(2026, 2, 10), n=0) == [D(2026, 2, 10)]
    assert len(window(None, D(2026, 2, 10), n=10)) == 11


def test_a_refusal_names_the_holiday_and_the_dates_allowed():
    kalender = Kalender(libur=frozenset({D(2026, 8, 17)}), nama={D(2026, 8, 17): "Proklamasi Kemerdekaan"})
    today = D(2026, 8, 19)
    assert "bukan hari kerja (Proklamasi Kemerdekaan)" in jendela_refusal(
        D(2026, 8, 17), today=today, kalender=kalender, hari_kerja_lalu=2
    )
    refusal = jendela_refusal(D(2026, 8, 13), today=today, kalender=kalender, hari_kerja_lalu=2)
    assert "14-08-2026, 18-08-2026, 19-08-2026" in refusal
    assert jendela_refusal(D(2026, 8, 14), today=today, kalender=kalender, hari_kerja_lalu=2) is None


def test_across_a_month_end_the_window_reaches_back_into_the_month_before(scene, clock):
    clock.move_to(jakarta(2026, 3, 2, 7, 30), tick=False)  # Monday morning
    kode = kode_of(scene.rencana_aksi)
    services.progres_create(actor=scene.pegawai, isian=isian(kode, tanggal=D(2026, 2, 27)))
    services.progres_create(actor=scene.pegawai, isian=isian(kode, tanggal=D(2026, 3, 2)))
    with pytest.raises(ValidationError, match="di luar jendela"):
        services.progres_create(actor=scene.pegawai, isian=isian(kode, tanggal=D(2026, 2, 25)))
    assert sorted(ProgresHarian.objects.values_list("skp_bulanan__bulan", flat=True)) == [D(2026, 2, 1), D(2026, 3, 1)]


def test_the_day_changes_at_midnight_jakarta_time_not_utc(scene, clock):
    kode = kode_of(scene.rencana_aksi)
    clock.move_to(jakarta(2026, 2, 11, 0, 30), tick=False)  # 17:30 UTC on the 10th: already Wednesday in Jakarta
    services.progres_create(actor=scene.pegawai, isian=isian(kode, tanggal=D(2026, 2, 11)))
    with pytest.raises(ValidationError, match="di luar jendela"):
        services.progres_create(actor=scene.pegawai, isian=isian(kode, tanggal=D(2026, 2, 6)))


def test_across_a_year_end_a_december_target_takes_december_days_only(scene, clock):
    from harian.models import TargetBulanan

    clock.move_to(jakarta(2026, 12, 30), tick=False)
    target = services.target_bulanan_create(
        actor=scene.pegawai, skp_id=scene.skp.pk, bulan=D(2026, 12, 1), rhk_id=scene.rhk.pk, jenis="konseptual",
        nama="Menyusun laporan akhir tahun", satuan="laporan", target=1,
    )  # fmt: skip
    # 1 January 2027 is a holiday only once next year's list is loaded (a superadmin, or the next migration).
    LiburNasional.objects.create(tanggal=D(2027, 1, 1), nama="Tahun Baru 2027 Masehi", jenis="libur_nasional")
    clock.move_to(jakarta(2027, 1, 4), tick=False)  # Monday: the window is 4 January, 31 and 30 December
    kode = kode_of(target)
    services.progres_create(actor=scene.pegawai, isian=isian(kode, tanggal=D(2026, 12, 31), realisasi=Decimal("0.5")))
    with pytest.raises(ValidationError, match="bukan hari kerja"):
        services.progres_create(actor=scene.pegawai, isian=isian(kode, tanggal=D(2027, 1, 1)))
    with pytest.raises(ValidationError, match=r"berlaku 01-12-2026 s\.d\. 31-12-2026"):
        services.progres_create(actor=scene.pegawai, isian=isian(kode, tanggal=D(2027, 1, 4)))
    assert TargetBulanan.objects.get().progres_list.get().tanggal == D(2026, 12, 31)


def test_a_cuti_bersama_is_refused_unless_the_instansi_works_that_day(scene, clock):
    clock.move_to(jakarta(2026, 3, 25), tick=False)
    kode = kode_of(scene.rencana_aksi)
    with pytest.raises(ValidationError, match="Cuti bersama Idulfitri"):
        services.progres_create(actor=scene.pegawai, isian=isian(kode, tanggal=D(2026, 3, 24)))
    HariLiburInstansi.objects.create(instansi=scene.skp.instansi, tanggal=D(2026, 3, 24), nama="Masuk", jenis="masuk")
    services.progres_create(actor=scene.pegawai, isian=isian(kode, tanggal=D(2026, 3, 24)))
    services.progres_create(actor=scene.pegawai, isian=isian(kode, tanggal=D(2026, 3, 17)))


def test_the_window_is_read_in_two_queries(instansi, django_assert_num_queries):
    with django_assert_num_queries(2):
        kalender_jendela(PengaturanHarian(instansi=instansi), D(2026, 3, 25))

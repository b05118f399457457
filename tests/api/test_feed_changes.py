"""The feed's updated_at moves whenever what a row shows changes, whichever table the change is in (docs/rules.md
§16.5), so that a payroll system reading with updated_since never misses a new TPP percentage; and it stays put for
changes that show nowhere in the row."""

from decimal import Decimal

import pytest

from api.models import PredikatChange
from laporan.models import KoefisienAngkaKredit, TarifTpp
from tests.factories import CapaianUnitFactory, PeriodePenilaianFactory, SkpFactory, UnitKerjaFactory, UserFactory


def stamp(periode) -> object:
    return PredikatChange.objects.get(periode=periode).updated_at


@pytest.fixture
def periode(instansi, unit):
    """A rated Analis Kebijakan Ahli Pertama in a unit below `unit`."""
    bawah = UnitKerjaFactory(instansi=instansi, parent=unit, nama="Subbidang")
    user = UserFactory(unit_kerja=bawah, jabatan="Analis Kebijakan Ahli Pertama")
    return PeriodePenilaianFactory(
        skp=SkpFactory(pegawai=user, status="persetujuan"),
        rating_hasil_kerja="sesuai",
        rating_perilaku="sesuai",
        predikat="baik",
    )


def test_a_new_period_enters_the_feed_and_leaves_it_with_its_deletion(periode):
    assert PredikatChange.objects.get(periode=periode).instansi_id == periode.instansi_id
    periode.delete()
    assert not PredikatChange.objects.filter(periode_id=periode.pk).exists()


def test_a_rating_moves_it_and_a_field_the_feed_does_not_show_does_not(periode):
    before = stamp(periode)
    periode.perlu_ditinjau = "Capaian organisasi berubah."
    periode.version += 1
    periode.save()
    assert stamp(periode) == before
    periode.predikat = "sangat_baik"
    periode.save()
    assert stamp(periode) > before


def test_the_tpp_table_moves_the_rated_periods_of_its_instansi_only(periode, instansi_lain, admin_lain):
    before = stamp(periode)
    TarifTpp.objects.create(instansi=instansi_lain, baik=Decimal(90))
    assert stamp(periode) == before
    tarif = TarifTpp.objects.create(instansi=periode.instansi, baik=Decimal(100))
    moved = stamp(periode)
    assert moved > before
    tarif.baik = Decimal(110)
    tarif.save()
    assert stamp(periode) > moved


def test_a_capaian_above_the_unit_moves_the_periods_below_it(periode, unit, admin_instansi, instansi):
    before = stamp(periode)
    CapaianUnitFactory(unit_kerja=UnitKerjaFactory(instansi=instansi), kode=periode.kode, oleh=admin_instansi)
    assert stamp(periode) == before  # a sibling unit
    CapaianUnitFactory(unit_kerja=unit, kode=f"{periode.mulai.year}-TW2", oleh=admin_instansi)
    assert stamp(periode) == before  # another period
    capaian = CapaianUnitFactory(unit_kerja=unit, kode=periode.kode, capaian="baik", oleh=admin_instansi)
    moved = stamp(periode)
    assert moved > before
    capaian.delete()
    assert stamp(periode) > moved


def test_the_koefisien_of_the_jenjang_moves_its_periods(periode):
    before = stamp(periode)
    KoefisienAngkaKredit.objects.update_or_create(jenjang="ahli_madya", defaults={"koefisien": Decimal(40)})
    assert stamp(periode) == before
    KoefisienAngkaKredit.objects.update_or_create(jenjang="ahli_pertama", defaults={"koefisien": Decimal(13)})
    assert stamp(periode) > before


def test_the_nip_the_snapshot_and_the_units_path_move_it(periode):
    before = stamp(periode)
    user = periode.skp.pegawai
    user.nama = "Nama di profil"  # the feed shows the SKP's snapshot, not the live name
    user.save()
    assert stamp(periode) == before
    user.nip = "199001012015031001"
    user.save()
    after_nip = stamp(periode)
    assert after_nip > before
    skp = periode.skp
    skp.pegawai_snapshot = {**skp.pegawai_snapshot, "jabatan": "Analis Kebijakan Ahli Muda"}
    skp.save()
    after_snapshot = stamp(periode)
    assert after_snapshot > after_nip
    unit = skp.unit_kerja
    unit.path = unit.path + " Baru"
    unit.save()
    assert stamp(periode) > after_snapshot

"""The pegawai's daily entries (docs/rules.md §15.3, §15.5): what is saved, and every refusal in the user's words."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from harian import services
from harian.models import ProgresHarian, SkpBulanan
from harian.services import HarianError, kode_of
from tests.factories import SkpFactory, UserFactory
from tests.harian.conftest import isian


def test_an_entry_against_a_rencana_aksi_is_saved_in_its_month_with_the_rencana_aksi_s_satuan(scene):
    entry = services.progres_create(actor=scene.pegawai, isian=isian(kode_of(scene.rencana_aksi), satuan="lembar"))
    entry.refresh_from_db()
    assert (entry.tanggal, entry.realisasi, entry.satuan) == (datetime.date(2026, 2, 10), Decimal(3), "surat")
    assert entry.kesesuaian is None  # waits for the atasan
    assert entry.skp_bulanan == SkpBulanan.objects.get(skp=scene.skp, bulan=datetime.date(2026, 2, 1))


def test_a_double_submit_and_a_resend_from_a_fresh_form_make_one_entry(scene):
    token = uuid.uuid4()
    kode = kode_of(scene.rencana_aksi)
    first = services.progres_create(actor=scene.pegawai, isian=isian(kode), client_token=token)
    assert services.progres_create(actor=scene.pegawai, isian=isian(kode), client_token=token) == first
    assert services.progres_create(actor=scene.pegawai, isian=isian(kode), client_token=uuid.uuid4()) == first
    assert ProgresHarian.objects.count() == 1


@pytest.mark.parametrize(
    ("mulai", "selesai"), [("08:30", "09:30"), ("07:00", "12:00"), ("08:15", "08:45"), ("07:30", "08:01")]
)
def test_overlapping_times_on_the_same_day_are_refused_naming_the_other_entry(scene, mulai, selesai):
    kode = kode_of(scene.rencana_aksi)
    services.progres_create(actor=scene.pegawai, isian=isian(kode, uraian="Rapat koordinasi"))
    with pytest.raises(ValidationError) as refused:
        services.progres_create(actor=scene.pegawai, isian=isian(kode, mulai=mulai, selesai=selesai))
    assert "bertumpang tindih" in str(refused.value) and "08:00–09:00 Rapat koordinasi" in str(refused.value)
    assert ProgresHarian.objects.count() == 1


def test_touching_times_and_another_day_are_fine(scene):
    kode = kode_of(scene.rencana_aksi)
    services.progres_create(actor=scene.pegawai, isian=isian(kode))
    services.progres_create(actor=scene.pegawai, isian=isian(kode, mulai="09:00", selesai="10:00"))
    services.progres_create(actor=scene.pegawai, isian=isian(kode, tanggal=datetime.date(2026, 2, 9)))
    assert ProgresHarian.objects.count() == 3


def test_when_the_service_s_check_misses_a_race_the_database_refuses_with_the_same_words(scene, monkeypatch):
    """Two requests that both passed the check: the partition's exclusion constraint is the last guard."""
    kode = kode_of(scene.rencana_aksi)
    services.progres_create(actor=scene.pegawai, isian=isian(kode))
    monkeypatch.setattr(services.progres.Konteks, "overlap", lambda self, isian, exclude_id=None: None)
    with pytest.raises(HarianError, match="bertumpang tindih"):
        services.progres_create(actor=scene.pegawai, isian=isian(kode, mulai="08:30", selesai="10:00"))
    assert ProgresHarian.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "field", "words"),
    [
        ({"mulai": "10:00", "selesai": "09:00"}, "jam_selesai", "sesudah jam mulai"),
        ({"uraian": "  "}, "uraian", "Isi uraian"),
        ({"uraian": "x" * 2001}, "uraian", "terlalu panjang"),
        ({"realisasi": Decimal(-1)}, "realisasi", "0 atau lebih"),
        ({"link_bukti": "javascript:alert(1)"}, "link_bukti", "http:// atau https://"),
        ({"link_bukti": "ftp://files.example.go.id/a.pdf"}, "link_bukti", "http:// atau https://"),
        ({"tanggal": datetime.date(2026, 2, 11)}, "tanggal", "belum tiba"),
        ({"tanggal": datetime.date(2026, 2, 5)}, "tanggal", "di luar jendela"),
        ({"tanggal": datetime.date(2026, 2, 8)}, "tanggal", "bukan hari kerja (Minggu)"),
    ],
)
def test_a_refused_entry_names_its_field_and_saves_nothing(scene, fields, field, words):
    with pytest.raises(ValidationError) as refused:
        services.progres_create(actor=scene.pegawai, isian=isian(kode_of(scene.rencana_aksi), **fields))
    assert words in " ".join(refused.value.message_dict[field])
    assert not ProgresHarian.objects.exists()


def test_an_https_link_is_kept_with_its_scheme_in_lower_case(scene):
    entry = services.progres_create(
        actor=scene.pegawai, isian=isian(kode_of(scene.rencana_aksi), link_bukti="HTTPS://drive.example.go.id/x")
    )
    assert entry.link_bukti == "https://drive.example.go.id/x"


def test_someone_else_s_rencana_aksi_is_not_offered_nor_accepted(scene, pegawai_lain):
    with pytest.raises(ValidationError) as refused:
        services.progres_create(actor=pegawai_lain, isian=isian(kode_of(scene.rencana_aksi)))
    assert "Pilih rencana aksi atau target bulanan Anda sendiri" in str(refused.value)
    assert services.sasaran_pilihan(pegawai_lain) == []


def test_nothing_is_written_while_the_instansi_has_progres_harian_off(scene):
    scene_off = scene.skp.instansi.pengaturan_harian
    scene_off.aktif = False
    scene_off.save()
    with pytest.raises(HarianError, match="belum diaktifkan"):
        services.progres_create(actor=scene.pegawai, isian=isian(kode_of(scene.rencana_aksi)))


def test_an_skp_reopened_for_revision_takes_no_entries(scene):
    scene.skp.status = "revisi"
    scene.skp.save()
    with pytest.raises(ValidationError, match="disetujui"):
        services.progres_create(actor=scene.pegawai, isian=isian(kode_of(scene.rencana_aksi)))


def test_a_rencana_aksi_of_a_finalised_period_takes_no_entries(scene):
    scene.periode.status = "ditetapkan"
    scene.periode.save()
    with pytest.raises(ValidationError, match="sudah ditetapkan"):
        services.progres_create(actor=scene.pegawai, isian=isian(kode_of(scene.rencana_aksi)))
    assert services.sasaran_pilihan(scene.pegawai) == []


def test_the_form_offers_the_open_targets_and_remembers_the_last_one(scene):
    assert [s.kode for s in services.sasaran_pilihan(scene.pegawai)] == [kode_of(scene.rencana_aksi)]
    assert services.sasaran_terakhir(scene.pegawai.pk) is None
    services.progres_create(actor=scene.pegawai, isian=isian(kode_of(scene.rencana_aksi)))
    assert services.sasaran_terakhir(scene.pegawai.pk) == kode_of(scene.rencana_aksi)


def test_a_change_is_checked_like_a_new_entry_and_waits_for_the_atasan_again(scene):
    kode = kode_of(scene.rencana_aksi)
    entry = services.progres_create(actor=scene.pegawai, isian=isian(kode))
    other = services.progres_create(actor=scene.pegawai, isian=isian(kode, mulai="10:00", selesai="11:00"))
    services.kesesuaian_set(actor=scene.atasan, progres_id=entry.pk, kesesuaian=True)
    with pytest.raises(ValidationError, match="bertumpang tindih"):
        services.progres_update(
            actor=scene.pegawai, progres_id=entry.pk, version=1, isian=isian(kode, mulai="08:00", selesai="10:30")
        )
    services.progres_update(
        actor=scene.pegawai, progres_id=entry.pk, version=1, isian=isian(kode, selesai="10:00", realisasi=Decimal(5))
    )
    entry.refresh_from_db()
    assert (entry.jam_selesai, entry.realisasi, entry.kesesuaian, entry.version) == (
        datetime.time(10, 0), Decimal(5), None, 2,
    )  # fmt: skip
    with pytest.raises(HarianError, match="sudah diubah"):
        services.progres_update(actor=scene.pegawai, progres_id=other.pk, version=7, isian=isian(kode, mulai="12:00"))


def test_an_entry_moved_to_another_month_moves_to_that_month_s_partition_and_skp_bulanan(scene, clock):
    from tests.conftest import jakarta

    clock.move_to(jakarta(2026, 3, 2), tick=False)  # Monday: the window is 2 March, 27 and 26 February
    kode = kode_of(scene.rencana_aksi)
    entry = services.progres_create(actor=scene.pegawai, isian=isian(kode, tanggal=datetime.date(2026, 2, 27)))
    services.progres_update(
        actor=scene.pegawai, progres_id=entry.pk, version=1, isian=isian(kode, tanggal=datetime.date(2026, 3, 2))
    )
    moved = ProgresHarian.objects.get(pk=entry.pk)
    assert moved.tanggal == datetime.date(2026, 3, 2) and moved.skp_bulanan.bulan == datetime.date(2026, 3, 1)
    from tests.harian.test_models import partition_of

    assert partition_of(entry.pk) == "harian_progresharian_p2026_03"


def test_only_the_owner_changes_or_removes_an_entry_and_only_inside_the_window(scene, pegawai_lain, clock):
    from tests.conftest import jakarta

    entry = services.progres_create(actor=scene.pegawai, isian=isian(kode_of(scene.rencana_aksi)))
    with pytest.raises(HarianError, match="tidak ditemukan"):
        services.progres_delete(actor=pegawai_lain, progres_id=entry.pk)
    with pytest.raises(HarianError, match="tidak ditemukan"):
        services.progres_delete(actor=scene.atasan, progres_id=entry.pk)
    clock.move_to(jakarta(2026, 2, 13), tick=False)  # Friday: the window is 13, 12 and 11 February
    with pytest.raises(HarianError, match="di luar jendela"):
        services.progres_delete(actor=scene.pegawai, progres_id=entry.pk)
    clock.move_to(jakarta(2026, 2, 12), tick=False)
    services.progres_delete(actor=scene.pegawai, progres_id=entry.pk)
    assert not ProgresHarian.objects.exists()


def test_a_pegawai_of_another_instansi_with_the_feature_off_is_refused_even_with_a_guessed_code(scene, instansi_lain):
    stranger = UserFactory(unit_kerja__instansi=instansi_lain)
    SkpFactory(pegawai=stranger, status="persetujuan")
    with pytest.raises(HarianError, match="belum diaktifkan"):
        services.progres_create(actor=stranger, isian=isian(kode_of(scene.rencana_aksi)))


def test_the_entry_s_date_given_by_the_page_finds_it_in_one_partition_and_a_wrong_date_finds_nothing(scene):
    entry = services.progres_create(actor=scene.pegawai, isian=isian(kode_of(scene.rencana_aksi)))
    with pytest.raises(HarianError, match="tidak ditemukan"):
        services.progres_delete(actor=scene.pegawai, progres_id=entry.pk, tanggal=datetime.date(2026, 2, 9))
    services.kesesuaian_set(actor=scene.atasan, progres_id=entry.pk, kesesuaian=True, tanggal=entry.tanggal)
    services.progres_delete(actor=scene.pegawai, progres_id=entry.pk, tanggal=entry.tanggal)
    assert not ProgresHarian.objects.exists()

"""SKP services (docs/rules.md §2–§4, §11.4): every write and the workflow, each allowed, in the wrong state
and by the wrong actor, with the database effect and the message the user reads."""

import datetime
import itertools
import uuid

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from skp import services
from skp.models import (
    EkspektasiPimpinan,
    Indikator,
    LampiranItem,
    ModelSkp,
    MphRow,
    PerilakuKerja,
    Rhk,
    Skp,
    SkpStatusChange,
    StatusSkp,
)
from skp.services import SkpError, StaleEdit
from tests.factories import (
    IndikatorFactory,
    LampiranItemFactory,
    PltAssignmentFactory,
    RhkFactory,
    SkpFactory,
    UnitKerjaFactory,
    UserFactory,
    complete_skp,
)

RhkEvent = apps.get_model("skp", "RhkEvent")
IndikatorEvent = apps.get_model("skp", "IndikatorEvent")
LampiranItemEvent = apps.get_model("skp", "LampiranItemEvent")

YEAR = datetime.date.today().year
JAN_1 = datetime.date(YEAR, 1, 1)
DEC_31 = datetime.date(YEAR, 12, 31)
LOCKED = "sehingga terkunci"
NOT_OWNER = "Hanya pemilik SKP yang dapat mengubahnya."


def set_status(skp: Skp, status: str) -> Skp:
    """Put an SKP in a state for a test's setup, without going through the workflow."""
    Skp.objects.filter(pk=skp.pk).update(status=status)
    skp.refresh_from_db()
    return skp


def riwayat(skp: Skp) -> list[tuple[str, str, int, str]]:
    return list(SkpStatusChange.objects.filter(skp=skp).values_list("dari", "ke", "actor_id", "catatan"))


@pytest.fixture
def atasan_skp(atasan):
    """The penilai's own SKP for this year, already approved, so bawahan can intervene its RHK."""
    return SkpFactory(pegawai=atasan, status=StatusSkp.PERSETUJUAN)


@pytest.fixture
def rhk_atasan(atasan_skp):
    return RhkFactory(skp=atasan_skp, teks="Terwujudnya mutasi pegawai yang tepat waktu")


@pytest.fixture
def skp(pegawai):
    """An empty Draft of `pegawai` (Pegawai model, Kuantitatif) for this year."""
    return SkpFactory(pegawai=pegawai)


@pytest.fixture
def skp_lengkap(skp, rhk_atasan):
    """A Draft that can be submitted."""
    return complete_skp(skp, rhk_atasan=rhk_atasan)


@pytest.fixture
def rhk(skp_lengkap):
    return skp_lengkap.rhk_list.get()


@pytest.fixture
def indikator(rhk):
    return rhk.indikator_list.get()


@pytest.fixture
def lampiran(skp_lengkap):
    return skp_lengkap.lampiran_list.get(jenis="sumber_daya")


@pytest.fixture
def perilaku(db):
    return PerilakuKerja.objects.get(nomor=1)


# --- skp_create -----------------------------------------------------------------------------------------


def test_skp_create_snapshots_both_identity_blocks_and_takes_the_penilai_from_the_atasan(pegawai, atasan):
    skp = services.skp_create(actor=pegawai, periode_awal=JAN_1, periode_akhir=DEC_31, pendekatan="kuantitatif")

    skp.refresh_from_db()
    assert skp.status == StatusSkp.DRAFT
    assert skp.penilai == atasan
    assert skp.plt is None
    assert skp.status_pegawai == "Definitif"
    assert skp.model == ModelSkp.PEGAWAI
    assert skp.instansi_id == pegawai.instansi_id
    assert skp.pegawai_snapshot == {
        "nama": "Ani Pegawai",
        "nip": pegawai.nip,
        "pangkat_golongan": "Penata Muda, III/a",
        "jabatan": "Analis Kebijakan Ahli Pertama",
        "unit_kerja": "Bidang Mutasi",
    }
    assert skp.penilai_snapshot == {
        "nama": "Budi Atasan",
        "nip": atasan.nip,
        "pangkat_golongan": "Penata Muda, III/a",
        "jabatan": "Kepala Bidang Mutasi",
        "unit_kerja": "Bidang Mutasi",
    }


def test_skp_create_keeps_the_snapshot_when_the_profile_changes_later(pegawai):
    skp = services.skp_create(actor=pegawai, periode_awal=JAN_1, periode_akhir=DEC_31, pendekatan="kuantitatif")

    pegawai.jabatan = "Analis Kebijakan Ahli Muda"
    pegawai.save()

    skp.refresh_from_db()
    assert skp.pegawai_snapshot["jabatan"] == "Analis Kebijakan Ahli Pertama"


def test_skp_create_for_a_jpt_picks_the_jpt_model(unit):
    kepala = UserFactory(unit_kerja=unit, jabatan="Kepala Badan", jenis_jabatan="JPT Pratama")

    skp = services.skp_create(actor=kepala, periode_awal=JAN_1, periode_akhir=DEC_31, pendekatan="kuantitatif")

    assert skp.model == ModelSkp.JPT
    assert skp.penilai is None


def test_the_head_of_a_unit_kerja_mandiri_gets_the_pimpinan_unit_model_and_its_staff_the_pegawai_model(
    unit, atasan, instansi
):
    sekolah = UnitKerjaFactory(instansi=instansi, parent=unit, nama="SD Negeri 2", mandiri=True)
    kepala = UserFactory(unit_kerja=sekolah, atasan=atasan, jabatan="Guru (Kepala Sekolah)")
    guru = UserFactory(unit_kerja=sekolah, atasan=kepala, jabatan="Guru Ahli Muda")
    kepala_biasa = UserFactory(unit_kerja=UnitKerjaFactory(instansi=instansi, parent=unit), atasan=atasan)

    def model_of(user):
        return services.skp_create(actor=user, periode_awal=JAN_1, periode_akhir=DEC_31, pendekatan="kuantitatif").model

    assert model_of(kepala) == ModelSkp.PIMPINAN_UNIT
    assert model_of(guru) == ModelSkp.PEGAWAI  # works in the school, under its head
    assert model_of(kepala_biasa) == ModelSkp.PEGAWAI  # heads a unit that is not mandiri


def test_plt_skp_gets_the_plt_atasan_as_penilai_and_a_plt_jabatan(pegawai, instansi):
    unit_plt = UnitKerjaFactory(instansi=instansi, nama="Bidang Pengadaan")
    kepala_badan = UserFactory(unit_kerja=unit_plt, nama="Sri Kepala", jabatan="Kepala Badan")
    plt = PltAssignmentFactory(
        pegawai=pegawai,
        jabatan="Kepala Bidang Pengadaan",
        unit_kerja=unit_plt,
        atasan=kepala_badan,
        mulai=datetime.date(YEAR, 3, 1),
        selesai=datetime.date(YEAR, 8, 31),
    )

    skp = services.skp_create(
        actor=pegawai,
        periode_awal=datetime.date(YEAR, 3, 1),
        periode_akhir=datetime.date(YEAR, 8, 31),
        pendekatan="kuantitatif",
        plt=plt,
    )

    skp.refresh_from_db()
    assert skp.plt == plt
    assert skp.status_pegawai == "Plt"
    assert skp.penilai == kepala_badan
    assert skp.unit_kerja == unit_plt
    assert skp.pegawai_snapshot["jabatan"] == "Plt. Kepala Bidang Pengadaan"
    assert skp.pegawai_snapshot["unit_kerja"] == "Bidang Pengadaan"
    assert skp.penilai_snapshot["nama"] == "Sri Kepala"
    assert skp.model == ModelSkp.PEGAWAI  # Administrator


def test_plt_skp_may_overlap_the_definitive_skp(pegawai):
    definitif = services.skp_create(actor=pegawai, periode_awal=JAN_1, periode_akhir=DEC_31, pendekatan="kuantitatif")
    plt = PltAssignmentFactory(pegawai=pegawai, mulai=datetime.date(YEAR, 3, 1), selesai=datetime.date(YEAR, 8, 31))

    skp_plt = services.skp_create(
        actor=pegawai,
        periode_awal=datetime.date(YEAR, 3, 1),
        periode_akhir=datetime.date(YEAR, 8, 31),
        pendekatan="kuantitatif",
        plt=plt,
    )

    assert set(Skp.objects.filter(pegawai=pegawai)) == {definitif, skp_plt}


def test_overlapping_period_in_the_same_role_is_refused_with_a_message(pegawai):
    services.skp_create(actor=pegawai, periode_awal=JAN_1, periode_akhir=DEC_31, pendekatan="kuantitatif")

    with pytest.raises(ValidationError) as error:
        services.skp_create(
            actor=pegawai,
            periode_awal=datetime.date(YEAR, 6, 1),
            periode_akhir=datetime.date(YEAR, 6, 30),
            pendekatan="kualitatif",
        )

    assert error.value.message_dict["periode_awal"] == [
        f"Periode ini bertumpang tindih dengan SKP 01-01-{YEAR} s.d. 31-12-{YEAR} pada peran yang sama."
    ]
    assert Skp.objects.filter(pegawai=pegawai).count() == 1


def test_two_plt_skps_of_the_same_plt_post_may_not_overlap(pegawai):
    plt = PltAssignmentFactory(pegawai=pegawai, mulai=datetime.date(YEAR, 3, 1), selesai=datetime.date(YEAR, 8, 31))
    services.skp_create(
        actor=pegawai,
        periode_awal=datetime.date(YEAR, 3, 1),
        periode_akhir=datetime.date(YEAR, 5, 31),
        pendekatan="kuantitatif",
        plt=plt,
    )

    with pytest.raises(ValidationError) as error:
        services.skp_create(
            actor=pegawai,
            periode_awal=datetime.date(YEAR, 5, 31),
            periode_akhir=datetime.date(YEAR, 8, 31),
            pendekatan="kuantitatif",
            plt=plt,
        )

    assert "bertumpang tindih" in error.value.message_dict["periode_awal"][0]


def test_adjacent_periods_in_the_same_role_are_allowed(pegawai):
    services.skp_create(
        actor=pegawai, periode_awal=JAN_1, periode_akhir=datetime.date(YEAR, 6, 30), pendekatan="kuantitatif"
    )
    services.skp_create(
        actor=pegawai, periode_awal=datetime.date(YEAR, 7, 1), periode_akhir=DEC_31, pendekatan="kuantitatif"
    )

    assert Skp.objects.filter(pegawai=pegawai).count() == 2


def test_a_period_across_two_years_is_refused(pegawai):
    with pytest.raises(ValidationError) as error:
        services.skp_create(
            actor=pegawai,
            periode_awal=datetime.date(YEAR, 7, 1),
            periode_akhir=datetime.date(YEAR + 1, 6, 30),
            pendekatan="kuantitatif",
        )

    assert error.value.message_dict["periode_akhir"] == [
        "SKP disusun per tahun: Periode Awal dan Akhir harus di tahun yang sama."
    ]
    assert not Skp.objects.filter(pegawai=pegawai).exists()


def test_a_period_ending_before_it_starts_is_refused(pegawai):
    with pytest.raises(ValidationError) as error:
        services.skp_create(actor=pegawai, periode_awal=DEC_31, periode_akhir=JAN_1, pendekatan="kuantitatif")

    assert error.value.message_dict["periode_akhir"] == ["Periode Akhir tidak boleh sebelum Periode Awal."]


def test_plt_skp_outside_the_plt_dates_is_refused(pegawai):
    plt = PltAssignmentFactory(pegawai=pegawai, mulai=datetime.date(YEAR, 3, 1), selesai=datetime.date(YEAR, 8, 31))

    with pytest.raises(ValidationError) as error:
        services.skp_create(
            actor=pegawai,
            periode_awal=datetime.date(YEAR, 2, 1),
            periode_akhir=datetime.date(YEAR, 8, 31),
            pendekatan="kuantitatif",
            plt=plt,
        )

    assert error.value.message_dict["periode_awal"] == [
        f"SKP Plt harus berada dalam masa penugasan Plt (01-03-{YEAR} s.d. 31-08-{YEAR})."
    ]
    assert not Skp.objects.filter(pegawai=pegawai).exists()


def test_skp_create_with_another_pegawais_plt_post_is_refused(pegawai, pegawai_lain):
    plt = PltAssignmentFactory(
        pegawai=pegawai_lain, mulai=datetime.date(YEAR, 3, 1), selesai=datetime.date(YEAR, 8, 31)
    )

    with pytest.raises(SkpError, match="Penugasan Plt ini bukan milik Anda"):
        services.skp_create(
            actor=pegawai,
            periode_awal=datetime.date(YEAR, 3, 1),
            periode_akhir=datetime.date(YEAR, 8, 31),
            pendekatan="kuantitatif",
            plt=plt,
        )

    assert not Skp.objects.exists()


def test_a_double_submit_with_the_same_client_token_makes_one_skp(pegawai):
    token = uuid.uuid4()

    first = services.skp_create(
        actor=pegawai, periode_awal=JAN_1, periode_akhir=DEC_31, pendekatan="kuantitatif", client_token=token
    )
    second = services.skp_create(
        actor=pegawai, periode_awal=JAN_1, periode_akhir=DEC_31, pendekatan="kuantitatif", client_token=token
    )

    assert second.pk == first.pk
    assert Skp.objects.filter(pegawai=pegawai).count() == 1
    assert SkpStatusChange.objects.filter(skp=first).count() == 1


def test_the_database_refuses_an_overlapping_skp_in_the_same_role(pegawai):
    SkpFactory(pegawai=pegawai)

    with pytest.raises(IntegrityError, match="skp_no_overlap_per_role"), transaction.atomic():
        SkpFactory(pegawai=pegawai, periode_awal=datetime.date(YEAR, 12, 31), periode_akhir=DEC_31)

    assert Skp.objects.filter(pegawai=pegawai).count() == 1


def test_the_database_allows_a_plt_skp_overlapping_the_definitive_one(pegawai):
    plt = PltAssignmentFactory(pegawai=pegawai, mulai=JAN_1, selesai=DEC_31)
    SkpFactory(pegawai=pegawai)

    SkpFactory(pegawai=pegawai, plt=plt)

    assert Skp.objects.filter(pegawai=pegawai).count() == 2


# --- Salin SKP and RHK Organisasi ---------------------------------------------------------------------------


def test_salin_skp_copies_rhk_indikator_and_lampiran(pegawai, atasan):
    lalu = datetime.date(YEAR - 1, 1, 1)
    atasan_lalu = SkpFactory(
        pegawai=atasan, status=StatusSkp.PERSETUJUAN, periode_awal=lalu, periode_akhir=datetime.date(YEAR - 1, 12, 31)
    )
    rhk_atasan_lalu = RhkFactory(skp=atasan_lalu)
    sumber = SkpFactory(
        pegawai=pegawai, status=StatusSkp.PERSETUJUAN, periode_awal=lalu, periode_akhir=datetime.date(YEAR - 1, 12, 31)
    )
    utama = RhkFactory(skp=sumber, jenis="utama", teks="Layanan mutasi", urutan=1, rhk_atasan=rhk_atasan_lalu)
    IndikatorFactory(rhk=utama, teks="Jumlah SK mutasi", target_angka=12, satuan="Dokumen", aspek="kuantitas", urutan=1)
    IndikatorFactory(rhk=utama, teks="SK tepat waktu", target_angka=100, satuan="%", aspek="waktu", urutan=2)
    tambahan = RhkFactory(skp=sumber, jenis="tambahan", teks="Pembinaan", urutan=1)
    IndikatorFactory(rhk=tambahan, teks="Jumlah sosialisasi", target_angka=4, satuan="Kegiatan", urutan=1)
    LampiranItemFactory(skp=sumber, jenis="sumber_daya", teks="Anggaran DPA")
    LampiranItemFactory(skp=sumber, jenis="skema", teks="Laporan bulanan")
    LampiranItemFactory(skp=sumber, jenis="konsekuensi", teks="Sesuai peraturan")

    baru = services.skp_create(
        actor=pegawai, periode_awal=JAN_1, periode_akhir=DEC_31, pendekatan="kuantitatif", salin_dari=sumber
    )

    copied = list(baru.rhk_list.order_by("jenis", "urutan"))
    assert [(r.jenis, r.teks, r.asal_id, r.dibuat_oleh_id) for r in copied] == [
        ("tambahan", "Pembinaan", tambahan.pk, pegawai.pk),
        ("utama", "Layanan mutasi", utama.pk, pegawai.pk),
    ]
    # Last year's RHK atasan is not in a period of the new SKP: the pegawai picks again.
    assert copied[1].rhk_atasan_id is None
    assert list(
        Indikator.objects.filter(rhk__skp=baru)
        .order_by("rhk__jenis", "urutan")
        .values_list("teks", "target_angka", "satuan", "aspek")
    ) == [
        ("Jumlah sosialisasi", 4, "Kegiatan", "kuantitas"),
        ("Jumlah SK mutasi", 12, "Dokumen", "kuantitas"),
        ("SK tepat waktu", 100, "%", "waktu"),
    ]
    assert set(baru.lampiran_list.values_list("jenis", "teks")) == {
        ("sumber_daya", "Anggaran DPA"),
        ("skema", "Laporan bulanan"),
        ("konsekuensi", "Sesuai peraturan"),
    }
    # The source is untouched.
    assert sumber.rhk_list.count() == 2
    assert Indikator.objects.filter(rhk__skp=sumber).count() == 3


def test_salin_skp_keeps_an_rhk_atasan_whose_period_still_covers_the_new_skp(pegawai, rhk_atasan):
    sumber = SkpFactory(
        pegawai=pegawai, status=StatusSkp.PERSETUJUAN, periode_awal=JAN_1, periode_akhir=datetime.date(YEAR, 6, 30)
    )
    RhkFactory(skp=sumber, rhk_atasan=rhk_atasan)

    baru = services.skp_create(
        actor=pegawai,
        periode_awal=datetime.date(YEAR, 7, 1),
        periode_akhir=DEC_31,
        pendekatan="kuantitatif",
        salin_dari=sumber,
    )

    assert baru.rhk_list.get().rhk_atasan == rhk_atasan


def test_salin_skp_of_another_pegawai_is_refused(pegawai, pegawai_lain):
    sumber = SkpFactory(
        pegawai=pegawai_lain, periode_awal=datetime.date(YEAR - 1, 1, 1), periode_akhir=datetime.date(YEAR - 1, 12, 31)
    )
    RhkFactory(skp=sumber)

    with pytest.raises(SkpError, match="Hanya SKP Anda sendiri yang dapat disalin"):
        services.skp_create(
            actor=pegawai, periode_awal=JAN_1, periode_akhir=DEC_31, pendekatan="kuantitatif", salin_dari=sumber
        )

    assert not Skp.objects.filter(pegawai=pegawai).exists()


@pytest.fixture
def kepala_seksi_lama(unit, atasan):
    """The previous holder of the post "Kepala Seksi Mutasi", who left at the end of June."""
    lama = UserFactory(unit_kerja=unit, atasan=atasan, nama="Lama", jabatan="Kepala Seksi Mutasi")
    skp = SkpFactory(pegawai=lama, periode_awal=JAN_1, periode_akhir=datetime.date(YEAR, 6, 30))
    organisasi = RhkFactory(skp=skp, klasifikasi="organisasi", unit_kerja=unit, teks="Terselenggaranya rotasi")
    IndikatorFactory(rhk=organisasi, teks="Jumlah pegawai dirotasi", target_angka=40, satuan="Orang")
    RhkFactory(skp=skp, klasifikasi="individu", teks="Pribadi: ikut diklat")
    return organisasi


def new_holder(unit, atasan, *, jabatan="Kepala Seksi Mutasi", nama="Baru") -> Skp:
    user = UserFactory(unit_kerja=unit, atasan=atasan, nama=nama, jabatan=jabatan)
    return services.skp_create(
        actor=user, periode_awal=datetime.date(YEAR, 7, 1), periode_akhir=DEC_31, pendekatan="kuantitatif"
    )


def test_the_next_holder_of_a_post_inherits_its_organisasi_rhk_once(unit, atasan, kepala_seksi_lama):
    skp = new_holder(unit, atasan)

    inherited = skp.rhk_list.get()  # the Individu RHK stays with the person
    assert inherited.asal == kepala_seksi_lama
    assert inherited.teks == "Terselenggaranya rotasi"
    assert inherited.klasifikasi == "organisasi"
    assert inherited.unit_kerja == unit
    assert list(inherited.indikator_list.values_list("teks", "target_angka")) == [("Jumlah pegawai dirotasi", 40)]


def test_a_third_holder_gets_the_organisasi_rhk_once_not_also_the_second_holders_copy(unit, atasan, kepala_seksi_lama):
    new_holder(unit, atasan, nama="Kedua")

    ketiga = new_holder(unit, atasan, nama="Ketiga")

    assert list(ketiga.rhk_list.values_list("asal", flat=True)) == [kepala_seksi_lama.pk]


def test_organisasi_rhk_is_not_inherited_by_another_jabatan_or_in_another_year(unit, atasan, kepala_seksi_lama):
    lain = new_holder(unit, atasan, jabatan="Analis Mutasi")
    tahun_depan_user = UserFactory(unit_kerja=unit, atasan=atasan, jabatan="Kepala Seksi Mutasi")
    tahun_depan = services.skp_create(
        actor=tahun_depan_user,
        periode_awal=datetime.date(YEAR + 1, 1, 1),
        periode_akhir=datetime.date(YEAR + 1, 12, 31),
        pendekatan="kuantitatif",
    )

    assert not lain.rhk_list.exists()
    assert not tahun_depan.rhk_list.exists()


# --- Riwayat --------------------------------------------------------------------------------------------


def test_riwayat_records_create_submit_return_resubmit_and_approve_with_actor_and_note(pegawai, atasan, rhk_atasan):
    skp = services.skp_create(actor=pegawai, periode_awal=JAN_1, periode_akhir=DEC_31, pendekatan="kuantitatif")
    complete_skp(skp, rhk_atasan=rhk_atasan)

    services.skp_submit(actor=pegawai, skp_id=skp.pk)
    services.skp_set_status(
        actor=atasan, skp_id=skp.pk, version=None, status=StatusSkp.REVISI, catatan="  Target terlalu rendah  "
    )
    services.skp_submit(actor=pegawai, skp_id=skp.pk)
    services.skp_set_status(actor=atasan, skp_id=skp.pk, version=None, status=StatusSkp.PERSETUJUAN)

    assert riwayat(skp) == [
        ("", "draft", pegawai.pk, "SKP dibuat."),
        ("draft", "pengajuan", pegawai.pk, ""),
        ("pengajuan", "revisi", atasan.pk, "Target terlalu rendah"),
        ("revisi", "pengajuan", pegawai.pk, ""),
        ("pengajuan", "persetujuan", atasan.pk, ""),
    ]
    skp.refresh_from_db()
    assert skp.status == StatusSkp.PERSETUJUAN
    assert str(skp.riwayat.first()) == "Baru → Draft"


# --- missing_for_submission and skp_submit ------------------------------------------------------------------


def test_a_complete_skp_has_nothing_missing(skp_lengkap):
    assert services.missing_for_submission(skp_lengkap) == []


def test_missing_lists_no_utama_rhk_and_every_empty_lampiran_list(skp):
    assert services.missing_for_submission(skp) == [
        "Belum ada RHK Utama.",
        "Lampiran Dukungan Sumber Daya belum diisi.",
        "Lampiran Skema Pertanggungjawaban belum diisi.",
        "Lampiran Konsekuensi belum diisi.",
    ]


def test_missing_lists_a_tambahan_only_plan_as_no_utama_rhk(skp_lengkap):
    skp_lengkap.rhk_list.update(jenis="tambahan")

    assert services.missing_for_submission(skp_lengkap) == ["Belum ada RHK Utama."]


def test_missing_lists_an_rhk_without_indikator(skp_lengkap, rhk_atasan):
    RhkFactory(skp=skp_lengkap, teks="RHK kosong", rhk_atasan=rhk_atasan)

    assert services.missing_for_submission(skp_lengkap) == ["RHK “RHK kosong” belum memiliki indikator."]


def test_missing_lists_one_empty_lampiran_list(skp_lengkap):
    skp_lengkap.lampiran_list.filter(jenis="skema").delete()

    assert services.missing_for_submission(skp_lengkap) == ["Lampiran Skema Pertanggungjawaban belum diisi."]


def test_missing_lists_a_pegawai_model_rhk_without_rhk_atasan(skp_lengkap, rhk):
    Rhk.objects.filter(pk=rhk.pk).update(rhk_atasan=None, teks="RHK tanpa atasan")

    assert services.missing_for_submission(skp_lengkap) == [
        "RHK “RHK tanpa atasan” belum memilih RHK Atasan yang Diintervensi."
    ]


def test_a_jpt_model_rhk_needs_no_rhk_atasan(pegawai):
    skp = complete_skp(SkpFactory(pegawai=pegawai, model=ModelSkp.JPT))

    assert services.missing_for_submission(skp) == []


def test_missing_lists_target_and_aspek_of_a_kuantitatif_pegawai_model_indikator(skp_lengkap, indikator):
    Indikator.objects.filter(pk=indikator.pk).update(teks="Indikator kosong", target_angka=None, aspek="")

    assert services.missing_for_submission(skp_lengkap) == [
        "Indikator “Indikator kosong” belum memiliki target.",
        "Indikator “Indikator kosong” belum memilih aspek.",
    ]


def test_missing_lists_perspektif_of_a_kuantitatif_jpt_indikator(pegawai):
    skp = complete_skp(SkpFactory(pegawai=pegawai, model=ModelSkp.PIMPINAN_UNIT))
    Indikator.objects.filter(rhk__skp=skp).update(teks="Indikator JPT", perspektif="")

    assert services.missing_for_submission(skp) == ["Indikator “Indikator JPT” belum memilih perspektif."]


def test_a_kualitatif_indikator_needs_no_target_aspek_or_perspektif(pegawai, rhk_atasan):
    skp = complete_skp(SkpFactory(pegawai=pegawai, pendekatan="kualitatif"), rhk_atasan=rhk_atasan)
    Indikator.objects.filter(rhk__skp=skp).update(target_angka=None, satuan="", aspek="")

    assert services.missing_for_submission(skp) == []


def test_missing_lists_no_penilai(unit, rhk_atasan):
    tanpa_atasan = UserFactory(unit_kerja=unit, atasan=None)
    skp = complete_skp(SkpFactory(pegawai=tanpa_atasan), rhk_atasan=rhk_atasan)

    assert services.missing_for_submission(skp) == [
        "Pejabat penilai belum ditetapkan: minta admin instansi mengatur atasan Anda, lalu Muat ulang."
    ]


def test_skp_submit_is_refused_with_the_list_of_what_is_missing(skp):
    RhkFactory(skp=skp, jenis="tambahan", teks="Hanya tambahan")

    with pytest.raises(SkpError) as error:
        services.skp_submit(actor=skp.pegawai, skp_id=skp.pk)

    assert str(error.value) == (
        "SKP belum dapat diajukan:\n"
        "• Belum ada RHK Utama.\n"
        "• RHK “Hanya tambahan” belum memiliki indikator.\n"
        "• RHK “Hanya tambahan” belum memilih RHK Atasan yang Diintervensi.\n"
        "• Lampiran Dukungan Sumber Daya belum diisi.\n"
        "• Lampiran Skema Pertanggungjawaban belum diisi.\n"
        "• Lampiran Konsekuensi belum diisi."
    )
    skp.refresh_from_db()
    assert skp.status == StatusSkp.DRAFT
    assert riwayat(skp) == []


def test_skp_submit_of_a_complete_skp_moves_it_to_pengajuan(skp_lengkap, pegawai):
    version = skp_lengkap.version

    services.skp_submit(actor=pegawai, skp_id=skp_lengkap.pk, version=version)

    skp_lengkap.refresh_from_db()
    assert skp_lengkap.status == StatusSkp.PENGAJUAN
    assert skp_lengkap.version == version + 1
    assert riwayat(skp_lengkap) == [("draft", "pengajuan", pegawai.pk, "")]


def test_a_double_click_on_ajukan_records_one_transition(skp_lengkap, pegawai):
    version = skp_lengkap.version

    services.skp_submit(actor=pegawai, skp_id=skp_lengkap.pk, version=version)
    services.skp_submit(actor=pegawai, skp_id=skp_lengkap.pk, version=version)

    assert riwayat(skp_lengkap) == [("draft", "pengajuan", pegawai.pk, "")]


def test_skp_submit_with_a_stale_version_is_refused(skp_lengkap, pegawai):
    with pytest.raises(StaleEdit):
        services.skp_submit(actor=pegawai, skp_id=skp_lengkap.pk, version=skp_lengkap.version + 1)

    skp_lengkap.refresh_from_db()
    assert skp_lengkap.status == StatusSkp.DRAFT


@pytest.mark.parametrize("actor_name", ["atasan", "pegawai_lain"])
def test_skp_submit_by_someone_else_is_refused(skp_lengkap, actor_name, request):
    with pytest.raises(SkpError, match=NOT_OWNER):
        services.skp_submit(actor=request.getfixturevalue(actor_name), skp_id=skp_lengkap.pk)

    skp_lengkap.refresh_from_db()
    assert skp_lengkap.status == StatusSkp.DRAFT


def test_skp_submit_of_an_approved_skp_is_refused(skp_lengkap, pegawai):
    set_status(skp_lengkap, StatusSkp.PERSETUJUAN)

    with pytest.raises(SkpError, match=f"SKP berstatus Persetujuan {LOCKED}"):
        services.skp_submit(actor=pegawai, skp_id=skp_lengkap.pk)

    assert riwayat(skp_lengkap) == []


# --- the transition table -------------------------------------------------------------------------------

ALL_MOVES = [(a, b) for a, b in itertools.product(StatusSkp.values, repeat=2) if a != b]
ILLEGAL_MOVES = [move for move in ALL_MOVES if move not in services.TRANSITIONS]
PENILAI_MOVES = [move for move, who in services.TRANSITIONS.items() if who == services.PENILAI]
OWNER_MOVES = [move for move, who in services.TRANSITIONS.items() if who == services.OWNER]


def test_the_transition_table_is_the_workflow_of_the_spec():
    assert services.TRANSITIONS == {
        ("draft", "pengajuan"): "pegawai",
        ("revisi", "pengajuan"): "pegawai",
        ("pengajuan", "persetujuan"): "penilai",
        ("pengajuan", "revisi"): "penilai",
        ("persetujuan", "revisi"): "penilai",
    }
    assert len(ILLEGAL_MOVES) == 7


@pytest.mark.parametrize(("dari", "ke"), OWNER_MOVES)
def test_every_owner_move_works_for_the_owner(skp_lengkap, pegawai, dari, ke):
    set_status(skp_lengkap, dari)

    services.skp_submit(actor=pegawai, skp_id=skp_lengkap.pk)

    skp_lengkap.refresh_from_db()
    assert skp_lengkap.status == ke
    assert riwayat(skp_lengkap) == [(dari, ke, pegawai.pk, "")]


@pytest.mark.parametrize(("dari", "ke"), PENILAI_MOVES)
def test_every_penilai_move_works_for_the_penilai(skp_lengkap, atasan, dari, ke):
    set_status(skp_lengkap, dari)
    version = skp_lengkap.version

    services.skp_set_status(actor=atasan, skp_id=skp_lengkap.pk, version=version, status=ke, catatan="Catatan")

    skp_lengkap.refresh_from_db()
    assert skp_lengkap.status == ke
    assert skp_lengkap.version == version + 1
    assert riwayat(skp_lengkap) == [(dari, ke, atasan.pk, "Catatan")]


@pytest.mark.parametrize("actor_name", ["pegawai", "atasan"])
@pytest.mark.parametrize(("dari", "ke"), ILLEGAL_MOVES)
def test_every_other_move_is_refused_with_a_reason(skp_lengkap, dari, ke, actor_name, request):
    set_status(skp_lengkap, dari)

    with pytest.raises(SkpError) as error:
        services.skp_set_status(
            actor=request.getfixturevalue(actor_name), skp_id=skp_lengkap.pk, version=None, status=ke, catatan="x"
        )

    # The reason is the move itself: the message names where the SKP is and where it cannot go.
    message = str(error.value)
    assert StatusSkp(dari).label in message, message
    assert StatusSkp(ke).label in message, message
    skp_lengkap.refresh_from_db()
    assert skp_lengkap.status == dari
    assert riwayat(skp_lengkap) == []


@pytest.mark.parametrize("status", StatusSkp.values)
def test_setting_the_status_it_already_has_changes_nothing(skp_lengkap, atasan, status):
    set_status(skp_lengkap, status)
    version = skp_lengkap.version

    services.skp_set_status(actor=atasan, skp_id=skp_lengkap.pk, version=version, status=status)

    skp_lengkap.refresh_from_db()
    assert (skp_lengkap.status, skp_lengkap.version) == (status, version)
    assert riwayat(skp_lengkap) == []


@pytest.mark.parametrize(("dari", "ke"), PENILAI_MOVES)
@pytest.mark.parametrize("actor_name", ["pegawai", "pegawai_lain", "admin_instansi"])
def test_a_penilai_move_by_anyone_else_is_refused(skp_lengkap, dari, ke, actor_name, request):
    set_status(skp_lengkap, dari)

    with pytest.raises(SkpError, match="Hanya pejabat penilai SKP ini yang dapat mengubah statusnya"):
        services.skp_set_status(
            actor=request.getfixturevalue(actor_name), skp_id=skp_lengkap.pk, version=None, status=ke, catatan="x"
        )

    skp_lengkap.refresh_from_db()
    assert skp_lengkap.status == dari
    assert riwayat(skp_lengkap) == []


def test_the_owner_cannot_approve_their_own_skp(skp_lengkap, pegawai):
    set_status(skp_lengkap, StatusSkp.PENGAJUAN)

    with pytest.raises(SkpError, match="Hanya pejabat penilai"):
        services.skp_set_status(actor=pegawai, skp_id=skp_lengkap.pk, version=None, status=StatusSkp.PERSETUJUAN)

    skp_lengkap.refresh_from_db()
    assert skp_lengkap.status == StatusSkp.PENGAJUAN


@pytest.mark.parametrize(("dari", "ke"), OWNER_MOVES)
def test_the_penilai_cannot_submit_for_the_pegawai(skp_lengkap, atasan, dari, ke):
    set_status(skp_lengkap, dari)

    with pytest.raises(SkpError):
        services.skp_set_status(actor=atasan, skp_id=skp_lengkap.pk, version=None, status=ke)

    skp_lengkap.refresh_from_db()
    assert skp_lengkap.status == dari
    assert riwayat(skp_lengkap) == []


@pytest.mark.parametrize("dari", [StatusSkp.DRAFT, StatusSkp.REVISI])
def test_edit_status_cannot_be_used_to_submit_an_incomplete_skp(skp, pegawai, dari):
    """The checks of Ajukan SKP live in skp_submit; skp_set_status is the penilai's Edit Status."""
    set_status(skp, dari)

    with pytest.raises(SkpError):
        services.skp_set_status(actor=pegawai, skp_id=skp.pk, version=None, status=StatusSkp.PENGAJUAN)

    skp.refresh_from_db()
    assert skp.status == dari
    assert riwayat(skp) == []


@pytest.mark.parametrize("dari", [StatusSkp.PENGAJUAN, StatusSkp.PERSETUJUAN])
@pytest.mark.parametrize("catatan", ["", "   \n "])
def test_kembalikan_and_buka_kembali_require_a_note(skp_lengkap, atasan, dari, catatan):
    set_status(skp_lengkap, dari)

    with pytest.raises(SkpError, match="Tuliskan catatan untuk pegawai: apa yang perlu diperbaiki"):
        services.skp_set_status(
            actor=atasan, skp_id=skp_lengkap.pk, version=None, status=StatusSkp.REVISI, catatan=catatan
        )

    skp_lengkap.refresh_from_db()
    assert skp_lengkap.status == dari
    assert riwayat(skp_lengkap) == []


def test_approval_needs_no_note(skp_lengkap, atasan):
    set_status(skp_lengkap, StatusSkp.PENGAJUAN)

    services.skp_set_status(actor=atasan, skp_id=skp_lengkap.pk, version=None, status=StatusSkp.PERSETUJUAN)

    skp_lengkap.refresh_from_db()
    assert skp_lengkap.status == StatusSkp.PERSETUJUAN


def test_edit_status_with_a_stale_version_is_refused(skp_lengkap, atasan):
    set_status(skp_lengkap, StatusSkp.PENGAJUAN)
    Skp.objects.filter(pk=skp_lengkap.pk).update(version=skp_lengkap.version + 1)

    with pytest.raises(StaleEdit):
        services.skp_set_status(
            actor=atasan, skp_id=skp_lengkap.pk, version=skp_lengkap.version, status=StatusSkp.PERSETUJUAN
        )

    skp_lengkap.refresh_from_db()
    assert skp_lengkap.status == StatusSkp.PENGAJUAN


def test_buka_kembali_is_refused_once_a_penilaian_period_is_finalised(skp_lengkap, atasan):
    set_status(skp_lengkap, StatusSkp.PERSETUJUAN)
    Skp.objects.filter(pk=skp_lengkap.pk).update(penilaian_final=True)  # what penilaian's Tetapkan records

    with pytest.raises(SkpError, match="sudah ada periode penilaian yang ditetapkan"):
        services.skp_set_status(
            actor=atasan, skp_id=skp_lengkap.pk, version=None, status=StatusSkp.REVISI, catatan="Ubah"
        )

    skp_lengkap.refresh_from_db()
    assert skp_lengkap.status == StatusSkp.PERSETUJUAN


# --- skp_update, skp_delete, skp_refresh_penilai -------------------------------------------------------------


def test_skp_update_changes_the_period_and_pendekatan(skp, pegawai):
    services.skp_update(
        actor=pegawai,
        skp_id=skp.pk,
        version=skp.version,
        periode_awal=datetime.date(YEAR, 2, 1),
        periode_akhir=datetime.date(YEAR, 11, 30),
        pendekatan="kualitatif",
    )

    skp.refresh_from_db()
    assert (skp.periode_awal, skp.periode_akhir, skp.pendekatan) == (
        datetime.date(YEAR, 2, 1),
        datetime.date(YEAR, 11, 30),
        "kualitatif",
    )


def test_skp_update_with_a_stale_version_changes_nothing(skp, pegawai):
    with pytest.raises(StaleEdit, match="sudah diubah di tab atau oleh orang lain"):
        services.skp_update(
            actor=pegawai,
            skp_id=skp.pk,
            version=skp.version + 1,
            periode_awal=JAN_1,
            periode_akhir=DEC_31,
            pendekatan="kualitatif",
        )

    skp.refresh_from_db()
    assert skp.pendekatan == "kuantitatif"


def test_skp_delete_removes_a_draft(skp, pegawai):
    services.skp_delete(actor=pegawai, skp_id=skp.pk)

    assert not Skp.objects.filter(pk=skp.pk).exists()


@pytest.mark.parametrize("status", [StatusSkp.PENGAJUAN, StatusSkp.PERSETUJUAN, StatusSkp.REVISI])
def test_skp_delete_is_refused_after_the_draft(skp, pegawai, status):
    set_status(skp, status)

    with pytest.raises(SkpError, match="Hanya SKP berstatus Draft milik Anda yang dapat dihapus"):
        services.skp_delete(actor=pegawai, skp_id=skp.pk)

    assert Skp.objects.filter(pk=skp.pk).exists()


def test_skp_delete_by_someone_else_is_refused(skp, atasan):
    with pytest.raises(SkpError, match="Hanya SKP berstatus Draft milik Anda"):
        services.skp_delete(actor=atasan, skp_id=skp.pk)

    assert Skp.objects.filter(pk=skp.pk).exists()


def test_skp_refresh_penilai_takes_the_current_atasan(skp, pegawai, unit):
    baru = UserFactory(unit_kerja=unit, nama="Atasan Baru", jabatan="Plh. Kepala Bidang")
    pegawai.atasan = baru
    pegawai.save()

    services.skp_refresh_penilai(actor=pegawai, skp_id=skp.pk)

    skp.refresh_from_db()
    assert skp.penilai == baru
    assert skp.penilai_snapshot["nama"] == "Atasan Baru"
    assert skp.penilai_snapshot["jabatan"] == "Plh. Kepala Bidang"


def test_skp_refresh_penilai_is_refused_once_submitted(skp, pegawai, atasan, unit):
    set_status(skp, StatusSkp.PENGAJUAN)
    pegawai.atasan = UserFactory(unit_kerja=unit)
    pegawai.save()

    with pytest.raises(SkpError, match=LOCKED):
        services.skp_refresh_penilai(actor=pegawai, skp_id=skp.pk)

    skp.refresh_from_db()
    assert skp.penilai == atasan


# --- edits: allowed, locked, wrong actor, stale -----------------------------------------------------------------


def edit_operations():
    """Every edit of the plan, as (name, call(actor, skp, rhk, indikator, lampiran))."""
    return {
        "skp_update": lambda a, s, r, i, li: services.skp_update(
            actor=a, skp_id=s.pk, version=None, periode_awal=JAN_1, periode_akhir=DEC_31, pendekatan="kualitatif"
        ),
        "skp_refresh_penilai": lambda a, s, r, i, li: services.skp_refresh_penilai(actor=a, skp_id=s.pk),
        "rhk_create": lambda a, s, r, i, li: services.rhk_create(
            actor=a, skp_id=s.pk, jenis="utama", klasifikasi="individu", teks="Baru"
        ),
        "rhk_update": lambda a, s, r, i, li: services.rhk_update(
            actor=a, rhk_id=r.pk, version=r.version, jenis="utama", klasifikasi="individu", teks="Diubah"
        ),
        "rhk_delete": lambda a, s, r, i, li: services.rhk_delete(actor=a, rhk_id=r.pk),
        "rhk_move": lambda a, s, r, i, li: services.rhk_move(actor=a, rhk_id=r.pk, direction="naik"),
        "indikator_create": lambda a, s, r, i, li: services.indikator_create(
            actor=a, rhk_id=r.pk, data={"teks": "Baru", "target_angka": 1, "satuan": "Dokumen"}
        ),
        "indikator_update": lambda a, s, r, i, li: services.indikator_update(
            actor=a, indikator_id=i.pk, version=i.version, data={"teks": "Diubah"}
        ),
        "indikator_delete": lambda a, s, r, i, li: services.indikator_delete(actor=a, indikator_id=i.pk),
        "indikator_move": lambda a, s, r, i, li: services.indikator_move(actor=a, indikator_id=i.pk, direction="naik"),
        "lampiran_create": lambda a, s, r, i, li: services.lampiran_create(
            actor=a, skp_id=s.pk, jenis="skema", teks="Baru"
        ),
        "lampiran_update": lambda a, s, r, i, li: services.lampiran_update(
            actor=a, item_id=li.pk, version=li.version, teks="Diubah"
        ),
        "lampiran_delete": lambda a, s, r, i, li: services.lampiran_delete(actor=a, item_id=li.pk),
    }


EDITS = edit_operations()


def plan_state(skp: Skp) -> tuple:
    """Everything an edit could change, to show that a refused one changed nothing."""
    skp.refresh_from_db()
    return (
        skp.version,
        skp.status,
        skp.pendekatan,
        skp.penilai_id,
        tuple(Rhk.objects.filter(skp=skp).order_by("pk").values_list("pk", "teks", "urutan", "version")),
        tuple(Indikator.objects.filter(rhk__skp=skp).order_by("pk").values_list("pk", "teks", "urutan", "version")),
        tuple(LampiranItem.objects.filter(skp=skp).order_by("pk").values_list("pk", "teks", "urutan", "version")),
    )


@pytest.mark.parametrize("operation", EDITS)
@pytest.mark.parametrize("status", [StatusSkp.DRAFT, StatusSkp.REVISI])
def test_every_edit_works_for_the_owner_while_draft_or_revisi(
    skp_lengkap, rhk, indikator, lampiran, pegawai, status, operation
):
    set_status(skp_lengkap, status)
    before = plan_state(skp_lengkap)

    EDITS[operation](pegawai, skp_lengkap, rhk, indikator, lampiran)

    after = plan_state(skp_lengkap)
    assert after[0] == before[0] + 1  # every edit moves the SKP's version on
    assert after[1] == status


@pytest.mark.parametrize("operation", EDITS)
@pytest.mark.parametrize("status", [StatusSkp.PENGAJUAN, StatusSkp.PERSETUJUAN])
def test_every_edit_is_refused_in_pengajuan_and_persetujuan(
    skp_lengkap, rhk, indikator, lampiran, pegawai, status, operation
):
    set_status(skp_lengkap, status)
    before = plan_state(skp_lengkap)

    with pytest.raises(SkpError) as error:
        EDITS[operation](pegawai, skp_lengkap, rhk, indikator, lampiran)

    assert str(error.value).startswith(f"SKP berstatus {StatusSkp(status).label} sehingga terkunci")
    assert plan_state(skp_lengkap) == before


@pytest.mark.parametrize("operation", EDITS)
@pytest.mark.parametrize("actor_name", ["atasan", "pegawai_lain", "admin_instansi"])
def test_every_edit_by_someone_else_is_refused(skp_lengkap, rhk, indikator, lampiran, actor_name, operation, request):
    before = plan_state(skp_lengkap)

    with pytest.raises(SkpError, match=NOT_OWNER):
        EDITS[operation](request.getfixturevalue(actor_name), skp_lengkap, rhk, indikator, lampiran)

    assert plan_state(skp_lengkap) == before


def test_rhk_create_stores_the_rhk_at_the_end_of_its_jenis(skp_lengkap, pegawai, rhk_atasan):
    first = skp_lengkap.rhk_list.get()

    rhk = services.rhk_create(
        actor=pegawai,
        skp_id=skp_lengkap.pk,
        jenis="utama",
        klasifikasi="individu",
        teks="  Terwujudnya arsip digital  ",
        rhk_atasan=rhk_atasan,
    )

    rhk.refresh_from_db()
    assert rhk.teks == "Terwujudnya arsip digital"
    assert rhk.rhk_atasan == rhk_atasan
    assert rhk.dibuat_oleh == pegawai
    assert rhk.instansi_id == skp_lengkap.instansi_id
    assert rhk.urutan == first.urutan + 1


def test_rhk_create_with_the_same_client_token_makes_one_row(skp, pegawai):
    token = uuid.uuid4()

    first = services.rhk_create(
        actor=pegawai, skp_id=skp.pk, jenis="utama", klasifikasi="individu", teks="A", client_token=token
    )
    second = services.rhk_create(
        actor=pegawai, skp_id=skp.pk, jenis="utama", klasifikasi="individu", teks="A", client_token=token
    )

    assert first.pk == second.pk
    assert skp.rhk_list.count() == 1


def test_indikator_and_lampiran_create_with_the_same_client_token_make_one_row(skp_lengkap, rhk, pegawai):
    token_i, token_l = uuid.uuid4(), uuid.uuid4()
    data = {"teks": "Ketepatan", "target_angka": 100, "satuan": "%", "aspek": "waktu"}

    for _ in range(2):
        services.indikator_create(actor=pegawai, rhk_id=rhk.pk, data=data, client_token=token_i)
        services.lampiran_create(actor=pegawai, skp_id=skp_lengkap.pk, jenis="skema", teks="B", client_token=token_l)

    assert rhk.indikator_list.filter(client_token=token_i).count() == 1
    assert skp_lengkap.lampiran_list.filter(client_token=token_l).count() == 1


def test_an_organisasi_rhk_requires_a_unit_kerja(skp, pegawai):
    with pytest.raises(ValidationError) as error:
        services.rhk_create(actor=pegawai, skp_id=skp.pk, jenis="utama", klasifikasi="organisasi", teks="Org")

    assert error.value.message_dict == {"unit_kerja": ["RHK Organisasi wajib memilih unit kerja yang tertaut."]}
    assert not skp.rhk_list.exists()


def test_an_organisasi_rhk_with_a_unit_of_another_instansi_is_refused(skp, pegawai, instansi_lain):
    with pytest.raises(ValidationError) as error:
        services.rhk_create(
            actor=pegawai,
            skp_id=skp.pk,
            jenis="utama",
            klasifikasi="organisasi",
            teks="Org",
            unit_kerja=UnitKerjaFactory(instansi=instansi_lain),
        )

    assert error.value.message_dict == {"unit_kerja": ["Unit kerja harus di instansi Anda."]}


def test_rhk_update_with_an_old_version_raises_stale_edit_and_changes_nothing(rhk, pegawai):
    old = rhk.version
    services.rhk_update(
        actor=pegawai, rhk_id=rhk.pk, version=old, jenis="utama", klasifikasi="individu", teks="Versi tab pertama"
    )
    before = plan_state(rhk.skp)

    with pytest.raises(StaleEdit) as error:
        services.rhk_update(
            actor=pegawai, rhk_id=rhk.pk, version=old, jenis="tambahan", klasifikasi="individu", teks="Tab kedua"
        )

    assert str(error.value).startswith(services.STALE_MESSAGE)
    assert "“Versi tab pertama”" in str(error.value)
    assert error.value.current_version == old + 1
    assert plan_state(rhk.skp) == before
    rhk.refresh_from_db()
    assert (rhk.teks, rhk.jenis, rhk.version) == ("Versi tab pertama", "utama", old + 1)


def test_indikator_update_with_an_old_version_raises_stale_edit_and_changes_nothing(indikator, pegawai):
    old = indikator.version
    services.indikator_update(
        actor=pegawai, indikator_id=indikator.pk, version=old, data={"teks": "Pertama", "target_angka": 5}
    )
    before = plan_state(indikator.rhk.skp)

    with pytest.raises(StaleEdit):
        services.indikator_update(
            actor=pegawai, indikator_id=indikator.pk, version=old, data={"teks": "Kedua", "target_angka": 9}
        )

    assert plan_state(indikator.rhk.skp) == before
    indikator.refresh_from_db()
    assert (indikator.teks, indikator.target_angka) == ("Pertama", 5)


def test_lampiran_update_with_an_old_version_raises_stale_edit_and_changes_nothing(lampiran, pegawai):
    old = lampiran.version
    services.lampiran_update(actor=pegawai, item_id=lampiran.pk, version=old, teks="Pertama")
    before = plan_state(lampiran.skp)

    with pytest.raises(StaleEdit):
        services.lampiran_update(actor=pegawai, item_id=lampiran.pk, version=old, teks="Kedua")

    assert plan_state(lampiran.skp) == before
    lampiran.refresh_from_db()
    assert lampiran.teks == "Pertama"


@pytest.mark.parametrize(
    "delete",
    [
        lambda a, r, i, li: services.rhk_delete(actor=a, rhk_id=r.pk, version=r.version + 1),
        lambda a, r, i, li: services.indikator_delete(actor=a, indikator_id=i.pk, version=i.version + 1),
        lambda a, r, i, li: services.lampiran_delete(actor=a, item_id=li.pk, version=li.version + 1),
    ],
    ids=["rhk", "indikator", "lampiran"],
)
def test_a_delete_with_a_stale_version_changes_nothing(rhk, indikator, lampiran, pegawai, delete):
    before = plan_state(rhk.skp)

    with pytest.raises(StaleEdit):
        delete(pegawai, rhk, indikator, lampiran)

    assert plan_state(rhk.skp) == before


def test_rhk_delete_removes_the_rhk_with_its_indikator(rhk, indikator, pegawai):
    services.rhk_delete(actor=pegawai, rhk_id=rhk.pk, version=rhk.version)

    assert not Rhk.objects.filter(pk=rhk.pk).exists()
    assert not Indikator.objects.filter(pk=indikator.pk).exists()


def test_rhk_delete_is_refused_while_a_bawahan_rhk_intervenes_it_and_names_the_bawahan(
    atasan, atasan_skp, rhk_atasan, skp_lengkap
):
    set_status(atasan_skp, StatusSkp.REVISI)

    with pytest.raises(SkpError) as error:
        services.rhk_delete(actor=atasan, rhk_id=rhk_atasan.pk)

    assert str(error.value) == (
        "RHK ini tidak dapat dihapus karena diintervensi oleh RHK bawahan: Ani Pegawai. "
        "Minta mereka memilih RHK lain terlebih dahulu."
    )
    assert Rhk.objects.filter(pk=rhk_atasan.pk).exists()


def test_skp_delete_is_refused_while_a_bawahan_rhk_intervenes_its_rhk(atasan, atasan_skp, rhk_atasan, skp_lengkap):
    set_status(atasan_skp, StatusSkp.DRAFT)

    with pytest.raises(SkpError, match="ada RHK bawahan yang mengintervensi RHK-nya"):
        services.skp_delete(actor=atasan, skp_id=atasan_skp.pk)

    assert Skp.objects.filter(pk=atasan_skp.pk).exists()


def urutan_of(queryset) -> list[str]:
    return list(queryset.order_by("urutan", "pk").values_list("teks", flat=True))


def test_rhk_move_reorders_within_the_same_jenis(skp, pegawai):
    a, _b, c = (RhkFactory(skp=skp, teks=t, urutan=n) for n, t in enumerate("ABC", start=1))
    tambahan = RhkFactory(skp=skp, jenis="tambahan", teks="T", urutan=1)

    services.rhk_move(actor=pegawai, rhk_id=c.pk, direction="naik")
    assert urutan_of(skp.rhk_list.filter(jenis="utama")) == ["A", "C", "B"]

    services.rhk_move(actor=pegawai, rhk_id=a.pk, direction="turun")
    assert urutan_of(skp.rhk_list.filter(jenis="utama")) == ["C", "A", "B"]

    services.rhk_move(actor=pegawai, rhk_id=c.pk, direction="naik")  # already first: stays
    assert urutan_of(skp.rhk_list.filter(jenis="utama")) == ["C", "A", "B"]
    assert list(skp.rhk_list.filter(jenis="utama").order_by("urutan").values_list("urutan", flat=True)) == [1, 2, 3]
    tambahan.refresh_from_db()
    assert tambahan.urutan == 1


def test_indikator_move_reorders_within_the_rhk(rhk, pegawai):
    rhk.indikator_list.all().delete()
    x, y = IndikatorFactory(rhk=rhk, teks="X", urutan=1), IndikatorFactory(rhk=rhk, teks="Y", urutan=2)

    services.indikator_move(actor=pegawai, indikator_id=y.pk, direction="naik")
    assert urutan_of(rhk.indikator_list.all()) == ["Y", "X"]

    services.indikator_move(actor=pegawai, indikator_id=y.pk, direction="turun")
    assert urutan_of(rhk.indikator_list.all()) == ["X", "Y"]

    services.indikator_move(actor=pegawai, indikator_id=x.pk, direction="naik")
    assert urutan_of(rhk.indikator_list.all()) == ["X", "Y"]


# --- RHK atasan ---------------------------------------------------------------------------------------------


def test_rhk_atasan_choices_are_the_penilais_rhk_of_non_draft_skps_of_the_same_year(skp, atasan, rhk_atasan):
    draft = SkpFactory(
        pegawai=atasan, periode_awal=datetime.date(YEAR + 1, 1, 1), periode_akhir=datetime.date(YEAR + 1, 12, 31)
    )
    RhkFactory(skp=draft)

    assert list(Rhk.objects.intervenable_by(skp)) == [rhk_atasan]


def test_rhk_atasan_from_a_draft_skp_of_the_penilai_is_refused(skp, pegawai, atasan_skp, rhk_atasan):
    set_status(atasan_skp, StatusSkp.DRAFT)

    with pytest.raises(ValidationError) as error:
        services.rhk_create(
            actor=pegawai, skp_id=skp.pk, jenis="utama", klasifikasi="individu", teks="X", rhk_atasan=rhk_atasan
        )

    assert error.value.message_dict == {
        "rhk_atasan": ["Pilih RHK atasan dari SKP pejabat penilai pada tahun yang sama."]
    }
    assert not skp.rhk_list.exists()


def test_rhk_atasan_from_another_year_is_refused(skp, pegawai, atasan):
    lalu = SkpFactory(
        pegawai=atasan,
        status=StatusSkp.PERSETUJUAN,
        periode_awal=datetime.date(YEAR - 1, 1, 1),
        periode_akhir=datetime.date(YEAR - 1, 12, 31),
    )
    rhk_lalu = RhkFactory(skp=lalu)

    with pytest.raises(ValidationError) as error:
        services.rhk_create(
            actor=pegawai, skp_id=skp.pk, jenis="utama", klasifikasi="individu", teks="X", rhk_atasan=rhk_lalu
        )

    assert "rhk_atasan" in error.value.message_dict
    assert not skp.rhk_list.exists()


def test_rhk_atasan_of_someone_who_is_not_the_penilai_is_refused(skp, pegawai, pegawai_lain):
    rekan = RhkFactory(skp=SkpFactory(pegawai=pegawai_lain, status=StatusSkp.PERSETUJUAN))

    with pytest.raises(ValidationError) as error:
        services.rhk_create(
            actor=pegawai, skp_id=skp.pk, jenis="utama", klasifikasi="individu", teks="X", rhk_atasan=rekan
        )

    assert "rhk_atasan" in error.value.message_dict


def test_rhk_update_to_a_draft_rhk_atasan_is_refused(rhk, pegawai, atasan):
    draft = SkpFactory(
        pegawai=atasan, periode_awal=datetime.date(YEAR + 1, 1, 1), periode_akhir=datetime.date(YEAR + 1, 12, 31)
    )
    lain = RhkFactory(skp=draft)
    before = plan_state(rhk.skp)

    with pytest.raises(ValidationError) as error:
        services.rhk_update(
            actor=pegawai,
            rhk_id=rhk.pk,
            version=rhk.version,
            jenis="utama",
            klasifikasi="individu",
            teks="Diubah",
            rhk_atasan=lain,
        )

    assert "rhk_atasan" in error.value.message_dict
    assert plan_state(rhk.skp) == before


# --- indikator ---------------------------------------------------------------------------------------------


def test_a_kuantitatif_pegawai_model_indikator_stores_target_and_aspek_but_no_perspektif(rhk, pegawai):
    indikator = services.indikator_create(
        actor=pegawai,
        rhk_id=rhk.pk,
        data={"teks": " Ketepatan ", "target_angka": 12, "satuan": " Dokumen ", "aspek": "waktu", "perspektif": "x"},
    )

    indikator.refresh_from_db()
    assert (indikator.teks, indikator.target_angka, indikator.satuan) == ("Ketepatan", 12, "Dokumen")
    assert (indikator.aspek, indikator.perspektif) == ("waktu", "")
    assert indikator.target_display == "12 Dokumen"


def test_a_kuantitatif_jpt_indikator_stores_perspektif_but_no_aspek(pegawai):
    skp = SkpFactory(pegawai=pegawai, model=ModelSkp.JPT)
    rhk = RhkFactory(skp=skp)

    indikator = services.indikator_create(
        actor=pegawai,
        rhk_id=rhk.pk,
        data={"teks": "Kepuasan", "target_angka": 85.5, "satuan": "%", "aspek": "waktu", "perspektif": "anggaran"},
    )

    indikator.refresh_from_db()
    assert (indikator.perspektif, indikator.aspek) == ("anggaran", "")
    assert indikator.target_display == "85,5 %"


def test_a_kualitatif_indikator_stores_no_target(pegawai):
    skp = SkpFactory(pegawai=pegawai, pendekatan="kualitatif")
    rhk = RhkFactory(skp=skp)

    indikator = services.indikator_create(
        actor=pegawai,
        rhk_id=rhk.pk,
        data={
            "teks": "Tersusunnya 12 dokumen mutasi tepat waktu",
            "target_angka": 12,
            "satuan": "Dokumen",
            "aspek": "kuantitas",
            "perspektif": "anggaran",
        },
    )

    indikator.refresh_from_db()
    assert indikator.teks == "Tersusunnya 12 dokumen mutasi tepat waktu"
    assert (indikator.target_angka, indikator.satuan, indikator.aspek, indikator.perspektif) == (None, "", "", "")


def test_indikator_update_of_a_kualitatif_skp_drops_a_target(pegawai):
    skp = SkpFactory(pegawai=pegawai, pendekatan="kualitatif")
    indikator = IndikatorFactory(rhk=RhkFactory(skp=skp), target_angka=None, satuan="", aspek="")

    services.indikator_update(
        actor=pegawai, indikator_id=indikator.pk, version=indikator.version, data={"teks": "N", "target_angka": 3}
    )

    indikator.refresh_from_db()
    assert (indikator.teks, indikator.target_angka) == ("N", None)


# --- Ekspektasi Khusus Pimpinan -------------------------------------------------------------------------------


@pytest.mark.parametrize("status", [StatusSkp.PENGAJUAN, StatusSkp.REVISI])
def test_the_penilai_sets_ekspektasi_in_pengajuan_or_revisi(skp_lengkap, atasan, perilaku, status):
    set_status(skp_lengkap, status)
    version = skp_lengkap.version

    first = services.ekspektasi_set(
        actor=atasan, skp_id=skp_lengkap.pk, perilaku=perilaku, teks=" Responsif ", version=None
    )
    second = services.ekspektasi_set(
        actor=atasan, skp_id=skp_lengkap.pk, perilaku=perilaku, teks="Sangat responsif", version=first.version
    )

    assert second.pk == first.pk
    ekspektasi = EkspektasiPimpinan.objects.get(skp=skp_lengkap, perilaku=perilaku)
    assert (ekspektasi.teks, ekspektasi.version) == ("Sangat responsif", 2)
    skp_lengkap.refresh_from_db()
    assert skp_lengkap.version == version + 2


def test_ekspektasi_with_a_stale_version_is_refused(skp_lengkap, atasan, perilaku):
    set_status(skp_lengkap, StatusSkp.PENGAJUAN)
    services.ekspektasi_set(actor=atasan, skp_id=skp_lengkap.pk, perilaku=perilaku, teks="A", version=None)
    services.ekspektasi_set(actor=atasan, skp_id=skp_lengkap.pk, perilaku=perilaku, teks="B", version=1)

    with pytest.raises(StaleEdit):
        services.ekspektasi_set(actor=atasan, skp_id=skp_lengkap.pk, perilaku=perilaku, teks="C", version=1)

    assert EkspektasiPimpinan.objects.get(skp=skp_lengkap, perilaku=perilaku).teks == "B"


@pytest.mark.parametrize("status", [StatusSkp.DRAFT, StatusSkp.PERSETUJUAN])
def test_ekspektasi_is_refused_in_draft_and_persetujuan(skp_lengkap, atasan, perilaku, status):
    set_status(skp_lengkap, status)

    with pytest.raises(SkpError, match="Ekspektasi Khusus Pimpinan diisi oleh pejabat penilai"):
        services.ekspektasi_set(actor=atasan, skp_id=skp_lengkap.pk, perilaku=perilaku, teks="A", version=None)

    assert not EkspektasiPimpinan.objects.filter(skp=skp_lengkap).exists()


@pytest.mark.parametrize("actor_name", ["pegawai", "pegawai_lain", "admin_instansi"])
def test_ekspektasi_by_anyone_but_the_penilai_is_refused(skp_lengkap, perilaku, actor_name, request):
    set_status(skp_lengkap, StatusSkp.PENGAJUAN)

    with pytest.raises(SkpError, match="Ekspektasi Khusus Pimpinan diisi oleh pejabat penilai"):
        services.ekspektasi_set(
            actor=request.getfixturevalue(actor_name), skp_id=skp_lengkap.pk, perilaku=perilaku, teks="A", version=None
        )

    assert not EkspektasiPimpinan.objects.filter(skp=skp_lengkap).exists()


# --- skp_set_model ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("actor_name", ["admin_instansi", "superadmin"])
@pytest.mark.parametrize("status", [StatusSkp.DRAFT, StatusSkp.REVISI])
def test_the_admin_switches_the_model_while_draft_or_revisi(skp, actor_name, status, request):
    set_status(skp, status)
    version = skp.version

    services.skp_set_model(actor=request.getfixturevalue(actor_name), skp_id=skp.pk, model=ModelSkp.PIMPINAN_UNIT)

    skp.refresh_from_db()
    assert (skp.model, skp.version) == (ModelSkp.PIMPINAN_UNIT, version + 1)


@pytest.mark.parametrize("status", [StatusSkp.PENGAJUAN, StatusSkp.PERSETUJUAN])
def test_the_model_cannot_be_switched_once_submitted(skp, admin_instansi, status):
    set_status(skp, status)

    with pytest.raises(SkpError, match="Model SKP hanya dapat diubah saat Draft atau Revisi"):
        services.skp_set_model(actor=admin_instansi, skp_id=skp.pk, model=ModelSkp.JPT)

    skp.refresh_from_db()
    assert skp.model == ModelSkp.PEGAWAI


@pytest.mark.parametrize("actor_name", ["admin_lain", "pegawai", "atasan"])
def test_the_model_is_switched_only_by_an_admin_of_the_same_instansi(skp, actor_name, request):
    with pytest.raises(SkpError, match="Hanya admin instansi yang dapat mengubah model SKP"):
        services.skp_set_model(actor=request.getfixturevalue(actor_name), skp_id=skp.pk, model=ModelSkp.JPT)

    skp.refresh_from_db()
    assert skp.model == ModelSkp.PEGAWAI


def test_an_unknown_model_is_refused(skp, admin_instansi):
    with pytest.raises(SkpError, match="Model SKP tidak dikenal"):
        services.skp_set_model(actor=admin_instansi, skp_id=skp.pk, model="lain")

    skp.refresh_from_db()
    assert skp.model == ModelSkp.PEGAWAI


# --- Matriks Peran Hasil -----------------------------------------------------------------------------------------


MPH_REFUSED = "Matriks Peran Hasil hanya untuk pejabat penilai, pada SKP miliknya sendiri"


def mph_members(penilai_skp: Skp) -> set[int]:
    return set(MphRow.objects.filter(penilai_skp=penilai_skp).values_list("skp_id", flat=True))


def test_mph_sync_adds_the_bawahan_skps_of_the_same_year_once(atasan, atasan_skp, skp, pegawai_lain):
    skp_lain = SkpFactory(pegawai=pegawai_lain)
    SkpFactory(
        pegawai=pegawai_lain,
        periode_awal=datetime.date(YEAR - 1, 1, 1),
        periode_akhir=datetime.date(YEAR - 1, 12, 31),
    )
    SkpFactory(pegawai=UserFactory(unit_kerja=skp.unit_kerja))  # someone else's bawahan

    assert services.mph_sync(actor=atasan, skp_id=atasan_skp.pk) == 2
    assert services.mph_sync(actor=atasan, skp_id=atasan_skp.pk) == 0

    assert mph_members(atasan_skp) == {skp.pk, skp_lain.pk}
    assert not MphRow.objects.filter(penilai_skp=atasan_skp, manual=True).exists()


def test_mph_sync_sends_bawahan_in_the_plt_unit_to_the_plt_skps_matrix(atasan, atasan_skp, skp, instansi):
    unit_plt = UnitKerjaFactory(instansi=instansi, nama="Bidang Pengadaan")
    seksi_plt = UnitKerjaFactory(instansi=instansi, parent=unit_plt, nama="Seksi Lelang")
    plt = PltAssignmentFactory(
        pegawai=atasan,
        jabatan="Kepala Bidang Pengadaan",
        unit_kerja=unit_plt,
        atasan=UserFactory(unit_kerja=unit_plt),
        mulai=datetime.date(YEAR, 3, 1),
        selesai=datetime.date(YEAR, 8, 31),
    )
    plt_skp = services.skp_create(
        actor=atasan,
        periode_awal=datetime.date(YEAR, 3, 1),
        periode_akhir=datetime.date(YEAR, 8, 31),
        pendekatan="kuantitatif",
        plt=plt,
    )
    di_plt = SkpFactory(pegawai=UserFactory(unit_kerja=unit_plt, atasan=atasan))
    di_seksi_plt = SkpFactory(pegawai=UserFactory(unit_kerja=seksi_plt, atasan=atasan))

    services.mph_sync(actor=atasan, skp_id=atasan_skp.pk)
    services.mph_sync(actor=atasan, skp_id=plt_skp.pk)

    assert mph_members(atasan_skp) == {skp.pk}
    assert mph_members(plt_skp) == {di_plt.pk, di_seksi_plt.pk}


def test_mph_sync_by_someone_other_than_the_owner_is_refused(atasan_skp, pegawai, skp):
    with pytest.raises(SkpError, match=MPH_REFUSED):
        services.mph_sync(actor=pegawai, skp_id=atasan_skp.pk)

    assert mph_members(atasan_skp) == set()


def test_mph_on_ones_own_skp_is_refused_to_a_pegawai_without_bawahan(skp, pegawai, pegawai_lain):
    """A matrix lets its owner write RHK into members' SKPs: a peer with no team must not get one."""
    rekan = SkpFactory(pegawai=pegawai_lain)

    with pytest.raises(SkpError, match=MPH_REFUSED):
        services.mph_sync(actor=pegawai, skp_id=skp.pk)
    with pytest.raises(SkpError, match=MPH_REFUSED):
        services.mph_add(actor=pegawai, skp_id=skp.pk, member_skp_id=rekan.pk)

    assert mph_members(skp) == set()


def test_mph_add_adds_a_pegawai_of_another_unit_of_the_same_instansi(atasan, atasan_skp, pegawai, instansi):
    tim = SkpFactory(pegawai=UserFactory(unit_kerja=UnitKerjaFactory(instansi=instansi)))

    assert list(services.mph_candidate_skps(actor=atasan, skp=atasan_skp, nip=tim.pegawai.nip)) == [tim]
    row = services.mph_add(actor=atasan, skp_id=atasan_skp.pk, member_skp_id=tim.pk)
    again = services.mph_add(actor=atasan, skp_id=atasan_skp.pk, member_skp_id=tim.pk)

    assert again.pk == row.pk
    assert (row.skp, row.manual, row.instansi_id) == (tim, True, instansi.pk)
    assert mph_members(atasan_skp) == {tim.pk}


def test_mph_add_of_another_instansis_skp_is_refused(atasan, atasan_skp, pegawai, instansi_lain):
    luar = SkpFactory(pegawai=UserFactory(unit_kerja=UnitKerjaFactory(instansi=instansi_lain)))

    assert not services.mph_candidate_skps(actor=atasan, skp=atasan_skp, nip=luar.pegawai.nip).exists()
    with pytest.raises(SkpError, match="harus SKP pegawai instansi Anda pada tahun yang sama"):
        services.mph_add(actor=atasan, skp_id=atasan_skp.pk, member_skp_id=luar.pk)

    assert mph_members(atasan_skp) == set()


def test_mph_add_of_another_years_skp_or_ones_own_is_refused(atasan, atasan_skp, pegawai):
    lalu = SkpFactory(
        pegawai=pegawai, periode_awal=datetime.date(YEAR - 1, 1, 1), periode_akhir=datetime.date(YEAR - 1, 12, 31)
    )
    plt = PltAssignmentFactory(pegawai=atasan, mulai=JAN_1, selesai=DEC_31, atasan=None)
    own_plt = SkpFactory(pegawai=atasan, plt=plt)

    for member in (lalu, own_plt):
        with pytest.raises(SkpError, match="harus SKP pegawai instansi Anda pada tahun yang sama"):
            services.mph_add(actor=atasan, skp_id=atasan_skp.pk, member_skp_id=member.pk)

    assert mph_members(atasan_skp) == set()


def test_mph_add_by_someone_other_than_the_owner_is_refused(atasan_skp, pegawai_lain, skp):
    with pytest.raises(SkpError, match=MPH_REFUSED):
        services.mph_add(actor=pegawai_lain, skp_id=atasan_skp.pk, member_skp_id=skp.pk)

    assert mph_members(atasan_skp) == set()


def test_mph_add_of_a_pegawai_who_is_not_a_bawahan_waits_for_their_answer(
    atasan, atasan_skp, rhk_atasan, pegawai, instansi
):
    tim = SkpFactory(pegawai=UserFactory(unit_kerja=UnitKerjaFactory(instansi=instansi)))
    row = services.mph_add(actor=atasan, skp_id=atasan_skp.pk, member_skp_id=tim.pk)
    assert not row.diterima

    with pytest.raises(SkpError, match="belum menerima ajakan"):
        mph_tambah_rhk(atasan, atasan_skp, tim, rhk_atasan)
    assert not Rhk.objects.filter(skp=tim).exists()

    services.mph_respond(actor=tim.pegawai, row_id=row.pk, terima=True)
    rhk = mph_tambah_rhk(atasan, atasan_skp, tim, rhk_atasan)
    assert (rhk.skp, rhk.dibuat_oleh) == (tim, atasan)


def test_mph_add_of_ones_own_bawahan_needs_no_answer(atasan, atasan_skp, rhk_atasan, skp):
    row = services.mph_add(actor=atasan, skp_id=atasan_skp.pk, member_skp_id=skp.pk)
    assert row.diterima
    assert mph_tambah_rhk(atasan, atasan_skp, skp, rhk_atasan).skp == skp


def test_a_declined_mph_invitation_removes_the_row(atasan, atasan_skp, pegawai, instansi):
    tim = SkpFactory(pegawai=UserFactory(unit_kerja=UnitKerjaFactory(instansi=instansi)))
    row = services.mph_add(actor=atasan, skp_id=atasan_skp.pk, member_skp_id=tim.pk)

    assert services.mph_respond(actor=tim.pegawai, row_id=row.pk, terima=False) is None

    assert mph_members(atasan_skp) == set()


def test_only_the_invited_pegawai_answers_an_mph_invitation(atasan, atasan_skp, pegawai_lain, instansi):
    tim = SkpFactory(pegawai=UserFactory(unit_kerja=UnitKerjaFactory(instansi=instansi)))
    row = services.mph_add(actor=atasan, skp_id=atasan_skp.pk, member_skp_id=tim.pk)

    for someone in (atasan, pegawai_lain):
        with pytest.raises(SkpError, match="Hanya pegawai yang diajak"):
            services.mph_respond(actor=someone, row_id=row.pk, terima=True)

    row.refresh_from_db()
    assert not row.diterima


@pytest.fixture
def matriks(atasan, atasan_skp, rhk_atasan, skp):
    services.mph_sync(actor=atasan, skp_id=atasan_skp.pk)
    return atasan_skp


def mph_tambah_rhk(actor, penilai_skp, member, rhk_atasan, **kwargs):
    return services.mph_rhk_create(
        actor=actor,
        penilai_skp_id=penilai_skp.pk,
        member_skp_id=member.pk,
        rhk_atasan_id=rhk_atasan.pk,
        jenis="utama",
        teks=" Terlaksananya verifikasi berkas mutasi ",
        **kwargs,
    )


@pytest.mark.parametrize("status", [StatusSkp.DRAFT, StatusSkp.REVISI])
def test_mph_rhk_create_writes_a_linked_rhk_into_a_draft_or_revisi_member_skp(atasan, matriks, rhk_atasan, skp, status):
    set_status(skp, status)
    version = skp.version

    rhk = mph_tambah_rhk(atasan, matriks, skp, rhk_atasan)

    rhk.refresh_from_db()
    assert rhk.skp == skp
    assert rhk.rhk_atasan == rhk_atasan
    assert rhk.teks == "Terlaksananya verifikasi berkas mutasi"
    assert (rhk.jenis, rhk.klasifikasi, rhk.dibuat_oleh) == ("utama", "individu", atasan)
    skp.refresh_from_db()
    assert skp.version == version + 1


def test_mph_rhk_create_with_the_same_client_token_makes_one_row(atasan, matriks, rhk_atasan, skp):
    token = uuid.uuid4()

    first = mph_tambah_rhk(atasan, matriks, skp, rhk_atasan, client_token=token)
    second = mph_tambah_rhk(atasan, matriks, skp, rhk_atasan, client_token=token)

    assert first.pk == second.pk
    assert skp.rhk_list.count() == 1


@pytest.mark.parametrize("status", [StatusSkp.PENGAJUAN, StatusSkp.PERSETUJUAN])
def test_mph_rhk_create_is_refused_for_a_submitted_or_approved_member_skp(atasan, matriks, rhk_atasan, skp, status):
    set_status(skp, status)

    with pytest.raises(SkpError) as error:
        mph_tambah_rhk(atasan, matriks, skp, rhk_atasan)

    label = StatusSkp(status).label
    assert str(error.value) == (
        f"SKP Ani Pegawai berstatus {label}: RHK hanya dapat ditambahkan saat Draft atau Revisi."
    )
    assert not skp.rhk_list.exists()


def test_mph_rhk_create_is_refused_for_a_member_not_in_the_matrix(atasan, matriks, rhk_atasan, pegawai_lain):
    bukan_anggota = SkpFactory(pegawai=UserFactory(unit_kerja=pegawai_lain.unit_kerja))

    with pytest.raises(SkpError, match="Pegawai ini belum ada di Matriks Peran Hasil Anda"):
        mph_tambah_rhk(atasan, matriks, bukan_anggota, rhk_atasan)

    assert not bukan_anggota.rhk_list.exists()


def test_mph_rhk_create_is_refused_for_an_rhk_atasan_outside_the_matrix_owners_skp(atasan, matriks, skp, pegawai_lain):
    asing = RhkFactory(skp=SkpFactory(pegawai=pegawai_lain, status=StatusSkp.PERSETUJUAN))

    with pytest.raises(SkpError, match="RHK atasan harus dari SKP Anda sendiri"):
        mph_tambah_rhk(atasan, matriks, skp, asing)

    assert not skp.rhk_list.exists()


@pytest.mark.parametrize("actor_name", ["pegawai", "pegawai_lain"])
def test_mph_rhk_create_by_someone_other_than_the_matrix_owner_is_refused(
    matriks, rhk_atasan, skp, actor_name, request
):
    with pytest.raises(SkpError, match=MPH_REFUSED):
        mph_tambah_rhk(request.getfixturevalue(actor_name), matriks, skp, rhk_atasan)

    assert not skp.rhk_list.exists()


# --- audit (pghistory) ---------------------------------------------------------------------------------------


def labels(event_model, pk: int) -> list[str]:
    return list(event_model.objects.filter(pgh_obj_id=pk).order_by("pgh_id").values_list("pgh_label", flat=True))


def test_rhk_insert_update_and_delete_leave_audit_events(skp, pegawai):
    rhk = services.rhk_create(actor=pegawai, skp_id=skp.pk, jenis="utama", klasifikasi="individu", teks="Awal")
    services.rhk_update(
        actor=pegawai, rhk_id=rhk.pk, version=rhk.version, jenis="utama", klasifikasi="individu", teks="Akhir"
    )
    services.rhk_delete(actor=pegawai, rhk_id=rhk.pk)

    assert labels(RhkEvent, rhk.pk) == ["insert", "update", "delete"]
    assert list(RhkEvent.objects.filter(pgh_obj_id=rhk.pk).order_by("pgh_id").values_list("teks", flat=True)) == [
        "Awal",
        "Akhir",
        "Akhir",
    ]


def test_reordering_rhk_with_bulk_update_leaves_audit_events(skp, pegawai):
    a, b = RhkFactory(skp=skp, teks="A", urutan=1), RhkFactory(skp=skp, teks="B", urutan=2)

    services.rhk_move(actor=pegawai, rhk_id=b.pk, direction="naik")

    assert labels(RhkEvent, a.pk) == ["insert", "update"]
    assert labels(RhkEvent, b.pk) == ["insert", "update"]
    assert RhkEvent.objects.filter(pgh_obj_id=b.pk, pgh_label="update").get().urutan == 1


def test_salin_skp_bulk_inserts_leave_audit_events(pegawai):
    sumber = SkpFactory(
        pegawai=pegawai, periode_awal=datetime.date(YEAR - 1, 1, 1), periode_akhir=datetime.date(YEAR - 1, 12, 31)
    )
    complete_skp(sumber, rhk_count=2, indikator_per_rhk=2)

    baru = services.skp_create(
        actor=pegawai, periode_awal=JAN_1, periode_akhir=DEC_31, pendekatan="kuantitatif", salin_dari=sumber
    )

    copied_rhk = list(baru.rhk_list.values_list("pk", flat=True))
    copied_indikator = list(Indikator.objects.filter(rhk__skp=baru).values_list("pk", flat=True))
    copied_lampiran = list(baru.lampiran_list.values_list("pk", flat=True))
    assert (len(copied_rhk), len(copied_indikator), len(copied_lampiran)) == (2, 4, 3)
    assert RhkEvent.objects.filter(pgh_obj_id__in=copied_rhk, pgh_label="insert").count() == 2
    assert IndikatorEvent.objects.filter(pgh_obj_id__in=copied_indikator, pgh_label="insert").count() == 4
    assert LampiranItemEvent.objects.filter(pgh_obj_id__in=copied_lampiran, pgh_label="insert").count() == 3

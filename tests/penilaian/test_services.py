"""Penilaian services (docs/rules.md §5–§8; decisions 0007, 0008): periods, deadlines and unlocks, rencana aksi
with realisasi and bukti dukung, umpan balik, ratings and the computed predikat, Tetapkan and reopening, the
capaian organisasi and its kurva, and colleagues' feedback; each allowed, in the wrong state and by the wrong
actor. The clock is pinned with time-machine (to 10 February of YEAR unless a test moves it)."""

import datetime
import itertools
import uuid
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import UnitKerja
from penilaian import services
from penilaian.models import (
    AksiPeriode,
    BuktiDukung,
    CapaianUnit,
    FeedbackRekan,
    PeriodePenilaian,
    PeriodeStatusChange,
    RencanaAksi,
    SkemaPenilaian,
    StatusPeriode,
    UmpanBalik,
)
from penilaian.predikat import CapaianOrganisasi, Predikat, Rating, predikat
from penilaian.services import PenilaianError, StaleEdit
from skp import services as skp_services
from skp.models import PerilakuKerja, Rhk, Skp, StatusSkp
from skp.services import SkpError
from tests.conftest import jakarta
from tests.factories import (
    BatasWaktuFactory,
    CapaianUnitFactory,
    PeriodePenilaianFactory,
    RencanaAksiFactory,
    RhkFactory,
    SkemaPenilaianFactory,
    SkpFactory,
    UnitKerjaFactory,
    UserFactory,
    complete_skp,
    rencana_aksi_lengkap,
)

RencanaAksiEvent = apps.get_model("penilaian", "RencanaAksiEvent")

YEAR = 2026
JAN_1 = datetime.date(YEAR, 1, 1)
DEC_31 = datetime.date(YEAR, 12, 31)
TW1, TW2, TAHUNAN = f"{YEAR}-TW1", f"{YEAR}-TW2", f"{YEAR}-TAHUNAN"
TRIWULAN_II = {
    "kode": TW2,
    "nama": "Triwulan II",
    "mulai": datetime.date(YEAR, 4, 1),
    "selesai": datetime.date(YEAR, 6, 30),
}
SUDAH_DITETAPKAN = "sudah ditetapkan"
BUKAN_PENILAI = "Hanya pejabat penilai periode ini"


# The shared clock: inside Triwulan I of YEAR, well before its batas waktu (5 April).
pytestmark = pytest.mark.usefixtures("clock")


def approved_skp(pegawai, *, rhk_count: int = 2, awal=JAN_1, akhir=DEC_31, status=StatusSkp.PERSETUJUAN) -> Skp:
    skp = SkpFactory(pegawai=pegawai, status=status, periode_awal=awal, periode_akhir=akhir)
    return complete_skp(skp, rhk_count=rhk_count)


@pytest.fixture
def skp(pegawai):
    """An approved SKP of `pegawai` for the whole YEAR with two RHK; `atasan` is its penilai."""
    return approved_skp(pegawai)


@pytest.fixture
def periode(skp):
    """Triwulan I of `skp`, made by the factory so that the other services are tested apart from
    periode_create."""
    return PeriodePenilaianFactory(skp=skp)


@pytest.fixture
def rhk(skp):
    return skp.rhk_list.order_by("urutan").first()


@pytest.fixture
def isian(periode, pegawai, rhk):
    """Triwulan I with one rencana aksi and one bukti dukung, written in February."""
    ra = services.rencana_aksi_create(
        actor=pegawai, periode_id=periode.pk, rhk_id=rhk.pk, teks="Menyusun daftar usulan mutasi", satuan="dokumen"
    )
    bukti = services.bukti_dukung_create(
        actor=pegawai, rencana_aksi_id=ra.pk, nama="Daftar usulan", link="https://drive.example.go.id/usulan.pdf"
    )
    return SimpleNamespace(periode=periode, pegawai=pegawai, rhk=rhk, ra=ra, bukti=bukti)


@pytest.fixture
def kepala(instansi, atasan):
    """The atasan of the head of `unit`: `atasan` heads the unit (no superior inside it) and reports to the
    kepala dinas, who sits in the instansi's root unit."""
    root = UnitKerja.objects.get(instansi=instansi, parent__isnull=True)
    kepala = UserFactory(unit_kerja=root, nama="Kartika Kepala Dinas", jabatan="Kepala Dinas")
    atasan.atasan = kepala
    atasan.save()
    return kepala


@pytest.fixture
def periode_rekan(pegawai_lain):
    return PeriodePenilaianFactory(skp=approved_skp(pegawai_lain))


def fresh(obj):
    obj.refresh_from_db()
    return obj


def isian_state(periode) -> tuple:
    """Everything the pegawai's writes touch in a period, to show that a refused write left it alone."""
    ra = list(
        RencanaAksi.objects.filter(periode=periode)
        .order_by("pk")
        .values_list("pk", "teks", "target_angka", "satuan", "realisasi", "sumber_data", "version")
    )
    bukti = list(
        BuktiDukung.objects.filter(rencana_aksi__periode=periode).order_by("pk").values_list("pk", "nama", "link")
    )
    return ra, bukti


def beri_umpan_balik(periode, penilai, *, kecuali_rhk=(), kecuali_perilaku=()) -> None:
    """Umpan balik on every RHK row and every perilaku row of the period, except the ones named (after the
    pegawai has a rencana aksi for every RHK, without which no rating is possible)."""
    rencana_aksi_lengkap(periode)
    for rhk in periode.skp.rhk_list.all():
        if rhk.pk not in kecuali_rhk:
            services.umpan_balik_set(
                actor=penilai, periode_id=periode.pk, rhk_id=rhk.pk, teks="Sesuai rencana", polaritas="positif"
            )
    for perilaku in PerilakuKerja.objects.all():
        if perilaku.nomor not in kecuali_perilaku:
            services.umpan_balik_set(
                actor=penilai,
                periode_id=periode.pk,
                perilaku_nomor=perilaku.nomor,
                teks="Konsisten",
                polaritas="positif",
            )


def dinilai(periode, penilai, hasil_kerja=Rating.SESUAI, perilaku=Rating.SESUAI) -> PeriodePenilaian:
    beri_umpan_balik(periode, penilai)
    return services.rating_set(
        actor=penilai, periode_id=periode.pk, version=None, rating_hasil_kerja=hasil_kerja, rating_perilaku=perilaku
    )


def ditetapkan(periode, penilai) -> PeriodePenilaian:
    dinilai(periode, penilai)
    return services.periode_finalise(actor=penilai, periode_id=periode.pk, version=None)


def riwayat(periode) -> list[tuple[int, str, str]]:
    return list(PeriodeStatusChange.objects.filter(periode=periode).values_list("actor_id", "aksi", "catatan"))


# --- periode_create ---------------------------------------------------------------------------------------


def test_periode_create_on_an_approved_skp_takes_the_triwulan_of_the_default_scheme_and_snapshots_the_penilai(
    skp, pegawai, atasan, instansi
):
    assert not SkemaPenilaian.objects.filter(instansi=instansi).exists()

    periode = services.periode_create(actor=pegawai, skp_id=skp.pk, kode=TW1)

    assert not SkemaPenilaian.objects.filter(instansi=instansi).exists()  # the default is used, not written
    periode.refresh_from_db()
    assert (periode.kode, periode.nama, periode.mulai, periode.selesai) == (
        TW1,
        "Triwulan I",
        JAN_1,
        datetime.date(YEAR, 3, 31),
    )
    assert (periode.skp_id, periode.instansi_id, periode.status) == (skp.pk, instansi.pk, StatusPeriode.TERBUKA)
    assert periode.penilai_id == atasan.pk
    assert periode.penilai_snapshot["nama"] == "Budi Atasan"
    assert periode.penilai_snapshot["nip"] == atasan.nip
    assert periode.penilai_snapshot["jabatan"] == "Kepala Bidang Mutasi"
    assert periode.penilai_snapshot["unit_kerja"] == "Bidang Mutasi"
    assert (periode.rating_hasil_kerja, periode.rating_perilaku, periode.predikat) == ("", "", "")


def test_the_penilai_snapshot_of_a_period_does_not_follow_later_profile_changes(skp, pegawai, atasan):
    periode = services.periode_create(actor=pegawai, skp_id=skp.pk, kode=TW1)

    atasan.nama, atasan.jabatan = "Budi Berganti Nama", "Sekretaris Dinas"
    atasan.save()

    periode.refresh_from_db()
    assert periode.penilai_snapshot["nama"] == "Budi Atasan"
    assert periode.penilai_snapshot["jabatan"] == "Kepala Bidang Mutasi"


@pytest.mark.parametrize("status", [StatusSkp.DRAFT, StatusSkp.PENGAJUAN, StatusSkp.REVISI])
def test_periode_create_on_an_skp_not_in_persetujuan_is_refused(pegawai, status):
    skp = approved_skp(pegawai, status=status)

    with pytest.raises(PenilaianError, match="sudah disetujui"):
        services.periode_create(actor=pegawai, skp_id=skp.pk, kode=TW1)

    assert not PeriodePenilaian.objects.filter(skp=skp).exists()


@pytest.mark.parametrize("actor_name", ["pegawai_lain", "atasan", "admin_instansi"])
def test_periode_create_by_someone_other_than_the_owner_is_refused(skp, actor_name, request):
    actor = request.getfixturevalue(actor_name)

    with pytest.raises(PenilaianError, match="Hanya pemilik SKP"):
        services.periode_create(actor=actor, skp_id=skp.pk, kode=TW1)

    assert not PeriodePenilaian.objects.filter(skp=skp).exists()


@pytest.mark.parametrize(
    "kode",
    [
        TW1,  # ends before this SKP starts (1 April)
        f"{YEAR - 1}-TW4",  # another year
        f"{YEAR + 1}-TW2",
        f"{YEAR}-B05",  # a month, but the instansi works in Triwulan
        f"{YEAR}-S1",
        "sembarang",
    ],
)
def test_periode_create_with_a_kode_outside_the_skp_range_or_the_scheme_is_refused(pegawai, kode):
    skp = approved_skp(pegawai, awal=datetime.date(YEAR, 4, 1))

    with pytest.raises(PenilaianError, match="tidak tersedia"):
        services.periode_create(actor=pegawai, skp_id=skp.pk, kode=kode)

    assert not PeriodePenilaian.objects.filter(skp=skp).exists()


def test_periode_create_of_a_period_already_added_returns_the_same_row(skp, pegawai, periode):
    again = services.periode_create(actor=pegawai, skp_id=skp.pk, kode=TW1)

    assert again.pk == periode.pk
    assert PeriodePenilaian.objects.filter(skp=skp).count() == 1


def test_the_tahunan_period_is_offered_and_clipped_to_the_skp(pegawai):
    skp = approved_skp(pegawai, awal=datetime.date(YEAR, 2, 15))
    assert TAHUNAN in [p.kode for p in services.periode_choices(skp)]

    tahunan = services.periode_create(actor=pegawai, skp_id=skp.pk, kode=TAHUNAN)

    assert (tahunan.nama, tahunan.mulai, tahunan.selesai) == ("Tahunan", datetime.date(YEAR, 2, 15), DEC_31)


def test_an_skp_starting_mid_quarter_gets_a_triwulan_from_its_first_day(pegawai):
    skp = approved_skp(pegawai, awal=datetime.date(YEAR, 2, 15))

    periode = services.periode_create(actor=pegawai, skp_id=skp.pk, kode=TW1)

    assert (periode.mulai, periode.selesai) == (datetime.date(YEAR, 2, 15), datetime.date(YEAR, 3, 31))


def test_periode_pilihan_offers_the_default_triwulan_without_writing_a_scheme(skp, instansi):
    assert not SkemaPenilaian.objects.filter(instansi=instansi).exists()

    pilihan = services.periode_choices(skp)

    assert not SkemaPenilaian.objects.filter(instansi=instansi).exists()
    assert [(p.kode, p.nama) for p in pilihan] == [
        (TW1, "Triwulan I"),
        (TW2, "Triwulan II"),
        (f"{YEAR}-TW3", "Triwulan III"),
        (f"{YEAR}-TW4", "Triwulan IV"),
        (TAHUNAN, "Tahunan"),
    ]


def test_an_instansi_on_the_monthly_scheme_is_offered_months_and_the_tahunan(skp, instansi):
    SkemaPenilaianFactory(instansi=instansi, skema="bulanan")

    pilihan = services.periode_choices(skp)

    assert [p.kode for p in pilihan] == [f"{YEAR}-B{m:02d}" for m in range(1, 13)] + [TAHUNAN]
    assert (pilihan[2].nama, pilihan[2].mulai, pilihan[2].selesai) == (
        "Maret",
        datetime.date(YEAR, 3, 1),
        datetime.date(YEAR, 3, 31),
    )


def test_periode_create_on_the_monthly_scheme_adds_a_month_and_refuses_a_triwulan(skp, pegawai, instansi):
    SkemaPenilaianFactory(instansi=instansi, skema="bulanan")

    maret = services.periode_create(actor=pegawai, skp_id=skp.pk, kode=f"{YEAR}-B03")

    assert (maret.nama, maret.mulai, maret.selesai) == ("Maret", datetime.date(YEAR, 3, 1), datetime.date(YEAR, 3, 31))
    with pytest.raises(PenilaianError, match="tidak tersedia"):
        services.periode_create(actor=pegawai, skp_id=skp.pk, kode=TW1)


def test_periode_pilihan_leaves_out_the_periods_already_added(skp):
    PeriodePenilaianFactory(skp=skp, **TRIWULAN_II)
    PeriodePenilaianFactory(skp=skp, kode=TAHUNAN, nama="Tahunan", mulai=JAN_1, selesai=DEC_31)

    assert [p.kode for p in services.periode_choices(skp)] == [TW1, f"{YEAR}-TW3", f"{YEAR}-TW4"]


def test_periode_create_leaves_the_added_period_out_of_periode_pilihan(skp, pegawai):
    services.periode_create(actor=pegawai, skp_id=skp.pk, kode=TW2)

    assert TW2 not in [p.kode for p in services.periode_choices(skp)]


# --- batas waktu, buka kunci --------------------------------------------------------------------------------

# Each write of the pegawai, run against the `isian` of a test.
WRITES = {
    "rencana_aksi_create": lambda c: services.rencana_aksi_create(
        actor=c.pegawai, periode_id=c.periode.pk, rhk_id=c.rhk.pk, teks="Rencana baru", target_angka=3, satuan="SK"
    ),
    "rencana_aksi_update": lambda c: services.rencana_aksi_update(
        actor=c.pegawai, rencana_aksi_id=c.ra.pk, version=None, teks="Teks diubah", target_angka=5, satuan="dokumen"
    ),
    "realisasi_set": lambda c: services.realisasi_set(
        actor=c.pegawai, rencana_aksi_id=c.ra.pk, version=None, realisasi="30", sumber_data="Laporan"
    ),
    "rencana_aksi_delete": lambda c: services.rencana_aksi_delete(actor=c.pegawai, rencana_aksi_id=c.ra.pk),
    "bukti_dukung_create": lambda c: services.bukti_dukung_create(
        actor=c.pegawai, rencana_aksi_id=c.ra.pk, nama="Notulen", link="https://drive.example.go.id/notulen.pdf"
    ),
    "bukti_dukung_delete": lambda c: services.bukti_dukung_delete(actor=c.pegawai, bukti_id=c.bukti.pk),
}


def test_the_default_batas_waktu_is_five_days_after_the_period_ends(periode, skp):
    tahunan = PeriodePenilaianFactory(skp=skp, kode=TAHUNAN, nama="Tahunan", mulai=JAN_1, selesai=DEC_31)

    assert services.batas_waktu_of(periode) == datetime.date(YEAR, 4, 5)
    assert services.batas_waktu_of(tahunan) == datetime.date(YEAR + 1, 1, 5)


@pytest.mark.parametrize("write", WRITES)
def test_a_pegawai_write_is_allowed_on_the_last_evening_of_the_batas_waktu(isian, clock, write):
    before = isian_state(isian.periode)
    clock.move_to(jakarta(YEAR, 4, 5, 23, 30), tick=False)

    WRITES[write](isian)

    assert isian_state(isian.periode) != before


@pytest.mark.parametrize("write", WRITES)
def test_a_pegawai_write_the_day_after_the_batas_waktu_is_refused_naming_the_date(isian, clock, write):
    before = isian_state(isian.periode)
    # 00:30 in Jakarta is still 5 April in UTC: the deadline is counted on the local calendar.
    clock.move_to(jakarta(YEAR, 4, 6, 0, 30), tick=False)

    with pytest.raises(PenilaianError, match=r"sudah lewat \(05-04-2026\)"):
        WRITES[write](isian)

    assert isian_state(isian.periode) == before


def test_an_instansi_batas_waktu_later_than_the_default_keeps_the_period_open_until_then(
    isian, clock, instansi, instansi_lain
):
    BatasWaktuFactory(instansi=instansi, kode=TW1, batas_waktu=datetime.date(YEAR, 4, 20))
    BatasWaktuFactory(instansi=instansi_lain, kode=TW1, batas_waktu=datetime.date(YEAR, 3, 1))
    assert services.batas_waktu_of(isian.periode) == datetime.date(YEAR, 4, 20)

    clock.move_to(jakarta(YEAR, 4, 20, 22), tick=False)
    WRITES["realisasi_set"](isian)
    assert fresh(isian.ra).realisasi == "30"

    clock.move_to(jakarta(YEAR, 4, 21, 8), tick=False)
    with pytest.raises(PenilaianError, match=r"20-04-2026"):
        WRITES["rencana_aksi_create"](isian)


def test_an_instansi_batas_waktu_earlier_than_the_default_closes_the_period_sooner(isian, clock, instansi):
    BatasWaktuFactory(instansi=instansi, kode=TW1, batas_waktu=datetime.date(YEAR, 4, 1))
    before = isian_state(isian.periode)

    clock.move_to(jakarta(YEAR, 4, 2), tick=False)
    with pytest.raises(PenilaianError, match=r"01-04-2026"):
        WRITES["realisasi_set"](isian)

    assert isian_state(isian.periode) == before


@pytest.mark.parametrize("admin_name", ["admin_instansi", "superadmin"])
def test_buka_kunci_lets_the_pegawai_write_that_one_period_until_the_given_date_and_is_recorded(
    isian, periode_rekan, pegawai_lain, rhk, clock, admin_name, request
):
    admin = request.getfixturevalue(admin_name)
    clock.move_to(jakarta(YEAR, 4, 10), tick=False)
    with pytest.raises(PenilaianError, match="sudah lewat"):
        WRITES["rencana_aksi_create"](isian)

    services.periode_unlock(
        actor=admin, periode_id=isian.periode.pk, hingga=datetime.date(YEAR, 4, 15), alasan="Dirawat di rumah sakit"
    )

    assert fresh(isian.periode).dibuka_hingga == datetime.date(YEAR, 4, 15)
    assert services.batas_waktu_of(isian.periode) == datetime.date(YEAR, 4, 15)
    assert riwayat(isian.periode) == [
        (admin.pk, AksiPeriode.BUKA_BATAS_WAKTU, "Sampai 15-04-2026: Dirawat di rumah sakit")
    ]
    WRITES["rencana_aksi_create"](isian)
    clock.move_to(jakarta(YEAR, 4, 15, 23, 30), tick=False)
    WRITES["realisasi_set"](isian)
    assert RencanaAksi.objects.filter(periode=isian.periode).count() == 2
    assert fresh(isian.ra).realisasi == "30"

    # Only that period: a colleague's Triwulan I stays closed.
    rhk_rekan = periode_rekan.skp.rhk_list.first()
    with pytest.raises(PenilaianError, match=r"05-04-2026"):
        services.rencana_aksi_create(actor=pegawai_lain, periode_id=periode_rekan.pk, rhk_id=rhk_rekan.pk, teks="x")

    clock.move_to(jakarta(YEAR, 4, 16, 0, 30), tick=False)
    with pytest.raises(PenilaianError, match=r"sudah lewat \(15-04-2026\)"):
        WRITES["realisasi_set"](isian)


@pytest.mark.parametrize("alasan", ["", "   "])
def test_buka_kunci_without_a_reason_is_refused(periode, admin_instansi, clock, alasan):
    clock.move_to(jakarta(YEAR, 4, 10), tick=False)

    with pytest.raises(PenilaianError, match="alasan"):
        services.periode_unlock(
            actor=admin_instansi, periode_id=periode.pk, hingga=datetime.date(YEAR, 4, 15), alasan=alasan
        )

    assert fresh(periode).dibuka_hingga is None
    assert riwayat(periode) == []


def test_buka_kunci_until_a_date_in_the_past_is_refused_but_today_is_allowed(periode, admin_instansi, clock):
    clock.move_to(jakarta(YEAR, 4, 10), tick=False)

    with pytest.raises(PenilaianError, match="masa lalu"):
        services.periode_unlock(
            actor=admin_instansi, periode_id=periode.pk, hingga=datetime.date(YEAR, 4, 9), alasan="Terlambat"
        )
    assert fresh(periode).dibuka_hingga is None

    services.periode_unlock(
        actor=admin_instansi, periode_id=periode.pk, hingga=datetime.date(YEAR, 4, 10), alasan="Hari ini"
    )
    assert fresh(periode).dibuka_hingga == datetime.date(YEAR, 4, 10)


@pytest.mark.parametrize("actor_name", ["admin_lain", "pegawai", "atasan", "pegawai_lain"])
def test_buka_kunci_by_anyone_but_the_admin_of_the_instansi_is_refused(periode, clock, actor_name, request):
    actor = request.getfixturevalue(actor_name)
    clock.move_to(jakarta(YEAR, 4, 10), tick=False)

    with pytest.raises(PenilaianError, match="Hanya admin instansi"):
        services.periode_unlock(actor=actor, periode_id=periode.pk, hingga=datetime.date(YEAR, 4, 15), alasan="Tolong")

    assert fresh(periode).dibuka_hingga is None
    assert riwayat(periode) == []


@pytest.mark.parametrize("write", WRITES)
def test_after_tetapkan_every_write_of_the_pegawai_is_refused(isian, atasan, write):
    ditetapkan(isian.periode, atasan)
    before = isian_state(isian.periode)

    with pytest.raises(PenilaianError, match=SUDAH_DITETAPKAN):
        WRITES[write](isian)

    assert isian_state(isian.periode) == before


# --- rencana aksi ------------------------------------------------------------------------------------------


def test_rencana_aksi_create_stores_its_own_target_and_realisasi_set_its_sumber_data(periode, pegawai, rhk):
    version = periode.version

    first = services.rencana_aksi_create(
        actor=pegawai, periode_id=periode.pk, rhk_id=rhk.pk, teks="  Menyusun SK mutasi  ", target_angka=12, satuan="SK"
    )
    second = services.rencana_aksi_create(actor=pegawai, periode_id=periode.pk, rhk_id=rhk.pk, teks="Verifikasi")
    services.realisasi_set(
        actor=pegawai, rencana_aksi_id=first.pk, version=first.version, realisasi="30", sumber_data="Laporan"
    )

    first.refresh_from_db()
    assert (first.teks, first.target_angka, first.satuan, first.rhk_id) == ("Menyusun SK mutasi", 12, "SK", rhk.pk)
    assert (first.realisasi, first.sumber_data, first.version) == ("30", "Laporan", 2)
    assert (first.urutan, second.urutan) == (1, 2)
    assert first.instansi_id == periode.instansi_id
    assert fresh(periode).version == version + 3


def test_rencana_aksi_create_for_an_rhk_of_another_skp_is_refused(periode, pegawai, pegawai_lain):
    rhk_lain = RhkFactory(skp=approved_skp(pegawai_lain, rhk_count=0))

    with pytest.raises(PenilaianError, match="bukan bagian dari SKP"):
        services.rencana_aksi_create(actor=pegawai, periode_id=periode.pk, rhk_id=rhk_lain.pk, teks="Menumpang")

    assert not RencanaAksi.objects.exists()


@pytest.mark.parametrize("actor_name", ["pegawai_lain", "atasan", "admin_instansi"])
def test_rencana_aksi_writes_by_anyone_but_the_owner_are_refused(isian, actor_name, request):
    isian.pegawai = request.getfixturevalue(actor_name)
    before = isian_state(isian.periode)

    for write in WRITES.values():
        with pytest.raises(PenilaianError, match="Hanya pegawai pemilik SKP"):
            write(isian)

    assert isian_state(isian.periode) == before


def test_a_double_submit_with_the_same_client_token_makes_one_rencana_aksi(periode, pegawai, rhk):
    token = uuid.uuid4()

    first = services.rencana_aksi_create(
        actor=pegawai, periode_id=periode.pk, rhk_id=rhk.pk, teks="Sekali saja", client_token=token
    )
    second = services.rencana_aksi_create(
        actor=pegawai, periode_id=periode.pk, rhk_id=rhk.pk, teks="Sekali saja", client_token=token
    )

    assert first.pk == second.pk
    assert RencanaAksi.objects.filter(periode=periode).count() == 1


@pytest.mark.parametrize(
    "write",
    [
        lambda c, v: services.rencana_aksi_update(
            actor=c.pegawai, rencana_aksi_id=c.ra.pk, version=v, teks="Dari tab lama", satuan="x"
        ),
        lambda c, v: services.realisasi_set(
            actor=c.pegawai, rencana_aksi_id=c.ra.pk, version=v, realisasi="99", sumber_data="Tab lama"
        ),
        lambda c, v: services.rencana_aksi_delete(actor=c.pegawai, rencana_aksi_id=c.ra.pk, version=v),
    ],
    ids=["rencana_aksi_update", "realisasi_set", "rencana_aksi_delete"],
)
def test_a_rencana_aksi_write_with_a_stale_version_is_refused_and_changes_nothing(isian, write):
    loaded = isian.ra.version
    services.realisasi_set(
        actor=isian.pegawai, rencana_aksi_id=isian.ra.pk, version=loaded, realisasi="10", sumber_data="Rekap"
    )
    before = isian_state(isian.periode)

    with pytest.raises(StaleEdit) as error:
        write(isian, loaded)

    assert error.value.current_version == loaded + 1
    assert isian_state(isian.periode) == before


def test_rhk_tanpa_rencana_aksi_lists_the_rhk_without_one_in_this_period(skp, periode, pegawai):
    rhk_1, rhk_2 = skp.rhk_list.order_by("urutan")
    assert services.rhk_tanpa_rencana_aksi(periode) == [rhk_1, rhk_2]

    services.rencana_aksi_create(actor=pegawai, periode_id=periode.pk, rhk_id=rhk_1.pk, teks="Satu")
    tw2 = PeriodePenilaianFactory(skp=skp, **TRIWULAN_II)
    services.rencana_aksi_create(actor=pegawai, periode_id=tw2.pk, rhk_id=rhk_2.pk, teks="Di triwulan lain")

    assert services.rhk_tanpa_rencana_aksi(periode) == [rhk_2]
    assert services.rhk_tanpa_rencana_aksi(tw2) == [rhk_1]

    services.rencana_aksi_create(actor=pegawai, periode_id=periode.pk, rhk_id=rhk_2.pk, teks="Dua")
    assert services.rhk_tanpa_rencana_aksi(periode) == []


def test_a_rencana_aksi_insert_leaves_an_audit_event(periode, pegawai, rhk):
    ra = services.rencana_aksi_create(actor=pegawai, periode_id=periode.pk, rhk_id=rhk.pk, teks="Tercatat")

    events = RencanaAksiEvent.objects.filter(pgh_obj_id=ra.pk)
    assert list(events.values_list("pgh_label", "teks", "periode_id")) == [("insert", "Tercatat", periode.pk)]


# --- bukti dukung --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "link", ["http://intranet.example.go.id/laporan.pdf", "https://drive.example.go.id/file/d/abc?usp=sharing"]
)
def test_bukti_dukung_with_an_http_or_https_link_is_accepted(isian, link):
    bukti = services.bukti_dukung_create(actor=isian.pegawai, rencana_aksi_id=isian.ra.pk, nama="Laporan", link=link)

    bukti.refresh_from_db()
    assert (bukti.nama, bukti.link, bukti.rencana_aksi_id) == ("Laporan", link, isian.ra.pk)
    assert isian.ra.bukti_list.count() == 2


def test_bukti_dukung_with_an_uppercase_scheme_is_stored_with_a_lowercase_one(isian):
    # URL schemes are case-insensitive (RFC 3986 §3.1); the service already accepts "HTTPS://", so it must
    # store it in a form the bukti_http_only constraint accepts rather than fail with an IntegrityError.
    bukti = services.bukti_dukung_create(
        actor=isian.pegawai, rencana_aksi_id=isian.ra.pk, nama="Foto", link="HTTPS://drive.example.go.id/Foto.JPG"
    )

    assert fresh(bukti).link == "https://drive.example.go.id/Foto.JPG"


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(document.cookie)",
        "JavaScript:alert(1)",
        "ftp://files.example.go.id/laporan.pdf",
        "file:///etc/passwd",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
        "drive.example.go.id/laporan.pdf",
        "",
    ],
)
def test_bukti_dukung_with_any_other_link_is_refused_on_the_link_field(isian, link):
    before = isian_state(isian.periode)

    with pytest.raises(ValidationError) as error:
        services.bukti_dukung_create(actor=isian.pegawai, rencana_aksi_id=isian.ra.pk, nama="Jahat", link=link)

    assert list(error.value.message_dict) == ["link"]
    assert isian_state(isian.periode) == before


@pytest.mark.parametrize("link", ["javascript:alert(1)", "ftp://files.example.go.id/a.pdf", "HTTPS://x.go.id"])
def test_the_database_refuses_a_bukti_dukung_link_that_is_not_http(isian, link):
    with pytest.raises(IntegrityError), transaction.atomic():
        BuktiDukung.objects.create(instansi=isian.periode.instansi, rencana_aksi=isian.ra, nama="Jahat", link=link)


def test_bukti_dukung_delete_removes_only_that_bukti(isian):
    other = WRITES["bukti_dukung_create"](isian)

    services.bukti_dukung_delete(actor=isian.pegawai, bukti_id=isian.bukti.pk)

    assert list(isian.ra.bukti_list.values_list("pk", flat=True)) == [other.pk]


# --- umpan balik and ratings -----------------------------------------------------------------------------------


def test_the_penilai_gives_umpan_balik_on_an_rhk_row_and_a_perilaku_row(periode, atasan, rhk):
    on_rhk = services.umpan_balik_set(
        actor=atasan, periode_id=periode.pk, rhk_id=rhk.pk, teks=" Target tercapai ", polaritas="positif"
    )
    on_perilaku = services.umpan_balik_set(
        actor=atasan, periode_id=periode.pk, perilaku_nomor=2, teks="Sering terlambat", polaritas="negatif"
    )

    assert (fresh(on_rhk).rhk_id, on_rhk.perilaku_id, on_rhk.teks, on_rhk.polaritas, on_rhk.oleh_id) == (
        rhk.pk,
        None,
        "Target tercapai",
        "positif",
        atasan.pk,
    )
    assert (fresh(on_perilaku).perilaku_id, on_perilaku.rhk_id, on_perilaku.polaritas) == (2, None, "negatif")


@pytest.mark.parametrize("actor_name", ["pegawai", "pegawai_lain", "admin_instansi", "superadmin"])
def test_umpan_balik_by_anyone_but_the_penilai_of_the_period_is_refused(periode, rhk, actor_name, request):
    actor = request.getfixturevalue(actor_name)

    with pytest.raises(PenilaianError, match=BUKAN_PENILAI):
        services.umpan_balik_set(actor=actor, periode_id=periode.pk, rhk_id=rhk.pk, teks="Bagus", polaritas="positif")
    with pytest.raises(PenilaianError, match=BUKAN_PENILAI):
        services.umpan_balik_set(actor=actor, periode_id=periode.pk, perilaku_nomor=1, teks="Baik", polaritas="positif")

    assert not UmpanBalik.objects.exists()


@pytest.mark.parametrize("row", [{"rhk": True}, {"perilaku_nomor": 3}], ids=["rhk", "perilaku"])
def test_a_second_umpan_balik_on_a_row_updates_it_with_a_version_check(periode, atasan, rhk, row):
    key = {"rhk_id": rhk.pk} if "rhk" in row else row
    first = services.umpan_balik_set(actor=atasan, periode_id=periode.pk, teks="Awal", polaritas="positif", **key)

    second = services.umpan_balik_set(
        actor=atasan, periode_id=periode.pk, teks="Diperbaiki", polaritas="negatif", version=first.version, **key
    )

    assert second.pk == first.pk
    assert UmpanBalik.objects.filter(periode=periode).count() == 1
    assert (fresh(second).teks, second.polaritas, second.version) == ("Diperbaiki", "negatif", first.version + 1)
    with pytest.raises(StaleEdit):
        services.umpan_balik_set(
            actor=atasan, periode_id=periode.pk, teks="Dari tab lama", polaritas="positif", version=first.version, **key
        )
    assert (fresh(second).teks, second.polaritas) == ("Diperbaiki", "negatif")


def test_umpan_balik_on_an_rhk_of_another_skp_or_an_unknown_perilaku_is_refused(periode, atasan, pegawai_lain):
    rhk_lain = RhkFactory(skp=approved_skp(pegawai_lain, rhk_count=0))

    with pytest.raises(PenilaianError, match="bukan bagian dari SKP"):
        services.umpan_balik_set(actor=atasan, periode_id=periode.pk, rhk_id=rhk_lain.pk, teks="x", polaritas="positif")
    with pytest.raises(PenilaianError, match="tidak dikenal"):
        services.umpan_balik_set(actor=atasan, periode_id=periode.pk, perilaku_nomor=8, teks="x", polaritas="positif")

    assert not UmpanBalik.objects.exists()


def test_umpan_balik_needs_a_polarity_and_exactly_one_row(periode, atasan, rhk):
    with pytest.raises(PenilaianError, match="positif atau"):
        services.umpan_balik_set(actor=atasan, periode_id=periode.pk, rhk_id=rhk.pk, teks="x", polaritas="netral")
    with pytest.raises(PenilaianError, match="satu baris"):
        services.umpan_balik_set(
            actor=atasan, periode_id=periode.pk, rhk_id=rhk.pk, perilaku_nomor=1, teks="x", polaritas="positif"
        )
    with pytest.raises(PenilaianError, match="satu baris"):
        services.umpan_balik_set(actor=atasan, periode_id=periode.pk, teks="x", polaritas="positif")

    assert not UmpanBalik.objects.exists()


def test_rating_set_is_refused_while_a_perilaku_row_has_no_umpan_balik_and_names_it(periode, atasan):
    beri_umpan_balik(periode, atasan, kecuali_perilaku=(4, 7))

    with pytest.raises(PenilaianError) as error:
        services.rating_set(
            actor=atasan, periode_id=periode.pk, version=None, rating_hasil_kerja="sesuai", rating_perilaku="sesuai"
        )

    message = str(error.value)
    assert "Berikan Umpan Balik pada setiap baris" in message
    assert "• Perilaku Harmonis" in message and "• Perilaku Kolaboratif" in message
    assert "Akuntabel" not in message and "RHK" not in message
    assert (fresh(periode).rating_hasil_kerja, periode.predikat) == ("", "")


def test_rating_set_is_refused_while_an_rhk_row_has_no_umpan_balik_and_names_it(skp, periode, atasan):
    rhk_1, rhk_2 = skp.rhk_list.order_by("urutan")
    beri_umpan_balik(periode, atasan, kecuali_rhk=(rhk_2.pk,))

    with pytest.raises(PenilaianError) as error:
        services.rating_set(
            actor=atasan, periode_id=periode.pk, version=None, rating_hasil_kerja="sesuai", rating_perilaku="sesuai"
        )

    message = str(error.value)
    assert f"• RHK “{rhk_2.teks[:60]}”" in message
    assert rhk_1.teks not in message and "Perilaku" not in message
    assert (fresh(periode).rating_hasil_kerja, periode.predikat) == ("", "")


def test_baris_tanpa_umpan_balik_is_empty_once_every_row_has_feedback(periode, atasan):
    assert len(services.missing_for_rating(periode)) == 2 + 7

    beri_umpan_balik(periode, atasan)

    assert services.missing_for_rating(periode) == []


@pytest.mark.parametrize(("hasil_kerja", "perilaku"), list(itertools.product(Rating, Rating)))
def test_rating_set_after_feedback_on_every_row_stores_the_predikat_of_the_matrix(
    periode, atasan, hasil_kerja, perilaku
):
    beri_umpan_balik(periode, atasan)
    version = fresh(periode).version

    services.rating_set(
        actor=atasan, periode_id=periode.pk, version=version, rating_hasil_kerja=hasil_kerja, rating_perilaku=perilaku
    )

    periode.refresh_from_db()
    assert (periode.rating_hasil_kerja, periode.rating_perilaku) == (hasil_kerja, perilaku)
    assert periode.predikat == predikat(hasil_kerja, perilaku)
    assert periode.version == version + 1


def test_the_predikat_table_of_the_spec_is_what_rating_set_stores(periode, atasan):
    # docs/rules.md §7.7, written out, so that a wrong matrix in predikat.py cannot pass through the test above.
    expected = {
        ("diatas", "dibawah"): Predikat.KURANG,
        ("diatas", "sesuai"): Predikat.BAIK,
        ("diatas", "diatas"): Predikat.SANGAT_BAIK,
        ("sesuai", "dibawah"): Predikat.KURANG,
        ("sesuai", "sesuai"): Predikat.BAIK,
        ("sesuai", "diatas"): Predikat.BAIK,
        ("dibawah", "dibawah"): Predikat.SANGAT_KURANG,
        ("dibawah", "sesuai"): Predikat.BUTUH_PERBAIKAN,
        ("dibawah", "diatas"): Predikat.BUTUH_PERBAIKAN,
    }
    beri_umpan_balik(periode, atasan)
    for (hasil_kerja, perilaku), want in expected.items():
        services.rating_set(
            actor=atasan, periode_id=periode.pk, version=None, rating_hasil_kerja=hasil_kerja, rating_perilaku=perilaku
        )
        assert fresh(periode).predikat == want, (hasil_kerja, perilaku)


@pytest.mark.parametrize("actor_name", ["pegawai", "pegawai_lain", "admin_instansi"])
def test_rating_set_by_anyone_but_the_penilai_is_refused(periode, atasan, actor_name, request):
    beri_umpan_balik(periode, atasan)

    with pytest.raises(PenilaianError, match=BUKAN_PENILAI):
        services.rating_set(
            actor=request.getfixturevalue(actor_name),
            periode_id=periode.pk,
            version=None,
            rating_hasil_kerja="diatas",
            rating_perilaku="diatas",
        )

    assert fresh(periode).predikat == ""


def test_rating_set_with_a_stale_version_or_an_unknown_rating_is_refused(periode, atasan, rhk):
    beri_umpan_balik(periode, atasan)
    loaded = fresh(periode).version
    services.umpan_balik_set(actor=atasan, periode_id=periode.pk, rhk_id=rhk.pk, teks="Lagi", polaritas="positif")

    with pytest.raises(StaleEdit):
        services.rating_set(
            actor=atasan, periode_id=periode.pk, version=loaded, rating_hasil_kerja="diatas", rating_perilaku="diatas"
        )
    with pytest.raises(PenilaianError, match="Pilih Rating"):
        services.rating_set(
            actor=atasan, periode_id=periode.pk, version=None, rating_hasil_kerja="luar_biasa", rating_perilaku="sesuai"
        )

    assert fresh(periode).predikat == ""


@pytest.mark.parametrize(
    ("capaian", "rating_hasil_kerja"),
    [
        (CapaianOrganisasi.ISTIMEWA, Rating.DIATAS),
        (CapaianOrganisasi.BAIK, Rating.SESUAI),
        (CapaianOrganisasi.BUTUH_PERBAIKAN, Rating.DIBAWAH),
        (CapaianOrganisasi.KURANG, Rating.DIBAWAH),
        (CapaianOrganisasi.SANGAT_KURANG, Rating.DIBAWAH),
    ],
)
def test_the_capaian_of_the_unit_is_the_rating_hasil_kerja_of_its_head(
    atasan, kepala, unit, capaian, rating_hasil_kerja
):
    skp_kepala_bidang = approved_skp(atasan)
    assert skp_kepala_bidang.penilai_id == kepala.pk
    periode = PeriodePenilaianFactory(skp=skp_kepala_bidang)
    services.capaian_set(actor=kepala, unit_kerja=unit, kode=TW1, capaian=capaian)
    beri_umpan_balik(periode, kepala)
    chosen = Rating.SESUAI if rating_hasil_kerja != Rating.SESUAI else Rating.DIATAS

    services.rating_set(
        actor=kepala, periode_id=periode.pk, version=None, rating_hasil_kerja=chosen, rating_perilaku=Rating.SESUAI
    )

    periode.refresh_from_db()
    assert periode.rating_hasil_kerja == rating_hasil_kerja
    assert periode.predikat == predikat(rating_hasil_kerja, Rating.SESUAI)


def test_the_capaian_of_the_unit_does_not_override_the_rating_of_a_pegawai_who_is_not_its_head(
    periode, atasan, kepala, unit
):
    services.capaian_set(actor=kepala, unit_kerja=unit, kode=TW1, capaian=CapaianOrganisasi.SANGAT_KURANG)

    dinilai(periode, atasan, hasil_kerja=Rating.DIATAS, perilaku=Rating.DIATAS)

    periode.refresh_from_db()
    assert (periode.rating_hasil_kerja, periode.predikat) == (Rating.DIATAS, Predikat.SANGAT_BAIK)


# --- tetapkan, buka kembali ------------------------------------------------------------------------------------


def test_tetapkan_finalises_the_rated_period_and_records_it(periode, atasan):
    dinilai(periode, atasan)
    version = fresh(periode).version

    services.periode_finalise(actor=atasan, periode_id=periode.pk, version=version)

    periode.refresh_from_db()
    assert (periode.status, periode.version) == (StatusPeriode.DITETAPKAN, version + 1)
    assert riwayat(periode) == [(atasan.pk, AksiPeriode.TETAPKAN, "")]


def test_tetapkan_without_ratings_is_refused(periode, atasan):
    beri_umpan_balik(periode, atasan)

    with pytest.raises(PenilaianError, match="sebelum Tetapkan"):
        services.periode_finalise(actor=atasan, periode_id=periode.pk, version=None)

    assert fresh(periode).status == StatusPeriode.TERBUKA
    assert riwayat(periode) == []


@pytest.mark.parametrize("actor_name", ["pegawai", "pegawai_lain", "admin_instansi", "superadmin"])
def test_tetapkan_by_anyone_but_the_penilai_is_refused(periode, atasan, actor_name, request):
    dinilai(periode, atasan)

    with pytest.raises(PenilaianError, match=BUKAN_PENILAI):
        services.periode_finalise(actor=request.getfixturevalue(actor_name), periode_id=periode.pk, version=None)

    assert fresh(periode).status == StatusPeriode.TERBUKA
    assert riwayat(periode) == []


def test_tetapkan_with_a_stale_version_is_refused(periode, atasan):
    beri_umpan_balik(periode, atasan)
    loaded = fresh(periode).version
    services.rating_set(
        actor=atasan, periode_id=periode.pk, version=loaded, rating_hasil_kerja="sesuai", rating_perilaku="sesuai"
    )

    with pytest.raises(StaleEdit):
        services.periode_finalise(actor=atasan, periode_id=periode.pk, version=loaded)

    assert fresh(periode).status == StatusPeriode.TERBUKA


def test_a_double_click_on_tetapkan_records_it_once(periode, atasan):
    dinilai(periode, atasan)
    loaded = fresh(periode).version
    services.periode_finalise(actor=atasan, periode_id=periode.pk, version=loaded)
    after_first = fresh(periode).version

    again = services.periode_finalise(actor=atasan, periode_id=periode.pk, version=loaded)

    assert again.status == StatusPeriode.DITETAPKAN
    assert fresh(periode).version == after_first
    assert riwayat(periode) == [(atasan.pk, AksiPeriode.TETAPKAN, "")]


def test_after_tetapkan_umpan_balik_and_rating_are_refused(periode, atasan, rhk):
    ditetapkan(periode, atasan)
    feedback_before = list(UmpanBalik.objects.filter(periode=periode).values_list("pk", "teks", "version"))

    with pytest.raises(PenilaianError, match=SUDAH_DITETAPKAN):
        services.umpan_balik_set(actor=atasan, periode_id=periode.pk, rhk_id=rhk.pk, teks="Ubah", polaritas="negatif")
    with pytest.raises(PenilaianError, match=SUDAH_DITETAPKAN):
        services.rating_set(
            actor=atasan, periode_id=periode.pk, version=None, rating_hasil_kerja="dibawah", rating_perilaku="dibawah"
        )

    periode.refresh_from_db()
    assert (periode.rating_hasil_kerja, periode.rating_perilaku, periode.predikat) == ("sesuai", "sesuai", "baik")
    assert list(UmpanBalik.objects.filter(periode=periode).values_list("pk", "teks", "version")) == feedback_before


@pytest.mark.parametrize("actor_name", ["atasan", "admin_instansi", "superadmin"])
def test_buka_kembali_by_the_penilai_or_an_admin_reopens_with_a_recorded_note(
    periode, atasan, rhk, actor_name, request
):
    actor = request.getfixturevalue(actor_name)
    ditetapkan(periode, atasan)

    services.periode_reopen(actor=actor, periode_id=periode.pk, catatan="  Salah memilih rating  ")

    assert fresh(periode).status == StatusPeriode.TERBUKA
    assert riwayat(periode)[-1] == (actor.pk, AksiPeriode.BUKA_KEMBALI, "Salah memilih rating")
    services.rating_set(
        actor=atasan, periode_id=periode.pk, version=None, rating_hasil_kerja="diatas", rating_perilaku="diatas"
    )
    assert fresh(periode).predikat == Predikat.SANGAT_BAIK


@pytest.mark.parametrize("catatan", ["", "  \n "])
def test_buka_kembali_without_a_note_is_refused(periode, atasan, catatan):
    ditetapkan(periode, atasan)

    with pytest.raises(PenilaianError, match="alasan"):
        services.periode_reopen(actor=atasan, periode_id=periode.pk, catatan=catatan)

    assert fresh(periode).status == StatusPeriode.DITETAPKAN
    assert len(riwayat(periode)) == 1


@pytest.mark.parametrize("actor_name", ["pegawai", "pegawai_lain", "admin_lain"])
def test_buka_kembali_by_the_pegawai_a_peer_or_another_instansis_admin_is_refused(periode, atasan, actor_name, request):
    ditetapkan(periode, atasan)

    with pytest.raises(PenilaianError, match="Hanya pejabat penilai atau admin"):
        services.periode_reopen(actor=request.getfixturevalue(actor_name), periode_id=periode.pk, catatan="Tolong")

    assert fresh(periode).status == StatusPeriode.DITETAPKAN


def test_buka_kembali_of_a_period_not_ditetapkan_is_refused(periode, atasan):
    dinilai(periode, atasan)

    with pytest.raises(PenilaianError, match="belum ditetapkan"):
        services.periode_reopen(actor=atasan, periode_id=periode.pk, catatan="Buka")

    assert riwayat(periode) == []


def test_an_skp_with_a_ditetapkan_period_cannot_be_reopened_until_the_period_is_reopened(skp, periode, atasan):
    ditetapkan(periode, atasan)

    with pytest.raises(SkpError, match="sudah ada periode penilaian yang ditetapkan"):
        skp_services.skp_set_status(
            actor=atasan, skp_id=skp.pk, version=None, status=StatusSkp.REVISI, catatan="Target perlu diubah"
        )
    assert fresh(skp).status == StatusSkp.PERSETUJUAN

    services.periode_reopen(actor=atasan, periode_id=periode.pk, catatan="SKP perlu direvisi")
    skp_services.skp_set_status(
        actor=atasan, skp_id=skp.pk, version=None, status=StatusSkp.REVISI, catatan="Target perlu diubah"
    )
    assert fresh(skp).status == StatusSkp.REVISI


def test_the_skp_stays_locked_while_any_of_its_periods_is_ditetapkan(skp, periode, atasan):
    tw2 = PeriodePenilaianFactory(skp=skp, **TRIWULAN_II)
    ditetapkan(periode, atasan)
    ditetapkan(tw2, atasan)
    assert fresh(skp).penilaian_final

    services.periode_reopen(actor=atasan, periode_id=periode.pk, catatan="Rating salah")
    assert fresh(skp).penilaian_final  # Triwulan II is still final
    with pytest.raises(SkpError, match="sudah ada periode penilaian yang ditetapkan"):
        skp_services.skp_set_status(actor=atasan, skp_id=skp.pk, version=None, status=StatusSkp.REVISI, catatan="X")

    services.periode_reopen(actor=atasan, periode_id=tw2.pk, catatan="Rating salah")
    assert not fresh(skp).penilaian_final


# --- kurva ---------------------------------------------------------------------------------------------------


def predikat_di_unit(unit, atasan, *values, kode=TW1) -> list[PeriodePenilaian]:
    """One pegawai of `unit` per predikat given, each with a period `kode` carrying that predikat."""
    return [
        PeriodePenilaianFactory(
            skp__pegawai=UserFactory(unit_kerja=unit, atasan=atasan), kode=kode, predikat=value, penilai=atasan
        )
        for value in values
    ]


def test_kurva_warnings_list_the_broken_rules_of_the_units_capaian(unit, atasan, admin_instansi):
    services.capaian_set(actor=admin_instansi, unit_kerja=unit, kode=TW1, capaian=CapaianOrganisasi.BAIK)
    first, *_ = predikat_di_unit(unit, atasan, Predikat.BAIK, Predikat.BAIK, Predikat.BAIK)

    warnings = services.kurva_warnings(first)

    assert [w.rule for w in warnings] == [
        "Baik paling banyak 70 %",
        "Paling sedikit satu Butuh Perbaikan dan/atau Kurang/Misconduct",
    ]
    assert not any(w.kept for w in warnings)
    assert warnings[0].detail.startswith("3 dari 3 pegawai (100 %)")


def test_kurva_warnings_are_empty_when_the_rules_are_kept_and_count_only_this_unit_and_period(
    unit, atasan, admin_instansi, instansi
):
    services.capaian_set(actor=admin_instansi, unit_kerja=unit, kode=TW1, capaian=CapaianOrganisasi.ISTIMEWA)
    first, *_ = predikat_di_unit(unit, atasan, Predikat.SANGAT_BAIK, Predikat.SANGAT_BAIK, Predikat.BAIK)
    predikat_di_unit(unit, atasan, "")  # not rated yet: not counted
    # A third Sangat Baik would break "paling banyak 70 %" (3 of 4) if it were counted.
    predikat_di_unit(unit, atasan, Predikat.SANGAT_BAIK, kode=TW2)
    predikat_di_unit(UnitKerjaFactory(instansi=instansi), None, Predikat.SANGAT_BAIK)

    assert services.kurva_warnings(first) == []

    predikat_di_unit(unit, atasan, Predikat.SANGAT_BAIK)
    assert [w.rule for w in services.kurva_warnings(first)] == ["Sangat Baik paling banyak 70 %"]


def test_kurva_warnings_without_a_capaian_for_the_unit_are_empty(unit, atasan, kepala, instansi):
    first, *_ = predikat_di_unit(unit, atasan, Predikat.SANGAT_BAIK, Predikat.SANGAT_BAIK)
    # A capaian of another period or another unit does not apply.
    services.capaian_set(actor=kepala, unit_kerja=unit, kode=TW2, capaian=CapaianOrganisasi.SANGAT_KURANG)
    other_unit = UnitKerjaFactory(instansi=instansi)
    CapaianUnitFactory(unit_kerja=other_unit, kode=TW1, capaian=CapaianOrganisasi.SANGAT_KURANG, oleh=kepala)

    assert services.kurva_warnings(first) == []


# --- capaian organisasi ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("actor_name", ["kepala", "admin_instansi", "superadmin"])
def test_capaian_set_by_the_atasan_of_the_units_head_or_an_admin(unit, instansi, actor_name, request):
    actor = request.getfixturevalue(actor_name)

    item = services.capaian_set(actor=actor, unit_kerja=unit, kode=TW1, capaian=CapaianOrganisasi.BAIK)

    item.refresh_from_db()
    assert (item.unit_kerja_id, item.kode, item.capaian, item.oleh_id, item.instansi_id) == (
        unit.pk,
        TW1,
        "baik",
        actor.pk,
        instansi.pk,
    )


@pytest.mark.parametrize("actor_name", ["atasan", "pegawai", "pegawai_lain", "admin_lain"])
def test_capaian_set_by_the_head_themself_a_pegawai_or_another_instansis_admin_is_refused(
    unit, kepala, pegawai, pegawai_lain, actor_name, request
):
    # `atasan` heads the unit and is the atasan of `pegawai` and `pegawai_lain`, who work inside it: being
    # someone's atasan in the unit does not make one the atasan of its head.
    with pytest.raises(PenilaianError, match="atasan pimpinan unit atau admin"):
        services.capaian_set(
            actor=request.getfixturevalue(actor_name), unit_kerja=unit, kode=TW1, capaian=CapaianOrganisasi.ISTIMEWA
        )

    assert not CapaianUnit.objects.exists()


def test_capaian_set_with_an_unknown_value_is_refused(unit, kepala):
    with pytest.raises(PenilaianError, match="Pilih capaian"):
        services.capaian_set(actor=kepala, unit_kerja=unit, kode=TW1, capaian="luar_biasa")

    assert not CapaianUnit.objects.exists()


def test_a_second_capaian_set_updates_the_units_capaian(unit, kepala, admin_instansi):
    first = services.capaian_set(actor=kepala, unit_kerja=unit, kode=TW1, capaian=CapaianOrganisasi.BAIK)

    second = services.capaian_set(
        actor=admin_instansi, unit_kerja=unit, kode=TW1, capaian=CapaianOrganisasi.BUTUH_PERBAIKAN
    )

    assert second.pk == first.pk
    assert CapaianUnit.objects.count() == 1
    assert (fresh(second).capaian, second.oleh_id) == ("butuh_perbaikan", admin_instansi.pk)


# --- feedback rekan kerja --------------------------------------------------------------------------------------


def test_a_colleague_of_the_same_instansi_gives_feedback_on_an_approved_skp_and_is_named(skp, pegawai_lain, instansi):
    elsewhere = UserFactory(unit_kerja=UnitKerjaFactory(instansi=instansi), nama="Fajar Bidang Lain")

    from_peer = services.feedback_rekan_create(
        actor=pegawai_lain, skp_id=skp.pk, teks=" Selalu membantu rekan ", polaritas="positif"
    )
    from_elsewhere = services.feedback_rekan_create(
        actor=elsewhere, skp_id=skp.pk, teks="Lambat membalas", polaritas="negatif"
    )

    from_peer.refresh_from_db()
    assert (from_peer.skp_id, from_peer.teks, from_peer.polaritas, from_peer.instansi_id) == (
        skp.pk,
        "Selalu membantu rekan",
        "positif",
        instansi.pk,
    )
    assert from_peer.pemberi.nama_lengkap == "Citra Rekan"
    assert fresh(from_elsewhere).pemberi.nama_lengkap == "Fajar Bidang Lain"
    assert set(skp.feedback_rekan.values_list("pemberi_id", flat=True)) == {pegawai_lain.pk, elsewhere.pk}


@pytest.mark.parametrize("status", [StatusSkp.DRAFT, StatusSkp.PENGAJUAN, StatusSkp.REVISI])
def test_feedback_rekan_on_an_skp_not_approved_is_refused(pegawai, pegawai_lain, status):
    skp = approved_skp(pegawai, status=status)

    with pytest.raises(PenilaianError, match="sudah disetujui"):
        services.feedback_rekan_create(actor=pegawai_lain, skp_id=skp.pk, teks="Bagus", polaritas="positif")

    assert not FeedbackRekan.objects.exists()


def test_feedback_rekan_on_ones_own_skp_is_refused(skp, pegawai):
    with pytest.raises(PenilaianError, match="diri sendiri"):
        services.feedback_rekan_create(actor=pegawai, skp_id=skp.pk, teks="Saya hebat", polaritas="positif")

    assert not FeedbackRekan.objects.exists()


@pytest.mark.parametrize("actor_name", ["admin_lain", "orang_luar", "superadmin"])
def test_feedback_rekan_from_outside_the_instansi_is_refused(skp, instansi_lain, actor_name, request):
    actor = (
        UserFactory(unit_kerja=UnitKerjaFactory(instansi=instansi_lain))
        if actor_name == "orang_luar"
        else request.getfixturevalue(actor_name)
    )

    with pytest.raises(PenilaianError, match="instansi yang sama"):
        services.feedback_rekan_create(actor=actor, skp_id=skp.pk, teks="Dari luar", polaritas="positif")

    assert not FeedbackRekan.objects.exists()


@pytest.mark.parametrize(("teks", "polaritas"), [("  ", "positif"), ("Bagus", ""), ("Bagus", "netral")])
def test_feedback_rekan_without_text_or_polarity_is_refused(skp, pegawai_lain, teks, polaritas):
    with pytest.raises(PenilaianError, match="Tuliskan umpan balik"):
        services.feedback_rekan_create(actor=pegawai_lain, skp_id=skp.pk, teks=teks, polaritas=polaritas)

    assert not FeedbackRekan.objects.exists()


def test_penilaian_entries_wait_while_the_skp_is_reopened_for_revision(isian, atasan):
    skp_services.skp_set_status(
        actor=atasan, skp_id=isian.periode.skp_id, version=None, status=StatusSkp.REVISI, catatan="Perbaiki target."
    )
    with pytest.raises(PenilaianError, match="dibuka kembali untuk revisi"):
        services.realisasi_set(
            actor=isian.pegawai, rencana_aksi_id=isian.ra.pk, version=None, realisasi="3", sumber_data="Laporan"
        )


def test_an_rhk_with_rencana_aksi_cannot_be_deleted_during_revision(isian, atasan):
    skp_services.skp_set_status(
        actor=atasan, skp_id=isian.periode.skp_id, version=None, status=StatusSkp.REVISI, catatan="Perbaiki target."
    )
    with pytest.raises(SkpError, match="sudah memiliki rencana aksi"):
        skp_services.rhk_delete(actor=isian.pegawai, rhk_id=isian.rhk.pk)
    assert Rhk.objects.filter(pk=isian.rhk.pk).exists()


def test_capaian_for_a_period_the_instansi_does_not_have_is_refused(admin_instansi, unit):
    with pytest.raises(PenilaianError, match="bukan periode penilaian"):
        services.capaian_set(actor=admin_instansi, unit_kerja=unit, kode="2026-TW9", capaian="baik")


def test_rating_set_is_refused_while_an_rhk_has_no_rencana_aksi_and_names_it(periode, atasan, pegawai):
    rhk_tanpa = periode.skp.rhk_list.order_by("urutan").last()
    for rhk in periode.skp.rhk_list.exclude(pk=rhk_tanpa.pk):
        RencanaAksiFactory(periode=periode, rhk=rhk)
    for rhk in periode.skp.rhk_list.all():
        services.umpan_balik_set(actor=atasan, periode_id=periode.pk, rhk_id=rhk.pk, teks="Baik", polaritas="positif")
    for nilai in PerilakuKerja.objects.all():
        services.umpan_balik_set(
            actor=atasan, periode_id=periode.pk, perilaku_nomor=nilai.nomor, teks="Baik", polaritas="positif"
        )

    with pytest.raises(PenilaianError, match="setiap RHK memerlukan rencana aksi") as refused:
        services.rating_set(
            actor=atasan, periode_id=periode.pk, version=None, rating_hasil_kerja="sesuai", rating_perilaku="sesuai"
        )

    assert rhk_tanpa.teks[:60] in str(refused.value)
    assert fresh(periode).predikat == ""
    RencanaAksiFactory(periode=periode, rhk=rhk_tanpa)
    services.rating_set(
        actor=atasan, periode_id=periode.pk, version=None, rating_hasil_kerja="sesuai", rating_perilaku="sesuai"
    )
    assert fresh(periode).predikat == "baik"

"""The pejabat non-ASN (docs/rules.md §1.12): the kepala daerah, who has no NIP, is registered by the
admin instansi with a nama pengguna, set as the atasan of the top official (in the admin or by the CSV import), logs
in, approves, rates and Tetapkan on the same pages as any penilai, and prints as penilai with "NIP. -"."""

import datetime
import subprocess
import tempfile

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from accounts.importer import ImportRejected, import_pegawai
from accounts.models import PejabatNonAsn, UnitKerja, User
from accounts.nip import validate_nama_login
from penilaian import services as penilaian_services
from penilaian.models import StatusPeriode
from penilaian.permissions import feedback_rekan_refusal
from penilaian.predikat import CapaianOrganisasi, Rating
from skp import services as skp_services
from skp.models import Pendekatan, PerilakuKerja, StatusSkp
from tests.factories import (
    TEST_PASSWORD,
    PejabatNonAsnFactory,
    SkpFactory,
    UnitKerjaFactory,
    UserFactory,
    complete_skp,
    make_nip,
    rencana_aksi_lengkap,
)

YEAR = 2026
pytestmark = pytest.mark.usefixtures("clock")


@pytest.fixture
def bupati(instansi):
    return PejabatNonAsnFactory(instansi=instansi, nama_login="bupati.sukamaju")


@pytest.fixture
def setda(instansi):
    return UnitKerjaFactory(instansi=instansi, nama="Sekretariat Daerah")


@pytest.fixture
def sekda(setda, bupati):
    return UserFactory(
        unit_kerja=setda, atasan=bupati, nama="Hendra Wijaya", jabatan="Sekretaris Daerah", jenis_jabatan="JPT Pratama"
    )


def pdf_text(content: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as fh:
        fh.write(content)
        fh.flush()
        out = subprocess.run(["pdftotext", fh.name, "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


# --- The account ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["bupati.sukamaju", "Bupati.Sukamaju", " bupati.sukamaju "])
def test_pejabat_logs_in_with_their_nama_pengguna(client, bupati, typed):
    response = client.post(reverse("accounts:login"), {"username": typed, "password": TEST_PASSWORD}, follow=True)
    html = response.content.decode()
    assert response.wsgi_request.user == bupati
    assert "Bupati Sukamaju" in html and "pejabat non-ASN" in html
    # They write no SKP of their own and have no colleagues here: the menu offers what they do.
    assert ">SKP Bawahan<" in html and ">Pemantauan dan Evaluasi<" in html
    assert ">Daftar SKP<" not in html and ">Feedback Rekan<" not in html


def test_wrong_password_of_a_pejabat_names_the_nama_pengguna(client, bupati):
    response = client.post(reverse("accounts:login"), {"username": "bupati.sukamaju", "password": "salah"})
    assert "Nama pengguna atau kata sandi salah." in response.content.decode()


def test_the_pejabat_login_link_labels_the_field_for_a_nama_pengguna(client, db):
    default = client.get(reverse("accounts:login")).content.decode()
    assert '<label for="id_username">NIP' in default and 'inputmode="numeric"' in default
    assert "?akun=pejabat" in default
    pejabat = client.get(reverse("accounts:login") + "?akun=pejabat").content.decode()
    assert '<label for="id_username">Nama pengguna' in pejabat and 'inputmode="numeric"' not in pejabat


@pytest.mark.parametrize("value", ["196801011991011001", "1bupati", "Bupati Sukamaju", "bu", "bupati/x"])
def test_a_nama_pengguna_can_never_be_taken_for_a_nip(value):
    with pytest.raises(ValidationError):
        validate_nama_login(value)


@pytest.mark.parametrize(
    "fields",
    [
        {"nip": make_nip(900)},  # a pejabat with a NIP login as well
        {"is_staff": True},  # a pejabat given the admin
        {"unit_kerja": "root"},  # a pejabat counted in a unit's population
    ],
)
def test_the_database_keeps_pejabat_out_of_what_pegawai_are(instansi, fields):
    if fields.get("unit_kerja") == "root":
        fields["unit_kerja"] = UnitKerja.objects.get(instansi=instansi, parent__isnull=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(instansi=instansi, nama_login="bupati.x", nama="X", jabatan="Bupati", **fields)


def test_a_pegawai_without_a_nip_is_refused_by_the_database(instansi):
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(instansi=instansi, nama="Tanpa NIP")


# --- The admin instansi registers them ----------------------------------------------------------------------


def test_admin_instansi_registers_a_pejabat_with_a_nama_pengguna_and_password(client, admin_instansi, instansi):
    client.force_login(admin_instansi)
    page = client.get(reverse("admin:accounts_pejabatnonasn_add")).content.decode()
    assert 'name="instansi"' not in page  # their own instansi, never chosen
    response = client.post(
        reverse("admin:accounts_pejabatnonasn_add"),
        {
            "nama_login": "Bupati.Sukamaju",
            "nama": "Rahmat Santosa",
            "gelar_depan": "H.",
            "jabatan": "Bupati Sukamaju",
            "password1": "Kabupaten-Sukamaju-2026",
            "password2": "Kabupaten-Sukamaju-2026",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    pejabat = PejabatNonAsn.objects.get()
    assert (pejabat.nama_login, pejabat.nip, pejabat.instansi, pejabat.unit_kerja) == (
        "bupati.sukamaju",
        None,
        instansi,
        None,
    )
    assert pejabat.check_password("Kabupaten-Sukamaju-2026") and not pejabat.is_staff


def test_a_pj_bupati_prints_the_nip_of_their_own_instansi(client, admin_instansi):
    client.force_login(admin_instansi)
    data = {
        "nama_login": "pj.bupati",
        "nama": "Made Penjabat",
        "jabatan": "Pj. Bupati Sukamaju",
        "nip_asal": make_nip(901),
        "password1": "Kabupaten-Sukamaju-2026",
        "password2": "Kabupaten-Sukamaju-2026",
    }
    assert client.post(reverse("admin:accounts_pejabatnonasn_add"), data).status_code == 302
    pejabat = PejabatNonAsn.objects.get()
    assert pejabat.nip is None and pejabat.nip_tercetak == make_nip(901)


def test_the_pegawai_atasan_box_finds_the_pejabat_and_their_own_form_opens_from_the_pegawai_list(
    client, admin_instansi, bupati
):
    client.force_login(admin_instansi)
    found = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "accounts", "model_name": "user", "field_name": "atasan", "term": "Rahmat"},
    ).json()
    assert [r["id"] for r in found["results"]] == [str(bupati.pk)]
    response = client.get(reverse("admin:accounts_user_change", args=[bupati.pk]))
    assert response.status_code == 302
    assert response.url == reverse("admin:accounts_pejabatnonasn_change", args=[bupati.pk])
    assert client.get(response.url).status_code == 200
    assert client.get(reverse("admin:accounts_pejabatnonasn_password_change", args=[bupati.pk])).status_code == 200


def test_admin_of_another_instansi_never_reaches_the_pejabat(client, admin_lain, bupati):
    client.force_login(admin_lain)
    listing = client.get(reverse("admin:accounts_pejabatnonasn_changelist")).content.decode()
    assert "Rahmat" not in listing
    response = client.get(reverse("admin:accounts_pejabatnonasn_change", args=[bupati.pk]), follow=True)
    assert "Rahmat" not in response.content.decode()


# --- The CSV import names them as atasan ---------------------------------------------------------------------


def csv_of(nip_atasan: str, instansi_nama: str = "Pemerintah Kabupaten Sukamaju") -> str:
    return (
        "nip,nama,status_kepegawaian,jabatan,jenis_jabatan,unit_kerja,nip_atasan\n"
        f"{make_nip(950)},Hendra Wijaya,PNS,Sekretaris Daerah,JPT Pratama,"
        f"{instansi_nama} > Sekretariat Daerah,{nip_atasan}\n"
    )


def test_the_import_names_a_pejabat_as_atasan_by_nama_pengguna(bupati):
    import_pegawai(text=csv_of("Bupati.Sukamaju"))
    assert User.objects.get(nip=make_nip(950)).atasan == bupati
    # A re-import with the same file changes nothing.
    assert import_pegawai(text=csv_of("bupati.sukamaju")).unchanged == 1


def test_the_import_says_an_unregistered_pejabat_must_be_registered_first(instansi):
    with pytest.raises(ImportRejected) as rejected:
        import_pegawai(text=csv_of("bupati.sukamaju"))
    assert "belum terdaftar; daftarkan dulu di admin (Pejabat non-ASN)" in rejected.value.errors[0].message


def test_the_import_refuses_a_pejabat_of_another_instansi(instansi, instansi_lain):
    PejabatNonAsnFactory(instansi=instansi_lain, nama_login="walikota.lain")
    with pytest.raises(ImportRejected) as rejected:
        import_pegawai(text=csv_of("walikota.lain"))
    assert "berada di instansi lain" in rejected.value.errors[0].message


# --- They act as penilai on the same pages ------------------------------------------------------------------------


def test_the_pejabat_writes_no_skp(client, bupati):
    with pytest.raises(skp_services.SkpError):
        skp_services.skp_create(
            actor=bupati,
            periode_awal=datetime.date(YEAR, 1, 1),
            periode_akhir=datetime.date(YEAR, 12, 31),
            pendekatan=Pendekatan.KUANTITATIF,
        )
    client.force_login(bupati)
    for name in ("skp:daftar", "skp:tambah"):
        html = client.get(reverse(name)).content.decode()
        assert skp_services.PEJABAT_NON_ASN in html
        assert "<form" not in html.split('id="konten"')[-1]


def test_the_top_official_is_approved_rated_finalised_and_printed_by_the_kepala_daerah(client, sekda, bupati, setda):
    # The Sekretaris Daerah plans; their penilai is the Bupati, with no NIP on the header.
    skp = skp_services.skp_create(
        actor=sekda,
        periode_awal=datetime.date(YEAR, 1, 1),
        periode_akhir=datetime.date(YEAR, 12, 31),
        pendekatan=Pendekatan.KUANTITATIF,
    )
    assert skp.penilai == bupati
    assert skp.penilai_snapshot["nip"] == "" and skp.penilai_snapshot["unit_kerja"] == "Pemerintah Kabupaten Sukamaju"
    complete_skp(skp)
    skp_services.skp_submit(actor=sekda, skp_id=skp.pk)

    # The Bupati sees it under SKP Bawahan and approves it with Edit Status.
    client.force_login(bupati)
    assert "Hendra Wijaya" in client.get(reverse("skp:bawahan")).content.decode()
    skp.refresh_from_db()
    response = client.post(
        reverse("skp:edit_status", args=[skp.pk]), {"status": StatusSkp.PERSETUJUAN, "version": skp.version}
    )
    assert response.status_code in (200, 302)
    skp.refresh_from_db()
    assert skp.status == StatusSkp.PERSETUJUAN

    # A period: the Sekretaris Daerah fills it; the Bupati finds it in Pemantauan, gives umpan balik, rates.
    periode = penilaian_services.periode_create(actor=sekda, skp_id=skp.pk, kode=f"{YEAR}-TW1")
    rencana_aksi_lengkap(periode)
    assert "Hendra Wijaya" in client.get(reverse("penilaian:pemantauan")).content.decode()
    for rhk in skp.rhk_list.all():
        penilaian_services.umpan_balik_set(
            actor=bupati, periode_id=periode.pk, rhk_id=rhk.pk, teks="Sesuai arahan", polaritas="positif"
        )
    for perilaku in PerilakuKerja.objects.all():
        penilaian_services.umpan_balik_set(
            actor=bupati, periode_id=periode.pk, perilaku_nomor=perilaku.nomor, teks="Teladan", polaritas="positif"
        )
    # The Bupati, as atasan of the head of the Sekretariat Daerah, sets its capaian; the rating follows it.
    penilaian_services.capaian_set(
        actor=bupati, unit_kerja=setda, kode=f"{YEAR}-TW1", capaian=CapaianOrganisasi.ISTIMEWA
    )
    periode = penilaian_services.rating_set(
        actor=bupati,
        periode_id=periode.pk,
        version=None,
        rating_hasil_kerja=Rating.SESUAI,
        rating_perilaku=Rating.DIATAS,
    )
    assert periode.rating_hasil_kerja == Rating.DIATAS  # derived from Istimewa (docs/rules.md §7.9)
    client.post(reverse("penilaian:tetapkan", args=[periode.pk]), {"version": periode.version})
    periode.refresh_from_db()
    assert periode.status == StatusPeriode.DITETAPKAN

    # The printed Form Penilaian names the Bupati as penilai, with "NIP. -".
    response = client.post(
        reverse("penilaian:cetak_form", args=[periode.pk]), {"tanggal": "2026-04-06", "lokasi": "Sukamaju"}
    )
    text = pdf_text(response.content)
    assert "H. Rahmat Santosa" in text and "NIP. -" in text
    assert "Sangat Baik" in text


def test_the_pejabat_sees_only_their_own_bawahan(client, bupati, sekda, setda):
    """Like any penilai: the Sekretaris Daerah's SKP, not that of the Sekretaris Daerah's own bawahan."""
    kabag = UserFactory(unit_kerja=setda, atasan=sekda, nama="Ratna Kabag")
    own = SkpFactory(pegawai=sekda, status=StatusSkp.PENGAJUAN)
    below = SkpFactory(pegawai=kabag, status=StatusSkp.PENGAJUAN)
    client.force_login(bupati)
    assert client.get(reverse("skp:detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("skp:detail", args=[below.pk])).status_code == 404
    assert "Ratna Kabag" not in client.get(reverse("skp:bawahan")).content.decode()


def test_feedback_rekan_is_not_for_a_pejabat(bupati, sekda):
    skp = SkpFactory(pegawai=sekda, status=StatusSkp.PERSETUJUAN)
    assert feedback_rekan_refusal(bupati, skp) is not None

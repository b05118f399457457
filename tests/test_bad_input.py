"""What the fuzz (test_fuzz.py) found, each case pinned by name, and the length limit of every free text."""

import datetime

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import RequestFactory
from django.urls import reverse

import core.forms
import penilaian.forms
import skp.forms
from core.forms import TEKS_MAX
from core.middleware import carries_nul
from penilaian import services as penilaian_services
from penilaian.models import FeedbackRekan, PeriodePenilaian, PeriodeStatusChange, UmpanBalik
from penilaian.views.cetak import CetakEvaluasiForm
from skp import services as skp_services
from skp.models import Rhk, Skp, SkpStatusChange, StatusSkp
from tests.factories import PeriodePenilaianFactory, RhkFactory, SkpFactory, complete_skp

pytestmark = pytest.mark.usefixtures("clock")  # 10 February 2026, inside Triwulan I

TOO_LONG = "x" * (TEKS_MAX + 1)


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def draft(pegawai):
    """Last year's SKP, still a Draft: this year's is the approved one of `periode`."""
    awal, akhir = datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)
    return complete_skp(SkpFactory(pegawai=pegawai, periode_awal=awal, periode_akhir=akhir))


@pytest.fixture
def diajukan(pegawai):
    return complete_skp(SkpFactory(pegawai=pegawai, status=StatusSkp.PENGAJUAN))


@pytest.fixture
def periode(pegawai):
    """Triwulan I of the pegawai's approved SKP; its penilai is the atasan."""
    return PeriodePenilaianFactory(skp=complete_skp(SkpFactory(pegawai=pegawai, status=StatusSkp.PERSETUJUAN)))


# --- NUL bytes ------------------------------------------------------------------------------------------


def test_a_nul_byte_in_the_public_check_page_path_is_a_400_page_in_indonesian(client):
    response = client.get("/cetak/v/ab%00cd/")
    assert response.status_code == 400
    assert "Permintaan tidak valid" in response.content.decode()


def test_a_nul_byte_in_a_posted_text_changes_nothing(client, pegawai, draft):
    client.force_login(pegawai)
    before = Rhk.objects.count()
    response = client.post(reverse("skp:rhk_tambah", args=[draft.pk]), {"teks": "Laporan\x00", "jenis": "utama"})
    assert response.status_code == 400
    assert Rhk.objects.count() == before


@pytest.mark.parametrize(
    "make",
    [
        lambda rf: rf.get("/skp/a\x00b/"),
        lambda rf: rf.get("/penilaian/pemantauan/", {"kode": "2026-TW1\x00"}),
        lambda rf: rf.get("/penilaian/pemantauan/", {"kode\x00": "2026-TW1"}),
        lambda rf: rf.post("/penilaian/1/buka-kembali/", {"catatan": "alasan\x00"}),
        lambda rf: rf.post("/penilaian/1/buka-kembali/", {"\x00": "alasan"}),
        lambda rf: rf.post("/x/", {"berkas\x00": SimpleUploadedFile("pegawai.csv", b"nip\n")}),
        lambda rf: rf.get("/masuk/", headers={"User-Agent": "browser\x00"}),
    ],
    ids=["path", "query value", "query name", "form value", "form name", "file field name", "header"],
)
def test_the_middleware_finds_a_nul_byte_wherever_the_app_reads(make):
    assert carries_nul(make(RequestFactory()))


def test_the_middleware_lets_ordinary_requests_through():
    rf = RequestFactory()
    assert not carries_nul(rf.post("/penilaian/1/buka-kembali/?tahun=2026", {"catatan": "Bukti dukung baru"}))


# --- Versions that are not numbers -------------------------------------------------------------------


@pytest.mark.parametrize("version", ["abc", "", "1.5", "99999999999999999999"])
def test_a_version_that_is_not_the_current_number_is_a_stale_form(draft, version):
    with pytest.raises(skp_services.StaleEdit) as refused:
        skp_services.base.check_version(draft, version)
    assert refused.value.current_version == draft.version
    with pytest.raises(penilaian_services.StaleEdit):
        penilaian_services.base.check_version(draft, version)


def test_the_current_version_as_text_or_none_passes(draft):
    skp_services.base.check_version(draft, str(draft.version))
    skp_services.base.check_version(draft, None)
    penilaian_services.base.check_version(draft, f" {draft.version} ")


def test_ajukan_with_a_mangled_version_is_refused_as_stale_and_the_skp_stays_draft(client, pegawai, draft):
    client.force_login(pegawai)
    response = client.post(reverse("skp:ajukan", args=[draft.pk]), {"version": "abc"})
    assert response.status_code == 200
    assert "sudah diubah" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == StatusSkp.DRAFT


def test_hapus_rhk_with_a_mangled_version_keeps_the_rhk(client, pegawai, draft):
    rhk = draft.rhk_list.first()
    client.force_login(pegawai)
    response = client.post(reverse("skp:rhk_hapus", args=[draft.pk, rhk.pk]), {"version": "abc", "yakin": "1"})
    assert response.status_code == 302
    assert Rhk.objects.filter(pk=rhk.pk).exists()
    assert any("sudah diubah" in m for m in messages_of(response))


def test_tetapkan_with_a_mangled_version_keeps_the_period_open(client, atasan, periode):
    PeriodePenilaian.objects.filter(pk=periode.pk).update(predikat="baik")
    client.force_login(atasan)
    response = client.post(reverse("penilaian:tetapkan", args=[periode.pk]), {"version": "abc"})
    assert response.status_code == 302
    periode.refresh_from_db()
    assert periode.status == "terbuka"


# --- Years and accounts outside what a date or a row can hold ------------------------------------------


@pytest.mark.parametrize("tahun", ["99999999999", "-1", "0", "1999", "2101", "abc", ""])
def test_skp_bawahan_with_a_year_out_of_range_shows_this_year(client, atasan, tahun):
    client.force_login(atasan)
    response = client.get(reverse("skp:bawahan"), {"tahun": tahun})
    assert response.status_code == 200
    assert response.context["tahun"] == 2026


def test_skp_bawahan_keeps_a_year_in_range(client, atasan):
    client.force_login(atasan)
    assert client.get(reverse("skp:bawahan"), {"tahun": "2025"}).context["tahun"] == 2025


def test_a_superadmin_without_instansi_is_told_they_cannot_make_an_skp(client, superadmin):
    client.force_login(superadmin)
    data = {"periode_awal": "2026-01-01", "periode_akhir": "2026-12-31", "pendekatan": "kuantitatif"}
    response = client.post(reverse("skp:tambah"), data)
    assert response.status_code == 200
    assert "tidak terdaftar di instansi" in response.content.decode()
    assert not Skp.objects.filter(pegawai=superadmin).exists()


# --- Length limits ----------------------------------------------------------------------------------------


def free_text_fields():
    """Every free-text field of the forms of skp, penilaian and core (the print dialogs included)."""
    modules = [skp.forms, penilaian.forms, core.forms]
    classes = {c for m in modules for c in vars(m).values() if isinstance(c, type) and issubclass(c, forms.Form)}
    classes.add(CetakEvaluasiForm)
    return [
        (f"{cls.__name__}.{name}", field)
        for cls in classes
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.CharField) and not isinstance(field, forms.UUIDField)
    ]


def test_every_free_text_field_of_a_form_has_a_length_limit():
    fields = free_text_fields()
    assert len(fields) >= 15  # the walk finds the forms; it cannot pass by finding none
    assert [name for name, field in fields if field.max_length is None] == []


def test_edit_status_with_a_too_long_catatan_is_a_form_error_and_nothing_changes(client, atasan, diajukan):
    client.force_login(atasan)
    data = {"status": StatusSkp.REVISI, "catatan": TOO_LONG, "version": diajukan.version}
    response = client.post(reverse("skp:edit_status", args=[diajukan.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].has_error("catatan", "max_length")
    assert TOO_LONG in response.content.decode()  # what was typed is kept, never cut short
    diajukan.refresh_from_db()
    assert diajukan.status == StatusSkp.PENGAJUAN


def test_edit_status_takes_a_catatan_of_exactly_the_limit(client, atasan, diajukan):
    client.force_login(atasan)
    data = {"status": StatusSkp.REVISI, "catatan": "x" * TEKS_MAX, "version": diajukan.version}
    client.post(reverse("skp:edit_status", args=[diajukan.pk]), data)
    assert SkpStatusChange.objects.get(skp=diajukan, ke=StatusSkp.REVISI).catatan == "x" * TEKS_MAX


def test_the_workflow_service_refuses_a_too_long_catatan_instead_of_cutting_it(atasan, diajukan):
    with pytest.raises(skp_services.SkpError, match=r"terlalu panjang: paling banyak 2\.000 karakter"):
        skp_services.skp_set_status(
            actor=atasan, skp_id=diajukan.pk, version=diajukan.version, status=StatusSkp.REVISI, catatan=TOO_LONG
        )
    assert not SkpStatusChange.objects.filter(skp=diajukan, ke=StatusSkp.REVISI).exists()


def test_buka_kembali_with_a_too_long_reason_keeps_the_period_final_and_says_why(client, atasan, periode):
    PeriodePenilaian.objects.filter(pk=periode.pk).update(status="ditetapkan", predikat="baik")
    client.force_login(atasan)
    response = client.post(reverse("penilaian:buka_kembali", args=[periode.pk]), {"catatan": TOO_LONG})
    assert response.status_code == 302
    assert any("Alasan membuka kembali terlalu panjang" in m for m in messages_of(response))
    periode.refresh_from_db()
    assert periode.status == "ditetapkan"
    assert not PeriodeStatusChange.objects.filter(periode=periode).exists()


def test_unlocking_a_batas_waktu_refuses_a_too_long_alasan(admin_instansi, periode):
    with pytest.raises(penilaian_services.PenilaianError, match="Alasan membuka batas waktu terlalu panjang"):
        penilaian_services.periode_unlock(
            actor=admin_instansi, periode_id=periode.pk, hingga=datetime.date(2026, 5, 1), alasan=TOO_LONG
        )
    periode.refresh_from_db()
    assert periode.dibuka_hingga is None


def test_a_too_long_umpan_balik_is_refused_with_the_limit_in_the_message(client, atasan, periode):
    rhk = RhkFactory(skp=periode.skp)
    client.force_login(atasan)
    data = {f"r{rhk.pk}-teks": TOO_LONG, f"r{rhk.pk}-polaritas": "positif"}
    response = client.post(reverse("penilaian:umpan_balik", args=[periode.pk]), data)
    # The page comes back with the row marked and the typed text kept (issue 10), nothing saved.
    assert response.status_code == 200
    assert "paling banyak 2.000 karakter" in response.content.decode()
    assert TOO_LONG in response.content.decode()
    assert not UmpanBalik.objects.filter(periode=periode).exists()


@pytest.mark.parametrize(
    ("name", "args", "data"),
    [
        ("skp:rhk_tambah", lambda skp, periode: [skp.pk], {"jenis": "utama", "klasifikasi": "individu"}),
        ("skp:lampiran_tambah", lambda skp, periode: [skp.pk], {"jenis": "sumber_daya"}),
        (
            "penilaian:rencana_aksi_tambah",
            lambda skp, periode: [periode.pk, periode.skp.rhk_list.first().pk],
            {"satuan": "Dokumen"},
        ),
    ],
)
def test_a_too_long_text_on_a_form_page_is_a_form_error_that_keeps_what_was_typed(
    client, pegawai, draft, periode, name, args, data
):
    client.force_login(pegawai)
    response = client.post(reverse(name, args=args(draft, periode)), {**data, "teks": TOO_LONG})
    assert response.status_code == 200
    html = response.content.decode()
    assert "paling banyak 2000 karakter" in html
    assert TOO_LONG in html


def test_a_too_long_feedback_rekan_shows_the_colleagues_skp_again_with_the_error(client, pegawai, pegawai_lain):
    skp_rekan = SkpFactory(pegawai=pegawai_lain, status=StatusSkp.PERSETUJUAN)
    client.force_login(pegawai)
    data = {"skp": skp_rekan.pk, "teks": TOO_LONG, "polaritas": "positif"}
    response = client.post(reverse("penilaian:rekan"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "paling banyak 2000 karakter" in html
    assert TOO_LONG in html
    assert f'value="{skp_rekan.pk}"' in html
    assert not FeedbackRekan.objects.exists()


def test_a_move_in_an_unknown_direction_is_refused_and_the_order_kept(client, pegawai, draft):
    pertama = RhkFactory(skp=draft)
    RhkFactory(skp=draft)  # below it: any direction but "naik" used to move it down
    urutan = list(draft.rhk_list.order_by("urutan", "pk").values_list("pk", flat=True))
    client.force_login(pegawai)
    response = client.post(reverse("skp:rhk_geser", args=[draft.pk, pertama.pk]), {"arah": "abc"})
    assert response.status_code == 302
    assert any("Arah pemindahan tidak dikenal" in m for m in messages_of(response))
    assert list(draft.rhk_list.order_by("urutan", "pk").values_list("pk", flat=True)) == urutan

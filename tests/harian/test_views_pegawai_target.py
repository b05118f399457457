"""Target Bulanan from the pegawai's pages (issue 11, DES 2.0): per RHK and month of an approved SKP, Teknis (a month's
share of an indikator's annual quantity, the page showing what is left) and Konseptual (stages with their own name
and satuan); the SKP pages' patterns: a form in #panel (htmx) or on its own page, a stale save refused keeping the
text, a delete asked first; and who may do what."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from harian import services
from harian.models import SkpBulanan, TargetBulanan
from harian.services import kode_of
from tests.factories import SkpFactory, UserFactory
from tests.harian.conftest import isian
from tests.harian.factories import PengaturanHarianFactory
from tests.harian.test_views_pegawai import text

HX = {"HX-Request": "true"}
FEB, MAR = datetime.date(2026, 2, 1), datetime.date(2026, 3, 1)


def halaman(scene, bulan="2026-02") -> str:
    return f"{reverse('harian:target', args=[scene.skp.pk])}?bulan={bulan}"


def tambah(scene, jenis: str) -> str:
    return reverse(f"harian:target_tambah_{jenis}", args=[scene.skp.pk, scene.rhk.pk])


def teknis(scene, bulan=FEB, target=30) -> TargetBulanan:
    return services.target_bulanan_create(
        actor=scene.pegawai, skp_id=scene.skp.pk, bulan=bulan, rhk_id=scene.rhk.pk, jenis="teknis",
        indikator_id=scene.indikator.pk, target=target,
    )  # fmt: skip


def konseptual(scene, nama="Menyusun konsep SOP surat", target=1, satuan="konsep") -> TargetBulanan:
    return services.target_bulanan_create(
        actor=scene.pegawai, skp_id=scene.skp.pk, bulan=FEB, rhk_id=scene.rhk.pk, jenis="konseptual",
        nama=nama, target=target, satuan=satuan,
    )  # fmt: skip


def test_target_bulanan_from_the_menu_opens_the_running_approved_skp(client, scene):
    client.force_login(scene.pegawai)
    response = client.get(reverse("harian:target_pilih"))
    assert response.status_code == 302 and response.url == halaman(scene)


def test_without_an_approved_skp_the_page_says_how_to_get_one(client, clock, pegawai, instansi):
    PengaturanHarianFactory(instansi=instansi)
    SkpFactory(pegawai=pegawai, status="pengajuan")
    client.force_login(pegawai)
    html = text(client.get(reverse("harian:target_pilih")).content.decode())
    assert "Belum ada SKP Anda yang disetujui" in html and "Daftar SKP" in html


def test_the_page_shows_each_indikators_annual_target_what_the_months_hold_and_what_is_left(client, scene):
    teknis(scene, MAR, 20)
    client.force_login(scene.pegawai)
    html = client.get(halaman(scene)).content.decode()
    row = text(html[html.index("Surat masuk yang diagendakan") :].split("</tr>")[0])
    assert "120 surat" in row and "20 surat" in row and "100 surat" in row
    assert "Tambah Target Teknis" in row  # February has no Teknis share yet
    assert 'aria-current="page">Februari</a>' in html  # the month chosen, among the SKP's months
    assert "Belum ada target bulanan untuk RHK ini pada Februari 2026." in text(html)


def test_tambah_target_teknis_splits_the_annual_quantity(client, scene):
    client.force_login(scene.pegawai)
    url = tambah(scene, "teknis") + f"?bulan=2026-02&indikator={scene.indikator.pk}"
    form = client.get(url).content.decode()
    assert "Surat masuk yang diagendakan: target tahunan 120 surat, sudah terbagi 0, sisa 120 surat." in form
    assert f'<option value="{scene.indikator.pk}" selected>' in form and '<option value="2026-02" selected>' in form
    response = client.post(url, {"bulan": "2026-02", "indikator": scene.indikator.pk, "target": "10,5"})
    assert response.status_code == 302 and response.url == halaman(scene) + f"#rhk-{scene.rhk.pk}"
    target = TargetBulanan.objects.get()
    assert (target.jenis, target.nama, target.satuan, target.target) == (
        "teknis",
        "Surat masuk yang diagendakan",
        "surat",
        Decimal("10.5"),
    )
    html = text(client.get(response.url).content.decode())
    assert "Target bulanan Februari 2026 ditambahkan." in html
    assert "109,5 surat" in html  # what is left of the annual target


def test_a_teknis_share_past_what_is_left_is_refused_keeping_the_number(client, scene):
    teknis(scene, MAR, 100)
    client.force_login(scene.pegawai)
    html = client.post(tambah(scene, "teknis"), {"bulan": "2026-02", "indikator": scene.indikator.pk, "target": "21"})
    html = html.content.decode()
    assert "Target bulanan melebihi sisa target tahunan" in html and "sisa 20" in html
    assert 'name="target" value="21"' in html
    assert TargetBulanan.objects.count() == 1


def test_tambah_target_konseptual_has_its_own_name_and_satuan(client, scene):
    client.force_login(scene.pegawai)
    sent = {"bulan": "2026-02", "nama": "Mengumpulkan data aplikasi", "target": "10", "satuan": "data"}
    client.post(tambah(scene, "konseptual"), sent)
    target = TargetBulanan.objects.get()
    assert (target.jenis, target.nama, target.satuan) == ("konseptual", "Mengumpulkan data aplikasi", "data")
    html = text(client.get(halaman(scene)).content.decode())
    assert "Konseptual Mengumpulkan data aplikasi" in html


def test_a_double_submit_of_one_form_makes_one_target(client, scene):
    client.force_login(scene.pegawai)
    form = client.get(tambah(scene, "konseptual")).content.decode()
    token = form.split('name="client_token" value="')[1].split('"')[0]
    sent = {"bulan": "2026-02", "nama": "Tahap satu", "target": "1", "satuan": "konsep", "client_token": token}
    client.post(tambah(scene, "konseptual"), sent)
    client.post(tambah(scene, "konseptual"), sent)
    assert TargetBulanan.objects.count() == 1


@pytest.mark.parametrize(
    ("sent", "message"),
    [
        ({"target": "abc"}, "Target harus angka."),
        ({"target": "0"}, "Target bulanan harus lebih dari 0."),
        ({"target": "99999999999999999999"}, "14 angka"),
        ({"bulan": "2027-01"}, "Pilih bulan dalam periode SKP."),
        ({"bulan": "abc"}, "Pilih bulan dalam periode SKP."),
        ({"nama": ""}, "Bidang ini tidak boleh kosong."),
        ({"satuan": "s" * 51}, "50"),
        ({"nama": "x" * 2001}, "2000"),
    ],
)
def test_bad_input_is_a_form_error_keeping_what_was_typed(client, scene, sent, message):
    client.force_login(scene.pegawai)
    data = {"bulan": "2026-02", "nama": "Tahapan yang saya ketik", "target": "1", "satuan": "konsep", **sent}
    response = client.post(tambah(scene, "konseptual"), data)
    html = response.content.decode()
    assert response.status_code == 200 and message in html
    if "nama" not in sent:
        assert "Tahapan yang saya ketik</textarea>" in html
    assert not TargetBulanan.objects.exists()


def test_in_the_panel_a_save_refreshes_the_page_body_in_place(client, scene):
    client.force_login(scene.pegawai)
    page = client.get(halaman(scene)).content.decode()
    url = tambah(scene, "konseptual") + "?bulan=2026-02"
    assert f'href="{url}" hx-get="{url}" hx-target="#panel"' in page.replace("&amp;", "&")
    fragment = client.get(url, headers=HX).content.decode()
    assert f'hx-post="{url}" hx-target="#panel"' in fragment and "<html" not in fragment
    sent = {"bulan": "2026-02", "nama": "Tahap satu", "target": "1", "satuan": "konsep"}
    html = client.post(url, sent, headers=HX).content.decode()
    assert 'id="target-isi" hx-swap-oob="true"' in html and "Tahap satu" in html
    assert "Target bulanan Februari 2026 ditambahkan." in html
    assert client.get(reverse("harian:target", args=[scene.skp.pk]) + "?panel=tutup", headers=HX).content == b""


def test_ubah_changes_the_number_and_a_stale_form_is_refused_keeping_the_text(client, scene):
    stage = konseptual(scene)
    url = reverse("harian:target_ubah", args=[stage.pk])
    client.force_login(scene.pegawai)
    client.post(url, {"nama": "Dari tab lain", "target": "2", "satuan": "konsep", "version": stage.version})
    stale = {"nama": "Yang saya ketik di tab ini", "target": "3", "satuan": "konsep", "version": stage.version}
    html = client.post(url, stale).content.decode()
    assert "sudah diubah sejak formulir dibuka" in html and "Yang saya ketik di tab ini</textarea>" in html
    assert client.post(url, {**stale, "version": stage.version + 1}).status_code == 302
    stage.refresh_from_db()
    assert (stage.nama, stage.target) == ("Yang saya ketik di tab ini", Decimal(3))


def test_ubah_of_a_teknis_target_changes_only_the_number_and_says_what_is_left(client, scene):
    share = teknis(scene, FEB, 30)
    client.force_login(scene.pegawai)
    html = client.get(reverse("harian:target_ubah", args=[share.pk])).content.decode()
    assert 'name="nama"' not in html and 'name="satuan"' not in html
    assert "sudah terbagi 30, sisa 90 surat" in html


def test_an_approved_month_is_told_before_a_target_changes(client, scene):
    stage = konseptual(scene)
    SkpBulanan.objects.filter(skp=scene.skp).update(disetujui_pada=timezone.now(), disetujui_oleh=scene.atasan)
    client.force_login(scene.pegawai)
    assert (
        "Februari 2026 sudah disetujui atasan."
        in client.get(reverse("harian:target_ubah", args=[stage.pk])).content.decode()
    )
    assert "Disetujui" in client.get(halaman(scene)).content.decode()


def test_hapus_asks_first_and_a_target_with_entries_stays(client, scene):
    stage = konseptual(scene)
    used = konseptual(scene, nama="Tahap yang sudah dikerjakan")
    services.progres_create(actor=scene.pegawai, isian=isian(kode_of(used)))
    client.force_login(scene.pegawai)
    url = reverse("harian:target_hapus", args=[stage.pk])
    assert "Hapus target bulanan?" in client.post(url, {"version": stage.version}).content.decode()
    assert TargetBulanan.objects.filter(pk=stage.pk).exists()
    done = client.post(url, {"version": stage.version, "yakin": "1"})
    assert done.status_code == 302 and not TargetBulanan.objects.filter(pk=stage.pk).exists()
    refused = client.post(reverse("harian:target_hapus", args=[used.pk]), {"yakin": "1"}, follow=True)
    assert "sudah memiliki progres harian" in refused.content.decode()
    html = client.post(reverse("harian:target_hapus", args=[used.pk]), {}, headers=HX).content.decode()
    assert 'class="form-errors" role="alert"' in html and "sudah memiliki progres harian" in html
    assert TargetBulanan.objects.filter(pk=used.pk).exists()


def test_who_may_open_what(client, scene, pegawai_lain, admin_lain, admin_instansi):
    """The owner writes; the atasan and the admin read (no Tambah, no Ubah) and are refused writing (403); another
    pegawai and another instansi do not see the SKP (404); anonymous to the login."""
    stage = konseptual(scene)
    PengaturanHarianFactory(instansi=admin_lain.instansi)
    lain_instansi = UserFactory(unit_kerja=admin_lain.unit_kerja)
    writes = [
        tambah(scene, "teknis"),
        tambah(scene, "konseptual"),
        reverse("harian:target_ubah", args=[stage.pk]),
        reverse("harian:target_hapus", args=[stage.pk]),
    ]
    for reader in (scene.atasan, admin_instansi):
        client.force_login(reader)
        html = client.get(halaman(scene)).content.decode()
        assert (
            "Menyusun konsep SOP surat" in html
            and "Tambah Target" not in html
            and reverse("harian:target_ubah", args=[stage.pk]) not in html
        )
        for url in writes:
            assert client.post(url, {"yakin": "1", "target": "1"}).status_code == 403, (reader, url)
    for stranger in (pegawai_lain, admin_lain, lain_instansi):
        client.force_login(stranger)
        assert client.get(halaman(scene)).status_code == 404
        for url in writes:
            assert client.post(url, {"yakin": "1"}).status_code == 404, (stranger, url)
    client.logout()
    assert client.get(halaman(scene)).url.startswith(reverse("accounts:login"))
    assert TargetBulanan.objects.filter(pk=stage.pk).exists()


def test_an_skp_not_approved_shows_why_and_refuses_writing(client, scene):
    scene.skp.status = "revisi"
    scene.skp.save()
    client.force_login(scene.pegawai)
    html = text(client.get(halaman(scene)).content.decode())
    assert "hanya untuk SKP yang sudah disetujui" in html and "Tambah Target" not in html
    assert client.get(tambah(scene, "konseptual")).status_code == 403


@pytest.mark.parametrize("bulan", ["abc", "2031-01", "99999-01", ""])
def test_a_month_outside_the_skp_opens_this_month(client, scene, bulan):
    client.force_login(scene.pegawai)
    html = client.get(halaman(scene, bulan)).content.decode()
    assert 'aria-current="page">Februari</a>' in html

"""The admin instansi logs in, opens the pegawai list in the admin and imports a CSV through the browser."""

import re

from playwright.sync_api import expect

from accounts.models import User
from tests.e2e.conftest import SCREENSHOTS
from tests.factories import TEST_PASSWORD, make_nip


def csv_file(tmp_path, instansi_nama):
    kepala, staf = make_nip(7001), make_nip(7002, pppk=True, gender=2)
    path = tmp_path / "pegawai.csv"
    path.write_text(
        "nip,nama,status_kepegawaian,jabatan,jenis_jabatan,unit_kerja,nip_atasan\n"
        f"{staf},Sinta Baru,PPPK,Guru Ahli Pertama,Fungsional,{instansi_nama} > SD Negeri 2,{kepala}\n"
        f"{kepala},Tono Baru,PNS,Kepala Sekolah,Fungsional,{instansi_nama} > SD Negeri 2,\n",
        encoding="utf-8",
    )
    return path


def test_admin_instansi_imports_pegawai_through_the_admin(live_server, page, admin_instansi, instansi, tmp_path, shot):
    page.goto(f"{live_server.url}/masuk/")
    page.get_by_label("NIP").fill(admin_instansi.nip)
    page.get_by_label("Kata Sandi").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_role("link", name="Admin Instansi").click()
    page.get_by_role("link", name="Pegawai", exact=True).first.click()
    expect(page.get_by_role("link", name="Impor CSV")).to_be_visible()
    shot("admin-pegawai-list")
    page.get_by_role("link", name="Impor CSV").click()
    page.get_by_label("Berkas CSV").set_input_files(str(csv_file(tmp_path, instansi.nama)))
    page.get_by_role("button", name="Impor").click()
    expect(page.locator("#hasil-impor")).to_contain_text("Dibuat")
    expect(page.locator("#hasil-impor")).to_contain_text("2")
    shot("admin-import-result")
    assert User.objects.get(nama="Sinta Baru").atasan.nama == "Tono Baru"


def test_rejected_import_lists_lines_on_a_phone(live_server, phone, admin_instansi, instansi, tmp_path):
    path = tmp_path / "salah.csv"
    path.write_text(
        "nip,nama,status_kepegawaian,jabatan,jenis_jabatan,unit_kerja\n"
        f"12345,Salah NIP,PNS,Staf,Pelaksana,{instansi.nama}\n",
        encoding="utf-8",
    )
    phone.goto(f"{live_server.url}/masuk/?next=/admin/accounts/user/import/")
    phone.get_by_label("NIP").fill(admin_instansi.nip)
    phone.get_by_label("Kata Sandi").fill(TEST_PASSWORD)
    phone.get_by_role("button", name="Masuk").click()
    expect(phone).to_have_url(re.compile(r"/admin/accounts/user/import/"))
    phone.get_by_label("Berkas CSV").set_input_files(str(path))
    phone.get_by_role("button", name="Impor").click()
    expect(phone.locator("#kesalahan-impor")).to_contain_text("NIP harus terdiri dari tepat 18 angka")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / "admin-import-errors-phone.png"), full_page=True)
    assert not User.objects.filter(nama="Salah NIP").exists()

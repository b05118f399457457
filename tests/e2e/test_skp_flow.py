"""The user manual's planning flow in Chromium (docs/rules.md §2–§4): a JPT plans and submits; a bawahan plans,
intervening the JPT's RHK, and submits; the JPT approves; the printed SKP contains the RHK."""

import re
import subprocess

import pytest
from playwright.sync_api import expect

from skp.models import Skp, StatusSkp
from tests.e2e.conftest import SCREENSHOTS, login
from tests.factories import UnitKerjaFactory, UserFactory


@pytest.fixture
def organisasi(instansi):
    dinas = UnitKerjaFactory(instansi=instansi, nama="Dinas Pendidikan")
    bidang = UnitKerjaFactory(instansi=instansi, parent=dinas, nama="Bidang Pembinaan SD")
    sekda = UserFactory(unit_kerja=dinas, nama="Hendra Sekda", jabatan="Sekretaris Daerah", jenis_jabatan="JPT Pratama")
    kadis = UserFactory(
        unit_kerja=dinas,
        atasan=sekda,
        nama="Siti Kadis",
        jabatan="Kepala Dinas Pendidikan",
        jenis_jabatan="JPT Pratama",
    )
    kabid = UserFactory(
        unit_kerja=bidang, atasan=kadis, nama="Made Kabid", jabatan="Kepala Bidang", jenis_jabatan="Administrator"
    )
    return kadis, kabid


def tambah_skp(page):
    page.get_by_role("link", name="Daftar SKP").click()
    page.get_by_role("link", name="Tambah SKP").click()
    expect(page.get_by_label("Periode Awal")).to_be_visible()
    page.get_by_label("Pendekatan").select_option(label="Kuantitatif")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("heading", name="Sasaran Kinerja Pegawai")).to_be_visible()


def isi_lampiran(page):
    for jenis, teks in (
        ("Dukungan Sumber Daya", "Anggaran DPA"),
        ("Skema Pertanggungjawaban", "Laporan triwulanan"),
        ("Konsekuensi", "Sesuai ketentuan disiplin PNS"),
    ):
        page.get_by_role("link", name=f"Tambah {jenis}").click()
        page.locator("#panel").get_by_label("Isi", exact=True).fill(teks)
        page.locator("#panel").get_by_role("button", name="Simpan").click()
        expect(page.locator("#lampiran")).to_contain_text(teks)


def ajukan(page):
    page.get_by_role("link", name="Ajukan SKP").click()
    expect(page.get_by_text("Anda tidak bisa melakukan perubahan sampai SKP selesai ditinjau.")).to_be_visible()
    page.get_by_role("button", name="Ajukan SKP").click()
    expect(page.locator(".meta")).to_contain_text("Pengajuan")


def test_jpt_and_bawahan_plan_submit_and_approve(live_server, page, organisasi, shot, tmp_path):
    kadis, kabid = organisasi
    url = live_server.url

    # 1. The JPT plans: Tambah SKP, Tambah Rencana Hasil Kerja (RHK) with Penugasan dari, Tambah Indikator.
    login(page, url, kadis)
    tambah_skp(page)
    page.get_by_role("link", name="Tambah Rencana Hasil Kerja (RHK)").click()
    panel = page.locator("#panel")
    panel.get_by_label("Klasifikasi RHK", exact=True).select_option("individu")
    panel.get_by_label("Jenis RHK", exact=True).select_option("utama")
    panel.get_by_label("Rencana Hasil Kerja", exact=True).fill("Terwujudnya layanan pendidikan dasar yang bermutu")
    expect(panel.get_by_label("Penugasan dari", exact=True)).to_have_value("Sekretaris Daerah")
    panel.get_by_role("button", name="Simpan").click()
    expect(page.locator("#hasil-kerja")).to_contain_text("Terwujudnya layanan pendidikan dasar yang bermutu")
    page.get_by_role("link", name="Tambah Indikator").click()
    panel.get_by_label("Indikator", exact=True).fill("Persentase SD terakreditasi minimal B")
    panel.get_by_label("Target", exact=True).fill("92,5")
    panel.get_by_label("Satuan", exact=True).fill("%")
    panel.get_by_label("Perspektif", exact=True).select_option(label="Penerima Layanan")
    panel.get_by_role("button", name="Simpan").click()
    expect(page.locator("#hasil-kerja")).to_contain_text("92,5 %")
    isi_lampiran(page)
    shot("skp-jpt-draft-desktop")
    ajukan(page)

    # 2. The bawahan plans, intervening the JPT's RHK, and submits.
    login(page, url, kabid)
    tambah_skp(page)
    page.get_by_role("link", name="Tambah Rencana Hasil Kerja (RHK)").click()
    panel.get_by_label("Rencana Hasil Kerja", exact=True).fill("Terlaksananya pembinaan mutu SD se-kabupaten")
    panel.get_by_label("RHK Atasan yang Diintervensi", exact=True).select_option(
        label="Utama: Terwujudnya layanan pendidikan dasar yang bermutu"
    )
    panel.get_by_role("button", name="Simpan").click()
    expect(page.locator("#hasil-kerja")).to_contain_text("Terlaksananya pembinaan mutu SD se-kabupaten")
    page.get_by_role("link", name="Tambah Indikator").click()
    panel.get_by_label("Indikator", exact=True).fill("Jumlah SD yang dibina")
    panel.get_by_label("Target", exact=True).fill("25")
    panel.get_by_label("Satuan", exact=True).fill("sekolah")
    panel.get_by_label("Aspek", exact=True).select_option(label="Kuantitas")
    panel.get_by_role("button", name="Simpan").click()
    expect(page.locator("#hasil-kerja")).to_contain_text("25 sekolah")
    isi_lampiran(page)
    ajukan(page)

    # 3. The JPT sees it under SKP Bawahan and approves it with Edit Status.
    login(page, url, kadis)
    page.get_by_role("link", name="SKP Bawahan").first.click()
    row = page.get_by_role("row", name=re.compile("Made Kabid"))
    expect(row).to_contain_text("Pengajuan")
    row.get_by_role("link", name="Detail SKP").click()
    page.get_by_role("link", name="Edit Status").click()
    page.locator("#panel").get_by_label("Status", exact=True).select_option(label="Persetujuan")
    page.locator("#panel").get_by_role("button", name="Simpan").click()
    expect(page.locator(".meta")).to_contain_text("Persetujuan")
    expect(page.locator("#riwayat")).to_contain_text("Pengajuan → Persetujuan")
    shot("skp-bawahan-approved-desktop")
    skp = Skp.objects.get(pegawai=kabid)
    assert skp.status == StatusSkp.PERSETUJUAN

    # 4. Cetak: the print dialog (Tanggal, Lokasi), the PDF downloads and contains the RHK.
    page.get_by_role("link", name="Cetak").click()
    page.get_by_label("Lokasi", exact=True).fill("Sukamaju")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Cetak").click()
    pdf = tmp_path / "skp.pdf"
    download_info.value.save_as(pdf)
    raw = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    text = " ".join(raw.split())  # table cells wrap their text over several lines
    assert "SASARAN KINERJA PEGAWAI" in text
    assert "Terlaksananya pembinaan mutu SD se-kabupaten" in text
    assert "Sukamaju" in text


def test_detail_skp_on_a_phone(live_server, phone, organisasi):
    kadis, _ = organisasi
    login(phone, live_server.url, kadis)
    tambah_skp(phone)
    phone.get_by_role("link", name="Tambah Rencana Hasil Kerja (RHK)").click()
    phone.locator("#panel").get_by_label("Rencana Hasil Kerja", exact=True).fill(
        "Terwujudnya layanan pendidikan dasar yang bermutu"
    )
    phone.locator("#panel").get_by_role("button", name="Simpan").click()
    expect(phone.locator("#hasil-kerja")).to_contain_text("Terwujudnya layanan")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / "skp-detail-phone.png"), full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 392

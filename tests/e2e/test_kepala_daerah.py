"""The top of the tree in Chromium (docs/rules.md §1.12, §7.9): the Bupati, a pejabat non-ASN, logs in with the nama
pengguna the admin gave him, approves the Sekretaris Daerah's SKP, gives umpan balik and rates; then he sets the
Sekretariat Daerah's Capaian Kinerja Organisasi on Lihat Kurva, and the Sekretaris Daerah's Rating Hasil Kerja follows
it on the evaluation page, shown as derived with why; he Tetapkan and prints a Form Penilaian with "NIP. -"."""

import datetime
import re
import subprocess

import pytest
from playwright.sync_api import expect

from penilaian import services
from skp.models import PerilakuKerja, Skp, StatusSkp
from tests.e2e.conftest import SCREENSHOTS
from tests.factories import (
    TEST_PASSWORD,
    PejabatNonAsnFactory,
    SkpFactory,
    UnitKerjaFactory,
    UserFactory,
    complete_skp,
    rencana_aksi_lengkap,
)


@pytest.fixture
def puncak(instansi):
    bupati = PejabatNonAsnFactory(instansi=instansi, nama_login="bupati.sukamaju", jabatan="Bupati Sukamaju")
    setda = UnitKerjaFactory(instansi=instansi, nama="Sekretariat Daerah")
    sekda = UserFactory(
        unit_kerja=setda, atasan=bupati, nama="Hendra Sekda", jabatan="Sekretaris Daerah", jenis_jabatan="JPT Pratama"
    )
    skp = complete_skp(
        SkpFactory(
            pegawai=sekda,
            status=StatusSkp.PENGAJUAN,
            periode_awal=datetime.date(2026, 1, 1),
            periode_akhir=datetime.date(2026, 12, 31),
        ),
        rhk_count=2,
    )
    return bupati, sekda, skp


def test_the_bupati_approves_rates_and_the_capaian_decides_the_sekda_rating(
    live_server,
    page,
    phone,
    februari,
    puncak,
    shot,
    tmp_path,
):
    bupati, sekda, skp = puncak
    url = live_server.url

    # 1. The Bupati logs in by the pejabat link, with his nama pengguna.
    page.goto(f"{url}/masuk/")
    page.get_by_role("link", name=re.compile("Pejabat non-ASN")).click()
    page.get_by_label("Nama pengguna", exact=True).fill("Bupati.Sukamaju")
    page.get_by_label("Kata Sandi", exact=True).fill(TEST_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")
    expect(page.get_by_role("navigation", name="Menu utama")).not_to_contain_text("Daftar SKP")

    # 2. SKP Bawahan → Detail SKP → Edit Status → Persetujuan.
    page.get_by_role("link", name="SKP Bawahan").first.click()
    row = page.get_by_role("row", name=re.compile("Hendra Sekda"))
    expect(row).to_contain_text("Pengajuan")
    row.get_by_role("link", name="Detail SKP").click()
    page.get_by_role("link", name="Edit Status").click()
    page.locator("#panel").get_by_label("Status", exact=True).select_option(label="Persetujuan")
    page.locator("#panel").get_by_role("button", name="Simpan").click()
    expect(page.locator(".meta")).to_contain_text("Persetujuan")
    assert Skp.objects.get(pk=skp.pk).status == StatusSkp.PERSETUJUAN

    # The Sekretaris Daerah adds Triwulan I and fills it (the pegawai's side is walked in test_penilaian_flow).
    periode = services.periode_create(actor=sekda, skp_id=skp.pk, kode="2026-TW1")
    rencana_aksi_lengkap(periode)

    # 3. Pemantauan dan Evaluasi → Evaluasi: umpan balik on every row, then the ratings.
    page.get_by_role("link", name="Pemantauan dan Evaluasi", exact=True).click()
    expect(page.get_by_role("row", name=re.compile("Hendra Sekda"))).to_contain_text("Sudah mengisi")
    page.get_by_role("row", name=re.compile("Hendra Sekda")).get_by_role("link", name="Evaluasi").click()
    rows = page.locator(".eval-row")
    assert rows.count() == 2 + PerilakuKerja.objects.count()
    for i in range(rows.count()):
        row = rows.nth(i)
        row.get_by_label("Umpan Balik", exact=True).fill("Sesuai arahan kepala daerah")
        row.get_by_label("👍 Positif", exact=True).check()
    page.get_by_role("button", name="Simpan semua umpan balik").click()
    expect(page.get_by_text(f"{rows.count()} umpan balik disimpan.")).to_be_visible()
    # No capaian yet: the form says the rating will follow it and who sets it; the Bupati rates meanwhile.
    expect(page.locator("#rating-pimpinan")).to_contain_text("Capaian Kinerja Organisasi Sekretariat Daerah")
    page.get_by_label("Rating Hasil Kerja", exact=True).select_option(label="Sesuai Ekspektasi")
    page.get_by_label("Rating Perilaku Kerja", exact=True).select_option(label="Diatas Ekspektasi")
    page.get_by_role("button", name="Simpan rating").click()
    expect(page.locator("#rating")).to_contain_text("Predikat Kinerja: Baik")

    # 4. Rated, then the capaian is set: Lihat Kurva → Capaian Istimewa; the rating follows, shown as derived.
    page.get_by_role("link", name="Pemantauan dan Evaluasi", exact=True).click()
    page.get_by_role("row", name=re.compile("Hendra Sekda")).get_by_role("link", name="Lihat Kurva").click()
    page.get_by_label("Capaian", exact=True).select_option(label="Istimewa")
    page.get_by_role("button", name="Simpan capaian").click()
    expect(page.locator("main")).to_contain_text("Istimewa")
    page.get_by_role("link", name="Pemantauan dan Evaluasi", exact=True).click()
    page.get_by_role("row", name=re.compile("Hendra Sekda")).get_by_role("link", name="Evaluasi").click()
    expect(page.locator("#rating-pimpinan")).to_contain_text("Istimewa")
    derived = page.get_by_label("Rating Hasil Kerja", exact=True)
    expect(derived).to_be_disabled()
    expect(derived).to_have_value("diatas")
    expect(page.locator("#rating")).to_contain_text("Predikat Kinerja: Sangat Baik")
    shot("kepala-daerah-evaluasi-desktop")

    # The same page on a phone, logged in the same way.
    phone.context.add_cookies(page.context.cookies())
    phone.goto(page.url)
    expect(phone.locator("#rating-pimpinan")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / "kepala-daerah-evaluasi-phone.png"), full_page=True)

    # 5. Tetapkan, and the printed Form Penilaian names the Bupati as penilai with "NIP. -".
    page.get_by_role("link", name="Tetapkan", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tetapkan penilaian")
    page.get_by_role("button", name="Tetapkan").click()
    expect(page.locator(".meta")).to_contain_text("Ditetapkan")
    page.get_by_role("link", name="Cetak Form Penilaian").click()
    page.get_by_label("Lokasi", exact=True).fill("Sukamaju")
    with page.expect_download() as download:
        page.get_by_role("button", name="Cetak").click()
    pdf = tmp_path / "form.pdf"
    download.value.save_as(pdf)
    text = " ".join(
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    assert "Sangat Baik" in text
    assert bupati.nama_lengkap in text and "NIP. -" in text

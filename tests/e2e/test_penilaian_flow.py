"""The quarterly guide's flow in Chromium (docs/rules.md §5–§7): the pegawai adds Triwulan I and fills rencana aksi,
bukti dukung and realisasi; the penilai gives feedback on every row, rates, sees the predikat, Tetapkan, and
prints the Form Penilaian, whose text contains the predikat."""

import datetime
import re
import subprocess

from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS, login
from tests.factories import SkpFactory, complete_skp


def test_quarterly_flow_from_rencana_aksi_to_the_printed_form(live_server, page, februari, pegawai, atasan, tmp_path):
    skp = complete_skp(
        SkpFactory(
            pegawai=pegawai,
            status="persetujuan",
            periode_awal=datetime.date(2026, 1, 1),
            periode_akhir=datetime.date(2026, 12, 31),
        )
    )
    rhk = skp.rhk_list.get()
    url = live_server.url

    # The pegawai: Penilaian → Tambah Periode Penilaian (Triwulan I) → rencana aksi, realisasi, bukti dukung.
    login(page, url, pegawai)
    page.goto(f"{url}{skp.get_absolute_url()}")
    page.get_by_role("link", name="Penilaian", exact=True).click()
    page.get_by_label("Periode", exact=True).select_option(value="2026-TW1")
    page.get_by_role("button", name="Tambah Periode Penilaian").click()
    expect(page.get_by_text("5 April 2026")).to_be_visible()
    page.get_by_role("link", name="Tambah Rencana Aksi").click()
    page.get_by_label("Rencana Aksi", exact=True).fill("Menyusun daftar usulan mutasi triwulan I")
    page.get_by_label("Target", exact=True).fill("3")
    page.get_by_label("Satuan", exact=True).fill("dokumen")
    page.get_by_role("button", name="Simpan").click()
    page.get_by_role("link", name="Isi Realisasi").click()
    page.get_by_label("Realisasi", exact=True).fill("30")
    page.get_by_label("Sumber Data", exact=True).fill("Laporan")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("30 berdasarkan Laporan")).to_be_visible()
    page.get_by_role("link", name="Tambah Bukti Dukung").click()
    page.get_by_label("Nama", exact=True).fill("Daftar usulan")
    page.get_by_label("Link", exact=True).fill("https://drive.example.go.id/usulan.pdf")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("link", name="Daftar usulan")).to_have_attribute("rel", "noopener noreferrer")

    # The penilai: Pemantauan dan Evaluasi → feedback on every row → ratings → predikat → Tetapkan.
    login(page, url, atasan)
    page.get_by_role("link", name="Pemantauan dan Evaluasi", exact=True).click()  # the menu; Beranda links a period
    expect(page.get_by_role("row", name=re.compile(pegawai.nama))).to_contain_text("Sudah mengisi")
    page.get_by_role("link", name="Evaluasi", exact=True).click()
    # One row saved on its own (htmx): the text typed in the next row stays, unsaved.
    rows = page.locator(".eval-row")
    first, second = rows.nth(0), rows.nth(1)
    first.get_by_label("Umpan Balik", exact=True).fill("Sesuai rencana dan tepat waktu")
    first.get_by_label("👍 Positif", exact=True).check()
    second.get_by_label("Umpan Balik", exact=True).fill("Diketik, belum disimpan")
    first.get_by_role("button", name="Simpan umpan balik").click()
    expect(page.locator(".eval-row").nth(0)).to_contain_text("✓ Umpan balik disimpan.")
    expect(page.locator(".eval-row").nth(1).get_by_label("Umpan Balik", exact=True)).to_have_value(
        "Diketik, belum disimpan"
    )
    # The rest typed, then saved at once with Simpan semua umpan balik.
    for i in range(1, rows.count()):
        row = page.locator(".eval-row").nth(i)
        row.get_by_label("Umpan Balik", exact=True).fill("Sesuai rencana dan tepat waktu")
        row.get_by_label("👍 Positif", exact=True).check()
    page.get_by_role("button", name="Simpan semua umpan balik").click()
    expect(page.get_by_text(f"{rows.count() - 1} umpan balik disimpan.")).to_be_visible()
    expect(page.locator(".eval-row .status-persetujuan")).to_have_count(rows.count())
    page.get_by_label("Rating Hasil Kerja", exact=True).select_option(label="Diatas Ekspektasi")
    page.get_by_label("Rating Perilaku Kerja", exact=True).select_option(label="Diatas Ekspektasi")
    page.get_by_role("button", name="Simpan rating").click()
    expect(page.locator(".meta")).to_contain_text("Sangat Baik")
    page.get_by_role("link", name="Tetapkan", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tetapkan penilaian")
    page.get_by_role("button", name="Tetapkan").click()
    expect(page.locator(".meta")).to_contain_text("Ditetapkan")
    # After Tetapkan the page still shows both ratings, not only the predikat.
    expect(page.locator("#hasil-rating")).to_contain_text("Rating Hasil Kerja: Diatas Ekspektasi")
    expect(page.locator("#hasil-rating")).to_contain_text("Rating Perilaku Kerja: Diatas Ekspektasi")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "evaluasi-ditetapkan.png"), full_page=True)

    # Cetak Form Penilaian: the PDF's text contains the predikat.
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
    assert rhk.teks in text

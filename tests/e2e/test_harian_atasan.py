"""Issue 11's "done when", in Chromium: the pegawai records three daily entries on their Progres Harian page, the atasan
ticks them on Persetujuan Bulanan and approves the month, and the printed recap contains them with the approval. Also
the import's preview of a file with mistakes. Screenshots at 1280 and 390 px go to /tmp/shots-atasan/ (for looking at,
not for asserting)."""

import datetime
import io
import re
import subprocess
from pathlib import Path

import openpyxl
from playwright.sync_api import expect

from harian.partisi import partisi_tahun
from harian.services import KOLOM
from tests.e2e.conftest import login
from tests.factories import IndikatorFactory, PeriodePenilaianFactory, RencanaAksiFactory, RhkFactory, SkpFactory
from tests.harian.factories import PengaturanHarianFactory

SHOTS = Path("/tmp/shots-atasan")
URAIAN = [
    "Mengagendakan surat masuk dari dinas pendidikan",
    "Mendistribusikan disposisi kepala bidang",
    "Mengarsipkan surat keluar minggu pertama",
]


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _scene(pegawai, atasan):
    partisi_tahun(2026)
    PengaturanHarianFactory(instansi=pegawai.instansi)
    skp = SkpFactory(
        pegawai=pegawai,
        status="persetujuan",
        periode_awal=datetime.date(2026, 1, 1),
        periode_akhir=datetime.date(2026, 12, 31),
    )
    rhk = RhkFactory(skp=skp, teks="Terkelolanya surat masuk dan keluar")
    IndikatorFactory(rhk=rhk, teks="Surat yang diagendakan", target_angka=1200, satuan="surat")
    periode = PeriodePenilaianFactory(skp=skp)
    return RencanaAksiFactory(periode=periode, rhk=rhk, teks="Mengagendakan dan mendistribusikan surat", satuan="surat")


def _record(page, url: str, tanggal: str, mulai: str, selesai: str, uraian: str, realisasi: str) -> None:
    page.goto(f"{url}/harian/progres/tambah/")
    page.get_by_label("Rencana Aksi / Target Bulanan", exact=True).select_option(
        label="Mengagendakan dan mendistribusikan surat (surat)"
    )
    page.get_by_label("Tanggal", exact=True).fill(tanggal)
    page.get_by_label("Jam mulai", exact=True).fill(mulai)
    page.get_by_label("Jam selesai", exact=True).fill(selesai)
    page.get_by_label("Uraian kegiatan", exact=True).fill(uraian)
    page.get_by_label("Realisasi", exact=True).fill(realisasi)
    page.get_by_role("button", name="Simpan").click()
    expect(page.locator("main")).to_contain_text(uraian[:40])


def test_three_entries_ticked_approved_and_printed(live_server, page, phone, februari, pegawai, atasan, tmp_path):
    _scene(pegawai, atasan)
    url = live_server.url

    # The pegawai records three entries on the window's days (10, 9 and 6 February) on their own page.
    login(page, url, pegawai)
    for (tanggal, mulai, selesai, realisasi), uraian in zip(
        [
            ("2026-02-10", "08:00", "09:30", "12"),
            ("2026-02-09", "13:00", "14:00", "5"),
            ("2026-02-06", "08:00", "10:00", "30"),
        ],
        URAIAN,
        strict=True,
    ):
        _record(page, url, tanggal, mulai, selesai, uraian, realisasi)

    # The atasan: Persetujuan Bulanan lists the bawahan with three entries waiting.
    login(page, url, atasan)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{url}/harian/atasan/")
    row = page.get_by_role("row", name=re.compile(pegawai.nama))
    expect(row).to_contain_text("Menunggu persetujuan")
    expect(row.locator('td[data-label="Belum diperiksa"]')).to_have_text("3")
    shot(page, "daftar-1280")
    row.get_by_role("link", name="Periksa").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"SKP Bulanan Februari 2026: {pegawai.nama}")
    shot(page, "bulan-1280")

    # Tick them: all waiting chosen (no JavaScript needed), then Setujui semua yang dipilih.
    page.get_by_role("link", name="Pilih semua yang belum diperiksa").click()
    for uraian in URAIAN:
        expect(page.get_by_role("row", name=re.compile(uraian[:30])).get_by_role("checkbox")).to_be_checked()
    page.get_by_role("button", name="Setujui semua yang dipilih").click()
    expect(page.get_by_text("3 progres harian ditandai sesuai.")).to_be_visible()
    expect(page.locator("table.progres-atasan .status.sesuai")).to_have_count(3)

    # Approve the month.
    page.get_by_role("button", name="Setujui SKP Bulanan").click()
    expect(page.get_by_text(f"SKP Bulanan Februari 2026 {pegawai.nama} disetujui.")).to_be_visible()
    expect(page.locator("#persetujuan")).to_contain_text(f"Disetujui oleh {atasan.nama_lengkap}")
    shot(page, "bulan-disetujui-1280")

    # The recap: the print dialog, then the PDF contains the three entries and the approval.
    page.get_by_role("link", name="Cetak Rekap").click()
    page.get_by_label("Lokasi", exact=True).fill("Sukamaju")
    with page.expect_download() as download:
        page.get_by_role("button", name="Cetak").click()
    pdf = tmp_path / "rekap.pdf"
    download.value.save_as(pdf)
    text = " ".join(
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    for uraian in URAIAN:
        assert uraian in text
    assert f"Disetujui oleh {atasan.nama_lengkap} pada 10-02-2026" in text
    assert "47 surat" in text and "Sukamaju, 10 Februari 2026" in text

    # The same pages at a phone's width.
    login(phone, url, atasan)
    phone.goto(f"{url}/harian/atasan/")
    expect(phone.get_by_role("link", name=pegawai.nama)).to_be_visible()
    shot(phone, "daftar-390")
    phone.get_by_role("link", name=pegawai.nama).click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("SKP Bulanan Februari 2026")
    shot(phone, "bulan-390")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the month page scrolls sideways at 390 px ({width} px)"


def _file(kode: str) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Progres Harian"
    sheet.append([label for _, label in KOLOM])
    sheet.append(["10-02-2026", "08:00", "09:00", kode, "Mengagendakan surat masuk", "3", "surat", ""])
    sheet.append(["10-02-2026", "10:00", "09:00", kode, "Rapat koordinasi", "1", "surat", ""])
    sheet.append(["31-02-2026", "08:00", "09:00", kode, "Menyusun laporan", "1", "surat", ""])
    sheet.append(["10-02-2026", "08:30", "09:30", "RA-999999", "Kegiatan tumpang tindih", "1", "surat", ""])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_import_preview_names_every_row_s_problem(live_server, page, phone, februari, pegawai, atasan, tmp_path):
    rencana_aksi = _scene(pegawai, atasan)
    berkas = tmp_path / "progres-februari.xlsx"
    berkas.write_bytes(_file(f"RA-{rencana_aksi.pk}"))
    for browser_page, width in ((page, 1280), (phone, 390)):
        login(browser_page, live_server.url, pegawai)
        if width == 1280:
            browser_page.set_viewport_size({"width": 1280, "height": 900})
        browser_page.goto(f"{live_server.url}/harian/impor/")
        browser_page.get_by_label("Berkas progres harian (.xlsx atau .csv)").set_input_files(str(berkas))
        browser_page.get_by_role("button", name="Unggah dan periksa").click()
        problems = browser_page.locator(".impor-masalah")
        expect(problems).to_contain_text("Berkas tidak disimpan: 3 baris bermasalah dari 4 baris.")
        expect(problems).to_contain_text("Baris 3: Jam selesai harus sesudah jam mulai")
        expect(problems).to_contain_text("Baris 4: Tanggal (dd-mm-yyyy): isian “31-02-2026” tidak dapat dibaca.")
        expect(problems).to_contain_text("Baris 5: Pilih rencana aksi atau target bulanan Anda sendiri.")
        expect(browser_page.get_by_role("button", name=re.compile("Simpan semua"))).to_have_count(0)
        shot(browser_page, f"impor-pratinjau-{width}")

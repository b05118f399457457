"""Dasbor Laporan in Chromium (issue 12): the demo's admin instansi sees who is behind, drills down a unit to the
names, and downloads Laporan SKP and Laporan Penilaian as Excel workbooks that open (read back with openpyxl); the
same pages on a 390-px phone, without sideways scrolling."""

import re

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from accounts.demo import seed_accounts_demo
from accounts.models import User
from laporan.exports import KOLOM_PENILAIAN, KOLOM_SKP
from penilaian.demo import seed_penilaian_demo
from penilaian.models import PeriodePenilaian
from skp.demo import seed_skp_demo
from skp.models import Skp
from tests.e2e.conftest import SCREENSHOTS, login
from tests.e2e.test_target_size import SMALL
from tests.factories import TEST_PASSWORD

ADMIN_NIP = "199103232017031039"


@pytest.fixture
def demo(transactional_db):
    """The demo pemda (people, SKPs, penilaian) as `manage.py seed_demo` makes it, and its admin instansi with the
    tests' password."""
    _, logins = seed_accounts_demo()
    seed_skp_demo(logins)
    seed_penilaian_demo(logins)
    admin = User.objects.get(nip=ADMIN_NIP)
    admin.set_password(TEST_PASSWORD)
    admin.save()
    return admin


def number_link(page, label: str):
    """The first drill-down link whose accessible name says `label` ("pegawai Belum ada SKP, Jumlah")."""
    return page.get_by_role("link", name=re.compile(rf"^\d+ {re.escape(label)}$")).first


def test_the_admin_sees_who_is_behind_drills_down_and_downloads_both_reports(live_server, page, demo, tmp_path):
    login(page, live_server.url, demo)
    page.goto(f"{live_server.url}/laporan/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dasbor Laporan: Pemerintah Kabupaten Sukamaju")
    tahun = timezone.localdate().year
    expect(page.get_by_role("heading", name=f"Status SKP {tahun}", exact=True)).to_be_visible()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=str(SCREENSHOTS / "laporan-dasbor-desktop.png"), full_page=True)

    # Who has no SKP yet in the whole instansi: the number opens the list of exactly those names.
    tanpa = number_link(page, "pegawai Belum ada SKP, Jumlah")
    jumlah = int(tanpa.inner_text().split()[0])
    tanpa.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Belum ada SKP · Status SKP {tahun}")
    expect(page.locator("table.daftar-pegawai tbody tr")).to_have_count(jumlah)
    with_skp = Skp.objects.filter(periode_awal__year=tahun, plt__isnull=True).values_list("pegawai__nip", flat=True)
    shown = set(page.locator("td.nip").all_inner_texts())
    assert len(shown) == jumlah and not shown & set(with_skp)

    # Down the tree: Dinas Pendidikan, then who in it has an SKP waiting for approval (Pengajuan).
    page.get_by_role("link", name=re.compile("^← Dasbor Laporan")).click()
    page.get_by_role("link", name="Dinas Pendidikan", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dasbor Laporan: Dinas Pendidikan")
    number_link(page, "pegawai Pengajuan, Jumlah").click()
    expected = set(
        Skp.objects.filter(status="pengajuan", pegawai__unit_kerja__path__contains="Dinas Pendidikan").values_list(
            "pegawai__nip", flat=True
        )
    )
    expect(page.locator("td.nip")).to_have_count(len(expected))
    assert set(page.locator("td.nip").all_inner_texts()) == expected
    page.screenshot(path=str(SCREENSHOTS / "laporan-daftar-desktop.png"), full_page=True)

    # Both downloads of the unit, as Excel workbooks that open with the reports' columns and rows.
    page.get_by_role("link", name=re.compile("^← Dasbor Laporan")).click()
    unduh = page.get_by_role("region", name=re.compile("^Unduh laporan Dinas Pendidikan"))
    with page.expect_download() as skp_download:
        unduh.get_by_role("listitem").filter(has_text="Laporan SKP").get_by_role("link", name="Excel (.xlsx)").click()
    rows = read_back(skp_download.value, tmp_path, "Laporan SKP")
    assert rows[0] == KOLOM_SKP
    in_unit = Skp.objects.filter(unit_kerja__path__contains="Dinas Pendidikan", periode_awal__year=tahun)
    assert sorted(r[0] for r in rows[1:]) == sorted(in_unit.values_list("pegawai__nip", flat=True))
    with page.expect_download() as penilaian_download:
        unduh.get_by_role("listitem").filter(has_text="Laporan Penilaian").get_by_role(
            "link", name="Excel (.xlsx)"
        ).click()
    rows = read_back(penilaian_download.value, tmp_path, "Laporan Penilaian")
    assert rows[0] == KOLOM_PENILAIAN
    kode = re.search(r"kode=([\w-]+)", penilaian_download.value.url).group(1)
    periods = PeriodePenilaian.objects.filter(kode=kode, skp__unit_kerja__path__contains="Dinas Pendidikan")
    assert len(rows) - 1 == periods.count() > 0
    predikat = {"", "Sangat Baik", "Baik", "Butuh Perbaikan", "Kurang/Misconduct", "Sangat Kurang"}
    assert {r[8] for r in rows[1:]} <= predikat


def read_back(download, tmp_path, sheet: str) -> list[list]:
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert target.suffix == ".xlsx"
    return [["" if v is None else v for v in row] for row in load_workbook(target, read_only=True)[sheet].values]


def test_the_dashboard_and_its_list_read_on_a_phone(live_server, phone, demo):
    login(phone, live_server.url, demo)
    phone.goto(f"{live_server.url}/laporan/")
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Dasbor Laporan")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # the tables fold into cards, no sideways
    assert phone.evaluate(SMALL) == []  # every link standing on its own is at least 24 px tall
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / "laporan-dasbor-phone.png"), full_page=True)
    number_link(phone, "pegawai Belum ada SKP, Jumlah").click()
    expect(phone.locator("table.daftar-pegawai tbody tr").first).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    assert phone.evaluate(SMALL) == []
    phone.screenshot(path=str(SCREENSHOTS / "laporan-daftar-phone.png"), full_page=True)

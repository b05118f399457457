"""Beranda's to-do list in Chromium (decision 0015): an atasan logs in, finds the bawahan SKP waiting for them at the
top of Beranda, on a desktop and on a 390-px phone, and follows its link to the SKP."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.test_target_size import SMALL
from tests.factories import TEST_PASSWORD, RhkFactory, SkpFactory, complete_skp


@pytest.fixture
def menunggu(clock, atasan, pegawai):
    """Ani Pegawai's SKP for 2026, submitted (Pengajuan) and waiting for Budi Atasan, whose own SKP is approved."""
    rhk_atasan = RhkFactory(skp=SkpFactory(pegawai=atasan, status="persetujuan"), teks="Terwujudnya mutasi tepat waktu")
    return complete_skp(SkpFactory(pegawai=pegawai, status="pengajuan"), rhk_atasan=rhk_atasan)


def log_in(page, url, user):
    page.goto(f"{url}/masuk/")
    page.get_by_label("NIP").fill(user.nip)
    page.get_by_label("Kata Sandi").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")


def waiting_item(page):
    """The to-do item of Ani Pegawai's SKP, inside the list of SKP Bawahan waiting for approval."""
    return (
        page.get_by_role("list", name=re.compile("SKP Bawahan menunggu"))
        .get_by_role("listitem")
        .filter(has_text="Ani Pegawai")
    )


def test_an_atasan_finds_the_waiting_skp_on_beranda_and_opens_it(live_server, page, phone, atasan, menunggu, shot):
    log_in(page, live_server.url, atasan)
    tugas = page.get_by_role("region", name=re.compile("Yang perlu dikerjakan"))
    expect(tugas.get_by_role("heading", level=2)).to_have_text("Yang perlu dikerjakan (2)")
    expect(tugas.get_by_role("heading", name="SKP Bawahan menunggu persetujuan Anda (1)")).to_be_visible()
    item = waiting_item(page)
    expect(item).to_contain_text("diajukan, tinjau lalu Persetujuan atau Kembalikan")
    expect(tugas).to_contain_text("Triwulan I 2026 (1 Jan – 31 Mar 2026) belum ditambahkan")  # his own SKP's period
    shot("beranda-atasan-desktop")
    item.get_by_role("link", name=re.compile("^Detail SKP")).click()
    expect(page).to_have_url(re.compile(rf"/skp/{menunggu.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sasaran Kinerja Pegawai")
    expect(page.locator(".meta")).to_contain_text("Pengajuan")

    log_in(phone, live_server.url, atasan)
    item = waiting_item(phone)
    expect(item).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling on a phone
    assert phone.evaluate(SMALL) == []  # every link standing on its own is at least 24 px tall
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / "beranda-atasan-phone.png"), full_page=True)
    item.get_by_role("link", name=re.compile("^Detail SKP")).click()
    expect(phone).to_have_url(re.compile(rf"/skp/{menunggu.pk}/$"))
    expect(phone.get_by_role("heading", level=1)).to_have_text("Sasaran Kinerja Pegawai")

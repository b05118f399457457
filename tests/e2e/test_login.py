"""A pegawai logs in through the real login page in Chromium and sees their home page."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS
from tests.factories import TEST_PASSWORD


def test_pegawai_logs_in_and_sees_profile_and_bawahan(live_server, page, atasan, pegawai, shot):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/masuk/"))
    shot("login-desktop")
    page.get_by_label("NIP").fill(atasan.nip)
    page.get_by_label("Kata Sandi").fill("salah")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("alert")).to_contain_text("NIP atau kata sandi salah.")
    expect(page.get_by_label("NIP")).to_have_value(atasan.nip)  # what was typed survives
    page.get_by_label("Kata Sandi").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(atasan.nama)
    expect(page.get_by_role("heading", name=re.compile("Bawahan"))).to_be_visible()
    expect(page.get_by_role("cell", name=pegawai.nama_lengkap)).to_be_visible()
    assert atasan.nip not in page.url
    shot("home-desktop")
    page.get_by_role("button", name="Keluar").click()
    expect(page).to_have_url(re.compile(r"/masuk/"))


def test_login_and_home_fit_a_phone(live_server, phone, pegawai):
    phone.goto(f"{live_server.url}/masuk/")
    phone.get_by_label("NIP").fill(pegawai.nip)
    phone.get_by_label("Kata Sandi").fill(TEST_PASSWORD)
    phone.get_by_role("button", name="Masuk").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text(pegawai.nama)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / "home-phone.png"), full_page=True)
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def test_skip_link_is_the_first_stop_for_a_keyboard_user(live_server, page, db):
    page.goto(f"{live_server.url}/lupa-kata-sandi/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Lewati ke konten utama"
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#konten$"))

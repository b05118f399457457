"""Browser tests: Debian's Chromium driven by Playwright against the live test server."""

import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from tests.factories import TEST_PASSWORD

SCREENSHOTS = Path(__file__).resolve().parents[2] / "screenshots"


@pytest.fixture
def shot(page):
    """Save a screenshot under screenshots/ (git-ignored) (for looking at, not for asserting)."""

    def take(name: str) -> None:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    return take


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=1, is_mobile=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def februari():
    """10 February 2026, 09:00 in Jakarta: inside Triwulan I, before its batas waktu. The clock runs (the browser
    and the live server wait on it), unlike the unit tests' frozen `clock`."""
    with time_machine.travel(datetime.datetime(2026, 2, 10, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta")), tick=True):
        yield


def login(page, url: str, user) -> None:
    """Masuk with the user's NIP and the test password, from a clean browser; ends on Beranda."""
    page.context.clear_cookies()
    page.goto(f"{url}/masuk/")
    page.get_by_label("NIP", exact=True).fill(user.nip)
    page.get_by_label("Kata Sandi", exact=True).fill(TEST_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")

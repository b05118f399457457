"""Browser tests: Debian's Chromium driven by Playwright against the live test server."""

from pathlib import Path

import pytest

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

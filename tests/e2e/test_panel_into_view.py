"""Edit forms open where the user is looking (issue 10): on a long Detail SKP on a phone, Tambah Indikator of the last
RHK, its Ubah, a Lampiran link and Ubah ekspektasi load the form into the panel above the SKP; the panel is scrolled
into view and its heading has the focus, so a screen reader says which form opened."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import SCREENSHOTS, login
from tests.factories import SkpFactory, complete_skp


@pytest.fixture
def skp_panjang(pegawai):
    return complete_skp(SkpFactory(pegawai=pegawai), rhk_count=8, indikator_per_rhk=2)


def in_view(page, selector: str) -> bool:
    return page.evaluate(
        f"""() => {{ const r = document.querySelector('{selector}').getBoundingClientRect();
            return r.top >= 0 && r.top < window.innerHeight; }}"""
    )


@pytest.mark.parametrize(
    "link",
    [
        lambda page: page.locator("#hasil-kerja").get_by_role("link", name="Tambah Indikator").last,
        lambda page: page.locator("#hasil-kerja").get_by_role("link", name="Ubah", exact=True).last,
        lambda page: page.get_by_role("link", name="Tambah Dukungan Sumber Daya"),
    ],
    ids=["tambah-indikator", "ubah-indikator", "lampiran"],
)
def test_a_form_opened_far_down_a_long_skp_comes_into_view_with_focus(live_server, phone, skp_panjang, link):
    login(phone, live_server.url, skp_panjang.pegawai)
    phone.goto(f"{live_server.url}{skp_panjang.get_absolute_url()}")
    target = link(phone)
    target.scroll_into_view_if_needed()
    assert phone.evaluate("window.scrollY") > 1500  # far down the page
    target.click()
    heading = phone.locator("#panel #panel-title")
    expect(heading).to_be_focused()
    assert in_view(phone, "#panel-title")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SCREENSHOTS / "panel-into-view-phone.png"))

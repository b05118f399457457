"""Issue 10 in Chromium: a pegawai deletes a wrong Draft from Daftar SKP with JavaScript on. The Hapus button used to
aim at #panel, which only Detail SKP has, so clicking it did nothing."""

import datetime

import pytest
from playwright.sync_api import expect

from skp.models import Skp, StatusSkp
from tests.e2e.conftest import SCREENSHOTS, login
from tests.factories import SkpFactory, complete_skp


@pytest.fixture
def skp_pegawai(pegawai):
    """Last year's approved SKP, which stays, and this year's Draft made by mistake."""
    approved = complete_skp(
        SkpFactory(
            pegawai=pegawai,
            status=StatusSkp.PERSETUJUAN,
            periode_awal=datetime.date(2025, 1, 1),
            periode_akhir=datetime.date(2025, 12, 31),
        )
    )
    draft = complete_skp(SkpFactory(pegawai=pegawai))
    return approved, draft


def shot_path(name: str):
    """The `shot` fixture photographs the desktop page; the phone's page is saved beside it."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"


def rows(page):
    return page.locator("table tbody tr")


def draft_row(page):
    return rows(page).filter(has_text="Draft")


def test_a_pegawai_deletes_a_draft_from_daftar_skp_after_confirming(live_server, page, pegawai, skp_pegawai, shot):
    approved, draft = skp_pegawai
    login(page, live_server.url, pegawai)
    page.get_by_role("link", name="Daftar SKP").first.click()
    expect(rows(page)).to_have_count(2)
    shot("daftar-skp-hapus-desktop")

    # Batal in the browser's confirmation keeps the SKP.
    page.once("dialog", lambda dialog: dialog.dismiss())
    draft_row(page).get_by_role("button", name="Hapus").click()
    expect(rows(page)).to_have_count(2)
    assert Skp.objects.filter(pk=draft.pk).exists()

    asked = []

    def accept(dialog):
        asked.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    draft_row(page).get_by_role("button", name="Hapus").click()

    expect(page.get_by_text("SKP dihapus.")).to_be_visible()
    expect(rows(page)).to_have_count(1)
    expect(draft_row(page)).to_have_count(0)
    expect(rows(page).first).to_contain_text("Persetujuan")
    assert asked == ["Hapus SKP ini beserta seluruh isinya?"]
    assert list(Skp.objects.filter(pegawai=pegawai)) == [approved]
    shot("daftar-skp-setelah-hapus-desktop")


def test_a_pegawai_deletes_a_draft_from_daftar_skp_on_a_phone(live_server, phone, pegawai, skp_pegawai):
    _, draft = skp_pegawai
    login(phone, live_server.url, pegawai)
    phone.goto(f"{live_server.url}/skp/")
    hapus = draft_row(phone).get_by_role("button", name="Hapus")
    expect(hapus).to_be_visible()
    phone.screenshot(path=str(shot_path("daftar-skp-hapus-phone")), full_page=True)

    phone.once("dialog", lambda dialog: dialog.accept())
    hapus.click()

    expect(phone.get_by_text("SKP dihapus.")).to_be_visible()
    expect(draft_row(phone)).to_have_count(0)
    assert not Skp.objects.filter(pk=draft.pk).exists()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 392
    phone.screenshot(path=str(shot_path("daftar-skp-setelah-hapus-phone")), full_page=True)

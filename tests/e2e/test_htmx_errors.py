"""An error answering an htmx request shows our error page in place of the page's content (issue 10): before, a
button whose request was refused (a stale form, a page gone) seemed to do nothing."""

from playwright.sync_api import expect

from skp.models import Skp
from tests.e2e.conftest import login
from tests.factories import SkpFactory


def test_a_stale_form_refused_by_csrf_says_so_in_place(live_server, page, pegawai):
    draft = SkpFactory(pegawai=pegawai)
    login(page, live_server.url, pegawai)
    page.goto(f"{live_server.url}/skp/")
    page.context.clear_cookies(name="csrftoken")  # as after a long pause, a new login elsewhere, or Back
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Hapus").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Halaman sudah kedaluwarsa")
    expect(page.locator("main")).to_have_count(1)
    assert Skp.objects.filter(pk=draft.pk).exists()

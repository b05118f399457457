"""The admin instansi's forms pass axe-core (the engine behind most accessibility checkers), run in the real
browser: the Plt form with its autocomplete boxes, empty and filled, and a change form whose breadcrumbs end in a
long name."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.factories import TEST_PASSWORD, PltAssignmentFactory


def axe_violations(page) -> list[str]:
    """Every axe violation on the page, one line each: the rule, its impact and the elements."""
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {', '.join(str(n['target']) for n in v['nodes'])}"
        for v in results.response["violations"]
    ]


@pytest.fixture
def admin_page(live_server, page, admin_instansi):
    page.goto(f"{live_server.url}/masuk/")
    page.get_by_label("NIP").fill(admin_instansi.nip)
    page.get_by_label("Kata Sandi").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("link", name="Admin Instansi")).to_be_visible()
    return page


def test_plt_add_form_names_each_autocomplete_box_by_its_label(live_server, admin_page, shot):
    page = admin_page
    page.goto(f"{live_server.url}/admin/accounts/pltassignment/add/")
    # A screen reader announces the empty boxes by their labels, not as unnamed fields.
    for label in ("Pegawai", "Unit kerja", "Atasan untuk jabatan Plt"):
        expect(page.get_by_role("combobox", name=label)).to_be_visible()
    shot("admin-plt-tambah")
    assert axe_violations(page) == []


def test_plt_change_form_with_breadcrumbs_passes_axe(live_server, admin_page, pegawai, atasan, unit, shot):
    plt = PltAssignmentFactory(
        pegawai=pegawai, atasan=atasan, unit_kerja=unit, jabatan="Kepala Bidang Pengembangan Kompetensi Aparatur"
    )
    page = admin_page
    page.goto(f"{live_server.url}/admin/accounts/pltassignment/{plt.pk}/change/")
    expect(page.locator(".breadcrumbs")).to_contain_text("Plt. Kepala Bidang Pengembangan Kompetensi Aparatur")
    # A filled box is announced with its label and its value.
    expect(page.get_by_role("combobox", name=f"Pegawai: {pegawai.nama}")).to_be_visible()
    shot("admin-plt-ubah")
    assert axe_violations(page) == []

"""The API's docs page (Swagger UI) works under our strict CSP from our own static files (decision 0022): it lists
every operation and, with a token typed into Authorize, reads the predikat, while the browser reports no refused
script or style and fetches nothing from another origin."""

from urllib.parse import urlsplit

from playwright.sync_api import expect

from tests.api.conftest import make_token
from tests.factories import PeriodePenilaianFactory, SkpFactory, UserFactory


def test_the_docs_page_works_under_the_csp_without_a_cdn(live_server, page, admin_instansi, unit):
    PeriodePenilaianFactory(
        skp=SkpFactory(pegawai=UserFactory(unit_kerja=unit, nama="Ani Terbaca"), status="persetujuan")
    )
    _, secret = make_token(admin_instansi)
    refused, elsewhere = [], []
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.on(
        "request",
        lambda r: (
            elsewhere.append(r.url)
            if urlsplit(r.url).netloc != urlsplit(live_server.url).netloc and not r.url.startswith("data:")
            else None
        ),
    )

    page.goto(f"{live_server.url}/api/v1/docs")
    expect(page.get_by_text("e-Kinerja API", exact=False).first).to_be_visible()
    for path in ("/api/v1/predikat", "/api/v1/periode", "/api/v1/unit-kerja"):
        expect(page.locator(".opblock-summary-path", has_text=path).first).to_be_visible()

    page.get_by_role("button", name="Authorize").first.click()
    page.locator(".auth-container input").first.fill(secret)
    page.locator(".auth-btn-wrapper button.authorize").click()
    page.locator(".auth-btn-wrapper button.btn-done").click()
    page.locator(".opblock-summary-path", has_text="/api/v1/predikat").first.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    expect(page.locator(".response-col_status").filter(has_text="200").first).to_be_visible()
    expect(page.locator(".responses-wrapper").get_by_text("Ani Terbaca").first).to_be_visible()

    assert refused == [] and elsewhere == []

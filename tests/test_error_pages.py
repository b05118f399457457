"""Our error pages (403, 404, 500, a refused CSRF token) in Indonesian with a way back, and page titles that
stay plain text."""

import datetime
import re
import uuid
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import OperationalError, connection
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import permission_denied, server_error

from core.back_link import previous_page
from skp.models import Skp, StatusSkp
from tests.factories import FeedbackRekanFactory, SkpFactory, complete_skp

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
HOME = reverse("accounts:home")
UNKNOWN = "/halaman-yang-tidak-pernah-ada/"


def html_of(response) -> str:
    return response.content.decode()


def title_of(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.DOTALL).group(1)


def logged_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture(params=["anonymous", "pegawai"])
def visitor(request, client, db):
    """The same page for someone not logged in and for a logged-in pegawai (who also sees the menu)."""
    if request.param == "pegawai":
        client.force_login(request.getfixturevalue("pegawai"))
    return client


def database_down():
    """Every way to the database fails the way it does when PostgreSQL is unreachable."""
    return mock.patch.object(
        connection, "ensure_connection", side_effect=OperationalError("could not connect to server")
    )


# --- 404 ------------------------------------------------------------------------------------------------


def test_an_unknown_address_is_a_404_page_in_indonesian_with_a_way_to_beranda(visitor):
    response = visitor.get(UNKNOWN)
    assert response.status_code == 404
    html = html_of(response)
    assert title_of(html) == "Halaman tidak ditemukan · e-Kinerja"
    assert "Halaman yang Anda cari tidak ada" in html
    assert f'href="{HOME}">Ke Beranda</a>' in html
    assert "Not Found" not in html


def test_the_404_page_of_an_unknown_address_keeps_the_menu_of_a_logged_in_user(client, pegawai):
    # An unknown address has no resolver_match: base.html's cached menu must still render, with no item current.
    html = html_of(logged_in(client, pegawai).get(UNKNOWN))
    assert f'href="{reverse("skp:daftar")}"' in html and "Keluar" in html
    assert 'aria-current="page"' not in html


def test_an_skp_outside_the_users_scope_is_the_same_404_page(client, pegawai, pegawai_lain):
    other = SkpFactory(pegawai=pegawai_lain)
    response = logged_in(client, pegawai).get(other.get_absolute_url())
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in html_of(response)


def test_the_404_page_links_back_to_the_page_of_this_site_the_user_came_from(visitor):
    came_from = "http://testserver" + reverse("accounts:login")
    html = html_of(visitor.get(UNKNOWN, HTTP_REFERER=came_from))
    assert f'href="{came_from}">Kembali ke halaman sebelumnya</a>' in html


def test_the_404_page_offers_no_back_link_to_another_site_or_without_a_referer(visitor):
    assert "Kembali ke halaman sebelumnya" not in html_of(visitor.get(UNKNOWN))
    html = html_of(visitor.get(UNKNOWN, HTTP_REFERER="https://situs-lain.example/jebakan/"))
    assert "Kembali ke halaman sebelumnya" not in html and "situs-lain.example" not in html


def test_a_page_that_refers_to_itself_gets_no_back_link_but_a_post_back_to_its_form_does():
    factory = RequestFactory()
    url = "http://testserver/skp/tambah/"
    assert previous_page(factory.get("/skp/tambah/", HTTP_REFERER=url)) == ""
    assert previous_page(factory.post("/skp/tambah/", HTTP_REFERER=url)) == url
    assert previous_page(None) == ""


# --- 403 ------------------------------------------------------------------------------------------------


def test_ajukan_on_an_skp_already_approved_is_a_403_page_in_indonesian(client, pegawai):
    # Back to an old Ajukan SKP page and sending it again, after the SKP has moved on.
    skp = complete_skp(SkpFactory(pegawai=pegawai, status=StatusSkp.PERSETUJUAN))
    ajukan = reverse("skp:ajukan", args=[skp.pk])
    response = logged_in(client, pegawai).post(
        ajukan, {"version": skp.version}, HTTP_REFERER="http://testserver" + ajukan
    )
    assert response.status_code == 403
    html = html_of(response)
    assert title_of(html) == "Akses ditolak · e-Kinerja"
    assert "keadaannya sudah berubah sejak halaman dibuka" in html
    assert "Tidak ada data yang diubah" in html
    assert f'href="http://testserver{ajukan}">Kembali ke halaman sebelumnya</a>' in html
    assert f'href="{HOME}">Ke Beranda</a>' in html
    assert "Forbidden" not in html
    skp.refresh_from_db()
    assert skp.status == StatusSkp.PERSETUJUAN


def test_the_403_page_for_someone_not_logged_in_has_no_menu_but_a_way_to_beranda(db):
    request = RequestFactory().get("/admin/")
    request.user = AnonymousUser()
    response = permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    html = html_of(response)
    assert "Akses ditolak" in html and f'href="{HOME}">Ke Beranda</a>' in html
    assert "Keluar" not in html


def test_the_403_page_says_the_reason_a_refusal_gives(db):
    request = RequestFactory().get("/admin/")
    request.user = AnonymousUser()
    html = html_of(permission_denied(request, PermissionDenied("Model SKP tidak dapat diubah setelah diajukan.")))
    assert "Model SKP tidak dapat diubah setelah diajukan." in html


# --- CSRF -----------------------------------------------------------------------------------------------


def token_of(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def skp_data(token: str) -> dict:
    tahun = datetime.date.today().year
    return {
        "csrfmiddlewaretoken": token,
        "periode_awal": f"{tahun}-01-01",
        "periode_akhir": f"{tahun}-12-31",
        "pendekatan": "kuantitatif",
        "client_token": str(uuid.uuid4()),
    }


def test_a_stale_form_is_refused_with_our_page_and_the_reloaded_form_then_saves(pegawai):
    client = logged_in(Client(enforce_csrf_checks=True), pegawai)
    tambah = reverse("skp:tambah")
    stale = token_of(html_of(client.get(tambah)))
    # The CSRF secret changes (a new login elsewhere, cookies renewed) while the old form stays open.
    client.cookies.pop("csrftoken")
    client.get(HOME)

    response = client.post(tambah, skp_data(stale), HTTP_REFERER="http://testserver" + tambah)
    assert response.status_code == 403
    html = html_of(response)
    assert title_of(html) == "Halaman sudah kedaluwarsa · e-Kinerja"
    assert "tombol Kembali (Back) pada browser" in html
    assert "Muat ulang halaman tersebut, lalu coba lagi" in html
    assert "mungkin perlu diisi ulang" in html
    assert f'href="http://testserver{tambah}">Muat ulang halaman sebelumnya</a>' in html
    assert "izinkan cookie" not in html and "Referer" not in html
    assert "Forbidden" not in html and "CSRF verification failed" not in html
    assert not Skp.objects.filter(pegawai=pegawai).exists()

    fresh = token_of(html_of(client.get(tambah)))
    saved = client.post(tambah, skp_data(fresh))
    assert saved.status_code == 302
    assert Skp.objects.filter(pegawai=pegawai).count() == 1


def test_a_form_sent_without_the_csrf_cookie_asks_to_allow_cookies(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    html = html_of(response)
    assert "Halaman sudah kedaluwarsa" in html and "izinkan cookie" in html
    assert f'href="{HOME}">Ke Beranda</a>' in html


def test_a_form_sent_over_https_without_a_referer_says_the_browser_withholds_it(pegawai):
    client = logged_in(Client(enforce_csrf_checks=True), pegawai)
    tambah = reverse("skp:tambah")
    token = token_of(html_of(client.get(tambah, secure=True)))
    response = client.post(tambah, skp_data(token), secure=True)
    assert response.status_code == 403
    html = html_of(response)
    assert "Halaman sudah kedaluwarsa" in html and "tidak menyertakan alamat halaman asal (Referer)" in html
    assert not Skp.objects.filter(pegawai=pegawai).exists()


# --- 500 ------------------------------------------------------------------------------------------------


def test_the_500_page_renders_without_touching_the_database_or_a_request(db):
    with database_down() as connect:
        response = server_error(RequestFactory().get("/"))
    assert connect.call_count == 0
    assert response.status_code == 500
    html = html_of(response)
    assert title_of(html) == "Terjadi kesalahan · e-Kinerja"
    assert "gangguan pada server" in html and f'href="{HOME}">Ke Beranda</a>' in html


def test_a_logged_in_page_while_the_database_is_down_is_our_500_page(client, pegawai):
    logged_in(client, pegawai)
    client.raise_request_exception = False
    with database_down() as connect:
        response = client.get(reverse("skp:daftar"))
    assert connect.called  # the page really needed the database, and failed on it
    assert response.status_code == 500
    html = html_of(response)
    assert "Terjadi kesalahan pada server" in html and f'href="{HOME}">Ke Beranda</a>' in html
    assert "Server Error" not in html


def test_logging_in_while_the_database_is_down_is_our_500_page(client, db):
    client.raise_request_exception = False
    with database_down() as connect:
        response = client.post(reverse("accounts:login"), {"username": "199001012020011001", "password": "rahasia"})
    assert connect.called
    assert response.status_code == 500
    assert "Terjadi kesalahan pada server" in html_of(response)


# --- Page titles ----------------------------------------------------------------------------------------

TITLE_BLOCK = re.compile(r"{%\s*block title\s*%}(.*?){%\s*endblock(?:\s+title)?\s*%}", re.DOTALL)


def page_templates() -> list[Path]:
    """Every template of ours that sets a title; the admin's follow Django's own layout."""
    return sorted(
        path
        for path in TEMPLATES.rglob("*.html")
        if "admin" not in path.relative_to(TEMPLATES).parts and "block title" in path.read_text(encoding="utf-8")
    )


def test_page_templates_are_found():
    names = {str(p.relative_to(TEMPLATES)) for p in page_templates()}
    assert {"base.html", "404.html", "penilaian/daftar.html", "skp/detail.html"} <= names


@pytest.mark.parametrize("path", page_templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_every_title_block_is_plain_text_closed_on_its_own_line(path):
    text = path.read_text(encoding="utf-8")
    opened = len(re.findall(r"{%\s*block title\s*%}", text))
    titles = TITLE_BLOCK.findall(text)
    assert len(titles) == opened
    for title in titles:
        assert "\n" not in title and "<" not in title, f"{path.name}: {{% block title %}}{title}"


def test_the_penilaian_page_title_stays_plain_with_feedback_from_colleagues(client, pegawai):
    skp = complete_skp(SkpFactory(pegawai=pegawai, status=StatusSkp.PERSETUJUAN))
    feedback = FeedbackRekanFactory(skp=skp, teks="Selalu sigap membantu rekan kerja")
    html = html_of(logged_in(client, pegawai).get(reverse("penilaian:daftar", args=[skp.pk])))
    assert title_of(html) == "Penilaian · e-Kinerja"
    # The feedback is shown once, in the page's body.
    assert html.count(feedback.teks) == 1
    assert html.index(feedback.teks) > html.index("<h1>Penilaian</h1>")

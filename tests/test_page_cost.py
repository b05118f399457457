"""What makes every page cheaper (issue 8, docs/performance.md) keeps sessions, the audit and the pages as they were:
the session read together with its user (accounts.sessions), the audit context opened at the first write of a
GET (accounts.middleware.HistoryMiddleware), Detail SKP's flags compiled once, the menu rendered once."""

import datetime

import pytest
from django.apps import apps
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pghistory.models import Context

from accounts import sessions
from accounts.middleware import HistoryMiddleware
from accounts.models import Instansi, User
from skp.models import Skp
from tests.factories import InstansiFactory, PltAssignmentFactory, RhkFactory, SkpFactory, UserFactory

HOME = reverse("accounts:home")
LOGIN = reverse("accounts:login")
InstansiEvent = apps.get_model("accounts", "InstansiEvent")


def session_key(client) -> str:
    return client.cookies["sessionid"].value


# --- the session and its user in one query ---------------------------------------------------------------------


def test_a_logged_in_page_reads_the_session_and_its_user_in_one_query(client, pegawai):
    client.force_login(pegawai)
    client.get(HOME)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(HOME)
    assert response.context["user"] == pegawai
    first = ctx.captured_queries[0]["sql"]
    assert "django_session" in first and "accounts_user" in first
    assert not any('FROM "accounts_user" WHERE "accounts_user"."id"' in q["sql"] for q in ctx.captured_queries)


def test_a_session_deleted_elsewhere_stops_working_at_once(client, pegawai):
    """Another app server logs the session out (deletes its row): this process knows the session's user, and
    still the next request is anonymous."""
    client.force_login(pegawai)
    assert client.get(HOME).status_code == 200
    key = session_key(client)
    assert key in sessions._user_of_key
    from django.contrib.sessions.models import Session

    Session.objects.filter(session_key=key).delete()
    response = client.get(HOME)
    assert response.status_code == 302 and response.url.startswith(LOGIN)


def test_a_password_changed_elsewhere_logs_the_session_out(client, pegawai):
    client.force_login(pegawai)
    assert client.get(HOME).status_code == 200
    user = User.objects.get(pk=pegawai.pk)
    user.set_password("a-new-password-9876")
    user.save()
    response = client.get(HOME)
    assert response.status_code == 302 and response.url.startswith(LOGIN)
    assert SESSION_KEY not in client.session


def test_a_deactivated_pegawai_is_logged_out_at_the_next_request(client, pegawai):
    client.force_login(pegawai)
    assert client.get(HOME).status_code == 200
    User.objects.filter(pk=pegawai.pk).update(is_active=False)
    response = client.get(HOME)
    assert response.status_code == 302 and response.url.startswith(LOGIN)


def test_an_expired_session_is_anonymous(client, pegawai):
    client.force_login(pegawai)
    assert client.get(HOME).status_code == 200
    from django.contrib.sessions.models import Session

    Session.objects.filter(session_key=session_key(client)).update(
        expire_date=datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
    )
    assert client.get(HOME).status_code == 302


def test_a_wrong_hint_never_logs_in_as_the_hinted_user(client, pegawai, atasan):
    """The remembered user id only chooses which row to read along; the signed session data decides who is
    logged in."""
    client.force_login(pegawai)
    client.get(HOME)
    sessions._user_of_key[session_key(client)] = atasan.pk
    response = client.get(HOME)
    assert response.status_code == 200
    assert response.context["user"].pk == pegawai.pk
    assert response.context["profil"].pk == pegawai.pk


def test_a_session_with_an_old_hash_is_refused(client, pegawai):
    client.force_login(pegawai)
    client.get(HOME)
    session = client.session
    session[HASH_SESSION_KEY] = "not-the-hash"
    session.save()
    response = client.get(HOME)
    assert response.status_code == 302 and response.url.startswith(LOGIN)


@pytest.mark.django_db(transaction=True)
def test_a_connection_the_server_dropped_is_replaced_before_the_session_is_read(client):
    """The session read stands in for Django's health check (CONN_HEALTH_CHECKS): when the kept connection was
    closed by the server, the read is made again on a new connection and the page works."""
    from skp.perilaku import ensure_perilaku_kerja

    ensure_perilaku_kerja()
    user = UserFactory(nama="Eka Koneksi")
    session = sessions.SessionStore()
    session.update({SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend"})
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    client.cookies["sessionid"] = session.session_key
    assert client.get(HOME).status_code == 200
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    other = connection.copy()  # another connection to the same database, as an administrator's would be
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    other.close()
    connection.close_if_unusable_or_obsolete()  # what request_started does (the test client leaves it out)
    response = client.get(HOME)
    assert response.status_code == 200
    assert response.context["user"] == user


# --- the audit context on a GET --------------------------------------------------------------------------------


def run_history_middleware(method: str, view, user):
    request = getattr(RequestFactory(), method.lower())("/halaman/uji/")
    request.user = user
    return HistoryMiddleware(view)(request)


def test_a_get_that_only_reads_opens_no_audit_context(pegawai):
    before = Context.objects.count()
    run_history_middleware("GET", lambda request: HttpResponse(str(Instansi.objects.count())), pegawai)
    assert Context.objects.count() == before


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_every_write_is_recorded_with_the_user_and_the_url_on_a_get_as_on_a_post(pegawai, method):
    def view(request):
        Instansi.objects.count()
        first = InstansiFactory(nama=f"Instansi Uji {method} 1")
        second = InstansiFactory(nama=f"Instansi Uji {method} 2")
        Instansi.objects.filter(pk=first.pk).update(nama=f"Instansi Uji {method} 3")
        return HttpResponse(f"{first.pk} {second.pk}")

    first, second = map(int, run_history_middleware(method, view, pegawai).content.split())
    events = list(InstansiEvent.objects.filter(pgh_obj_id__in=[first, second]).order_by("pgh_id"))
    assert [e.pgh_label for e in events] == ["insert", "insert", "update"]
    assert {e.pgh_context_id for e in events} != {None}
    assert len({e.pgh_context_id for e in events}) == 1  # one context per request, as pghistory makes it
    assert events[0].pgh_context.metadata == {"user": pegawai.pk, "url": "/halaman/uji/"}


# --- Detail SKP's flags ----------------------------------------------------------------------------------------


@pytest.fixture
def rhk_atasan(atasan):
    return RhkFactory(skp=SkpFactory(pegawai=atasan, status="persetujuan"))


def test_detail_skps_prepared_lookup_is_visible_to_with_page_flags(pegawai, atasan, admin_instansi, rhk_atasan):
    """Detail SKP reads the SKP through a query compiled once per kind of reader (decision 0026): for every reader
    it finds what Skp.objects.visible_to(reader).with_page_flags() finds, with the same flags."""
    from skp.views.detail import _detail_skp

    skp = SkpFactory(pegawai=pegawai)
    RhkFactory(skp=skp, rhk_atasan=rhk_atasan)
    PltAssignmentFactory(atasan=pegawai)
    submitted = SkpFactory(pegawai=pegawai, status="pengajuan", periode_awal=datetime.date(2025, 1, 1),
                           periode_akhir=datetime.date(2025, 12, 31))  # fmt: skip
    superadmin = UserFactory(is_superuser=True, is_staff=True)
    names = ("ada_ajakan_mph", "pemilik_penilai", "ada_rhk_atasan")
    for reader in (pegawai, atasan, admin_instansi, superadmin, UserFactory()):
        for pk in (skp.pk, submitted.pk, rhk_atasan.skp_id):
            orm = Skp.objects.visible_to(reader).with_page_flags().filter(pk=pk).first()
            ours = _detail_skp(reader, pk)
            assert (ours and ours.pk, [getattr(ours, n, None) for n in names]) == (
                orm and orm.pk,
                [getattr(orm, n, None) for n in names],
            ), (reader, pk)
    assert _detail_skp(pegawai, skp.pk).pemilik_penilai is True
    assert _detail_skp(atasan, skp.pk) is None  # a Draft: not the penilai's to see


# --- the menu, rendered once per page name and staff flag ------------------------------------------------------


def test_the_menu_marks_the_current_page_and_shows_the_admin_link_to_staff_only(client, pegawai, admin_instansi):
    client.force_login(admin_instansi)
    html = client.get(HOME).content.decode()
    assert reverse("admin:index") in html
    assert f'<a href="{HOME}" aria-current="page">Beranda</a>' in html
    client.force_login(pegawai)
    html = client.get(HOME).content.decode()
    assert reverse("admin:index") not in html
    html = client.get(reverse("skp:daftar")).content.decode()
    assert f'<a href="{reverse("skp:daftar")}" aria-current="page">Daftar SKP</a>' in html
    assert f'<a href="{HOME}" aria-current="page">' not in html


def _csp_response(request, **marks):
    from core.middleware import CSPMiddleware

    response = HttpResponse("ok")
    for name, value in marks.items():
        setattr(response, name, value)
    return CSPMiddleware(lambda r: response)(request)


def test_the_content_security_policy_built_once_is_django_csps_own(settings):
    """core.middleware.CSPMiddleware keeps the header text of a response no view changed; the text is what
    django-csp builds, and a view's own change, a used nonce or the settings changing still take effect."""
    from csp.utils import build_policy

    factory = RequestFactory()
    policy = lambda header: {part.strip() for part in header.split(";")}  # noqa: E731 (directive order is a set's)
    first = _csp_response(factory.get("/"))
    again = _csp_response(factory.get("/skp/"))
    assert (
        policy(first["Content-Security-Policy"]) == policy(build_policy()) == policy(again["Content-Security-Policy"])
    )
    assert "Content-Security-Policy-Report-Only" not in first

    updated = _csp_response(factory.get("/"), _csp_update={"img-src": ["https://peta.example"]})
    assert "https://peta.example" in updated["Content-Security-Policy"]
    assert not hasattr(_csp_response(factory.get("/"), _csp_exempt=True), "Content-Security-Policy")

    request = factory.get("/")
    from core.middleware import CSPMiddleware

    middleware = CSPMiddleware(lambda r: HttpResponse(str(r.csp_nonce)))
    response = middleware(request)
    assert policy(response["Content-Security-Policy"]) == policy(build_policy(nonce=response.content.decode()))

    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'self'"], "img-src": ["'self'", "blob:"]}}
    assert "blob:" in _csp_response(factory.get("/"))["Content-Security-Policy"]


def test_the_content_security_policy_is_built_once_per_process():
    from unittest import mock

    from csp.utils import build_policy

    from core import middleware as core_middleware

    instance = core_middleware.CSPMiddleware(lambda r: HttpResponse("ok"))
    with mock.patch.object(core_middleware, "build_policy", wraps=build_policy) as built:
        headers = {instance(RequestFactory().get(f"/{n}/"))["Content-Security-Policy"] for n in range(5)}
    assert len(headers) == 1 and built.call_count == 2  # the policy and the (empty) report-only policy, once

"""API tokens (docs/rules.md §16.1–§16.3): made by the admin instansi in the admin, shown once, stored as a digest,
scoped, expiring, revocable, audited; every call logged without the header; a token's calls limited per minute."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from api.models import ApiCall, ApiToken, ApiTokenUsage
from api.services import ApiTokenError, api_token_revoke
from api.tokens import token_digest
from tests.api.conftest import PREDIKAT, UNIT_KERJA, bearer, make_token
from tests.conftest import jakarta

ADD = reverse("admin:api_apitoken_add")
CHANGELIST = reverse("admin:api_apitoken_changelist")


def test_the_admin_creates_a_token_and_sees_its_secret_once(client, admin_instansi, instansi):
    client.force_login(admin_instansi)
    expires = (timezone.localtime() + datetime.timedelta(days=90)).strftime("%Y-%m-%d")
    response = client.post(
        ADD,
        {"nama": "Aplikasi TPP BPKAD", "scopes": ["predikat:baca"], "expires_at_0": expires, "expires_at_1": "08:00"},
        follow=True,
    )
    [message] = [str(m) for m in response.context["messages"] if "Salin token" in str(m)]
    secret = message.split('<code class="token-api">')[1].split("</code>")[0]
    token = ApiToken.objects.get()
    assert token.instansi == instansi and token.scopes == ["predikat:baca"] and token.created_by == admin_instansi
    assert token.digest == token_digest(secret) and secret.startswith(token.prefix)
    assert secret not in str(ApiToken.objects.values().get())  # only the digest is stored
    assert client.get(PREDIKAT, **bearer(secret)).status_code == 200
    listing = client.get(CHANGELIST).content.decode()
    assert token.prefix in listing and secret not in listing
    assert secret not in client.get(reverse("admin:api_apitoken_change", args=[token.pk])).content.decode()


def test_the_secret_is_in_no_table_of_the_database(admin_instansi):
    _, secret = make_token(admin_instansi)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM api_apitoken t WHERE t::text LIKE %s", [f"%{secret}%"])
        assert cursor.fetchone()[0] == 0
        cursor.execute("SELECT count(*) FROM api_apitokenevent e WHERE e::text LIKE %s", [f"%{secret[4:20]}%"])
        assert cursor.fetchone()[0] == 0


def test_a_token_change_is_in_the_audit_trail(admin_instansi):
    token, _ = make_token(admin_instansi)
    api_token_revoke(actor=admin_instansi, token_id=token.pk)
    events = list(token.events.order_by("pgh_id").values_list("pgh_label", "revoked_at"))
    assert [label for label, _ in events] == ["insert", "update"] and events[1][1] is not None


def test_an_admin_sees_and_revokes_only_their_instansis_tokens(client, admin_instansi, admin_lain):
    ours, _ = make_token(admin_instansi, nama="Milik kami")
    theirs, _ = make_token(admin_lain, nama="Milik instansi lain")
    client.force_login(admin_instansi)
    listing = client.get(CHANGELIST).content.decode()
    assert "Milik kami" in listing and "Milik instansi lain" not in listing
    response = client.get(reverse("admin:api_apitoken_change", args=[theirs.pk]))
    assert response.status_code == 302  # the admin's "not found" for an id outside the scope
    client.post(CHANGELIST, {"action": "cabut", "_selected_action": [ours.pk, theirs.pk]})
    ours.refresh_from_db(), theirs.refresh_from_db()
    assert ours.revoked_at is not None and theirs.revoked_at is None
    with pytest.raises(ApiTokenError):
        api_token_revoke(actor=admin_instansi, token_id=theirs.pk)


def test_a_token_is_never_deleted(client, admin_instansi):
    token, _ = make_token(admin_instansi)
    client.force_login(admin_instansi)
    assert client.get(reverse("admin:api_apitoken_delete", args=[token.pk])).status_code == 403


def test_a_pegawai_makes_no_token(client, pegawai, admin_instansi):
    with pytest.raises(ApiTokenError):
        make_token(pegawai)
    client.force_login(pegawai)
    assert client.get(ADD).status_code == 302  # to the admin's login


# --- 401, 403 -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "header",
    [None, "", "Bearer", "Bearer ", "Basic dXNlcjpwYXNz", "Token ekn_x", "Bearer ekn_tidakada", "Bearer " + "a" * 5000],
)
def test_no_unknown_or_malformed_token_is_unauthorized(client, admin_instansi, header):
    extra = {} if header is None else {"HTTP_AUTHORIZATION": header}
    response = client.get(PREDIKAT, **extra)
    assert response.status_code == 401 and response["WWW-Authenticate"].startswith("Bearer")
    assert "Authorization: Bearer" in response.json()["detail"]


def test_a_revoked_token_is_unauthorized_at_once(client, admin_instansi):
    token, secret = make_token(admin_instansi)
    assert client.get(PREDIKAT, **bearer(secret)).status_code == 200
    api_token_revoke(actor=admin_instansi, token_id=token.pk)
    response = client.get(PREDIKAT, **bearer(secret))
    assert response.status_code == 401 and "dicabut" in response.json()["detail"]


def test_an_expired_token_is_unauthorized(client, admin_instansi, time_machine):
    _, secret = make_token(admin_instansi, days=1)
    time_machine.move_to(timezone.now() + datetime.timedelta(days=1, seconds=1))
    response = client.get(PREDIKAT, **bearer(secret))
    assert response.status_code == 401 and "kedaluwarsa" in response.json()["detail"]


def test_a_token_without_the_scope_is_forbidden(client, admin_instansi):
    _, secret = make_token(admin_instansi, scopes=["unit-kerja:baca"])
    response = client.get(PREDIKAT, **bearer(secret))
    assert response.status_code == 403 and "predikat:baca" in response.json()["detail"]
    assert client.get(UNIT_KERJA, **bearer(secret)).status_code == 200


def test_a_session_does_not_open_the_api(client, admin_instansi):
    client.force_login(admin_instansi)
    assert client.get(PREDIKAT).status_code == 401


# --- Rate limit ---------------------------------------------------------------------------------------------------


def test_past_the_limit_a_token_gets_429_until_the_minute_ends(client, admin_instansi, settings, time_machine):
    settings.API_RATE_PER_MINUTE = 3
    time_machine.move_to(jakarta(2026, 11, 30, 9, 15) + datetime.timedelta(seconds=40), tick=False)
    token, secret = make_token(admin_instansi)
    _, other = make_token(admin_instansi, nama="Token lain")
    assert [client.get(UNIT_KERJA, **bearer(secret)).status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get(UNIT_KERJA, **bearer(secret))
    assert refused.status_code == 429 and refused["Retry-After"] == "20"
    assert client.get(UNIT_KERJA, **bearer(other)).status_code == 200  # per token
    time_machine.move_to(jakarta(2026, 11, 30, 9, 16), tick=False)
    assert client.get(UNIT_KERJA, **bearer(secret)).status_code == 200
    usage = ApiTokenUsage.objects.get(token=token)
    assert usage.calls == 1 and usage.last_used_at == jakarta(2026, 11, 30, 9, 16)


# --- The call log ---------------------------------------------------------------------------------------------------


def test_every_call_is_logged_without_the_header(client, admin_instansi, instansi, settings):
    settings.NUM_PROXIES = 1
    token, secret = make_token(admin_instansi)
    client.get(
        PREDIKAT,
        {"periode": "2026-TW1", "limit": "5", "nip": "198711272022211023"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
        **bearer(secret),
    )
    client.get(PREDIKAT, **bearer("ekn_salah"))
    ok, refused = ApiCall.objects.order_by("pk")
    assert (ok.token, ok.instansi, ok.method, ok.status) == (token, instansi, "GET", 200)
    assert ok.path == "/api/v1/predikat?periode=2026-TW1&limit=5&nip=%E2%80%A6"  # an unknown value is dropped
    assert ok.address == "203.0.113.9" and ok.duration_ms >= 0 and ok.created_at is not None
    assert (refused.token, refused.status) == (None, 401)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM api_apicall c WHERE c::text LIKE %s OR c::text LIKE %s", ["%ekn_%", "%1987112720%"]
        )
        assert cursor.fetchone()[0] == 0


def test_an_answer_is_never_cached(client, secret):
    response = client.get(PREDIKAT, **bearer(secret))
    assert response["Cache-Control"] == "no-store"


def test_the_admin_reads_their_instansis_calls_only(client, admin_instansi, admin_lain):
    _, ours = make_token(admin_instansi)
    _, theirs = make_token(admin_lain)
    client.get(PREDIKAT, {"limit": 7}, **bearer(ours))
    client.get(PREDIKAT, {"limit": 9}, **bearer(theirs))
    client.force_login(admin_instansi)
    page = client.get(reverse("admin:api_apicall_changelist")).content.decode()
    assert "limit=7" in page and "limit=9" not in page

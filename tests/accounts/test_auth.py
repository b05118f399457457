"""Login with NIP, throttling, logout, idle sessions and password reset."""

import datetime
import logging
import re

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import SecurityEvent
from tests.factories import TEST_PASSWORD, make_nip

LOGIN = reverse("accounts:login")


def login(client, nip, password, address="10.0.0.1"):
    return client.post(LOGIN, {"username": nip, "password": password}, REMOTE_ADDR=address)


def test_login_page_has_the_manual_labels_and_button(client, db):
    html = client.get(LOGIN).content.decode()
    assert '<label for="id_username">NIP</label>' in html
    assert '<label for="id_password">Kata Sandi</label>' in html
    assert '<button type="submit">Masuk</button>' in html


def test_pegawai_logs_in_with_nip_and_lands_on_home(client, pegawai):
    response = login(client, pegawai.nip, TEST_PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("accounts:home")
    assert client.session[SESSION_KEY] == str(pegawai.pk)


def test_wrong_password_is_refused_in_indonesian_with_tries_left(client, pegawai):
    response = login(client, pegawai.nip, "salah")
    assert response.status_code == 200
    assert "NIP atau kata sandi salah." in response.content.decode()
    assert "Sisa percobaan sebelum dikunci sementara: 4" in response.content.decode()
    assert SESSION_KEY not in client.session


def test_inactive_pegawai_cannot_log_in(client, pegawai):
    pegawai.is_active = False
    pegawai.save()
    response = login(client, pegawai.nip, TEST_PASSWORD)
    assert SESSION_KEY not in client.session
    assert "NIP atau kata sandi salah." in response.content.decode()


def test_imported_account_without_password_cannot_log_in(client, pegawai):
    pegawai.set_unusable_password()
    pegawai.save()
    login(client, pegawai.nip, "")
    login(client, pegawai.nip, "apa saja")
    assert SESSION_KEY not in client.session


def test_account_is_locked_after_five_failures_even_for_the_right_password(client, pegawai):
    for _ in range(5):
        login(client, pegawai.nip, "salah")
    response = login(client, pegawai.nip, TEST_PASSWORD)
    assert response.status_code == 429
    assert SESSION_KEY not in client.session
    assert "Terlalu banyak percobaan masuk yang gagal" in response.content.decode()
    assert "5 menit" in response.content.decode()


def test_a_colleague_who_locks_my_nip_from_their_computer_does_not_lock_me_out(client, pegawai):
    for _ in range(5):
        login(client, pegawai.nip, "salah", address="10.0.0.66")
    login(client, pegawai.nip, TEST_PASSWORD, address="10.0.0.66")
    assert SESSION_KEY not in client.session
    login(client, pegawai.nip, TEST_PASSWORD, address="10.0.0.7")
    assert client.session[SESSION_KEY] == str(pegawai.pk)


def test_account_is_locked_everywhere_after_many_failures_from_many_addresses(client, pegawai, settings):
    settings.LOGIN_FAILURE_LIMIT_ACCOUNT = 8
    for i in range(8):
        login(client, pegawai.nip, "salah", address=f"10.0.1.{i + 10}")
    response = login(client, pegawai.nip, TEST_PASSWORD, address="10.9.9.9")
    assert SESSION_KEY not in client.session
    assert "Terlalu banyak percobaan" in response.content.decode()


def test_the_lock_lifts_after_a_short_delay(client, pegawai):
    with time_machine.travel(datetime.datetime(2026, 3, 1, 8, 0, tzinfo=datetime.UTC), tick=False) as traveller:
        for _ in range(5):
            login(client, pegawai.nip, "salah")
        login(client, pegawai.nip, TEST_PASSWORD)
        assert SESSION_KEY not in client.session
        traveller.shift(datetime.timedelta(minutes=5, seconds=1))
        login(client, pegawai.nip, TEST_PASSWORD)
        assert client.session[SESSION_KEY] == str(pegawai.pk)


def test_tries_during_a_lock_do_not_extend_it(client, pegawai):
    with time_machine.travel(datetime.datetime(2026, 3, 1, 8, 0, tzinfo=datetime.UTC), tick=False) as traveller:
        for _ in range(5):
            login(client, pegawai.nip, "salah")
        traveller.shift(datetime.timedelta(minutes=4))
        login(client, pegawai.nip, "salah")
        traveller.shift(datetime.timedelta(minutes=1, seconds=1))
        login(client, pegawai.nip, TEST_PASSWORD)
        assert client.session[SESSION_KEY] == str(pegawai.pk)


def test_lock_on_one_account_does_not_block_a_colleague_in_the_same_office(client, pegawai, pegawai_lain):
    for _ in range(5):
        login(client, pegawai.nip, "salah", address="10.1.1.1")
    login(client, pegawai_lain.nip, TEST_PASSWORD, address="10.1.1.1")
    assert client.session[SESSION_KEY] == str(pegawai_lain.pk)


def test_address_is_blocked_after_many_failures_across_accounts(client, pegawai, settings):
    settings.LOGIN_FAILURE_LIMIT_ADDRESS = 8
    for n in range(8):
        login(client, f"19900101201501100{n}", "salah", address="172.16.0.9")
    response = login(client, pegawai.nip, TEST_PASSWORD, address="172.16.0.9")
    assert SESSION_KEY not in client.session
    assert "Terlalu banyak percobaan" in response.content.decode()
    login(client, pegawai.nip, TEST_PASSWORD, address="172.16.0.10")
    assert client.session[SESSION_KEY] == str(pegawai.pk)


def test_successful_login_forgives_earlier_failures(client, pegawai):
    for _ in range(4):
        login(client, pegawai.nip, "salah")
    login(client, pegawai.nip, TEST_PASSWORD)
    client.logout()
    response = login(client, pegawai.nip, "salah")
    assert "Sisa percobaan sebelum dikunci sementara: 4" in response.content.decode()


ADMIN_LOGIN = reverse("admin:login")


def test_the_admin_login_is_throttled_with_the_same_pair_lock(client, admin_instansi):
    for n in range(5):
        url = LOGIN if n % 2 else ADMIN_LOGIN  # failures on either path count together
        client.post(url, {"username": admin_instansi.nip, "password": "salah"}, REMOTE_ADDR="10.3.3.3")
    response = client.post(
        ADMIN_LOGIN, {"username": admin_instansi.nip, "password": TEST_PASSWORD}, REMOTE_ADDR="10.3.3.3"
    )
    assert response.status_code == 429
    assert SESSION_KEY not in client.session
    assert "Terlalu banyak percobaan masuk yang gagal" in response.content.decode()
    client.post(ADMIN_LOGIN, {"username": admin_instansi.nip, "password": TEST_PASSWORD}, REMOTE_ADDR="10.3.3.4")
    assert client.session[SESSION_KEY] == str(admin_instansi.pk)


def test_throttle_records_hold_no_nip(client, pegawai):
    login(client, pegawai.nip, "salah", address="10.2.3.4")
    attempt = AccessAttempt.objects.get()
    assert pegawai.nip not in f"{attempt.username} {attempt.get_data} {attempt.post_data}"
    event = SecurityEvent.objects.get()
    assert event.jenis == SecurityEvent.Jenis.LOGIN_GAGAL
    assert pegawai.nip not in event.account
    assert (event.user, event.address) == (pegawai, "10.2.3.4")


def test_nip_never_appears_in_a_log_line(client, pegawai, caplog):
    with caplog.at_level(logging.DEBUG):
        login(client, pegawai.nip, "salah", address="10.8.8.7")
        login(client, pegawai.nip, TEST_PASSWORD, address="10.8.8.7")
        client.get(reverse("accounts:home"))
        client.post(reverse("accounts:logout"))
        for _ in range(5):
            login(client, pegawai.nip, "salah")
        login(client, pegawai.nip, TEST_PASSWORD)
        client.post(reverse("admin:login"), {"username": pegawai.nip, "password": "salah"})
    assert any("login failed" in r.getMessage() for r in caplog.records)
    assert any("throttled" in r.getMessage() for r in caplog.records)
    assert all(pegawai.nip not in record.getMessage() for record in caplog.records)


def test_behind_a_proxy_the_forwarded_address_is_throttled(client, pegawai, settings):
    settings.NUM_PROXIES = 1
    settings.LOGIN_FAILURE_LIMIT_ADDRESS = 3
    for n in range(3):
        client.post(
            LOGIN,
            {"username": f"19900101201501100{n}", "password": "x"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )
    response = client.post(
        LOGIN,
        {"username": pegawai.nip, "password": TEST_PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert response.status_code == 429
    client.post(
        LOGIN,
        {"username": pegawai.nip, "password": TEST_PASSWORD},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.8",
    )
    assert client.session[SESSION_KEY] == str(pegawai.pk)


def test_a_client_reaching_the_app_directly_cannot_choose_its_address(client, pegawai, settings):
    """With NUM_PROXIES=1, X-Forwarded-For is believed only from a trusted proxy's address."""
    settings.NUM_PROXIES = 1
    settings.LOGIN_FAILURE_LIMIT_ADDRESS = 3
    for n in range(3):
        client.post(
            LOGIN,
            {"username": f"19900101201501100{n}", "password": "x"},
            REMOTE_ADDR="198.51.100.5",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",  # a new made-up address each time
        )
    response = client.post(LOGIN, {"username": pegawai.nip, "password": TEST_PASSWORD}, REMOTE_ADDR="198.51.100.5")
    assert response.status_code == 429
    assert set(SecurityEvent.objects.values_list("address", flat=True)) == {"198.51.100.5"}


def test_logout_is_a_post_and_ends_the_session(client, pegawai):
    client.force_login(pegawai)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.url == LOGIN
    assert SESSION_KEY not in client.session


def test_session_expires_after_thirty_idle_minutes(client, pegawai):
    start = datetime.datetime(2026, 3, 1, 8, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        login(client, pegawai.nip, TEST_PASSWORD)
        traveller.shift(datetime.timedelta(minutes=29))
        assert client.get(reverse("accounts:home")).status_code == 200
        # Active use pushes the expiry forward: 29 more minutes are still within 30 of the last request.
        traveller.shift(datetime.timedelta(minutes=29))
        assert client.get(reverse("accounts:home")).status_code == 200
        traveller.shift(datetime.timedelta(minutes=31))
        response = client.get(reverse("accounts:home"))
        assert response.status_code == 302
        assert response.url.startswith(LOGIN)


def test_session_is_written_at_most_once_a_minute(client, pegawai):
    client.force_login(pegawai)
    client.get(reverse("accounts:home"))  # the first request after login refreshes the session
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("accounts:home"))
    assert ctx.captured_queries
    assert not any("UPDATE" in q["sql"] and "django_session" in q["sql"] for q in ctx.captured_queries)


def reset_link():
    body = mail.outbox[-1].body
    return re.search(r"http://testserver(/atur-kata-sandi/\S+/)", body).group(1)


def test_password_reset_by_email_link(client, pegawai):
    response = client.post(reverse("accounts:password_reset"), {"email": pegawai.email.upper()})
    assert response.url == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [pegawai.email]
    assert pegawai.nip not in mail.outbox[0].body
    form_url = client.get(reset_link()).url  # Django swaps the token for a session-held one
    response = client.post(form_url, {"new_password1": "Kinerja-Baru-2026", "new_password2": "Kinerja-Baru-2026"})
    assert response.url == reverse("accounts:password_reset_complete")
    login(client, pegawai.nip, "Kinerja-Baru-2026")
    assert client.session[SESSION_KEY] == str(pegawai.pk)


def test_reset_link_reaches_an_imported_account_without_password(client, pegawai):
    pegawai.set_unusable_password()
    pegawai.save()
    client.post(reverse("accounts:password_reset"), {"email": pegawai.email})
    assert len(mail.outbox) == 1


def test_reset_for_unknown_email_reveals_nothing(client, pegawai):
    response = client.post(reverse("accounts:password_reset"), {"email": "tidak.ada@example.go.id"})
    assert response.url == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_reset_link_works_once(client, pegawai):
    client.post(reverse("accounts:password_reset"), {"email": pegawai.email})
    link = reset_link()
    form_url = client.get(link).url
    client.post(form_url, {"new_password1": "Kinerja-Baru-2026", "new_password2": "Kinerja-Baru-2026"})
    response = client.get(link, follow=True)
    assert "Tautan ini tidak berlaku lagi" in response.content.decode()


def test_password_reset_lifts_the_login_lock(client, pegawai, settings):
    settings.LOGIN_FAILURE_LIMIT_ACCOUNT = 5
    for i in range(5):
        login(client, pegawai.nip, "salah", address=f"10.0.0.{i + 20}")
    login(client, pegawai.nip, "salah")
    client.post(reverse("accounts:password_reset"), {"email": pegawai.email})
    form_url = client.get(reset_link()).url
    client.post(form_url, {"new_password1": "Kinerja-Baru-2026", "new_password2": "Kinerja-Baru-2026"})
    login(client, pegawai.nip, "Kinerja-Baru-2026")
    assert client.session[SESSION_KEY] == str(pegawai.pk)


@pytest.mark.parametrize("url_name", ["accounts:login", "accounts:password_reset"])
def test_pages_send_a_content_security_policy_without_inline_scripts(client, db, url_name):
    policy = client.get(reverse(url_name)).headers["Content-Security-Policy"]
    script_src = re.search(r"script-src ([^;]+)", policy).group(1)
    assert "'unsafe-inline'" not in script_src
    assert "'self'" in script_src


def test_pages_load_htmx_from_our_own_static_files(client, db):
    html = client.get(LOGIN).content.decode()
    assert re.search(r'<script src="/static/django_htmx/htmx[^"]*\.js"', html)
    assert "unpkg" not in html and "cdn" not in html.lower()


def test_an_unknown_nip_counts_against_that_nip_without_revealing_it_is_unknown(client, pegawai):
    stranger = make_nip(99_999)
    response = login(client, stranger, "salah")
    assert "NIP atau kata sandi salah." in response.content.decode()
    assert "Sisa percobaan sebelum dikunci sementara: 4" in response.content.decode()


def trail():
    return list(SecurityEvent.objects.order_by("pk").values_list("jenis", "user_id", "address"))


def test_every_security_event_is_in_the_trail_with_who_and_from_where(client, pegawai):
    J = SecurityEvent.Jenis
    login(client, pegawai.nip, "salah", address="10.4.4.4")
    login(client, pegawai.nip, TEST_PASSWORD, address="10.4.4.4")
    client.post(reverse("accounts:logout"), REMOTE_ADDR="10.4.4.4")
    for _ in range(5):
        login(client, pegawai.nip, "salah", address="10.4.4.5")
    login(client, pegawai.nip, TEST_PASSWORD, address="10.4.4.5")  # refused: the pair is locked
    client.post(reverse("accounts:password_reset"), {"email": pegawai.email}, REMOTE_ADDR="10.4.4.6")
    form_url = client.get(reset_link()).url
    client.post(form_url, {"new_password1": "Kinerja-Baru-2026", "new_password2": "Kinerja-Baru-2026"})

    assert trail() == [
        (J.LOGIN_GAGAL, pegawai.pk, "10.4.4.4"),
        (J.LOGIN, pegawai.pk, "10.4.4.4"),
        (J.LOGOUT, pegawai.pk, "10.4.4.4"),
        *[(J.LOGIN_GAGAL, pegawai.pk, "10.4.4.5")] * 5,
        (J.TERKUNCI, pegawai.pk, "10.4.4.5"),
        (J.RESET_DIMINTA, None, "10.4.4.6"),
        (J.RESET_SELESAI, pegawai.pk, "127.0.0.1"),
    ]
    assert set(SecurityEvent.objects.exclude(user=None).values_list("instansi_id", flat=True)) == {pegawai.instansi_id}


def test_reset_requests_are_limited_per_email_and_the_page_says_the_same(client, pegawai):
    for _ in range(3):
        client.post(reverse("accounts:password_reset"), {"email": pegawai.email}, REMOTE_ADDR=f"10.5.5.{_}")
    response = client.post(reverse("accounts:password_reset"), {"email": pegawai.email}, REMOTE_ADDR="10.5.5.9")
    assert response.url == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 3
    assert SecurityEvent.objects.filter(jenis=SecurityEvent.Jenis.RESET_DITAHAN).count() == 1


def test_reset_requests_are_limited_per_address(client, pegawai, settings):
    settings.RESET_LIMIT_ADDRESS = 4
    for n in range(4):
        client.post(reverse("accounts:password_reset"), {"email": f"orang{n}@example.go.id"}, REMOTE_ADDR="10.6.6.6")
    client.post(reverse("accounts:password_reset"), {"email": pegawai.email}, REMOTE_ADDR="10.6.6.6")
    assert mail.outbox == []
    client.post(reverse("accounts:password_reset"), {"email": pegawai.email}, REMOTE_ADDR="10.6.6.7")
    assert len(mail.outbox) == 1


def test_reset_limits_lift_after_an_hour(client, pegawai):
    with time_machine.travel(datetime.datetime(2026, 3, 1, 8, 0, tzinfo=datetime.UTC), tick=False) as traveller:
        for _ in range(4):
            client.post(reverse("accounts:password_reset"), {"email": pegawai.email})
        assert len(mail.outbox) == 3
        traveller.shift(datetime.timedelta(hours=1, seconds=1))
        client.post(reverse("accounts:password_reset"), {"email": pegawai.email})
        assert len(mail.outbox) == 4


@pytest.mark.parametrize("url_name", ["accounts:home", "skp:daftar", "penilaian:pemantauan", "admin:index"])
def test_logged_in_pages_are_never_kept_by_a_cache(client, admin_instansi, url_name):
    client.force_login(admin_instansi)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    directives = {d.strip() for d in response.headers["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


def test_a_megabyte_password_is_refused_before_it_is_hashed(client, pegawai):
    client.post(reverse("accounts:password_reset"), {"email": pegawai.email})
    form_url = client.get(reset_link()).url
    huge = "a" * 5000
    response = client.post(form_url, {"new_password1": huge, "new_password2": huge})
    assert response.status_code == 200
    assert response.context["form"].errors
    pegawai.refresh_from_db()
    assert not pegawai.check_password(huge)

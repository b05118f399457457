"""Login throttling on django-axes (docs/decisions/0010-login-throttle-axes.md), on every login path (ours and
/admin/login/), since both authenticate through AxesStandaloneBackend.

- Axes locks a (NIP, address) pair after LOGIN_FAILURE_LIMIT_PAIR failures for LOGIN_COOLOFF_MINUTES: a colleague
  who knows your NIP can lock only themselves, and you still get in from your own computer.
- This handler adds two wider limits, which axes' single limit cannot express: one address against many accounts
  (password spraying; an office NAT shares one address, so the limit is high) and one account from many addresses
  (a distributed guess), each counted over LOGIN_FAILURE_WINDOW_SECONDS in the security trail (SecurityEvent),
  where every failed login is recorded anyway.
- Axes stores and logs an HMAC tag of the NIP, never the NIP (AXES_USERNAME_CALLABLE, AXES_CLIENT_STR_CALLABLE).
"""

import datetime
import math
import re

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.db.models import Count, Max, Sum
from django.http import HttpResponse
from django.utils import timezone

from accounts import services
from accounts.models import SecurityEvent

TAG = re.compile(r"[0-9a-f]{12}")


def _nip(request, credentials) -> str:
    if credentials and credentials.get("username"):
        return str(credentials["username"])
    return request.POST.get("username", "") if request is not None else ""


def axes_username(request, credentials) -> str:
    """What axes stores and logs for the account: the tag of the NIP typed."""
    nip = _nip(request, credentials).strip()
    return services.account_tag(nip) if nip else ""


def axes_client_ip(request) -> str:
    return services.client_address(request)


def axes_client_str(username, ip_address, user_agent, path_info, request) -> str:
    """How axes names a client in its log lines. Axes passes the tag for a failure but the user's NIP for a
    login or logout (user.get_username()): anything that is not already a tag is tagged here."""
    if username and not TAG.fullmatch(str(username)):
        username = services.account_tag(str(username))
    return f"account={username} address={ip_address}"


def _window_start() -> datetime.datetime:
    return timezone.now() - datetime.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def _pair_failures(tag: str, address: str) -> tuple[int, datetime.datetime | None]:
    """Axes' count for this (account, address) pair since its last reset, and the last failure's time."""
    since = timezone.now() - datetime.timedelta(minutes=settings.LOGIN_COOLOFF_MINUTES)
    row = AccessAttempt.objects.filter(username=tag, ip_address=address, attempt_time__gte=since).aggregate(
        n=Sum("failures_since_start"), last=Max("attempt_time")
    )
    return row["n"] or 0, row["last"]


def _recent_failures(**where) -> tuple[int, datetime.datetime | None]:
    """Failed logins in the trail within the window, and the last one's time. For an account, only those since
    its owner last proved themselves (a login, a password set through the reset link)."""
    since = _window_start()
    if "account" in where:
        proved = SecurityEvent.objects.filter(
            jenis__in=[SecurityEvent.Jenis.LOGIN, SecurityEvent.Jenis.RESET_SELESAI],
            account=where["account"],
            created_at__gte=since,
        ).aggregate(last=Max("created_at"))["last"]
        since = max(since, proved) if proved else since
    row = SecurityEvent.objects.filter(jenis=SecurityEvent.Jenis.LOGIN_GAGAL, created_at__gte=since, **where).aggregate(
        n=Count("pk"), last=Max("created_at")
    )
    return row["n"], row["last"]


class ThrottleHandler(AxesDatabaseHandler):
    """Axes' pair lock, plus the address-wide and account-wide limits."""

    def is_locked(self, request, credentials=None) -> bool:
        if super().is_locked(request, credentials):
            return True
        return bool(wide_lock_minutes(request, credentials))


def wide_lock_minutes(request, credentials=None) -> int:
    """Minutes left on an address-wide or account-wide lock, 0 when there is none."""
    wait = 0
    tag = axes_username(request, credentials)
    limits = []
    if address := services.client_address(request):
        limits.append(({"address": address}, settings.LOGIN_FAILURE_LIMIT_ADDRESS))
    if tag:
        limits.append(({"account": tag}, settings.LOGIN_FAILURE_LIMIT_ACCOUNT))
    for where, limit in limits:
        count, last = _recent_failures(**where)
        if count >= limit and last is not None:
            free_at = last + datetime.timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)
            wait = max(wait, math.ceil((free_at - timezone.now()).total_seconds() / 60))
    return max(wait, 0)


def lock_minutes(request, nip: str) -> int:
    """Minutes until this NIP may be tried again from this address (pair lock or a wide one), at least 1."""
    pair, last = _pair_failures(services.account_tag(nip), services.client_address(request))
    wait = wide_lock_minutes(request, {"username": nip})
    if pair >= settings.LOGIN_FAILURE_LIMIT_PAIR and last is not None:
        free_at = last + datetime.timedelta(minutes=settings.LOGIN_COOLOFF_MINUTES)
        wait = max(wait, math.ceil((free_at - timezone.now()).total_seconds() / 60))
    return max(wait, 1)


def tries_left(request, nip: str) -> int:
    """How many more wrong passwords this NIP may have from this address before the pair lock."""
    pair, _ = _pair_failures(services.account_tag(nip), services.client_address(request))
    return max(settings.LOGIN_FAILURE_LIMIT_PAIR - pair, 0)


def forgive(nip: str) -> None:
    """A password set through the reset link proves the owner: every lock on the account is lifted."""
    reset(username=services.account_tag(nip))


def lockout_response(request, response, credentials):
    """Axes' answer to a locked-out login: the login form the view already rendered, with the lock's message
    (see accounts.forms), as 429 Too Many Requests."""
    if response is None:
        return HttpResponse("Terlalu banyak percobaan masuk yang gagal. Coba lagi nanti.", status=429)
    response.status_code = 429
    return response


def reset_allowed(request, email: str) -> bool:
    """Password reset requests: at most RESET_LIMIT_EMAIL per email and RESET_LIMIT_ADDRESS per address in
    RESET_WINDOW_SECONDS, counted in the trail (both the sent and the held ones), so a reset link cannot be used
    to flood someone's mailbox or to probe many emails from one place."""
    since = timezone.now() - datetime.timedelta(seconds=settings.RESET_WINDOW_SECONDS)
    asked = SecurityEvent.objects.filter(
        jenis__in=[SecurityEvent.Jenis.RESET_DIMINTA, SecurityEvent.Jenis.RESET_DITAHAN], created_at__gte=since
    )
    if asked.filter(account=services.account_tag(email.lower())).count() >= settings.RESET_LIMIT_EMAIL:
        return False
    address = services.client_address(request)
    return not (address and asked.filter(address=address).count() >= settings.RESET_LIMIT_ADDRESS)

"""Every call of the API is logged (docs/rules.md §16.3): the token and its instansi, method, path and the query
parameters the API knows, status, client address (accounts' trusted-proxy rule), duration and time. Never the
Authorization header; a parameter the API does not know is logged by its name only."""

import functools
import time
from urllib.parse import urlencode

from accounts.services import client_address
from api import services

KNOWN = {"periode", "unit_kerja", "updated_since", "cursor", "limit"}


def logged_path(request) -> str:
    """The path and query as the log keeps them: a value the API does not read (a NIP typed by mistake, say) is
    dropped, its name kept."""
    pairs = [(name, value if name in KNOWN else "…") for name, value in request.GET.items()]
    return request.path + ("?" + urlencode(pairs) if pairs else "")


def call_logged(view):
    """The view, with its call logged after it answers, and `Cache-Control: no-store` on the answer: payroll data
    are personal and never kept by a cache on the way."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        started = time.perf_counter()
        response = view(request, *args, **kwargs)
        response["Cache-Control"] = "no-store"
        token = getattr(request, "auth", None)
        services.api_call_record(
            token=token if getattr(token, "pk", None) else None,
            method=request.method,
            path=logged_path(request),
            status=response.status_code,
            address=client_address(request),
            duration_ms=round((time.perf_counter() - started) * 1000),
        )
        return response

    return wrapper

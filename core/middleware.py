"""Requests with a NUL byte anywhere the app reads are answered 400 before any view runs; the Content-Security-Policy
header built once per process."""

import csp.middleware
from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.utils import build_policy
from django.conf import settings
from django.core.exceptions import BadRequest
from django.views.defaults import bad_request

NUL = "\x00"


class RejectNulMiddleware:
    """PostgreSQL refuses a NUL byte in text, so a NUL in the path, the query string, the posted form (names
    and values) or a header can never be meaningful: left to the views, it fails deep inside a lookup or
    a save as a 500. One check here answers every URL with the 400 page instead. HTTP forbids NUL in header
    values, so no browser sends one there either."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if carries_nul(request):
            return bad_request(request, BadRequest("NUL byte in the request"))
        return self.get_response(request)


def carries_nul(request) -> bool:
    if NUL in request.path_info or NUL in request.path:
        return True
    if any(NUL in value for key, value in request.META.items() if key.startswith("HTTP_")):
        return True
    if _in_querydict(request.GET):
        return True
    if request.method == "POST":
        if _in_querydict(request.POST):
            return True
        # A file's own name comes out of Django's parser without NUL; the form field's name does not.
        return any(NUL in name for name in request.FILES)
    return False


def _in_querydict(data) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in data.lists())


class CSPMiddleware(csp.middleware.CSPMiddleware):
    """django-csp's, except that the header of a response no view changed is built once per process instead of twice
    per response (issue 8: 0.06 ms of every page). Our policy has no nonce and no view changes it today; a response
    that carries a change (@csp_update, @csp_replace, @csp_exempt, their report-only kinds) or a request that used the
    nonce goes through django-csp unchanged. The header text is the same as django-csp's (tests/test_page_cost.py)."""

    _PER_VIEW = tuple(f"_csp_{kind}{ro}" for kind in ("config", "update", "replace", "exempt") for ro in ("", "_ro"))

    def __init__(self, get_response):
        super().__init__(get_response)
        self._built_from = self._built = None

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(hasattr(response, a) for a in self._PER_VIEW):
            return super().process_response(request, response)
        if settings.DEBUG and response.status_code in (500, 404):
            return response
        policies = (settings.CONTENT_SECURITY_POLICY, getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None))
        if self._built_from is None or any(a is not b for a, b in zip(policies, self._built_from, strict=True)):
            # The first response, or the settings changed (tests).
            self._built = [
                (header, build_policy(report_only=ro), tuple((policy or {}).get("EXCLUDE_URL_PREFIXES") or ()))
                for header, ro, policy in ((HEADER, False, policies[0]), (HEADER_REPORT_ONLY, True, policies[1]))
            ]
            self._built_from = policies
        for header, text, excluded in self._built:
            if text and header not in response and not request.path_info.startswith(excluded):
                response[header] = text
        request.csp_nonce = csp.middleware.CheckableLazyObject(self._csp_nonce_post_response)
        return response

"""Requests with a NUL byte anywhere the app reads are answered 400 before any view runs."""

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

"""The "Kembali ke halaman sebelumnya" link of the error pages: the page the user came from, when it is ours."""

from django import template
from django.utils.http import url_has_allowed_host_and_scheme

register = template.Library()


def previous_page(request) -> str:
    """The Referer if it is a page of this site, else "". A GET that refers to itself gets "" too: a link back to
    the page that just failed would only fail again. A POST refers to its own form page, which is the page to
    open again (a fresh copy, with a fresh CSRF token and the current state)."""
    if request is None:
        return ""
    referer = request.headers.get("Referer", "")
    if not referer or not url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return ""
    if request.method == "GET" and referer == request.build_absolute_uri():
        return ""
    return referer


@register.simple_tag(takes_context=True)
def previous_page_url(context) -> str:
    return previous_page(context.get("request"))

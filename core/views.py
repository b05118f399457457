"""Views the framework calls on our behalf (settings.CSRF_FAILURE_VIEW), not pages of an app."""

from django.middleware.csrf import REASON_NO_CSRF_COOKIE, REASON_NO_REFERER
from django.shortcuts import render


def csrf_failure(request, reason: str = ""):
    """A form older than the user's CSRF token (opened long ago, before a new login, or from the browser's Back
    button) is refused with a page that says so and how to go on. Django's own view would render 403_csrf.html
    too, but without the reason: a browser that withholds the cookie or the Referer would then be told, on every
    try, to reload a page that is not stale."""
    context = {
        "without_cookie": reason == REASON_NO_CSRF_COOKIE,
        "without_referer": reason == REASON_NO_REFERER,
    }
    return render(request, "403_csrf.html", context, status=403)

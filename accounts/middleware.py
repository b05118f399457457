"""Sessions that end after SESSION_COOKIE_AGE of inactivity without a database write per request, and logged-in
pages that no cache keeps."""

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.utils.cache import patch_cache_control


class IdleSessionMiddleware:
    """Pushes a logged-in session's expiry forward while it is in use.

    Django's SESSION_SAVE_EVERY_REQUEST would write the session row on every request; touching it at most
    once per SESSION_IDLE_REFRESH_SECONDS gives the same idle timeout to within that margin.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if SESSION_KEY in session:
            now = int(time.time())
            if now - session.get("_seen", 0) >= settings.SESSION_IDLE_REFRESH_SECONDS:
                session["_seen"] = now  # marks the session modified: saved with a fresh expiry
        return self.get_response(request)


class PrivatePagesMiddleware:
    """Pages for a logged-in user are `Cache-Control: private, no-store`: on a shared computer at a kantor, the
    browser's Back button after Keluar, or the next user, must not bring back someone's SKP from the cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # The session says who is logged in without loading the user row (IdleSessionMiddleware read it already).
        if SESSION_KEY in request.session:
            patch_cache_control(response, private=True, no_store=True)
        return response

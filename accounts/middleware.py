"""Sessions that end after SESSION_COOKIE_AGE of inactivity without a database write per request, the logged-in
user without a query of its own, and logged-in pages that no cache keeps."""

import time

import pghistory
import pghistory.middleware
from django.conf import settings
from django.contrib import auth
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthenticationMiddleware
from django.core.handlers.wsgi import WSGIRequest
from django.db import connection
from django.utils.cache import patch_cache_control
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject
from pghistory import config as pghistory_config
from pghistory import runtime as pghistory_runtime

MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"
_model_backend = ModelBackend()


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    """Django's, except that `request.user` is the row accounts.sessions read together with the session, when
    Django's own checks pass for it: saves the user query on every logged-in page (issue 8). Anything else
    (no such row, another backend, an inactive user, a session hash that does not match) goes through
    django.contrib.auth.get_user unchanged, which reads the user again and logs out or rotates as it always does."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _get_user(request))


def _get_user(request):
    if not hasattr(request, "_cached_user"):
        request._cached_user = _user_read_with_session(request) or auth.get_user(request)
    return request._cached_user


def _user_read_with_session(request):
    """The user row read with the session, if it passes every check of django.contrib.auth.get_user with the
    ModelBackend (the row's id is the session's, the account is active, the session hash is the current one);
    otherwise None."""
    session = request.session
    try:
        user_id, backend_path, session_hash = (
            session[SESSION_KEY],
            session[BACKEND_SESSION_KEY],
            session[HASH_SESSION_KEY],
        )
    except KeyError:
        return None
    user = getattr(session, "user_row", None)  # set by accounts.sessions.SessionStore.load, just run above
    if user is None or backend_path != MODEL_BACKEND or backend_path not in settings.AUTHENTICATION_BACKENDS:
        return None
    if str(user.pk) != str(user_id) or not _model_backend.user_can_authenticate(user):
        return None
    if not session_hash or not constant_time_compare(session_hash, user.get_session_auth_hash()):
        return None
    return user


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


class HistoryMiddleware(pghistory.middleware.HistoryMiddleware):
    """pghistory's (the acting user and the URL on every audit event of a request), except that on a GET the audit
    context is opened at the request's first statement that writes, instead of before the view. A page that only
    reads, which is every GET we have, then skips what the context costs: a UUID, and pghistory lowercasing the
    text of every statement to look for writes (issue 8, docs/performance.md). A write during a GET, should one
    ever happen, is recorded with exactly the context it would have had (tests/test_page_cost.py). Other methods
    go through pghistory unchanged."""

    def __call__(self, request):
        if request.method != "GET" or "GET" not in pghistory_config.middleware_methods():
            return super().__call__(request)
        on_first_write = _ContextOnFirstWrite(self.get_context, request)
        with connection.execute_wrapper(on_first_write):
            if isinstance(request, WSGIRequest):  # as pghistory does: a later `request.user = …` updates it
                request.__class__ = pghistory.middleware.WSGIRequest
            try:
                return self.get_response(request)
            finally:
                on_first_write.close()


class _ContextOnFirstWrite:
    """A database execute wrapper that enters pghistory.context(user=…, url=…) when the first statement that pghistory
    would mark with it comes by, marks that statement (pghistory's own wrapper, installed by the context, marks
    the ones after it), and leaves the context at the end of the request."""

    def __init__(self, get_context, request):
        self.get_context, self.request, self.context = get_context, request, None

    def __call__(self, execute, sql, params, many, context):
        if (
            self.context is None
            and not _is_select(sql)
            and pghistory_runtime._can_inject_variable(context["cursor"], sql)
        ):
            self.context = pghistory.context(**self.get_context(self.request))
            self.context.__enter__()
            return pghistory_runtime._inject_history_context(execute, sql, params, many, context)
        return execute(sql, params, many, context)

    def close(self):
        if self.context is not None:
            self.context.__exit__(None, None, None)


def _is_select(sql) -> bool:
    """A cheap first look: pghistory never marks a statement whose text starts with SELECT."""
    return isinstance(sql, str) and sql.lstrip()[:6].lower() == "select"

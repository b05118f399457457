"""Reports, exports and the API read from a streaming replica when DATABASE_REPLICA_URL gives one (issue 12,
decision 0023); everything else, and every write, uses the primary.

Nothing in a view says which database it reads. `ReplicaReadMiddleware` turns replica reads on for the view of a
GET or HEAD request whose path starts with one of `settings.REPLICA_READ_PATHS`, and `ReplicaRouter` sends the
ORM's reads to the "replica" alias while they are on:

- the session and its user are read from the primary before they are turned on (accounts.sessions reads both in
  one query), so a replica that lags never logs anyone out nor misses a fresh login; a browser that has just
  posted anything reads the primary for REPLICA_STICKY_SECONDS, so the page it is sent to shows what it saved;
- they stay on while a streamed body is generated (the CSV export reads through a server-side cursor after the
  view has returned), and only then;
- every write goes to the primary, and so does every read inside a transaction on the primary
  (`transaction.atomic()`): a service's `select_for_update` and its reads see its own rows; `on_primary()` does
  the same for a block that must see the latest committed state (an API token, say);
- the replica is asked at the request's first read (a redirect or a 403 never touches it); one that cannot be
  reached is left alone for RETRY_SECONDS and the primary answers meanwhile, with one warning in the log.

Without the alias everything reads the primary, exactly as with no router at all; so does an alias that names the
primary's own database. The test suite runs without it; tests/test_replica.py adds one for a real standby.
"""

import contextlib
import contextvars
import logging
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections

REPLICA = "replica"
RETRY_SECONDS = 30
STICKY_COOKIE = "ekinerja_primer"
SAFE_METHODS = ("GET", "HEAD")

logger = logging.getLogger(__name__)

_reads = contextvars.ContextVar("replica_reads", default=None)
_down_until = 0.0  # time.monotonic() before which this process does not try the replica again


class _Reads:
    """Replica reads turned on for one request (or block): whether the replica answers is asked at its first read."""

    __slots__ = ("ready",)

    def __init__(self):
        self.ready = None


class ReplicaRouter:
    """The ORM's reads go to the replica while replica reads are on, the replica answers and no transaction is open
    on the primary; writes always go to the primary. Both hold the same rows, so objects of either relate freely."""

    def db_for_read(self, model, **hints):
        reads = _reads.get()
        if reads is None or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS  # never an object's own alias: a row read from the replica is read again here
        if reads.ready is None:
            reads.ready = replica_ready()
        return REPLICA if reads.ready else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, **hints):
        return db == DEFAULT_DB_ALIAS  # a standby is read-only: it gets the schema by replication


def replica_configured() -> bool:
    """Whether DATABASES has a replica, other than the primary's own database under a second name."""
    if REPLICA not in connections.settings:
        return False
    return _server_of(connections[REPLICA].settings_dict) != _server_of(connections[DEFAULT_DB_ALIAS].settings_dict)


def _server_of(alias: dict) -> tuple:
    """Where an alias connects: a URL's ?host= (a Unix socket folder) lands in OPTIONS, and wins over HOST."""
    options = alias.get("OPTIONS") or {}
    return (options.get("host") or alias.get("HOST"), options.get("port") or alias.get("PORT"), alias.get("NAME"))


def replica_ready() -> bool:
    """Whether a replica is configured and answers: a connection is opened, or a kept one passes Django's health
    check (as CONN_HEALTH_CHECKS would before the request's first query, so it costs no extra round trip)."""
    global _down_until
    if not replica_configured() or time.monotonic() < _down_until:
        return False
    connection = connections[REPLICA]
    try:
        connection.close_if_health_check_failed()
        connection.ensure_connection()
    except (OperationalError, InterfaceError) as error:
        _down_until = time.monotonic() + RETRY_SECONDS
        logger.warning(
            "Read replica unreachable (%s); reading the primary for %d s", type(error).__name__, RETRY_SECONDS
        )
        return False
    return True


@contextlib.contextmanager
def on_replica():
    """Reads in this block go to the replica when it answers (the middleware's switch, for code outside a request:
    a management command, a benchmark, a test)."""
    token = _reads.set(_Reads())
    try:
        yield
    finally:
        _reads.reset(token)


@contextlib.contextmanager
def on_primary():
    """Reads in this block go to the primary, for a lookup under REPLICA_READ_PATHS that must see the latest
    committed state however far the replica lags (an API token just created or revoked)."""
    token = _reads.set(None)
    try:
        yield
    finally:
        _reads.reset(token)


class ReplicaReadMiddleware:
    """Replica reads for the views under REPLICA_READ_PATHS (module docstring). Last in MIDDLEWARE: its process_view
    runs after every other middleware has read what it needs from the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _reads.set(None)
        try:
            response = self.get_response(request)
            reads = _reads.get()  # set by process_view for this request's view
        finally:
            _reads.reset(token)
        if reads is not None and _generated_later(response):
            response.streaming_content = _ReadingReplica(response.streaming_content, reads)
        if request.method not in SAFE_METHODS and replica_configured():
            response.set_cookie(
                STICKY_COOKIE,
                "1",
                max_age=settings.REPLICA_STICKY_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (
            request.method in SAFE_METHODS
            and request.path_info.startswith(settings.REPLICA_READ_PATHS)
            and STICKY_COOKIE not in request.COOKIES
            and replica_configured()
        ):
            user = getattr(request, "user", None)
            if user is not None:
                user.is_authenticated  # noqa: B018 (reads the session's user now, from the primary)
            _reads.set(_Reads())


def _generated_later(response) -> bool:
    """A body made while the server sends it: streamed, not a file (a FileResponse's file is sent as it is, which
    reads no database), and not an async iterator (none under our WSGI server)."""
    return (
        response.streaming
        and getattr(response, "file_to_stream", None) is None
        and not getattr(response, "is_async", False)
    )


class _ReadingReplica:
    """A streamed body whose chunks are made with the request's replica reads on, each `next()` in its own switch:
    the WSGI server iterates the body after the middleware has returned, and nothing else it does reads the replica."""

    def __init__(self, chunks, reads: _Reads):
        self._chunks, self._reads = iter(chunks), reads

    def __iter__(self):
        return self

    def __next__(self):
        token = _reads.set(self._reads)
        try:
            return next(self._chunks)
        finally:
            _reads.reset(token)

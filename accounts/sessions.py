"""Sessions in PostgreSQL, read in one query together with their user's row (issue 8, docs/performance.md).

Django's database sessions cost a logged-in page two round trips before any page work: the session row, then
(django.contrib.auth.get_user) the user row. A session key never changes user (login gives the session a new
key, logout deletes it), so each app process remembers, per session key, the user id it last decoded from it,
and the next request of that session reads the session row and that user's row in one query. Nothing else
changes: the session row is still read from the database on every request, so a session that was logged out,
expired or deleted on any app server stops working at once everywhere; the user row is as fresh as Django's
own query; and the remembered id is only a hint: the user id in the signed session data decides, a row of any
other user is thrown away (accounts.middleware.AuthenticationMiddleware then falls back to Django's path).

The same read also stands in for Django's connection health check (CONN_HEALTH_CHECKS: a `SELECT 1` round trip
before a request's first query on a kept connection): it is that first query and a plain SELECT, so when the
connection turns out to be broken it is replaced and the read is made again, which is what the check is for.
"""

import functools

from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.backends import db
from django.db import InterfaceError, OperationalError, connections, router
from django.utils import timezone

from core.prepared import preparing_cursor

HINTS_MAX = 20_000  # about 2 MB per process at most; when full, the map starts again (one extra query each)
_user_of_key: dict[str, object] = {}


def _remember(session_key: str | None, user_id) -> None:
    if session_key and user_id is not None:
        if len(_user_of_key) >= HINTS_MAX:
            _user_of_key.clear()
        _user_of_key[session_key] = user_id


@functools.cache
def _joined_read(session_table: str, alias: str):
    """(SQL, user fields, whether any needs a conversion) of the joined read, built once per process."""
    user_model = get_user_model()
    fields = user_model._meta.concrete_fields
    qn = connections[alias].ops.quote_name
    sql = (  # identifiers from the models' metadata, every value a parameter
        f"SELECT s.session_data, s.expire_date, {', '.join(f'u.{qn(f.column)}' for f in fields)} "  # noqa: S608
        f"FROM {qn(session_table)} s "
        f"LEFT JOIN {qn(user_model._meta.db_table)} u ON u.{qn(user_model._meta.pk.column)} = %s "
        "WHERE s.session_key = %s AND s.expire_date > %s"
    )
    converts = any(f.get_db_converters(connections[alias]) for f in fields)
    return sql, fields, [f.attname for f in fields], fields.index(user_model._meta.pk), converts


class SessionStore(db.SessionStore):
    user_row = None  # the session's user, read with the session row (None: not read, or not this session's)

    def _get_session_from_db(self):
        hint = _user_of_key.get(self.session_key) if self.session_key else None
        if hint is None:
            return super()._get_session_from_db()
        connection = connections[router.db_for_read(self.model)]
        sql, fields, attnames, pk_index, converts = _joined_read(self.model._meta.db_table, connection.alias)
        params = [hint, self.session_key, timezone.now()]
        if connection.health_check_enabled and not connection.health_check_done and not connection.in_atomic_block:
            connection.health_check_done = True  # this read is the check (module docstring)
            try:
                row = self._read(connection, sql, params)
            except (InterfaceError, OperationalError):
                if connection.is_usable():
                    raise
                connection.close()  # a kept connection the server has dropped: read again on a new one
                row = self._read(connection, sql, params)
        else:
            row = self._read(connection, sql, params)
        if row is None:  # no such session, or expired: as Django's own store
            self._session_key = None
            return None
        session = self.model(session_key=self.session_key, session_data=row[0], expire_date=row[1])
        values = list(row[2:])
        if values[pk_index] is not None:
            if converts:  # the conversions the ORM would apply to these columns (none for plain ones)
                for i, field in enumerate(fields):
                    for convert in field.get_db_converters(connection):
                        values[i] = convert(values[i], field, connection)
            self.user_row = get_user_model().from_db(connection.alias, attnames, values)
        return session

    @staticmethod
    def _read(connection, sql, params):
        with preparing_cursor(connection) as cursor:  # kept prepared per connection (decision 0027)
            cursor.execute(sql, params)
            return cursor.fetchone()

    def load(self):
        data = super().load()
        user_id = data.get(SESSION_KEY)
        if self.user_row is not None and str(self.user_row.pk) != str(user_id):
            self.user_row = None  # the hint named someone else: never use that row
        if user_id is not None:
            _remember(self.session_key, get_user_model()._meta.pk.to_python(user_id))
        return data

    def save(self, must_create=False):
        super().save(must_create=must_create)
        _remember(self.session_key, get_user_model()._meta.pk.to_python(self._session.get(SESSION_KEY)))

    def delete(self, session_key=None):
        _user_of_key.pop(session_key or self.session_key, None)
        super().delete(session_key)

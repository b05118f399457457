"""Querysets compiled to SQL once per process and run with new values on every call (issue 8, decision 0026).

Building a queryset and compiling it costs 0.3–1 ms of CPU per query, every time, though the SQL of a page's query
never changes: only its values do (the user, today). `prepared` builds the queryset once with placeholder values,
keeps Django's compiled SQL and the compiler's column map, and on each call runs that SQL with the real values
through the queryset's own iterable, so the rows come back exactly as the ORM gives them (model instances with
their annotations and select_related rows, or values() dicts).

    @prepared(user_id=int, today=datetime.date)
    def plt_posts(user_id, today):
        return PltAssignment.objects.filter(pegawai=user_id).active_on(today)

    plt_posts(user_id=request.user.pk, today=today)  # a list

The SQL goes to PostgreSQL with its values bound on the server, so the statement is also kept prepared per connection:
parsed once, and planned once PostgreSQL keeps a generic plan (`preparing_cursor`, decision 0027);
`DB_PREPARED_STATEMENTS=false` sends it unprepared.

The build function is called once, with placeholders: it must build one query shape whatever the values (no `if`
on a value, no `__in` list, whose length changes the SQL), and each value must reach the SQL as a parameter of its
own (an `icontains` wraps it, a `Value` may inline it): `prepared` checks that every placeholder comes out in the
parameters and refuses otherwise, and tests compare each prepared query with its plain ORM run.
"""

import copy
import datetime
import threading
from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.db.backends.postgresql.base import ServerBindingCursor

# One placeholder per parameter, of its type, that no real value takes: found again among the compiled parameters.
_PLACEHOLDERS: dict[type, Callable[[int], object]] = {
    int: lambda n: -1_987_654_300 - n,
    datetime.date: lambda n: datetime.date(1001, 1, 1) + datetime.timedelta(days=n),
    str: lambda n: f"\x1eprepared-{n}\x1e",
    list: lambda n: [
        -1_987_654_300 - n
    ],  # a PostgreSQL array, e.g. `pk__in=RawSQL("SELECT unnest(%s::bigint[])", [ids])`
}


class Prepared:
    """A query of fixed shape: its SQL compiled on the first call, then run with each call's values."""

    def __init__(self, build: Callable, kinds: dict[str, type]):
        self._build, self._kinds = build, kinds
        self._compiled = None
        self._lock = threading.Lock()
        self.__doc__, self.__name__ = build.__doc__, build.__name__

    def _compile(self):
        placeholders = {name: _PLACEHOLDERS[kind](n) for n, (name, kind) in enumerate(self._kinds.items())}
        queryset = self._build(**placeholders)
        compiler = queryset.query.get_compiler(queryset.db)
        sql, params = compiler.as_sql()  # also fills the compiler's select, klass_info and annotation_col_map
        slots = tuple(
            next((name for name, p in placeholders.items() if type(value) is type(p) and value == p), None)
            for value in params
        )
        if missing := set(placeholders) - set(slots):
            raise ImproperlyConfigured(f"{self.__name__}: {sorted(missing)} do not reach the SQL as parameters")
        # The conversions of the selected columns (dates, decimals, booleans from expressions), which Django looks up
        # column by column on every run: the same for every run of the same SQL.
        selected = [column[0] for column in compiler.select[: compiler.col_count]]
        converters = compiler.get_converters(selected)
        compiler.get_converters = lambda expressions: (
            converters
            if len(expressions) == len(selected) and all(a is b for a, b in zip(expressions, selected, strict=True))
            else type(compiler).get_converters(compiler, expressions)
        )
        return queryset, compiler, sql, tuple(params), slots

    def __call__(self, **values) -> list:
        if values.keys() != self._kinds.keys():
            raise TypeError(f"{self.__name__} takes {sorted(self._kinds)}, got {sorted(values)}")
        if self._compiled is None:
            with self._lock:
                if self._compiled is None:
                    self._compiled = self._compile()
        queryset, compiler, sql, params, slots = self._compiled
        bound = tuple(param if slot is None else values[slot] for param, slot in zip(params, slots, strict=True))
        run = copy.copy(compiler)  # this call's own: the cached one is shared by every thread
        run.connection = _ServerBinding(connections[queryset.db])  # this thread's connection, not the compiler's
        run.as_sql = lambda *args, **kwargs: (sql, bound)
        chained = queryset._chain()
        chained.query.get_compiler = lambda *args, **kwargs: run
        return list(chained)


def prepared(**kinds: type) -> Callable[[Callable], Prepared]:
    """Decorate a function that builds a queryset from keyword values of these types (int, datetime.date, str, and
    list for an array parameter: an `__in` list would change the SQL with its length)."""
    unknown = {name: kind for name, kind in kinds.items() if kind not in _PLACEHOLDERS}
    if unknown:
        raise ImproperlyConfigured(f"prepared: no placeholder for {unknown}")
    return lambda build: Prepared(build, kinds)


class _ServerBinding:
    """A database connection whose cursors send the values apart from the SQL (server-side binding), so that
    PostgreSQL can keep the statement prepared: parsed once per connection, and planned once it keeps a generic plan,
    instead of on every request (psycopg prepares a statement from its `prepare_threshold`-th run on;
    DB_PREPARED_STATEMENTS in settings). Only for `prepared`'s reads: Django's own cursors bind on the client, which
    pghistory's marked writes need. The cursor is still Django's wrapper (execute wrappers, query logging, error
    translation)."""

    def __init__(self, connection):
        self._connection = connection
        self.ops, self.features, self.alias = connection.ops, connection.features, connection.alias  # the most read

    def __getattr__(self, name):
        return getattr(self._connection, name)

    def cursor(self):
        return preparing_cursor(self._connection)


def preparing_cursor(connection):
    """A Django cursor on `connection` that binds on the server, so that its statements are kept prepared (unless
    DB_PREPARED_STATEMENTS is off: then Django's usual cursor). For reads of a fixed shape only: the session read,
    `prepared`'s queries."""
    wrapper = connection.cursor()  # the health check and the connection, as for any query
    if connection.connection.prepare_threshold is not None:
        wrapper.cursor.close()
        wrapper.cursor = _PreparingCursor(connection.connection)
    return wrapper


class _PreparingCursor(ServerBindingCursor):
    """Django's server-side binding cursor, except that a statement run prepared is recorded as the one the cursor
    ran, as psycopg does for one sent unprepared: Django's query log (DEBUG, the tests' query counts) reads it."""

    def _maybe_prepare_gen(self, pgq, **kwargs):
        self._query = pgq
        yield from super()._maybe_prepare_gen(pgq, **kwargs)

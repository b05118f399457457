"""What one statement costs the app process (issue 8, docs/performance.md "Session 5"): the CPU time of a round trip
to PostgreSQL through each layer, from libpq up to a prepared ORM query, on page_cost.py's database.

    .venv/bin/python benchmarks/round_trip.py [--n 3000]
"""

import argparse
import datetime
import os
import sys
import time

from _bench import ROOT, app_env, bench_database_url


def per_call_us(func, n: int) -> float:
    for _ in range(50):
        func()
    start = time.process_time()
    for _ in range(n):
        func()
    return (time.process_time() - start) / n * 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=3000)
    args = parser.parse_args()
    os.environ.update(app_env(bench_database_url("_bench_cost")))
    os.environ["DJANGO_SETTINGS_MODULE"] = "ekinerja.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection
    from django.db.backends.postgresql.base import ServerBindingCursor

    from accounts.services import _plt_posts_around
    from core.prepared import preparing_cursor

    connection.ensure_connection()
    raw = connection.connection
    sql = "SELECT id, nama FROM accounts_user WHERE id = %s"
    server_cursor = ServerBindingCursor(raw)

    def through_django(cursor_of):
        def run():
            with cursor_of(connection) as cursor:
                cursor.execute(sql, [2])
                cursor.fetchall()

        return run

    today = datetime.date.today()
    rows = [
        ("libpq, SELECT 1 (the floor: a send and a receive)", lambda: raw.pgconn.exec_(b"SELECT 1")),
        ("psycopg, SELECT 1", lambda: raw.execute("SELECT 1").fetchall()),
        ("psycopg, prepared, one row", lambda: server_cursor.execute(sql, [2]).fetchall()),
        ("Django cursor, client-side binding, one row", through_django(lambda c: c.cursor())),
        ("Django cursor, prepared (core.prepared), one row", through_django(preparing_cursor)),
        ("prepared ORM query (Beranda's Plt posts, no rows)", lambda: _plt_posts_around(user_id=2, today=today)),
    ]
    print(f"process CPU per call, {args.n} calls each")
    for label, func in rows:
        print(f"  {per_call_us(func, args.n):7.1f} µs  {label}")


if __name__ == "__main__":
    main()

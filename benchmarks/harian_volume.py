"""Benchmark (issue 11): progres harian at national volume: a daily log of 10 million entries, and the pages that
read it.

Generation (`--generate`): benchmarks/instansi_besar.py builds one instansi (a unit tree, pegawai, an SKP of the
year each, penilaian periods with rencana aksi) with bulk SQL, then benchmarks/harian_volume_sql.py adds a year of
progres harian up to today: SKP Bulanan, Target Bulanan, and 3–7 entries (5 on average) per working day per
pegawai with an approved SKP, about --rows in all, each month loaded and then attached as its partition. Printed:
the time of each phase and the table's size (heap, each index, per million rows).

Measurement (through gunicorn with ekinerja/gunicorn_conf.py, DEBUG=false, CONN_MAX_AGE=600, on loopback; the CPU
of the server's workers and database backends per page is read from /proc): the pegawai's month view
(this month) and week view, the atasan's monthly list and one bawahan's month, each fetched by --users different
users (the pegawai sample at random, the atasan those with the most bawahan); one pegawai and one atasan log in
through /masuk/, the others get sessions made in-process. Latency: one client, one request at a time, p50/p95/p99
over --requests requests per page after a warm-up pass; throughput: --threads clients for --seconds on the month
view. Then each page once in-process with its SQL captured, and `EXPLAIN (ANALYZE, BUFFERS)` of every query that
reads the daily log: which partitions it read (the plans in benchmarks/out/harian_explain.txt).
Target: the month view's p95 < 150 ms at 10 M rows.

    .venv/bin/python benchmarks/harian_volume.py --generate [--rows 10000000]
    .venv/bin/python benchmarks/harian_volume.py [--users 100] [--requests 400] [--threads 4] [--seconds 20]
"""

import argparse
import datetime
import http.client
import math
import re
import sys
import threading
import time

from _bench import OUT, bench_database_url, session_for
from harian_common import (
    Client,
    cpu_ms,
    django_setup,
    gunicorn,
    load,
    percentile,
    server_pids,
    set_password,
    summary,
)
from instansi_besar import TAHUN, _conninfo, build
from psycopg import connect

SUFFIX = "_bench11"  # the database ekinerja_bench11
NAMA = "Pemerintah Provinsi Harian"
TARGET_P95_MS = 150.0
APPROVED_SHARE = 0.72  # instansi_besar: the share of pegawai whose SKP is approved
MB = 1024 * 1024


def working_days(conninfo: dict, awal: datetime.date, akhir: datetime.date) -> int:
    with connect(**conninfo) as conn:
        return conn.execute(
            "SELECT count(*) FROM generate_series(%s::date, %s::date, interval '1 day') d "
            "WHERE extract(isodow FROM d) < 6 AND d::date NOT IN (SELECT tanggal FROM harian_liburnasional)",
            [awal, akhir],
        ).fetchone()[0]


def generate(url: str, rows: int, today: datetime.date) -> None:
    import harian_volume_sql

    awal, akhir = datetime.date(TAHUN, 1, 1), min(today, datetime.date(TAHUN, 12, 31))
    start = time.perf_counter()
    build(url, [])  # recreate and migrate: the working days come from the migrated holidays
    conninfo = _conninfo(url)
    days = working_days(conninfo, awal, akhir)
    pegawai = math.ceil(rows / (days * 5 * APPROVED_SHARE))
    print(f"{days} working days {awal}..{akhir}: {pegawai:,} pegawai for about {rows:,} entries  ({load()})")
    from instansi_besar import build_filled

    build_filled(url, [(NAMA, pegawai)])
    with connect(**conninfo) as conn:
        inst = conn.execute("SELECT id FROM accounts_instansi WHERE nama = %s", [NAMA]).fetchone()[0]
    base = time.perf_counter()
    print(f"migrate + instansi, pegawai, SKPs, periods: {base - start:.1f} s  ({load()})")
    phases = harian_volume_sql.fill(conninfo, inst, awal, akhir)
    for name, seconds in phases.items():
        print(f"  {name:48} {seconds:7.1f} s")
    print(f"progres harian generated in {time.perf_counter() - base:.1f} s  ({load()})")
    report_sizes(conninfo)


def report_sizes(conninfo: dict) -> None:
    import harian_volume_sql

    total, per_index = harian_volume_sql.sizes(conninfo)
    rows = total["rows"]
    print(
        f"harian_progresharian: {rows:,} rows in {total['partitions']} partitions; heap {total['heap'] / MB:,.0f} MB, "
        f"indexes {total['indexes'] / MB:,.0f} MB, total {total['total'] / MB:,.0f} MB "
        f"= {total['total'] / MB / (rows / 1e6):,.0f} MB per million entries"
    )
    for name, size in per_index:
        print(f"  index {name or '(primary key)':40} {size / MB:8,.0f} MB")


# --- the pages --------------------------------------------------------------------------------------------------


def sample(bulan: datetime.date, users: int) -> tuple[list, list, dict]:
    """Pegawai with entries this month (a fixed pseudo-random sample), the atasan with the most bawahan, and for each
    atasan one bawahan's SKP Bulanan of the month."""
    from django.db.models import Count

    from accounts.models import User
    from harian.models import SkpBulanan

    ids = SkpBulanan.objects.filter(bulan=bulan).values_list("pegawai_id", flat=True)
    chosen = sorted(ids, key=lambda pk: (pk * 7919) % 10007)[:users]
    heads = (
        SkpBulanan.objects.filter(bulan=bulan, skp__penilai__isnull=False)
        .values("skp__penilai")
        .annotate(n=Count("pk"))
        .order_by("-n", "skp__penilai")[:users]
    )
    atasan_ids = [row["skp__penilai"] for row in heads]
    month_of = {}
    rows = SkpBulanan.objects.filter(bulan=bulan, skp__penilai__in=atasan_ids).order_by("pk")
    for penilai_id, pk in rows.values_list("skp__penilai_id", "pk"):
        month_of.setdefault(penilai_id, pk)
    users_by_id = User.objects.in_bulk(chosen + atasan_ids)
    return [users_by_id[pk] for pk in chosen], [users_by_id[pk] for pk in atasan_ids], month_of


def latency(port: int, pages: list[tuple[str, str]], requests: int, marker: str) -> list[float]:
    """One client, one request at a time: a warm-up pass over every (session, path), then `requests` more."""
    client, jars = Client(port), {session: {"sessionid": session} for session, _ in pages}
    for session, path in pages:
        status, body, _, _ = client.get(path, jars[session])
        if status != 200 or marker not in body:
            raise SystemExit(f"{path}: HTTP {status}, {marker!r} {'found' if marker in body else 'missing'}")
    times = []
    for n in range(requests):
        session, path = pages[n % len(pages)]
        status, _, ms, _ = client.get(path, jars[session])
        if status != 200:
            raise SystemExit(f"{path}: HTTP {status}")
        times.append(ms)
    client.close()
    return times


def throughput(port: int, pages: list[tuple[str, str]], threads: int, seconds: float) -> tuple[float, list, int]:
    """`threads` clients for `seconds`: pages per second, the latencies, the errors."""
    times, errors, lock = [], [0], threading.Lock()
    deadline = time.monotonic() + seconds

    def run(offset: int) -> None:
        n, client = offset, Client(port)
        while time.monotonic() < deadline:
            session, path = pages[n % len(pages)]
            try:
                status, _, ms, _ = client.get(path, {"sessionid": session})
            except (OSError, http.client.HTTPException):
                status, ms = 0, 0.0
            with lock:
                if status == 200:
                    times.append(ms)
                else:
                    errors[0] += 1
            n += threads
        client.close()

    start = time.perf_counter()
    workers = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return len(times) / (time.perf_counter() - start), times, errors[0]


PARTITION_RE = re.compile(r"on (harian_progresharian_p\d{4}_\d{2})")


def explain(pages: dict[str, tuple]) -> list[str]:
    """Each page once in-process, its SQL captured; EXPLAIN (ANALYZE, BUFFERS) of every query reading the daily log:
    the partitions it read (nodes not marked never executed). Returns the report's lines; writes the plans."""
    from django.db import connection
    from django.test import Client as DjangoClient
    from django.test.utils import CaptureQueriesContext

    lines, plans = [], []
    for name, (user, path) in pages.items():
        client = DjangoClient(SERVER_NAME="127.0.0.1")
        client.force_login(user)
        client.get(path)  # warm: the compiled-once queries
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(path).status_code == 200, path
        lines.append(f"{name} ({path}): {len(ctx.captured_queries)} queries")
        for n, query in enumerate(ctx.captured_queries, 1):
            sql = query["sql"]
            if "harian_progresharian" not in sql:
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                plan = [row[0] for row in cursor.fetchall()]
            named = {(m.group(1), "never executed" in line) for line in plan for m in PARTITION_RE.finditer(line)}
            read = sorted({table for table, never in named if not never})
            executed = next((line for line in plan if line.startswith("Execution Time")), "")
            buffers = next((line.strip() for line in plan if "Buffers:" in line), "")
            lines.append(
                f"  query {n:2}: {executed.split(': ')[-1]:>10}  {buffers:40}  partitions read: "
                f"{', '.join(p[-7:] for p in read) or '-'}  (in plan: {len({t for t, _ in named})})"
            )
            plans.append(f"-- {name}, query {n}\n{sql}\n\n" + "\n".join(plan) + "\n")
    OUT.mkdir(exist_ok=True)
    (OUT / "harian_explain.txt").write_text("\n\n".join(plans))
    return lines


def measure(url: str, args) -> bool:
    django_setup(url)
    from django.utils import timezone

    today = timezone.localdate()
    bulan = today.replace(day=1)
    pegawai, atasan, month_of = sample(bulan, args.users)
    set_password([pegawai[0].pk, atasan[0].pk])
    pegawai[0].refresh_from_db()  # the new password changes the session's auth hash
    atasan[0].refresh_from_db()
    sessions = {u.pk: session_for(u) for u in pegawai + atasan}
    q = f"?bulan={bulan:%Y-%m}"
    pages = {
        "month view (pegawai)": ([(sessions[u.pk], f"/harian/bulan/{q}") for u in pegawai], "Progres Harian"),
        "week view (pegawai)": ([(sessions[u.pk], "/harian/") for u in pegawai], "Progres Harian"),
        "monthly list (atasan)": ([(sessions[u.pk], f"/harian/atasan/{q}") for u in atasan], "Persetujuan"),
        "one bawahan's month (atasan)": (
            [(sessions[u.pk], f"/harian/atasan/{month_of[u.pk]}/") for u in atasan if u.pk in month_of],
            "Kesesuaian",
        ),
    }
    ok = True
    # Connections kept for the whole run (production: 60 s), so that every backend's CPU is counted to the end.
    with gunicorn(url, CONN_MAX_AGE="600") as (port, master):
        for user, path in ((pegawai[0], f"/harian/bulan/{q}"), (atasan[0], f"/harian/atasan/{q}")):
            client = Client.logged_in(port, user.nip)  # the real login form
            status, _, _, _ = client.get(path)
            assert status == 200, f"{path} after logging in through /masuk/: HTTP {status}"
            client.close()
        print(f"\nLatency: one client, one request at a time, {args.requests} requests per page, gunicorn 2x4")
        for name, (list_, marker) in pages.items():
            before = load()
            times = latency(port, list_, args.requests, marker)
            print(f"  {name:30} {summary(times)}  ({before} -> {load()})")
            if name.startswith("month view"):
                ok &= percentile(times, 95) < TARGET_P95_MS
        print(f"\nThroughput: {args.threads} clients for {args.seconds} s")
        for name in ("month view (pegawai)", "monthly list (atasan)"):
            before = load()
            throughput(port, pages[name][0], args.threads, 2)  # every thread's database connection opened
            pids = server_pids(master, url)
            (rate, times, errors), app, db = cpu_ms(
                pids, lambda name=name: throughput(port, pages[name][0], args.threads, args.seconds)
            )
            print(
                f"  {name:30} {rate:6.1f} pages/s  {summary(times)}  errors {errors}  CPU per page: app "
                f"{app / max(len(times), 1):.1f} ms + database {db / max(len(times), 1):.1f} ms  ({before} -> {load()})"
            )
            ok &= errors == 0
    print("\nEXPLAIN (ANALYZE, BUFFERS) of the queries reading the daily log (benchmarks/out/harian_explain.txt)")
    first = {
        "month view": (pegawai[0], f"/harian/bulan/{q}"),
        "week view": (pegawai[0], "/harian/"),
        "monthly list": (atasan[0], f"/harian/atasan/{q}"),
        "one bawahan's month": (atasan[0], f"/harian/atasan/{month_of[atasan[0].pk]}/"),
    }
    for line in explain(first):
        print(line)
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--generate", action="store_true", help="(re)build the database first")
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--sizes", action="store_true", help="print the table's sizes only")
    parser.add_argument("--suffix", default=SUFFIX, help="added to the development database's name")
    args = parser.parse_args()
    url = bench_database_url(args.suffix)
    if args.generate:
        generate(url, args.rows, datetime.date.today())
    if args.sizes:
        report_sizes(_conninfo(url))
        return
    ok = measure(url, args)
    print(f"Target: month view p95 < {TARGET_P95_MS:.0f} ms at {args.rows:,} rows")
    print("RESULT:", "meets target" if ok else "MISSES TARGET")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

"""Benchmark (issue 11): the deadline rush of benchmarks/deadline_rush.py re-run on progres harian. 500 pegawai (25
atasan × 20 bawahan, benchmarks/harian_setup.py: approved SKPs, a rencana aksi of the period, a Target Bulanan of
this month) keep saving daily entries on the days of the window, while their atasan open the monthly list and a
bawahan's month, tick the waiting entries ("Setujui semua yang dipilih"), score the targets' kualitas and approve
the month, for --seconds.

Stack: gunicorn (ekinerja/gunicorn_conf.py: 2 workers × 4 threads), DEBUG=false, sessions in PostgreSQL, persistent
connections (CONN_MAX_AGE=600, so that the CPU of every database backend is counted to the end), throw-away database
`<dev db>_b11_rush`. Load: --workers threads, each with one keep-alive connection, kept busy, and a cookie jar per
user it drives; every user belongs to one thread, so one user's requests are serialised. A save is the browser's
round trip without JavaScript: GET the form (fresh CSRF token and client_token), POST it; 302 is an acknowledged
save, 200 a refusal (the form again, with the reason). An approval answers 302 either way: its outcome is the
message on the page it redirects to. The CPU of the server's workers and database backends is read from /proc.

Afterwards the database is checked: every acknowledged entry is stored once; every acknowledged tick is stored;
every approved month that is not marked "berubah setelah disetujui" holds exactly the entries its snapshot counted,
none waiting. Target: 0 errors, no lost entry, no broken approval; exit 1 otherwise.

    .venv/bin/python benchmarks/harian_rush.py [--seconds 60] [--workers 16] [--atasan 25] [--bawahan 20]
"""

import argparse
import datetime
import http.client
import random
import re
import sys
import threading
import time
from dataclasses import dataclass, field

from _bench import bench_database_url, manage, recreate
from harian_common import CSRF_RE, Client, cpu_ms, django_setup, gunicorn, load, server_pids, summary

SUFFIX = "_b11_rush"
TOKEN_RE = re.compile(r'name="client_token" value="([^"]+)"')
PILIH_RE = re.compile(r'name="pilih" value="(\d+):(\d+)"')
KUALITAS_RE = re.compile(r'name="(t\d+)-version" value="(\d+)"')
VERSION_RE = re.compile(r'name="version" value="(\d+)"')
BULAN_RE = re.compile(r'href="/harian/atasan/(\d+)/"')
ERROR_RE = re.compile(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', re.S)
SLOT_MINUTES = 12  # entries of 10 minutes every 12 minutes from 07:00: 70 a day per pegawai


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    requests: int = 0
    errors: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    acked: dict[str, int] = field(default_factory=dict)
    entries: dict[int, set[str]] = field(default_factory=dict)  # pegawai id -> acknowledged uraian
    ticks: set[int] = field(default_factory=set)  # entry ids acknowledged as ticked sesuai
    approvals: set[int] = field(default_factory=set)  # SKP Bulanan ids whose approval was acknowledged


class Worker(threading.Thread):
    def __init__(self, wid, actors, deadline, days, bulan, stats, lock):
        super().__init__(daemon=True)
        self.wid, self.actors, self.deadline, self.days, self.bulan = wid, actors, deadline, days, bulan
        self.stats, self.lock = stats, lock
        self.rng = random.Random(wid)
        self.client: Client | None = None  # one connection, kept busy; a cookie jar per user
        self.jars: dict[str, dict] = {}
        self.slot: dict[tuple[int, datetime.date], int] = {}
        self.n = 0

    def call(self, kind: str, session: str, method: str, path: str, data=None, expect=(200,)):
        jar = self.jars.setdefault(session, {"sessionid": session})
        try:
            status, body, ms, _ = self.client.request(method, path, data, jar)
        except (OSError, http.client.HTTPException) as error:
            with self.lock:
                self.stats.requests += 1
                self.stats.errors.append(f"{method} {path}: {type(error).__name__}: {error}")
            return None, ""
        with self.lock:
            self.stats.requests += 1
            self.stats.latencies.setdefault(kind, []).append(ms)
            if status not in expect:
                self.stats.errors.append(f"{method} {path}: HTTP {status}")
        return status, body

    def csrf(self, body: str, path: str) -> str | None:
        m = CSRF_RE.search(body)
        if m is None:
            with self.lock:
                self.stats.errors.append(f"GET {path}: no csrfmiddlewaretoken")
        return m.group(1) if m else None

    def pegawai_step(self, p) -> None:
        day = self.rng.choice(self.days)
        k = self.slot.get((p.user.pk, day), 0)
        if k * SLOT_MINUTES + 10 > 14 * 60:
            return  # this day is full
        self.slot[(p.user.pk, day)] = k + 1
        form = f"/harian/progres/tambah/?tanggal={day.isoformat()}"
        status, body = self.call("GET entry form", p.session, "GET", form)
        token = self.csrf(body, form) if status == 200 else None
        client_token = TOKEN_RE.search(body) if status == 200 else None
        if token is None or client_token is None:
            return
        mulai = datetime.datetime(2000, 1, 1, 7) + datetime.timedelta(minutes=k * SLOT_MINUTES)
        uraian = f"rush-{self.wid}-{self.n} menyusun bahan laporan layanan data"
        data = {
            "csrfmiddlewaretoken": token, "client_token": client_token.group(1), "sasaran": self.rng.choice(p.kodes),
            "tanggal": day.isoformat(), "jam_mulai": f"{mulai:%H:%M}",
            "jam_selesai": f"{mulai + datetime.timedelta(minutes=10):%H:%M}", "uraian": uraian, "realisasi": "1",
            "satuan": "", "link_bukti": "https://drive.example.go.id/bukti",
        }  # fmt: skip
        status, body = self.call("POST entry", p.session, "POST", form, data, expect=(302, 200))
        with self.lock:
            if status == 302:
                self.stats.acked["entry"] = self.stats.acked.get("entry", 0) + 1
                self.stats.entries.setdefault(p.user.pk, set()).add(uraian)
            elif status == 200:
                reasons = " / ".join(re.sub(r"<[^>]+>", " ", e).strip() for e in ERROR_RE.findall(body))
                self.stats.refused.append(f"entry {day} {mulai:%H:%M}: {reasons[:200]}")

    def atasan_step(self, a) -> None:
        daftar = f"/harian/atasan/?bulan={self.bulan:%Y-%m}"
        status, body = self.call("GET monthly list", a.session, "GET", daftar)
        months = BULAN_RE.findall(body) if status == 200 else []
        if not months:
            return
        page = f"/harian/atasan/{self.rng.choice(months)}/"
        status, body = self.call("GET bawahan month", a.session, "GET", page)
        token = self.csrf(body, page) if status == 200 else None
        if token is None:
            return
        chosen = PILIH_RE.findall(body)
        if chosen:
            data = {"csrfmiddlewaretoken": token, "pilih": [f"{pk}:{v}" for pk, v in chosen]}
            status, _ = self.call("POST kesesuaian", a.session, "POST", page + "kesesuaian/", data, expect=(302, 200))
            with self.lock:
                if status == 302:
                    self.stats.acked["kesesuaian"] = self.stats.acked.get("kesesuaian", 0) + 1
                    self.stats.ticks.update(int(pk) for pk, _ in chosen)
        targets = KUALITAS_RE.findall(body)
        if targets:
            data = {"csrfmiddlewaretoken": token}
            for prefix, version in targets:
                data.update({f"{prefix}-version": version, f"{prefix}-kualitas": str(70 + self.rng.randrange(31))})
            self.call("POST kualitas", a.session, "POST", page + "kualitas/", data, expect=(302, 200))
        status, body = self.call("GET bawahan month", a.session, "GET", page)
        approve = body.split('action="' + page + 'setujui/"', 1)
        version = VERSION_RE.search(approve[1]) if len(approve) == 2 else None
        if status != 200 or version is None:
            return  # approved already, nothing changed since
        data = {"csrfmiddlewaretoken": self.csrf(body, page), "version": version.group(1)}
        self.call("POST setujui", a.session, "POST", page + "setujui/", data, expect=(302,))
        status, body = self.call("GET bawahan month", a.session, "GET", page)
        with self.lock:
            if status == 200 and "message success" in body:
                self.stats.acked["approval"] = self.stats.acked.get("approval", 0) + 1
                self.stats.approvals.add(int(page.strip("/").split("/")[-1]))

    def run(self) -> None:
        while time.monotonic() < self.deadline:
            actor = self.rng.choice(self.actors)
            self.n += 1
            if hasattr(actor, "kodes"):
                self.pegawai_step(actor)
            else:
                self.atasan_step(actor)
        self.client.close()


def warm_up(port: int, pegawai, day) -> None:
    """Every server thread's database connection opened before the run (so that its CPU is counted): one form page
    per pegawai, all at once."""

    def fetch(p) -> None:
        client = Client(port, {"sessionid": p.session})
        client.get(f"/harian/progres/tambah/?tanggal={day.isoformat()}")
        client.close()

    threads = [threading.Thread(target=fetch, args=(p,)) for p in pegawai]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def verify(stats: Stats) -> list[str]:
    """What the database contradicts of the acknowledged writes."""
    from django.db.models import Count, Q

    from harian.models import ProgresHarian, SkpBulanan

    problems = []
    stored: dict[tuple[int, str], int] = {}
    rows = ProgresHarian.objects.filter(uraian__startswith="rush-").values_list("pegawai_id", "uraian")
    for key in rows:
        stored[key] = stored.get(key, 0) + 1
    for pegawai_id, uraian_set in stats.entries.items():
        for uraian in uraian_set:
            if (count := stored.get((pegawai_id, uraian), 0)) != 1:
                problems.append(f"entry {uraian!r} of pegawai {pegawai_id}: stored {count} times")
    unticked = ProgresHarian.objects.filter(pk__in=stats.ticks).exclude(kesesuaian=True).count()
    if unticked:
        problems.append(f"{unticked} acknowledged ticks not stored")
    months = SkpBulanan.objects.annotate(
        n=Count("progres_list"), waiting=Count("progres_list", filter=Q(progres_list__kesesuaian__isnull=True))
    )
    approved = 0
    for sb in months.filter(disetujui_pada__isnull=False):
        approved += 1
        if not sb.berubah and (sb.snapshot.get("entri") != sb.n or sb.waiting):
            problems.append(f"SKP Bulanan {sb.pk}: approved {sb.snapshot.get('entri')} entries, now {sb.n} unmarked")
    missing = stats.approvals - set(months.filter(disetujui_pada__isnull=False).values_list("pk", flat=True))
    problems += [f"approval of SKP Bulanan {pk} acknowledged but not stored" for pk in sorted(missing)]
    acked = sum(map(len, stats.entries.values()))
    print(f"Checked: {acked:,} entries, {len(stats.ticks):,} ticks, {approved} approved months")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=16)
    parser.add_argument("--atasan", type=int, default=25)
    parser.add_argument("--bawahan", type=int, default=20)
    args = parser.parse_args()

    url = bench_database_url(SUFFIX)
    recreate(url)
    manage(url, "migrate", "-v", "0")
    django_setup(url)
    import harian_setup
    from django.utils import timezone

    t0 = time.perf_counter()
    _, heads = harian_setup.build(args.atasan, args.bawahan)
    pegawai = [p for head in heads for p in head.bawahan]
    print(f"Data: {len(pegawai)} pegawai, {len(heads)} atasan in {time.perf_counter() - t0:.0f} s  ({load()})")
    days = harian_setup.window()
    stats, lock = Stats(), threading.Lock()
    # Connections kept for the whole run (production: 60 s), so that every backend's CPU is counted to the end.
    with gunicorn(url, CONN_MAX_AGE="600") as (port, master):
        actors: list[list] = [[] for _ in range(args.workers)]
        for i, actor in enumerate([*pegawai, *heads]):
            actors[i % args.workers].append(actor)
        deadline = time.monotonic() + args.seconds
        bulan = timezone.localdate().replace(day=1)
        workers = [Worker(w, a, deadline, days, bulan, stats, lock) for w, a in enumerate(actors) if a]
        for w in workers:
            w.client = Client(port)
        warm_up(port, pegawai[: 2 * args.workers], days[-1])
        pids = server_pids(master, url)
        before = load()

        def run() -> float:
            start = time.perf_counter()
            for w in workers:
                w.start()
            for w in workers:
                w.join(timeout=args.seconds + 120)
            return time.perf_counter() - start

        wall, app, db = cpu_ms(pids, run)
        if alive := [w.wid for w in workers if w.is_alive()]:
            stats.errors.append(f"workers still running after the run: {alive}")
        after = load()

    problems = verify(stats)
    every = [ms for values in stats.latencies.values() for ms in values]
    print(f"Load: {len(workers)} threads, {args.seconds} s, days {', '.join(map(str, days))}  ({before} -> {after})")
    print(f"Requests: {stats.requests:,}   {stats.requests / wall:.0f} req/s   errors: {len(stats.errors)}")
    for kind, values in sorted(stats.latencies.items()):
        print(f"  {kind:18} {summary(values)}")
    print(f"All requests: {summary(every)}")
    entries = max(stats.acked.get("entry", 0), 1)
    print(
        f"CPU per request: app {app / max(stats.requests, 1):.1f} ms + database {db / max(stats.requests, 1):.1f} ms;"
        f" per acknowledged entry (the atasan's work included): app {app / entries:.1f} ms + database"
        f" {db / entries:.1f} ms"
    )
    print(f"Acknowledged: {dict(sorted(stats.acked.items()))}   refused entries: {len(stats.refused)}")
    for line in stats.errors[:10] + stats.refused[:5]:
        print("  ", line)
    for problem in problems[:10]:
        print("  LOST/BROKEN:", problem)
    verdict = "every acknowledged write is in the database" if not problems else f"{len(problems)} problems"
    print(f"Verification: {verdict}")
    ok = not stats.errors and not problems and stats.requests > 0
    print("Target: 0 errors, no lost entry, approvals consistent")
    print("RESULT:", "meets target" if ok else "MISSES TARGET")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

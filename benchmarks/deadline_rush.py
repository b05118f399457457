"""Benchmark (issue 4): a deadline rush on loopback. 200 pegawai, each with an approved SKP (2 RHK), a
period whose batas waktu is in the future and one rencana aksi per RHK, keep saving Realisasi and adding
Bukti Dukung while 10 penilai (20 bawahan each) give Umpan Balik, for `--seconds`.

Stack: gunicorn (ekinerja/gunicorn_conf.py: 2 workers × 4 threads) with DEBUG=false, sessions in
PostgreSQL, persistent connections, on a throw-away database. Load: `--workers` Python threads with one
keep-alive http.client connection each; every pegawai and penilai belongs to exactly one thread, so the saves
of one user are serialised and the last acknowledged value of a row must be the stored one. Each save is the
real user's round trip: GET the form page (fresh CSRF token), then POST it; a 302 answer is an
acknowledged save, a 200 re-render with a form error is "refused" (not an error). No version field is sent.

Afterwards the database is checked: every acknowledged Bukti Dukung exists, every rencana aksi holds its
last acknowledged Realisasi, every Umpan Balik row its last acknowledged text.
Target: 0 errors, p95 < 300 ms, every acknowledged save in the database; exit 1 otherwise.

    .venv/bin/python benchmarks/deadline_rush.py [--seconds 60] [--workers 16]
"""

import argparse
import datetime
import http.client
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import urlencode

from _bench import HOST, ROOT, SECRET, app_env, bench_database_url, manage, recreate, session_for

N_PENILAI = 10
BAWAHAN_PER_PENILAI = 20
RHK_PER_SKP = 2
P95_TARGET_MS = 300.0


def free_port() -> int:
    """A loopback port nobody listens on (another benchmark may be running on the fixed ones)."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


PORT = free_port()
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Pegawai:
    session: str
    periode_id: int
    rencana_aksi: list[int]  # one per RHK


@dataclass
class Penilai:
    session: str
    targets: list[tuple[int, int]]  # (periode id, rhk id) of every bawahan's RHK


def setup_data(url: str) -> tuple[list[Pegawai], list[Penilai]]:
    """The instansi, 10 penilai with 20 bawahan each; every bawahan with an approved SKP of 2 RHK, the
    current period (batas waktu 30 days ahead) and one rencana aksi per RHK. Made with the services."""
    os.environ.update(DATABASE_URL=url, SECRET_KEY=SECRET, DJANGO_SETTINGS_MODULE="ekinerja.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.utils import timezone

    from accounts.models import UnitKerja, User
    from accounts.services import instansi_create
    from penilaian import services as penilaian_services
    from penilaian.models import BatasWaktu
    from skp import services
    from skp.models import StatusSkp

    instansi = instansi_create(nama="Pemerintah Kabupaten Tenggat")
    root = UnitKerja.objects.get(instansi=instansi, parent=None)
    year = timezone.localdate().year
    awal, akhir = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    pegawai_list, penilai_list = [], []
    batas_set = False
    for p in range(N_PENILAI):
        unit = UnitKerja.objects.create(
            instansi=instansi, parent=root, nama=f"Bidang {p + 1}", path=f"{root.path} > Bidang {p + 1}", depth=1
        )
        kepala = User.objects.create_user(
            f"1970{p:014d}", nama=f"Kepala Bidang {p + 1}", instansi=instansi, unit_kerja=unit,
            jabatan=f"Kepala Bidang {p + 1}", jenis_jabatan="Administrator",
        )  # fmt: skip
        penilai = Penilai(session=session_for(kepala), targets=[])
        for b in range(BAWAHAN_PER_PENILAI):
            n = p * BAWAHAN_PER_PENILAI + b
            user = User.objects.create_user(
                f"1990{n:014d}", nama=f"Pegawai {n + 1:03d}", instansi=instansi, unit_kerja=unit, atasan=kepala,
                jabatan="Analis SDM Aparatur Ahli Pertama", jenis_jabatan="Fungsional", pangkat="Penata Muda",
                golongan="III/a",
            )  # fmt: skip
            skp = services.skp_create(actor=user, periode_awal=awal, periode_akhir=akhir, pendekatan="kuantitatif")
            rhks = [
                services.rhk_create(
                    actor=user,
                    skp_id=skp.pk,
                    jenis="utama",
                    klasifikasi="individu",
                    teks=f"Terlaksananya layanan kepegawaian {k + 1} pegawai {n + 1}",
                )
                for k in range(RHK_PER_SKP)
            ]
            # Approved (Persetujuan), as after Ajukan SKP and the penilai's decision.
            skp.status = StatusSkp.PERSETUJUAN
            skp.save()
            kode = penilaian_services.periode_choices(skp)[0].kode
            if not batas_set:
                BatasWaktu.objects.create(
                    instansi=instansi, kode=kode, batas_waktu=timezone.localdate() + datetime.timedelta(days=30)
                )
                batas_set = True
            periode = penilaian_services.periode_create(actor=user, skp_id=skp.pk, kode=kode)
            assert periode.penilai_id == kepala.pk
            ra_ids = [
                penilaian_services.rencana_aksi_create(
                    actor=user, periode_id=periode.pk, rhk_id=rhk.pk, teks=f"Rencana aksi RHK {rhk.pk}",
                    target_angka=10, satuan="Dokumen",
                ).pk
                for rhk in rhks
            ]  # fmt: skip
            pegawai_list.append(Pegawai(session=session_for(user), periode_id=periode.pk, rencana_aksi=ra_ids))
            penilai.targets += [(periode.pk, rhk.pk) for rhk in rhks]
        penilai_list.append(penilai)
    return pegawai_list, penilai_list


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=dict)  # kind -> ms
    requests: int = 0
    errors: list[str] = field(default_factory=list)
    refused: int = 0
    acked: dict[str, int] = field(default_factory=dict)
    # Per written row: the acknowledged values in order; values whose outcome is unknown (exception).
    realisasi: dict[int, list[str]] = field(default_factory=dict)
    realisasi_unknown: dict[int, list[str]] = field(default_factory=dict)
    bukti: dict[int, list[str]] = field(default_factory=dict)
    umpan: dict[tuple[int, int], list[str]] = field(default_factory=dict)
    umpan_unknown: dict[tuple[int, int], list[str]] = field(default_factory=dict)


class Worker(threading.Thread):
    """Drives its own pegawai and penilai, one request at a time, until the deadline."""

    def __init__(self, wid: int, actors: list, deadline: float, stats: Stats, lock: threading.Lock):
        super().__init__(daemon=True)
        self.wid, self.actors, self.deadline, self.stats, self.lock = wid, actors, deadline, stats, lock
        self.conn: http.client.HTTPConnection | None = None
        self.csrf_cookie: dict[str, str] = {}  # session key -> csrftoken cookie
        self.n = 0
        self.rng = random.Random(wid)

    def request(self, kind: str, method: str, path: str, session: str, body: dict | None = None):
        """One request; (status, text) or None after an exception (recorded as an error)."""
        cookie = f"sessionid={session}"
        if session in self.csrf_cookie:
            cookie += f"; csrftoken={self.csrf_cookie[session]}"
        headers = {"Cookie": cookie, "Host": f"{HOST}:{PORT}"}
        data = None
        if body is not None:
            data = urlencode(body).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.perf_counter()
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(HOST, PORT, timeout=30)
            self.conn.request(method, path, body=data, headers=headers)
            response = self.conn.getresponse()
            text = response.read().decode(errors="replace")
            set_cookie = response.headers.get_all("Set-Cookie") or []
        except (OSError, http.client.HTTPException) as error:
            if self.conn is not None:
                self.conn.close()
            self.conn = None
            with self.lock:
                self.stats.requests += 1
                self.stats.errors.append(f"{method} {path}: {type(error).__name__}: {error}")
            return None
        elapsed = (time.perf_counter() - start) * 1000
        for header in set_cookie:
            if m := re.match(r"csrftoken=([^;]+)", header):
                self.csrf_cookie[session] = m.group(1)
        if response.getheader("Connection", "").lower() == "close":
            self.conn.close()
            self.conn = None
        with self.lock:
            self.stats.requests += 1
            self.stats.latencies.setdefault(kind, []).append(elapsed)
            expected = (302,) if method == "POST" else (200,)
            if response.status not in expected and not (method == "POST" and response.status == 200):
                self.stats.errors.append(f"{method} {path}: HTTP {response.status}")
        return response.status, text

    def form_token(self, path: str, session: str) -> str | None:
        result = self.request("GET form", "GET", path, session)
        if result is None or result[0] != 200:
            return None
        m = CSRF_RE.search(result[1])
        if m is None:
            with self.lock:
                self.stats.errors.append(f"GET {path}: no csrfmiddlewaretoken")
            return None
        return m.group(1)

    def save(self, kind: str, path: str, session: str, data: dict) -> str:
        """GET the form, POST it: "acked", "refused" or "unknown" (an error: no answer or a wrong status)."""
        token = self.form_token(path, session)
        if token is None:
            return "error"
        result = self.request(f"POST {kind}", "POST", path, session, {**data, "csrfmiddlewaretoken": token})
        if result is None:
            return "unknown"
        if result[0] == 302:
            with self.lock:
                self.stats.acked[kind] = self.stats.acked.get(kind, 0) + 1
            return "acked"
        if result[0] == 200:
            with self.lock:
                self.stats.refused += 1
            return "refused"
        return "unknown"

    def pegawai_step(self, pegawai: Pegawai) -> None:
        ra = self.rng.choice(pegawai.rencana_aksi)
        value = f"rush-{self.wid}-{self.n}"
        outcome = self.save(
            "realisasi", f"/penilaian/rencana-aksi/{ra}/realisasi/", pegawai.session,
            {"realisasi": value, "sumber_data": "Laporan"},
        )  # fmt: skip
        with self.lock:
            if outcome == "acked":
                self.stats.realisasi.setdefault(ra, []).append(value)
                self.stats.realisasi_unknown.pop(ra, None)
            elif outcome == "unknown":
                self.stats.realisasi_unknown.setdefault(ra, []).append(value)
        nama = f"bukti-{self.wid}-{self.n}"
        outcome = self.save(
            "bukti", f"/penilaian/rencana-aksi/{ra}/bukti/", pegawai.session,
            {"nama": nama, "link": f"https://drive.example.go.id/{nama}", "client_token": str(uuid.uuid4())},
        )  # fmt: skip
        if outcome == "acked":
            with self.lock:
                self.stats.bukti.setdefault(ra, []).append(nama)

    def penilai_step(self, penilai: Penilai) -> None:
        periode_id, rhk_id = self.rng.choice(penilai.targets)
        evaluasi = f"/penilaian/{periode_id}/evaluasi/"
        token = self.form_token(evaluasi, penilai.session)
        if token is None:
            return
        teks = f"umpan-{self.wid}-{self.n}"
        body = {
            "rhk": rhk_id, "teks": teks, "polaritas": self.rng.choice(["positif", "negatif"]),
            "csrfmiddlewaretoken": token,
        }  # fmt: skip
        result = self.request(
            "POST umpan_balik", "POST", f"/penilaian/{periode_id}/umpan-balik/", penilai.session, body
        )
        key = (periode_id, rhk_id)
        with self.lock:
            if result is not None and result[0] == 302:
                self.stats.acked["umpan_balik"] = self.stats.acked.get("umpan_balik", 0) + 1
                self.stats.umpan.setdefault(key, []).append(teks)
                self.stats.umpan_unknown.pop(key, None)
            elif result is None:
                self.stats.umpan_unknown.setdefault(key, []).append(teks)

    def run(self) -> None:
        while time.monotonic() < self.deadline:
            actor = self.rng.choice(self.actors)
            self.n += 1
            if isinstance(actor, Pegawai):
                self.pegawai_step(actor)
            else:
                self.penilai_step(actor)
        if self.conn is not None:
            self.conn.close()


def verify(stats: Stats) -> list[str]:
    """What the database lacks of the acknowledged saves."""
    from penilaian.models import BuktiDukung, RencanaAksi, UmpanBalik

    problems = []
    stored_bukti: dict[int, set[str]] = {}
    for ra_id, nama in BuktiDukung.objects.filter(rencana_aksi_id__in=stats.bukti).values_list(
        "rencana_aksi_id", "nama"
    ):
        stored_bukti.setdefault(ra_id, set()).add(nama)
    for ra_id, names in stats.bukti.items():
        missing = set(names) - stored_bukti.get(ra_id, set())
        problems += [f"bukti {n!r} of rencana aksi {ra_id} missing" for n in sorted(missing)]
    stored = dict(RencanaAksi.objects.filter(pk__in=stats.realisasi).values_list("pk", "realisasi"))
    for ra_id, values in stats.realisasi.items():
        allowed = {values[-1], *stats.realisasi_unknown.get(ra_id, [])}
        if stored.get(ra_id) not in allowed:
            problems.append(f"rencana aksi {ra_id}: realisasi {stored.get(ra_id)!r}, last acknowledged {values[-1]!r}")
    for (periode_id, rhk_id), values in stats.umpan.items():
        teks = UmpanBalik.objects.filter(periode_id=periode_id, rhk_id=rhk_id).values_list("teks", flat=True).first()
        if teks not in {values[-1], *stats.umpan_unknown.get((periode_id, rhk_id), [])}:
            problems.append(f"umpan balik {periode_id}/{rhk_id}: {teks!r}, last acknowledged {values[-1]!r}")
    return problems


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=16, help="concurrent client threads")
    args = parser.parse_args()

    url = bench_database_url("_bench_rush")
    recreate(url)
    manage(url, "migrate", "-v", "0")
    t0 = time.perf_counter()
    pegawai_list, penilai_list = setup_data(url)
    print(f"Data: {len(pegawai_list)} pegawai, {len(penilai_list)} penilai in {time.perf_counter() - t0:.1f} s")
    env = app_env(url, GUNICORN_BIND=f"{HOST}:{PORT}", GUNICORN_WORKERS="2")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "ekinerja/gunicorn_conf.py", "--access-logfile", "/dev/null",
         "--no-control-socket", "ekinerja.wsgi"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    stats, lock = Stats(), threading.Lock()
    try:
        for _ in range(50):
            if server.poll() is not None:
                raise SystemExit("gunicorn exited")
            try:
                conn = http.client.HTTPConnection(HOST, PORT, timeout=2)
                conn.request("GET", "/")
                conn.getresponse().read()
                conn.close()
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not answer")
        actors: list[list] = [[] for _ in range(args.workers)]
        for i, actor in enumerate([*pegawai_list, *penilai_list]):
            actors[i % args.workers].append(actor)
        # Warm-up (not counted): one form page per worker thread opens the database connections.
        warm = Worker(-1, [], 0, Stats(), threading.Lock())
        for p in pegawai_list[:16]:
            warm.form_token(f"/penilaian/rencana-aksi/{p.rencana_aksi[0]}/realisasi/", p.session)
        deadline = time.monotonic() + args.seconds
        workers = [Worker(w, a, deadline, stats, lock) for w, a in enumerate(actors) if a]
        start = time.perf_counter()
        for w in workers:
            w.start()
        for w in workers:
            w.join(timeout=args.seconds + 60)
        wall = time.perf_counter() - start
        alive = [w.wid for w in workers if w.is_alive()]
        if alive:
            stats.errors.append(f"workers still running after the run: {alive}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()

    problems = verify(stats)
    every = [ms for values in stats.latencies.values() for ms in values]
    p50, p95, p99 = (percentile(every, q) for q in (50, 95, 99))
    print(f"Load: {len(workers)} threads, {args.seconds} s, keep-alive http.client on {HOST}:{PORT}")
    print(f"Requests: {stats.requests}   {stats.requests / wall:.0f} req/s   errors: {len(stats.errors)}")
    for kind, values in sorted(stats.latencies.items()):
        print(
            f"  {kind:18} {len(values):7}   p50 {percentile(values, 50):6.1f} ms   p95 {percentile(values, 95):6.1f} ms"
            f"   p99 {percentile(values, 99):6.1f} ms   mean {statistics.fmean(values):6.1f} ms"
        )
    print(f"All requests: p50 {p50:.1f} ms   p95 {p95:.1f} ms   p99 {p99:.1f} ms")
    print(f"Acknowledged saves: {dict(sorted(stats.acked.items()))}   refused (200 re-render): {stats.refused}")
    print(
        f"Rows checked: {len(stats.realisasi)} rencana aksi, {sum(map(len, stats.bukti.values()))} bukti dukung, "
        f"{len(stats.umpan)} umpan balik"
    )
    for error in stats.errors[:10]:
        print("  error:", error)
    for problem in problems[:10]:
        print("  missing:", problem)
    print(f"Verification: {'every acknowledged save is in the database' if not problems else f'{len(problems)} LOST'}")
    ok = not stats.errors and p95 < P95_TARGET_MS and not problems and stats.requests > 0
    print(f"Target: 0 errors, p95 < {P95_TARGET_MS:.0f} ms, no lost save")
    print("RESULT:", "meets target" if ok else "MISSES TARGET")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

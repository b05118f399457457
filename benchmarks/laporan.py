"""Benchmark (issue 12): the Dasbor Laporan's time per page and the streamed downloads on an instansi of 20,000
pegawai with a year of penilaian, next to one of 2,000 (benchmarks/instansi_besar.py builds both).

Stack: gunicorn (ekinerja/gunicorn_conf.py) with ONE worker and one thread, DEBUG=false, persistent connections,
on loopback, so the worker's memory is the request's. Each page is fetched 3 times to warm up, then `--rounds` times;
the time is the whole response as the client reads it. Each download runs in a freshly started worker: its peak
resident memory (VmHWM from /proc) after one small page (the baseline) and after the download shows whether memory
grows with the rows. Targets: a dashboard page under 300 ms; a 20,000-row export under 10 s in flat memory.

    .venv/bin/python benchmarks/laporan.py [--reuse] [--rounds 20]
"""

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from _bench import HOST, ROOT, SECRET, app_env, bench_database_url, session_for
from instansi_besar import build

BESAR, KECIL = "Pemerintah Kabupaten Besar", "Pemerintah Kabupaten Kecil"
SIZES = [(BESAR, 20_000), (KECIL, 2_000)]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def sessions(url: str) -> dict[str, tuple[str, int, int]]:
    """A logged-in session for each instansi's admin, and the ids of its first dinas and of a seksi, made
    in-process (no password to type): (session key, dinas id, seksi id) by instansi name."""
    os.environ.update(DATABASE_URL=url, SECRET_KEY=SECRET, DJANGO_SETTINGS_MODULE="ekinerja.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from accounts.models import UnitKerja, User

    result = {}
    for nama, _ in SIZES:
        admin = User.objects.get(instansi__nama=nama, is_staff=True)
        dinas = UnitKerja.objects.get(instansi=admin.instansi, depth=1, nama="Dinas 1")
        seksi = UnitKerja.objects.filter(instansi=admin.instansi, depth=3).order_by("pk").first()
        result[nama] = (session_for(admin), dinas.pk, seksi.pk)
    return result


class Server:
    """gunicorn with one worker and one thread on a free loopback port."""

    def __init__(self, url: str):
        self.port = free_port()
        env = app_env(url, GUNICORN_BIND=f"{HOST}:{self.port}", GUNICORN_WORKERS="1", GUNICORN_THREADS="1")
        self.process = subprocess.Popen(
            [str(ROOT / ".venv/bin/gunicorn"), "-c", "ekinerja/gunicorn_conf.py", "--access-logfile", "/dev/null",
             "--no-control-socket", "--timeout", "300", "--log-level", "warning", "ekinerja.wsgi"],
            cwd=ROOT, env=env, start_new_session=True,
        )  # fmt: skip
        for _ in range(100):
            if self.process.poll() is not None:
                raise SystemExit("gunicorn exited")
            try:
                self.get("/masuk/", "")
                return
            except OSError:
                time.sleep(0.2)
        raise SystemExit("gunicorn did not answer")

    def worker_pid(self) -> int:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return int(children[0])

    def peak_rss_mb(self) -> float:
        """The worker's peak resident memory so far (VmHWM)."""
        for line in Path(f"/proc/{self.worker_pid()}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        raise RuntimeError("no VmHWM")

    def get(self, path: str, session: str) -> tuple[int, int, float]:
        """(status, bytes, seconds) of one GET, the body read to its end in 64 KiB pieces."""
        conn = http.client.HTTPConnection(HOST, self.port, timeout=300)
        start = time.perf_counter()
        conn.request("GET", path, headers={"Cookie": f"sessionid={session}", "Host": HOST})
        response = conn.getresponse()
        size = 0
        while chunk := response.read(65536):
            size += len(chunk)
        elapsed = time.perf_counter() - start
        conn.close()
        return response.status, size, elapsed

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time these processes have used (/proc/<pid>/stat, clock ticks)."""
    total = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def backends(url: str) -> list[int]:
    """The PostgreSQL backends connected to the benchmark database: the worker's (this process holds none)."""
    import psycopg
    from instansi_besar import _conninfo

    info = _conninfo(url)
    with psycopg.connect(**{**info, "dbname": "postgres"}) as conn:
        rows = conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [info["dbname"]]).fetchall()
    return [pid for (pid,) in rows]


def pages(server: Server, session: str, dinas: int, rounds: int, url: str) -> list[tuple[str, float, float, float]]:
    """(page, median ms, p95 ms, CPU ms per page) of the dashboard pages. The CPU time of the worker and of its
    PostgreSQL backend is what a page costs on an idle machine: on a loaded one the wall time also counts waiting
    for a core."""
    result = []
    for label, path in [
        ("Dasbor, instansi", "/laporan/"),
        ("Dasbor, one dinas", f"/laporan/?unit={dinas}"),
        ("Dasbor, another period", "/laporan/?kode=2026-TW2"),
        ("Daftar pegawai, Belum ada SKP", "/laporan/pegawai/?bagian=skp&kategori=tanpa"),
        ("Daftar pegawai, all, page 10", "/laporan/pegawai/?page=10"),
    ]:
        for _ in range(3):
            status, _, _ = server.get(path, session)
            assert status == 200, (path, status)
        pids = [server.worker_pid(), *backends(url)]
        cpu = cpu_seconds(pids)
        times = sorted(server.get(path, session)[2] * 1000 for _ in range(rounds))
        cpu = (cpu_seconds(pids) - cpu) * 1000 / rounds
        result.append((label, statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)], cpu))
    return result


DOWNLOADS = [
    ("Laporan Penilaian CSV, Triwulan I", "/laporan/penilaian.csv?kode=2026-TW1"),
    ("Laporan Penilaian CSV, whole year", "/laporan/penilaian.csv"),
    ("Laporan Penilaian XLSX, Triwulan I", "/laporan/penilaian.xlsx?kode=2026-TW1"),
    ("Laporan SKP CSV", "/laporan/skp.csv?tahun=2026"),
    ("Laporan SKP XLSX", "/laporan/skp.xlsx?tahun=2026"),
]


def count_rows(url: str) -> dict[tuple[str, str], int]:
    """The rows of each download per instansi, counted in the database (not from the files)."""
    from penilaian.models import PeriodePenilaian
    from skp.models import Skp

    counts = {}
    for nama, _ in SIZES:
        periods = PeriodePenilaian.objects.filter(instansi__nama=nama)
        counts[(nama, "penilaian-tw1")] = periods.filter(kode="2026-TW1").count()
        counts[(nama, "penilaian")] = periods.count()
        counts[(nama, "skp")] = Skp.objects.filter(instansi__nama=nama).count()
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse", action="store_true", help="keep the database of an earlier run")
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--pages-only", action="store_true", help="skip the downloads")
    args = parser.parse_args()
    url = bench_database_url("_bench_laporan")
    if not args.reuse:
        start = time.perf_counter()
        build(url, SIZES)
        print(f"Database built (migrate and data) in {time.perf_counter() - start:.1f} s")
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": SECRET, "DEBUG": "false"}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    who = sessions(url)
    rows = count_rows(url)
    from django.db import connections

    connections.close_all()  # the worker's backend is then the only one on the database

    print(
        f"\nDashboard pages (ms: median / p95 of {args.rounds} rounds, one gunicorn worker; CPU of worker + database)"
    )
    print(f"  load average before: {os.getloadavg()[0]:.1f}")
    server = Server(url)
    try:
        for nama, size in SIZES:
            session, dinas, _ = who[nama]
            for label, median, p95, cpu in pages(server, session, dinas, args.rounds, url):
                print(f"  {size:>6} pegawai  {label:<32} {median:7.1f} / {p95:7.1f}   CPU {cpu:6.1f}")
    finally:
        server.stop()
    if args.pages_only:
        return

    print("\nDownloads (a fresh worker each: peak RSS after one small page, then after the download)")
    for label, path in DOWNLOADS:
        kind = "skp" if "skp" in path else ("penilaian-tw1" if "TW1" in path else "penilaian")
        for nama, size in SIZES:
            session, _, seksi = who[nama]
            server = Server(url)
            try:
                server.get(f"/laporan/skp.csv?unit={seksi}", session)  # the code paths loaded, a few rows
                base = server.peak_rss_mb()
                status, size_bytes, seconds = server.get(path, session)
                assert status == 200, (path, status)
                peak = server.peak_rss_mb()
            finally:
                server.stop()
            print(
                f"  {label:<36} {size:>6} pegawai {rows[(nama, kind)]:>6} rows  {seconds:6.2f} s  "
                f"{size_bytes / 1e6:6.1f} MB  peak RSS {base:6.1f} → {peak:6.1f} MB"
            )


if __name__ == "__main__":
    main()

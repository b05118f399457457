"""Benchmark (issue 8): the fixed cost of every page, as ratios to a bare Django page in the same run.

Three gunicorn servers on loopback (five with --before), each started with the same flags (default: 2 sync
workers, like the issue's measurement; `--worker-class gthread` for the production config's worker kind):

- bare: `benchmarks/bare/` (its own minimal settings: no session, auth, CSRF, messages, CSP or audit middleware,
  no context processors), a view rendering 20 rows of `accounts_unitkerja` with a Django template;
- app: the project with production-like settings (DEBUG=false, WhiteNoise with the manifest, sessions in
  PostgreSQL, persistent connections, BENCHMARK_ENDPOINTS=true for /bench/twenty-rows/);
- app, fragment cache off (FRAGMENT_CACHE=false): Detail SKP rendering its body on every request (cold);
- with `--before DIR`: the same two for another checkout (`git archive HEAD | tar -x -C DIR`), measured in the
  same rounds, so that before and after are compared under the same load.

All three read the same throw-away database (`<dev db>_bench_cost`: migrate + seed_demo). The demo's Sekretaris
Daerah logs in through the real login form (CSRF, axes, the security trail); wrk sends the session and CSRF
cookies a browser would. Pages: the bare page, the logged-in 20-row page, Detail SKP (his SKP: 3 RHK,
4 indikator) with the fragment cache warm and cold, Beranda (4 bawahan). `wrk -t2 -c8` runs on the same 2 cores
as the servers, so single figures swing by tens of percent: the pages are measured in interleaved rounds
(A B C D E A B C D E … A) and each page's figure is its req/s divided by the bare page's around it (the
geometric mean of the bare runs before and after its round), the median over rounds. Targets: 20-row page
>= 0.6, Detail SKP (cold and warm) and Beranda >= 0.4. Also printed: the CPU milliseconds per request of the
server's workers and the database backends (from /proc), which other work on the machine barely moves, and
the bare page's CPU per request over each page's ("CPU ratio").

    .venv/bin/python benchmarks/page_cost.py [--seconds 3] [--rounds 8] [--worker-class sync|gthread]
                                             [--reuse-db] [--before DIR]
"""

import argparse
import datetime
import http.client
import json
import math
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from _bench import HOST, OUT, ROOT, SECRET, app_env, bench_database_url, manage, recreate

DEMO_PASSWORD = "ekinerja-demo"
TARGETS = {"twenty": 0.6, "detail_warm": 0.4, "detail_cold": 0.4, "beranda": 0.4}
LABELS = {
    "bare": "bare page (reference)",
    "twenty": "20-row page, logged in",
    "detail_warm": "Detail SKP, fragment cache warm",
    "detail_cold": "Detail SKP, fragment cache cold",
    "beranda": "Beranda",
}
LABELS.update({f"before_{name}": f"before: {label}" for name, label in list(LABELS.items())[1:]})


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def setup_database(url: str) -> None:
    """A fresh database with the demo; at least 20 unit kerja so both 20-row pages render 20 rows."""
    recreate(url)
    manage(url, "migrate", "-v", "0")
    manage(url, "seed_demo", env={"SECRET_KEY": SECRET})
    code = (
        "from accounts.models import UnitKerja\n"
        "root = UnitKerja.objects.filter(parent=None).order_by('pk').first()\n"
        "for n in range(max(0, 20 - UnitKerja.objects.count())):\n"
        "    nama = f'Unit Benchmark {n + 1}'\n"
        "    UnitKerja.objects.create(instansi=root.instansi, parent=root, nama=nama, path=root.path + ' > ' + nama,"
        " depth=1)\n"
    )
    manage(url, "shell", "-c", code, env={"SECRET_KEY": SECRET})


def demo_user(url: str) -> tuple[str, int, str]:
    """(NIP, SKP id, nama) of the demo's Sekretaris Daerah: his own SKP and Beranda are the measured pages."""
    code = (
        "from accounts.models import User\n"
        "from skp.models import Skp\n"
        "u = User.objects.get(nama='Hendra Wijaya')\n"
        "s = Skp.objects.filter(pegawai=u).order_by('-periode_awal').first()\n"
        "print(u.nip, s.pk, u.nama, sep='|')\n"
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=app_env(url),
        capture_output=True, text=True, check=True,
    ).stdout.strip().splitlines()[-1]  # fmt: skip
    nip, skp_id, nama = out.split("|")
    return nip, int(skp_id), nama


def request(port: int, method: str, path: str, cookies: dict, body: dict | None = None):
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())} if cookies else {}
    data = None
    if body is not None:
        data = urlencode(body)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    conn.request(method, path, body=data, headers=headers)
    response = conn.getresponse()
    text = response.read().decode()
    jar = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie") or []:
        jar.load(header)
    conn.close()
    return response.status, text, {k: m.value for k, m in jar.items()}


def login(port: int, nip: str) -> dict:
    """The session and CSRF cookies of a real login through /masuk/."""
    status, page, cookies = request(port, "GET", "/masuk/", {})
    assert status == 200, status
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = {"csrfmiddlewaretoken": token, "username": nip, "password": DEMO_PASSWORD, "next": ""}
    status, _, after = request(port, "POST", "/masuk/", cookies, body)
    assert status == 302 and "sessionid" in after, f"login failed: {status}"
    return {"sessionid": after["sessionid"], "csrftoken": after.get("csrftoken", cookies["csrftoken"])}


def start(module: str, port: int, env: dict, args, root=ROOT) -> subprocess.Popen:
    flags = ["-w", str(args.workers), "-k", args.worker_class, "-b", f"{HOST}:{port}", "--access-logfile", "/dev/null"]
    flags += ["--log-level", "warning", "--chdir", str(root)]
    if args.worker_class == "gthread":
        flags += ["--threads", str(args.threads)]
    return subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), *flags, module], cwd=root, env=env, start_new_session=True
    )


def wait_for(port: int, path: str, cookies: dict, marker: str) -> None:
    for _ in range(100):
        try:
            status, body, _ = request(port, "GET", path, cookies)
            break
        except OSError:
            time.sleep(0.1)
    else:
        raise SystemExit(f"no answer on port {port}")
    assert status == 200 and marker in body, f"{path} on {port}: {status}, marker {marker!r} missing"


CLOCK_TICK = os.sysconf("SC_CLK_TCK")


def cpu_times(pids) -> dict[int, float]:
    """User + system CPU seconds of each process so far (/proc/PID/stat); processes gone are left out."""
    times = {}
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        times[pid] = (int(fields[11]) + int(fields[12])) / CLOCK_TICK  # utime, stime
    return times


def children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def backends(url: str) -> list[int]:
    """The PostgreSQL server processes of the benchmark database's connections (the app's persistent ones)."""
    with psycopg_connect(url) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
    return [pid for (pid,) in rows]


def psycopg_connect(url: str):
    import environ
    import psycopg

    cfg = environ.Env.db_url_config(url)
    info = {"dbname": cfg["NAME"], "user": cfg["USER"], "password": cfg["PASSWORD"], "host": cfg["HOST"]}
    info.update(port=cfg["PORT"], **cfg.get("OPTIONS", {}))
    return psycopg.connect(**{k: v for k, v in info.items() if v}, autocommit=True)


def wrk(port: int, path: str, cookies: dict, seconds: int, workers: list[int] = (), url: str = "") -> dict:
    """One wrk run: req/s, p50, and the CPU milliseconds per request of the server's workers and of the database's
    backends: a cost per request that other work on the machine barely moves. Backends are those of the benchmark
    database (idle ones use nothing); one that persistent connections replace (CONN_MAX_AGE) mid-run is counted
    from its start, one that ends mid-run is left out of that run."""
    cookie = "; ".join(f"{k}={v}" for k, v in cookies.items())
    command = ["wrk", "-t2", "-c8", f"-d{seconds}s", "--latency", f"http://{HOST}:{port}{path}"]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    before = cpu_times([*workers, *(backends(url) if url else [])])
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    after = cpu_times([*workers, *(backends(url) if url else [])])
    cpu = sum(value - before.get(pid, 0.0) for pid, value in after.items())
    cpu_db = sum(value - before.get(pid, 0.0) for pid, value in after.items() if pid not in workers)
    if re.search(r"Non-2xx or 3xx responses: (\d+)", out):
        raise SystemExit(f"wrk saw error responses on {path}:\n{out}")
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1),
        "cpu_ms": 1000 * cpu / max(requests, 1),
        "cpu_db_ms": 1000 * cpu_db / max(requests, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--worker-class", choices=["sync", "gthread"], default="sync")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4, help="per worker, with --worker-class gthread")
    parser.add_argument("--reuse-db", action="store_true", help="skip migrate and seed_demo (a previous run's db)")
    parser.add_argument(
        "--before",
        metavar="DIR",
        help="also measure the app as it is in DIR (e.g. `git archive HEAD | tar -x -C DIR`), in the same rounds",
    )
    args = parser.parse_args()

    url = bench_database_url("_bench_cost")
    if not args.reuse_db:
        setup_database(url)
    nip, skp_id, nama = demo_user(url)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=app_env(url), check=True
    )
    ports = {"bare": free_port(), "app": free_port(), "cold": free_port()}
    bare_env = app_env(url, DJANGO_SETTINGS_MODULE="benchmarks.bare.settings")
    servers = {
        "bare": start("benchmarks.bare.wsgi", ports["bare"], bare_env, args),
        "app": start("ekinerja.wsgi", ports["app"], app_env(url), args),
        "cold": start("ekinerja.wsgi", ports["cold"], app_env(url, FRAGMENT_CACHE="false"), args),
    }
    if args.before:  # the same database, sessions and SECRET_KEY: the session cookie works on both versions
        before = Path(args.before).resolve()
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=before, env=app_env(url), check=True,
        )  # fmt: skip
        ports.update(before=free_port(), before_cold=free_port())
        servers["before"] = start("ekinerja.wsgi", ports["before"], app_env(url), args, root=before)
        cold_env = app_env(url, FRAGMENT_CACHE="false")
        servers["before_cold"] = start("ekinerja.wsgi", ports["before_cold"], cold_env, args, root=before)
    try:
        wait_for(ports["app"], "/masuk/", {}, "csrfmiddlewaretoken")
        cookies = login(ports["app"], nip)
        pages = {  # name: (server, path, cookies, a marker the right page shows)
            "bare": ("bare", "/bare/twenty-rows/", {}, "<table>"),
            "twenty": ("app", "/bench/twenty-rows/", cookies, "Keluar"),
            "detail_warm": ("app", f"/skp/{skp_id}/", cookies, "Hasil Kerja"),
            "detail_cold": ("cold", f"/skp/{skp_id}/", cookies, "Hasil Kerja"),
            "beranda": ("app", "/", cookies, nama),
        }
        if args.before:
            pages.update(
                before_twenty=("before", "/bench/twenty-rows/", cookies, "Keluar"),
                before_detail_warm=("before", f"/skp/{skp_id}/", cookies, "Hasil Kerja"),
                before_detail_cold=("before_cold", f"/skp/{skp_id}/", cookies, "Hasil Kerja"),
                before_beranda=("before", "/", cookies, nama),
            )
        for server, path, jar, marker in pages.values():
            wait_for(ports[server], path, jar, marker)
        for server, path, jar, _ in pages.values():  # warm-up: connections, template caches, fragment cache
            wrk(ports[server], path, jar, 1)
        workers = {name: children(server.pid) for name, server in servers.items()}
        results: dict[str, list[dict]] = {name: [] for name in pages}
        for _ in range(args.rounds):
            for name, (server, path, jar, _) in pages.items():
                results[name].append(wrk(ports[server], path, jar, args.seconds, workers[server], url))
        closing = wrk(ports["bare"], pages["bare"][1], {}, args.seconds)  # each page run between two bare runs
    finally:
        for server in servers.values():
            os.killpg(server.pid, signal.SIGTERM)
        for server in servers.values():
            server.wait()

    # Each page's req/s over the bare page's around it: the geometric mean of the bare run that opens its round and
    # the one that opens the next (other work on the machine changes the bare figure from minute to minute).
    bare = [run["rps"] for run in results["bare"]] + [closing["rps"]]
    ratios = {
        name: [runs[i]["rps"] / math.sqrt(bare[i] * bare[i + 1]) for i in range(args.rounds)]
        for name, runs in results.items()
    }
    ratios["bare"] = [1.0] * args.rounds
    median = {name: statistics.median(values) for name, values in ratios.items()}
    cpu = {name: statistics.median(run["cpu_ms"] for run in runs) for name, runs in results.items()}
    cpu_db = {name: statistics.median(run["cpu_db_ms"] for run in runs) for name, runs in results.items()}
    setup = f"gunicorn {args.workers} {args.worker_class} workers" + (
        f" x {args.threads} threads" if args.worker_class == "gthread" else ""
    )
    print(f"\n{setup}, wrk -t2 -c8 -d{args.seconds}s, {args.rounds} interleaved rounds")
    print("ratio: req/s over the bare page's around it, median of the rounds; CPU: server + database ms per request")
    head = (
        f"{'page':34} {'req/s':>7} {'p50':>9} {'ratio':>6} {'target':>7} {'CPU ms':>7} {'of it DB':>8} {'CPU ratio':>9}"
    )
    print(head + "   per-round ratios")
    met = True
    for name, runs in results.items():
        rps = statistics.median(run["rps"] for run in runs)
        p50 = sorted(runs, key=lambda run: run["rps"])[len(runs) // 2]["p50"]
        target = TARGETS.get(name)
        met &= target is None or median[name] >= target
        per_round = " ".join(f"{r:.2f}" for r in ratios[name])
        goal = f">={target}" if target else ""
        cpu_ratio = cpu["bare"] / cpu[name]
        print(
            f"{LABELS[name]:34} {rps:7.0f} {p50:>9} {median[name]:6.2f} {goal:>7} {cpu[name]:7.2f}"
            f" {cpu_db[name]:8.2f} {cpu_ratio:9.2f}   {per_round}"
        )
    OUT.mkdir(exist_ok=True)
    record = {
        "when": datetime.datetime.now().isoformat(timespec="seconds"),
        "setup": setup,
        "seconds": args.seconds,
        "rounds": args.rounds,
        "runs": results,
        "bare_closing": closing,
        "ratio_median": median,
        "cpu_ms_median": cpu,
    }
    (OUT / "page_cost.json").write_text(json.dumps(record, indent=2))
    print("RESULT:", "meets targets" if met else "MISSES TARGETS")
    sys.exit(0 if met else 1)


if __name__ == "__main__":
    main()

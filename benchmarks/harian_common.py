"""What the progres harian benchmarks (issue 11) share: Django set up in the benchmark process against the
benchmark database (for the data, the sessions and the checks afterwards), the production stack on loopback
(gunicorn with ekinerja/gunicorn_conf.py, DEBUG=false, sessions in PostgreSQL, persistent connections), a
keep-alive HTTP client that keeps its cookies, and the figures (percentiles, the load average beside each).

Built on benchmarks/_bench.py (throw-away database) and benchmarks/page_cost.py (the environment, the login
through /masuk/)."""

import http.client
import os
import re
import signal
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from _bench import HOST, ROOT, app_env
from page_cost import backends, children, cpu_times, free_port, login

CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
DEMO_PASSWORD = "ekinerja-demo"  # page_cost.login types it


def django_setup(url: str) -> None:
    """Django in this process, on the benchmark database, with the server's settings."""
    os.environ.update(app_env(url))
    os.environ["DJANGO_SETTINGS_MODULE"] = "ekinerja.settings"
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def set_password(user_ids) -> None:
    """The demo password for these users (one hash for all), so that they can log in through /masuk/."""
    from django.contrib.auth.hashers import make_password

    from accounts.models import User

    User.objects.filter(pk__in=list(user_ids)).update(password=make_password(DEMO_PASSWORD))


def load() -> str:
    """The 1-minute load average: the machine's 2 cores are shared, so every figure is printed beside it."""
    return f"load {os.getloadavg()[0]:.1f}"


@contextmanager
def gunicorn(url: str, **extra: str):
    """The app on a free loopback port as production runs it (2 gthread workers × 4 threads unless `extra` says
    otherwise); yields (port, the master's pid); stops the server (its own process group) afterwards."""
    port = free_port()
    env = app_env(url, GUNICORN_BIND=f"{HOST}:{port}", GUNICORN_WORKERS="2", **extra)
    collect = [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"]
    subprocess.run(collect, cwd=ROOT, env=env, check=True)
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "ekinerja/gunicorn_conf.py", "--access-logfile", "/dev/null",
         "--no-control-socket", "ekinerja.wsgi"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    try:
        for _ in range(100):
            if server.poll() is not None:
                raise SystemExit("gunicorn exited")
            try:
                Client(port).get("/masuk/")
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit("gunicorn did not answer")
        yield port, server.pid
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()


class Client:
    """A browser's connection: one keep-alive connection, and cookie jars (session, CSRF, messages). A client that
    drives several users passes each user's jar; idle between requests, gunicorn closes the connection after its
    keep-alive (2 s), so one connection per thread, busy, is what a browser would have."""

    def __init__(self, port: int, cookies: dict | None = None):
        self.port, self.cookies = port, dict(cookies or {})
        self.conn: http.client.HTTPConnection | None = None

    @classmethod
    def logged_in(cls, port: int, nip: str) -> "Client":
        """Logged in through the real form at /masuk/ (CSRF, axes, the security trail)."""
        return cls(port, login(port, nip))

    def request(self, method: str, path: str, data=None, jar: dict | None = None) -> tuple[int, str, float, dict]:
        """(status, body, milliseconds, headers) with the cookies of `jar` (else the client's own), which the answer
        updates; raises OSError / HTTPException when there is no answer."""
        jar = self.cookies if jar is None else jar
        headers = {"Host": f"{HOST}:{self.port}"}
        if jar:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in jar.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.perf_counter()
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection(HOST, self.port, timeout=60)
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            text = response.read().decode(errors="replace")
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        ms = (time.perf_counter() - start) * 1000
        cookies = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookies.load(header)
        for name, morsel in cookies.items():
            if morsel.value:
                jar[name] = morsel.value
            else:
                jar.pop(name, None)
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        return response.status, text, ms, dict(response.headers)

    def get(self, path: str, jar: dict | None = None):
        return self.request("GET", path, jar=jar)

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
        self.conn = None


def cpu_ms(pids: tuple[list[int], list[int]], run) -> tuple[object, float, float]:
    """run()'s result and the CPU milliseconds (user + system) that the server's workers and the database backends
    (`pids`, as server_pids gives them) spent meanwhile: a cost per request that other work on the machine barely
    moves. Returns (result, app ms, database ms)."""
    workers, database = pids
    before = cpu_times(workers + database)
    result = run()
    after = cpu_times(workers + database)
    spent = {pid: value - before.get(pid, 0.0) for pid, value in after.items()}
    return result, 1000 * sum(spent.get(p, 0.0) for p in workers), 1000 * sum(spent.get(p, 0.0) for p in database)


def server_pids(master: int, url: str) -> tuple[list[int], list[int]]:
    """The gunicorn workers of `master`, and the PostgreSQL backends connected to the database of `url`."""
    return children(master), backends(url)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def summary(values: list[float]) -> str:
    """p50 / p95 / p99 / mean of milliseconds."""
    if not values:
        return "no requests"
    return (
        f"p50 {percentile(values, 50):6.1f} ms  p95 {percentile(values, 95):6.1f} ms  "
        f"p99 {percentile(values, 99):6.1f} ms  mean {statistics.fmean(values):6.1f} ms  (n={len(values)})"
    )

"""Where the milliseconds of one request go (issue 8): every middleware, the URL resolver, the view, the template,
the session and user loads and the SQL, measured in one process through the WSGI handler, as gunicorn calls it.

It uses page_cost.py's database (`<dev db>_bench_cost`, the demo; `--setup` makes it) and the same
production-like settings (DEBUG=false, manifest static files, sessions in PostgreSQL). The demo's Sekretaris
Daerah logs in through /masuk/; then every page is requested `--n` times, in `--rounds` interleaved rounds, and
the median over rounds of each part's mean time is printed (`--cpu`: this process's CPU time, which other work
on the machine moves less; otherwise wall time, database waits included). Every middleware's time is its own
(exclusive): the time inside its __call__ (and its process_view) minus the time of the layers inside it. Lazy
work lands where it is first touched (the user row is loaded by whichever layer first reads request.user); the
"of which" lines show such work wherever it ran. The bare page (benchmarks/bare) is profiled in a process of its
own with --bare; another checkout (e.g. `git archive HEAD` of the code before a change) with --root DIR.

    .venv/bin/python benchmarks/page_profile.py [--n 1000] [--rounds 10] [--cpu] [--setup] [--bare | --root DIR]
                                                [--cprofile twenty|detail_warm|detail_cold|beranda]
"""

import argparse
import collections
import cProfile
import io
import os
import pstats
import statistics
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from _bench import ROOT, app_env, bench_database_url
from page_cost import demo_user, setup_database

CLOCK = time.perf_counter_ns  # --cpu: time.process_time_ns (this process's CPU only: no database wait)
TIMES: collections.Counter = collections.Counter()  # ns per key, summed over the measured requests
COUNTS: collections.Counter = collections.Counter()


def timed(key, func):
    def wrapper(*args, **kwargs):
        start = CLOCK()
        try:
            return func(*args, **kwargs)
        finally:
            TIMES[key] += CLOCK() - start
            COUNTS[key] += 1

    wrapper.__wrapped__ = func
    return wrapper


def instrument(app) -> list[str]:
    """Wrap every layer of the handler's middleware chain; return the layer names, outermost first."""
    from django.contrib import auth
    from django.contrib.sessions.backends import db as session_db
    from django.db import connection
    from django.template import engines
    from django.template.backends import django as django_backend

    names = []
    node = app._middleware_chain
    layers = []
    while (mw := getattr(node, "__wrapped__", None)) is not None and hasattr(mw, "get_response"):
        layers.append(mw)
        names.append(type(mw).__name__)
        node = mw.get_response
    app._middleware_chain = timed(("incl", 0), app._middleware_chain)
    for i, mw in enumerate(layers):
        mw.get_response = timed(("incl", i + 1), mw.get_response)
    index = {type(mw).__name__: i for i, mw in enumerate(layers)}
    for attr in ("_view_middleware", "_template_response_middleware", "_exception_middleware"):
        methods = getattr(app, attr)
        for n, method in enumerate(methods):
            methods[n] = timed(("hook", index[type(method.__self__).__name__]), method)
    app.resolve_request = timed("URL resolve", app.resolve_request)
    session_db.SessionStore.load = timed("session load (SELECT django_session)", session_db.SessionStore.load)
    session_db.SessionStore.save = timed("session save (UPDATE django_session)", session_db.SessionStore.save)
    auth.get_user = timed("user load (auth.get_user: SELECT user, session hash check)", auth.get_user)
    django_backend.Template.render = timed("template render (incl. context processors)", django_backend.Template.render)
    engine = engines["django"].engine
    engine.__dict__["template_context_processors"] = tuple(
        timed(f"context processor {cp.__module__}.{cp.__name__}", cp) for cp in engine.template_context_processors
    )

    def sql(execute, sql, params, many, context):
        COUNTS["sql"] += 1
        return timed("SQL statements (execute + fetch)", execute)(sql, params, many, context)

    connection.execute_wrappers.append(sql)
    return names


def call(app, method: str, path: str, cookies: dict, body: dict | None = None):
    data = urlencode(body).encode() if body else b""
    environ = {
        "REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1", "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1",
        "wsgi.input": io.BytesIO(data), "wsgi.url_scheme": "http", "wsgi.errors": sys.stderr,
        "wsgi.multithread": False, "wsgi.multiprocess": True, "wsgi.run_once": False, "wsgi.version": (1, 0),
        "HTTP_COOKIE": "; ".join(f"{k}={v}" for k, v in cookies.items()), "CONTENT_LENGTH": str(len(data)),
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
    }  # fmt: skip
    started = []
    result = app(environ, lambda status, headers, exc_info=None: started.append((status, headers)))
    content = b"".join(result)
    result.close()  # request_finished, as gunicorn does
    status, headers = started[0]
    jar = SimpleCookie()
    for name, value in headers:
        if name.lower() == "set-cookie":
            jar.load(value)
    return int(status.split()[0]), content.decode(), {k: m.value for k, m in jar.items()}


def login(app, nip: str) -> dict:
    import re

    status, page, cookies = call(app, "GET", "/masuk/", {})
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    body = {"csrfmiddlewaretoken": token, "username": nip, "password": "ekinerja-demo", "next": ""}
    status, _, after = call(app, "POST", "/masuk/", cookies, body)
    assert status == 302, status
    return {"sessionid": after["sessionid"], "csrftoken": after.get("csrftoken", cookies["csrftoken"])}


def sample(app, path, cookies, n, before=None) -> dict:
    """Mean time per request of every timed part over `n` requests (after a few unmeasured ones)."""
    for _ in range(10):
        if before:
            before()
        assert call(app, "GET", path, cookies)[0] == 200
    TIMES.clear()
    COUNTS.clear()
    total = 0
    for _ in range(n):
        if before:
            before()
        start = CLOCK()
        status, _, _ = call(app, "GET", path, cookies)
        total += CLOCK() - start
        assert status == 200
    ms = {key: value / n / 1e6 for key, value in TIMES.items()}
    ms["total"] = total / n / 1e6
    ms["statements"] = COUNTS["sql"] / n
    ms.update({("count", key): COUNTS[key] / n for key in TIMES if isinstance(key, str)})
    return ms


def report(names, label, path, samples: list[dict]) -> None:
    """The median over rounds of each part (other work on the machine makes single rounds swing)."""
    keys = set().union(*samples)
    ms = {key: statistics.median(s.get(key, 0.0) for s in samples) for key in keys}
    incl = [ms.get(("incl", i), 0.0) for i in range(len(names) + 1)]
    rows = [
        ("WSGI handler outside the middleware (request, signals, connection checks, response)", ms["total"] - incl[0])
    ]
    for i, name in enumerate(names):
        rows.append((f"middleware {name}", incl[i] - incl[i + 1] + ms.get(("hook", i), 0.0)))
    hooks = sum(v for k, v in ms.items() if isinstance(k, tuple) and k[0] == "hook")
    rows.append(("URL resolve", ms.get("URL resolve", 0.0)))
    rows.append(("view (its queries and its template included)", incl[-1] - hooks - ms.get("URL resolve", 0.0)))
    print(f"\n{label}: {path}  — {ms['total']:.2f} ms per request, {ms['statements']:.1f} SQL statements")
    for text, value in rows:
        print(f"  {value:7.3f} ms  {text}")
    print("  of which, wherever it ran:")
    for key in sorted(k for k in ms if isinstance(k, str) and k not in ("total", "statements")):
        print(f"  {ms[key]:7.3f} ms  {key}  (x{ms[('count', key)]:.1f})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1000, help="requests per page, over all rounds")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--setup", action="store_true", help="make page_cost.py's database first")
    parser.add_argument("--bare", action="store_true", help="profile the bare page (benchmarks/bare)")
    parser.add_argument("--cpu", action="store_true", help="this process's CPU time instead of wall time")
    parser.add_argument("--cprofile", metavar="PAGE", help="print cProfile's top functions for one page")
    parser.add_argument("--root", default=str(ROOT), help="the checkout to profile (e.g. a `git archive` of HEAD)")
    args = parser.parse_args()
    root = Path(args.root).resolve()
    if args.cpu:
        global CLOCK
        CLOCK = time.process_time_ns
    url = bench_database_url("_bench_cost")
    if args.setup:
        setup_database(url)
    if not args.bare:
        nip, skp_id, _ = demo_user(url)
        env = app_env(url)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=root, env=env, check=True
        )
        os.environ.update({k: v for k, v in env.items() if k not in os.environ or os.environ[k] != v})
        os.environ["DJANGO_SETTINGS_MODULE"] = "ekinerja.settings"
    else:
        os.environ.update(app_env(url))
        os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.bare.settings"
    sys.path.insert(0, str(root))
    import django

    django.setup()
    from django.core.cache import caches
    from django.core.handlers.wsgi import WSGIHandler

    app = WSGIHandler()
    if args.bare:
        pages = {"bare": ("/bare/twenty-rows/", {}, None)}
    else:
        cookies = login(app, nip)
        cold = caches["fragments"].clear
        pages = {
            "twenty": ("/bench/twenty-rows/", cookies, None),
            "detail_warm": (f"/skp/{skp_id}/", cookies, None),
            "detail_cold": (f"/skp/{skp_id}/", cookies, cold),
            "beranda": ("/", cookies, None),
        }
    if args.cprofile:
        path, cookies, before = pages[args.cprofile]
        for _ in range(20):
            call(app, "GET", path, cookies)
        profiler = cProfile.Profile(time.process_time) if args.cpu else cProfile.Profile()
        profiler.enable()
        for _ in range(args.n):
            if before:
                before()
            call(app, "GET", path, cookies)
        profiler.disable()
        if os.environ.get("PROFILE_OUT"):
            profiler.dump_stats(os.environ["PROFILE_OUT"])
        stats = pstats.Stats(profiler)
        stats.sort_stats("tottime").print_stats(40)
        stats.sort_stats("cumulative").print_stats(60)
        return
    names = instrument(app)
    samples = {label: [] for label in pages}
    for _ in range(args.rounds):  # interleaved: a burst of other work on the machine hits every page alike
        for label, (path, cookies, before) in pages.items():
            samples[label].append(sample(app, path, cookies, max(1, args.n // args.rounds), before))
    print(
        f"{'CPU' if args.cpu else 'wall'} time, median of {args.rounds} interleaved rounds of {args.n // args.rounds}"
    )
    for label, (path, _, _) in pages.items():
        report(names, label, path, samples[label])


if __name__ == "__main__":
    main()

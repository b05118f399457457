"""Shared helpers of the benchmark scripts: a throw-away database next to the development one."""

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import environ
import psycopg

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"


def bench_database_url(suffix: str = "_bench") -> str:
    """The development DATABASE_URL (environment or .env) with `suffix` added to the database name."""
    env = environ.Env()
    environ.Env.read_env(ROOT / ".env", overwrite=False)
    url = urlsplit(env.str("DATABASE_URL"))
    return urlunsplit(url._replace(path=url.path + suffix))


def recreate(url: str) -> None:
    """Drop and create the database named in `url`."""
    cfg = environ.Env.db_url_config(url)
    conninfo = {"user": cfg["USER"], "password": cfg["PASSWORD"], "host": cfg["HOST"], "port": cfg["PORT"]}
    conninfo.update(cfg.get("OPTIONS", {}))
    conninfo = {k: v for k, v in conninfo.items() if v}
    with psycopg.connect(dbname="postgres", **conninfo, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{cfg["NAME"]}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{cfg["NAME"]}"')


def manage(url: str, *args: str, env: dict | None = None) -> float:
    """Run manage.py against `url`; return the wall time in seconds."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url, **(env or {})},
        check=True,
        stdout=sys.stdout,
    )
    return time.perf_counter() - start


HOST = "127.0.0.1"
SECRET = "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"


def app_env(url: str, **extra: str) -> dict:
    """The project's production-like environment for a benchmark run on loopback (plain http)."""
    return {
        **os.environ,
        "DATABASE_URL": url,
        "SECRET_KEY": SECRET,
        "DEBUG": "false",
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "BENCHMARK_ENDPOINTS": "true",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def session_for(user) -> str:
    """A logged-in session made in-process (Django set up), as a login would store it: no password to hash per user.
    Its key is the `sessionid` cookie."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session["_seen"] = int(time.time()) + 3600  # no idle refresh during the run
    session.set_expiry(3600)
    session.create()
    return session.session_key

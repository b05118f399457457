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

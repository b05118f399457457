"""`make run` on a first run says what it is doing before each slow step (issue 10: it used to print nothing for
about 50 seconds), and says nothing about steps it skips."""

import os
import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _env(**extra) -> dict:
    """The environment of a developer's shell: no DATABASE_URL, so the project-local PostgreSQL is used."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "MAKEFLAGS", "MAKELEVEL")}
    return {**env, **extra}


def test_a_first_pg_start_says_what_it_does_and_a_second_says_nothing(tmp_path):
    """scripts/pg.sh run from a fresh checkout (a copy of the script): the cluster is made, started and given its
    database, each announced; starting it again does nothing and prints nothing."""
    checkout = tmp_path / "checkout"
    (checkout / "scripts").mkdir(parents=True)
    shutil.copy2(ROOT / "scripts" / "pg.sh", checkout / "scripts" / "pg.sh")
    pg = [str(checkout / "scripts" / "pg.sh")]
    env = _env(PGDATABASE_NAME="ekinerja_pgsh_test")
    pgdir = subprocess.run([*pg, "dir"], env=env, capture_output=True, text=True, check=True).stdout.strip()
    try:
        first = subprocess.run([*pg, "start"], env=env, capture_output=True, text=True, check=True)
        assert first.stdout.splitlines() == [
            f"==> Creating the project-local PostgreSQL cluster in {pgdir}",
            f"==> Starting PostgreSQL (Unix socket in {pgdir}/run, log in {pgdir}/server.log)",
            "==> Creating the database ekinerja_pgsh_test",
        ]
        assert first.stderr == ""
        again = subprocess.run([*pg, "start"], env=env, capture_output=True, text=True, check=True)
        assert (again.stdout, again.stderr) == ("", "")
        url = subprocess.run([*pg, "url"], env=env, capture_output=True, text=True, check=True).stdout
        assert url == f"postgres://postgres@/ekinerja_pgsh_test?host={pgdir}/run\n"
    finally:
        subprocess.run([*pg, "stop"], env=env, capture_output=True, check=False)
        shutil.rmtree(pgdir, ignore_errors=True)


def dry_run(*args: str) -> list[str]:
    """The commands `make` would run, every target taken as out of date (-B), none run (-n)."""
    result = subprocess.run(
        ["make", "-n", "-B", *args], cwd=ROOT, env=_env(), capture_output=True, text=True, check=True
    )
    return result.stdout.splitlines()


def first_line(lines: list[str], pattern: str) -> int:
    matches = [n for n, line in enumerate(lines) if re.search(pattern, line)]
    assert matches, f"make run has no line matching {pattern!r}"
    return matches[0]


def test_make_run_announces_each_step_before_it_runs():
    lines = dry_run("run")
    steps = [
        ("Creating the virtualenv", r"-m venv"),
        ("Installing Python packages from requirements.txt", r"pip install .*-r requirements\.txt"),
        ("Migrating the database", r"manage\.py migrate"),
        ("Loading the demo data", r"manage\.py seed_demo"),
    ]
    for message, command in steps:
        assert first_line(lines, re.escape(f"==> {message}")) <= first_line(lines, command), message
    order = [first_line(lines, command) for _, command in steps]
    assert order == sorted(order)
    # The system packages and the local PostgreSQL are announced by their scripts (tested above).
    assert first_line(lines, r"scripts/setup-system\.sh") < first_line(lines, r"scripts/pg\.sh start") < order[2]


def test_make_run_serves_on_the_port_given():
    lines = dry_run("run", "PORT=8123")
    assert any("seed_demo --url http://127.0.0.1:8123/" in line for line in lines)
    assert any(line.endswith("runserver 127.0.0.1:8123") for line in lines)

#!/usr/bin/env bash
# A project-local PostgreSQL cluster: `pg.sh start` (init if needed, start if stopped, create the database),
# `pg.sh stop`, `pg.sh dir` (prints the cluster folder). Listens only on a Unix socket inside that folder,
# so several checkouts never clash on a port. Skipped entirely when DATABASE_URL is set by the caller.
# `start` says what it does (a first start takes a few seconds) and nothing when the cluster is already up.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -n "$bindir" ] || { echo "PostgreSQL server binaries not found (run scripts/setup-system.sh)" >&2; exit 1; }

# initdb/postgres refuse to run as root: as root we run them as the `postgres` user, which must be able
# to reach the folder. A checkout under /root is not reachable, so the cluster then lives under /tmp.
as_pg=()
pgdir="$root/.pg"
if [ "$(id -u)" -eq 0 ]; then
  as_pg=(runuser -u postgres --)
  if ! runuser -u postgres -- test -x "$root"; then
    pgdir="/tmp/ekinerja-pg-$(echo -n "$root" | md5sum | cut -c1-12)"
  fi
fi
data="$pgdir/data"
sock="$pgdir/run"
db="${PGDATABASE_NAME:-ekinerja}"

start() {
  if [ ! -f "$data/PG_VERSION" ]; then
    echo "==> Creating the project-local PostgreSQL cluster in $pgdir"
    mkdir -p "$pgdir" "$sock"
    [ ${#as_pg[@]} -eq 0 ] || chown postgres: "$pgdir" "$sock"
    "${as_pg[@]}" "$bindir/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    cat >>"$data/postgresql.conf" <<CONF
listen_addresses = ''
unix_socket_directories = '$sock'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
shared_buffers = 256MB
CONF
  fi
  if ! "${as_pg[@]}" "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    echo "==> Starting PostgreSQL (Unix socket in $sock, log in $pgdir/server.log)"
    "${as_pg[@]}" "$bindir/pg_ctl" -D "$data" -l "$pgdir/server.log" -w start >/dev/null
  fi
  # A failed statement must not put the values it carried (NIPs, names) into the server log: log the error
  # alone, without the statement or its DETAIL (docs/deployment.md, "What the logs hold").
  if [ "$("$bindir/psql" -h "$sock" -U postgres -d postgres -tAc "show log_min_error_statement")" != "panic" ]; then
    "$bindir/psql" -h "$sock" -U postgres -d postgres -q \
      -c "alter system set log_min_error_statement = 'panic'" \
      -c "alter system set log_error_verbosity = 'terse'" \
      -c "select pg_reload_conf()" >/dev/null
  fi
  if ! "$bindir/psql" -h "$sock" -U postgres -d postgres -tAc "select 1 from pg_database where datname='$db'" | grep -q 1; then
    echo "==> Creating the database $db"
    "$bindir/createdb" -h "$sock" -U postgres "$db"
  fi
}

case "${1:-}" in
  start) start ;;
  stop) [ -f "$data/PG_VERSION" ] && "${as_pg[@]}" "$bindir/pg_ctl" -D "$data" -m fast stop || true ;;
  dir) echo "$pgdir" ;;
  url) echo "postgres://postgres@/$db?host=$sock" ;;
  *) echo "usage: $0 start|stop|dir|url" >&2; exit 2 ;;
esac

#!/usr/bin/env bash
# A project-local PostgreSQL cluster: `pg.sh start` (init if needed, start if stopped, create the database),
# `pg.sh stop`, `pg.sh dir` (prints the cluster folder), `pg.sh url`. Listens only on a Unix socket inside that
# folder, so several checkouts never clash on a port. Skipped entirely when DATABASE_URL is set by the caller.
# `start` says what it does (a first start takes a few seconds) and nothing when the cluster is already up.
#
# `pg.sh replica start|stop|url`: a streaming standby of that cluster (pg_basebackup -R, hot standby) on a socket
# folder of its own, for tests/test_replica.py and for trying DATABASE_REPLICA_URL by hand (decision 0023).
# `replica start` starts the primary too, builds the standby the first time (a few seconds), and returns once
# the standby has replayed everything the primary had written when it was called.
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
rdir="$pgdir/replica"
rdata="$rdir/data"
rsock="$rdir/run"
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
wal_level = replica
max_wal_senders = 10
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
  replication_allowed
}

psql_on() { "$bindir/psql" -h "$1" -U postgres -d postgres -tAc "$2"; }

# What a standby needs from the primary, added without disturbing a running cluster: a pg_hba line for
# replication over the local socket (a reload is enough), and WAL for it: wal_level and max_wal_senders take
# effect only at the next start, so a cluster without them is told so and never restarted behind its user's back.
replication_allowed() {
  if ! grep -Eq '^[[:space:]]*local[[:space:]]+replication[[:space:]]' "$data/pg_hba.conf"; then
    echo "local   replication     all                                     trust" >>"$data/pg_hba.conf"
    psql_on "$sock" "select pg_reload_conf()" >/dev/null
  fi
  if [ "$(psql_on "$sock" "$no_wal_senders")" = "t" ]; then
    "$bindir/psql" -h "$sock" -U postgres -d postgres -q -c "alter system set wal_level = 'replica'" \
      -c "alter system set max_wal_senders = 10"
    echo "==> Replication is set up for the next start of PostgreSQL (scripts/pg.sh stop && scripts/pg.sh start)"
  fi
}
no_wal_senders="select current_setting('wal_level') = 'minimal' or current_setting('max_wal_senders')::int = 0"

replica_running() { [ -f "$rdata/PG_VERSION" ] && "${as_pg[@]}" "$bindir/pg_ctl" -D "$rdata" status >/dev/null 2>&1; }

replica_remove() {
  [ ! -f "$rdata/PG_VERSION" ] || "${as_pg[@]}" "$bindir/pg_ctl" -D "$rdata" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$rdata" "$rdir/data.new"
}

# A fresh standby: a base backup of the running primary with its recovery settings (-R), made in a new folder
# that becomes the standby only when complete; then its own socket folder, a small cache, and feedback to the
# primary so that replaying the primary's cleanup never cancels a long report query on the standby.
replica_build() {
  echo "==> Making a streaming standby of the project-local cluster in $rdir (a few seconds)"
  replica_remove
  mkdir -p "$rdir" "$rsock"
  [ ${#as_pg[@]} -eq 0 ] || chown postgres: "$rdir" "$rsock"
  "${as_pg[@]}" "$bindir/pg_basebackup" -h "$sock" -U postgres -D "$rdir/data.new" -R -X stream -c fast --no-sync
  cat >>"$rdir/data.new/postgresql.conf" <<CONF
# The standby (scripts/pg.sh replica)
unix_socket_directories = '$rsock'
shared_buffers = 64MB
hot_standby = on
hot_standby_feedback = on
CONF
  mv "$rdir/data.new" "$rdata"
}

# Whether the standby replays, within 20 seconds, a marker written to the primary's WAL now (the end of a record,
# which replay reaches exactly, unlike the current insert position when it is at a page boundary). Time during
# which a test has paused replay (tests/test_replica.py, a second or so) does not count, up to two minutes.
replica_caught_up() {
  local target state waited=0
  target=$(psql_on "$sock" "select pg_logical_emit_message(false, 'ekinerja', 'replica start')")
  for _ in $(seq 1200); do
    state=$(psql_on "$rsock" "select case when pg_last_wal_replay_lsn() >= '$target' then 'replayed'
      else pg_get_wal_replay_pause_state() end" 2>/dev/null) || state=
    case "$state" in
      replayed) return 0 ;;
      paused|"pause requested") ;;
      *) waited=$((waited + 1)); [ "$waited" -lt 200 ] || return 1 ;;
    esac
    sleep 0.1
  done
  return 1
}

replica_start() {
  start
  if [ "$(psql_on "$sock" "$no_wal_senders")" = "t" ]; then
    echo "PostgreSQL must be restarted for replication: scripts/pg.sh stop && scripts/pg.sh start" >&2
    exit 1
  fi
  # Two test processes may ask at once: one builds or starts the standby, the other waits for it.
  exec 9>"$pgdir/replica.lock"
  flock 9
  for attempt in first second; do
    [ -f "$rdata/PG_VERSION" ] || replica_build
    if ! replica_running; then
      echo "==> Starting the standby (Unix socket in $rsock, log in $rdir/server.log)"
      # 9>&-: the server must not inherit the lock, or it would hold it for as long as it runs.
      "${as_pg[@]}" "$bindir/pg_ctl" -D "$rdata" -l "$rdir/server.log" -w -t 60 start >/dev/null 9>&- || true
    fi
    if replica_running && replica_caught_up; then
      return 0
    fi
    # A standby that cannot start or catch up (e.g. stopped while the primary recycled the WAL it needed).
    [ "$attempt" = second ] || echo "==> The standby does not follow the primary: making it again"
    replica_remove
  done
  echo "The standby does not follow the primary; see $rdir/server.log" >&2
  exit 1
}

replica_stop() {
  if replica_running; then
    "${as_pg[@]}" "$bindir/pg_ctl" -D "$rdata" -m fast stop >/dev/null
  fi
}

case "${1:-} ${2:-}" in
  "start ") start ;;
  "stop ") replica_stop; [ -f "$data/PG_VERSION" ] && "${as_pg[@]}" "$bindir/pg_ctl" -D "$data" -m fast stop || true ;;
  "dir ") echo "$pgdir" ;;
  "url ") echo "postgres://postgres@/$db?host=$sock" ;;
  "replica start") replica_start ;;
  "replica stop") replica_stop ;;
  "replica url") echo "postgres://postgres@/$db?host=$rsock" ;;
  *) echo "usage: $0 start|stop|dir|url, or $0 replica start|stop|url" >&2; exit 2 ;;
esac

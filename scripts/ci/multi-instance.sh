#!/usr/bin/env bash
# The multi-instance test (docs/scale-out.md, "The multi-instance test"): a streaming replica of
# the local PostgreSQL 15 on a second port, two instances of the built service on one database
# (B reading from the replica), then scripts/ci/multi-instance.ts posts, reads, fetches photos,
# changes the catalogue and hits the shared POST limit across them.
#
# Idempotent: a standby left running by a killed run is stopped first, the test database is made
# afresh, and everything it started (standby, instances, S3 server, temporary folder, database)
# is removed on exit, failed or not. Run as root (CI) or as the postgres OS user.
#
# Settings (all optional): MULTI_PRIMARY_PORT (5432), MULTI_STANDBY_PORT (5433),
# MULTI_DATABASE (palaute311_multi), MULTI_PORT_A / MULTI_PORT_B / MULTI_PORT_S3 (18701-18703),
# MULTI_INSTANCE_S3=on|off (photos in the local S3 server with MEDIA_STORE=s3, the default, or
# in one MEDIA_DIR shared by both instances),
# MULTI_BUILD=0 (use the dist/ already built).
set -euo pipefail
cd "$(dirname "$0")/../.."

PG_BIN=/usr/lib/postgresql/15/bin
PRIMARY_PORT=${MULTI_PRIMARY_PORT:-5432}
STANDBY_PORT=${MULTI_STANDBY_PORT:-5433}
DATABASE=${MULTI_DATABASE:-palaute311_multi}
PRIMARY_URL="postgres://postgres@127.0.0.1:${PRIMARY_PORT}/${DATABASE}"
REPLICA_URL="postgres://postgres@127.0.0.1:${STANDBY_PORT}/${DATABASE}"
WORK_PREFIX=/tmp/palaute311-multi.
started=$(date +%s)

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
primary_sql() { PGOPTIONS='-c client_min_messages=warning' psql -X -q -At -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 "$@"; }
standby_sql() { psql -X -q -At -h 127.0.0.1 -p "$STANDBY_PORT" -U postgres "$@"; }

phase() { echo "== [$(($(date +%s) - started)) s] $*"; }

# Stops what a run left in its folder $1 and removes the folder: the driver's session (the
# instances and the S3 server, by the session id the run wrote down) and the standby.
clean_run() {
  local work=$1 session
  session=$(cat "$work/driver.session" 2>/dev/null || true)
  if [ -n "$session" ] && ps -o args= -s "$session" 2>/dev/null | grep -q 'dist/'; then
    kill -TERM -- "-$session" 2>/dev/null || true
    sleep 2
    kill -KILL -- "-$session" 2>/dev/null || true
  fi
  if [ -f "$work/standby/postmaster.pid" ]; then
    as_postgres "$PG_BIN/pg_ctl" -D "$work/standby" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
# A run killed outright (SIGKILL: no trap) leaves its folder behind.
for work in "$WORK_PREFIX"*; do
  if [ -d "$work" ]; then echo "cleaning up after an earlier run: $work"; clean_run "$work"; fi
done
if pg_isready -q -h 127.0.0.1 -p "$STANDBY_PORT"; then
  echo "port $STANDBY_PORT is taken by something else: set MULTI_STANDBY_PORT" >&2
  exit 1
fi

WORK=$(mktemp -d "${WORK_PREFIX}XXXXXX")
chmod 755 "$WORK"

cleanup() {
  local status=$?
  if [ "$status" != 0 ] && [ -f "$WORK/pg/standby.log" ]; then tail -n 20 "$WORK/pg/standby.log" >&2; fi
  clean_run "$WORK"
  primary_sql -c "DROP DATABASE IF EXISTS $DATABASE WITH (FORCE)" >/dev/null 2>&1 || true
  echo "== multi-instance: $([ "$status" = 0 ] && echo passed || echo "FAILED ($status)") in $(($(date +%s) - started)) s"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Replication connections need their own pg_hba line (`all` does not cover them). Once only.
HBA=$(primary_sql -c 'SHOW hba_file')
if ! grep -Eq '^[[:space:]]*host[[:space:]]+replication[[:space:]]+(postgres|all)[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust' "$HBA"; then
  printf '%s\n' '# palaute311 multi-instance test (scripts/ci/multi-instance.sh): streaming replica on loopback' \
    'host replication postgres 127.0.0.1/32 trust' >>"$HBA"
  primary_sql -c 'SELECT pg_reload_conf()' >/dev/null
  sleep 1
fi
[ "$(primary_sql -c 'SHOW wal_level')" != minimal ] || { echo 'wal_level is minimal: no streaming replica possible' >&2; exit 1; }

phase "streaming replica of 127.0.0.1:$PRIMARY_PORT on port $STANDBY_PORT ($WORK/standby)"
mkdir -p "$WORK/standby" "$WORK/pg"
chown postgres:postgres "$WORK/standby" "$WORK/pg" 2>/dev/null || true
chmod 700 "$WORK/standby"
as_postgres "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U postgres -D "$WORK/standby" -R -X stream -c fast
# Debian keeps the configuration outside the data folder: the standby gets its own. A hot standby
# needs at least the primary's values of these settings.
{
  echo "port = $STANDBY_PORT"
  echo "listen_addresses = '127.0.0.1'"
  echo "unix_socket_directories = '$WORK/pg'"
  echo "hot_standby = on"
  echo "hot_standby_feedback = on"
  echo "shared_buffers = 32MB"
  for setting in max_connections max_worker_processes max_wal_senders max_prepared_transactions max_locks_per_transaction; do
    echo "$setting = $(primary_sql -c "SHOW $setting")"
  done
} >"$WORK/standby/postgresql.conf"
printf '%s\n' 'local all all trust' 'host all all 127.0.0.1/32 trust' >"$WORK/standby/pg_hba.conf"
chown postgres:postgres "$WORK/standby/postgresql.conf" "$WORK/standby/pg_hba.conf" 2>/dev/null || true
as_postgres "$PG_BIN/pg_ctl" -D "$WORK/standby" -l "$WORK/pg/standby.log" -w -t 60 start >/dev/null
[ "$(standby_sql -d postgres -c 'SELECT pg_is_in_recovery()')" = t ] || { echo 'port 5433 is not a standby' >&2; exit 1; }

# Made after the standby started, so it reaches the replica through streaming, as every later write.
primary_sql -c "DROP DATABASE IF EXISTS $DATABASE WITH (FORCE)" -c "CREATE DATABASE $DATABASE"
for _ in $(seq 100); do standby_sql -d "$DATABASE" -c 'SELECT 1' >/dev/null 2>&1 && break; sleep 0.1; done
standby_sql -d "$DATABASE" -c 'SELECT 1' >/dev/null

if [ "${MULTI_BUILD:-1}" != 0 ]; then
  phase 'npm run build'
  npm run --silent build
fi

phase 'two instances, B reading from the replica'
S3=${MULTI_INSTANCE_S3:-on}
export MULTI_PRIMARY_URL=$PRIMARY_URL MULTI_REPLICA_URL=$REPLICA_URL MULTI_WORK_DIR=$WORK MULTI_INSTANCE_S3=$S3
# A session of its own (setsid), so that the cleanup can stop the driver, the instances and the
# S3 server together, even when the driver itself has died.
setsid node dist/scripts/ci/multi-instance.js &
DRIVER_PID=$!
echo "$DRIVER_PID" >"$WORK/driver.session"
wait "$DRIVER_PID"

#!/usr/bin/env bash
# Several instances, with the real parts they share: a real S3-compatible
# server (moto's `moto_server`, pinned, in a virtualenv outside the
# repository) for papers, and a real PostgreSQL hot standby of the test
# cluster (`pg_basebackup -R`, on another port) for public reads. Then runs
# the `scaleout` API tests on PostgreSQL with the variables that name them.
# Everything started here is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/../.."

PG_URL="${MINUTEBOOK_CI_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable}"
PG_BIN="${MINUTEBOOK_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)}"
VENV="${MINUTEBOOK_SCALEOUT_VENV:-${TMPDIR:-/tmp}/minutebook-scaleout-venv}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/minutebook-scaleout.XXXXXX")"
STANDBY="$WORK/standby"
# A replication slot keeps the primary's WAL until the standby has it
# (other tests write a lot meanwhile); dropped on exit.
SLOT=minutebook_test_standby
MOTO_PID=""

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
as_postgres() { if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi; }

drop_slot() {
  # Once the standby's connection has gone (a few seconds at most).
  for _ in $(seq 1 50); do
    left=$(psql "$PG_URL" -Atc "select count(*) from pg_replication_slots where slot_name = '$SLOT'" 2>/dev/null || echo 0)
    [ "$left" = 0 ] && return 0
    psql "$PG_URL" -qAtc "select pg_drop_replication_slot('$SLOT') from pg_replication_slots where slot_name = '$SLOT' and not active" >/dev/null 2>&1 || true
    sleep 0.2
  done
  echo "warning: replication slot $SLOT is still there; drop it: select pg_drop_replication_slot('$SLOT')" >&2
}
cleanup() {
  [ -n "$MOTO_PID" ] && kill "$MOTO_PID" 2>/dev/null || true
  if [ -f "$STANDBY/postmaster.pid" ]; then
    as_postgres "$PG_BIN/pg_ctl" -D "$STANDBY" -m immediate stop >/dev/null 2>&1 || true
  fi
  drop_slot
  rm -rf "$WORK"
}
trap cleanup EXIT

# --- object storage: moto_server on a free port, one bucket -----------------
if ! "$VENV/bin/python" -c 'import moto.server, flask' 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check 'moto[server]==5.2.5'
fi
MOTO_PORT=$(free_port)
"$VENV/bin/moto_server" -H 127.0.0.1 -p "$MOTO_PORT" >"$WORK/moto.log" 2>&1 &
MOTO_PID=$!
# Wait until it answers, then make the bucket (moto takes unsigned requests).
"$VENV/bin/python" - "$MOTO_PORT" <<'PY'
import sys, time, urllib.request
base = f"http://127.0.0.1:{sys.argv[1]}"
for _ in range(200):
    try:
        urllib.request.urlopen(base + "/", timeout=1)
        break
    except Exception:
        time.sleep(0.05)
urllib.request.urlopen(urllib.request.Request(base + "/minutebook-papers", method="PUT"), timeout=10)
PY

# --- a hot standby of the test cluster -------------------------------------
# pg_basebackup connects for replication: pg_hba.conf needs a line for it.
HBA=$(psql "$PG_URL" -Atc 'show hba_file')
LINE='host replication postgres 127.0.0.1/32 trust'
if ! grep -qxF "$LINE" "$HBA"; then
  printf '%s\n' "$LINE" >>"$HBA"
  psql "$PG_URL" -qAtc 'select pg_reload_conf()' >/dev/null
fi
chown postgres "$WORK"
drop_slot # left by an interrupted run
as_postgres "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p 5432 -U postgres -D "$STANDBY" -R -X stream \
  -C -S "$SLOT" --checkpoint=fast --no-sync
STANDBY_PORT=$(free_port)
# Debian keeps the configuration outside the data folder: give the standby
# its own, with the settings a hot standby must not have below the primary's.
{
  echo "listen_addresses = '127.0.0.1'"
  echo "port = $STANDBY_PORT"
  echo "unix_socket_directories = '$STANDBY'"
  echo "hot_standby = on"
  echo "fsync = off" # a throwaway test copy: no startup sync of every file
  echo "hba_file = '$STANDBY/pg_hba.conf'"
  for s in max_connections max_worker_processes max_wal_senders max_prepared_transactions max_locks_per_transaction; do
    echo "$s = $(psql "$PG_URL" -Atc "show $s")"
  done
} >"$STANDBY/postgresql.conf"
printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' >"$STANDBY/pg_hba.conf"
chown postgres "$STANDBY/postgresql.conf" "$STANDBY/pg_hba.conf"
as_postgres "$PG_BIN/pg_ctl" -D "$STANDBY" -l "$WORK/standby.log" -w -t 60 start >/dev/null
psql "postgres://postgres@127.0.0.1:$STANDBY_PORT/postgres?sslmode=disable" -Atc 'select pg_is_in_recovery()' | grep -qx t

# --- the tests ---------------------------------------------------------------
export AWS_ENDPOINT_URL="http://127.0.0.1:$MOTO_PORT"
export AWS_ACCESS_KEY_ID=minutebook-test AWS_SECRET_ACCESS_KEY=minutebook-test
export AWS_REGION=us-east-1 AWS_ALLOW_HTTP=true
export MINUTEBOOK_TEST_S3_URL="s3://minutebook-papers/ci"
export MINUTEBOOK_TEST_REPLICA_URL="postgres://postgres@127.0.0.1:$STANDBY_PORT/postgres?sslmode=disable"
export MINUTEBOOK_TEST_DATABASE_URL="$PG_URL"
cargo test --locked --test api scaleout

#!/usr/bin/env bash
# Counts the statements one item write sends to PostgreSQL: a scratch
# database with `log_statement = 'all'`, the data set of bench/load_data.py
# (published agendas), two warm-up writes, then three counted
# `POST /api/v1/meetings/{id}/items`; prints the statements of the one that
# sent fewest (a background pass may fall inside the others), as
# PostgreSQL logged them, and their number. Each is a round trip.
#
#   bench/count_statements.sh            (release build; MINUTEBOOK_BIN for another)
#
# Reads the server's log file (PG_LOG, default the Debian cluster's).
set -euo pipefail
cd "$(dirname "$0")/.."
pg_url=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
pg_log=${PG_LOG:-$(ls /var/log/postgresql/postgresql-*-main.log | sort -V | tail -n 1)}
bin=${MINUTEBOOK_BIN:-target/release/minutebook}
[ -n "${MINUTEBOOK_BIN:-}" ] || cargo build --release -q
db="mb_count_$$"
work=$(mktemp -d)
port=${BENCH_PORT:-18183}
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  psql "$pg_url" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
psql "$pg_url" -qc "CREATE DATABASE $db"
psql "$pg_url" -qc "ALTER DATABASE $db SET log_statement = 'all'"
url="${pg_url%/*}/$db"
export DATABASE_URL=$url MINUTEBOOK_BIND=127.0.0.1:$port MINUTEBOOK_DATA_DIR=$work/data RUST_LOG=warn
token=$($bin token create --role clerk --name bench | tail -n 1)
$bin serve >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
base="http://127.0.0.1:$port"
meeting=$(python3 bench/load_data.py "$base" "$token" 2)
post() {
  curl -sf -o /dev/null -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d '{"title":"Benchmark item","kind":"report","minutes":"A paragraph of minute text."}' \
    "$base/api/v1/meetings/$meeting/items"
}
post; post
# The background job's passes (every half second) log into the same
# database, and one may fall inside a write. So three writes are counted,
# each after the job's pass, and the smallest count is the write's own.
best=
for n in 1 2 3; do
  sleep 1
  start=$(wc -l <"$pg_log")
  post
  sleep 0.2
  tail -n +"$((start + 1))" "$pg_log" \
    | grep -F "@$db " | grep -E "LOG:  (statement|execute [^:]*):" \
    | sed -E 's/^.*LOG:  (statement|execute [^:]*): //' >"$work/statements.$n"
  count=$(wc -l <"$work/statements.$n")
  echo "write $n: $count statements"
  if [ -z "$best" ] || [ "$count" -lt "$(wc -l <"$work/statements.$best")" ]; then best=$n; fi
done
cut -c1-150 "$work/statements.$best" | nl -ba
echo "statements: $(wc -l <"$work/statements.$best")"

#!/usr/bin/env bash
# Benchmark of the clerk API: requests/s and latency of the whole-meeting GET
# and of item creation, on SQLite and on PostgreSQL, next to a ceiling (the
# same server answering a static document, /openapi.json) measured in the
# same run. Prints peak memory of the server. Usage:
#   bench/run.sh [seconds-per-run]      (PostgreSQL at $BENCH_PG_URL, default local)
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-10}
pg_url=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
cargo build --release -q
bin=target/release/minutebook
work=$(mktemp -d)
port=18181
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT

run_backend() {
  local name=$1 url=$2
  export DATABASE_URL=$url MINUTEBOOK_BIND=127.0.0.1:$port MINUTEBOOK_DATA_DIR=$work/data-$name
  token=$($bin token create --role clerk --name bench | tail -n 1)
  $bin serve >"$work/$name.log" 2>&1 &
  server=$!
  for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  meeting=$(python3 bench/load_data.py "http://127.0.0.1:$port" "$token" 10)
  echo "## $name (10 meetings x 15 items loaded; reading meeting $meeting)"
  echo "### ceiling: GET /openapi.json (static)"
  wrk -t2 -c16 -d"${secs}s" --latency "http://127.0.0.1:$port/openapi.json" | grep -E "Requests/sec|50%|99%"
  echo "### GET /api/v1/meetings/{id} (whole meeting, clerk token)"
  wrk -t2 -c16 -d"${secs}s" --latency -H "Authorization: Bearer $token" \
    "http://127.0.0.1:$port/api/v1/meetings/$meeting" | grep -E "Requests/sec|50%|99%|Non-2xx"
  echo "### POST /api/v1/meetings/{id}/items (8 concurrent writers)"
  MB_TOKEN=$token wrk -t2 -c8 -d"${secs}s" --latency -s bench/post_item.lua \
    "http://127.0.0.1:$port/api/v1/meetings/$meeting/items" | grep -E "Requests/sec|50%|99%|Non-2xx"
  echo "peak server memory: $(grep VmHWM /proc/$server/status)"
  kill $server; wait $server 2>/dev/null || true
}

run_backend sqlite "$work/bench.db"
db="mb_bench_$$"
psql "$pg_url" -qc "CREATE DATABASE $db"
run_backend postgres "${pg_url%/*}/$db"
psql "$pg_url" -qc "DROP DATABASE $db WITH (FORCE)"

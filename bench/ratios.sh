#!/usr/bin/env bash
# The goals of issues 12 and 15 in one run, as ratios against the same
# server's one-query /healthz measured in the same run (the machine is
# shared and noisy; ratios travel, absolute figures do not):
#   whole-meeting GET >= 0.35 x /healthz, public meeting page >= 0.25 x,
#   p99 <= 10 ms, all at 32 connections;
#   8 concurrent item writers on SQLite: p99 <= 50 ms, >= 300 items/s, none failed;
#   route matching: a 404 and /healthz against a static answer (the stylesheet).
# Also shows what a repeat reader costs (If-None-Match -> 304).
# Usage: bench/ratios.sh [seconds-per-run] [backend: sqlite|postgres]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-8}
backend=${2:-sqlite}
pg_url=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
# MINUTEBOOK_BIN=target/profiling/minutebook measures another build of the
# same code (the profiling profile is the release code with line tables).
bin=${MINUTEBOOK_BIN:-target/release/minutebook}
[ -n "${MINUTEBOOK_BIN:-}" ] || cargo build --release -q
work=$(mktemp -d)
port=${BENCH_PORT:-18182}
server=
db=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  [ -n "$db" ] && psql "$pg_url" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
  rm -rf "$work"
}
trap cleanup EXIT

if [ "$backend" = postgres ]; then
  db="mb_ratios_$$"
  psql "$pg_url" -qc "CREATE DATABASE $db"
  url="${pg_url%/*}/$db"
else
  url="$work/bench.db"
fi
export DATABASE_URL=$url MINUTEBOOK_BIND=127.0.0.1:$port MINUTEBOOK_DATA_DIR=$work/data RUST_LOG=warn
token=$($bin token create --role clerk --name bench | tail -n 1)
$bin serve >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
base="http://127.0.0.1:$port"
meeting=$(python3 bench/load_data.py "$base" "$token" 10)
etag=$(curl -s -D - -o /dev/null -H "Authorization: Bearer $token" "$base/api/v1/meetings/$meeting" \
  | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')

# run NAME CONNECTIONS URL [wrk args...]: prints one line, remembers rps/p99.
declare -A RPS P99
run() {
  local name=$1 conns=$2 target=$3
  shift 3
  local out
  out=$(wrk -t2 -c"$conns" -d"${secs}s" --latency "$@" "$target")
  local rps p50 p99 bad
  rps=$(awk '/^Requests\/sec/{print $2}' <<<"$out")
  p50=$(awk '$1=="50%"{print $2}' <<<"$out")
  p99=$(awk '$1=="99%"{print $2}' <<<"$out")
  bad=$(awk '/Non-2xx or 3xx/{print $5} /Socket errors/{print "socket:" $0}' <<<"$out" | tr '\n' ' ')
  RPS[$name]=$rps
  P99[$name]=$p99
  printf '%-34s c=%-3s %10s req/s  p50 %-8s p99 %-8s %s\n' "$name" "$conns" "$rps" "$p50" "$p99" "${bad:+failed: $bad}"
}
ratio() { awk -v a="${RPS[$1]}" -v b="${RPS[$2]}" 'BEGIN{printf "%.3f", a/b}'; }

echo "# bench/ratios.sh $secs $backend — $(date -u +%FT%TZ) — load:$(uptime | sed 's/.*load average://')"
echo "# meeting $meeting: 15 items (3 lettered parts), 12 attendees, outcomes, a declaration, a restricted item"
run healthz 32 "$base/healthz"
run static-stylesheet 32 "$base/assets/public.css"
run not-found 32 "$base/no/such/page"
run whole-meeting 32 "$base/api/v1/meetings/$meeting" -H "Authorization: Bearer $token"
run meeting-page 32 "$base/meetings/$meeting"
run whole-meeting-304 32 "$base/api/v1/meetings/$meeting" -H "Authorization: Bearer $token" -H "If-None-Match: $etag"
MB_TOKEN=$token run item-writers 8 "$base/api/v1/meetings/$meeting/items" -s bench/post_item.lua
# The same writers spread over the data set's ten meetings (each agenda
# grows by tens of items, not thousands: a whole meeting's search rows are
# compared on every write, so one agenda of thousands costs more a write).
meetings=$(curl -s -H "Authorization: Bearer $token" "$base/api/v1/bodies/bench/meetings?limit=100" \
  | python3 -c 'import json,sys; print(" ".join(m["id"] for m in json.load(sys.stdin)["items"]))')
MB_TOKEN=$token MB_MEETINGS=$meetings run item-writers-spread 8 "$base/" -s bench/post_items_spread.lua
echo "# load after the runs:$(uptime | sed 's/.*load average://')"
echo "whole-meeting / healthz = $(ratio whole-meeting healthz)   (goal >= 0.35; p99 goal <= 10 ms: ${P99[whole-meeting]})"
echo "meeting-page  / healthz = $(ratio meeting-page healthz)   (goal >= 0.25; p99 ${P99[meeting-page]})"
echo "not-found / static = $(ratio not-found static-stylesheet), healthz / static = $(ratio healthz static-stylesheet)"
echo "item writers: ${RPS[item-writers]} items/s, p99 ${P99[item-writers]}   (goal >= 300/s, p99 <= 50 ms, none failed)"
echo "item writers over 10 agendas: ${RPS[item-writers-spread]} items/s, p99 ${P99[item-writers-spread]}"
echo "peak server memory: $(grep VmHWM /proc/$server/status | tr -s ' \t' ' ')"

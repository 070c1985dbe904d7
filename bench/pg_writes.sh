#!/usr/bin/env bash
# Issue 29 item 3: 8 item writers on PostgreSQL, and where their CPU goes.
# Serves a release build on a scratch database, loads bench/load_data.py's
# ten meetings, then runs 8 writers (wrk, 2 threads) on one agenda and then
# spread over the ten agendas, and prints for each run: items/s, p50, p99,
# failures, and CPU milliseconds per write — the whole machine's (from
# /proc/stat), the server's and PostgreSQL's (all its processes).
# Usage: bench/pg_writes.sh [seconds-per-run] [database URL]
#   BENCH_PG_URL (or the second argument) is the URL the server is given,
#   with the database name replaced by a scratch one; the default names the
#   machine's server on loopback as an operator would, without sslmode.
#   PG_WRITES_STATEMENTS=N: after each run, the N statements of the scratch
#   database that took most time, nested ones (triggers) included, from
#   pg_stat_statements. Only where the server preloads it, e.g.
#   ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements';
#   ALTER SYSTEM SET pg_stat_statements.track = 'all'; then a restart.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-8}
pg_url=${2:-${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}}
admin_url=${BENCH_PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable}
bin=${MINUTEBOOK_BIN:-target/release/minutebook}
[ -n "${MINUTEBOOK_BIN:-}" ] || cargo build --release -q
work=$(mktemp -d)
port=${BENCH_PORT:-18183}
db="mb_writes_$$"
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  psql "$admin_url" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
  rm -rf "$work"
}
trap cleanup EXIT

psql "$admin_url" -qc "CREATE DATABASE $db"
# The same URL with the scratch database's name (its query string kept).
base_part=${pg_url%%\?*}
query=
[ "$base_part" = "$pg_url" ] || query="?${pg_url#*\?}"
url="${base_part%/*}/$db$query"
export DATABASE_URL=$url MINUTEBOOK_BIND=127.0.0.1:$port MINUTEBOOK_DATA_DIR=$work/data RUST_LOG=warn
token=$($bin token create --role clerk --name bench | tail -n 1)
$bin serve >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
base="http://127.0.0.1:$port"
meeting=$(python3 bench/load_data.py "$base" "$token" 10)
meetings=$(curl -s -H "Authorization: Bearer $token" "$base/api/v1/bodies/bench/meetings?limit=100" \
  | python3 -c 'import json,sys; print(" ".join(m["id"] for m in json.load(sys.stdin)["items"]))')
tick=$(getconf CLK_TCK)
top_statements=${PG_WRITES_STATEMENTS:-0}
if [ "$top_statements" -gt 0 ]; then
  psql "$admin_url" -qc "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
fi
statements_reset() {
  [ "$top_statements" -gt 0 ] || return 0
  psql "$admin_url" -qAtc "SELECT pg_stat_statements_reset()" >/dev/null
}
# Per statement: calls, ms in all, ms a call, and calls a write (n writes).
statements_top() {
  [ "$top_statements" -gt 0 ] || return 0
  psql "$admin_url" -qAt -F ' | ' -c "SELECT calls, round(total_exec_time::numeric, 0),
      round((total_exec_time / calls)::numeric, 3), round(calls::numeric / $1, 2),
      left(regexp_replace(query, '\\s+', ' ', 'g'), 110)
    FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
    WHERE d.datname = '$db' ORDER BY total_exec_time DESC LIMIT $top_statements" |
    sed 's/^/    /'
}

machine_ticks() { awk '/^cpu /{print $2+$3+$4+$7+$8}' /proc/stat; }
proc_ticks() { awk '{print $14+$15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
pg_ticks() {
  local t=0 p
  for p in $(pgrep -x postgres || true); do
    t=$((t + $(proc_ticks "$p")))
  done
  echo "$t"
}

run() {
  local name=$1 script=$2
  local m0 s0 p0 out
  statements_reset
  m0=$(machine_ticks) s0=$(proc_ticks "$server") p0=$(pg_ticks)
  out=$(MB_TOKEN=$token MB_MEETINGS=$meetings wrk -t2 -c8 -d"${secs}s" --latency -s "$script" \
    "$base/api/v1/meetings/$meeting/items")
  local m1 s1 p1
  m1=$(machine_ticks) s1=$(proc_ticks "$server") p1=$(pg_ticks)
  local n rps p50 p99 bad
  n=$(awk '/requests in/{print $1}' <<<"$out")
  rps=$(awk '/^Requests\/sec/{print $2}' <<<"$out")
  p50=$(awk '$1=="50%"{print $2}' <<<"$out")
  p99=$(awk '$1=="99%"{print $2}' <<<"$out")
  bad=$(awk '/Non-2xx or 3xx/{print $5} /Socket errors/{print "socket:" $0}' <<<"$out" | tr '\n' ' ')
  awk -v name="$name" -v n="$n" -v rps="$rps" -v p50="$p50" -v p99="$p99" -v bad="$bad" -v tk="$tick" \
    -v m=$((m1 - m0)) -v s=$((s1 - s0)) -v p=$((p1 - p0)) 'BEGIN {
      printf "%-22s %8s items/s  p50 %-8s p99 %-8s CPU ms a write: machine %.2f, server %.2f, postgres %.2f %s\n",
        name, rps, p50, p99, 1000*m/tk/n, 1000*s/tk/n, 1000*p/tk/n, (bad == "" ? "" : "failed: " bad) }'
  [ "$top_statements" -gt 0 ] && echo "    calls | ms in all | ms a call | calls a write | statement"
  statements_top "$n"
}

echo "# bench/pg_writes.sh $secs — $(date -u +%FT%TZ) — URL ${url%%/$db*}/…${query} — load:$(uptime | sed 's/.*load average://')"
run "writers, one agenda" bench/post_item.lua
run "writers, ten agendas" bench/post_items_spread.lua
echo "# load after the runs:$(uptime | sed 's/.*load average://'); server peak RSS $(grep VmHWM /proc/$server/status | tr -s ' \t' ' ')"

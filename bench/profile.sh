#!/usr/bin/env bash
# Where the time of one read goes: loads the ratios benchmark's data set,
# then samples the server with `perf record` (software clock, DWARF call
# graphs) while wrk reads one URL at 32 connections, and prints the
# functions that dominate (self time, then inclusive time).
#
#   bench/profile.sh [whole-meeting|meeting-page|whole-meeting-304|healthz|item-writers|calendar] [seconds]
#   BENCH_DATABASE_URL=/tmp/mb_scale.db bench/profile.sh calendar   # on a grown file (bench/scale.sh)
#   MINUTEBOOK_RESPONSE_CACHE_MB=0 …   # every calendar built anew
#   MINUTEBOOK_BIN=… bench/profile.sh …   # profiles that build instead of building one
#   PROFILE_KEEP=/tmp/p.data bench/profile.sh …   # keeps the samples for perf report
#
# Uses the `profiling` profile (the release code with line tables).
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-whole-meeting}
secs=${2:-8}
command -v perf >/dev/null || { apt-get update -qq && apt-get install -y -qq linux-perf; }
bin=${MINUTEBOOK_BIN:-target/profiling/minutebook}
[ -n "${MINUTEBOOK_BIN:-}" ] || cargo build --profile profiling --locked -q
work=$(mktemp -d)
port=${BENCH_PORT:-18183}
server=
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
export DATABASE_URL=${BENCH_DATABASE_URL:-$work/bench.db} MINUTEBOOK_BIND=127.0.0.1:$port MINUTEBOOK_DATA_DIR=$work/data RUST_LOG=warn
token=$($bin token create --role clerk --name bench | tail -n 1)
$bin serve >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
base="http://127.0.0.1:$port"
if [ -n "${BENCH_DATABASE_URL:-}" ]; then
  # A grown database already holds the body "bench": read the newest meeting.
  meeting=$(curl -s -H "Authorization: Bearer $token" "$base/api/v1/bodies/bench/meetings?limit=1" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
else
  meeting=$(python3 bench/load_data.py "$base" "$token" 10)
fi
etag=$(curl -s -D - -o /dev/null -H "Authorization: Bearer $token" "$base/api/v1/meetings/$meeting" \
  | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')
conns=32
case $what in
  # 8 concurrent writers adding items to one agenda (bench/post_item.lua).
  item-writers) conns=8; export MB_TOKEN=$token; args=("$base/api/v1/meetings/$meeting/items" -s bench/post_item.lua) ;;
  whole-meeting) args=("$base/api/v1/meetings/$meeting" -H "Authorization: Bearer $token") ;;
  whole-meeting-304) args=("$base/api/v1/meetings/$meeting" -H "Authorization: Bearer $token" -H "If-None-Match: $etag") ;;
  meeting-page) args=("$base/meetings/$meeting") ;;
  healthz) args=("$base/healthz") ;;
  # Every meeting of the body since 1900 (up to 2,000 events).
  calendar) args=("$base/bodies/bench/meetings.ics?from=1900-01-01") ;;
  *) echo "unknown read: $what"; exit 2 ;;
esac
perf record -q -e cpu-clock -F 1999 --call-graph dwarf,16384 -p "$server" -o "$work/perf.data" -- sleep "$secs" &
rec=$!
wrk -t2 -c"$conns" -d"${secs}s" --latency "${args[@]}" | grep -E 'Requests/sec|50%|99%'
wait $rec || true
[ -n "${PROFILE_KEEP:-}" ] && cp "$work/perf.data" "$PROFILE_KEEP"
echo "# self time (top 40)"
perf report -i "$work/perf.data" --no-children --sort symbol --stdio -g none 2>/dev/null | sed "s/ *-* *-* *$//" | grep -v "^#" | grep -v "^$" | head -40 || true
echo "# inclusive time (top 60)"
perf report -i "$work/perf.data" --children --sort symbol --stdio -g none 2>/dev/null | sed "s/ *-* *-* *$//" | grep -v "^#" | grep -v "^$" | head -70 || true

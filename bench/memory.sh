#!/usr/bin/env bash
# Reads of random meetings at 32 connections on SQLite, with the response
# cache at its default and off (issue 29): requests/s of the public page and
# of the whole meeting (clerk), as ratios of the same server's /healthz, and
# the server's peak RSS over each whole run (VmHWM), a fresh server each.
#   bench/memory.sh [meetings] [seconds]     (default 200 meetings, 10 s)
set -euo pipefail
cd "$(dirname "$0")/.."
meetings=${1:-200}
secs=${2:-10}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
bin=${MINUTEBOOK_BIN:-target/release/minutebook}
[ -n "${MINUTEBOOK_BIN:-}" ] || cargo build --release -q
work=$(mktemp -d)
port=${BENCH_PORT:-18184}
base="http://127.0.0.1:$port"
server=
trap '[ -n "$server" ] && kill $server 2>/dev/null; rm -rf "$work"' EXIT
export DATABASE_URL=$work/bench.db MINUTEBOOK_BIND=127.0.0.1:$port MINUTEBOOK_DATA_DIR=$work/data RUST_LOG=warn
token=$($bin token create --role clerk --name bench | tail -n 1)
start() {
  $bin serve >"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 50); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.2; done
}
stop() { kill $server; wait $server 2>/dev/null || true; server=; }
start
python3 bench/load_data.py "$base" "$token" "$meetings" >/dev/null
python3 - "$base" "$token" > "$work/meetings" <<'PY'
import json, sys, urllib.request
base, token = sys.argv[1], sys.argv[2]
url = base + "/api/v1/bodies/bench/meetings?limit=100"
while url:
    req = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    page = json.loads(urllib.request.urlopen(req).read())
    for m in page["items"]:
        print(m["id"])
    nxt = page.get("next_cursor")
    url = f"{base}/api/v1/bodies/bench/meetings?limit=100&cursor={nxt}" if nxt else None
PY
stop
echo "SQLite, $meetings meetings of 15 items and 12 attendees ($(wc -l < "$work/meetings") listed), random meetings, 32 connections, ${secs} s a run"
rps() { awk '/^Requests\/sec/{print $2}'; }
for cache in default 0; do
  if [ "$cache" = default ]; then unset MINUTEBOOK_RESPONSE_CACHE_MB; else export MINUTEBOOK_RESPONSE_CACHE_MB=0; fi
  start
  h=$(wrk -t2 -c32 -d"${secs}s" "$base/healthz" | rps)
  page=$(MB_MEETINGS_FILE=$work/meetings MB_PATH="/meetings/%s" wrk -t2 -c32 -d"${secs}s" -s bench/random_meeting.lua "$base/" | rps)
  whole=$(MB_MEETINGS_FILE=$work/meetings MB_PATH="/api/v1/meetings/%s" MB_TOKEN=$token wrk -t2 -c32 -d"${secs}s" -s bench/random_meeting.lua "$base/" | rps)
  hwm=$(awk '/VmHWM/{printf "%.0f", $2/1024}' /proc/$server/status)
  stop
  printf 'cache %-8s /healthz %8.0f/s  page %8.0f/s (%.2fx)  whole meeting %8.0f/s (%.2fx)  peak RSS %s MB\n' \
    "$cache" "$h" "$page" "$(echo "$page / $h" | bc -l)" "$whole" "$(echo "$whole / $h" | bc -l)" "$hwm"
done

#!/usr/bin/env bash
# Reads of random meetings at 32 connections (issue 29), with the response
# cache at its default and off: requests/s of the public page, the public
# JSON and the clerk's JSON of the whole meeting, as ratios of the same
# server's /healthz, and the server's peak RSS over each whole run (VmHWM),
# a fresh server for each setting (so nothing is in its memory: every read
# the response cache has not seen is a first read for the process).
#   bench/memory.sh [meetings] [seconds] [sqlite|postgres]
#                   (default 200 meetings, 10 s a run, SQLite)
# The meetings are 15 items and 12 attendees each (bench/load_data.py). The
# run waits until the background job has built every meeting's documents
# (the read model kept on write), as it would have long before a crawler
# came by.
set -euo pipefail
cd "$(dirname "$0")/.."
meetings=${1:-200}
secs=${2:-10}
backend=${3:-sqlite}
pg_url=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
bin=${MINUTEBOOK_BIN:-target/release/minutebook}
[ -n "${MINUTEBOOK_BIN:-}" ] || cargo build --release -q
work=$(mktemp -d)
port=${BENCH_PORT:-18184}
base="http://127.0.0.1:$port"
server=
db=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  [ -n "$db" ] && psql "$pg_url" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
  rm -rf "$work"
}
trap cleanup EXIT
if [ "$backend" = postgres ]; then
  db="mb_memory_$$"
  psql "$pg_url" -qc "CREATE DATABASE $db"
  url="${pg_url%/*}/$db"
else
  url="$work/bench.db"
fi
export DATABASE_URL=$url MINUTEBOOK_BIND=127.0.0.1:$port MINUTEBOOK_DATA_DIR=$work/data RUST_LOG=warn
token=$($bin token create --role clerk --name bench | tail -n 1)
start() {
  $bin serve >"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 50); do curl -sf "$base/healthz" >/dev/null && break; sleep 0.2; done
}
stop() { kill $server; wait $server 2>/dev/null || true; server=; }
# How many meetings' documents are still to be built.
pending() {
  local q="SELECT count(*) FROM meeting_changes WHERE documented <> changes"
  if [ "$backend" = postgres ]; then
    psql "$url" -Atc "$q"
  else
    python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])" "$url" "$q"
  fi
}
start
loaded=$SECONDS
python3 bench/load_data.py "$base" "$token" "$meetings" >/dev/null
echo "loaded $meetings meetings in $((SECONDS - loaded)) s"
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
# A body with one meeting, for the one-meeting calendar.
python3 - "$base" "$token" <<'PY'
import json, sys, urllib.request
base, token = sys.argv[1], sys.argv[2]
def call(path, body=None):
    req = urllib.request.Request(base + path, method="POST", data=json.dumps(body or {}).encode(),
                                 headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    return json.loads(urllib.request.urlopen(req).read() or b"null")
call("/api/v1/bodies", {"name": "Solo Panel", "slug": "solo", "minute_prefix": "SP", "kind": "committee"})
m = call("/api/v1/bodies/solo/meetings", {"starts_at": "2027-01-15T18:00:00Z"})["id"]
call(f"/api/v1/meetings/{m}/items", {"title": "Apologies"})
call(f"/api/v1/meetings/{m}/agenda/publish")
PY
# About 100 events: the load spreads its meetings over the twelve months of 2024.
months=$(( 1200 / meetings )); months=$(( months < 1 ? 1 : months > 12 ? 12 : months ))
window="from=2024-01-01&to=$(date -d "2024-01-01 + $months months - 1 day" +%F)"
waited=$SECONDS
for _ in $(seq 1 600); do [ "$(pending)" = 0 ] && break; sleep 0.5; done
echo "documents of every meeting built $((SECONDS - waited)) s after the load (pending: $(pending))"
events=$(curl -s "$base/bodies/bench/meetings.ics?$window" | grep -c '^BEGIN:VEVENT' || true)
stop
echo "$backend, $meetings meetings of 15 items and 12 attendees ($(wc -l < "$work/meetings") listed), random meetings, 32 connections, ${secs} s a run"
rps() { awk '/^Requests\/sec/{print $2}'; }
random() {
  MB_MEETINGS_FILE=$work/meetings MB_PATH="$1" MB_TOKEN="${2:-}" \
    wrk -t2 -c32 -d"${secs}s" -s bench/random_meeting.lua "$base/" | rps
}
for cache in default 0; do
  if [ "$cache" = default ]; then unset MINUTEBOOK_RESPONSE_CACHE_MB; else export MINUTEBOOK_RESPONSE_CACHE_MB=0; fi
  start
  h=$(wrk -t2 -c32 -d"${secs}s" "$base/healthz" | rps)
  page=$(random "/meetings/%s")
  public=$(random "/api/v1/meetings/%s")
  clerk=$(random "/api/v1/meetings/%s" "$token")
  one=$(wrk -t2 -c32 -d"${secs}s" "$base/bodies/solo/meetings.ics" | rps)
  many=$(wrk -t2 -c32 -d"${secs}s" "$base/bodies/bench/meetings.ics?$window" | rps)
  hwm=$(awk '/VmHWM/{printf "%.0f", $2/1024}' /proc/$server/status)
  stop
  printf 'cache %-8s /healthz %8.0f/s  page %8.0f/s (%.2fx)  public JSON %8.0f/s (%.2fx)  clerk JSON %8.0f/s (%.2fx)  peak RSS %s MB\n' \
    "$cache" "$h" "$page" "$(echo "$page / $h" | bc -l)" "$public" "$(echo "$public / $h" | bc -l)" \
    "$clerk" "$(echo "$clerk / $h" | bc -l)" "$hwm"
  printf '               calendar of 1 meeting %8.0f/s (%.2fx)  calendar of %s meetings %8.0f/s (%.2fx)\n' \
    "$one" "$(echo "$one / $h" | bc -l)" "$events" "$many" "$(echo "$many / $h" | bc -l)"
done

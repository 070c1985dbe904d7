#!/usr/bin/env bash
# The PDF render A/B of docs/performance.md ("Session 10"): the demo meeting's
# minutes and agenda as PDF, N requests each through the API, median and
# p90 of curl's time_total. Run it once per release binary to compare.
#
#   bench/pdf_render.sh target/release/minutebook [PORT] [N]
set -euo pipefail
BIN=$1; PORT=${2:-18081}; N=${3:-60}
W=$(mktemp -d)
export DATABASE_URL=$W/db.sqlite MINUTEBOOK_BIND=127.0.0.1:$PORT MINUTEBOOK_DATA_DIR=$W/data RUST_LOG=warn MINUTEBOOK_RENDER_CONCURRENCY=8
TOKEN=$($BIN demo 2>/dev/null | tail -1)
$BIN serve >/dev/null 2>&1 &
PID=$!
for _ in $(seq 1 100); do curl -fs http://127.0.0.1:$PORT/healthz >/dev/null && break; sleep 0.1; done
M=$(curl -fs -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/bodies" | python3 -c 'import sys,json; print(json.load(sys.stdin)["items"][0]["slug"])')
MID=$(curl -fs -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/bodies/$M/meetings" | python3 -c 'import sys,json; print(json.load(sys.stdin)["items"][0]["id"])')
for kind in minutes agenda; do
  curl -fs -o /dev/null -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/meetings/$MID/$kind?format=pdf"
  for i in $(seq 1 $N); do
    curl -fs -o /dev/null -w '%{time_total}\n' -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$PORT/api/v1/meetings/$MID/$kind?format=pdf"
  done | sort -n | awk -v k=$kind '{a[NR]=$1} END {printf "%s pdf: median %.1f ms, p90 %.1f ms (n=%d)\n", k, a[int(NR/2)+1]*1000, a[int(NR*0.9)]*1000, NR}'
done
kill $PID; wait $PID 2>/dev/null || true

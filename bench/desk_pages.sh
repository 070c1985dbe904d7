#!/usr/bin/env bash
# The clerk's desk pages timed on the release build (issue 27: every page
# under 50 ms on the server at the benchmarks' sizes): N meetings of 15
# items and 12 attendees (bench/load_data.py), the 12 people members of the
# body, a clerk's session made in the database (as signing in would), then
# bench/desk_pages.py. Usage: bench/desk_pages.sh [meetings] [sqlite|postgres]
set -euo pipefail
cd "$(dirname "$0")/.."
meetings=${1:-100}
backend=${2:-sqlite}
pg_url=${BENCH_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}
bin=${MINUTEBOOK_BIN:-target/release/minutebook}
[ -n "${MINUTEBOOK_BIN:-}" ] || cargo build --release -q
work=$(mktemp -d)
port=${BENCH_PORT:-18183}
server=
db=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  [ -n "$db" ] && psql "$pg_url" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
  rm -rf "$work"
}
trap cleanup EXIT
if [ "$backend" = postgres ]; then
  db="mb_desk_$$"
  psql "$pg_url" -qc "CREATE DATABASE $db"
  url="${pg_url%/*}/$db"
else
  url="$work/bench.db"
fi
export DATABASE_URL=$url MINUTEBOOK_BIND=127.0.0.1:$port MINUTEBOOK_DATA_DIR=$work/data RUST_LOG=warn
token=$($bin token create --role clerk --name bench | tail -n 1)
$bin user create --email clerk@bench.example --role clerk --name "Bench Clerk" >/dev/null
$bin serve >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
base="http://127.0.0.1:$port"
meeting=$(python3 bench/load_data.py "$base" "$token" "$meetings")
# The people are the body's members (the room's checklist).
python3 - "$base" "$token" <<'PY'
import json, sys, urllib.request
base, token = sys.argv[1], sys.argv[2]
H = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
def call(method, path, body=None):
    req = urllib.request.Request(base + path, method=method, headers=H,
                                 data=None if body is None else json.dumps(body).encode())
    with urllib.request.urlopen(req) as r:
        return json.loads(r.read() or b"null")
for p in call("GET", "/api/v1/people?limit=100")["items"]:
    call("POST", "/api/v1/bodies/bench/memberships", {"person_id": p["id"], "role": "member"})
PY
# A session as signing in makes it: only the hash of its secret is kept.
secret=$(python3 -c 'import secrets; print("mb_" + secrets.token_urlsafe(32))')
csrf=$(python3 -c 'import secrets; print("mb_" + secrets.token_urlsafe(32))')
hash=$(printf '%s' "$secret" | sha256sum | cut -d' ' -f1)
now=$(date -u '+%Y-%m-%d %H:%M:%S')
sql="INSERT INTO desk_sessions (id, account_id, csrf_token, created_at, last_seen_at)
     SELECT '$hash', id, '$csrf', '$now', '$now' FROM staff_accounts WHERE email = 'clerk@bench.example'"
if [ "$backend" = postgres ]; then psql "$url" -qc "$sql"; else python3 -c "
import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute(sys.argv[2]); c.commit()" "$url" "$sql"; fi
echo "backend $backend, $meetings meetings of 15 items and 12 attendees"
python3 bench/desk_pages.py "$base" "$secret" "$csrf" "$meeting" 200
echo "server RSS: $(awk '/VmHWM/{print $2/1024 " MB peak"}' /proc/$server/status)"

#!/usr/bin/env bash
# The importer against real minutes: every document of a corpus with a
# truth.json (default ../shared/corpus/minutes; any other folder laid out
# the same way, e.g. more councils' minutes) goes through the HTTP API of a
# release server on a scratch SQLite database, and bench/import_corpus.py
# prints per document the items, numbers as printed, members present,
# apologies, resolutions and line fidelity against the hand counts, and the
# totals. Then a 100-page PDF of minutes (made with LibreOffice from the
# corpus's texts, when soffice is installed) is imported to time it and
# read the server's peak memory.
#
#   bench/import_corpus.sh [CORPUS_DIR ...]
#   MINUTEBOOK_BIN=target/release/minutebook bench/import_corpus.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || set -- ../shared/corpus/minutes
BIN="${MINUTEBOOK_BIN:-target/release/minutebook}"
[ -x "$BIN" ] || cargo build --release --locked --quiet --bin minutebook
WORK=$(mktemp -d)
PORT="${BENCH_PORT:-18431}"
export DATABASE_URL="$WORK/corpus.db" MINUTEBOOK_DATA_DIR="$WORK/data" MINUTEBOOK_BIND="127.0.0.1:$PORT"
"$BIN" migrate >/dev/null
TOKEN=$("$BIN" token create --role clerk --name bench | tail -n 1)
"$BIN" serve >"$WORK/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done
python3 bench/import_corpus.py --url "http://127.0.0.1:$PORT" --token "$TOKEN" --server-pid "$SERVER" \
  --work "$WORK" "$@"

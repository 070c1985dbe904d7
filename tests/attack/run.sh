#!/usr/bin/env bash
# Attacks from outside against the real binary, on SQLite and PostgreSQL
# (tests/attack/attack.py: large anonymous posts, thousands of slow bodies;
# memory, /healthz and the answers held to their bounds). About 40 s a backend.
#
#   bash tests/attack/run.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
PG_URL="${MINUTEBOOK_CI_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable}"
cargo build --locked --quiet --bins --tests
BIN="$PWD/target/debug/minutebook"
# One connection a slow client: more than the default 1,024 descriptors.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
work=$(mktemp -d)
python3 tests/attack/attack.py "$BIN" "$work/attack.db"
db="mb_test_attack_$$"
psql "$PG_URL" -qc "CREATE DATABASE $db"
trap 'psql "$PG_URL" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true' EXIT
python3 tests/attack/attack.py "$BIN" "${PG_URL/\/postgres\?//$db?}"

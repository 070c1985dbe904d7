#!/usr/bin/env bash
# Crash test (issue 14, item 8): kill -9 the server while writers and the
# mail worker run, restart it, and prove every acknowledged write is there,
# SQLite's integrity check is ok, and every queued email is sent — on SQLite
# and on PostgreSQL. A real SMTP server (aiosmtpd) runs in a pinned
# virtualenv outside the repository. About 40 s for both backends.
set -euo pipefail
cd "$(dirname "$0")/../.."
PG_URL="${MINUTEBOOK_CI_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable}"
VENV="${MINUTEBOOK_CRASH_VENV:-${TMPDIR:-/tmp}/minutebook-crash-venv}"
if ! "$VENV/bin/python" -c 'import aiosmtpd' 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check 'aiosmtpd==1.4.6'
fi
# The same features as `cargo test` (dev-dependencies unify features), so no rebuild.
cargo build --locked --quiet --bins --tests
"$VENV/bin/python" tests/crash/crash.py target/debug/minutebook sqlite
"$VENV/bin/python" tests/crash/crash.py target/debug/minutebook postgres "$PG_URL"

#!/usr/bin/env bash
# The API held to its own description (issue 14, item 3): schemathesis with
# every check (`--checks all`) and every phase (examples, coverage, fuzzing,
# stateful) against the real binary on SQLite and on PostgreSQL, loaded with
# the demo data, as an admin. A pinned virtualenv outside the repository.
#
#   bash tests/schemathesis/run.sh                 # both backends, seed 1
#   ST_SEEDS="1 2" ST_MAX_EXAMPLES=20 bash tests/schemathesis/run.sh
#   ST_BACKENDS=sqlite bash tests/schemathesis/run.sh
#
# Any failure fails the script (and CI). Reports: $ST_REPORTS (default a
# temp folder), one JUnit file per backend and seed.
set -euo pipefail
cd "$(dirname "$0")/../.."
PG_URL="${MINUTEBOOK_CI_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable}"
VENV="${MINUTEBOOK_SCHEMATHESIS_VENV:-${TMPDIR:-/tmp}/minutebook-schemathesis-venv}"
SEEDS="${ST_SEEDS:-1}"
MAX_EXAMPLES="${ST_MAX_EXAMPLES:-10}"
BACKENDS="${ST_BACKENDS:-sqlite postgres}"
REPORTS="${ST_REPORTS:-$(mktemp -d)}"
if [ ! -x "$VENV/bin/st" ] || [ "$("$VENV/bin/st" --version 2>/dev/null | grep -o '[0-9.]*$')" != "4.32.5" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check 'schemathesis==4.32.5'
fi
# The same features as `cargo test` (dev-dependencies unify features), so no rebuild.
cargo build --locked --quiet --bins --tests
BIN="$PWD/target/debug/minutebook"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

failed=0
for backend in $BACKENDS; do
  for seed in $SEEDS; do
    work=$(mktemp -d)
    pg_db=""
    if [ "$backend" = sqlite ]; then
      db="$work/st.db"
    else
      pg_db="mb_test_st_$$_$seed"
      psql "$PG_URL" -qc "CREATE DATABASE $pg_db"
      db="${PG_URL/\/postgres\?//$pg_db?}"
    fi
    port=$(free_port)
    export MINUTEBOOK_BIN="$BIN" DATABASE_URL="$db" MINUTEBOOK_BIND="127.0.0.1:$port" MINUTEBOOK_DATA_DIR="$work/data" RUST_LOG=warn
    "$BIN" demo >/dev/null
    "$BIN" serve >"$work/server.log" 2>&1 &
    pid=$!
    for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done
    echo "=== schemathesis on $backend, seed $seed, at most $MAX_EXAMPLES examples per operation"
    # Run from the temp folder: schemathesis keeps its cache in the working directory.
    if ! (cd "$work" && SCHEMATHESIS_HOOKS=hooks PYTHONPATH="$OLDPWD/tests/schemathesis" "$VENV/bin/st" --config-file "$OLDPWD/tests/schemathesis/schemathesis.toml" run "http://127.0.0.1:$port/openapi.json" \
        --checks all --phases "${ST_PHASES:-examples,coverage,fuzzing,stateful}" \
        --max-examples "$MAX_EXAMPLES" --seed "$seed" --workers 1 \
        --generation-allow-x00 false \
        --report junit --report-junit-path "$REPORTS/$backend-$seed.xml"); then
      failed=1
      echo "schemathesis found failures on $backend (seed $seed); server log: $work/server.log"
    fi
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    if [ -n "$pg_db" ]; then psql "$PG_URL" -qc "DROP DATABASE IF EXISTS $pg_db WITH (FORCE)" || true; fi
  done
done
exit "$failed"

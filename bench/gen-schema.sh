#!/usr/bin/env bash
# Regenerates the diesel schema files (crates/ground/src/db/schema*.rs: one per
# print_schema key in diesel.toml) from the PostgreSQL migrations:
# creates a scratch database, runs migrations/postgres into it (diesel then
# prints each schema file), and drops the database again.
#
#   bench/gen-schema.sh            regenerate the files
#   bench/gen-schema.sh --check    fail if the files differ from what diesel
#                                  prints (nothing is written)
#
# PG_URL names the server (default postgres://postgres@127.0.0.1:5432, a
# user that may create databases); SCHEMA_DB the scratch database
# (default mb_schema_gen; it is dropped first if it exists).
#
# Needs diesel_cli 2.3 and psql:
#   cargo install diesel_cli --no-default-features --features sqlite-bundled,postgres
set -euo pipefail
cd "$(dirname "$0")/.."

PG_URL="${PG_URL:-postgres://postgres@127.0.0.1:5432}"
PG_URL="${PG_URL%/}"
SCHEMA_DB="${SCHEMA_DB:-mb_schema_gen}"
locked=()
case "${1:-}" in
  "") ;;
  --check) locked=(--locked-schema) ;;
  *) echo "usage: $0 [--check]" >&2; exit 2 ;;
esac

command -v diesel >/dev/null || {
  echo "diesel_cli is missing: cargo install diesel_cli --no-default-features --features sqlite-bundled,postgres" >&2
  exit 1
}

drop_db() {
  PGOPTIONS="-c client_min_messages=warning" psql "$PG_URL/postgres" -qAt -v ON_ERROR_STOP=1 \
    -c "DROP DATABASE IF EXISTS \"$SCHEMA_DB\" WITH (FORCE)" >/dev/null
}
drop_db
trap drop_db EXIT
psql "$PG_URL/postgres" -qAt -v ON_ERROR_STOP=1 -c "CREATE DATABASE \"$SCHEMA_DB\"" >/dev/null

# `migration run` (not `database setup`, which would add diesel's own
# initial-setup migration to migrations/postgres) runs the migrations and
# then writes (or, with --locked-schema, compares) every print_schema file.
diesel migration run "${locked[@]}" \
  --database-url "$PG_URL/$SCHEMA_DB" \
  --migration-dir migrations/postgres \
  --config-file diesel.toml

if [ ${#locked[@]} -eq 0 ]; then
  echo "wrote the print_schema files of diesel.toml (crates/ground/src/db/schema*.rs)"
else
  echo "the schema files are what diesel prints from migrations/postgres"
fi

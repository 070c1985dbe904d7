#!/usr/bin/env bash
# Regenerates the diesel schema modules (crates/ground/src/db/schema/*.rs:
# one per aggregate, one per print_schema key in diesel.toml) from the
# PostgreSQL migrations: creates a scratch database, runs migrations/postgres
# into it (diesel then prints each schema file), and drops the database again.
#
#   bench/gen-schema.sh            regenerate the files
#   bench/gen-schema.sh --check    fail if the files differ from what diesel
#                                  prints, or if a table is in no file
#                                  (nothing is written); CI runs this
#
# PG_URL names the server (default postgres://postgres@127.0.0.1:5432, a
# user that may create databases); SCHEMA_DB the scratch database
# (default mb_schema_gen; it is dropped first if it exists).
#
# Needs diesel_cli 2.3 and psql:
#   cargo install diesel_cli --version '~2.3' --no-default-features --features postgres --locked
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
  echo "diesel_cli is missing: cargo install diesel_cli --version '~2.3' --no-default-features --features postgres --locked" >&2
  exit 1
}

psql_q() { PGOPTIONS="-c client_min_messages=warning" psql "$@" -qAt -v ON_ERROR_STOP=1; }
drop_db() { psql_q "$PG_URL/postgres" -c "DROP DATABASE IF EXISTS \"$SCHEMA_DB\" WITH (FORCE)" >/dev/null; }
drop_db
trap drop_db EXIT
psql_q "$PG_URL/postgres" -c "CREATE DATABASE \"$SCHEMA_DB\"" >/dev/null

# `migration run` (not `database setup`, which would add diesel's own
# initial-setup migration to migrations/postgres) runs the migrations and
# then writes (or, with --locked-schema, compares) every print_schema file.
diesel migration run "${locked[@]}" \
  --database-url "$PG_URL/$SCHEMA_DB" \
  --migration-dir migrations/postgres \
  --config-file diesel.toml >/dev/null

# Every table the migrations make is in one of the files: a filter that
# matches no new table would leave it out silently.
missing=0
while read -r table; do
  if ! grep -qE "^    (#\[sql_name = \"$table\"\]|$table \()" crates/ground/src/db/schema/*.rs; then
    echo "table $table is in no schema file: add it to a filter in diesel.toml" >&2
    missing=1
  fi
done < <(psql_q "$PG_URL/$SCHEMA_DB" -c \
  "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '__diesel_schema_migrations' ORDER BY 1")
[ "$missing" -eq 0 ] || exit 1

if [ ${#locked[@]} -eq 0 ]; then
  echo "wrote the print_schema files of diesel.toml (crates/ground/src/db/schema/*.rs)"
else
  echo "the schema files are what diesel prints from migrations/postgres, and hold every table"
fi

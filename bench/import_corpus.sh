#!/usr/bin/env bash
# Imports every text, Markdown and HTML document of a corpus of real
# minutes (default ../shared/corpus/minutes) with `minutebook import` into
# the demo body of a scratch SQLite database, and prints what became of
# each: imported (with its warnings) or refused (with why), then the count.
# This is the coarse check used until issue 24's benchmark (items, numbers,
# attendance, outcomes and line fidelity against truth.json) exists.
#
#   bench/import_corpus.sh [CORPUS_DIR]
#   MINUTEBOOK_BIN=target/release/minutebook bench/import_corpus.sh
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS="${1:-../shared/corpus/minutes}"
BIN="${MINUTEBOOK_BIN:-target/debug/minutebook}"
[ -x "$BIN" ] || cargo build --locked --quiet --bin minutebook
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export DATABASE_URL="$WORK/corpus.db" MINUTEBOOK_DATA_DIR="$WORK/data"
"$BIN" demo >/dev/null
mapfile -t FILES < <(find "$CORPUS" -type f \( -name '*.md' -o -name '*.html' -o -name '*.txt' \) ! -name 'README.md' | sort)
echo "${#FILES[@]} documents from $CORPUS"
"$BIN" import --body safer-stockton-partnership "${FILES[@]}" 2>&1 | sed "s|$CORPUS/||" || true

#!/usr/bin/env bash
# Real clients of the modern.gov-compatible web service and of the signed
# webhooks, in a pinned virtualenv outside the repository: the PyPI
# `moderngov` client (its CLI: -b, -s, -S ID, -m) and the PyPI
# `standardwebhooks` verifier. Nothing of theirs is kept in the repository.
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV="${MINUTEBOOK_CLIENTS_VENV:-${TMPDIR:-/tmp}/minutebook-clients-venv}"
if [ ! -x "$VENV/bin/moderngov" ] || ! "$VENV/bin/python" -c 'import standardwebhooks, bs4, lxml, dateutil' 2>/dev/null; then
  python3 -m venv "$VENV"
  # bs4, lxml and dateutil: what Democracy Club's councillor scraper reads
  # GetCouncillorsByWard with.
  "$VENV/bin/pip" install --quiet --disable-pip-version-check \
    'moderngov==0.3.0' 'standardwebhooks==1.1.0' \
    'beautifulsoup4==4.12.3' 'lxml==5.3.0' 'python-dateutil==2.9.0.post0'
fi
# The same features as `cargo test` (dev-dependencies unify features), so no rebuild.
cargo build --locked --quiet --bins --tests
PATH="$VENV/bin:$PATH" "$VENV/bin/python" tests/clients/real_clients.py target/debug/minutebook

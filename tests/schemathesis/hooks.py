"""Schemathesis hooks for minutebook (loaded through SCHEMATHESIS_HOOKS).

A correct client sends a fresh Idempotency-Key per request and the same one
only when it retries that very request. Schemathesis draws keys from the
header's schema and shrinks them to the same few values ("0", "00", ...), so
unrelated requests would share a key and be answered 422 ("this key was
used for a different request") — the documented behaviour, not a defect. A
valid generated key is therefore made unique per request; an invalid one (a
negative test of the header) is sent as generated. The key semantics
themselves are tested in tests/api/idempotency.rs.
"""

import re
import uuid

import schemathesis

VALID_KEY = re.compile(r"^[!-~]{1,255}$")


@schemathesis.hook
def before_call(context, case, **kwargs):
    headers = case.headers or {}
    for name in list(headers):
        if name.lower() == "idempotency-key":
            value = headers[name]
            if isinstance(value, str) and VALID_KEY.match(value):
                headers[name] = f"{value[:200]}-{uuid.uuid4()}"

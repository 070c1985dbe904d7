"""Schemathesis hooks for minutebook (loaded through SCHEMATHESIS_HOOKS).

Credentials. The description declares bearer tokens as its one security
scheme (public reads accept one optionally). The token is an admin token
made the way an operator makes one, `minutebook token create` against the
same database (the run exports DATABASE_URL and MINUTEBOOK_BIN). The API
lets an admin revoke any token, the one it is using included, and the
stateful phase does exactly that (GET /api/v1/tokens, then DELETE
/api/v1/tokens/{id}); the service then answers 401, and schemathesis asks
this provider for a new token and sends the request again. Requests meant
to go without credentials (the "missing Authorization" cases) are sent
without it by schemathesis itself.

Idempotency keys. A correct client sends a fresh Idempotency-Key per
request and the same one only when it retries that very request.
Schemathesis draws keys from the header's schema and shrinks them to the
same few values ("0", "00", ...), so unrelated requests would share a key
and be answered 422 ("this key was used for a different request") — the
documented behaviour, not a defect. A valid generated key is therefore made
unique per request; an invalid one (a negative test of the header) is sent
as generated, and so are the headers of a case that is negative in its
headers (editing them would make schemathesis take the case for a positive
one and send the credentials it means to leave out). The key semantics
themselves are tested in tests/api/idempotency.rs.
"""

import os
import re
import subprocess
import uuid
from datetime import date, datetime, timezone

import schemathesis
from hypothesis import strategies as st
from schemathesis.core.parameters import ParameterLocation

VALID_KEY = re.compile(r"^[!-~]{1,255}$")

# Dates. The description bounds every date and date-time a body carries to
# the years 1900-2200 (a pattern beside the format). Drawn from the whole
# calendar and filtered, two required dates in one body are filtered out so
# often that Hypothesis gives up on the operation (its filter_too_much health
# check); drawn within the documented years, every one is usable. Dates
# outside them are still sent as negative cases (the pattern says so).
schemathesis.openapi.format("date", st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)).map(str))
schemathesis.openapi.format(
    "date-time",
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 12, 31), timezones=st.just(timezone.utc)).map(
        lambda d: d.isoformat().replace("+00:00", "Z")
    ),
)


@schemathesis.auth()
class AdminToken:
    def get(self, case, ctx):
        out = subprocess.run(
            [os.environ["MINUTEBOOK_BIN"], "token", "create", "--role", "admin", "--name", "schemathesis"],
            capture_output=True,
            text=True,
            check=True,
        )
        return out.stdout.strip().splitlines()[-1]

    def set(self, case, data, ctx):
        case.headers = case.headers or {}
        case.headers["Authorization"] = f"Bearer {data}"


@schemathesis.hook
def before_call(context, case, **kwargs):
    if case.meta is not None and case.meta.is_negative_at(ParameterLocation.HEADER):
        return
    headers = case.headers or {}
    for name in list(headers):
        if name.lower() == "idempotency-key":
            value = headers[name]
            if isinstance(value, str) and VALID_KEY.match(value):
                headers[name] = f"{value[:200]}-{uuid.uuid4()}"

-- Idempotency-Key: the first answer to a POST with a key, replayed to a
-- retry for 24 hours. A row with status NULL is a request still running.
CREATE TABLE idempotency_keys (
    id TEXT PRIMARY KEY NOT NULL,
    caller TEXT NOT NULL,
    idempotency_key TEXT NOT NULL,
    method TEXT NOT NULL,
    target TEXT NOT NULL,
    request_sha256 TEXT NOT NULL,
    status INTEGER,
    response_headers TEXT,
    response_body BLOB,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (caller, idempotency_key)
);
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);

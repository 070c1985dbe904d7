-- Minutes revisions, approval links sent to chairs, and the durable outbox.
-- The minutes' milestones, one row per meeting once its minutes move.
CREATE TABLE minutes_milestones (
    meeting_id TEXT PRIMARY KEY NOT NULL REFERENCES meetings (id),
    approved_at TIMESTAMP,
    approved_revision INTEGER,
    published_at TIMESTAMP,
    confirmed_at TIMESTAMP,
    confirmed_sha256 TEXT,
    confirmed_by_meeting_id TEXT,
    updated_at TIMESTAMP NOT NULL
);

CREATE TABLE minutes_revisions (
    id TEXT PRIMARY KEY NOT NULL,
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    number INTEGER NOT NULL,
    author TEXT NOT NULL,
    reason TEXT NOT NULL,
    content TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (meeting_id, number)
);

CREATE TABLE approval_requests (
    id TEXT PRIMARY KEY NOT NULL,
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    revision_number INTEGER NOT NULL,
    to_person_id TEXT REFERENCES people (id),
    to_name TEXT NOT NULL,
    to_email TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    requested_by TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    superseded_at TIMESTAMP,
    decision TEXT,
    decision_comment TEXT,
    decided_at TIMESTAMP,
    reminded_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX approval_requests_meeting ON approval_requests (meeting_id, created_at);

CREATE TABLE outbox (
    id TEXT PRIMARY KEY NOT NULL,
    kind TEXT NOT NULL,
    meeting_id TEXT,
    to_address TEXT NOT NULL,
    subject TEXT NOT NULL,
    message_id TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT,
    attachment_name TEXT,
    attachment_type TEXT,
    attachment BYTEA,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    last_error TEXT,
    sent_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

CREATE TABLE outbox_attempts (
    id TEXT PRIMARY KEY NOT NULL,
    outbox_id TEXT NOT NULL REFERENCES outbox (id),
    at TIMESTAMP NOT NULL,
    ok BOOLEAN NOT NULL,
    error TEXT
);
CREATE INDEX outbox_attempts_outbox ON outbox_attempts (outbox_id, at);

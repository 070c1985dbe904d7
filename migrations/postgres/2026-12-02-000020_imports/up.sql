-- Documents imported into a body (minutes → a meeting, scrutiny → a review):
-- the source file (kept under the data folder by its SHA-256) and what it
-- became. One SHA-256 per body: the same document is not imported twice.
CREATE TABLE imports (
    id TEXT PRIMARY KEY NOT NULL,
    body_id TEXT NOT NULL REFERENCES bodies(id),
    meeting_id TEXT REFERENCES meetings(id),
    review_id TEXT REFERENCES scrutiny_reviews(id),
    sha256 TEXT NOT NULL,
    filename TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    storage_key TEXT NOT NULL,
    warnings TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX imports_body_sha256 ON imports (body_id, sha256);
CREATE INDEX imports_meeting ON imports (meeting_id);

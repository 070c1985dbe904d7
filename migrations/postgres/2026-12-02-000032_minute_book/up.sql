-- The body's minute book: one entry per confirmation, each hashing the one
-- before it (see docs/architecture.md, "The minute book"). Append-only.
CREATE TABLE minute_book_entries (
    id TEXT PRIMARY KEY NOT NULL,
    body_id TEXT NOT NULL REFERENCES bodies (id),
    seq INTEGER NOT NULL,
    meeting_id TEXT NOT NULL UNIQUE REFERENCES meetings (id),
    text_sha256 TEXT NOT NULL,
    confirmed_at TIMESTAMP NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (body_id, seq)
);

CREATE FUNCTION minute_book_append_only() RETURNS TRIGGER AS $$
BEGIN
    RAISE EXCEPTION 'confirmed minutes are frozen: the minute book is append-only (% refused)', TG_OP;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER minute_book_append_only BEFORE UPDATE OR DELETE ON minute_book_entries
    FOR EACH ROW EXECUTE FUNCTION minute_book_append_only();
CREATE TRIGGER minute_book_no_truncate BEFORE TRUNCATE ON minute_book_entries
    FOR EACH STATEMENT EXECUTE FUNCTION minute_book_append_only();

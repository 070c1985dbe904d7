-- Search with bounded cost: candidates are the newest matches, found by
-- walking these indexes (common words) or the GIN index (rare ones).
CREATE INDEX search_entries_recent ON search_entries (starts_at DESC, id DESC);
CREATE INDEX search_entries_body_recent ON search_entries (body_id, starts_at DESC, id DESC);

-- The text of a paper, extracted off the request path by the background
-- job. Only papers the public may see are indexed (the read model
-- decides); `status` is `done` or `failed` (`error` says why).
CREATE TABLE document_texts (
    document_id TEXT PRIMARY KEY NOT NULL REFERENCES documents (id),
    sha256 TEXT NOT NULL,
    status TEXT NOT NULL,
    text TEXT NOT NULL,
    error TEXT,
    extracted_at TIMESTAMP NOT NULL
);

-- A paper's text changing changes what its meeting's search rows hold.
CREATE FUNCTION search_dirty_document_text() RETURNS TRIGGER AS $$
BEGIN
    PERFORM search_mark_dirty((SELECT i.meeting_id FROM documents d JOIN items i ON i.id = d.item_id WHERE d.id = NEW.document_id));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER search_dirty_document_texts AFTER INSERT OR UPDATE ON document_texts
    FOR EACH ROW EXECUTE FUNCTION search_dirty_document_text();

-- The body page lists one municipal year at a time, newest first.
CREATE INDEX meetings_body_starts_desc ON meetings (body_id, starts_at DESC, id DESC);

-- "About how many" rows match a search, from the planner's statistics
-- (a search counts exactly only when the matches are few).
CREATE FUNCTION search_estimate(query TEXT, body TEXT) RETURNS BIGINT AS $$
DECLARE
    plan JSON;
BEGIN
    EXECUTE format(
        'EXPLAIN (FORMAT JSON) SELECT 1 FROM search_entries e WHERE e.document @@ websearch_to_tsquery(''english'', %L)%s',
        query,
        CASE WHEN body IS NULL THEN '' ELSE format(' AND e.body_id = %L', body) END
    ) INTO plan;
    RETURN (plan->0->'Plan'->>'Plan Rows')::BIGINT;
END;
$$ LANGUAGE plpgsql;

-- Full-text search over PUBLIC content only. Rows are written by
-- `search::reindex_meeting`, which builds them from the public read model
-- (restricted and unpublished text can never enter). `document` is the
-- weighted tsvector (title A, text B) behind a GIN index.
CREATE TABLE search_entries (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    meeting_id TEXT NOT NULL,
    body_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    item_id TEXT,
    outcome_id TEXT,
    document_id TEXT,
    minute_number TEXT,
    -- What a result is called (an outcome: its item's title).
    heading TEXT NOT NULL,
    -- Indexed: the title that may match (an outcome has none of its own).
    title TEXT NOT NULL,
    content TEXT NOT NULL,
    starts_at TIMESTAMP NOT NULL,
    position INTEGER NOT NULL,
    indexed_at TIMESTAMP NOT NULL,
    -- PostgreSQL's parser takes `<word …>` for an HTML tag and drops it;
    -- minute text is not HTML, so angle brackets are hidden from it.
    document TSVECTOR GENERATED ALWAYS AS (
        setweight(to_tsvector('english', translate(title, '<>', '＜＞')), 'A') ||
        setweight(to_tsvector('english', translate(content, '<>', '＜＞')), 'B')
    ) STORED
);
CREATE INDEX search_entries_meeting ON search_entries (meeting_id);
CREATE INDEX search_entries_document ON search_entries USING GIN (document);

-- Meetings whose public content may have changed since they were indexed.
-- Marked by triggers in the same transaction as the change, so no write
-- path can forget; cleared by reindexing. `generation` counts marks, so a
-- reindex that raced a later change leaves the mark in place.
CREATE TABLE search_dirty (
    meeting_id TEXT PRIMARY KEY NOT NULL,
    generation BIGINT NOT NULL DEFAULT 1,
    marked_at TIMESTAMP NOT NULL DEFAULT (now() AT TIME ZONE 'UTC')
);

CREATE FUNCTION search_mark_dirty(mid TEXT) RETURNS VOID AS $$
BEGIN
    IF mid IS NOT NULL THEN
        INSERT INTO search_dirty (meeting_id) VALUES (mid)
        ON CONFLICT (meeting_id) DO UPDATE SET generation = search_dirty.generation + 1;
    END IF;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION search_dirty_meeting() RETURNS TRIGGER AS $$
BEGIN
    PERFORM search_mark_dirty(NEW.id);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION search_dirty_item() RETURNS TRIGGER AS $$
BEGIN
    PERFORM search_mark_dirty(NEW.meeting_id);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION search_dirty_item_child() RETURNS TRIGGER AS $$
BEGIN
    PERFORM search_mark_dirty((SELECT meeting_id FROM items WHERE id = NEW.item_id));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER search_dirty_meetings AFTER INSERT OR UPDATE ON meetings
    FOR EACH ROW EXECUTE FUNCTION search_dirty_meeting();
CREATE TRIGGER search_dirty_items AFTER INSERT OR UPDATE ON items
    FOR EACH ROW EXECUTE FUNCTION search_dirty_item();
CREATE TRIGGER search_dirty_outcomes AFTER INSERT OR UPDATE ON outcomes
    FOR EACH ROW EXECUTE FUNCTION search_dirty_item_child();
CREATE TRIGGER search_dirty_documents AFTER INSERT OR UPDATE ON documents
    FOR EACH ROW EXECUTE FUNCTION search_dirty_item_child();

-- Everything already there is indexed on first use.
INSERT INTO search_dirty (meeting_id) SELECT id FROM meetings;

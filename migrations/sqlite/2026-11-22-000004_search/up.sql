-- Full-text search over PUBLIC content only. Rows are written by
-- `search::reindex_meeting`, which builds them from the public read model
-- (restricted and unpublished text can never enter). `search_fts` is an
-- FTS5 index over `search_entries` (external content), kept in step by the
-- two triggers below.
CREATE TABLE search_entries (
    id INTEGER PRIMARY KEY NOT NULL,
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
    indexed_at TIMESTAMP NOT NULL
);
CREATE INDEX search_entries_meeting ON search_entries (meeting_id);

CREATE VIRTUAL TABLE search_fts USING fts5(
    title, content,
    content='search_entries', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN
    INSERT INTO search_fts (rowid, title, content) VALUES (new.id, new.title, new.content);
END;
CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, content) VALUES ('delete', old.id, old.title, old.content);
END;

-- Meetings whose public content may have changed since they were indexed.
-- Marked by triggers in the same transaction as the change, so no write
-- path can forget; cleared by reindexing. `generation` counts marks, so a
-- reindex that raced a later change leaves the mark in place.
CREATE TABLE search_dirty (
    meeting_id TEXT PRIMARY KEY NOT NULL,
    generation BIGINT NOT NULL DEFAULT 1,
    marked_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);

CREATE TRIGGER search_dirty_meetings_ai AFTER INSERT ON meetings BEGIN
    INSERT INTO search_dirty (meeting_id) VALUES (new.id)
    ON CONFLICT (meeting_id) DO UPDATE SET generation = generation + 1;
END;
CREATE TRIGGER search_dirty_meetings_au AFTER UPDATE ON meetings BEGIN
    INSERT INTO search_dirty (meeting_id) VALUES (new.id)
    ON CONFLICT (meeting_id) DO UPDATE SET generation = generation + 1;
END;
CREATE TRIGGER search_dirty_items_ai AFTER INSERT ON items BEGIN
    INSERT INTO search_dirty (meeting_id) VALUES (new.meeting_id)
    ON CONFLICT (meeting_id) DO UPDATE SET generation = generation + 1;
END;
CREATE TRIGGER search_dirty_items_au AFTER UPDATE ON items BEGIN
    INSERT INTO search_dirty (meeting_id) VALUES (new.meeting_id)
    ON CONFLICT (meeting_id) DO UPDATE SET generation = generation + 1;
END;
CREATE TRIGGER search_dirty_outcomes_ai AFTER INSERT ON outcomes BEGIN
    INSERT INTO search_dirty (meeting_id)
    SELECT meeting_id FROM items WHERE id = new.item_id
    ON CONFLICT (meeting_id) DO UPDATE SET generation = generation + 1;
END;
CREATE TRIGGER search_dirty_outcomes_au AFTER UPDATE ON outcomes BEGIN
    INSERT INTO search_dirty (meeting_id)
    SELECT meeting_id FROM items WHERE id = new.item_id
    ON CONFLICT (meeting_id) DO UPDATE SET generation = generation + 1;
END;
CREATE TRIGGER search_dirty_documents_ai AFTER INSERT ON documents BEGIN
    INSERT INTO search_dirty (meeting_id)
    SELECT meeting_id FROM items WHERE id = new.item_id
    ON CONFLICT (meeting_id) DO UPDATE SET generation = generation + 1;
END;
CREATE TRIGGER search_dirty_documents_au AFTER UPDATE ON documents BEGIN
    INSERT INTO search_dirty (meeting_id)
    SELECT meeting_id FROM items WHERE id = new.item_id
    ON CONFLICT (meeting_id) DO UPDATE SET generation = generation + 1;
END;

-- Everything already there is indexed on first use.
INSERT INTO search_dirty (meeting_id) SELECT id FROM meetings;

-- Search with bounded cost. The FTS5 index gains the body as a column, so
-- a search within one body finds that body's newest matches in the index
-- itself (candidates are taken newest row first: `ORDER BY rowid DESC`).
DROP TRIGGER search_entries_ai;
DROP TRIGGER search_entries_ad;
DROP TABLE search_fts;

CREATE VIRTUAL TABLE search_fts USING fts5(
    title, content, body_id,
    content='search_entries', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2'
);
INSERT INTO search_fts (search_fts) VALUES ('rebuild');

CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN
    INSERT INTO search_fts (rowid, title, content, body_id) VALUES (new.id, new.title, new.content, new.body_id);
END;
CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, content, body_id) VALUES ('delete', old.id, old.title, old.content, old.body_id);
END;

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
CREATE TRIGGER search_dirty_document_texts_ai AFTER INSERT ON document_texts BEGIN
    INSERT INTO search_dirty (meeting_id)
    SELECT i.meeting_id FROM documents d JOIN items i ON i.id = d.item_id WHERE d.id = new.document_id
    ON CONFLICT (meeting_id) DO UPDATE SET generation = generation + 1;
END;
CREATE TRIGGER search_dirty_document_texts_au AFTER UPDATE ON document_texts BEGIN
    INSERT INTO search_dirty (meeting_id)
    SELECT i.meeting_id FROM documents d JOIN items i ON i.id = d.item_id WHERE d.id = new.document_id
    ON CONFLICT (meeting_id) DO UPDATE SET generation = generation + 1;
END;

-- The body page lists one municipal year at a time, newest first.
CREATE INDEX meetings_body_starts_desc ON meetings (body_id, starts_at DESC, id DESC);

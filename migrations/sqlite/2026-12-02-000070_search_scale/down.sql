DROP INDEX meetings_body_starts_desc;
DROP TRIGGER search_dirty_document_texts_au;
DROP TRIGGER search_dirty_document_texts_ai;
DROP TABLE document_texts;

DROP TRIGGER search_entries_ai;
DROP TRIGGER search_entries_ad;
DROP TABLE search_fts;
CREATE VIRTUAL TABLE search_fts USING fts5(
    title, content,
    content='search_entries', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2'
);
INSERT INTO search_fts (search_fts) VALUES ('rebuild');
CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN
    INSERT INTO search_fts (rowid, title, content) VALUES (new.id, new.title, new.content);
END;
CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, content) VALUES ('delete', old.id, old.title, old.content);
END;

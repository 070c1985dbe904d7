-- Search marks by item: a change to an item, its parts, outcomes, papers or
-- papers' text marks only that top-level item (with its parts) for
-- reindexing, so a write to one item of a long agenda reindexes that item,
-- not the whole meeting. A change to the meeting itself (its time, status,
-- publication) still marks the whole meeting in `search_dirty`.
CREATE TABLE search_dirty_items (
    item_id TEXT PRIMARY KEY NOT NULL,
    meeting_id TEXT NOT NULL,
    generation BIGINT NOT NULL DEFAULT 1,
    marked_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX search_dirty_items_meeting ON search_dirty_items (meeting_id);

DROP TRIGGER search_dirty_items_ai;
DROP TRIGGER search_dirty_items_au;
DROP TRIGGER search_dirty_outcomes_ai;
DROP TRIGGER search_dirty_outcomes_au;
DROP TRIGGER search_dirty_documents_ai;
DROP TRIGGER search_dirty_documents_au;
DROP TRIGGER search_dirty_document_texts_ai;
DROP TRIGGER search_dirty_document_texts_au;

CREATE TRIGGER search_dirty_items_ai AFTER INSERT ON items BEGIN
    INSERT INTO search_dirty_items (item_id, meeting_id) VALUES (COALESCE(new.parent_id, new.id), new.meeting_id)
    ON CONFLICT (item_id) DO UPDATE SET generation = generation + 1;
END;
-- A part that moves marks the item it left as well as the one it joined.
CREATE TRIGGER search_dirty_items_au AFTER UPDATE ON items BEGIN
    INSERT INTO search_dirty_items (item_id, meeting_id) VALUES (COALESCE(new.parent_id, new.id), new.meeting_id)
    ON CONFLICT (item_id) DO UPDATE SET generation = generation + 1;
    INSERT INTO search_dirty_items (item_id, meeting_id)
    SELECT COALESCE(old.parent_id, old.id), old.meeting_id
    WHERE COALESCE(old.parent_id, old.id) <> COALESCE(new.parent_id, new.id)
    ON CONFLICT (item_id) DO UPDATE SET generation = generation + 1;
END;
CREATE TRIGGER search_dirty_outcomes_ai AFTER INSERT ON outcomes BEGIN
    INSERT INTO search_dirty_items (item_id, meeting_id)
    SELECT COALESCE(parent_id, id), meeting_id FROM items WHERE id = new.item_id
    ON CONFLICT (item_id) DO UPDATE SET generation = generation + 1;
END;
CREATE TRIGGER search_dirty_outcomes_au AFTER UPDATE ON outcomes BEGIN
    INSERT INTO search_dirty_items (item_id, meeting_id)
    SELECT COALESCE(parent_id, id), meeting_id FROM items WHERE id = new.item_id
    ON CONFLICT (item_id) DO UPDATE SET generation = generation + 1;
END;
CREATE TRIGGER search_dirty_documents_ai AFTER INSERT ON documents BEGIN
    INSERT INTO search_dirty_items (item_id, meeting_id)
    SELECT COALESCE(parent_id, id), meeting_id FROM items WHERE id = new.item_id
    ON CONFLICT (item_id) DO UPDATE SET generation = generation + 1;
END;
CREATE TRIGGER search_dirty_documents_au AFTER UPDATE ON documents BEGIN
    INSERT INTO search_dirty_items (item_id, meeting_id)
    SELECT COALESCE(parent_id, id), meeting_id FROM items WHERE id = new.item_id
    ON CONFLICT (item_id) DO UPDATE SET generation = generation + 1;
END;
CREATE TRIGGER search_dirty_document_texts_ai AFTER INSERT ON document_texts BEGIN
    INSERT INTO search_dirty_items (item_id, meeting_id)
    SELECT COALESCE(i.parent_id, i.id), i.meeting_id FROM documents d JOIN items i ON i.id = d.item_id WHERE d.id = new.document_id
    ON CONFLICT (item_id) DO UPDATE SET generation = generation + 1;
END;
CREATE TRIGGER search_dirty_document_texts_au AFTER UPDATE ON document_texts BEGIN
    INSERT INTO search_dirty_items (item_id, meeting_id)
    SELECT COALESCE(i.parent_id, i.id), i.meeting_id FROM documents d JOIN items i ON i.id = d.item_id WHERE d.id = new.document_id
    ON CONFLICT (item_id) DO UPDATE SET generation = generation + 1;
END;

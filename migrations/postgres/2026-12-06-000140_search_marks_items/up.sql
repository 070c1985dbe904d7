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

CREATE FUNCTION search_mark_item(top TEXT, mid TEXT) RETURNS VOID AS $$
BEGIN
    IF top IS NOT NULL AND mid IS NOT NULL THEN
        INSERT INTO search_dirty_items (item_id, meeting_id) VALUES (top, mid)
        ON CONFLICT (item_id) DO UPDATE SET generation = search_dirty_items.generation + 1;
    END IF;
END;
$$ LANGUAGE plpgsql;

-- A part that moves marks the item it left as well as the one it joined.
CREATE OR REPLACE FUNCTION search_dirty_item() RETURNS TRIGGER AS $$
BEGIN
    PERFORM search_mark_item(COALESCE(NEW.parent_id, NEW.id), NEW.meeting_id);
    IF TG_OP = 'UPDATE' AND COALESCE(OLD.parent_id, OLD.id) <> COALESCE(NEW.parent_id, NEW.id) THEN
        PERFORM search_mark_item(COALESCE(OLD.parent_id, OLD.id), OLD.meeting_id);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION search_dirty_item_child() RETURNS TRIGGER AS $$
DECLARE
    top TEXT;
    mid TEXT;
BEGIN
    SELECT COALESCE(parent_id, id), meeting_id INTO top, mid FROM items WHERE id = NEW.item_id;
    PERFORM search_mark_item(top, mid);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION search_dirty_document_text() RETURNS TRIGGER AS $$
DECLARE
    top TEXT;
    mid TEXT;
BEGIN
    SELECT COALESCE(i.parent_id, i.id), i.meeting_id INTO top, mid
    FROM documents d JOIN items i ON i.id = d.item_id WHERE d.id = NEW.document_id;
    PERFORM search_mark_item(top, mid);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

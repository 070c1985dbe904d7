CREATE OR REPLACE FUNCTION search_dirty_item() RETURNS TRIGGER AS $$
BEGIN
    PERFORM search_mark_dirty(NEW.meeting_id);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION search_dirty_item_child() RETURNS TRIGGER AS $$
BEGIN
    PERFORM search_mark_dirty((SELECT meeting_id FROM items WHERE id = NEW.item_id));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION search_dirty_document_text() RETURNS TRIGGER AS $$
BEGIN
    PERFORM search_mark_dirty((SELECT i.meeting_id FROM documents d JOIN items i ON i.id = d.item_id WHERE d.id = NEW.document_id));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

DROP FUNCTION search_mark_item(TEXT, TEXT);
-- What was marked by item is marked by meeting again.
INSERT INTO search_dirty (meeting_id) SELECT DISTINCT meeting_id FROM search_dirty_items
ON CONFLICT (meeting_id) DO UPDATE SET generation = search_dirty.generation + 1;
DROP TABLE search_dirty_items;

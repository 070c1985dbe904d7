DROP TRIGGER search_dirty_items_ai;
DROP TRIGGER search_dirty_items_au;
DROP TRIGGER search_dirty_outcomes_ai;
DROP TRIGGER search_dirty_outcomes_au;
DROP TRIGGER search_dirty_documents_ai;
DROP TRIGGER search_dirty_documents_au;
DROP TRIGGER search_dirty_document_texts_ai;
DROP TRIGGER search_dirty_document_texts_au;

-- What was marked by item is marked by meeting again.
INSERT INTO search_dirty (meeting_id) SELECT DISTINCT meeting_id FROM search_dirty_items WHERE true
ON CONFLICT (meeting_id) DO UPDATE SET generation = generation + 1;
DROP TABLE search_dirty_items;

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

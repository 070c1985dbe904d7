-- A new top-level item whose search rows are written in the same statement
-- as the item (store::items::insert_indexed names it in the transaction's
-- `minutebook.indexed_item`) is not marked for reindexing: its rows are
-- already what a reindex would write, and the writer holds the meeting's
-- reindex lock. Any later change to it marks it as before.
CREATE OR REPLACE FUNCTION search_dirty_item() RETURNS TRIGGER AS $$
BEGIN
    IF TG_OP = 'INSERT' AND NEW.parent_id IS NULL
       AND current_setting('minutebook.indexed_item', true) = NEW.id THEN
        RETURN NULL;
    END IF;
    PERFORM search_mark_item(COALESCE(NEW.parent_id, NEW.id), NEW.meeting_id);
    IF TG_OP = 'UPDATE' AND COALESCE(OLD.parent_id, OLD.id) <> COALESCE(NEW.parent_id, NEW.id) THEN
        PERFORM search_mark_item(COALESCE(OLD.parent_id, OLD.id), OLD.meeting_id);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

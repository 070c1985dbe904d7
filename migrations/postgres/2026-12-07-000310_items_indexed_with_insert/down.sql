CREATE OR REPLACE FUNCTION search_dirty_item() RETURNS TRIGGER AS $$
BEGIN
    PERFORM search_mark_item(COALESCE(NEW.parent_id, NEW.id), NEW.meeting_id);
    IF TG_OP = 'UPDATE' AND COALESCE(OLD.parent_id, OLD.id) <> COALESCE(NEW.parent_id, NEW.id) THEN
        PERFORM search_mark_item(COALESCE(OLD.parent_id, OLD.id), OLD.meeting_id);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

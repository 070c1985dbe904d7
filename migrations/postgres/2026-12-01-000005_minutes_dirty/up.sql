-- Meetings whose minutes changed since their last revision was recorded.
-- Triggers mark them in the same transaction as any change to what the
-- minutes contain, so no write path can forget it; the application records
-- the revision at the next checkpoint (sending, deciding, publishing,
-- reopening, confirming, reading the revisions) or when the edits settle.
CREATE TABLE minutes_dirty (
    meeting_id TEXT PRIMARY KEY NOT NULL REFERENCES meetings (id),
    since TIMESTAMP NOT NULL
);

CREATE FUNCTION minutes_mark_dirty(mid TEXT) RETURNS VOID AS $$
BEGIN
    IF mid IS NOT NULL THEN
        INSERT INTO minutes_dirty (meeting_id, since) VALUES (mid, now() AT TIME ZONE 'UTC')
        ON CONFLICT (meeting_id) DO NOTHING;
    END IF;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION minutes_dirty_meeting() RETURNS TRIGGER AS $$
BEGIN
    PERFORM minutes_mark_dirty(NEW.id);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION minutes_dirty_by_meeting() RETURNS TRIGGER AS $$
BEGIN
    PERFORM minutes_mark_dirty(NEW.meeting_id);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION minutes_dirty_by_item() RETURNS TRIGGER AS $$
BEGIN
    PERFORM minutes_mark_dirty((SELECT meeting_id FROM items WHERE id = NEW.item_id));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER minutes_dirty_meetings AFTER UPDATE ON meetings
    FOR EACH ROW WHEN (OLD.starts_at IS DISTINCT FROM NEW.starts_at OR OLD.ends_at IS DISTINCT FROM NEW.ends_at OR OLD.title IS DISTINCT FROM NEW.title OR OLD.venue_name IS DISTINCT FROM NEW.venue_name OR OLD.venue_address IS DISTINCT FROM NEW.venue_address OR OLD.venue_postcode IS DISTINCT FROM NEW.venue_postcode OR OLD.contact_name IS DISTINCT FROM NEW.contact_name OR OLD.contact_role IS DISTINCT FROM NEW.contact_role OR OLD.contact_email IS DISTINCT FROM NEW.contact_email OR OLD.status IS DISTINCT FROM NEW.status OR OLD.body_id IS DISTINCT FROM NEW.body_id OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at)
    EXECUTE FUNCTION minutes_dirty_meeting();
CREATE TRIGGER minutes_dirty_items AFTER INSERT OR UPDATE ON items
    FOR EACH ROW EXECUTE FUNCTION minutes_dirty_by_meeting();
CREATE TRIGGER minutes_dirty_attendance AFTER INSERT OR UPDATE ON attendance
    FOR EACH ROW EXECUTE FUNCTION minutes_dirty_by_meeting();
CREATE TRIGGER minutes_dirty_outcomes AFTER INSERT OR UPDATE ON outcomes
    FOR EACH ROW EXECUTE FUNCTION minutes_dirty_by_item();
CREATE TRIGGER minutes_dirty_declarations AFTER INSERT OR UPDATE ON declarations
    FOR EACH ROW EXECUTE FUNCTION minutes_dirty_by_item();
CREATE TRIGGER minutes_dirty_actions AFTER INSERT OR UPDATE ON actions
    FOR EACH ROW EXECUTE FUNCTION minutes_dirty_by_item();

-- Meetings whose minutes changed since their last revision was recorded.
-- Triggers mark them in the same transaction as any change to what the
-- minutes contain, so no write path can forget it; the application records
-- the revision at the next checkpoint (sending, deciding, publishing,
-- reopening, confirming, reading the revisions) or when the edits settle.
CREATE TABLE minutes_dirty (
    meeting_id TEXT PRIMARY KEY NOT NULL REFERENCES meetings (id),
    since TIMESTAMP NOT NULL
);

CREATE TRIGGER minutes_dirty_meetings_au AFTER UPDATE ON meetings
WHEN OLD.starts_at IS NOT NEW.starts_at OR OLD.ends_at IS NOT NEW.ends_at OR OLD.title IS NOT NEW.title OR OLD.venue_name IS NOT NEW.venue_name OR OLD.venue_address IS NOT NEW.venue_address OR OLD.venue_postcode IS NOT NEW.venue_postcode OR OLD.contact_name IS NOT NEW.contact_name OR OLD.contact_role IS NOT NEW.contact_role OR OLD.contact_email IS NOT NEW.contact_email OR OLD.status IS NOT NEW.status OR OLD.body_id IS NOT NEW.body_id OR OLD.deleted_at IS NOT NEW.deleted_at
BEGIN
    INSERT OR IGNORE INTO minutes_dirty (meeting_id, since) VALUES (NEW.id, CURRENT_TIMESTAMP);
END;
CREATE TRIGGER minutes_dirty_items_ia AFTER INSERT ON items BEGIN
    INSERT OR IGNORE INTO minutes_dirty (meeting_id, since) VALUES (NEW.meeting_id, CURRENT_TIMESTAMP);
END;
CREATE TRIGGER minutes_dirty_items_ua AFTER UPDATE ON items BEGIN
    INSERT OR IGNORE INTO minutes_dirty (meeting_id, since) VALUES (NEW.meeting_id, CURRENT_TIMESTAMP);
END;
CREATE TRIGGER minutes_dirty_attendance_ia AFTER INSERT ON attendance BEGIN
    INSERT OR IGNORE INTO minutes_dirty (meeting_id, since) VALUES (NEW.meeting_id, CURRENT_TIMESTAMP);
END;
CREATE TRIGGER minutes_dirty_attendance_ua AFTER UPDATE ON attendance BEGIN
    INSERT OR IGNORE INTO minutes_dirty (meeting_id, since) VALUES (NEW.meeting_id, CURRENT_TIMESTAMP);
END;
CREATE TRIGGER minutes_dirty_outcomes_ia AFTER INSERT ON outcomes BEGIN
    INSERT OR IGNORE INTO minutes_dirty (meeting_id, since)
    SELECT meeting_id, CURRENT_TIMESTAMP FROM items WHERE id = NEW.item_id;
END;
CREATE TRIGGER minutes_dirty_outcomes_ua AFTER UPDATE ON outcomes BEGIN
    INSERT OR IGNORE INTO minutes_dirty (meeting_id, since)
    SELECT meeting_id, CURRENT_TIMESTAMP FROM items WHERE id = NEW.item_id;
END;
CREATE TRIGGER minutes_dirty_declarations_ia AFTER INSERT ON declarations BEGIN
    INSERT OR IGNORE INTO minutes_dirty (meeting_id, since)
    SELECT meeting_id, CURRENT_TIMESTAMP FROM items WHERE id = NEW.item_id;
END;
CREATE TRIGGER minutes_dirty_declarations_ua AFTER UPDATE ON declarations BEGIN
    INSERT OR IGNORE INTO minutes_dirty (meeting_id, since)
    SELECT meeting_id, CURRENT_TIMESTAMP FROM items WHERE id = NEW.item_id;
END;
CREATE TRIGGER minutes_dirty_actions_ia AFTER INSERT ON actions BEGIN
    INSERT OR IGNORE INTO minutes_dirty (meeting_id, since)
    SELECT meeting_id, CURRENT_TIMESTAMP FROM items WHERE id = NEW.item_id;
END;
CREATE TRIGGER minutes_dirty_actions_ua AFTER UPDATE ON actions BEGIN
    INSERT OR IGNORE INTO minutes_dirty (meeting_id, since)
    SELECT meeting_id, CURRENT_TIMESTAMP FROM items WHERE id = NEW.item_id;
END;

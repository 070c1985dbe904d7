-- A per-meeting change counter for conditional GETs (ETag / 304): triggers
-- bump it in the same transaction as any change to what a reader of the
-- meeting sees (the meeting, its items and their outcomes, declarations,
-- actions and papers, attendance, the minutes' milestones and revisions,
-- and the names of the people recorded), so no write path can forget it.
-- The body's own version joins it in the tag (see read::etag).
CREATE TABLE meeting_changes (
    meeting_id TEXT PRIMARY KEY NOT NULL REFERENCES meetings (id),
    changes BIGINT NOT NULL
);
CREATE TRIGGER meeting_changes_meetings_u AFTER UPDATE ON meetings BEGIN
    INSERT OR IGNORE INTO meeting_changes (meeting_id, changes) VALUES (NEW.id, 0);
    UPDATE meeting_changes SET changes = changes + 1 WHERE meeting_id IN (SELECT NEW.id);
END;
CREATE TRIGGER meeting_changes_items_i AFTER INSERT ON items BEGIN
    INSERT OR IGNORE INTO meeting_changes (meeting_id, changes) VALUES (NEW.meeting_id, 0);
    UPDATE meeting_changes SET changes = changes + 1 WHERE meeting_id IN (SELECT NEW.meeting_id);
END;
CREATE TRIGGER meeting_changes_items_u AFTER UPDATE ON items BEGIN
    INSERT OR IGNORE INTO meeting_changes (meeting_id, changes) VALUES (NEW.meeting_id, 0);
    UPDATE meeting_changes SET changes = changes + 1 WHERE meeting_id IN (SELECT NEW.meeting_id);
END;
CREATE TRIGGER meeting_changes_attendance_i AFTER INSERT ON attendance BEGIN
    INSERT OR IGNORE INTO meeting_changes (meeting_id, changes) VALUES (NEW.meeting_id, 0);
    UPDATE meeting_changes SET changes = changes + 1 WHERE meeting_id IN (SELECT NEW.meeting_id);
END;
CREATE TRIGGER meeting_changes_attendance_u AFTER UPDATE ON attendance BEGIN
    INSERT OR IGNORE INTO meeting_changes (meeting_id, changes) VALUES (NEW.meeting_id, 0);
    UPDATE meeting_changes SET changes = changes + 1 WHERE meeting_id IN (SELECT NEW.meeting_id);
END;
CREATE TRIGGER meeting_changes_minutes_milestones_i AFTER INSERT ON minutes_milestones BEGIN
    INSERT OR IGNORE INTO meeting_changes (meeting_id, changes) VALUES (NEW.meeting_id, 0);
    UPDATE meeting_changes SET changes = changes + 1 WHERE meeting_id IN (SELECT NEW.meeting_id);
END;
CREATE TRIGGER meeting_changes_minutes_milestones_u AFTER UPDATE ON minutes_milestones BEGIN
    INSERT OR IGNORE INTO meeting_changes (meeting_id, changes) VALUES (NEW.meeting_id, 0);
    UPDATE meeting_changes SET changes = changes + 1 WHERE meeting_id IN (SELECT NEW.meeting_id);
END;
CREATE TRIGGER meeting_changes_minutes_revisions_i AFTER INSERT ON minutes_revisions BEGIN
    INSERT OR IGNORE INTO meeting_changes (meeting_id, changes) VALUES (NEW.meeting_id, 0);
    UPDATE meeting_changes SET changes = changes + 1 WHERE meeting_id IN (SELECT NEW.meeting_id);
END;
CREATE TRIGGER meeting_changes_outcomes_i AFTER INSERT ON outcomes BEGIN
    INSERT OR IGNORE INTO meeting_changes (meeting_id, changes) SELECT meeting_id, 0 FROM items WHERE id = NEW.item_id;
    UPDATE meeting_changes SET changes = changes + 1 WHERE meeting_id IN (SELECT meeting_id FROM items WHERE id = NEW.item_id);
END;
CREATE TRIGGER meeting_changes_outcomes_u AFTER UPDATE ON outcomes BEGIN
    INSERT OR IGNORE INTO meeting_changes (meeting_id, changes) SELECT meeting_id, 0 FROM items WHERE id = NEW.item_id;
    UPDATE meeting_changes SET changes = changes + 1 WHERE meeting_id IN (SELECT meeting_id FROM items WHERE id = NEW.item_id);
END;
CREATE TRIGGER meeting_changes_declarations_i AFTER INSERT ON declarations BEGIN
    INSERT OR IGNORE INTO meeting_changes (meeting_id, changes) SELECT meeting_id, 0 FROM items WHERE id = NEW.item_id;
    UPDATE meeting_changes SET changes = changes + 1 WHERE meeting_id IN (SELECT meeting_id FROM items WHERE id = NEW.item_id);
END;
CREATE TRIGGER meeting_changes_declarations_u AFTER UPDATE ON declarations BEGIN
    INSERT OR IGNORE INTO meeting_changes (meeting_id, changes) SELECT meeting_id, 0 FROM items WHERE id = NEW.item_id;
    UPDATE meeting_changes SET changes = changes + 1 WHERE meeting_id IN (SELECT meeting_id FROM items WHERE id = NEW.item_id);
END;
CREATE TRIGGER meeting_changes_actions_i AFTER INSERT ON actions BEGIN
    INSERT OR IGNORE INTO meeting_changes (meeting_id, changes) SELECT meeting_id, 0 FROM items WHERE id = NEW.item_id;
    UPDATE meeting_changes SET changes = changes + 1 WHERE meeting_id IN (SELECT meeting_id FROM items WHERE id = NEW.item_id);
END;
CREATE TRIGGER meeting_changes_actions_u AFTER UPDATE ON actions BEGIN
    INSERT OR IGNORE INTO meeting_changes (meeting_id, changes) SELECT meeting_id, 0 FROM items WHERE id = NEW.item_id;
    UPDATE meeting_changes SET changes = changes + 1 WHERE meeting_id IN (SELECT meeting_id FROM items WHERE id = NEW.item_id);
END;
CREATE TRIGGER meeting_changes_documents_i AFTER INSERT ON documents BEGIN
    INSERT OR IGNORE INTO meeting_changes (meeting_id, changes) SELECT meeting_id, 0 FROM items WHERE id = NEW.item_id;
    UPDATE meeting_changes SET changes = changes + 1 WHERE meeting_id IN (SELECT meeting_id FROM items WHERE id = NEW.item_id);
END;
CREATE TRIGGER meeting_changes_documents_u AFTER UPDATE ON documents BEGIN
    INSERT OR IGNORE INTO meeting_changes (meeting_id, changes) SELECT meeting_id, 0 FROM items WHERE id = NEW.item_id;
    UPDATE meeting_changes SET changes = changes + 1 WHERE meeting_id IN (SELECT meeting_id FROM items WHERE id = NEW.item_id);
END;
CREATE TRIGGER meeting_changes_people_u AFTER UPDATE ON people BEGIN
    INSERT OR IGNORE INTO meeting_changes (meeting_id, changes) SELECT meeting_id, 0 FROM (SELECT meeting_id FROM attendance WHERE person_id = NEW.id OR substitute_for = NEW.id UNION SELECT items.meeting_id FROM declarations JOIN items ON items.id = declarations.item_id WHERE declarations.person_id = NEW.id);
    UPDATE meeting_changes SET changes = changes + 1 WHERE meeting_id IN (SELECT meeting_id FROM attendance WHERE person_id = NEW.id OR substitute_for = NEW.id UNION SELECT items.meeting_id FROM declarations JOIN items ON items.id = declarations.item_id WHERE declarations.person_id = NEW.id);
END;

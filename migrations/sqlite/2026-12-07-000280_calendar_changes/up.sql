-- A change counter per body's calendar and one for the calendar of every
-- body ('*'), bumped by triggers with any change to what a calendar shows
-- (the meetings' rows and the bodies' rows), so that a kept calendar is
-- checked by one indexed read (issue 29), not by listing its meetings.
CREATE TABLE calendar_changes (
    scope TEXT PRIMARY KEY NOT NULL,
    changes BIGINT NOT NULL
);
INSERT INTO calendar_changes (scope, changes) SELECT id, 0 FROM bodies;
INSERT INTO calendar_changes (scope, changes) VALUES ('*', 0);

CREATE TRIGGER calendar_changes_meetings_i AFTER INSERT ON meetings BEGIN
    INSERT OR IGNORE INTO calendar_changes (scope, changes) VALUES (NEW.body_id, 0), ('*', 0);
    UPDATE calendar_changes SET changes = changes + 1 WHERE scope IN (NEW.body_id, '*');
END;
CREATE TRIGGER calendar_changes_meetings_u AFTER UPDATE ON meetings BEGIN
    INSERT OR IGNORE INTO calendar_changes (scope, changes) VALUES (NEW.body_id, 0), ('*', 0);
    UPDATE calendar_changes SET changes = changes + 1
        WHERE scope IN (NEW.body_id, OLD.body_id, '*');
END;
CREATE TRIGGER calendar_changes_meetings_d AFTER DELETE ON meetings BEGIN
    UPDATE calendar_changes SET changes = changes + 1 WHERE scope IN (OLD.body_id, '*');
END;
CREATE TRIGGER calendar_changes_bodies_i AFTER INSERT ON bodies BEGIN
    INSERT OR IGNORE INTO calendar_changes (scope, changes) VALUES (NEW.id, 0), ('*', 0);
    UPDATE calendar_changes SET changes = changes + 1 WHERE scope IN (NEW.id, '*');
END;
CREATE TRIGGER calendar_changes_bodies_u AFTER UPDATE ON bodies BEGIN
    INSERT OR IGNORE INTO calendar_changes (scope, changes) VALUES (NEW.id, 0), ('*', 0);
    UPDATE calendar_changes SET changes = changes + 1 WHERE scope IN (NEW.id, '*');
END;
CREATE TRIGGER calendar_changes_bodies_d AFTER DELETE ON bodies BEGIN
    UPDATE calendar_changes SET changes = changes + 1 WHERE scope IN (OLD.id, '*');
END;

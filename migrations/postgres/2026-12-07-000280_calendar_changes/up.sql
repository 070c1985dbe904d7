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

-- One statement bumps the body's counter and the global one, always in
-- the same order (two writers never wait on each other crosswise).
CREATE FUNCTION calendar_changes_bump(scopes TEXT[]) RETURNS void AS $$
    INSERT INTO calendar_changes (scope, changes)
    SELECT DISTINCT s, 1 FROM unnest(scopes) AS s WHERE s IS NOT NULL ORDER BY s
    ON CONFLICT (scope) DO UPDATE SET changes = calendar_changes.changes + 1;
$$ LANGUAGE sql;

CREATE FUNCTION calendar_changes_meetings() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM calendar_changes_bump(ARRAY[NEW.body_id, '*']);
    ELSIF TG_OP = 'UPDATE' THEN
        PERFORM calendar_changes_bump(ARRAY[NEW.body_id, OLD.body_id, '*']);
    ELSE
        PERFORM calendar_changes_bump(ARRAY[OLD.body_id, '*']);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION calendar_changes_bodies() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM calendar_changes_bump(ARRAY[OLD.id, '*']);
    ELSE
        PERFORM calendar_changes_bump(ARRAY[NEW.id, '*']);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER calendar_changes_meetings AFTER INSERT OR UPDATE OR DELETE ON meetings
    FOR EACH ROW EXECUTE FUNCTION calendar_changes_meetings();
CREATE TRIGGER calendar_changes_bodies AFTER INSERT OR UPDATE OR DELETE ON bodies
    FOR EACH ROW EXECUTE FUNCTION calendar_changes_bodies();

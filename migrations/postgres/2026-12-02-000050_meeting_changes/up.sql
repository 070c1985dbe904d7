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

CREATE FUNCTION meeting_changes_bump(mid TEXT) RETURNS void AS $$
    INSERT INTO meeting_changes (meeting_id, changes) VALUES (mid, 1)
    ON CONFLICT (meeting_id) DO UPDATE SET changes = meeting_changes.changes + 1;
$$ LANGUAGE sql;

CREATE FUNCTION meeting_changes_direct() RETURNS trigger AS $$
BEGIN
    IF TG_TABLE_NAME = 'meetings' THEN
        PERFORM meeting_changes_bump(NEW.id);
    ELSE
        PERFORM meeting_changes_bump(NEW.meeting_id);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION meeting_changes_via_item() RETURNS trigger AS $$
BEGIN
    PERFORM meeting_changes_bump(meeting_id) FROM items WHERE id = NEW.item_id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION meeting_changes_person() RETURNS trigger AS $$
BEGIN
    PERFORM meeting_changes_bump(m) FROM (
        SELECT meeting_id AS m FROM attendance WHERE person_id = NEW.id OR substitute_for = NEW.id
        UNION SELECT items.meeting_id FROM declarations JOIN items ON items.id = declarations.item_id
        WHERE declarations.person_id = NEW.id) AS touched;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER meeting_changes_meetings_u AFTER UPDATE ON meetings FOR EACH ROW EXECUTE FUNCTION meeting_changes_direct();
CREATE TRIGGER meeting_changes_items_i AFTER INSERT ON items FOR EACH ROW EXECUTE FUNCTION meeting_changes_direct();
CREATE TRIGGER meeting_changes_items_u AFTER UPDATE ON items FOR EACH ROW EXECUTE FUNCTION meeting_changes_direct();
CREATE TRIGGER meeting_changes_attendance_i AFTER INSERT ON attendance FOR EACH ROW EXECUTE FUNCTION meeting_changes_direct();
CREATE TRIGGER meeting_changes_attendance_u AFTER UPDATE ON attendance FOR EACH ROW EXECUTE FUNCTION meeting_changes_direct();
CREATE TRIGGER meeting_changes_minutes_milestones_i AFTER INSERT ON minutes_milestones FOR EACH ROW EXECUTE FUNCTION meeting_changes_direct();
CREATE TRIGGER meeting_changes_minutes_milestones_u AFTER UPDATE ON minutes_milestones FOR EACH ROW EXECUTE FUNCTION meeting_changes_direct();
CREATE TRIGGER meeting_changes_minutes_revisions_i AFTER INSERT ON minutes_revisions FOR EACH ROW EXECUTE FUNCTION meeting_changes_direct();
CREATE TRIGGER meeting_changes_outcomes_i AFTER INSERT ON outcomes FOR EACH ROW EXECUTE FUNCTION meeting_changes_via_item();
CREATE TRIGGER meeting_changes_outcomes_u AFTER UPDATE ON outcomes FOR EACH ROW EXECUTE FUNCTION meeting_changes_via_item();
CREATE TRIGGER meeting_changes_declarations_i AFTER INSERT ON declarations FOR EACH ROW EXECUTE FUNCTION meeting_changes_via_item();
CREATE TRIGGER meeting_changes_declarations_u AFTER UPDATE ON declarations FOR EACH ROW EXECUTE FUNCTION meeting_changes_via_item();
CREATE TRIGGER meeting_changes_actions_i AFTER INSERT ON actions FOR EACH ROW EXECUTE FUNCTION meeting_changes_via_item();
CREATE TRIGGER meeting_changes_actions_u AFTER UPDATE ON actions FOR EACH ROW EXECUTE FUNCTION meeting_changes_via_item();
CREATE TRIGGER meeting_changes_documents_i AFTER INSERT ON documents FOR EACH ROW EXECUTE FUNCTION meeting_changes_via_item();
CREATE TRIGGER meeting_changes_documents_u AFTER UPDATE ON documents FOR EACH ROW EXECUTE FUNCTION meeting_changes_via_item();
CREATE TRIGGER meeting_changes_people_u AFTER UPDATE ON people FOR EACH ROW EXECUTE FUNCTION meeting_changes_person();

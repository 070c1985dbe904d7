DROP TRIGGER calendar_changes_meetings ON meetings;
DROP TRIGGER calendar_changes_bodies ON bodies;
DROP FUNCTION calendar_changes_meetings();
DROP FUNCTION calendar_changes_bodies();
DROP FUNCTION calendar_changes_bump(TEXT[]);
DROP TABLE calendar_changes;

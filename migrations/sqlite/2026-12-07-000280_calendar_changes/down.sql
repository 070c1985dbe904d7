DROP TRIGGER calendar_changes_meetings_i;
DROP TRIGGER calendar_changes_meetings_u;
DROP TRIGGER calendar_changes_meetings_d;
DROP TRIGGER calendar_changes_bodies_i;
DROP TRIGGER calendar_changes_bodies_u;
DROP TRIGGER calendar_changes_bodies_d;
DROP TABLE calendar_changes;

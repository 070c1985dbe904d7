-- Confirmed minutes are frozen by the database itself: once a meeting's
-- minutes are confirmed as a true record, no statement (the service's or an
-- administrator's) may insert, change or delete what they contain: the
-- items, outcomes, votes, declarations, attendance, the actions' recorded
-- text, the revisions and the confirmation. Action progress (status) may
-- still change. The audit log is append-only, always.
-- The message starts 'confirmed minutes are frozen' so the service can answer 409.

CREATE TRIGGER frozen_items_bi BEFORE INSERT ON items
WHEN (SELECT minutes_status FROM meetings WHERE id = NEW.meeting_id) = 'confirmed'
BEGIN
    SELECT RAISE(ABORT, 'confirmed minutes are frozen: items cannot change');
END;

CREATE TRIGGER frozen_items_bu BEFORE UPDATE ON items
WHEN (SELECT minutes_status FROM meetings WHERE id = OLD.meeting_id) = 'confirmed' OR (SELECT minutes_status FROM meetings WHERE id = NEW.meeting_id) = 'confirmed'
BEGIN
    SELECT RAISE(ABORT, 'confirmed minutes are frozen: items cannot change');
END;

CREATE TRIGGER frozen_items_bd BEFORE DELETE ON items
WHEN (SELECT minutes_status FROM meetings WHERE id = OLD.meeting_id) = 'confirmed'
BEGIN
    SELECT RAISE(ABORT, 'confirmed minutes are frozen: items cannot change');
END;

CREATE TRIGGER frozen_attendance_bi BEFORE INSERT ON attendance
WHEN (SELECT minutes_status FROM meetings WHERE id = NEW.meeting_id) = 'confirmed'
BEGIN
    SELECT RAISE(ABORT, 'confirmed minutes are frozen: attendance cannot change');
END;

CREATE TRIGGER frozen_attendance_bu BEFORE UPDATE ON attendance
WHEN (SELECT minutes_status FROM meetings WHERE id = OLD.meeting_id) = 'confirmed' OR (SELECT minutes_status FROM meetings WHERE id = NEW.meeting_id) = 'confirmed'
BEGIN
    SELECT RAISE(ABORT, 'confirmed minutes are frozen: attendance cannot change');
END;

CREATE TRIGGER frozen_attendance_bd BEFORE DELETE ON attendance
WHEN (SELECT minutes_status FROM meetings WHERE id = OLD.meeting_id) = 'confirmed'
BEGIN
    SELECT RAISE(ABORT, 'confirmed minutes are frozen: attendance cannot change');
END;

CREATE TRIGGER frozen_revisions_bi BEFORE INSERT ON minutes_revisions
WHEN (SELECT minutes_status FROM meetings WHERE id = NEW.meeting_id) = 'confirmed'
BEGIN
    SELECT RAISE(ABORT, 'confirmed minutes are frozen: revisions cannot change');
END;

CREATE TRIGGER frozen_revisions_bu BEFORE UPDATE ON minutes_revisions
WHEN (SELECT minutes_status FROM meetings WHERE id = OLD.meeting_id) = 'confirmed' OR (SELECT minutes_status FROM meetings WHERE id = NEW.meeting_id) = 'confirmed'
BEGIN
    SELECT RAISE(ABORT, 'confirmed minutes are frozen: revisions cannot change');
END;

CREATE TRIGGER frozen_revisions_bd BEFORE DELETE ON minutes_revisions
WHEN (SELECT minutes_status FROM meetings WHERE id = OLD.meeting_id) = 'confirmed'
BEGIN
    SELECT RAISE(ABORT, 'confirmed minutes are frozen: revisions cannot change');
END;

CREATE TRIGGER frozen_outcomes_bi BEFORE INSERT ON outcomes
WHEN (SELECT m.minutes_status FROM items i JOIN meetings m ON m.id = i.meeting_id WHERE i.id = NEW.item_id) = 'confirmed'
BEGIN
    SELECT RAISE(ABORT, 'confirmed minutes are frozen: outcomes cannot change');
END;

CREATE TRIGGER frozen_outcomes_bu BEFORE UPDATE ON outcomes
WHEN (SELECT m.minutes_status FROM items i JOIN meetings m ON m.id = i.meeting_id WHERE i.id = OLD.item_id) = 'confirmed' OR (SELECT m.minutes_status FROM items i JOIN meetings m ON m.id = i.meeting_id WHERE i.id = NEW.item_id) = 'confirmed'
BEGIN
    SELECT RAISE(ABORT, 'confirmed minutes are frozen: outcomes cannot change');
END;

CREATE TRIGGER frozen_outcomes_bd BEFORE DELETE ON outcomes
WHEN (SELECT m.minutes_status FROM items i JOIN meetings m ON m.id = i.meeting_id WHERE i.id = OLD.item_id) = 'confirmed'
BEGIN
    SELECT RAISE(ABORT, 'confirmed minutes are frozen: outcomes cannot change');
END;

CREATE TRIGGER frozen_declarations_bi BEFORE INSERT ON declarations
WHEN (SELECT m.minutes_status FROM items i JOIN meetings m ON m.id = i.meeting_id WHERE i.id = NEW.item_id) = 'confirmed'
BEGIN
    SELECT RAISE(ABORT, 'confirmed minutes are frozen: declarations cannot change');
END;

CREATE TRIGGER frozen_declarations_bu BEFORE UPDATE ON declarations
WHEN (SELECT m.minutes_status FROM items i JOIN meetings m ON m.id = i.meeting_id WHERE i.id = OLD.item_id) = 'confirmed' OR (SELECT m.minutes_status FROM items i JOIN meetings m ON m.id = i.meeting_id WHERE i.id = NEW.item_id) = 'confirmed'
BEGIN
    SELECT RAISE(ABORT, 'confirmed minutes are frozen: declarations cannot change');
END;

CREATE TRIGGER frozen_declarations_bd BEFORE DELETE ON declarations
WHEN (SELECT m.minutes_status FROM items i JOIN meetings m ON m.id = i.meeting_id WHERE i.id = OLD.item_id) = 'confirmed'
BEGIN
    SELECT RAISE(ABORT, 'confirmed minutes are frozen: declarations cannot change');
END;

CREATE TRIGGER frozen_votes_bi BEFORE INSERT ON votes
WHEN (SELECT m.minutes_status FROM items i JOIN meetings m ON m.id = i.meeting_id WHERE i.id = NEW.item_id) = 'confirmed'
BEGIN
    SELECT RAISE(ABORT, 'confirmed minutes are frozen: votes cannot change');
END;

CREATE TRIGGER frozen_votes_bu BEFORE UPDATE ON votes
WHEN (SELECT m.minutes_status FROM items i JOIN meetings m ON m.id = i.meeting_id WHERE i.id = OLD.item_id) = 'confirmed' OR (SELECT m.minutes_status FROM items i JOIN meetings m ON m.id = i.meeting_id WHERE i.id = NEW.item_id) = 'confirmed'
BEGIN
    SELECT RAISE(ABORT, 'confirmed minutes are frozen: votes cannot change');
END;

CREATE TRIGGER frozen_votes_bd BEFORE DELETE ON votes
WHEN (SELECT m.minutes_status FROM items i JOIN meetings m ON m.id = i.meeting_id WHERE i.id = OLD.item_id) = 'confirmed'
BEGIN
    SELECT RAISE(ABORT, 'confirmed minutes are frozen: votes cannot change');
END;

CREATE TRIGGER frozen_vote_records_bi BEFORE INSERT ON vote_records
WHEN (SELECT m.minutes_status FROM votes v JOIN items i ON i.id = v.item_id JOIN meetings m ON m.id = i.meeting_id WHERE v.id = NEW.vote_id) = 'confirmed'
BEGIN
    SELECT RAISE(ABORT, 'confirmed minutes are frozen: recorded votes cannot change');
END;

CREATE TRIGGER frozen_vote_records_bu BEFORE UPDATE ON vote_records
WHEN (SELECT m.minutes_status FROM votes v JOIN items i ON i.id = v.item_id JOIN meetings m ON m.id = i.meeting_id WHERE v.id = OLD.vote_id) = 'confirmed' OR (SELECT m.minutes_status FROM votes v JOIN items i ON i.id = v.item_id JOIN meetings m ON m.id = i.meeting_id WHERE v.id = NEW.vote_id) = 'confirmed'
BEGIN
    SELECT RAISE(ABORT, 'confirmed minutes are frozen: recorded votes cannot change');
END;

CREATE TRIGGER frozen_vote_records_bd BEFORE DELETE ON vote_records
WHEN (SELECT m.minutes_status FROM votes v JOIN items i ON i.id = v.item_id JOIN meetings m ON m.id = i.meeting_id WHERE v.id = OLD.vote_id) = 'confirmed'
BEGIN
    SELECT RAISE(ABORT, 'confirmed minutes are frozen: recorded votes cannot change');
END;

CREATE TRIGGER frozen_actions_bi BEFORE INSERT ON actions
WHEN (SELECT m.minutes_status FROM items i JOIN meetings m ON m.id = i.meeting_id WHERE i.id = NEW.item_id) = 'confirmed'
BEGIN
    SELECT RAISE(ABORT, 'confirmed minutes are frozen: actions cannot change');
END;

CREATE TRIGGER frozen_actions_bd BEFORE DELETE ON actions
WHEN (SELECT m.minutes_status FROM items i JOIN meetings m ON m.id = i.meeting_id WHERE i.id = OLD.item_id) = 'confirmed'
BEGIN
    SELECT RAISE(ABORT, 'confirmed minutes are frozen: actions cannot change');
END;

CREATE TRIGGER frozen_actions_bu BEFORE UPDATE ON actions
WHEN (OLD.description IS NOT NEW.description OR OLD.owner IS NOT NEW.owner OR OLD.due_date IS NOT NEW.due_date OR OLD.deleted_at IS NOT NEW.deleted_at OR OLD.item_id IS NOT NEW.item_id)
 AND ((SELECT m.minutes_status FROM items i JOIN meetings m ON m.id = i.meeting_id WHERE i.id = OLD.item_id) = 'confirmed' OR (SELECT m.minutes_status FROM items i JOIN meetings m ON m.id = i.meeting_id WHERE i.id = NEW.item_id) = 'confirmed')
BEGIN
    SELECT RAISE(ABORT, 'confirmed minutes are frozen: the recorded text of actions cannot change');
END;

CREATE TRIGGER frozen_meetings_bu BEFORE UPDATE ON meetings
WHEN OLD.minutes_status = 'confirmed' AND (OLD.minutes_status IS NOT NEW.minutes_status OR OLD.id IS NOT NEW.id OR OLD.body_id IS NOT NEW.body_id OR OLD.title IS NOT NEW.title OR OLD.starts_at IS NOT NEW.starts_at OR OLD.ends_at IS NOT NEW.ends_at OR OLD.venue_name IS NOT NEW.venue_name OR OLD.venue_address IS NOT NEW.venue_address OR OLD.venue_postcode IS NOT NEW.venue_postcode OR OLD.status IS NOT NEW.status OR OLD.deleted_at IS NOT NEW.deleted_at)
BEGIN
    SELECT RAISE(ABORT, 'confirmed minutes are frozen: the minuted details of the meeting cannot change');
END;

CREATE TRIGGER frozen_meetings_bd BEFORE DELETE ON meetings
WHEN OLD.minutes_status = 'confirmed'
BEGIN
    SELECT RAISE(ABORT, 'confirmed minutes are frozen: the meeting cannot change');
END;

CREATE TRIGGER frozen_milestones_bu BEFORE UPDATE ON minutes_milestones
WHEN OLD.confirmed_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'confirmed minutes are frozen: the confirmation cannot change');
END;

CREATE TRIGGER frozen_milestones_bd BEFORE DELETE ON minutes_milestones
WHEN OLD.confirmed_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'confirmed minutes are frozen: the confirmation cannot change');
END;

CREATE TRIGGER audit_log_append_only_bu BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_append_only_bd BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

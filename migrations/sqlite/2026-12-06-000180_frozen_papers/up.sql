-- The confirmed record includes its papers: once a meeting's minutes are
-- confirmed, no statement may add, change or remove a paper of its items
-- (the same rule, and the same message, as the rest of the frozen minutes).
CREATE TRIGGER frozen_documents_bi BEFORE INSERT ON documents
WHEN (SELECT m.minutes_status FROM items i JOIN meetings m ON m.id = i.meeting_id WHERE i.id = NEW.item_id) = 'confirmed'
BEGIN
    SELECT RAISE(ABORT, 'confirmed minutes are frozen: papers cannot change');
END;

CREATE TRIGGER frozen_documents_bu BEFORE UPDATE ON documents
WHEN (SELECT m.minutes_status FROM items i JOIN meetings m ON m.id = i.meeting_id WHERE i.id = OLD.item_id) = 'confirmed' OR (SELECT m.minutes_status FROM items i JOIN meetings m ON m.id = i.meeting_id WHERE i.id = NEW.item_id) = 'confirmed'
BEGIN
    SELECT RAISE(ABORT, 'confirmed minutes are frozen: papers cannot change');
END;

CREATE TRIGGER frozen_documents_bd BEFORE DELETE ON documents
WHEN (SELECT m.minutes_status FROM items i JOIN meetings m ON m.id = i.meeting_id WHERE i.id = OLD.item_id) = 'confirmed'
BEGIN
    SELECT RAISE(ABORT, 'confirmed minutes are frozen: papers cannot change');
END;

-- The minute book covers the papers too: an entry made from now on keeps
-- the list of the meeting's papers it confirmed (one line per paper: id,
-- SHA-256, title), and its hash covers that list's SHA-256. Entries made
-- before keep none (their hash is the first version's).
ALTER TABLE minute_book_entries ADD COLUMN papers TEXT;

-- Votes are part of what a reader of the meeting sees: a vote recorded or
-- withdrawn (and a named vote's lines) bump the meeting's change counter
-- of 000050, so its ETag changes in the same transaction.
CREATE TRIGGER meeting_changes_votes_i AFTER INSERT ON votes BEGIN
    INSERT OR IGNORE INTO meeting_changes (meeting_id, changes) SELECT meeting_id, 0 FROM items WHERE id = NEW.item_id;
    UPDATE meeting_changes SET changes = changes + 1 WHERE meeting_id IN (SELECT meeting_id FROM items WHERE id = NEW.item_id);
END;
CREATE TRIGGER meeting_changes_votes_u AFTER UPDATE ON votes BEGIN
    INSERT OR IGNORE INTO meeting_changes (meeting_id, changes) SELECT meeting_id, 0 FROM items WHERE id = NEW.item_id;
    UPDATE meeting_changes SET changes = changes + 1 WHERE meeting_id IN (SELECT meeting_id FROM items WHERE id = NEW.item_id);
END;
CREATE TRIGGER meeting_changes_vote_records_i AFTER INSERT ON vote_records BEGIN
    INSERT OR IGNORE INTO meeting_changes (meeting_id, changes) SELECT items.meeting_id, 0 FROM votes JOIN items ON items.id = votes.item_id WHERE votes.id = NEW.vote_id;
    UPDATE meeting_changes SET changes = changes + 1 WHERE meeting_id IN (SELECT items.meeting_id FROM votes JOIN items ON items.id = votes.item_id WHERE votes.id = NEW.vote_id);
END;
CREATE TRIGGER meeting_changes_vote_records_u AFTER UPDATE ON vote_records BEGIN
    INSERT OR IGNORE INTO meeting_changes (meeting_id, changes) SELECT items.meeting_id, 0 FROM votes JOIN items ON items.id = votes.item_id WHERE votes.id = NEW.vote_id;
    UPDATE meeting_changes SET changes = changes + 1 WHERE meeting_id IN (SELECT items.meeting_id FROM votes JOIN items ON items.id = votes.item_id WHERE votes.id = NEW.vote_id);
END;

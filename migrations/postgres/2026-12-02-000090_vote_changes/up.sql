-- Votes are part of what a reader of the meeting sees: a vote recorded or
-- withdrawn (and a named vote's lines) bump the meeting's change counter
-- of 000050, so its ETag changes in the same transaction.
CREATE FUNCTION meeting_changes_via_vote() RETURNS trigger AS $$
BEGIN
    PERFORM meeting_changes_bump(items.meeting_id)
        FROM votes JOIN items ON items.id = votes.item_id WHERE votes.id = NEW.vote_id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER meeting_changes_votes_i AFTER INSERT ON votes FOR EACH ROW EXECUTE FUNCTION meeting_changes_via_item();
CREATE TRIGGER meeting_changes_votes_u AFTER UPDATE ON votes FOR EACH ROW EXECUTE FUNCTION meeting_changes_via_item();
CREATE TRIGGER meeting_changes_vote_records_i AFTER INSERT ON vote_records FOR EACH ROW EXECUTE FUNCTION meeting_changes_via_vote();
CREATE TRIGGER meeting_changes_vote_records_u AFTER UPDATE ON vote_records FOR EACH ROW EXECUTE FUNCTION meeting_changes_via_vote();

DROP TRIGGER meeting_changes_votes_i ON votes;
DROP TRIGGER meeting_changes_votes_u ON votes;
DROP TRIGGER meeting_changes_vote_records_i ON vote_records;
DROP TRIGGER meeting_changes_vote_records_u ON vote_records;
DROP FUNCTION meeting_changes_via_vote();

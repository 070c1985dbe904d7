DROP TRIGGER minutes_dirty_votes_ua;
DROP TRIGGER minutes_dirty_votes_ia;
DROP TABLE vote_records;
DROP TABLE votes;
ALTER TABLE declarations DROP COLUMN withdrew;
ALTER TABLE declarations DROP COLUMN kind;

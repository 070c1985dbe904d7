DROP TRIGGER minutes_dirty_votes ON votes;
DROP TABLE vote_records;
DROP TABLE votes;
ALTER TABLE declarations DROP COLUMN withdrew;
ALTER TABLE declarations DROP COLUMN kind;

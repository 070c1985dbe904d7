-- Votes on items (a show of hands or a recorded vote) and the categories of
-- declarations of interest (the model code of conduct), with whether the
-- member withdrew. Additive: existing declarations have no kind.
ALTER TABLE declarations ADD COLUMN kind TEXT;
ALTER TABLE declarations ADD COLUMN withdrew BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE votes (
    id TEXT PRIMARY KEY NOT NULL,
    item_id TEXT NOT NULL REFERENCES items (id),
    outcome_id TEXT REFERENCES outcomes (id),
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    motion TEXT,
    for_count INTEGER NOT NULL,
    against_count INTEGER NOT NULL,
    abstained_count INTEGER NOT NULL,
    casting_vote TEXT,
    casting_person_id TEXT REFERENCES people (id),
    result TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX votes_item ON votes (item_id, position);

-- How each member voted, for a recorded vote.
CREATE TABLE vote_records (
    id TEXT PRIMARY KEY NOT NULL,
    vote_id TEXT NOT NULL REFERENCES votes (id),
    person_id TEXT NOT NULL REFERENCES people (id),
    vote TEXT NOT NULL,
    position INTEGER NOT NULL,
    UNIQUE (vote_id, person_id)
);
CREATE INDEX vote_records_vote ON vote_records (vote_id, position);

-- A vote is part of the minutes: mark them for a new revision.
CREATE TRIGGER minutes_dirty_votes AFTER INSERT OR UPDATE ON votes
    FOR EACH ROW EXECUTE FUNCTION minutes_dirty_by_item();

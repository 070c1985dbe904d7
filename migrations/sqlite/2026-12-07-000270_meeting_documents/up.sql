-- The read model kept on write (issue 29): each meeting's built documents
-- (the public page, the public JSON, the clerk's JSON) under the ETag they
-- were built for, so that a read on any instance, a replica or after a
-- restart is one indexed lookup. Derived data: it can be emptied at any
-- time and is built again on the next read (see read::etag).
CREATE TABLE meeting_documents (
    meeting_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    tag TEXT NOT NULL,
    body BLOB NOT NULL,
    built_at TIMESTAMP NOT NULL,
    PRIMARY KEY (meeting_id, kind)
);

-- The change count a meeting's documents were last built at: the
-- background job builds those whose count has moved on (the partial index
-- holds only them).
ALTER TABLE meeting_changes ADD COLUMN documented BIGINT NOT NULL DEFAULT -1;
CREATE INDEX meeting_changes_undocumented ON meeting_changes (meeting_id)
    WHERE documented <> changes;

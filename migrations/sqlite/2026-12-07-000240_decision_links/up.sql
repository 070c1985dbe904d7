-- What a decision record links to: the papers it was taken on
-- (`document`) and the dispensations under which conflicted members took
-- part (`dispensation`). The conflicts declared come from its item's
-- declarations.
CREATE TABLE decision_links (
    decision_id TEXT NOT NULL REFERENCES decisions (id),
    kind TEXT NOT NULL,
    target_id TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (decision_id, kind, target_id)
);

-- A decision revoked: why, when, and the later decision that revoked it
-- (if recorded here). The decision's status becomes `revoked`.
CREATE TABLE decision_revocations (
    decision_id TEXT PRIMARY KEY NOT NULL REFERENCES decisions (id),
    reason TEXT NOT NULL,
    revoked_by_id TEXT REFERENCES decisions (id),
    revoked_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL
);

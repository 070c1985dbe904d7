DROP TABLE outbox_attempts;
DROP TABLE outbox;
DROP TABLE approval_requests;
DROP TABLE minutes_revisions;
DROP TABLE minutes_milestones;

DROP TABLE decision_revocations;

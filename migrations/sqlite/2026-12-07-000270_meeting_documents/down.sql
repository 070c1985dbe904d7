DROP INDEX meeting_changes_undocumented;
ALTER TABLE meeting_changes DROP COLUMN documented;
DROP TABLE meeting_documents;

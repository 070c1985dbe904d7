ALTER TABLE meeting_documents ALTER COLUMN body SET COMPRESSION default;

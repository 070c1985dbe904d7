DROP FUNCTION search_estimate(TEXT, TEXT);
DROP INDEX meetings_body_starts_desc;
DROP TRIGGER search_dirty_document_texts ON document_texts;
DROP FUNCTION search_dirty_document_text();
DROP TABLE document_texts;
DROP INDEX search_entries_body_recent;
DROP INDEX search_entries_recent;

ALTER TABLE minute_book_entries DROP COLUMN papers;
DROP TRIGGER frozen_documents_bi;
DROP TRIGGER frozen_documents_bu;
DROP TRIGGER frozen_documents_bd;

ALTER TABLE minute_book_entries DROP COLUMN papers;
DROP TRIGGER frozen_documents ON documents;

DROP TRIGGER minute_book_append_only_bd;
DROP TRIGGER minute_book_append_only_bu;
DROP TABLE minute_book_entries;

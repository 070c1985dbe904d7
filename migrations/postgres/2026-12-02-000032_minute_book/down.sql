DROP TRIGGER minute_book_no_truncate ON minute_book_entries;
DROP TRIGGER minute_book_append_only ON minute_book_entries;
DROP FUNCTION minute_book_append_only();
DROP TABLE minute_book_entries;

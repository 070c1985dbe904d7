-- Nothing to change on SQLite, which does not compress values (see the
-- PostgreSQL migration of the same name).
SELECT 1;

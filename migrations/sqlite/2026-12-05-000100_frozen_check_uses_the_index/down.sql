-- Nothing to change on SQLite: its triggers compare ids with the column's
-- own collation (see the PostgreSQL migration of the same name).
SELECT 1;

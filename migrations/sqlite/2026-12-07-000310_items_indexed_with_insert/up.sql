-- Nothing to change on SQLite: a write indexes what it marked before it
-- commits, in the same transaction (see the PostgreSQL migration of the
-- same name).
SELECT 1;

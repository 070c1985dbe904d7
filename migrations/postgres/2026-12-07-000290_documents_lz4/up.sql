-- The kept documents (a meeting's page and JSON, tens of kilobytes each)
-- are compressed with LZ4 rather than PostgreSQL's own pglz: written again
-- after every change to a meeting and read on every uncached request, they
-- are compressed and decompressed far more often than most values, and
-- pglz is the slower of the two at both. A server built without LZ4 keeps
-- pglz. Rows already written keep theirs until they are written again.
DO $$
BEGIN
    ALTER TABLE meeting_documents ALTER COLUMN body SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
    RAISE NOTICE 'LZ4 is not available; meeting_documents keeps pglz';
END
$$;

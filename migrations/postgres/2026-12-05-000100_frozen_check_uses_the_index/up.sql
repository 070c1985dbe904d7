-- The frozen-minutes triggers call refuse_if_confirmed(NEW.meeting_id,
-- TG_TABLE_NAME). TG_TABLE_NAME is a `name`, whose collation is "C", so the
-- call's collation was "C" and so was `mid`'s: `id = mid` could not use
-- meetings' primary key (default collation) and every item, outcome,
-- attendance or revision written scanned every meeting (60 ms a row at
-- 56,000 meetings). The comparison now says which collation it means.
CREATE OR REPLACE FUNCTION minutes_are_confirmed(mid TEXT) RETURNS BOOLEAN AS $$
    SELECT EXISTS (SELECT 1 FROM meetings WHERE id = mid COLLATE "default" AND minutes_status = 'confirmed');
$$ LANGUAGE sql STABLE;

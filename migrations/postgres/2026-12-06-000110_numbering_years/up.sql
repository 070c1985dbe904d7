-- The numbering years in use, for OParl's legislative terms: one row per
-- body and numbering year that has a numbered item, with the time its
-- first number was given, exactly as the terms were computed from every
-- numbered item before: the earliest, over the year's numbered items, of
-- the later of the item's creation and its meeting's agenda publication.
-- Kept by triggers in the writing transaction (no write path can forget);
-- a change that can only lower the time lowers it, one that may raise it
-- recomputes the row from the year's items (index below) only when the
-- row's time came from the changed item or meeting.
CREATE TABLE numbering_years (
    body_id TEXT NOT NULL REFERENCES bodies (id),
    numbering_year INTEGER NOT NULL,
    first_numbered_at TIMESTAMP NOT NULL,
    PRIMARY KEY (body_id, numbering_year)
);

CREATE INDEX items_minute_year ON items (minute_year, meeting_id, created_at)
WHERE minute_year IS NOT NULL;

INSERT INTO numbering_years (body_id, numbering_year, first_numbered_at)
SELECT m.body_id, i.minute_year, min(GREATEST(i.created_at, m.agenda_published_at))
FROM items i JOIN meetings m ON m.id = i.meeting_id
WHERE i.minute_year IS NOT NULL
GROUP BY m.body_id, i.minute_year;

-- Lowers (or adds) a year's time.
CREATE FUNCTION numbering_year_lower(b TEXT, y INTEGER, at TIMESTAMP) RETURNS VOID AS $$
BEGIN
    INSERT INTO numbering_years (body_id, numbering_year, first_numbered_at)
    VALUES (b, y, at)
    ON CONFLICT (body_id, numbering_year) DO UPDATE
    SET first_numbered_at = EXCLUDED.first_numbered_at
    WHERE EXCLUDED.first_numbered_at < numbering_years.first_numbered_at;
END;
$$ LANGUAGE plpgsql;

-- A contribution `was` leaves a year: recomputed if the year's time was it.
CREATE FUNCTION numbering_year_lose(b TEXT, y INTEGER, was TIMESTAMP) RETURNS VOID AS $$
DECLARE
    at TIMESTAMP;
BEGIN
    IF b IS NULL OR y IS NULL OR NOT EXISTS (
        SELECT 1 FROM numbering_years
        WHERE body_id = b AND numbering_year = y AND first_numbered_at >= was
    ) THEN
        RETURN;
    END IF;
    SELECT min(GREATEST(i.created_at, m.agenda_published_at)) INTO at
    FROM items i JOIN meetings m ON m.id = i.meeting_id
    WHERE i.minute_year = y AND m.body_id = b;
    IF at IS NULL THEN
        DELETE FROM numbering_years WHERE body_id = b AND numbering_year = y;
    ELSE
        UPDATE numbering_years SET first_numbered_at = at
        WHERE body_id = b AND numbering_year = y;
    END IF;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION numbering_years_items() RETURNS TRIGGER AS $$
DECLARE
    m RECORD;
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.minute_year IS NOT NULL THEN
        SELECT body_id, agenda_published_at INTO m FROM meetings WHERE id = OLD.meeting_id;
        PERFORM numbering_year_lose(m.body_id, OLD.minute_year,
                                    GREATEST(OLD.created_at, m.agenda_published_at));
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.minute_year IS NOT NULL THEN
        SELECT body_id, agenda_published_at INTO m FROM meetings WHERE id = NEW.meeting_id;
        IF FOUND THEN
            PERFORM numbering_year_lower(m.body_id, NEW.minute_year,
                                         GREATEST(NEW.created_at, m.agenda_published_at));
        END IF;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER numbering_years_items_ia AFTER INSERT ON items
FOR EACH ROW WHEN (NEW.minute_year IS NOT NULL)
EXECUTE FUNCTION numbering_years_items();

CREATE TRIGGER numbering_years_items_ua AFTER UPDATE ON items
FOR EACH ROW WHEN ((OLD.minute_year IS NOT NULL OR NEW.minute_year IS NOT NULL)
    AND (OLD.minute_year IS DISTINCT FROM NEW.minute_year
         OR OLD.meeting_id IS DISTINCT FROM NEW.meeting_id
         OR OLD.created_at IS DISTINCT FROM NEW.created_at))
EXECUTE FUNCTION numbering_years_items();

CREATE TRIGGER numbering_years_items_da AFTER DELETE ON items
FOR EACH ROW WHEN (OLD.minute_year IS NOT NULL)
EXECUTE FUNCTION numbering_years_items();

-- A meeting's agenda publication (or body) changed: each year its
-- numbered items are in loses the old contribution and gains the new.
CREATE FUNCTION numbering_years_meetings() RETURNS TRIGGER AS $$
DECLARE
    r RECORD;
BEGIN
    FOR r IN
        SELECT minute_year, min(created_at) AS first FROM items
        WHERE meeting_id = NEW.id AND minute_year IS NOT NULL
        GROUP BY minute_year
    LOOP
        PERFORM numbering_year_lose(OLD.body_id, r.minute_year,
                                    GREATEST(r.first, OLD.agenda_published_at));
        PERFORM numbering_year_lower(NEW.body_id, r.minute_year,
                                     GREATEST(r.first, NEW.agenda_published_at));
    END LOOP;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER numbering_years_meetings_ua AFTER UPDATE ON meetings
FOR EACH ROW WHEN (OLD.agenda_published_at IS DISTINCT FROM NEW.agenda_published_at
                   OR OLD.body_id IS DISTINCT FROM NEW.body_id)
EXECUTE FUNCTION numbering_years_meetings();

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
SELECT m.body_id, i.minute_year,
       min(CASE WHEN m.agenda_published_at IS NULL OR m.agenda_published_at < i.created_at
                THEN i.created_at ELSE m.agenda_published_at END)
FROM items i JOIN meetings m ON m.id = i.meeting_id
WHERE i.minute_year IS NOT NULL
GROUP BY m.body_id, i.minute_year;

-- An item numbered (or renumbered, or moved): its old year loses it, its
-- new year gains it.
CREATE TRIGGER numbering_years_items_ia AFTER INSERT ON items
WHEN NEW.minute_year IS NOT NULL
BEGIN
    INSERT INTO numbering_years (body_id, numbering_year, first_numbered_at)
    SELECT m.body_id, NEW.minute_year,
           CASE WHEN m.agenda_published_at IS NULL OR m.agenda_published_at < NEW.created_at
                THEN NEW.created_at ELSE m.agenda_published_at END
    FROM meetings m WHERE m.id = NEW.meeting_id
    ON CONFLICT (body_id, numbering_year) DO UPDATE
    SET first_numbered_at = excluded.first_numbered_at
    WHERE excluded.first_numbered_at < numbering_years.first_numbered_at;
END;

CREATE TRIGGER numbering_years_items_ua AFTER UPDATE ON items
WHEN (OLD.minute_year IS NOT NULL OR NEW.minute_year IS NOT NULL)
 AND (OLD.minute_year IS NOT NEW.minute_year OR OLD.meeting_id IS NOT NEW.meeting_id
      OR OLD.created_at IS NOT NEW.created_at)
BEGIN
    DELETE FROM numbering_years
    WHERE OLD.minute_year IS NOT NULL
      AND numbering_year = OLD.minute_year
      AND body_id = (SELECT body_id FROM meetings WHERE id = OLD.meeting_id)
      AND first_numbered_at >= (
          SELECT CASE WHEN agenda_published_at IS NULL OR agenda_published_at < OLD.created_at
                      THEN OLD.created_at ELSE agenda_published_at END
          FROM meetings WHERE id = OLD.meeting_id);
    INSERT INTO numbering_years (body_id, numbering_year, first_numbered_at)
    SELECT m.body_id, i.minute_year,
           min(CASE WHEN m.agenda_published_at IS NULL OR m.agenda_published_at < i.created_at
                    THEN i.created_at ELSE m.agenda_published_at END)
    FROM items i JOIN meetings m ON m.id = i.meeting_id
    WHERE OLD.minute_year IS NOT NULL
      AND i.minute_year = OLD.minute_year
      AND m.body_id = (SELECT body_id FROM meetings WHERE id = OLD.meeting_id)
      AND NOT EXISTS (
          SELECT 1 FROM numbering_years n
          WHERE n.numbering_year = OLD.minute_year
            AND n.body_id = (SELECT body_id FROM meetings WHERE id = OLD.meeting_id))
    GROUP BY m.body_id, i.minute_year;
    INSERT INTO numbering_years (body_id, numbering_year, first_numbered_at)
    SELECT m.body_id, NEW.minute_year,
           CASE WHEN m.agenda_published_at IS NULL OR m.agenda_published_at < NEW.created_at
                THEN NEW.created_at ELSE m.agenda_published_at END
    FROM meetings m WHERE m.id = NEW.meeting_id AND NEW.minute_year IS NOT NULL
    ON CONFLICT (body_id, numbering_year) DO UPDATE
    SET first_numbered_at = excluded.first_numbered_at
    WHERE excluded.first_numbered_at < numbering_years.first_numbered_at;
END;

CREATE TRIGGER numbering_years_items_da AFTER DELETE ON items
WHEN OLD.minute_year IS NOT NULL
BEGIN
    DELETE FROM numbering_years
    WHERE numbering_year = OLD.minute_year
      AND body_id = (SELECT body_id FROM meetings WHERE id = OLD.meeting_id)
      AND first_numbered_at >= (
          SELECT CASE WHEN agenda_published_at IS NULL OR agenda_published_at < OLD.created_at
                      THEN OLD.created_at ELSE agenda_published_at END
          FROM meetings WHERE id = OLD.meeting_id);
    INSERT INTO numbering_years (body_id, numbering_year, first_numbered_at)
    SELECT m.body_id, i.minute_year,
           min(CASE WHEN m.agenda_published_at IS NULL OR m.agenda_published_at < i.created_at
                    THEN i.created_at ELSE m.agenda_published_at END)
    FROM items i JOIN meetings m ON m.id = i.meeting_id
    WHERE i.minute_year = OLD.minute_year
      AND m.body_id = (SELECT body_id FROM meetings WHERE id = OLD.meeting_id)
      AND NOT EXISTS (
          SELECT 1 FROM numbering_years n
          WHERE n.numbering_year = OLD.minute_year
            AND n.body_id = (SELECT body_id FROM meetings WHERE id = OLD.meeting_id))
    GROUP BY m.body_id, i.minute_year;
END;

-- A meeting's agenda publication (or body) changed: each year its
-- numbered items are in is recomputed for the old body if its time came
-- from this meeting, and lowered for the new body.
CREATE TRIGGER numbering_years_meetings_ua AFTER UPDATE ON meetings
WHEN OLD.agenda_published_at IS NOT NEW.agenda_published_at OR OLD.body_id IS NOT NEW.body_id
BEGIN
    DELETE FROM numbering_years
    WHERE body_id = OLD.body_id
      AND first_numbered_at >= (
          SELECT CASE WHEN OLD.agenda_published_at IS NULL OR OLD.agenda_published_at < min(i.created_at)
                      THEN min(i.created_at) ELSE OLD.agenda_published_at END
          FROM items i
          WHERE i.meeting_id = OLD.id AND i.minute_year = numbering_years.numbering_year
          HAVING count(*) > 0);
    INSERT INTO numbering_years (body_id, numbering_year, first_numbered_at)
    SELECT m.body_id, i.minute_year,
           min(CASE WHEN m.agenda_published_at IS NULL OR m.agenda_published_at < i.created_at
                    THEN i.created_at ELSE m.agenda_published_at END)
    FROM items i JOIN meetings m ON m.id = i.meeting_id
    WHERE m.body_id = OLD.body_id
      AND i.minute_year IN (
          SELECT y.minute_year FROM items y
          WHERE y.meeting_id = OLD.id AND y.minute_year IS NOT NULL
            AND NOT EXISTS (
                SELECT 1 FROM numbering_years n
                WHERE n.body_id = OLD.body_id AND n.numbering_year = y.minute_year))
    GROUP BY m.body_id, i.minute_year;
    INSERT INTO numbering_years (body_id, numbering_year, first_numbered_at)
    SELECT NEW.body_id, i.minute_year,
           CASE WHEN NEW.agenda_published_at IS NULL OR NEW.agenda_published_at < min(i.created_at)
                THEN min(i.created_at) ELSE NEW.agenda_published_at END
    FROM items i
    WHERE i.meeting_id = NEW.id AND i.minute_year IS NOT NULL
    GROUP BY i.minute_year
    ON CONFLICT (body_id, numbering_year) DO UPDATE
    SET first_numbered_at = excluded.first_numbered_at
    WHERE excluded.first_numbered_at < numbering_years.first_numbered_at;
END;

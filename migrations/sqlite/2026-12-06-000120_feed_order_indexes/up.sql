-- The feeds read the latest published agendas (by publication) and the
-- latest public minutes (by last change), of one body or of all: these
-- indexes give both in order, so a feed reads its 30 newest meetings
-- rather than sorting every meeting of a long history.
CREATE INDEX meetings_body_agenda_published ON meetings (body_id, agenda_published_at, id);
CREATE INDEX meetings_agenda_published ON meetings (agenda_published_at, id);
CREATE INDEX meetings_body_updated_at ON meetings (body_id, updated_at, id);
DROP INDEX meetings_updated_at;
CREATE INDEX meetings_updated_at ON meetings (updated_at, id);

DROP INDEX meetings_updated_at;
CREATE INDEX meetings_updated_at ON meetings (updated_at);
DROP INDEX meetings_body_updated_at;
DROP INDEX meetings_agenda_published;
DROP INDEX meetings_body_agenda_published;

-- Every body's meetings by date (the all-bodies calendar, the OParl and
-- web-service lists across bodies) walk this index from the newest and
-- stop at the limit, instead of reading and sorting every meeting.
CREATE INDEX meetings_starts_desc ON meetings (starts_at DESC, id DESC);

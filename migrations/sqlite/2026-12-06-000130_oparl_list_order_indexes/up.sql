-- OParl lists are ordered by (created, id) and read from a cursor: these
-- indexes give a page in order from the cursor on, rather than sorting a
-- whole table (every agenda item of a long history) for each page.
CREATE INDEX meetings_created_at ON meetings (created_at, id);
CREATE INDEX items_created_at ON items (created_at, id);
CREATE INDEX documents_created_at ON documents (created_at, id);

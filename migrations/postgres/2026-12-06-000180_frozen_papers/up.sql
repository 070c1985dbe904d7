-- The confirmed record includes its papers: once a meeting's minutes are
-- confirmed, no statement may add, change or remove a paper of its items
-- (the same rule, and the same message, as the rest of the frozen minutes).
CREATE TRIGGER frozen_documents BEFORE INSERT OR UPDATE OR DELETE ON documents
    FOR EACH ROW EXECUTE FUNCTION frozen_by_item();

-- The minute book covers the papers too: an entry made from now on keeps
-- the list of the meeting's papers it confirmed (one line per paper: id,
-- SHA-256, title), and its hash covers that list's SHA-256. Entries made
-- before keep none (their hash is the first version's).
ALTER TABLE minute_book_entries ADD COLUMN papers TEXT;

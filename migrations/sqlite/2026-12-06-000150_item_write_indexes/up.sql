-- A write to one item of a long agenda reads only what it needs:
-- the items still to be numbered (a new item of a published agenda takes
-- the next number), and the search rows of one item and its parts.
CREATE INDEX items_unnumbered ON items (meeting_id, position)
    WHERE parent_id IS NULL AND deleted_at IS NULL AND minute_number IS NULL;
CREATE INDEX search_entries_item ON search_entries (item_id);

-- A meeting's live top-level items by position: where an appended item
-- goes is read from this index's edge (store::items::append_point), not
-- from every item of the agenda.
CREATE INDEX items_top_live ON items (meeting_id, position)
    WHERE parent_id IS NULL AND deleted_at IS NULL;

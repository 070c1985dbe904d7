DROP INDEX search_entries_item;
DROP INDEX items_unnumbered;

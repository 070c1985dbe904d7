DROP INDEX items_top_live;

DROP TABLE call_ins;
DROP TABLE decisions;
DROP TABLE forward_plan_items;
DROP TABLE forward_plan_notices;
DROP TABLE forward_plan_entries;
DROP TABLE call_in_settings;

DROP TRIGGER numbering_years_meetings_ua;
DROP TRIGGER numbering_years_items_da;
DROP TRIGGER numbering_years_items_ua;
DROP TRIGGER numbering_years_items_ia;
DROP INDEX items_minute_year;
DROP TABLE numbering_years;

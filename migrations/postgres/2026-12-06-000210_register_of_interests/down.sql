ALTER TABLE people DROP COLUMN register_notified_on;
DROP TABLE dispensations;
DROP TABLE gifts;
DROP TABLE interests;
DROP TABLE interest_categories;

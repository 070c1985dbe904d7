ALTER TABLE meetings DROP COLUMN preamble;

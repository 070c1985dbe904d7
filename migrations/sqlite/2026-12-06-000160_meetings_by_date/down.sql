DROP INDEX meetings_starts_desc;

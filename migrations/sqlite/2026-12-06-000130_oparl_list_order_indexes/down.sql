DROP INDEX documents_created_at;
DROP INDEX items_created_at;
DROP INDEX meetings_created_at;

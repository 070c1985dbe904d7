ALTER TABLE approval_requests DROP COLUMN opened_at;

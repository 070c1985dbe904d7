-- When the chair first opened the approval link (the desk shows sent,
-- opened, decided). A mail scanner that follows links opens it too.
ALTER TABLE approval_requests ADD COLUMN opened_at TIMESTAMP;

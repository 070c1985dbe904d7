-- Stable integer ids for the modern.gov-compatible web service, and signed
-- webhooks (subscriptions, a delivery outbox, every attempt).

-- One integer per (kind, uuid), handed out once and never reused
-- (AUTOINCREMENT never gives a number twice, even after a delete). Written
-- by the triggers below in the same transaction as the row they number, so
-- a public GET never writes.
CREATE TABLE mgws_ids (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    uuid TEXT NOT NULL,
    UNIQUE (kind, uuid)
);
CREATE INDEX mgws_ids_uuid ON mgws_ids (uuid);

-- What existed before this migration, oldest first.
INSERT INTO mgws_ids (kind, uuid) SELECT 'body', id FROM bodies ORDER BY created_at, id;
INSERT INTO mgws_ids (kind, uuid) SELECT 'person', id FROM people ORDER BY created_at, id;
INSERT INTO mgws_ids (kind, uuid) SELECT 'meeting', id FROM meetings ORDER BY created_at, id;
INSERT INTO mgws_ids (kind, uuid) SELECT 'item', id FROM items ORDER BY created_at, id;
INSERT INTO mgws_ids (kind, uuid) SELECT 'document', id FROM documents ORDER BY created_at, id;

CREATE TRIGGER mgws_ids_bodies AFTER INSERT ON bodies BEGIN
    INSERT OR IGNORE INTO mgws_ids (kind, uuid) VALUES ('body', NEW.id);
END;
CREATE TRIGGER mgws_ids_people AFTER INSERT ON people BEGIN
    INSERT OR IGNORE INTO mgws_ids (kind, uuid) VALUES ('person', NEW.id);
END;
CREATE TRIGGER mgws_ids_meetings AFTER INSERT ON meetings BEGIN
    INSERT OR IGNORE INTO mgws_ids (kind, uuid) VALUES ('meeting', NEW.id);
END;
CREATE TRIGGER mgws_ids_items AFTER INSERT ON items BEGIN
    INSERT OR IGNORE INTO mgws_ids (kind, uuid) VALUES ('item', NEW.id);
END;
CREATE TRIGGER mgws_ids_documents AFTER INSERT ON documents BEGIN
    INSERT OR IGNORE INTO mgws_ids (kind, uuid) VALUES ('document', NEW.id);
END;

-- Webhook subscriptions. The secret signs deliveries, so it is kept as
-- given (it cannot be hashed); it is shown to the admin once.
CREATE TABLE webhooks (
    id TEXT PRIMARY KEY NOT NULL,
    url TEXT NOT NULL,
    -- JSON array of event types.
    events TEXT NOT NULL,
    secret TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1
);

-- The webhook outbox: one row per (subscription, event), written in the
-- same transaction as the change; the worker claims due rows with a lease.
CREATE TABLE webhook_deliveries (
    id TEXT PRIMARY KEY NOT NULL,
    webhook_id TEXT NOT NULL REFERENCES webhooks (id),
    event_type TEXT NOT NULL,
    -- The Standard Webhooks `webhook-id`: the same on every retry.
    msg_id TEXT NOT NULL UNIQUE,
    payload TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    lease_until TIMESTAMP,
    last_error TEXT,
    last_status_code INTEGER,
    delivered_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, created_at);

CREATE TABLE webhook_attempts (
    id TEXT PRIMARY KEY NOT NULL,
    delivery_id TEXT NOT NULL REFERENCES webhook_deliveries (id),
    at TIMESTAMP NOT NULL,
    ok BOOLEAN NOT NULL,
    status_code INTEGER,
    error TEXT,
    duration_ms BIGINT NOT NULL
);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_id, at);

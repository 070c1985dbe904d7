-- The clerk's desk: staff accounts (a work email with a role, made by an
-- admin), single-use sign-in links sent by email (only their hash kept),
-- and browser sessions (only their hash kept; a per-session token guards
-- every form against cross-site requests).
CREATE TABLE staff_accounts (
    id TEXT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    disabled_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE sign_in_links (
    token_hash TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL REFERENCES staff_accounts (id),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX sign_in_links_account ON sign_in_links (account_id, created_at);

CREATE TABLE desk_sessions (
    id TEXT PRIMARY KEY NOT NULL,
    account_id TEXT NOT NULL REFERENCES staff_accounts (id),
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_seen_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
CREATE INDEX desk_sessions_account ON desk_sessions (account_id);

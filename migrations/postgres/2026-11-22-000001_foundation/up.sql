-- minutebook foundation schema. Ids are UUID text, timestamps are UTC.
CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE bodies (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    minute_prefix TEXT NOT NULL,
    kind TEXT NOT NULL,
    numbering_format TEXT NOT NULL,
    year_start_month INTEGER NOT NULL,
    description TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX bodies_updated_at ON bodies (updated_at);
CREATE INDEX bodies_created_at ON bodies (created_at, id);

CREATE TABLE people (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    honorific TEXT,
    organisation TEXT,
    email TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX people_updated_at ON people (updated_at);
CREATE INDEX people_created_at ON people (created_at, id);

CREATE TABLE memberships (
    id TEXT PRIMARY KEY NOT NULL,
    body_id TEXT NOT NULL REFERENCES bodies (id),
    person_id TEXT NOT NULL REFERENCES people (id),
    role TEXT NOT NULL,
    organisation TEXT,
    start_date DATE,
    end_date DATE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX memberships_body ON memberships (body_id, created_at, id);
CREATE INDEX memberships_person ON memberships (person_id);
CREATE INDEX memberships_updated_at ON memberships (updated_at);

CREATE TABLE meetings (
    id TEXT PRIMARY KEY NOT NULL,
    body_id TEXT NOT NULL REFERENCES bodies (id),
    title TEXT,
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP,
    venue_name TEXT,
    venue_address TEXT,
    venue_postcode TEXT,
    contact_name TEXT,
    contact_role TEXT,
    contact_email TEXT,
    status TEXT NOT NULL,
    minutes_status TEXT NOT NULL,
    agenda_published_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX meetings_body_starts ON meetings (body_id, starts_at, id);
CREATE INDEX meetings_updated_at ON meetings (updated_at);

CREATE TABLE items (
    id TEXT PRIMARY KEY NOT NULL,
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    parent_id TEXT REFERENCES items (id),
    position INTEGER NOT NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    presenter TEXT,
    restricted BOOLEAN NOT NULL DEFAULT FALSE,
    restricted_paragraph INTEGER,
    restricted_reason TEXT,
    public_summary TEXT,
    minutes TEXT,
    minute_number TEXT,
    minute_seq INTEGER,
    minute_year INTEGER,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX items_meeting ON items (meeting_id, position);
CREATE INDEX items_parent ON items (parent_id);
CREATE INDEX items_updated_at ON items (updated_at);

CREATE TABLE minute_counters (
    body_id TEXT NOT NULL REFERENCES bodies (id),
    numbering_year INTEGER NOT NULL,
    last_number INTEGER NOT NULL,
    PRIMARY KEY (body_id, numbering_year)
);

CREATE TABLE outcomes (
    id TEXT PRIMARY KEY NOT NULL,
    item_id TEXT NOT NULL REFERENCES items (id),
    position INTEGER NOT NULL,
    verb TEXT NOT NULL,
    text TEXT NOT NULL,
    parts TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX outcomes_item ON outcomes (item_id, position);
CREATE INDEX outcomes_updated_at ON outcomes (updated_at);

CREATE TABLE declarations (
    id TEXT PRIMARY KEY NOT NULL,
    item_id TEXT NOT NULL REFERENCES items (id),
    person_id TEXT NOT NULL REFERENCES people (id),
    nature TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX declarations_item ON declarations (item_id);

CREATE TABLE actions (
    id TEXT PRIMARY KEY NOT NULL,
    item_id TEXT NOT NULL REFERENCES items (id),
    description TEXT NOT NULL,
    owner TEXT,
    due_date DATE,
    status TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX actions_item ON actions (item_id);

CREATE TABLE documents (
    id TEXT PRIMARY KEY NOT NULL,
    item_id TEXT NOT NULL REFERENCES items (id),
    title TEXT NOT NULL,
    filename TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    storage_key TEXT NOT NULL,
    restricted BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX documents_item ON documents (item_id);
CREATE INDEX documents_updated_at ON documents (updated_at);

CREATE TABLE attendance (
    id TEXT PRIMARY KEY NOT NULL,
    meeting_id TEXT NOT NULL REFERENCES meetings (id),
    person_id TEXT NOT NULL REFERENCES people (id),
    status TEXT NOT NULL,
    chair BOOLEAN NOT NULL DEFAULT FALSE,
    organisation TEXT,
    substitute_for TEXT REFERENCES people (id),
    position INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX attendance_meeting ON attendance (meeting_id, position);

CREATE TABLE audit_log (
    id TEXT PRIMARY KEY NOT NULL,
    at TIMESTAMP NOT NULL,
    actor TEXT NOT NULL,
    token_id TEXT,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    action TEXT NOT NULL,
    changes TEXT NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at, id);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);

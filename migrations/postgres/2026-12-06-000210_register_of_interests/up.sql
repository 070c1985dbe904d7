-- The register of members' interests (Localism Act 2011 ss.29-34; the
-- Relevant Authorities (Disclosable Pecuniary Interests) Regulations 2012):
-- categories as data (Welsh and Scottish codes differ), entries closed and
-- never deleted, sensitive ones withheld (s.32), gifts and hospitality, and
-- dispensations (s.33, at most four years).
CREATE TABLE interest_categories (
    code TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    disclosable BOOLEAN NOT NULL,
    position INTEGER NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    retired_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1
);
INSERT INTO interest_categories (code, name, disclosable, position, created_at, updated_at) VALUES
    ('employment', 'Employment, office, trade, profession or vocation', TRUE, 1, '2026-12-06 00:00:00', '2026-12-06 00:00:00'),
    ('sponsorship', 'Sponsorship', TRUE, 2, '2026-12-06 00:00:00', '2026-12-06 00:00:00'),
    ('contracts', 'Contracts', TRUE, 3, '2026-12-06 00:00:00', '2026-12-06 00:00:00'),
    ('land', 'Land', TRUE, 4, '2026-12-06 00:00:00', '2026-12-06 00:00:00'),
    ('licences', 'Licences', TRUE, 5, '2026-12-06 00:00:00', '2026-12-06 00:00:00'),
    ('corporate_tenancies', 'Corporate tenancies', TRUE, 6, '2026-12-06 00:00:00', '2026-12-06 00:00:00'),
    ('securities', 'Securities', TRUE, 7, '2026-12-06 00:00:00', '2026-12-06 00:00:00'),
    ('other_registrable', 'Other registrable interests', FALSE, 8, '2026-12-06 00:00:00', '2026-12-06 00:00:00'),
    ('non_registrable', 'Non-registrable interests', FALSE, 9, '2026-12-06 00:00:00', '2026-12-06 00:00:00');

CREATE TABLE interests (
    id TEXT PRIMARY KEY NOT NULL,
    person_id TEXT NOT NULL REFERENCES people (id),
    category TEXT NOT NULL REFERENCES interest_categories (code),
    description TEXT NOT NULL,
    -- 'member' or 'spouse_or_partner': kept for the monitoring officer,
    -- published without saying which.
    whose TEXT NOT NULL,
    start_date DATE,
    end_date DATE,
    notified_on DATE NOT NULL,
    sensitive BOOLEAN NOT NULL DEFAULT FALSE,
    -- The declaration at a meeting this entry registers, if any.
    declaration_id TEXT REFERENCES declarations (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX interests_person ON interests (person_id, category);

CREATE TABLE gifts (
    id TEXT PRIMARY KEY NOT NULL,
    person_id TEXT NOT NULL REFERENCES people (id),
    donor TEXT NOT NULL,
    description TEXT NOT NULL,
    value_pence BIGINT,
    received_on DATE NOT NULL,
    notified_on DATE,
    accepted BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX gifts_person ON gifts (person_id, received_on);

CREATE TABLE dispensations (
    id TEXT PRIMARY KEY NOT NULL,
    person_id TEXT NOT NULL REFERENCES people (id),
    scope TEXT NOT NULL,
    -- What it covers: one item, every item of one body, or (both empty)
    -- every business of the council.
    body_id TEXT REFERENCES bodies (id),
    item_id TEXT REFERENCES items (id),
    grounds TEXT NOT NULL,
    granted_by TEXT NOT NULL,
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX dispensations_person ON dispensations (person_id, start_date);

-- The date a member last notified their register complete (nil or not):
-- the 28-day duty on taking office.
ALTER TABLE people ADD COLUMN register_notified_on DATE;

-- Councillors: wards and political groups as data (retired, never deleted,
-- once in use), a person's public details, terms of office (a councillor's
-- ward and party on any date come from these), a photo, and attendance's
-- virtual presence and reason for absence.
CREATE TABLE wards (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    ons_code TEXT,
    start_date DATE,
    end_date DATE,
    retired_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX wards_name ON wards (name, id);

CREATE TABLE parties (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    short_name TEXT,
    colour TEXT,
    retired_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX parties_name ON parties (name, id);

ALTER TABLE people ADD COLUMN title TEXT;
ALTER TABLE people ADD COLUMN given_name TEXT;
ALTER TABLE people ADD COLUMN family_name TEXT;
ALTER TABLE people ADD COLUMN public_email TEXT;
ALTER TABLE people ADD COLUMN public_phone TEXT;
ALTER TABLE people ADD COLUMN public_address TEXT;
ALTER TABLE people ADD COLUMN biography TEXT;
-- A JSON array of strings: "Leader of the Council", a portfolio.
ALTER TABLE people ADD COLUMN posts TEXT;

CREATE TABLE terms_of_office (
    id TEXT PRIMARY KEY NOT NULL,
    person_id TEXT NOT NULL REFERENCES people (id),
    ward_id TEXT NOT NULL REFERENCES wards (id),
    party_id TEXT NOT NULL REFERENCES parties (id),
    start_date DATE NOT NULL,
    end_date DATE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX terms_of_office_person ON terms_of_office (person_id, start_date);
CREATE INDEX terms_of_office_ward ON terms_of_office (ward_id);
CREATE INDEX terms_of_office_party ON terms_of_office (party_id);

CREATE TABLE person_photos (
    person_id TEXT PRIMARY KEY NOT NULL REFERENCES people (id),
    content_type TEXT NOT NULL,
    width INTEGER NOT NULL,
    height INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    bytes BLOB NOT NULL,
    updated_at TIMESTAMP NOT NULL
);

ALTER TABLE attendance ADD COLUMN attended_virtually BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE attendance ADD COLUMN absence_reason TEXT;

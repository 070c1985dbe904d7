-- The executive's decisions and the clocks the law puts on them: decision
-- records, the council's call-in rules (one row), call-ins, and the forward
-- plan (notice of key decisions and of private items) with its general
-- exception and special urgency notices and the agenda items that consider
-- each matter.
CREATE TABLE call_in_settings (
    id TEXT PRIMARY KEY NOT NULL,
    rules TEXT NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE forward_plan_entries (
    id TEXT PRIMARY KEY NOT NULL,
    reference TEXT NOT NULL,
    matter TEXT NOT NULL,
    decision_maker TEXT NOT NULL,
    maker_body_id TEXT REFERENCES bodies (id),
    due_date DATE,
    due_month TEXT,
    key_decision BOOLEAN NOT NULL,
    key_reason TEXT,
    wards TEXT,
    private BOOLEAN NOT NULL DEFAULT FALSE,
    exempt_paragraph INTEGER,
    -- Why it is taken in private: never published beyond its paragraph.
    private_reasons TEXT,
    objections TEXT,
    consultees TEXT,
    representations TEXT,
    documents TEXT,
    portfolio TEXT,
    lead_officer TEXT,
    first_published_at TIMESTAMP,
    status TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX forward_plan_entries_due ON forward_plan_entries (due_date, id);

CREATE TABLE forward_plan_notices (
    id TEXT PRIMARY KEY NOT NULL,
    entry_id TEXT NOT NULL REFERENCES forward_plan_entries (id),
    kind TEXT NOT NULL,
    published_at TIMESTAMP NOT NULL,
    chair_name TEXT NOT NULL,
    reasons TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX forward_plan_notices_entry ON forward_plan_notices (entry_id);

CREATE TABLE forward_plan_items (
    entry_id TEXT NOT NULL REFERENCES forward_plan_entries (id),
    item_id TEXT NOT NULL REFERENCES items (id),
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (entry_id, item_id)
);
CREATE INDEX forward_plan_items_item ON forward_plan_items (item_id);

CREATE TABLE decisions (
    id TEXT PRIMARY KEY NOT NULL,
    reference TEXT NOT NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    maker_body_id TEXT REFERENCES bodies (id),
    maker_person_id TEXT REFERENCES people (id),
    maker_post TEXT,
    item_id TEXT REFERENCES items (id),
    entry_id TEXT REFERENCES forward_plan_entries (id),
    key_decision BOOLEAN NOT NULL,
    key_reason TEXT,
    wards TEXT,
    made_on DATE NOT NULL,
    decision_text TEXT NOT NULL,
    parts TEXT,
    reasons TEXT NOT NULL,
    alternatives TEXT,
    conflicts TEXT,
    exempt_paragraph INTEGER,
    -- The restricted part: never published.
    exempt_text TEXT,
    urgent BOOLEAN NOT NULL DEFAULT FALSE,
    urgency_agreed_by TEXT,
    urgency_reason TEXT,
    status TEXT NOT NULL,
    published_at TIMESTAMP,
    call_in_deadline TIMESTAMP,
    effective_at TIMESTAMP,
    reconsiders_id TEXT REFERENCES decisions (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX decisions_made ON decisions (made_on, id);
CREATE INDEX decisions_due ON decisions (status, call_in_deadline);

CREATE TABLE call_ins (
    id TEXT PRIMARY KEY NOT NULL,
    decision_id TEXT NOT NULL REFERENCES decisions (id),
    signatories TEXT NOT NULL,
    grounds TEXT NOT NULL,
    particulars TEXT,
    received_at TIMESTAMP NOT NULL,
    meeting_due DATE NOT NULL,
    outcome TEXT,
    outcome_meeting_id TEXT REFERENCES meetings (id),
    outcome_at TIMESTAMP,
    reconsider_due DATE,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX call_ins_decision ON call_ins (decision_id);

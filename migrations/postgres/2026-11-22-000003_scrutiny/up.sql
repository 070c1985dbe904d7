-- Scrutiny reviews, their numbered recommendations (with lettered parts and
-- the action-plan columns), and the graded progress updates that come back
-- in rounds named by period.
CREATE TABLE scrutiny_reviews (
    id TEXT PRIMARY KEY NOT NULL,
    body_id TEXT REFERENCES bodies (id),
    title TEXT NOT NULL,
    -- JSON array of names, in the order given.
    link_officers TEXT NOT NULL,
    -- As the clerk wrote it ("March 2022"), and the date it is taken to mean.
    action_plan_agreed TEXT,
    action_plan_agreed_date DATE,
    select_committee TEXT,
    executive_date TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX scrutiny_reviews_body ON scrutiny_reviews (body_id);
CREATE INDEX scrutiny_reviews_created_at ON scrutiny_reviews (created_at, id);
CREATE INDEX scrutiny_reviews_updated_at ON scrutiny_reviews (updated_at);

CREATE TABLE scrutiny_recommendations (
    id TEXT PRIMARY KEY NOT NULL,
    review_id TEXT NOT NULL REFERENCES scrutiny_reviews (id),
    -- "2", or a label such as "3a"; sort_key orders them numerically.
    number TEXT NOT NULL,
    sort_key INTEGER NOT NULL,
    text TEXT NOT NULL,
    -- JSON array of lettered parts: {letter, text, proposed_action,
    -- post_title, budget_cost, timescale}.
    parts TEXT NOT NULL,
    responsibility TEXT,
    target TEXT,
    target_date DATE,
    agreed_action TEXT,
    success_measure TEXT,
    proposed_action TEXT,
    post_title TEXT,
    budget_cost TEXT,
    timescale TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX scrutiny_recommendations_number ON scrutiny_recommendations (review_id, number) WHERE deleted_at IS NULL;
CREATE INDEX scrutiny_recommendations_review ON scrutiny_recommendations (review_id, sort_key, id);
CREATE INDEX scrutiny_recommendations_target ON scrutiny_recommendations (target_date);
CREATE INDEX scrutiny_recommendations_updated_at ON scrutiny_recommendations (updated_at);

CREATE TABLE scrutiny_updates (
    id TEXT PRIMARY KEY NOT NULL,
    recommendation_id TEXT NOT NULL REFERENCES scrutiny_recommendations (id),
    review_id TEXT NOT NULL REFERENCES scrutiny_reviews (id),
    period TEXT NOT NULL,
    -- The period folded for comparison: one round per recommendation and period.
    period_key TEXT NOT NULL,
    period_date DATE,
    evidence_of_progress TEXT NOT NULL,
    grade INTEGER NOT NULL CHECK (grade BETWEEN 1 AND 4),
    grade_explanation TEXT,
    evidence_of_impact TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX scrutiny_updates_period ON scrutiny_updates (recommendation_id, period_key) WHERE deleted_at IS NULL;
CREATE INDEX scrutiny_updates_recommendation ON scrutiny_updates (recommendation_id, created_at, id);
CREATE INDEX scrutiny_updates_review ON scrutiny_updates (review_id);
CREATE INDEX scrutiny_updates_updated_at ON scrutiny_updates (updated_at);

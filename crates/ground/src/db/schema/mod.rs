//! The tables, one module per aggregate, generated from the PostgreSQL
//! migrations by `bench/gen-schema.sh` (diesel print-schema; the filters are
//! in `diesel.toml`, and CI fails when a file differs from what it prints).
//! SQLite's tables have the same columns and types through `MultiConnection`.
//! Every table is re-exported here, so a query names `schema::items`.
//!
//! What is written by hand is below: the joins *between* aggregates that
//! queries use (diesel prints only those inside one file).

/// Who may do what, and what was done: API tokens, the audit log, idempotency keys.
mod access;
/// A body's meetings and what happens at them: items, outcomes, declarations,
/// attendance, votes, actions, and the counters kept by triggers.
mod agenda;
/// The executive's decisions, call-ins and the forward plan.
mod executive;
/// Imported documents and the meeting or review each became.
mod importing;
/// People and their places on bodies; councillors' wards, parties, terms of
/// office and photos.
mod members;
/// The minutes' revisions and milestones, the chair's approvals, the minute book.
mod minutes;
/// Mail in the outbox, webhooks and their deliveries, the web service's ids.
mod outbound;
/// Papers and their extracted text.
mod papers;
/// Scrutiny reviews, their recommendations and progress updates.
mod scrutiny;
/// The search index. SQLite's FTS5 table `search_fts` and PostgreSQL's
/// generated `document` column are reached only through raw SQL in the
/// search crate.
mod search;

pub use access::*;
pub use agenda::*;
pub use executive::*;
pub use importing::*;
pub use members::*;
pub use minutes::*;
pub use outbound::*;
pub use papers::*;
pub use scrutiny::*;
pub use search::*;

// Every table of one list may appear in a query with every table of the
// other (the pairs across two aggregates that queries join or nest).
macro_rules! across {
    ([$first:ident $(, $rest:ident)*], [$($other:ident),+]) => {
        $(diesel::allow_tables_to_appear_in_same_query!($first, $other);)+
        across!([$($rest),*], [$($other),+]);
    };
    ([], [$($other:ident),+]) => {};
}

// The meetings' tables with every other aggregate's.
across!(
    [
        api_tokens,
        audit_log,
        idempotency_keys,
        imports,
        approved_absences,
        dispensations,
        gifts,
        interest_categories,
        interests,
        memberships,
        parties,
        people,
        person_photos,
        terms_of_office,
        wards,
        approval_requests,
        minute_book_entries,
        minutes_dirty,
        minutes_milestones,
        minutes_revisions,
        mgws_ids,
        outbox,
        outbox_attempts,
        webhook_attempts,
        webhook_deliveries,
        webhooks,
        document_texts,
        documents,
        scrutiny_recommendations,
        scrutiny_reviews,
        scrutiny_updates,
        search_dirty,
        search_dirty_items,
        search_entries
    ],
    [
        actions,
        attendance,
        bodies,
        declarations,
        items,
        meeting_changes,
        meeting_documents,
        meetings,
        minute_counters,
        numbering_years,
        outcomes,
        vote_records,
        votes
    ]
);
// Decisions and the forward plan with the meetings' tables and people.
across!(
    [
        call_in_settings,
        call_ins,
        decisions,
        decision_links,
        decision_revocations,
        forward_plan_entries,
        forward_plan_items,
        forward_plan_notices
    ],
    [
        actions,
        attendance,
        bodies,
        declarations,
        items,
        meeting_changes,
        meetings,
        minute_counters,
        numbering_years,
        outcomes,
        vote_records,
        votes,
        people,
        memberships
    ]
);
// People with the minutes' approvals.
across!(
    [memberships, people],
    [
        approval_requests,
        minute_book_entries,
        minutes_dirty,
        minutes_milestones,
        minutes_revisions
    ]
);

// The foreign keys between aggregates.
diesel::joinable!(approval_requests -> meetings (meeting_id));
diesel::joinable!(approval_requests -> people (to_person_id));
diesel::joinable!(declarations -> people (person_id));
diesel::joinable!(decisions -> bodies (maker_body_id));
diesel::joinable!(decisions -> items (item_id));
diesel::joinable!(forward_plan_items -> items (item_id));
diesel::joinable!(documents -> items (item_id));
diesel::joinable!(imports -> bodies (body_id));
diesel::joinable!(imports -> meetings (meeting_id));
diesel::joinable!(imports -> scrutiny_reviews (review_id));
diesel::joinable!(memberships -> bodies (body_id));
diesel::joinable!(minute_book_entries -> bodies (body_id));
diesel::joinable!(minute_book_entries -> meetings (meeting_id));
diesel::joinable!(minutes_dirty -> meetings (meeting_id));
diesel::joinable!(minutes_milestones -> meetings (meeting_id));
diesel::joinable!(minutes_revisions -> meetings (meeting_id));
diesel::joinable!(scrutiny_reviews -> bodies (body_id));
diesel::joinable!(vote_records -> people (person_id));
diesel::joinable!(votes -> people (casting_person_id));

//! The API test suite: the real service, a real database (SQLite, or
//! PostgreSQL when MINUTEBOOK_TEST_DATABASE_URL is set), real HTTP.

#![expect(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "test helpers fail loudly"
)]

mod helpers;

mod access;
mod accessibility;
mod approval;
mod attendance_record;
mod bodies;
mod body_years;
mod browser;
mod conditional_get;
mod contract;
mod councillors;
mod decision_pages;
mod decisions;
mod desk;
mod desk_agenda;
mod desk_browser;
mod desk_cycle;
mod desk_import;
mod desk_room;
mod edges;
mod feeds;
mod hardening;
mod idempotency;
mod imports;
mod interests;
mod kept_documents;
mod limits;
mod meetings;
mod member_pages;
mod mgws;
mod migrations;
mod minute_book;
mod minutes;
mod no_leaks;
mod numbering;
mod oparl;
mod pack;
mod public_pages;
mod query_count;
mod render;
mod resilience;
mod revisions;
mod scaleout;
mod scrutiny;
mod search;
mod search_bounds;
mod search_papers;
mod smtp;
mod votes;
mod webdriver;
mod webhooks;

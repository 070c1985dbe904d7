//! The API test suite: the real service, a real database (SQLite, or
//! PostgreSQL when MINUTEBOOK_TEST_DATABASE_URL is set), real HTTP.

#![expect(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "test helpers fail loudly"
)]

mod helpers;

mod access;
mod approval;
mod bodies;
mod browser;
mod edges;
mod feeds;
mod hardening;
mod imports;
mod meetings;
mod mgws;
mod migrations;
mod minutes;
mod no_leaks;
mod numbering;
mod oparl;
mod public_pages;
mod query_count;
mod render;
mod revisions;
mod scrutiny;
mod search;
mod smtp;
mod webdriver;
mod webhooks;

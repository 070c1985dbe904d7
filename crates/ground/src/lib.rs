//! The ground every layer stands on: the one error type (answered as
//! `application/problem+json`), the settings, and the database — the
//! connection enum over SQLite and PostgreSQL, the pools, the embedded
//! migrations and the schema.

pub mod config;
pub mod db;
pub mod error;

//! Scrutiny: recommendations of a review and the graded rounds of progress
//! on each. The rules (one recommendation per number in a review, one
//! round per period of a recommendation, text or parts, dates derived from
//! free text) are applied here, inside the caller's write transaction, for
//! the API and the importer alike.

pub mod recommendations;
pub mod reviews;
pub mod updates;

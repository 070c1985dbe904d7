//! Use cases of the agenda: add, change and withdraw items and their
//! lettered parts, publish the agenda (allocating minute numbers). Each
//! runs inside the caller's write transaction; the rules they apply are
//! plain functions in `domain::agenda`, `domain::numbering` and
//! `domain::lifecycle`. Handlers only extract, validate the shape of the
//! input, call one of these, and respond.

pub mod items;
pub mod meetings;
pub mod papers;
pub mod publish;

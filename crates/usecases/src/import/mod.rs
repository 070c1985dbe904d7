//! Importing an existing minute book: documents (text, Markdown, HTML,
//! PDF, Word) → lines (`extract`) → their structure (`parse`, plain
//! functions) → a meeting made through the agenda and minutes use cases
//! (`apply`), inside the caller's transaction; `run` is the one import
//! every door (the API, `minutebook import`) calls.

pub mod apply;
pub mod archive;
pub mod extract;
pub mod known_people;
pub mod parse;
pub mod review;
pub mod run;
pub mod scrutiny;

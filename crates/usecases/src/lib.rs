//! The use cases: one function per thing a clerk, a chair or the importer
//! does, each run inside the caller's transaction. The API handlers, the
//! command line, the background jobs and the importer all call these; the
//! rules they apply are `minutebook_domain`'s, the rows they write
//! `minutebook_store`'s.

/// Agendas: items (add, change, withdraw) and publication (minute numbers,
/// the s.100B warning).
pub mod agenda;
/// Bodies and their minute numbering.
pub mod bodies;
/// What every write does before it commits (revisions, search).
pub mod commit;
/// The executive's decisions, call-in and the forward plan.
pub mod decisions;
/// An existing minute book taken in: text, Markdown, HTML, PDF and Word.
pub mod import;
/// Minutes: outcomes, declarations, votes, the chair's approval, the
/// revisions and the minute book.
pub mod minutes;
/// People and their memberships of bodies; councillors.
pub mod people;
/// Scrutiny: recommendations and graded progress.
pub mod scrutiny;
/// Staff at the clerk's desk: accounts, sign-in links, sessions.
pub mod staff;
/// Events enqueued in the writing transaction and their signed deliveries.
pub mod webhooks;

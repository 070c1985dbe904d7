//! What every HTTP surface (the API, the public pages, OParl, the
//! modern.gov web service) shares: the application state handlers receive,
//! HTTP semantics (HEAD, `405`, security headers), limits, idempotency
//! keys, and how published documents are answered (ETags, cache policy,
//! error pages). No surface imports another; they all stand on this.

/// A request body that stops arriving is cut off (`408`).
pub mod body_deadline;
/// Field errors gathered so a clerk sees all of them at once.
pub mod check;
/// Connections per client address bounded (`429`, `/healthz` exempt).
pub mod connections;
/// A meeting's agenda, minutes and reports pack, answered the same from
/// every surface.
pub mod documents;
/// HEAD as GET, `405` with `Allow`, `nosniff`, no framing.
pub mod http_semantics;
/// `Idempotency-Key` on every `POST`: the first answer kept and replayed.
pub mod idempotency;
/// Importing a minutes document: received, read, parsed, written.
pub mod imports;
/// Concurrency and rate limits, answered `503`/`429` with `Retry-After`.
pub mod limits;
/// How public pages, fragments, calendars and feeds are answered.
pub mod published;
/// A body read before its handler: small ones in memory, large ones to
/// an unnamed file as they arrive.
pub mod spool;
/// `AppState`: the pools, the writer, the document store, the settings.
pub mod state;
/// Papers uploaded to items: the form read, the file stored and attached.
pub mod uploads;

//! Conditional GETs of a whole meeting: a tag that changes whenever
//! anything the response shows changes, computed in one cheap query before
//! the response is built, so a reader who already has it gets `304 Not
//! Modified` for almost nothing.
//!
//! The tag is `"{version}-{changes}-{body version}-{audience}-{form}-{build}"`:
//! the meeting row's version first (so `If-Match` on a `PATCH` still names
//! the meeting row, see `domain::precondition`), the meeting's change
//! counter (triggers bump it with every change to the meeting, its items,
//! outcomes, declarations, actions, papers, attendance, minutes and the
//! names of people recorded in it), the body's version (its name is shown),
//! who is reading (the public and clerks see different things), the form
//! (the API's JSON or the public page) and the program's version (a new
//! release may show the same data differently).

use super::response_cache::ResponseCache;
use actix_web::web::Bytes;
use minutebook_domain::precondition::none_match;
use minutebook_domain::visibility::{self, Viewer};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_store::meeting_changes::{self, ChangeFacts, KeptDocument};

/// What the tagged response is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    /// `GET /api/v1/meetings/{id}`.
    Json,
    /// The public page `/meetings/{id}`.
    Page,
}

/// Either the client's copy is current, or here is the new one.
pub enum Conditional<T> {
    NotModified { etag: String },
    Modified { etag: String, value: T },
}

/// The meeting's tag for `viewer`, from its change facts `f`; 404
/// whenever `load_meeting` would answer 404 (a draft for the public).
pub fn tag_of(f: &ChangeFacts, viewer: Viewer, form: Form) -> AppResult<String> {
    if !visibility::meeting_visible(viewer, f.facts) {
        return Err(AppError::not_found("meeting"));
    }
    let audience = match viewer {
        Viewer::Public => "public",
        Viewer::Internal => "internal",
    };
    let form = match form {
        Form::Json => "json",
        Form::Page => "page",
    };
    Ok(format!(
        "\"{}-{}-{}-{audience}-{form}-{}\"",
        f.version,
        f.changes,
        f.body_version,
        env!("CARGO_PKG_VERSION")
    ))
}

/// What a response built from the whole meetings `ids` (as the public or
/// a clerk sees them) depends on: changes whenever any of them would read
/// differently, like each one's tag; one query for all of them.
pub fn meetings_fingerprint(conn: &mut DbConn, ids: &[String]) -> AppResult<String> {
    Ok(format!(
        "{}|{}",
        env!("CARGO_PKG_VERSION"),
        meeting_changes::fingerprint(conn, ids)?
    ))
}

/// Which kept document (`meeting_documents.kind`) a response is.
pub fn kind(viewer: Viewer, form: Form) -> &'static str {
    match (viewer, form) {
        (Viewer::Public, Form::Json) => "public-json",
        (Viewer::Public, Form::Page) => "public-page",
        (Viewer::Internal, Form::Json) => "internal-json",
        (Viewer::Internal, Form::Page) => "internal-page",
    }
}

/// How every tag this program makes ends (a document kept by another
/// release is built again, see `store::meeting_documents`).
pub fn tag_suffix() -> String {
    format!("-{}\"", env!("CARGO_PKG_VERSION"))
}

/// One read of a meeting's response, as far as the tag is known.
pub struct Request<'a> {
    /// The meeting.
    pub id: &'a str,
    /// Which document ([`kind`]).
    pub kind: &'static str,
    /// The meeting's tag now (read before anything else of it).
    pub etag: String,
    /// The document kept in the database, read with the tag.
    pub kept: Option<KeptDocument>,
    pub if_none_match: Option<&'a str>,
}

/// Answers `NotModified` when `if_none_match` names the current tag, else
/// the document kept in the database under that tag (read in the same
/// statement as the tag), else the response kept in this instance's
/// `cache`, else builds it with `build` (and keeps it in both: the database
/// through the cache's keeper, in the background). The tag is read first:
/// a change that lands between the two reads can only make the tag older
/// than the body, which costs one more full answer later, never a stale
/// one — a body kept under an older tag is never asked for again, since
/// tags only move forward.
pub fn conditional(
    conn: &mut DbConn,
    cache: &ResponseCache,
    id: &str,
    viewer: Viewer,
    form: Form,
    if_none_match: Option<&str>,
    build: impl FnOnce(&mut DbConn) -> AppResult<Vec<u8>>,
) -> AppResult<Conditional<Bytes>> {
    let kind = kind(viewer, form);
    let (facts, kept) = meeting_changes::facts_with_document(conn, id, kind)?;
    let etag = tag_of(&facts, viewer, form)?;
    let request = Request {
        id,
        kind,
        etag,
        kept,
        if_none_match,
    };
    answer(conn, cache, request, build)
}

/// [`conditional`] once the tag and the kept document are known (read by
/// the caller, as [`tag_of`] makes it, before anything else of the meeting).
pub fn answer(
    conn: &mut DbConn,
    cache: &ResponseCache,
    request: Request<'_>,
    build: impl FnOnce(&mut DbConn) -> AppResult<Vec<u8>>,
) -> AppResult<Conditional<Bytes>> {
    let Request {
        id,
        kind,
        etag,
        kept,
        if_none_match,
    } = request;
    if if_none_match.is_some_and(|h| none_match(h, &etag)) {
        return Ok(Conditional::NotModified { etag });
    }
    if let Some(kept) = kept.filter(|k| k.tag == etag) {
        let value = Bytes::from(kept.body);
        return Ok(Conditional::Modified { etag, value });
    }
    if let Some(value) = cache.get(id, &etag) {
        return Ok(Conditional::Modified { etag, value });
    }
    let value = Bytes::from(build(conn)?);
    cache.put(id, &etag, value.clone());
    cache.keep(id, kind, &etag, &value);
    Ok(Conditional::Modified { etag, value })
}

//! Papers of an item (reports, appendices): attach one whose bytes are
//! already in the document store, or remove one (a tombstone). Adding a
//! paper tells webhook subscribers when the public can see it. Once the
//! minutes are confirmed the papers are part of the record: neither.

use minutebook_domain::access::Actor;
use minutebook_domain::lifecycle::check_papers_editable;
use minutebook_domain::precondition::IfMatch;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_store::documents::DocumentRow;
use minutebook_store::meetings::MeetingRow;
use minutebook_store::{self as store};

use super::items::item_and_meeting;
use crate::webhooks::{self, Event};

/// Refuses a change to the papers of a meeting whose minutes are confirmed
/// (`409`); the database's triggers refuse it too.
pub fn ensure_papers_editable(m: &MeetingRow) -> AppResult<()> {
    check_papers_editable(m.minutes_status()).map_err(AppError::Conflict)
}

/// A paper received and stored under `storage_key`, its type decided.
#[derive(Debug, Clone)]
pub struct NewPaper {
    pub title: String,
    pub filename: String,
    pub media_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub storage_key: String,
    /// Kept from the public even on a public item.
    pub restricted: bool,
}

/// Attaches a stored paper to an item.
pub fn attach(
    conn: &mut DbConn,
    actor: &Actor,
    item_id: &str,
    new: NewPaper,
    public_url: &str,
) -> AppResult<DocumentRow> {
    let (item, meeting) = item_and_meeting(conn, item_id)?;
    ensure_papers_editable(&meeting)?;
    let now = store::now();
    let row = DocumentRow {
        id: store::new_id(),
        item_id: item.id,
        title: new.title,
        filename: new.filename,
        media_type: new.media_type,
        size_bytes: new.size_bytes,
        sha256: new.sha256,
        storage_key: new.storage_key,
        restricted: new.restricted,
        created_at: now,
        updated_at: now,
        deleted_at: None,
        version: 1,
    };
    store::documents::insert(conn, actor, &row)?;
    webhooks::enqueue(conn, Event::PaperAdded, &row.id, public_url)?;
    Ok(row)
}

/// Removes a paper from its item (`If-Match` checked; kept as a tombstone).
pub fn remove(conn: &mut DbConn, actor: &Actor, id: &str, if_match: &IfMatch) -> AppResult<()> {
    let before = store::documents::get(conn, id)?;
    if_match.check(before.version)?;
    let (_, meeting) = item_and_meeting(conn, &before.item_id)?;
    ensure_papers_editable(&meeting)?;
    let mut row = before.clone();
    row.deleted_at = Some(store::now());
    store::documents::save(conn, actor, "delete", &before, &mut row)
}

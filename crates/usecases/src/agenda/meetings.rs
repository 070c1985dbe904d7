//! Meetings: schedule, change (details and status) and delete. The clerk's
//! input is checked for form by the caller; the rules of the domain are
//! applied here, inside the caller's write transaction.

use chrono::NaiveDateTime;
use minutebook_domain::access::Actor;
use minutebook_domain::agenda::check_date_change;
use minutebook_domain::lifecycle::{check_meeting_transition, MeetingStatus};
use minutebook_domain::precondition::IfMatch;
use minutebook_domain::time::london_date;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_store::bodies::BodyRow;
use minutebook_store::{self as store, meetings::MeetingRow};

/// Schedules `row` as a meeting of the body `body_key` (id or slug).
pub fn schedule(
    conn: &mut DbConn,
    actor: &Actor,
    body_key: &str,
    mut row: MeetingRow,
) -> AppResult<(MeetingRow, BodyRow)> {
    let body = store::bodies::get(conn, body_key)?;
    row.body_id = body.id.clone();
    store::meetings::insert(conn, actor, &row)?;
    Ok((row, body))
}

/// A change to a meeting: its start (which a numbered meeting may not move
/// into another numbering year), its status (as the lifecycle allows), and
/// the other details, applied by `details` to the row (which answers a
/// validation error for a bad combination).
pub struct Change<F> {
    pub starts_at: Option<NaiveDateTime>,
    pub status: Option<MeetingStatus>,
    pub details: F,
}

/// Changes a meeting (`If-Match` checked), saves it (version, audit) and
/// tells webhook subscribers what the public sees changed.
pub fn change<F>(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    if_match: &IfMatch,
    public_url: &str,
    change: Change<F>,
) -> AppResult<MeetingRow>
where
    F: FnOnce(&mut MeetingRow) -> AppResult<()>,
{
    let before = store::meetings::get(conn, id)?;
    if_match.check(before.version)?;
    let mut row = before.clone();
    if let Some(t) = change.starts_at {
        if before.status().is_numbered() {
            let body = store::bodies::get(conn, &before.body_id)?;
            check_date_change(
                true,
                london_date(before.starts_at),
                london_date(t),
                body.year_start_month,
            )
            .map_err(AppError::Conflict)?;
        }
        row.starts_at = t;
    }
    (change.details)(&mut row)?;
    if let Some(to) = change.status {
        check_meeting_transition(before.status(), to).map_err(AppError::Conflict)?;
        row.status = to;
    }
    store::meetings::save(conn, actor, "update", &before, &mut row)?;
    crate::webhooks::meeting_changed(conn, &before, &row, public_url)?;
    Ok(row)
}

/// Deletes a draft meeting (a tombstone); a meeting whose agenda is
/// published is cancelled instead, never deleted.
pub fn delete(conn: &mut DbConn, actor: &Actor, id: &str, if_match: &IfMatch) -> AppResult<()> {
    let before = store::meetings::get(conn, id)?;
    if_match.check(before.version)?;
    if before.status() != MeetingStatus::Draft {
        return Err(AppError::Conflict(
            "only a draft meeting can be deleted; a published meeting is cancelled with PATCH {\"status\": \"cancelled\"}".into(),
        ));
    }
    let mut row = before.clone();
    row.deleted_at = Some(store::now());
    store::meetings::save(conn, actor, "delete", &before, &mut row)
}

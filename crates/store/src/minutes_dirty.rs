//! The marks database triggers leave on a meeting whose minutes changed
//! (`minutes_dirty`), until a revision is recorded for them
//! (`minutes::revisions`).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use minutebook_ground::db::schema::{meetings, minutes_dirty};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;

/// Whether the meeting's minutes are marked as changed.
pub fn is_marked(conn: &mut DbConn, meeting_id: &str) -> AppResult<bool> {
    let dirty: Option<String> = minutes_dirty::table
        .find(meeting_id)
        .select(minutes_dirty::meeting_id)
        .first(conn)
        .optional()?;
    Ok(dirty.is_some())
}

/// Removes the meeting's mark; answers how many rows went (0 when another
/// writer took it first).
pub fn clear(conn: &mut DbConn, meeting_id: &str) -> AppResult<usize> {
    Ok(diesel::delete(minutes_dirty::table.find(meeting_id)).execute(conn)?)
}

/// Marked meetings that are not held, or whose minutes are out with the
/// chair: (meeting id, status, minutes status), as stored.
pub fn urgent(
    conn: &mut DbConn,
    held: &str,
    sent_for_approval: &str,
) -> AppResult<Vec<(String, String, String)>> {
    Ok(minutes_dirty::table
        .inner_join(meetings::table.on(meetings::id.eq(minutes_dirty::meeting_id)))
        .filter(
            meetings::status
                .ne(held)
                .or(meetings::minutes_status.eq(sent_for_approval)),
        )
        .select((meetings::id, meetings::status, meetings::minutes_status))
        .load(conn)?)
}

/// Up to `limit` meetings marked at or before `quiet_since`.
pub fn settled(
    conn: &mut DbConn,
    quiet_since: NaiveDateTime,
    limit: i64,
) -> AppResult<Vec<String>> {
    Ok(minutes_dirty::table
        .filter(minutes_dirty::since.le(quiet_since))
        .select(minutes_dirty::meeting_id)
        .limit(limit)
        .load(conn)?)
}

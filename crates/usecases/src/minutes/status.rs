//! Moving the minutes from one status to the next, by the rule of
//! `domain::lifecycle::minutes_after`.

use minutebook_domain::access::Actor;
use minutebook_domain::lifecycle::{minutes_after, MinutesEvent};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_store::{self as store, meetings::MeetingRow};

/// Moves the minutes by `event` (the rule is `domain::lifecycle::minutes_after`);
/// 409 when the move is not allowed.
pub fn move_minutes(
    conn: &mut DbConn,
    actor: &Actor,
    before: &MeetingRow,
    event: MinutesEvent,
) -> AppResult<MeetingRow> {
    let to = minutes_after(before.minutes_status(), event).map_err(AppError::Conflict)?;
    let mut row = before.clone();
    row.minutes_status = to;
    store::meetings::save(
        conn,
        actor,
        &format!("minutes_{}", to.as_str()),
        before,
        &mut row,
    )?;
    Ok(row)
}

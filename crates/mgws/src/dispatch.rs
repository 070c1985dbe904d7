//! Which operation answers a request.

use super::format as f;
use super::ops::{bad, Answer, Params, OPERATIONS};
use super::{lists, meeting, members};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_store as store;

/// Answers one operation (its name in any case).
pub fn answer(
    conn: &mut DbConn,
    operation: &str,
    p: &Params,
    public_url: &str,
) -> AppResult<Answer> {
    let body = match operation.to_ascii_lowercase().as_str() {
        "getcommittees" => lists::get_committees(conn)?,
        "getmeetings" => lists::get_meetings(conn, p)?,
        "getmeeting" => {
            let id = f::parse_int("lMeetingId", p.get("lMeetingId"))
                .map_err(bad)?
                .ok_or_else(|| bad("Missing parameter: lMeetingId.".into()))?;
            let (body, uuid) = meeting::get_meeting(conn, id, public_url)?;
            return Ok(Answer {
                body,
                last_modified: store::mgws::last_change_of_meeting(conn, &uuid)?,
            });
        }
        "getmembergroup" => members::get_member_group(conn, public_url)?,
        "getcommitteesbyuser" => members::get_committees_by_user(conn, p)?,
        "getcouncillorsbyward" => members::get_councillors_by_ward(conn, public_url)?,
        "getallmeetingsbydate" => lists::get_all_meetings_by_date(conn, p)?,
        "getcalendarevents" => lists::get_calendar_events(conn, p)?,
        _ => {
            return Err(AppError::NotFound(format!(
                "Unknown operation: {}. This service answers {}.",
                operation.chars().take(100).collect::<String>(),
                OPERATIONS.join(", ")
            )))
        }
    };
    Ok(Answer {
        body,
        last_modified: store::mgws::last_change(conn)?,
    })
}

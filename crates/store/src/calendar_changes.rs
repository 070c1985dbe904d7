//! What a kept calendar is checked against: a change counter per body and
//! one for every body's calendar (`'*'`), bumped by triggers with any
//! change to a meeting's or a body's row (all a calendar shows). One
//! indexed read, however many meetings the calendar lists.

use super::OrNotFound;
use diesel::prelude::*;
use minutebook_ground::db::schema::{bodies, calendar_changes};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;

/// The live body `key` (its slug or id) and its calendar's change count;
/// 404 when there is no such live body.
pub fn of_body(conn: &mut DbConn, key: &str) -> AppResult<(String, i64)> {
    let by_id = uuid::Uuid::parse_str(key).map(|u| u.to_string()).ok();
    let live = bodies::table
        .inner_join(calendar_changes::table.on(calendar_changes::scope.eq(bodies::id)))
        .filter(bodies::deleted_at.is_null());
    match by_id {
        Some(id) => live
            .filter(bodies::id.eq(id).or(bodies::slug.eq(key)))
            .select((bodies::id, calendar_changes::changes))
            .get_result(conn),
        None => live
            .filter(bodies::slug.eq(key))
            .select((bodies::id, calendar_changes::changes))
            .get_result(conn),
    }
    .or_not_found("body")
}

/// The change count of the calendar of every body.
pub fn of_all(conn: &mut DbConn) -> AppResult<i64> {
    Ok(calendar_changes::table
        .filter(calendar_changes::scope.eq("*"))
        .select(calendar_changes::changes)
        .get_result(conn)
        .optional()?
        .unwrap_or(0))
}

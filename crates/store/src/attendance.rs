//! Who came to a meeting, who sent apologies, who substituted for whom.

use super::{insert_row, save_row, OrNotFound};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use minutebook_domain::access::Actor;
use minutebook_ground::db::schema::attendance;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;
use serde::Serialize;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = attendance, treat_none_as_null = true)]
pub struct AttendanceRow {
    pub id: String,
    pub meeting_id: String,
    pub person_id: String,
    pub status: String,
    pub chair: bool,
    pub organisation: Option<String>,
    pub substitute_for: Option<String>,
    pub position: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub version: i32,
    /// Present (or in attendance) over a video link.
    pub attended_virtually: bool,
    /// Why a member sent apologies or was absent (for the clerk and the
    /// six-month rule; never public).
    pub absence_reason: Option<String>,
}

pub fn insert(conn: &mut DbConn, actor: &Actor, row: &AttendanceRow) -> AppResult<()> {
    insert_row!(attendance, conn, actor, "attendance", row)
}

pub fn save(
    conn: &mut DbConn,
    actor: &Actor,
    action: &str,
    before: &AttendanceRow,
    row: &mut AttendanceRow,
) -> AppResult<()> {
    save_row!(attendance, conn, actor, "attendance", action, before, row)
}

pub fn get(conn: &mut DbConn, id: &str) -> AppResult<AttendanceRow> {
    attendance::table
        .find(id)
        .filter(attendance::deleted_at.is_null())
        .select(AttendanceRow::as_select())
        .get_result(conn)
        .or_not_found("attendance record")
}

pub fn for_meeting(conn: &mut DbConn, meeting_id: &str) -> AppResult<Vec<AttendanceRow>> {
    Ok(attendance::table
        .filter(attendance::meeting_id.eq(meeting_id))
        .filter(attendance::deleted_at.is_null())
        .order((attendance::position.asc(), attendance::created_at.asc()))
        .select(AttendanceRow::as_select())
        .load(conn)?)
}

/// The live record of a person at a meeting, if any.
pub fn find(
    conn: &mut DbConn,
    meeting_id: &str,
    person_id: &str,
) -> AppResult<Option<AttendanceRow>> {
    Ok(attendance::table
        .filter(attendance::meeting_id.eq(meeting_id))
        .filter(attendance::person_id.eq(person_id))
        .filter(attendance::deleted_at.is_null())
        .select(AttendanceRow::as_select())
        .get_result(conn)
        .optional()?)
}

pub fn next_position(conn: &mut DbConn, meeting_id: &str) -> AppResult<i32> {
    let max: Option<i32> = attendance::table
        .filter(attendance::meeting_id.eq(meeting_id))
        .select(diesel::dsl::max(attendance::position))
        .get_result(conn)?;
    Ok(max.unwrap_or(0) + 1)
}

//! What the attendance record and the six-month rule read: meetings held,
//! the marks made at them, members' seats, last attendances and approved
//! absences.

use super::{insert_row, save_row, OrNotFound};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::dsl::max;
use diesel::prelude::*;
use minutebook_domain::access::Actor;
use minutebook_domain::lifecycle::MinutesStatus;
use minutebook_ground::db::schema::{approved_absences, attendance, meetings, memberships};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;
use serde::Serialize;

/// A meeting that was held: not a draft, not cancelled, begun.
#[derive(Debug, Clone, Queryable)]
pub struct HeldRow {
    pub id: String,
    pub body_id: String,
    pub starts_at: NaiveDateTime,
}

/// Meetings held between `from` and `to` (of one body, or all), oldest
/// first; for the public only those whose minutes are published (the
/// record of who came is in them).
pub fn held(
    conn: &mut DbConn,
    body_id: Option<&str>,
    from: NaiveDateTime,
    to: NaiveDateTime,
    public: bool,
) -> AppResult<Vec<HeldRow>> {
    let mut q = meetings::table
        .filter(meetings::deleted_at.is_null())
        .filter(meetings::status.ne_all(["draft", "cancelled"]))
        .filter(meetings::starts_at.ge(from))
        .filter(meetings::starts_at.lt(to))
        .filter(meetings::starts_at.le(crate::now()))
        .into_boxed();
    if let Some(b) = body_id {
        q = q.filter(meetings::body_id.eq(b.to_string()));
    }
    if public {
        q = q.filter(meetings::minutes_status.eq_any([
            MinutesStatus::Published.as_str(),
            MinutesStatus::Confirmed.as_str(),
        ]));
    }
    Ok(q.order((meetings::starts_at.asc(), meetings::id.asc()))
        .select((meetings::id, meetings::body_id, meetings::starts_at))
        .load(conn)?)
}

/// One person's mark at one meeting.
#[derive(Debug, Clone, Queryable)]
pub struct MarkRow {
    pub meeting_id: String,
    pub person_id: String,
    pub status: String,
    pub attended_virtually: bool,
    pub substitute_for: Option<String>,
    pub organisation: Option<String>,
}

/// Every live mark at these meetings.
pub fn marks(conn: &mut DbConn, meeting_ids: &[String]) -> AppResult<Vec<MarkRow>> {
    let mut out = Vec::new();
    // In slices, so a long range stays under the backends' parameter limits.
    for ids in meeting_ids.chunks(500) {
        out.extend(
            attendance::table
                .filter(attendance::meeting_id.eq_any(ids))
                .filter(attendance::deleted_at.is_null())
                .select((
                    attendance::meeting_id,
                    attendance::person_id,
                    attendance::status,
                    attendance::attended_virtually,
                    attendance::substitute_for,
                    attendance::organisation,
                ))
                .load::<MarkRow>(conn)?,
        );
    }
    Ok(out)
}

/// A voting seat on a body (chair, vice-chair or member).
#[derive(Debug, Clone, Queryable)]
pub struct SeatRow {
    pub person_id: String,
    pub body_id: String,
    pub organisation: Option<String>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
}

/// Live voting seats, of a person or of a body.
pub fn seats(
    conn: &mut DbConn,
    person_id: Option<&str>,
    body_id: Option<&str>,
) -> AppResult<Vec<SeatRow>> {
    let mut q = memberships::table
        .filter(memberships::deleted_at.is_null())
        .filter(memberships::role.eq_any(["chair", "vice_chair", "member"]))
        .into_boxed();
    if let Some(p) = person_id {
        q = q.filter(memberships::person_id.eq(p.to_string()));
    }
    if let Some(b) = body_id {
        q = q.filter(memberships::body_id.eq(b.to_string()));
    }
    Ok(
        q.order((memberships::created_at.asc(), memberships::id.asc()))
            .select((
                memberships::person_id,
                memberships::body_id,
                memberships::organisation,
                memberships::start_date,
                memberships::end_date,
            ))
            .load(conn)?,
    )
}

/// When each of these people last attended a meeting as a member (present
/// in the room, virtually or as a substitute), of any body.
pub fn last_attended(
    conn: &mut DbConn,
    people: &[String],
) -> AppResult<Vec<(String, Option<NaiveDateTime>)>> {
    if people.is_empty() {
        return Ok(Vec::new());
    }
    Ok(attendance::table
        .inner_join(meetings::table)
        .filter(attendance::person_id.eq_any(people))
        .filter(attendance::deleted_at.is_null())
        .filter(attendance::status.eq("present"))
        .filter(meetings::deleted_at.is_null())
        .filter(meetings::status.ne_all(["draft", "cancelled"]))
        .filter(meetings::starts_at.le(crate::now()))
        .group_by(attendance::person_id)
        .select((attendance::person_id, max(meetings::starts_at)))
        .load(conn)?)
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = approved_absences, treat_none_as_null = true)]
pub struct AbsenceRow {
    pub id: String,
    pub person_id: String,
    /// The date of the council's resolution.
    pub approved_on: NaiveDate,
    pub until: Option<NaiveDate>,
    /// The resolution that approved it (its minute number and words).
    pub resolution: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub version: i32,
}

pub fn insert_absence(conn: &mut DbConn, actor: &Actor, row: &AbsenceRow) -> AppResult<()> {
    insert_row!(approved_absences, conn, actor, "approved_absence", row)
}

pub fn save_absence(
    conn: &mut DbConn,
    actor: &Actor,
    action: &str,
    before: &AbsenceRow,
    row: &mut AbsenceRow,
) -> AppResult<()> {
    save_row!(
        approved_absences,
        conn,
        actor,
        "approved_absence",
        action,
        before,
        row
    )
}

pub fn get_absence(conn: &mut DbConn, id: &str) -> AppResult<AbsenceRow> {
    approved_absences::table
        .find(id)
        .filter(approved_absences::deleted_at.is_null())
        .select(AbsenceRow::as_select())
        .get_result(conn)
        .or_not_found("approved absence")
}

/// The live approved absences of these people (all when `None`).
pub fn absences(conn: &mut DbConn, people: Option<&[String]>) -> AppResult<Vec<AbsenceRow>> {
    let mut q = approved_absences::table
        .filter(approved_absences::deleted_at.is_null())
        .into_boxed();
    if let Some(p) = people {
        q = q.filter(approved_absences::person_id.eq_any(p));
    }
    Ok(q.order((
        approved_absences::approved_on.asc(),
        approved_absences::id.asc(),
    ))
    .select(AbsenceRow::as_select())
    .load(conn)?)
}

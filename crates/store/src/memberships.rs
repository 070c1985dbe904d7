//! Memberships of a body: chair, vice-chair, members, officers.

use super::{insert_row, save_row, OrNotFound};
use crate::paging::keyset_page;
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use minutebook_domain::access::Actor;
use minutebook_ground::db::schema::memberships;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;
use serde::Serialize;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = memberships, treat_none_as_null = true)]
pub struct MembershipRow {
    pub id: String,
    pub body_id: String,
    pub person_id: String,
    pub role: String,
    pub organisation: Option<String>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub version: i32,
}

pub fn insert(conn: &mut DbConn, actor: &Actor, row: &MembershipRow) -> AppResult<()> {
    insert_row!(memberships, conn, actor, "membership", row)
}

pub fn save(
    conn: &mut DbConn,
    actor: &Actor,
    action: &str,
    before: &MembershipRow,
    row: &mut MembershipRow,
) -> AppResult<()> {
    save_row!(memberships, conn, actor, "membership", action, before, row)
}

pub fn get(conn: &mut DbConn, id: &str) -> AppResult<MembershipRow> {
    memberships::table
        .find(id)
        .filter(memberships::deleted_at.is_null())
        .select(MembershipRow::as_select())
        .get_result(conn)
        .or_not_found("membership")
}

pub fn list_for_body(
    conn: &mut DbConn,
    body_id: &str,
    after: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> AppResult<Vec<MembershipRow>> {
    let q = memberships::table
        .filter(memberships::body_id.eq(body_id.to_string()))
        .filter(memberships::deleted_at.is_null())
        .into_boxed();
    Ok(
        keyset_page!(q, after, memberships::created_at, memberships::id, limit)
            .select(MembershipRow::as_select())
            .load(conn)?,
    )
}

/// The organisation a person represents on a body, by their live
/// membership (what their attendance is recorded under when none is given).
pub fn organisation_of(
    conn: &mut DbConn,
    body_id: &str,
    person_id: &str,
) -> AppResult<Option<String>> {
    Ok(memberships::table
        .filter(memberships::body_id.eq(body_id))
        .filter(memberships::person_id.eq(person_id))
        .filter(memberships::deleted_at.is_null())
        .select(memberships::organisation)
        .first::<Option<String>>(conn)
        .optional()?
        .flatten())
}

/// The body's memberships live on `on` (begun by then, not ended before),
/// oldest first: who may be expected at a meeting that day.
pub fn live_on(conn: &mut DbConn, body_id: &str, on: NaiveDate) -> AppResult<Vec<MembershipRow>> {
    Ok(memberships::table
        .filter(memberships::body_id.eq(body_id))
        .filter(memberships::deleted_at.is_null())
        .filter(
            memberships::start_date
                .is_null()
                .or(memberships::start_date.le(on)),
        )
        .filter(
            memberships::end_date
                .is_null()
                .or(memberships::end_date.ge(on)),
        )
        .order((memberships::created_at.asc(), memberships::id.asc()))
        .select(MembershipRow::as_select())
        .load(conn)?)
}

/// The person who chairs the body on `on` (the latest chair membership not
/// ended by then), if any.
pub fn current_chair(conn: &mut DbConn, body_id: &str, on: NaiveDate) -> AppResult<Option<String>> {
    Ok(memberships::table
        .filter(memberships::body_id.eq(body_id))
        .filter(memberships::role.eq("chair"))
        .filter(memberships::deleted_at.is_null())
        .filter(
            memberships::end_date
                .is_null()
                .or(memberships::end_date.ge(on)),
        )
        .order(memberships::created_at.desc())
        .select(memberships::person_id)
        .first(conn)
        .optional()?)
}

//! Bodies: partnerships, committees, boards, panels, with their numbering.

use super::{insert_row, save_row, OrNotFound};
use crate::paging::keyset_page;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use minutebook_domain::access::Actor;
use minutebook_ground::db::schema::bodies;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;
use serde::Serialize;

#[derive(Debug, Clone, Hash, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = bodies, treat_none_as_null = true)]
pub struct BodyRow {
    pub id: String,
    pub name: String,
    pub slug: String,
    pub minute_prefix: String,
    pub kind: String,
    pub numbering_format: String,
    pub year_start_month: i32,
    pub description: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub version: i32,
}

pub fn insert(conn: &mut DbConn, actor: &Actor, row: &BodyRow) -> AppResult<()> {
    insert_row!(bodies, conn, actor, "body", row)
}

pub fn save(
    conn: &mut DbConn,
    actor: &Actor,
    before: &BodyRow,
    row: &mut BodyRow,
) -> AppResult<()> {
    save_row!(bodies, conn, actor, "body", "update", before, row)
}

/// Finds a body by id or by slug.
pub fn get(conn: &mut DbConn, key: &str) -> AppResult<BodyRow> {
    let by_id = uuid::Uuid::parse_str(key).map(|u| u.to_string()).ok();
    // Two unboxed queries, so each is found in the statement cache by its
    // type (a boxed query's SQL is rebuilt on every call to look it up).
    let live = bodies::table.filter(bodies::deleted_at.is_null());
    match by_id {
        Some(id) => live
            .filter(bodies::id.eq(id).or(bodies::slug.eq(key)))
            .select(BodyRow::as_select())
            .get_result(conn),
        None => live
            .filter(bodies::slug.eq(key))
            .select(BodyRow::as_select())
            .get_result(conn),
    }
    .or_not_found("body")
}

pub fn slug_taken(conn: &mut DbConn, slug: &str, except_id: Option<&str>) -> AppResult<bool> {
    let mut q = bodies::table.filter(bodies::slug.eq(slug)).into_boxed();
    if let Some(id) = except_id {
        q = q.filter(bodies::id.ne(id.to_string()));
    }
    Ok(q.count().get_result::<i64>(conn)? > 0)
}

pub fn list(
    conn: &mut DbConn,
    after: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> AppResult<Vec<BodyRow>> {
    let q = bodies::table
        .filter(bodies::deleted_at.is_null())
        .into_boxed();
    Ok(
        keyset_page!(q, after, bodies::created_at, bodies::id, limit)
            .select(BodyRow::as_select())
            .load(conn)?,
    )
}

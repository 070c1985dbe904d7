//! People: members, officers, presenters.

use super::{insert_row, save_row, OrNotFound};
use crate::db::schema::people;
use crate::db::DbConn;
use crate::domain::access::Actor;
use crate::error::AppResult;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Serialize;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = people, treat_none_as_null = true)]
pub struct PersonRow {
    pub id: String,
    pub name: String,
    pub honorific: Option<String>,
    pub organisation: Option<String>,
    pub email: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub version: i32,
}

impl PersonRow {
    /// "Cllr Jane Smith", or the name alone.
    pub fn display_name(&self) -> String {
        match &self.honorific {
            Some(h) if !h.is_empty() => format!("{h} {}", self.name),
            _ => self.name.clone(),
        }
    }
}

pub fn insert(conn: &mut DbConn, actor: &Actor, row: &PersonRow) -> AppResult<()> {
    insert_row!(people, conn, actor, "person", row)
}

pub fn save(
    conn: &mut DbConn,
    actor: &Actor,
    before: &PersonRow,
    row: &mut PersonRow,
) -> AppResult<()> {
    save_row!(people, conn, actor, "person", "update", before, row)
}

pub fn get(conn: &mut DbConn, id: &str) -> AppResult<PersonRow> {
    people::table
        .find(id)
        .filter(people::deleted_at.is_null())
        .select(PersonRow::as_select())
        .first(conn)
        .or_not_found("person")
}

/// Loads the people with these ids in one query.
pub fn get_many(conn: &mut DbConn, ids: &[String]) -> AppResult<Vec<PersonRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(people::table
        .filter(people::id.eq_any(ids))
        .select(PersonRow::as_select())
        .load(conn)?)
}

pub fn exists(conn: &mut DbConn, id: &str) -> AppResult<bool> {
    Ok(people::table
        .find(id)
        .filter(people::deleted_at.is_null())
        .count()
        .get_result::<i64>(conn)?
        > 0)
}

pub fn list(
    conn: &mut DbConn,
    after: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> AppResult<Vec<PersonRow>> {
    let mut q = people::table
        .filter(people::deleted_at.is_null())
        .into_boxed();
    if let Some((at, id)) = after {
        q = q.filter(
            people::created_at
                .gt(at)
                .or(people::created_at.eq(at).and(people::id.gt(id))),
        );
    }
    Ok(q.order((people::created_at.asc(), people::id.asc()))
        .limit(limit)
        .select(PersonRow::as_select())
        .load(conn)?)
}

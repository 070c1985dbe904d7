//! Imported documents: the source file's record (SHA-256, name, type,
//! size, storage key) and the meeting or review it became; and the people
//! of a body an import matches names against.

use super::insert_row;
use crate::people::PersonRow;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use minutebook_domain::access::Actor;
use minutebook_ground::db::schema::imports;
use minutebook_ground::db::schema::{attendance, meetings, memberships, people};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;
use serde::Serialize;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize)]
#[diesel(table_name = imports, treat_none_as_null = true)]
pub struct ImportRow {
    pub id: String,
    pub body_id: String,
    pub meeting_id: Option<String>,
    pub review_id: Option<String>,
    pub sha256: String,
    pub filename: String,
    pub media_type: String,
    pub size_bytes: i64,
    pub storage_key: String,
    /// The warnings of the import as JSON.
    pub warnings: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub version: i32,
}

pub fn insert(conn: &mut DbConn, actor: &Actor, row: &ImportRow) -> AppResult<()> {
    insert_row!(imports, conn, actor, "import", row)
}

/// The earlier import of the same document into a body, if any.
pub fn find(conn: &mut DbConn, body_id: &str, sha256: &str) -> AppResult<Option<ImportRow>> {
    Ok(imports::table
        .filter(imports::body_id.eq(body_id))
        .filter(imports::sha256.eq(sha256))
        .filter(imports::deleted_at.is_null())
        .select(ImportRow::as_select())
        .get_result(conn)
        .optional()?)
}

/// The imports that made a meeting (its source documents).
pub fn for_meeting(conn: &mut DbConn, meeting_id: &str) -> AppResult<Vec<ImportRow>> {
    Ok(imports::table
        .filter(imports::meeting_id.eq(meeting_id))
        .filter(imports::deleted_at.is_null())
        .order(imports::created_at.asc())
        .select(ImportRow::as_select())
        .load(conn)?)
}

/// The people of a body: its members and officers, and everyone recorded
/// at one of its meetings.
pub fn people_of_body(conn: &mut DbConn, body_id: &str) -> AppResult<Vec<PersonRow>> {
    let members = memberships::table
        .filter(memberships::body_id.eq(body_id))
        .filter(memberships::deleted_at.is_null())
        .select(memberships::person_id);
    let attended = attendance::table
        .inner_join(meetings::table.on(meetings::id.eq(attendance::meeting_id)))
        .filter(meetings::body_id.eq(body_id))
        .filter(attendance::deleted_at.is_null())
        .select(attendance::person_id);
    let mut ids: Vec<String> = members.load(conn)?;
    ids.extend(attended.load::<String>(conn)?);
    ids.sort();
    ids.dedup();
    let mut out = Vec::new();
    for chunk in ids.chunks(500) {
        out.extend(
            people::table
                .filter(people::id.eq_any(chunk))
                .filter(people::deleted_at.is_null())
                .order(people::created_at.asc())
                .select(PersonRow::as_select())
                .load(conn)?,
        );
    }
    Ok(out)
}

//! Documents attached to items: metadata here, bytes on disk under the data
//! folder, addressed by their storage key.

use super::items::{load_of_items, ItemsOf};
use super::{insert_row, save_row, OrNotFound};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use minutebook_domain::access::Actor;
use minutebook_ground::db::schema::documents;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;
use serde::Serialize;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = documents, treat_none_as_null = true)]
pub struct DocumentRow {
    pub id: String,
    pub item_id: String,
    pub title: String,
    pub filename: String,
    pub media_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub storage_key: String,
    pub restricted: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub version: i32,
}

pub fn insert(conn: &mut DbConn, actor: &Actor, row: &DocumentRow) -> AppResult<()> {
    insert_row!(documents, conn, actor, "document", row)
}

pub fn save(
    conn: &mut DbConn,
    actor: &Actor,
    action: &str,
    before: &DocumentRow,
    row: &mut DocumentRow,
) -> AppResult<()> {
    save_row!(documents, conn, actor, "document", action, before, row)
}

pub fn get(conn: &mut DbConn, id: &str) -> AppResult<DocumentRow> {
    documents::table
        .find(id)
        .filter(documents::deleted_at.is_null())
        .select(DocumentRow::as_select())
        .get_result(conn)
        .or_not_found("document")
}

pub fn for_items(conn: &mut DbConn, which: ItemsOf<'_>) -> AppResult<Vec<DocumentRow>> {
    if let ItemsOf::Ids([]) = which {
        return Ok(Vec::new());
    }
    Ok(load_of_items!(conn, which, documents::item_id, |f| {
        documents::table
            .filter(f)
            .filter(documents::deleted_at.is_null())
            .order(documents::created_at.asc())
            .select(DocumentRow::as_select())
    })?)
}

/// The papers of a meeting's live items as the record holds them (id,
/// SHA-256, title), for the minute book.
pub fn papers_of_meeting(
    conn: &mut DbConn,
    meeting_id: &str,
) -> AppResult<Vec<minutebook_domain::minute_book::Paper>> {
    use minutebook_ground::db::schema::items;
    let rows: Vec<(String, String, String)> = documents::table
        .inner_join(items::table)
        .filter(items::meeting_id.eq(meeting_id))
        .filter(items::deleted_at.is_null())
        .filter(documents::deleted_at.is_null())
        .order(documents::id.asc())
        .select((documents::id, documents::sha256, documents::title))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(id, sha256, title)| minutebook_domain::minute_book::Paper { id, sha256, title })
        .collect())
}

/// These documents (deleted ones left out).
pub fn by_ids(conn: &mut DbConn, ids: &[String]) -> AppResult<Vec<DocumentRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(documents::table
        .filter(documents::id.eq_any(ids))
        .filter(documents::deleted_at.is_null())
        .select(DocumentRow::as_select())
        .load(conn)?)
}

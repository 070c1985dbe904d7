//! The bodies' minute books: one append-only row per confirmation.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use minutebook_ground::db::schema::minute_book_entries;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;
use serde::Serialize;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize)]
#[diesel(table_name = minute_book_entries)]
pub struct EntryRow {
    pub id: String,
    pub body_id: String,
    /// 1 for a body's first entry.
    pub seq: i32,
    pub meeting_id: String,
    /// SHA-256 (hex) of the confirmed text.
    pub text_sha256: String,
    pub confirmed_at: NaiveDateTime,
    /// Hex; 64 zeros for the first entry.
    pub prev_hash: String,
    pub hash: String,
    pub created_at: NaiveDateTime,
    /// The papers confirmed with the minutes (`domain::minute_book::papers_list`);
    /// `None` for an entry made before papers joined the record.
    pub papers: Option<String>,
}

pub fn insert(conn: &mut DbConn, row: &EntryRow) -> AppResult<()> {
    diesel::insert_into(minute_book_entries::table)
        .values(row.clone())
        .execute(conn)?;
    Ok(())
}

/// A body's entries in chain order.
pub fn for_body(conn: &mut DbConn, body_id: &str) -> AppResult<Vec<EntryRow>> {
    Ok(minute_book_entries::table
        .filter(minute_book_entries::body_id.eq(body_id))
        .order(minute_book_entries::seq.asc())
        .select(EntryRow::as_select())
        .load(conn)?)
}

/// The latest entry of a body: the head of its chain.
pub fn head(conn: &mut DbConn, body_id: &str) -> AppResult<Option<EntryRow>> {
    Ok(minute_book_entries::table
        .filter(minute_book_entries::body_id.eq(body_id))
        .order(minute_book_entries::seq.desc())
        .select(EntryRow::as_select())
        .first(conn)
        .optional()?)
}

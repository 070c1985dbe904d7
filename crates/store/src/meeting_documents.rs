//! The read model kept on write: each meeting's built documents (the public
//! page, the public JSON, the clerk's JSON) under the ETag they were built
//! for (`read::etag`). A read finds its document in the same statement as
//! the meeting's tag (`meeting_changes::facts_with_document`); the
//! background job builds the documents of meetings whose change count has
//! moved on ([`undocumented`], [`documented`]). Derived data only: emptying
//! the table loses nothing.

use diesel::prelude::*;
use minutebook_ground::db::schema::{meeting_changes, meeting_documents};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;

/// A document to keep: which meeting, which form, its tag and its bytes.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = meeting_documents)]
pub struct NewDocument {
    pub meeting_id: String,
    pub kind: String,
    pub tag: String,
    pub body: Vec<u8>,
    pub built_at: chrono::NaiveDateTime,
}

/// Keeps `doc` in place of the meeting's document of that kind (one
/// statement: an upsert on each backend).
pub fn keep(conn: &mut DbConn, doc: &NewDocument) -> AppResult<()> {
    match conn {
        DbConn::Sqlite(c) => {
            diesel::replace_into(meeting_documents::table)
                .values(doc)
                .execute(c)?;
        }
        DbConn::Pg(c) => {
            diesel::insert_into(meeting_documents::table)
                .values(doc)
                .on_conflict((meeting_documents::meeting_id, meeting_documents::kind))
                .do_update()
                .set((
                    meeting_documents::tag.eq(&doc.tag),
                    meeting_documents::body.eq(&doc.body),
                    meeting_documents::built_at.eq(doc.built_at),
                ))
                .execute(c)?;
        }
    }
    Ok(())
}

/// Up to `limit` meetings whose documents were last built at an older
/// change count, with the count now, in the order of their ids from just
/// after `after` (read through the partial index that holds only them).
pub fn undocumented(conn: &mut DbConn, after: &str, limit: i64) -> AppResult<Vec<(String, i64)>> {
    Ok(meeting_changes::table
        .filter(meeting_changes::documented.ne(meeting_changes::changes))
        .filter(meeting_changes::meeting_id.gt(after))
        .order(meeting_changes::meeting_id)
        .select((meeting_changes::meeting_id, meeting_changes::changes))
        .limit(limit)
        .load(conn)?)
}

/// The meeting's documents are built as of change count `changes` (a
/// change counted since leaves it undocumented).
pub fn documented(conn: &mut DbConn, meeting_id: &str, changes: i64) -> AppResult<()> {
    diesel::update(meeting_changes::table.filter(meeting_changes::meeting_id.eq(meeting_id)))
        .set(meeting_changes::documented.eq(changes))
        .execute(conn)?;
    Ok(())
}

/// Drops the meeting's kept documents of `kinds` (a meeting the public may
/// no longer see, or one deleted).
pub fn forget(conn: &mut DbConn, meeting_id: &str, kinds: &[&str]) -> AppResult<()> {
    diesel::delete(
        meeting_documents::table
            .filter(meeting_documents::meeting_id.eq(meeting_id))
            .filter(meeting_documents::kind.eq_any(kinds)),
    )
    .execute(conn)?;
    Ok(())
}

/// Marks undocumented every meeting with a document not built by this
/// program (`tag_suffix` ends every tag it makes): after an upgrade the
/// job builds them again in the background. Returns how many.
pub fn rebuild_other_builds(conn: &mut DbConn, tag_suffix: &str) -> AppResult<usize> {
    let stale = meeting_documents::table
        .filter(meeting_documents::tag.not_like(format!("%{tag_suffix}")))
        .select(meeting_documents::meeting_id);
    Ok(
        diesel::update(meeting_changes::table.filter(meeting_changes::meeting_id.eq_any(stale)))
            .set(meeting_changes::documented.eq(-1))
            .execute(conn)?,
    )
}

//! The marks database triggers leave on a meeting whose minutes changed
//! (`minutes_dirty`), until a revision is recorded for them
//! (`minutes::revisions`).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::Text;
use minutebook_ground::db::schema::{meetings, minutes_dirty};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;

/// Whether the meeting's minutes are marked as changed.
pub fn is_marked(conn: &mut DbConn, meeting_id: &str) -> AppResult<bool> {
    let dirty: Option<String> = minutes_dirty::table
        .find(meeting_id)
        .select(minutes_dirty::meeting_id)
        .first(conn)
        .optional()?;
    Ok(dirty.is_some())
}

/// Removes the meeting's mark; answers how many rows went (0 when another
/// writer took it first).
pub fn clear(conn: &mut DbConn, meeting_id: &str) -> AppResult<usize> {
    Ok(diesel::delete(minutes_dirty::table.find(meeting_id)).execute(conn)?)
}

/// PostgreSQL: drops the marks of meetings not held (`$1` is held's
/// status as stored), as the start of a statement.
macro_rules! unheld_dropped {
    () => {
        "WITH dropped AS (DELETE FROM minutes_dirty d USING meetings m \
         WHERE m.id = d.meeting_id AND m.status <> $1) "
    };
}
pub(crate) use unheld_dropped;

/// PostgreSQL: the marked meetings that are held (`$1`) with their minutes
/// out with the chair (`$2`), as `m`.
macro_rules! sent_of {
    () => {
        "FROM minutes_dirty d JOIN meetings m ON m.id = d.meeting_id \
         WHERE m.status = $1 AND m.minutes_status = $2"
    };
}
pub(crate) use sent_of;

/// Drops the marks of meetings not held (their minutes need no revision)
/// and answers the marked meetings that are held with their minutes out
/// with the chair: what every writing transaction settles before it
/// commits. One statement on PostgreSQL (a round trip on every write), two
/// on SQLite; `held` and `sent_for_approval` are the statuses as stored.
pub fn drop_unheld_and_find_sent(
    conn: &mut DbConn,
    held: &str,
    sent_for_approval: &str,
) -> AppResult<Vec<String>> {
    #[derive(QueryableByName)]
    struct Marked {
        #[diesel(sql_type = Text)]
        id: String,
    }
    const PG: &str = concat!(unheld_dropped!(), "SELECT m.id ", sent_of!());
    // Through the marks (few), never through the meetings (many).
    const SQLITE_DROP: &str = "DELETE FROM minutes_dirty WHERE EXISTS (SELECT 1 FROM meetings m \
         WHERE m.id = minutes_dirty.meeting_id AND m.status <> ?)";
    let marked: Vec<Marked> = match conn {
        DbConn::Pg(c) => diesel::sql_query(PG)
            .bind::<Text, _>(held)
            .bind::<Text, _>(sent_for_approval)
            .load(c)?,
        DbConn::Sqlite(c) => {
            diesel::sql_query(SQLITE_DROP)
                .bind::<Text, _>(held)
                .execute(c)?;
            return Ok(minutes_dirty::table
                .inner_join(meetings::table.on(meetings::id.eq(minutes_dirty::meeting_id)))
                .filter(meetings::status.eq(held))
                .filter(meetings::minutes_status.eq(sent_for_approval))
                .select(meetings::id)
                .load(c)?);
        }
    };
    Ok(marked.into_iter().map(|m| m.id).collect())
}

/// Up to `limit` meetings marked at or before `quiet_since`.
pub fn settled(
    conn: &mut DbConn,
    quiet_since: NaiveDateTime,
    limit: i64,
) -> AppResult<Vec<String>> {
    Ok(minutes_dirty::table
        .filter(minutes_dirty::since.le(quiet_since))
        .select(minutes_dirty::meeting_id)
        .limit(limit)
        .load(conn)?)
}

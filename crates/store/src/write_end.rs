//! What a write reads of the marks the database's triggers left, as its
//! last statement before it commits: the search index's marks (a meeting
//! marked whole in `search_dirty`, one top-level item in
//! `search_dirty_items`) and, on PostgreSQL, the minutes' marks
//! ([`crate::minutes_dirty`]) settled in the same round trip
//! ([`end_of_write`]).

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Nullable, Text, Timestamp};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;

/// A search mark: a meeting marked whole (`item_id` none) or one top-level
/// item, with the mark's generation and when it was made.
#[derive(Debug, Clone)]
pub struct MarkRow {
    pub meeting_id: String,
    pub item_id: Option<String>,
    pub generation: i64,
    pub marked_at: NaiveDateTime,
}

/// Every search mark.
macro_rules! marks {
    () => {
        "SELECT meeting_id, NULL AS item_id, generation, marked_at, false AS sent \
         FROM search_dirty UNION ALL \
         SELECT meeting_id, item_id, generation, marked_at, false FROM search_dirty_items"
    };
}

/// PostgreSQL: the search marks this transaction wrote (`xmin` is its
/// own; a mark another write left and this one touched again is this
/// one's too).
macro_rules! own_marks {
    () => {
        "SELECT meeting_id, NULL AS item_id, generation, marked_at, false AS sent \
         FROM search_dirty WHERE xmin = pg_current_xact_id()::xid UNION ALL \
         SELECT meeting_id, item_id, generation, marked_at, false FROM search_dirty_items \
         WHERE xmin = pg_current_xact_id()::xid"
    };
}

/// A row of [`end_of_write`]'s answer: a search mark, or (`sent`) a
/// meeting whose minutes changed while out with the chair.
#[derive(QueryableByName)]
struct EndRow {
    #[diesel(sql_type = Text)]
    meeting_id: String,
    #[diesel(sql_type = Nullable<Text>)]
    item_id: Option<String>,
    #[diesel(sql_type = BigInt)]
    generation: i64,
    #[diesel(sql_type = Nullable<Timestamp>)]
    marked_at: Option<NaiveDateTime>,
    #[diesel(sql_type = Bool)]
    sent: bool,
}

/// Every search mark (one statement).
pub fn all_marks(conn: &mut DbConn) -> AppResult<Vec<MarkRow>> {
    Ok(marks_of(load(conn, marks!())?))
}

/// The search marks this transaction wrote: PostgreSQL only (on SQLite,
/// with one writer, every mark is the writing transaction's or a failed
/// one's, and this answers them all).
pub fn own_marks(conn: &mut DbConn) -> AppResult<Vec<MarkRow>> {
    if let DbConn::Sqlite(_) = conn {
        return all_marks(conn);
    }
    Ok(marks_of(load(conn, own_marks!())?))
}

/// What a PostgreSQL write settles as its last statement, in one round
/// trip: the minutes' marks of meetings not held are dropped, and it
/// answers the marked meetings held with their minutes out with the chair
/// (as [`crate::minutes_dirty::drop_unheld_and_find_sent`]; `held` and
/// `sent_for_approval` are the statuses as stored) and the search marks
/// this transaction wrote ([`own_marks`]). Not for SQLite.
pub fn end_of_write(
    conn: &mut DbConn,
    held: &str,
    sent_for_approval: &str,
) -> AppResult<(Vec<String>, Vec<MarkRow>)> {
    const END: &str = concat!(
        crate::minutes_dirty::unheld_dropped!(),
        "SELECT m.id AS meeting_id, NULL AS item_id, 0::int8 AS generation, \
         NULL::timestamp AS marked_at, true AS sent ",
        crate::minutes_dirty::sent_of!(),
        " UNION ALL ",
        own_marks!()
    );
    let rows: Vec<EndRow> = match conn {
        DbConn::Pg(c) => crate::prepared::Statement::new(END, [held, sent_for_approval]).load(c)?,
        DbConn::Sqlite(_) => Vec::new(),
    };
    let sent = rows
        .iter()
        .filter(|r| r.sent)
        .map(|r| r.meeting_id.clone())
        .collect();
    Ok((sent, marks_of(rows)))
}

fn load(conn: &mut DbConn, sql: &'static str) -> AppResult<Vec<EndRow>> {
    Ok(match conn {
        DbConn::Pg(c) => crate::prepared::Statement::new(sql, []).load(c)?,
        DbConn::Sqlite(c) => diesel::sql_query(sql).load(c)?,
    })
}

fn marks_of(rows: Vec<EndRow>) -> Vec<MarkRow> {
    rows.into_iter()
        .filter_map(|r| {
            Some(MarkRow {
                marked_at: r.marked_at.filter(|_| !r.sent)?,
                meeting_id: r.meeting_id,
                item_id: r.item_id,
                generation: r.generation,
            })
        })
        .collect()
}

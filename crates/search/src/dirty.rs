//! Catching the index up with what is marked: at the end of every write
//! ([`index_dirty`] inside it on SQLite; [`marks_of_this_write`], then
//! [`index_marks_apart`] after it commits, on PostgreSQL), in the
//! background ([`flush_dirty`]) and all at once for operators
//! ([`reindex_all`]). The marks are left by the database's
//! triggers: a meeting marked whole (`search_dirty`) or one top-level item
//! (`search_dirty_items`).

use super::{reindex_items, reindex_meeting};
use diesel::prelude::*;
use minutebook_ground::db::schema::{search_dirty, search_dirty_items};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_store::write_end::{self, MarkRow};

/// Reindexes everything marked, inside the caller's transaction: the end
/// of every writing transaction on SQLite calls it, so what a write
/// changed is searchable when it commits and a search never writes.
/// Meetings marked as a whole are reindexed whole, then marked items (with
/// their parts) one meeting at a time. Answers how many meetings were
/// reindexed (wholly or in part).
pub fn index_dirty(conn: &mut DbConn) -> AppResult<usize> {
    let (ids, marks) = read_marks(conn, false)?.plan();
    for id in &ids {
        reindex_meeting(conn, id)?;
    }
    for (meeting_id, marks) in &marks {
        reindex_items(conn, meeting_id, marks)?;
    }
    Ok(ids.len() + marks.len())
}

/// What one write marked, read inside its transaction by
/// [`marks_of_this_write`] (or with the write's other bookkeeping,
/// `store::write_end::end_of_write`, then [`Marks::from_rows`]) and
/// indexed after it commits by [`index_marks_apart`].
#[derive(Debug, Default)]
pub struct Marks {
    meetings: Vec<String>,
    items: Vec<ItemMarkRow>,
}

impl Marks {
    /// The marks as read: the meetings marked whole, and the items' marks
    /// oldest first.
    pub fn from_rows(mut rows: Vec<MarkRow>) -> Marks {
        rows.sort_by(|a, b| (a.marked_at, &a.item_id).cmp(&(b.marked_at, &b.item_id)));
        let mut marks = Marks::default();
        for m in rows {
            match m.item_id {
                None => marks.meetings.push(m.meeting_id),
                Some(item) => marks.items.push((m.meeting_id, item, m.generation)),
            }
        }
        marks
    }

    /// What to reindex, in order: the meetings marked whole (by id), then
    /// the marked items of every other meeting, grouped by meeting (a
    /// meeting reindexed whole has its items' marks cleared with it).
    fn plan(self) -> (Vec<String>, Vec<(String, Vec<ItemMark>)>) {
        let Marks {
            meetings: mut ids,
            items,
        } = self;
        ids.sort();
        ids.dedup();
        let mut marks: Vec<_> = group_item_marks(items, None)
            .into_iter()
            .filter(|(meeting, _)| ids.binary_search(meeting).is_err())
            .collect();
        marks.sort();
        (ids, marks)
    }
}

/// The marks this transaction left (PostgreSQL: the rows whose `xmin` is
/// this transaction; a mark another write left and this one touched again
/// is this one's too). Read as the write's last statement before it
/// commits; marks other writes left are theirs to index.
pub fn marks_of_this_write(conn: &mut DbConn) -> AppResult<Marks> {
    read_marks(conn, true)
}

/// Indexes a committed write's [`Marks`] (PostgreSQL, see
/// `usecases::commit`): each meeting in its own short transaction, so a
/// reindex holds one meeting's lock at a time and none of the write's. A
/// meeting that fails stays marked, out of the results, and is logged; the
/// background flush ([`flush_dirty`]) takes it up. Answers how many
/// meetings were reindexed.
pub fn index_marks_apart(conn: &mut DbConn, marks: Marks) -> usize {
    let (ids, marks) = marks.plan();
    let mut done = 0;
    for id in &ids {
        // `reindex_meeting` is its own transaction.
        match reindex_meeting(conn, id) {
            Ok(_) => done += 1,
            Err(e) => tracing::warn!(meeting = %id, error = %e, "search reindex failed"),
        }
    }
    for (id, marks) in &marks {
        match minutebook_ground::db::write_tx(conn, |c| reindex_items(c, id, marks)) {
            Ok(_) => done += 1,
            Err(e) => tracing::warn!(meeting = %id, error = %e, "search reindex failed"),
        }
    }
    done
}

/// The marks, the meetings' and the items', read in one statement (a
/// round trip on every write): every mark, or (`only_this_transaction`,
/// PostgreSQL) the rows this transaction wrote.
fn read_marks(conn: &mut DbConn, only_this_transaction: bool) -> AppResult<Marks> {
    Ok(Marks::from_rows(if only_this_transaction {
        write_end::own_marks(conn)?
    } else {
        write_end::all_marks(conn)?
    }))
}

/// A marked top-level item: its id and the mark's generation.
type ItemMark = (String, i64);

/// An item's mark as stored: meeting, item, generation.
type ItemMarkRow = (String, String, i64);

/// Marked items by meeting (of up to `limit` meetings, oldest mark first).
/// Marks of meetings marked whole are left to their meeting's reindex;
/// at most [`MARKS_READ`] marks are read at a time (after a bulk change
/// made in SQL there may be a million).
fn marked_items(
    conn: &mut DbConn,
    limit: Option<usize>,
) -> AppResult<Vec<(String, Vec<ItemMark>)>> {
    let rows: Vec<(String, String, i64)> = search_dirty_items::table
        .filter(diesel::dsl::not(diesel::dsl::exists(
            search_dirty::table.filter(search_dirty::meeting_id.eq(search_dirty_items::meeting_id)),
        )))
        .order((
            search_dirty_items::marked_at.asc(),
            search_dirty_items::item_id.asc(),
        ))
        .select((
            search_dirty_items::meeting_id,
            search_dirty_items::item_id,
            search_dirty_items::generation,
        ))
        .limit(MARKS_READ)
        .load(conn)?;
    Ok(group_item_marks(rows, limit))
}

/// The most item marks [`flush_dirty`] reads in one pass.
const MARKS_READ: i64 = 5000;

/// Item marks (meeting, item, generation), oldest first, grouped by
/// meeting (of up to `limit` meetings).
fn group_item_marks(rows: Vec<ItemMarkRow>, limit: Option<usize>) -> Vec<(String, Vec<ItemMark>)> {
    let mut out: Vec<(String, Vec<ItemMark>)> = Vec::new();
    for (meeting, item, generation) in rows {
        let full = limit.is_some_and(|l| out.len() >= l);
        match out.iter_mut().find(|(m, _)| *m == meeting) {
            Some((_, marks)) => marks.push((item, generation)),
            None if full => {}
            None => out.push((meeting, vec![(item, generation)])),
        }
    }
    out
}

/// Whether anything waits to be reindexed.
pub fn any_dirty(conn: &mut DbConn) -> AppResult<bool> {
    let meeting = search_dirty::table
        .select(search_dirty::meeting_id)
        .first::<String>(conn)
        .optional()?;
    let item = search_dirty_items::table
        .select(search_dirty_items::item_id)
        .first::<String>(conn)
        .optional()?;
    Ok(meeting.is_some() || item.is_some())
}

/// Up to `limit` meetings marked whole, oldest mark first.
fn marked_meetings(conn: &mut DbConn, limit: i64) -> AppResult<Vec<String>> {
    Ok(search_dirty::table
        .order((
            search_dirty::marked_at.asc(),
            search_dirty::meeting_id.asc(),
        ))
        .select(search_dirty::meeting_id)
        .limit(limit)
        .load(conn)?)
}

/// Reindexes up to `limit` marked meetings, oldest mark first, each in its
/// own write transaction, then the marked items of up to `limit` meetings.
/// Answers how many meetings were reindexed. A meeting that fails stays
/// marked (and so out of the results) and is logged; the search goes on.
pub fn flush_dirty(conn: &mut DbConn, limit: i64) -> AppResult<usize> {
    let ids = marked_meetings(conn, limit)?;
    let mut done = 0;
    for id in &ids {
        match minutebook_ground::db::write_tx(conn, |c| reindex_meeting(c, id)) {
            Ok(_) => done += 1,
            Err(e) => tracing::warn!(meeting = %id, error = %e, "search reindex failed"),
        }
    }
    let limit = usize::try_from(limit).unwrap_or(0);
    for (id, marks) in marked_items(conn, Some(limit))? {
        match minutebook_ground::db::write_tx(conn, |c| reindex_items(c, &id, &marks)) {
            Ok(_) => done += 1,
            Err(e) => tracing::warn!(meeting = %id, error = %e, "search reindex failed"),
        }
    }
    Ok(done)
}

/// Marks every meeting dirty and reindexes them all (for operators, e.g.
/// after a bulk import done behind the triggers' back).
pub fn reindex_all(conn: &mut DbConn) -> AppResult<usize> {
    const MARK_ALL: &str =
        "INSERT INTO search_dirty (meeting_id) SELECT id FROM meetings WHERE true \
         ON CONFLICT (meeting_id) DO UPDATE SET generation = search_dirty.generation + 1";
    minutebook_ground::db::write_tx(conn, |c| {
        match c {
            DbConn::Pg(pg) => diesel::sql_query(MARK_ALL).execute(pg)?,
            DbConn::Sqlite(lite) => diesel::sql_query(MARK_ALL).execute(lite)?,
        };
        // Every meeting is rebuilt whole, its items with it: marks of
        // single items (a million, after a bulk change made in SQL) would
        // only be read again on every batch and their items built twice.
        diesel::delete(search_dirty_items::table).execute(c)?;
        Ok::<_, AppError>(())
    })?;
    let mut total = 0;
    loop {
        let mut n = reindex_marked_meetings(conn, 200)?;
        if n == 0 {
            // What is left: items marked while it ran (by the service, if
            // it is serving), one meeting a transaction.
            n = flush_dirty(conn, 200)?;
        }
        total += n;
        if n == 0 {
            return Ok(total);
        }
    }
}

/// Meetings reindexed in one transaction by [`reindex_all`].
const REINDEX_TX: usize = 32;

/// Reindexes up to `limit` meetings marked whole, oldest mark first,
/// [`REINDEX_TX`] to a transaction: a full-text index pays for each commit
/// (SQLite's FTS5 writes and merges a segment each time), and a whole
/// reindex is a million rows. Each meeting has its own savepoint, so one
/// that fails stays marked and is logged, and the others go on. Answers how
/// many were reindexed.
fn reindex_marked_meetings(conn: &mut DbConn, limit: i64) -> AppResult<usize> {
    let ids = marked_meetings(conn, limit)?;
    let mut done = 0;
    for batch in ids.chunks(REINDEX_TX) {
        done += minutebook_ground::db::write_tx(conn, |c| -> AppResult<usize> {
            let mut done = 0;
            for id in batch {
                // `reindex_meeting`'s own transaction is a savepoint here.
                match reindex_meeting(c, id) {
                    Ok(_) => done += 1,
                    Err(e) => tracing::warn!(meeting = %id, error = %e, "search reindex failed"),
                }
            }
            Ok(done)
        })?;
    }
    Ok(done)
}

//! Agenda items and their lettered parts.

use super::{insert_row, save_row, OrNotFound};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use minutebook_domain::access::Actor;
use minutebook_ground::db::schema::items;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};
use serde::Serialize;

/// Which items a query of their records is about: every live item of a
/// meeting, or a list of ids. The first is one SQL text whatever the
/// number of items, so its prepared statement is cached across requests
/// (diesel does not cache statements whose `IN` list varies in length).
#[derive(Debug, Clone, Copy)]
pub enum ItemsOf<'a> {
    Meeting(&'a str),
    Ids(&'a [String]),
    /// A top-level item and its parts (withdrawn parts included): one SQL
    /// text for any item, so its prepared statement is cached.
    Tree(&'a str),
}

/// The ids of a top-level item and of its parts, as a subquery.
macro_rules! tree_item_ids {
    ($top:expr) => {
        ::minutebook_ground::db::schema::items::table
            .filter(
                ::minutebook_ground::db::schema::items::id
                    .eq($top)
                    .or(::minutebook_ground::db::schema::items::parent_id.eq($top)),
            )
            .select(::minutebook_ground::db::schema::items::id)
    };
}
pub(crate) use tree_item_ids;

/// The ids of a meeting's live items, as a subquery.
macro_rules! live_item_ids {
    ($meeting_id:expr) => {
        ::minutebook_ground::db::schema::items::table
            .filter(::minutebook_ground::db::schema::items::meeting_id.eq($meeting_id))
            .filter(::minutebook_ground::db::schema::items::deleted_at.is_null())
            .select(::minutebook_ground::db::schema::items::id)
    };
}
pub(crate) use live_item_ids;

/// Loads records of the items `$which` names: `$query` is written once with
/// `$f` as its filter on the records' `item_id` column, and expanded for
/// each case. Not boxed: a boxed query has no static identity, so diesel
/// would build its SQL text on every call just to find the cached
/// statement; unboxed, the meeting's case is found by its type.
macro_rules! load_of_items {
    ($conn:expr, $which:expr, $item_id:expr, |$f:ident| $query:expr) => {
        match $which {
            $crate::items::ItemsOf::Meeting(m) => {
                let $f = $item_id.eq_any($crate::items::live_item_ids!(m));
                $query.load($conn)
            }
            $crate::items::ItemsOf::Ids(ids) => {
                let $f = $item_id.eq_any(ids);
                $query.load($conn)
            }
            $crate::items::ItemsOf::Tree(top) => {
                let $f = $item_id.eq_any($crate::items::tree_item_ids!(top));
                $query.load($conn)
            }
        }
    };
}
pub(crate) use load_of_items;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = items, treat_none_as_null = true)]
pub struct ItemRow {
    pub id: String,
    pub meeting_id: String,
    pub parent_id: Option<String>,
    pub position: i32,
    pub title: String,
    pub kind: String,
    pub presenter: Option<String>,
    pub restricted: bool,
    pub restricted_paragraph: Option<i32>,
    pub restricted_reason: Option<String>,
    pub public_summary: Option<String>,
    pub minutes: Option<String>,
    pub minute_number: Option<String>,
    pub minute_seq: Option<i32>,
    pub minute_year: Option<i32>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub version: i32,
}

pub fn insert(conn: &mut DbConn, actor: &Actor, row: &ItemRow) -> AppResult<()> {
    insert_row!(items, conn, actor, "item", row)
}

/// Inserts a new item with its audit entry and its search rows
/// (`search::rows_of_new_item`: a top-level item's; none for a part, whose
/// rows are its item's, which the trigger marks), which `search_rows`
/// builds from what is inserted (only where they are written). On PostgreSQL this is one statement, and the index's trigger
/// leaves no mark for an item whose rows were written with it (the
/// statement names it in the transaction's `minutebook.indexed_item`), so
/// nothing is left to index after the write commits. The caller holds the
/// meeting's reindex lock ([`crate::meetings::lock_for_new_item`]).
/// On SQLite the item is inserted as by [`insert`], and the write's own
/// index pass, before it commits, writes the rows the trigger marked.
pub fn insert_indexed<Rows: Serialize>(
    conn: &mut DbConn,
    actor: &Actor,
    row: &ItemRow,
    search_rows: impl FnOnce() -> Rows,
) -> AppResult<()> {
    const INSERT: &str = "WITH said AS (SELECT set_config('minutebook.indexed_item', $1, true)), \
         item AS (INSERT INTO items (id, meeting_id, parent_id, position, title, kind, presenter, \
           restricted, restricted_paragraph, restricted_reason, public_summary, minutes, \
           minute_number, minute_seq, minute_year, created_at, updated_at, deleted_at, version) \
         SELECT r.id, r.meeting_id, r.parent_id, r.position, r.title, r.kind, r.presenter, \
           r.restricted, r.restricted_paragraph, r.restricted_reason, r.public_summary, r.minutes, \
           r.minute_number, r.minute_seq, r.minute_year, r.created_at, r.updated_at, r.deleted_at, \
           r.version FROM said, json_populate_record(NULL::items, $2::json) r), \
         audit AS (INSERT INTO audit_log (id, at, actor, token_id, entity, entity_id, action, changes) \
         SELECT a.id, a.at, a.actor, a.token_id, a.entity, a.entity_id, a.action, a.changes \
         FROM json_populate_record(NULL::audit_log, $3::json) a) \
         INSERT INTO search_entries (meeting_id, body_id, kind, item_id, outcome_id, document_id, \
           minute_number, heading, title, content, starts_at, position, indexed_at) \
         SELECT s.meeting_id, s.body_id, s.kind, s.item_id, s.outcome_id, s.document_id, \
           s.minute_number, s.heading, s.title, s.content, s.starts_at, s.position, s.indexed_at \
         FROM json_populate_recordset(NULL::search_entries, $4::json) s";
    let DbConn::Pg(pg) = conn else {
        return insert(conn, actor, row);
    };
    let audit = crate::audit::entry(
        actor,
        "item",
        &row.id,
        "create",
        crate::audit::all_fields(row),
    );
    let json = |r: serde_json::Result<String>| r.map_err(|e| AppError::Internal(e.into()));
    let (item, audit, rows) = (
        json(serde_json::to_string(row))?,
        json(serde_json::to_string(&audit))?,
        json(serde_json::to_string(&search_rows()))?,
    );
    crate::prepared::Statement::new(INSERT, [&row.id, &item, &audit, &rows]).execute(pg)?;
    Ok(())
}

pub fn save(
    conn: &mut DbConn,
    actor: &Actor,
    action: &str,
    before: &ItemRow,
    row: &mut ItemRow,
) -> AppResult<()> {
    save_row!(items, conn, actor, "item", action, before, row)
}

/// An item, including a withdrawn one (its tombstone).
pub fn get_any(conn: &mut DbConn, id: &str) -> AppResult<ItemRow> {
    items::table
        .find(id)
        .select(ItemRow::as_select())
        .get_result(conn)
        .or_not_found("item")
}

/// A live item.
pub fn get(conn: &mut DbConn, id: &str) -> AppResult<ItemRow> {
    let row = get_any(conn, id)?;
    if row.deleted_at.is_some() {
        return Err(minutebook_ground::error::AppError::NotFound(
            "that item has been withdrawn".into(),
        ));
    }
    Ok(row)
}

/// A top-level item and its parts, withdrawn ones included, in position
/// order (by the item's key and the parts' index: one SQL text for any
/// item).
pub fn tree(conn: &mut DbConn, top: &str) -> AppResult<Vec<ItemRow>> {
    Ok(items::table
        .filter(items::id.eq(top).or(items::parent_id.eq(top)))
        .order((items::position.asc(), items::created_at.asc()))
        .select(ItemRow::as_select())
        .load(conn)?)
}

/// All live items of a meeting, parts included, in position order.
pub fn for_meeting(conn: &mut DbConn, meeting_id: &str) -> AppResult<Vec<ItemRow>> {
    Ok(items::table
        .filter(items::meeting_id.eq(meeting_id))
        .filter(items::deleted_at.is_null())
        .order((items::position.asc(), items::created_at.asc()))
        .select(ItemRow::as_select())
        .load(conn)?)
}

/// Live siblings: the top-level items of a meeting, or the parts of an item.
pub fn siblings(
    conn: &mut DbConn,
    meeting_id: &str,
    parent_id: Option<&str>,
) -> AppResult<Vec<ItemRow>> {
    let mut q = items::table
        .filter(items::meeting_id.eq(meeting_id.to_string()))
        .filter(items::deleted_at.is_null())
        .into_boxed();
    q = match parent_id {
        Some(p) => q.filter(items::parent_id.eq(p.to_string())),
        None => q.filter(items::parent_id.is_null()),
    };
    Ok(q.order((items::position.asc(), items::created_at.asc()))
        .select(ItemRow::as_select())
        .load(conn)?)
}

/// Gives `rows` the positions 1, 2, 3 … in the order given.
pub fn renumber_positions(conn: &mut DbConn, rows: &[ItemRow]) -> AppResult<()> {
    for (i, row) in rows.iter().enumerate() {
        set_position(conn, row, i as i32 + 1)?;
    }
    Ok(())
}

/// Moves a sibling aside when another item is placed or withdrawn; written
/// only if it changes (the move that caused it is what is audited).
pub fn set_position(conn: &mut DbConn, row: &ItemRow, position: i32) -> AppResult<()> {
    if row.position != position {
        diesel::update(items::table.find(&row.id))
            .set((
                items::position.eq(position),
                items::updated_at.eq(super::now()),
                items::version.eq(items::version + 1),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Whether anything hangs from a top-level item or its parts (outcomes,
/// declarations, actions, documents, votes; withdrawn ones included), in
/// one statement: a tree with none (a new item, most agenda items before
/// the meeting) needs none of the five loads of its records.
pub fn tree_has_records(conn: &mut DbConn, top: &str) -> AppResult<bool> {
    use diesel::dsl::exists;
    use minutebook_ground::db::schema::{actions, declarations, documents, outcomes, votes};
    let top = top.to_string();
    let (o, d, a, p, v): (bool, bool, bool, bool, bool) = diesel::select((
        exists(outcomes::table.filter(outcomes::item_id.eq_any(tree_item_ids!(&top)))),
        exists(declarations::table.filter(declarations::item_id.eq_any(tree_item_ids!(&top)))),
        exists(actions::table.filter(actions::item_id.eq_any(tree_item_ids!(&top)))),
        exists(documents::table.filter(documents::item_id.eq_any(tree_item_ids!(&top)))),
        exists(votes::table.filter(votes::item_id.eq_any(tree_item_ids!(&top)))),
    ))
    .get_result(conn)?;
    Ok(o || d || a || p || v)
}

/// Where an appended item goes among its live siblings (`parent_id`'s
/// parts, or the top level): the next position, and whether any of those
/// siblings has no minute number yet. One statement of two probes; at the
/// top level each reads the edge of a partial index (`items_top_live`,
/// `items_unnumbered`), so its cost does not grow with the agenda.
pub fn append_point(
    conn: &mut DbConn,
    meeting_id: &str,
    parent_id: Option<&str>,
) -> AppResult<AppendPoint> {
    use diesel::dsl::{exists, max};
    // Not boxed: a query of fixed shape is prepared once per connection
    // (PostgreSQL), where a boxed one is planned on every write.
    let live = || {
        items::table
            .filter(items::meeting_id.eq(meeting_id.to_string()))
            .filter(items::deleted_at.is_null())
    };
    let (max, unnumbered): (Option<i32>, bool) = match parent_id {
        Some(p) => {
            let siblings = || live().filter(items::parent_id.eq(p.to_string()));
            diesel::select((
                siblings().select(max(items::position)).single_value(),
                exists(siblings().filter(items::minute_number.is_null())),
            ))
            .get_result(conn)?
        }
        None => {
            // The partial index `items_top_live` holds exactly these rows.
            let top = || live().filter(items::parent_id.is_null());
            let unnumbered = exists(top().filter(items::minute_number.is_null()));
            match conn {
                // PostgreSQL reads the index's edge for `ORDER BY … LIMIT 1`
                // whatever its statistics say (a `max()` is read from the
                // edge only when they show a long agenda).
                DbConn::Pg(pg) => diesel::select((
                    top()
                        .select(items::position)
                        .order(items::position.desc())
                        .limit(1)
                        .single_value(),
                    unnumbered,
                ))
                .get_result(pg)?,
                // SQLite reads a `max()` from the index's edge; a bound
                // `LIMIT` would have it prepare the statement anew each time.
                DbConn::Sqlite(lite) => diesel::select((
                    top().select(max(items::position)).single_value(),
                    unnumbered,
                ))
                .get_result(lite)?,
            }
        }
    };
    Ok(AppendPoint {
        position: max.unwrap_or(0) + 1,
        any_unnumbered: unnumbered,
    })
}

/// See [`append_point`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppendPoint {
    pub position: i32,
    pub any_unnumbered: bool,
}

/// Live top-level items of a meeting that have no minute number yet, in
/// agenda order.
pub fn unnumbered(conn: &mut DbConn, meeting_id: &str) -> AppResult<Vec<ItemRow>> {
    Ok(items::table
        .filter(items::meeting_id.eq(meeting_id))
        .filter(items::parent_id.is_null())
        .filter(items::deleted_at.is_null())
        .filter(items::minute_number.is_null())
        .order((items::position.asc(), items::created_at.asc()))
        .select(ItemRow::as_select())
        .load(conn)?)
}

/// The meeting of another item of the body (not `except_item`) that has
/// this minute number, if any: a number is never given twice.
pub fn meeting_with_number(
    conn: &mut DbConn,
    body_id: &str,
    minute_number: &str,
    except_item: &str,
) -> AppResult<Option<String>> {
    use minutebook_ground::db::schema::meetings;
    Ok(items::table
        .inner_join(meetings::table.on(meetings::id.eq(items::meeting_id)))
        .filter(meetings::body_id.eq(body_id))
        .filter(items::minute_number.eq(minute_number))
        .filter(items::id.ne(except_item))
        .select(items::meeting_id)
        .first(conn)
        .optional()?)
}

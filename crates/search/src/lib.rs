//! Full-text search over what the public may see: item titles, minute text
//! (for a restricted item, only its public summary), outcomes and the
//! titles of documents.
//!
//! One interface, two engines, chosen by matching the `DbConn` variant:
//! SQLite FTS5 (porter stemming, ranked by the title, `snippet`/`highlight`) on the
//! embedded default, and PostgreSQL full-text search (a weighted `tsvector`
//! behind a GIN index, `websearch_to_tsquery`, `ts_rank_cd`, `ts_headline`)
//! in production.
//!
//! **Keeping the index true.** The index (`search_entries`) is rebuilt one
//! meeting at a time by [`reindex_meeting`], from
//! [`minutebook_read::meeting::load_meeting`] for `Viewer::Public` (the public
//! read model), so restricted or unpublished text can never enter it.
//! Database triggers mark a meeting dirty (`search_dirty`) in the same
//! transaction as any insert or update of the meeting, its items, outcomes,
//! documents or papers' text, so no write path can forget; every write of
//! the service indexes what it marked before its writer is answered:
//! inside its transaction on SQLite ([`index_dirty`]), just after it
//! commits on PostgreSQL ([`marks_of_this_write`], [`index_marks_apart`];
//! `usecases::commit` says why). A search only reads: it never
//! returns a row of a meeting still marked dirty (changed behind the
//! service's back, e.g. by SQL), and the background job
//! ([`flush_dirty`]) and `minutebook reindex` catch those up. So a search
//! can be answered by a read-only replica.
//!
//! Searching is in [`query`] (bounded cost), the papers' text in
//! [`extract`] and [`papers`], the concurrency limit in [`gate`].

mod dirty;
pub mod extract;
pub mod gate;
/// Untrusted files read in a child process with bounded memory, CPU and time.
pub mod isolated;
mod links;
pub mod marks;
pub mod papers;
pub mod query;

pub use dirty::{
    any_dirty, flush_dirty, index_dirty, index_marks_apart, marks_of_this_write, reindex_all, Marks,
};

pub use marks::{marked_html, marked_text, segments, Segment, MARK_END, MARK_START};
pub use query::{
    decode_cursor, encode_cursor, fts5_query, search, Hit, Query, Results, Total, CURSOR_PATTERN,
    MAX_QUERY_CHARS,
};

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::Text;
use minutebook_domain::visibility::{self, Viewer};
use minutebook_ground::db::schema::{search_dirty, search_dirty_items, search_entries};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_read::meeting::{Item, Meeting};
use minutebook_render::markup;
use minutebook_store::items::ItemRow;
use minutebook_store::meetings::MeetingRow;
use std::collections::HashMap;

/// How many dirty meetings the background job reindexes in one pass.
pub const FLUSH_BATCH: i64 = 25;

/// At most this much of a paper's text is indexed (and so searched).
pub const PAPER_TEXT_CHARS: usize = 50_000;

/// What a search result is.
pub mod kind {
    /// An agenda item: its title and, once the minutes are public, its
    /// minute text (or a restricted item's public summary).
    pub const ITEM: &str = "item";
    /// The outcome of an item: "AGREED that …".
    pub const OUTCOME: &str = "outcome";
    /// A paper attached to an item.
    pub const DOCUMENT: &str = "document";
}

#[derive(Debug, Clone, Insertable, serde::Serialize)]
#[diesel(table_name = search_entries)]
pub struct NewEntry {
    pub meeting_id: String,
    pub body_id: String,
    pub kind: String,
    pub item_id: Option<String>,
    pub outcome_id: Option<String>,
    pub document_id: Option<String>,
    pub minute_number: Option<String>,
    /// What the result is called.
    pub heading: String,
    /// The title that is searched (empty for an outcome, whose item's
    /// title belongs to the item's own row).
    pub title: String,
    pub content: String,
    pub starts_at: NaiveDateTime,
    pub position: i32,
    pub indexed_at: NaiveDateTime,
}

/// Text as indexed: no control characters (but line breaks) and no match
/// markers.
fn clean(s: &str) -> String {
    s.chars()
        .filter(|c| *c != MARK_START && *c != MARK_END)
        .map(|c| if c.is_control() && c != '\n' { ' ' } else { c })
        .collect::<String>()
        .trim()
        .to_string()
}

/// Minute text without its light markup.
fn plain(text: &str) -> String {
    markup::parse(text)
        .into_iter()
        .map(|b| match b {
            markup::Block::Paragraph(runs) => markup::plain_text(&runs),
            markup::Block::Bullets(items) | markup::Block::Numbered { items, .. } => items
                .iter()
                .map(|r| markup::plain_text(r))
                .collect::<Vec<_>>()
                .join("\n"),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The rows of one meeting, from its public view.
/// `texts` holds the extracted text of papers by document id.
pub fn entries_for(m: &Meeting, texts: &HashMap<String, String>) -> Vec<NewEntry> {
    let base = base_entry(&m.id, &m.body.id, m.starts_at.naive_utc());
    entries_for_items(&base, &m.items, texts)
}

/// The rows of a new top-level item, as [`reindex_items`] would write them
/// once it is inserted: nothing is recorded against it yet (no parts,
/// outcomes or papers), so they follow from its row and its meeting's.
/// None when the public may not see the meeting's agenda. Written with the
/// item (`store::items::insert_indexed`), so the write leaves nothing to
/// index.
pub fn rows_of_new_item(meeting: &MeetingRow, item: &ItemRow) -> Vec<NewEntry> {
    let facts = meeting.facts();
    if item.parent_id.is_some()
        || !visibility::meeting_visible(Viewer::Public, facts)
        || !visibility::agenda_visible(Viewer::Public, facts)
    {
        return Vec::new();
    }
    let items = minutebook_read::meeting::build_items(
        vec![item.clone()],
        minutebook_read::meeting::ItemContext::default(),
        Viewer::Public,
        facts,
        "",
    );
    let base = base_entry(&meeting.id, &meeting.body_id, meeting.starts_at);
    entries_for_items(&base, &items, &HashMap::new())
}

/// What every row of one meeting shares.
fn base_entry(meeting_id: &str, body_id: &str, starts_at: NaiveDateTime) -> NewEntry {
    NewEntry {
        meeting_id: meeting_id.to_string(),
        body_id: body_id.to_string(),
        kind: String::new(),
        item_id: None,
        outcome_id: None,
        document_id: None,
        minute_number: None,
        heading: String::new(),
        title: String::new(),
        content: String::new(),
        starts_at,
        position: 0,
        indexed_at: minutebook_store::now(),
    }
}

/// The rows of some top-level items (public views, parts nested).
fn entries_for_items(
    base: &NewEntry,
    items: &[Item],
    texts: &HashMap<String, String>,
) -> Vec<NewEntry> {
    let mut out = Vec::new();
    for item in items {
        let start = out.len();
        item_entries(&mut out, base, texts, item, None, false);
        number_rows(&mut out[start..], item.position);
    }
    out
}

/// A row's place in its meeting: its top-level item's place on the agenda,
/// then its place among that item's rows. It depends on nothing else, so
/// one item's rows can be rebuilt without renumbering the others'.
fn number_rows(rows: &mut [NewEntry], item_position: i32) {
    for (k, e) in rows.iter_mut().enumerate() {
        let k = i32::try_from(k.min(999)).unwrap_or(999);
        e.position = item_position.saturating_mul(1000).saturating_add(k);
    }
}

fn item_entries(
    out: &mut Vec<NewEntry>,
    base: &NewEntry,
    texts: &HashMap<String, String>,
    item: &Item,
    parent_title: Option<&str>,
    parent_restricted: bool,
) {
    // The read model already hides a restricted item's text, outcomes and
    // papers from the public; the same rule checks again.
    let hidden = visibility::item_hidden(Viewer::Public, item.facts(parent_restricted));
    let title = match (&item.part_letter, parent_title) {
        (Some(l), Some(p)) => format!("{p} ({l}) {}", item.title),
        (Some(l), None) => format!("({l}) {}", item.title),
        _ => item.title.clone(),
    };
    let mut content = Vec::new();
    if !hidden {
        if let Some(t) = &item.minutes {
            content.push(plain(t));
        }
    }
    if item.restricted.is_some() {
        if let Some(s) = &item.public_summary {
            content.push(plain(s));
        }
    }
    if !hidden {
        if let Some(p) = item.presenter.as_deref().filter(|p| !p.trim().is_empty()) {
            content.push(format!("Presented by {p}"));
        }
    }
    let entry = |kind: &str, title: String, content: String| NewEntry {
        kind: kind.to_string(),
        item_id: Some(item.id.clone()),
        minute_number: item.minute_number.clone(),
        heading: clean(&title),
        title: clean(&title),
        content: clean(&content),
        ..base.clone()
    };
    out.push(entry(kind::ITEM, title.clone(), content.join("\n")));
    if !hidden {
        for o in &item.outcomes {
            let mut text = minutebook_render::doc::outcome_line(&o.verb, &o.text);
            for (i, p) in o.parts.iter().enumerate() {
                text.push_str(&format!("\n{}. {p}", i + 1));
            }
            out.push(NewEntry {
                outcome_id: Some(o.id.clone()),
                title: String::new(),
                ..entry(kind::OUTCOME, title.clone(), text)
            });
        }
        for d in item.documents.iter().filter(|d| !d.restricted) {
            out.push(NewEntry {
                document_id: Some(d.id.clone()),
                ..entry(
                    kind::DOCUMENT,
                    d.title.clone(),
                    match texts.get(&d.id) {
                        Some(t) => format!("{} ({})\n{t}", d.filename, d.size_label),
                        None => format!("{} ({})", d.filename, d.size_label),
                    },
                )
            });
        }
    }
    for part in &item.parts {
        item_entries(out, base, texts, part, Some(&item.title), hidden);
    }
}

/// Rebuilds the search rows of one meeting from what the public may see of
/// it now (none, if the public may not see it). Runs in a transaction of
/// its own, or as a savepoint inside the caller's: call it at the end of a
/// write transaction that changed the meeting's public content. Clears the
/// meeting's marks, its items' included.
pub fn reindex_meeting(conn: &mut DbConn, meeting_id: &str) -> AppResult<usize> {
    conn.transaction::<usize, AppError, _>(|c| {
        one_reindex_at_a_time(c, meeting_id)?;
        let generation: Option<i64> = search_dirty::table
            .find(meeting_id)
            .select(search_dirty::generation)
            .get_result(c)
            .optional()?;
        let item_marks = item_marks_of(c, meeting_id)?;
        let wanted = match minutebook_read::meeting::load_meeting(c, meeting_id, Viewer::Public, "")
        {
            Ok(m) => {
                let texts = papers::texts_for(c, &m.items)?;
                entries_for(&m, &texts)
            }
            Err(AppError::NotFound(_)) => Vec::new(),
            Err(e) => return Err(e),
        };
        // Only rows that changed are written: a full-text index pays for
        // every row deleted and inserted, and an edit to one item of a long
        // agenda should not rewrite the others.
        let stored: Vec<(i64, StoredEntry)> = search_entries::table
            .filter(search_entries::meeting_id.eq(meeting_id))
            .select((search_entries::id, StoredEntry::as_select()))
            .load(c)?;
        let indexed = wanted.len();
        write_changes(c, stored, wanted)?;
        if let Some(g) = generation {
            // A change made since the mark was read leaves it in place.
            diesel::delete(
                search_dirty::table
                    .filter(search_dirty::meeting_id.eq(meeting_id))
                    .filter(search_dirty::generation.eq(g)),
            )
            .execute(c)?;
        }
        clear_item_marks(c, &item_marks)?;
        Ok(indexed)
    })
}

/// Rebuilds the search rows of some top-level items of one meeting (each
/// with its parts), marked by `marks` (item id, generation), from what the
/// public may see of them now. The marks still there are taken first
/// ([`take_item_marks`]), so reindexes that read the same marks side by
/// side build each item once. What a write to one item costs no longer
/// grows with the agenda. The rows come from the same
/// read model and visibility rule as [`reindex_meeting`]'s (`build_items`
/// for `Viewer::Public`), numbered the same way ([`number_rows`]). Runs
/// in the caller's transaction (no savepoint).
fn reindex_items(c: &mut DbConn, meeting_id: &str, marks: &[(String, i64)]) -> AppResult<usize> {
    use minutebook_read::meeting::{build_items, load_meeting_row, load_tree_context};
    let taken = take_item_marks(c, meeting_id, marks)?;
    if taken.is_empty() {
        return Ok(0);
    }
    let meeting = match load_meeting_row(c, meeting_id, Viewer::Public) {
        Ok(m) if visibility::agenda_visible(Viewer::Public, m.facts()) => Some(m),
        Ok(_) | Err(AppError::NotFound(_)) => None,
        Err(e) => return Err(e),
    };
    let mut stored: Vec<(i64, StoredEntry)> = Vec::new();
    let mut wanted = Vec::new();
    use minutebook_ground::db::schema::items::{
        id as item, parent_id as parent, table as tree_ids,
    };
    let tree = |top: &str| item.eq(top.to_string()).or(parent.eq(top.to_string()));
    for top in &taken {
        // Every item of the tree, withdrawn ones included: their stored
        // rows are compared. Statements that do not vary with the item.
        let rows: Vec<_> = minutebook_store::items::tree(c, top)?
            .into_iter()
            .filter(|r| r.meeting_id == meeting_id)
            .collect();
        // By the item index alone (a filter on the meeting would have
        // SQLite read all of the meeting's rows).
        stored.extend(
            search_entries::table
                .filter(
                    search_entries::item_id.eq_any(
                        tree_ids
                            .filter(tree(top))
                            .select(minutebook_ground::db::schema::items::id.nullable()),
                    ),
                )
                .select((search_entries::id, StoredEntry::as_select()))
                .load::<(i64, StoredEntry)>(c)?
                .into_iter()
                .filter(|(_, e)| e.meeting_id == meeting_id),
        );
        let Some(m) = &meeting else { continue };
        let live: Vec<_> = rows
            .into_iter()
            .filter(|r| r.deleted_at.is_none())
            .collect();
        if live.is_empty() {
            continue;
        }
        let ctx = load_tree_context(c, top)?;
        let items = build_items(live, ctx, Viewer::Public, m.facts(), "");
        let texts = papers::texts_for(c, &items)?;
        let base = base_entry(&m.id, &m.body_id, m.starts_at);
        wanted.extend(entries_for_items(&base, &items, &texts));
    }
    let indexed = wanted.len();
    write_changes(c, stored, wanted)?;
    Ok(indexed)
}

/// Takes (deletes) the marks of these items that are still there, and
/// answers whose they were: a reindex that ran in the meantime took the
/// rest, and what it wrote is stored. On PostgreSQL the same statement
/// first takes the meeting's reindex lock ([`one_reindex_at_a_time`]): a
/// mark the reindex before it took is gone when it gets the lock, and
/// every statement after this one sees each change whose mark it took (a
/// change not yet committed keeps its mark: its upsert of the mark waits
/// for this transaction, then marks anew).
fn take_item_marks(
    c: &mut DbConn,
    meeting_id: &str,
    marks: &[(String, i64)],
) -> AppResult<Vec<String>> {
    #[derive(QueryableByName)]
    struct Taken {
        #[diesel(sql_type = Text)]
        item_id: String,
    }
    const TAKE_LOCKED: &str = concat!(
        "WITH held AS (SELECT ",
        minutebook_store::reindex_lock!(),
        ") DELETE FROM search_dirty_items WHERE meeting_id = $1 AND item_id = ANY($2) \
         AND EXISTS (SELECT 1 FROM held) RETURNING item_id"
    );
    let ids: Vec<&str> = marks.iter().map(|(id, _)| id.as_str()).collect();
    let mut taken: Vec<String> = match c {
        DbConn::Pg(pg) => diesel::sql_query(TAKE_LOCKED)
            .bind::<Text, _>(meeting_id)
            .bind::<diesel::sql_types::Array<Text>, _>(&ids)
            .load::<Taken>(pg)?
            .into_iter()
            .map(|t| t.item_id)
            .collect(),
        DbConn::Sqlite(lite) => diesel::delete(
            search_dirty_items::table
                .filter(search_dirty_items::meeting_id.eq(meeting_id))
                .filter(search_dirty_items::item_id.eq_any(&ids)),
        )
        .returning(search_dirty_items::item_id)
        .get_results(lite)?,
    };
    // In the order the marks were read.
    taken.sort_by_key(|id| marks.iter().position(|(m, _)| m == id));
    Ok(taken)
}

/// On PostgreSQL, one reindex of a meeting at a time: a second waits, then
/// sees what the first wrote.
fn one_reindex_at_a_time(c: &mut DbConn, meeting_id: &str) -> AppResult<()> {
    if let DbConn::Pg(pg) = c {
        diesel::sql_query(concat!("SELECT ", minutebook_store::reindex_lock!()))
            .bind::<Text, _>(meeting_id)
            .execute(pg)?;
    }
    Ok(())
}

/// The items of a meeting marked for reindexing, with their generations.
fn item_marks_of(c: &mut DbConn, meeting_id: &str) -> AppResult<Vec<(String, i64)>> {
    Ok(search_dirty_items::table
        .filter(search_dirty_items::meeting_id.eq(meeting_id))
        .select((search_dirty_items::item_id, search_dirty_items::generation))
        .load(c)?)
}

/// Clears item marks read earlier; a change made since leaves its mark.
fn clear_item_marks(c: &mut DbConn, marks: &[(String, i64)]) -> AppResult<()> {
    for (id, g) in marks {
        diesel::delete(
            search_dirty_items::table
                .find(id)
                .filter(search_dirty_items::generation.eq(g)),
        )
        .execute(c)?;
    }
    Ok(())
}

/// Deletes the stored rows no longer wanted and inserts the wanted rows
/// not stored yet.
fn write_changes(
    c: &mut DbConn,
    stored: Vec<(i64, StoredEntry)>,
    wanted: Vec<NewEntry>,
) -> AppResult<()> {
    let (stale, entries) = diff_entries(stored, wanted);
    if !stale.is_empty() {
        diesel::delete(search_entries::table.filter(search_entries::id.eq_any(&stale)))
            .execute(c)?;
    }
    match c {
        // One statement for the rows.
        DbConn::Pg(pg) if !entries.is_empty() => {
            diesel::insert_into(search_entries::table)
                .values(&entries)
                .execute(pg)?;
        }
        _ => {
            for e in &entries {
                diesel::insert_into(search_entries::table)
                    .values(e)
                    .execute(c)?;
            }
        }
    }
    Ok(())
}

/// A row of the index as stored, without its id and when it was indexed:
/// what [`NewEntry`] would write.
#[derive(Debug, PartialEq, Eq, Hash, Queryable, Selectable)]
#[diesel(table_name = search_entries)]
struct StoredEntry {
    meeting_id: String,
    body_id: String,
    kind: String,
    item_id: Option<String>,
    outcome_id: Option<String>,
    document_id: Option<String>,
    minute_number: Option<String>,
    heading: String,
    title: String,
    content: String,
    starts_at: NaiveDateTime,
    position: i32,
}

impl From<&NewEntry> for StoredEntry {
    fn from(e: &NewEntry) -> Self {
        StoredEntry {
            meeting_id: e.meeting_id.clone(),
            body_id: e.body_id.clone(),
            kind: e.kind.clone(),
            item_id: e.item_id.clone(),
            outcome_id: e.outcome_id.clone(),
            document_id: e.document_id.clone(),
            minute_number: e.minute_number.clone(),
            heading: e.heading.clone(),
            title: e.title.clone(),
            content: e.content.clone(),
            starts_at: e.starts_at,
            position: e.position,
        }
    }
}

/// Which stored rows (by id) no longer match what should be indexed, and
/// which wanted rows are not stored yet. A row stored twice that is wanted
/// once loses one copy.
fn diff_entries(
    stored: Vec<(i64, StoredEntry)>,
    wanted: Vec<NewEntry>,
) -> (Vec<i64>, Vec<NewEntry>) {
    let mut missing: HashMap<StoredEntry, Vec<NewEntry>> = HashMap::new();
    for w in wanted {
        missing.entry(StoredEntry::from(&w)).or_default().push(w);
    }
    let mut stale = Vec::new();
    for (id, row) in stored {
        match missing.get_mut(&row).and_then(Vec::pop) {
            Some(_) => {}
            None => stale.push(id),
        }
    }
    let mut insert: Vec<NewEntry> = missing.into_values().flatten().collect();
    insert.sort_by_key(|e| e.position);
    (stale, insert)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexed_text_cannot_carry_marks() {
        assert_eq!(clean("x\u{27E6}y\u{27E7}\u{1}z"), "xy z");
    }

    fn entry(position: i32, title: &str) -> NewEntry {
        NewEntry {
            meeting_id: "m".into(),
            body_id: "b".into(),
            kind: kind::ITEM.into(),
            item_id: Some(format!("i{position}")),
            outcome_id: None,
            document_id: None,
            minute_number: None,
            heading: title.into(),
            title: title.into(),
            content: String::new(),
            starts_at: NaiveDateTime::default(),
            position,
            indexed_at: NaiveDateTime::default(),
        }
    }

    #[test]
    fn a_reindex_writes_only_the_rows_that_changed() {
        let stored = vec![
            (1, StoredEntry::from(&entry(1, "Apologies"))),
            (2, StoredEntry::from(&entry(2, "Budget"))),
            (3, StoredEntry::from(&entry(3, "Parks"))),
            // A copy too many: one goes.
            (4, StoredEntry::from(&entry(3, "Parks"))),
        ];
        let wanted = vec![
            entry(1, "Apologies"),
            entry(2, "Budget 2024/25"),
            entry(3, "Parks"),
            entry(4, "Any other business"),
        ];
        let (stale, insert) = diff_entries(stored, wanted);
        assert_eq!(stale.len(), 2);
        assert!(stale.contains(&2));
        assert!(stale.contains(&3) || stale.contains(&4));
        let titles: Vec<&str> = insert.iter().map(|e| e.title.as_str()).collect();
        assert_eq!(titles, ["Budget 2024/25", "Any other business"]);
    }
}

//! Full-text search over what the public may see: item titles, minute text
//! (for a restricted item, only its public summary), outcomes and the
//! titles of documents.
//!
//! One interface, two engines, chosen by matching the `DbConn` variant:
//! SQLite FTS5 (porter stemming, bm25 ranking, `snippet`/`highlight`) on the
//! embedded default, and PostgreSQL full-text search (a weighted `tsvector`
//! behind a GIN index, `websearch_to_tsquery`, `ts_rank_cd`, `ts_headline`)
//! in production.
//!
//! **Keeping the index true.** The index (`search_entries`) is rebuilt one
//! meeting at a time by [`reindex_meeting`], from
//! [`crate::read::meeting::load_meeting`] for `Viewer::Public` (the public read model), so
//! restricted or unpublished text can never enter it. Database triggers mark
//! a meeting dirty (`search_dirty`) in the same transaction as any insert or
//! update of the meeting, its items, outcomes or documents, so no write
//! path can forget. [`search`] never returns a row of a meeting that is
//! still marked dirty, and the handlers call [`flush_dirty`] first, which
//! reindexes a batch of dirty meetings. Calling [`reindex_meeting`] at the
//! end of a write transaction makes the change searchable at once.

use crate::db::schema::bodies;
use crate::db::schema_search::{search_dirty, search_entries};
use crate::db::DbConn;
use crate::domain::visibility::{self, Viewer};
use crate::error::{AppError, AppResult};
use crate::read::meeting::{Item, Meeting};
use crate::render::markup;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Double, Nullable, Text, Timestamp};
use std::collections::HashMap;

/// Marks the start and end of a match in the text the database returns.
/// Both are removed from indexed text, so they only ever come from the
/// engine.
pub const MARK_START: char = '\u{27E6}';
pub const MARK_END: char = '\u{27E7}';

/// How many dirty meetings a search reindexes before it answers.
pub const FLUSH_BATCH: i64 = 25;

/// The longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 300;

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

#[derive(Debug, Clone, Insertable)]
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
pub fn entries_for(m: &Meeting) -> Vec<NewEntry> {
    let mut out = Vec::new();
    let now = crate::store::now();
    let base = NewEntry {
        meeting_id: m.id.clone(),
        body_id: m.body.id.clone(),
        kind: String::new(),
        item_id: None,
        outcome_id: None,
        document_id: None,
        minute_number: None,
        heading: String::new(),
        title: String::new(),
        content: String::new(),
        starts_at: m.starts_at.naive_utc(),
        position: 0,
        indexed_at: now,
    };
    for item in &m.items {
        item_entries(&mut out, &base, item, None, false);
    }
    for (i, e) in out.iter_mut().enumerate() {
        e.position = i32::try_from(i).unwrap_or(i32::MAX);
    }
    out
}

fn item_entries(
    out: &mut Vec<NewEntry>,
    base: &NewEntry,
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
            let mut text = crate::render::doc::outcome_line(&o.verb, &o.text);
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
                    format!("{} ({})", d.filename, d.size_label),
                )
            });
        }
    }
    for part in &item.parts {
        item_entries(out, base, part, Some(&item.title), hidden);
    }
}

/// Rebuilds the search rows of one meeting from what the public may see of
/// it now (none, if the public may not see it). Runs in a transaction of
/// its own, or as a savepoint inside the caller's: call it at the end of a
/// write transaction that changed the meeting's public content.
pub fn reindex_meeting(conn: &mut DbConn, meeting_id: &str) -> AppResult<usize> {
    conn.transaction::<usize, AppError, _>(|c| {
        if let DbConn::Pg(pg) = c {
            // One reindex of a meeting at a time: a second waits, then
            // deletes what the first inserted.
            diesel::sql_query("SELECT pg_advisory_xact_lock(hashtextextended($1, 5545))")
                .bind::<Text, _>(meeting_id)
                .execute(pg)?;
        }
        let generation: Option<i64> = search_dirty::table
            .find(meeting_id)
            .select(search_dirty::generation)
            .first(c)
            .optional()?;
        diesel::delete(search_entries::table.filter(search_entries::meeting_id.eq(meeting_id)))
            .execute(c)?;
        let entries = match crate::read::meeting::load_meeting(c, meeting_id, Viewer::Public, "") {
            Ok(m) => entries_for(&m),
            Err(AppError::NotFound(_)) => Vec::new(),
            Err(e) => return Err(e),
        };
        for e in &entries {
            diesel::insert_into(search_entries::table)
                .values(e)
                .execute(c)?;
        }
        if let Some(g) = generation {
            // A change made since the mark was read leaves it in place.
            diesel::delete(
                search_dirty::table
                    .filter(search_dirty::meeting_id.eq(meeting_id))
                    .filter(search_dirty::generation.eq(g)),
            )
            .execute(c)?;
        }
        Ok(entries.len())
    })
}

/// Whether any meeting waits to be reindexed.
pub fn any_dirty(conn: &mut DbConn) -> AppResult<bool> {
    Ok(search_dirty::table
        .select(search_dirty::meeting_id)
        .first::<String>(conn)
        .optional()?
        .is_some())
}

/// Reindexes up to `limit` dirty meetings, oldest mark first, each in its
/// own write transaction. Answers how many were reindexed. A meeting that
/// fails stays marked (and so out of the results) and is logged; the
/// search goes on.
pub fn flush_dirty(conn: &mut DbConn, limit: i64) -> AppResult<usize> {
    let ids: Vec<String> = search_dirty::table
        .order((
            search_dirty::marked_at.asc(),
            search_dirty::meeting_id.asc(),
        ))
        .select(search_dirty::meeting_id)
        .limit(limit)
        .load(conn)?;
    let mut done = 0;
    for id in &ids {
        match crate::db::write_tx(conn, |c| reindex_meeting(c, id)) {
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
    crate::db::write_tx(conn, |c| {
        match c {
            DbConn::Pg(pg) => diesel::sql_query(MARK_ALL).execute(pg)?,
            DbConn::Sqlite(lite) => diesel::sql_query(MARK_ALL).execute(lite)?,
        };
        Ok::<_, AppError>(())
    })?;
    let mut total = 0;
    loop {
        let n = flush_dirty(conn, 200)?;
        total += n;
        if n == 0 {
            return Ok(total);
        }
    }
}

/// A search.
#[derive(Debug, Clone)]
pub struct Query {
    /// What the user typed: words, "quoted phrases", `-word` to exclude,
    /// `OR` between alternatives.
    pub text: String,
    /// Only this body's meetings.
    pub body_id: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

/// One result. `title_marked` and `snippet_marked` carry [`MARK_START`] and
/// [`MARK_END`] around the words that matched.
#[derive(Debug, Clone)]
pub struct Hit {
    pub kind: String,
    pub title: String,
    pub title_marked: String,
    pub snippet_marked: String,
    pub meeting_id: String,
    pub body_id: String,
    pub body_name: String,
    pub body_slug: String,
    pub item_id: Option<String>,
    pub outcome_id: Option<String>,
    pub document_id: Option<String>,
    pub minute_number: Option<String>,
    pub starts_at: NaiveDateTime,
    /// Higher is better; comparable only within one search.
    pub rank: f64,
}

#[derive(Debug, Default)]
pub struct Results {
    pub hits: Vec<Hit>,
    /// Whether there are more after these.
    pub more: bool,
}

#[derive(QueryableByName)]
struct HitRow {
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Text)]
    meeting_id: String,
    #[diesel(sql_type = Text)]
    body_id: String,
    #[diesel(sql_type = Nullable<Text>)]
    item_id: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    outcome_id: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    document_id: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    minute_number: Option<String>,
    #[diesel(sql_type = Text)]
    heading: String,
    #[diesel(sql_type = Timestamp)]
    starts_at: NaiveDateTime,
    #[diesel(sql_type = Nullable<Text>)]
    title_marked: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    snippet: Option<String>,
    #[diesel(sql_type = Double)]
    rank: f64,
}

/// The FTS5 query for what a user typed, or `None` when nothing can match.
/// Every term is quoted, so nothing typed is FTS5 syntax except `OR`,
/// `-term` and a trailing `*` for a prefix.
pub fn fts5_query(input: &str) -> Option<String> {
    let mut positive: Vec<String> = Vec::new();
    let mut negative: Vec<String> = Vec::new();
    let mut pending_or = false;
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let mut chars = input.chars().peekable();
    let mut terms: Vec<(bool, bool, String)> = Vec::new(); // (negated, phrase, text)
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let negated = c == '-';
        if negated {
            chars.next();
        }
        if chars.peek() == Some(&'"') {
            chars.next();
            let phrase: String = chars.by_ref().take_while(|c| *c != '"').collect();
            terms.push((negated, true, phrase));
        } else {
            let mut word = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() || c == '"' {
                    break;
                }
                word.push(c);
                chars.next();
            }
            terms.push((negated, false, word));
        }
    }
    for (negated, phrase, text) in terms.into_iter().take(32) {
        if !phrase && !negated && text == "OR" {
            pending_or = !positive.is_empty();
            continue;
        }
        let prefix = !phrase && text.len() > 1 && text.ends_with('*');
        let text = text.trim_end_matches('*');
        // A term with nothing to match (punctuation alone) is dropped.
        if !text.chars().any(char::is_alphanumeric) {
            pending_or = false;
            continue;
        }
        let mut t = quote(text);
        if prefix {
            t.push_str(" *");
        }
        if negated {
            negative.push(t);
        } else if pending_or {
            if let Some(last) = positive.pop() {
                positive.push(format!("{last} OR {t}"));
            }
            pending_or = false;
        } else {
            positive.push(t);
        }
    }
    if positive.is_empty() {
        return None;
    }
    let mut q = positive
        .iter()
        .map(|p| format!("({p})"))
        .collect::<Vec<_>>()
        .join(" AND ");
    if !negative.is_empty() {
        q = format!("({q})");
        for n in negative {
            q.push_str(&format!(" NOT {n}"));
        }
    }
    Some(q)
}

const SQLITE_SEARCH: &str = "SELECT e.kind, e.meeting_id, e.body_id, e.item_id, e.outcome_id, \
     e.document_id, e.minute_number, e.heading, e.starts_at, \
     highlight(search_fts, 0, '\u{27E6}', '\u{27E7}') AS title_marked, \
     snippet(search_fts, 1, '\u{27E6}', '\u{27E7}', '…', 28) AS snippet, \
     -bm25(search_fts, 4.0, 1.0) AS rank \
     FROM search_fts JOIN search_entries e ON e.id = search_fts.rowid \
     WHERE search_fts MATCH ? \
     AND e.meeting_id NOT IN (SELECT meeting_id FROM search_dirty) \
     AND e.body_id IN (SELECT id FROM bodies WHERE deleted_at IS NULL) \
     AND (? IS NULL OR e.body_id = ?) \
     ORDER BY rank DESC, e.starts_at DESC, e.position ASC, e.id ASC \
     LIMIT ? OFFSET ?";

const POSTGRES_SEARCH: &str = "SELECT e.kind, e.meeting_id, e.body_id, e.item_id, e.outcome_id, \
     e.document_id, e.minute_number, e.heading, e.starts_at, \
     ts_headline('english', translate(e.title, '<>', '\u{FF1C}\u{FF1E}'), q, 'HighlightAll=true, StartSel=\u{27E6}, StopSel=\u{27E7}') AS title_marked, \
     ts_headline('english', translate(e.content, '<>', '\u{FF1C}\u{FF1E}'), q, 'StartSel=\u{27E6}, StopSel=\u{27E7}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=\" … \"') AS snippet, \
     ts_rank_cd(e.document, q, 1)::float8 AS rank \
     FROM search_entries e, websearch_to_tsquery('english', $1) q \
     WHERE e.document @@ q \
     AND e.meeting_id NOT IN (SELECT meeting_id FROM search_dirty) \
     AND e.body_id IN (SELECT id FROM bodies WHERE deleted_at IS NULL) \
     AND ($2::text IS NULL OR e.body_id = $2) \
     ORDER BY rank DESC, e.starts_at DESC, e.position ASC, e.id ASC \
     LIMIT $3 OFFSET $4";

/// Searches the public index. Results are ranked (best first), then by
/// meeting date (latest first).
pub fn search(conn: &mut DbConn, q: &Query) -> AppResult<Results> {
    let text: String = q.text.chars().take(MAX_QUERY_CHARS).collect();
    let fetch = q.limit + 1;
    let rows: Vec<HitRow> = match conn {
        DbConn::Sqlite(c) => {
            let Some(fts) = fts5_query(&text) else {
                return Ok(Results::default());
            };
            diesel::sql_query(SQLITE_SEARCH)
                .bind::<Text, _>(fts)
                .bind::<Nullable<Text>, _>(q.body_id.clone())
                .bind::<Nullable<Text>, _>(q.body_id.clone())
                .bind::<BigInt, _>(fetch)
                .bind::<BigInt, _>(q.offset)
                .load(c)?
        }
        DbConn::Pg(c) => {
            if !text.chars().any(char::is_alphanumeric) {
                return Ok(Results::default());
            }
            diesel::sql_query(POSTGRES_SEARCH)
                .bind::<Text, _>(text)
                .bind::<Nullable<Text>, _>(q.body_id.clone())
                .bind::<BigInt, _>(fetch)
                .bind::<BigInt, _>(q.offset)
                .load(c)?
        }
    };
    // PostgreSQL saw angle brackets as fullwidth ones (see the migration).
    let rows: Vec<HitRow> = if matches!(conn, DbConn::Pg(_)) {
        let back = |s: String| s.replace('\u{FF1C}', "<").replace('\u{FF1E}', ">");
        rows.into_iter()
            .map(|r| HitRow {
                title_marked: r.title_marked.map(back),
                snippet: r.snippet.map(back),
                ..r
            })
            .collect()
    } else {
        rows
    };
    let more = rows.len() as i64 > q.limit;
    let mut body_ids: Vec<String> = rows.iter().map(|r| r.body_id.clone()).collect();
    body_ids.sort();
    body_ids.dedup();
    let names: HashMap<String, (String, String)> = if body_ids.is_empty() {
        HashMap::new()
    } else {
        bodies::table
            .filter(bodies::id.eq_any(&body_ids))
            .select((bodies::id, bodies::name, bodies::slug))
            .load::<(String, String, String)>(conn)?
            .into_iter()
            .map(|(id, name, slug)| (id, (name, slug)))
            .collect()
    };
    let hits = rows
        .into_iter()
        .take(usize::try_from(q.limit).unwrap_or(0))
        .map(|r| {
            let (body_name, body_slug) = names.get(&r.body_id).cloned().unwrap_or_default();
            // The searched title, marked, when it is what is shown.
            let title_marked = r
                .title_marked
                .filter(|t| marked_text(t) == r.heading)
                .unwrap_or_else(|| r.heading.clone());
            let snippet = r.snippet.unwrap_or_default();
            // No text to show (a document or item title alone): the title.
            let snippet_marked = if snippet.trim().is_empty() {
                title_marked.clone()
            } else {
                snippet
            };
            Hit {
                kind: r.kind,
                title: r.heading,
                title_marked,
                snippet_marked,
                meeting_id: r.meeting_id,
                body_id: r.body_id,
                body_name,
                body_slug,
                item_id: r.item_id,
                outcome_id: r.outcome_id,
                document_id: r.document_id,
                minute_number: r.minute_number,
                starts_at: r.starts_at,
                rank: r.rank,
            }
        })
        .collect();
    Ok(Results { hits, more })
}

/// The opaque cursor of the page starting at `offset`.
pub fn encode_cursor(offset: i64) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(format!("search:{offset}"))
}

/// The offset a cursor names, if it is one this service gave out.
pub fn decode_cursor(cursor: &str) -> Option<i64> {
    use base64::Engine;
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(cursor.trim())
        .ok()?;
    let n: i64 = std::str::from_utf8(&raw)
        .ok()?
        .strip_prefix("search:")?
        .parse()
        .ok()?;
    (0..=100_000).contains(&n).then_some(n)
}

/// A piece of marked text: matched or not.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Segment {
    pub text: String,
    pub matched: bool,
}

/// Splits marked text into matched and unmatched pieces (an unclosed mark
/// ends with the text).
pub fn segments(marked: &str) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let mut cur = String::new();
    let mut matched = false;
    for c in marked.chars() {
        if c == MARK_START || c == MARK_END {
            if !cur.is_empty() {
                out.push(Segment {
                    text: std::mem::take(&mut cur),
                    matched,
                });
            }
            matched = c == MARK_START;
        } else {
            cur.push(c);
        }
    }
    if !cur.is_empty() {
        out.push(Segment { text: cur, matched });
    }
    out
}

/// Marked text as safe HTML: everything escaped, matches in `<mark>`.
pub fn marked_html(marked: &str) -> String {
    segments(marked)
        .into_iter()
        .map(|s| {
            let t = crate::render::html::escape(&s.text);
            if s.matched {
                format!("<mark>{t}</mark>")
            } else {
                t
            }
        })
        .collect()
}

/// Marked text without its marks.
pub fn marked_text(marked: &str) -> String {
    marked
        .chars()
        .filter(|c| *c != MARK_START && *c != MARK_END)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_input_is_never_fts5_syntax() {
        assert_eq!(fts5_query("patrols").unwrap(), "(\"patrols\")");
        assert_eq!(
            fts5_query("anti-social behaviour").unwrap(),
            "(\"anti-social\") AND (\"behaviour\")"
        );
        assert_eq!(
            fts5_query("\"action plan\" -draft").unwrap(),
            "((\"action plan\")) NOT \"draft\""
        );
        assert_eq!(
            fts5_query("scooters OR bikes").unwrap(),
            "(\"scooters\" OR \"bikes\")"
        );
        assert_eq!(fts5_query("patrol*").unwrap(), "(\"patrol\" *)");
        assert_eq!(
            fts5_query("NEAR(a b) AND \"x").unwrap(),
            "(\"NEAR(a\") AND (\"b)\") AND (\"AND\") AND (\"x\")"
        );
        assert_eq!(
            fts5_query("say \"\"\"hi").unwrap(),
            "(\"say\") AND (\"hi\")"
        );
        assert!(fts5_query("").is_none());
        assert!(fts5_query("-only -negative").is_none());
        assert!(fts5_query("*** ??? ---").is_none());
    }

    #[test]
    fn marks_become_mark_elements_and_text_is_escaped() {
        let s = "a <b> \u{27E6}patrol\u{27E7} & \u{27E6}c";
        assert_eq!(
            marked_html(s),
            "a &lt;b&gt; <mark>patrol</mark> &amp; <mark>c</mark>"
        );
        assert_eq!(marked_text(s), "a <b> patrol & c");
    }

    #[test]
    fn indexed_text_cannot_carry_marks() {
        assert_eq!(clean("x\u{27E6}y\u{27E7}\u{1}z"), "xy z");
    }
}

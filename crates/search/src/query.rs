//! Searching the index at bounded cost, whatever the size of the index and
//! however common the words.
//!
//! A search reads at most [`CANDIDATES`] matching rows — the newest
//! (PostgreSQL: by meeting date, walking `search_entries_recent` for a
//! common word or the GIN index for a rare one; a query the planner
//! expects to match more than [`WIDE_MATCHES`] rows and one in
//! [`WIDE_SHARE`] is looked for among the newest [`NEWEST_ROWS`] rows only,
//! unless too few of its matches are there; SQLite: the most recently indexed, `ORDER BY rowid DESC` in FTS5,
//! which stops early) — ranks only
//! those, and builds the highlighted title and snippet only for the page
//! shown. The total is exact when the candidates were all the matches, and
//! an estimate otherwise (PostgreSQL's planner statistics; on SQLite, from
//! how far back in the index the candidates reach).
//!
//! Every search runs under a time limit ([`Query::time_limit`], from
//! `MINUTEBOOK_SEARCH_TIMEOUT_MS`): on PostgreSQL `statement_timeout` for
//! each of its statements; on SQLite a deadline that each row the search
//! reads checks (`minutebook_ground::db::deadline`; diesel reaches neither SQLite's
//! progress handler nor `sqlite3_interrupt` without `unsafe`). A search
//! that runs over answers [`AppError::Unavailable`] (503). The candidate
//! limit and the three-letter minimum for a prefix bound what SQLite's
//! FTS5 does between two rows.

use super::marks::marked_text;
use chrono::NaiveDateTime;
use diesel::pg::PgConnection;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Bool, Double, Integer, Nullable, Text, Timestamp};
use minutebook_ground::db::deadline;
use minutebook_ground::db::schema::bodies;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};
use std::collections::HashMap;
use std::time::Duration;

/// The longest query accepted, in characters.
pub const MAX_QUERY_CHARS: usize = 300;

/// How many matching rows a search ranks at most.
pub const CANDIDATES: i64 = 1000;

/// On PostgreSQL, a query the planner expects to match more rows than
/// this, and more than one row in [`WIDE_SHARE`], is looked for among the
/// newest [`NEWEST_ROWS`] rows only (walking `search_entries_recent`): a
/// word in a small share of the rows would otherwise walk ever further
/// back for its thousand newest matches (at 1.8 million rows, 2.4 µs a
/// row: 76 ms for a word in one row of 36), and the GIN index would fetch
/// every match to sort them by date.
pub const WIDE_MATCHES: i64 = 5_000;

/// A query matching fewer than one row in this many is not wide, however
/// many rows there are: PostgreSQL's estimate for a word outside its
/// statistics' most common words is half a percent of the rows.
pub const WIDE_SHARE: i64 = 100;

/// How many of the newest rows a wide query reads at most.
pub const NEWEST_ROWS: i64 = 4_000;

/// A wide query that finds fewer matches than this among the newest rows
/// (a word common years ago, seldom now) looks through all its matches.
const RECENT_ENOUGH: i64 = 10;

/// The shortest prefix a `word*` search may use.
const MIN_PREFIX_CHARS: usize = 3;

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
    /// How long the search may run in the database.
    pub time_limit: Duration,
}

/// One result. `title_marked` and `snippet_marked` carry
/// [`super::MARK_START`] and [`super::MARK_END`] around the words that matched.
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

/// How many results there are: exact, or "about" so many.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Total {
    pub count: i64,
    pub exact: bool,
}

impl Default for Total {
    fn default() -> Total {
        Total {
            count: 0,
            exact: true,
        }
    }
}

impl Total {
    /// An estimate, never below what was seen, rounded to two significant
    /// figures ("about 41,000").
    pub fn about(estimate: i64, seen: i64) -> Total {
        let n = estimate.max(seen).max(1);
        let digits = (n as f64).log10().floor() as u32;
        let unit = 10_i64.pow(digits.saturating_sub(1));
        Total {
            count: (n + unit / 2) / unit * unit,
            exact: false,
        }
    }

    /// "12 results", "about 41,000 results".
    pub fn label(self) -> String {
        let n = group_digits(self.count);
        let noun = if self.count == 1 { "result" } else { "results" };
        if self.exact {
            format!("{n} {noun}")
        } else {
            format!("about {n} {noun}")
        }
    }
}

fn group_digits(n: i64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[derive(Debug, Default)]
pub struct Results {
    pub hits: Vec<Hit>,
    /// Whether there are more after these.
    pub more: bool,
    pub total: Total,
}

#[derive(QueryableByName)]
struct Candidate {
    #[diesel(sql_type = BigInt)]
    id: i64,
    #[diesel(sql_type = Double)]
    rank: f64,
    #[diesel(sql_type = Timestamp)]
    starts_at: NaiveDateTime,
    #[diesel(sql_type = Integer)]
    position: i32,
    /// Not of a deleted body, nor of a meeting waiting to be reindexed.
    #[diesel(sql_type = Bool)]
    visible: bool,
}

#[derive(QueryableByName)]
struct Detail {
    #[diesel(sql_type = BigInt)]
    id: i64,
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
}

#[derive(QueryableByName)]
struct Number {
    #[diesel(sql_type = Nullable<BigInt>)]
    n: Option<i64>,
}

#[derive(QueryableByName)]
struct Estimate {
    #[diesel(sql_type = Nullable<BigInt>)]
    n: Option<i64>,
    #[diesel(sql_type = Nullable<BigInt>)]
    rows: Option<i64>,
}

/// The FTS5 query for what a user typed, or `None` when nothing can match.
/// Every term is quoted, so nothing typed is FTS5 syntax except `OR`,
/// `-term` and a trailing `*` for a prefix (of at least three letters).
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
        // A prefix of fewer than three letters would read most of the index.
        let prefix = !phrase
            && text.ends_with('*')
            && text.trim_end_matches('*').chars().count() >= MIN_PREFIX_CHARS;
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

/// The FTS5 query over the searched columns (never the body column), within
/// one body if given.
fn fts5_scoped(user: &str, body_id: Option<&str>) -> Option<String> {
    let q = format!("{{title content}} : ({})", fts5_query(user)?);
    Some(match body_id {
        Some(b) => format!("({q}) AND body_id : \"{}\"", b.replace('"', "\"\"")),
        None => q,
    })
}

const VISIBLE: &str =
    "(NOT EXISTS (SELECT 1 FROM search_dirty d WHERE d.meeting_id = e.meeting_id) \
     AND NOT EXISTS (SELECT 1 FROM search_dirty_items d WHERE d.meeting_id = e.meeting_id) \
     AND EXISTS (SELECT 1 FROM bodies b WHERE b.id = e.body_id AND b.deleted_at IS NULL))";

/// SQLite's candidates, ranked by their title: 1, and 4 more for each of
/// the query's words the title holds (the words FTS5 itself marks). Not
/// `bm25`: its rarity weight counts every row that holds each word, a
/// read of the word's whole entry in the index (50 ms for a word in each
/// of 1.8 million rows) whatever the limit; the title is short and read
/// for the thousand candidates only. Matches in the text rank alike, the
/// newest first (as PostgreSQL's `ts_rank_cd`, this weighs no rarity).
fn sqlite_candidates() -> String {
    format!(
        "SELECT e.id AS id, c.rank AS rank, e.starts_at AS starts_at, e.position AS position, \
         {VISIBLE} AS visible \
         FROM (SELECT rowid AS id, \
                 1.0 + 4.0 * (length(t) - length(replace(t, char(1), ''))) AS rank \
               FROM (SELECT rowid, highlight(search_fts, 0, char(1), char(2)) AS t FROM search_fts \
                     WHERE search_fts MATCH ? AND minutebook_in_time(?, rowid) \
                     ORDER BY rowid DESC LIMIT ?)) c \
         JOIN search_entries e ON e.id = c.id ORDER BY e.id DESC"
    )
}

fn postgres_candidates() -> String {
    format!(
        "SELECT e.id, ts_rank_cd(e.document, websearch_to_tsquery('english', $1), 1)::float8 AS rank, \
         e.starts_at, e.position, {VISIBLE} AS visible \
         FROM (SELECT s.id, s.document, s.starts_at, s.position, s.meeting_id, s.body_id \
               FROM search_entries s \
               WHERE s.document @@ websearch_to_tsquery('english', $1) \
               AND ($2::text IS NULL OR s.body_id = $2) \
               ORDER BY s.starts_at DESC, s.id DESC LIMIT $3) e"
    )
}

/// The candidates of a wide query: the matches among the newest
/// `$4` rows (of the body `$2`, if given).
fn postgres_recent_candidates() -> String {
    format!(
        "SELECT e.id, ts_rank_cd(e.document, websearch_to_tsquery('english', $1), 1)::float8 AS rank, \
         e.starts_at, e.position, {VISIBLE} AS visible \
         FROM (SELECT s.id, s.document, s.starts_at, s.position, s.meeting_id, s.body_id \
               FROM (SELECT r.id, r.document, r.starts_at, r.position, r.meeting_id, r.body_id \
                     FROM search_entries r WHERE ($2::text IS NULL OR r.body_id = $2) \
                     ORDER BY r.starts_at DESC, r.id DESC LIMIT $4) s \
               WHERE s.document @@ websearch_to_tsquery('english', $1) \
               ORDER BY s.starts_at DESC, s.id DESC LIMIT $3) e"
    )
}

const SQLITE_DETAILS: &str =
    "SELECT e.id, e.kind, e.meeting_id, e.body_id, e.item_id, e.outcome_id, \
     e.document_id, e.minute_number, e.heading, e.starts_at, \
     highlight(search_fts, 0, '\u{27E6}', '\u{27E7}') AS title_marked, \
     snippet(search_fts, 1, '\u{27E6}', '\u{27E7}', '…', 28) AS snippet \
     FROM search_fts JOIN search_entries e ON e.id = search_fts.rowid \
     WHERE search_fts MATCH ? AND minutebook_in_time(?, search_fts.rowid) \
     AND search_fts.rowid IN";

const POSTGRES_DETAILS: &str = "SELECT e.id, e.kind, e.meeting_id, e.body_id, e.item_id, e.outcome_id, \
     e.document_id, e.minute_number, e.heading, e.starts_at, \
     ts_headline('english', translate(e.title, '<>', '\u{FF1C}\u{FF1E}'), q, 'HighlightAll=true, StartSel=\u{27E6}, StopSel=\u{27E7}') AS title_marked, \
     ts_headline('english', translate(e.content, '<>', '\u{FF1C}\u{FF1E}'), q, 'StartSel=\u{27E6}, StopSel=\u{27E7}, MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=\" … \"') AS snippet \
     FROM search_entries e, websearch_to_tsquery('english', $1) q \
     WHERE e.id = ANY($2)";

/// A statement that ran over its time is the service being busy, not broken.
fn db_error(e: diesel::result::Error) -> AppError {
    if deadline::is_time_limit(&e) {
        return AppError::Unavailable(
            "the search took too long; try rarer or more words, or a body".into(),
        );
    }
    AppError::from(e)
}

/// Searches the public index. Results are ranked (best first), then by
/// meeting date (latest first).
pub fn search(conn: &mut DbConn, q: &Query) -> AppResult<Results> {
    let text: String = q.text.chars().take(MAX_QUERY_CHARS).collect();
    if !text.chars().any(char::is_alphanumeric) {
        return Ok(Results::default());
    }
    let (mut found, total, details) = match conn {
        DbConn::Sqlite(c) => match sqlite_search(c, &text, q)? {
            Some(f) => f,
            None => return Ok(Results::default()),
        },
        DbConn::Pg(c) => c.transaction::<_, AppError, _>(|c| postgres_search(c, &text, q))?,
    };
    let more = found.1;
    let mut by_id: HashMap<i64, Detail> = details.into_iter().map(|d| (d.id, d)).collect();
    let mut body_ids: Vec<String> = by_id.values().map(|d| d.body_id.clone()).collect();
    body_ids.sort();
    body_ids.dedup();
    let names = body_names(conn, &body_ids)?;
    let hits = found
        .0
        .drain(..)
        .filter_map(|c| by_id.remove(&c.id).map(|d| hit(d, c.rank, &names)))
        .collect();
    Ok(Results { hits, more, total })
}

/// A page of candidates (and whether more follow), the total, and the
/// page's details.
type Found = ((Vec<Candidate>, bool), Total, Vec<Detail>);

/// SQLite: the FTS5 candidates under the time limit; `None` when the
/// words make no query.
fn sqlite_search(
    c: &mut diesel::sqlite::SqliteConnection,
    text: &str,
    q: &Query,
) -> AppResult<Option<Found>> {
    let Some(fts) = fts5_scoped(text, q.body_id.as_deref()) else {
        return Ok(None);
    };
    let deadline = deadline::deadline_after(q.time_limit);
    let raw: Vec<Candidate> = diesel::sql_query(sqlite_candidates())
        .bind::<Text, _>(&fts)
        .bind::<BigInt, _>(deadline)
        .bind::<BigInt, _>(CANDIDATES)
        .load(c)
        .map_err(db_error)?;
    let total = if (raw.len() as i64) < CANDIDATES {
        Total {
            count: raw.iter().filter(|r| r.visible).count() as i64,
            exact: true,
        }
    } else {
        let top: Number =
            diesel::sql_query("SELECT max(id) AS n FROM search_entries").get_result(c)?;
        let top = top.n.unwrap_or(0);
        let lowest = raw.last().map(|r| r.id).unwrap_or(top);
        let span = (top - lowest + 1).max(1) as f64;
        Total::about((CANDIDATES as f64 * top as f64 / span) as i64, CANDIDATES)
    };
    let page = page_of(raw, q);
    let details: Vec<Detail> = if page.0.is_empty() {
        Vec::new()
    } else {
        let ids = page
            .0
            .iter()
            .map(|r| r.id.to_string())
            .collect::<Vec<_>>()
            .join(",");
        diesel::sql_query(format!("{SQLITE_DETAILS} ({ids})"))
            .bind::<Text, _>(&fts)
            .bind::<BigInt, _>(deadline)
            .load(c)
            .map_err(db_error)?
    };
    Ok(Some((page, total, details)))
}

/// PostgreSQL, in a transaction with its statement timeout: the planner's
/// estimate decides whether to look at the newest rows first.
fn postgres_search(c: &mut PgConnection, text: &str, q: &Query) -> AppResult<Found> {
    // At least a millisecond: 0 would mean no limit to PostgreSQL.
    let ms = q.time_limit.as_millis().clamp(1, i32::MAX as u128);
    diesel::sql_query(format!("SET LOCAL statement_timeout = {ms}")).execute(c)?;
    // The planner's estimate of the matches, against the rows
    // there are, decides how to look.
    let est: Estimate = diesel::sql_query(
        "SELECT search_estimate($1, $2) AS n, \
         (SELECT reltuples::bigint FROM pg_class WHERE oid = 'search_entries'::regclass) AS rows",
    )
    .bind::<Text, _>(text)
    .bind::<Nullable<Text>, _>(q.body_id.as_deref())
    .get_result(c)
    .map_err(db_error)?;
    let rows = est.rows.unwrap_or(0);
    let est = est.n.unwrap_or(0);
    let load_all = |c: &mut PgConnection| -> AppResult<Vec<Candidate>> {
        diesel::sql_query(postgres_candidates())
            .bind::<Text, _>(text)
            .bind::<Nullable<Text>, _>(q.body_id.as_deref())
            .bind::<BigInt, _>(CANDIDATES)
            .load(c)
            .map_err(db_error)
    };
    let mut wide = est > WIDE_MATCHES && est > rows / WIDE_SHARE;
    let mut raw: Vec<Candidate> = if wide {
        diesel::sql_query(postgres_recent_candidates())
            .bind::<Text, _>(text)
            .bind::<Nullable<Text>, _>(q.body_id.as_deref())
            .bind::<BigInt, _>(CANDIDATES)
            .bind::<BigInt, _>(NEWEST_ROWS)
            .load(c)
            .map_err(db_error)?
    } else {
        load_all(c)?
    };
    // Common once but seldom lately: the newest matches, wherever
    // they are (the time limit bounds it).
    if wide && (raw.len() as i64) < RECENT_ENOUGH {
        wide = false;
        raw = load_all(c)?;
    }
    let total = if !wide && (raw.len() as i64) < CANDIDATES {
        Total {
            count: raw.iter().filter(|r| r.visible).count() as i64,
            exact: true,
        }
    } else {
        Total::about(est, raw.len() as i64)
    };
    let page = page_of(raw, q);
    let ids: Vec<i64> = page.0.iter().map(|r| r.id).collect();
    let details: Vec<Detail> = if ids.is_empty() {
        Vec::new()
    } else {
        diesel::sql_query(POSTGRES_DETAILS)
            .bind::<Text, _>(text)
            .bind::<Array<BigInt>, _>(&ids)
            .load(c)
            .map_err(db_error)?
    };
    // PostgreSQL saw angle brackets as fullwidth ones (see the
    // search migration).
    let back = |s: String| s.replace('\u{FF1C}', "<").replace('\u{FF1E}', ">");
    let details = details
        .into_iter()
        .map(|d| Detail {
            title_marked: d.title_marked.map(back),
            snippet: d.snippet.map(back),
            ..d
        })
        .collect();
    Ok((page, total, details))
}

/// The names and slugs of the bodies of a page's hits.
fn body_names(
    conn: &mut DbConn,
    body_ids: &[String],
) -> AppResult<HashMap<String, (String, String)>> {
    if body_ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(bodies::table
        .filter(bodies::id.eq_any(body_ids))
        .select((bodies::id, bodies::name, bodies::slug))
        .load::<(String, String, String)>(conn)?
        .into_iter()
        .map(|(id, name, slug)| (id, (name, slug)))
        .collect())
}

/// The visible candidates in rank order, the page of them asked for, and
/// whether more follow.
fn page_of(raw: Vec<Candidate>, q: &Query) -> (Vec<Candidate>, bool) {
    let mut seen: Vec<Candidate> = raw.into_iter().filter(|c| c.visible).collect();
    seen.sort_by(|a, b| {
        b.rank
            .total_cmp(&a.rank)
            .then(b.starts_at.cmp(&a.starts_at))
            .then(a.position.cmp(&b.position))
            .then(a.id.cmp(&b.id))
    });
    let from = usize::try_from(q.offset).unwrap_or(0).min(seen.len());
    let to = from
        .saturating_add(usize::try_from(q.limit).unwrap_or(0))
        .min(seen.len());
    let more = to < seen.len();
    (seen.drain(from..to).collect(), more)
}

fn hit(d: Detail, rank: f64, names: &HashMap<String, (String, String)>) -> Hit {
    let (body_name, body_slug) = names.get(&d.body_id).cloned().unwrap_or_default();
    // The searched title, marked, when it is what is shown.
    let title_marked = d
        .title_marked
        .filter(|t| marked_text(t) == d.heading)
        .unwrap_or_else(|| d.heading.clone());
    let snippet = d.snippet.unwrap_or_default();
    // No text to show (a document or item title alone): the title.
    let snippet_marked = if snippet.trim().is_empty() {
        title_marked.clone()
    } else {
        snippet
    };
    Hit {
        kind: d.kind,
        title: d.heading,
        title_marked,
        snippet_marked,
        meeting_id: d.meeting_id,
        body_id: d.body_id,
        body_name,
        body_slug,
        item_id: d.item_id,
        outcome_id: d.outcome_id,
        document_id: d.document_id,
        minute_number: d.minute_number,
        starts_at: d.starts_at,
        rank,
    }
}

/// The cursor of the page starting at `offset`: the offset in decimal
/// (clients treat it as opaque; [`CURSOR_PATTERN`] is its exact form).
pub fn encode_cursor(offset: i64) -> String {
    offset.to_string()
}

/// The greatest offset a cursor may name.
pub const MAX_OFFSET: i64 = 100_000;

/// What [`decode_cursor`] reads: 0–100000 in decimal (the empty cursor is
/// the first page).
pub const CURSOR_PATTERN: &str = "^([0-9]{1,5}|100000)?$";

/// The offset a cursor names, exactly when it has the form of
/// [`CURSOR_PATTERN`] (and is not empty).
pub fn decode_cursor(cursor: &str) -> Option<i64> {
    if cursor.is_empty() || cursor.len() > 6 || !cursor.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: i64 = cursor.parse().ok()?;
    (0..=MAX_OFFSET).contains(&n).then_some(n)
}

#[cfg(test)]
#[path = "query_tests.rs"]
mod tests;

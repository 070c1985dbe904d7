//! The body's minute book: at each confirmation an entry is appended to the
//! body's hash chain (`domain::minute_book`), in the confirming transaction;
//! `verify` walks the chain and recomputes every confirmed meeting's text
//! (and the list of its papers) from the stored records, so a change made
//! behind the service's back (triggers dropped, a row edited) is named.

use super::revisions::record_text;
use chrono::{DateTime, NaiveDateTime, Utc};
use minutebook_domain::minute_book::{self as chain, Entry, GENESIS};
use minutebook_ground::config::Settings;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_read::time::utc;
use minutebook_store::minute_book::EntryRow;
use minutebook_store::{self as store, minutes_record};
use serde::Serialize;
use utoipa::ToSchema;

/// Appends the confirmation of `meeting_id` (its confirmed `text`) to the
/// body's minute book. The body row is locked on PostgreSQL so entries of
/// one body are appended one at a time (SQLite writers are serialised).
pub fn append(
    conn: &mut DbConn,
    body_id: &str,
    meeting_id: &str,
    text: &str,
    confirmed_at: NaiveDateTime,
) -> AppResult<EntryRow> {
    minutebook_ground::db::lock_body_row(conn, body_id)?;
    let head = store::minute_book::head(conn, body_id)?;
    let prev = match &head {
        Some(h) => chain::from_hex(&h.hash).ok_or_else(|| {
            AppError::Internal(anyhow::anyhow!(
                "minute book entry {} has no valid hash",
                h.id
            ))
        })?,
        None => GENESIS,
    };
    let text_sha256 = chain::text_sha256(text);
    let papers = chain::papers_list(&store::documents::papers_of_meeting(conn, meeting_id)?);
    let hash = chain::entry_hash(&Entry {
        prev,
        meeting_id,
        text_sha256,
        confirmed_at,
        papers_sha256: Some(chain::text_sha256(&papers)),
    });
    let row = EntryRow {
        id: store::new_id(),
        body_id: body_id.into(),
        seq: head.map(|h| h.seq + 1).unwrap_or(1),
        meeting_id: meeting_id.into(),
        text_sha256: hex::encode(text_sha256),
        confirmed_at,
        prev_hash: hex::encode(prev),
        hash: hex::encode(hash),
        created_at: store::now(),
        papers: Some(papers),
    };
    store::minute_book::insert(conn, &row)?;
    Ok(row)
}

/// What `GET /api/v1/bodies/{body}/minute-book/verify` answers.
#[derive(Debug, Serialize, ToSchema)]
pub struct Verification {
    /// True when every entry's hash is right and every confirmed meeting's
    /// text, recomputed from the stored records, is the text confirmed.
    pub ok: bool,
    /// How many entries the body's minute book holds.
    pub entries: usize,
    /// The hash (hex) of the latest entry; null for an empty book.
    pub head: Option<String>,
    /// What differs, one element per meeting or entry found wrong.
    pub problems: Vec<BookProblem>,
    /// Meetings whose minutes are confirmed but that have no entry (confirmed
    /// before the minute book existed, or marked confirmed outside the service).
    pub unchained: Vec<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BookProblem {
    /// The entry's place in the chain (1 = first).
    pub seq: i32,
    pub meeting_id: String,
    /// e.g. "Minutes — Safer Stockton Partnership — Wednesday, 19th July, 2023".
    pub meeting: String,
    pub confirmed_at: DateTime<Utc>,
    /// What is wrong, in words.
    pub what: String,
    /// The lines of the text that differ (at most ten). The public sees only
    /// the line numbers; token holders also see the lines.
    pub differences: Vec<String>,
}

/// Walks a body's minute book and checks every confirmed meeting.
/// `show_lines`: whether the lines that differ may be shown (token holders;
/// the internal text holds restricted minutes).
pub fn verify(
    conn: &mut DbConn,
    body_key: &str,
    settings: &Settings,
    show_lines: bool,
) -> AppResult<Verification> {
    let body = store::bodies::get(conn, body_key)?;
    let entries = store::minute_book::for_body(conn, &body.id)?;
    let mut problems = Vec::new();
    let mut prev = GENESIS;
    for e in &entries {
        let (computed, link) = check_link(e, prev);
        prev = computed;
        let found = link
            .map(|what| Found {
                what,
                differences: Vec::new(),
                meeting: e.meeting_id.clone(),
            })
            .into_iter()
            .chain(check_meeting(conn, e, settings, show_lines)?);
        problems.extend(found.map(|f| BookProblem {
            seq: e.seq,
            meeting_id: e.meeting_id.clone(),
            meeting: f.meeting,
            confirmed_at: utc(e.confirmed_at),
            what: f.what,
            differences: f.differences,
        }));
    }
    let chained: Vec<&str> = entries.iter().map(|e| e.meeting_id.as_str()).collect();
    let unchained = store::meetings::confirmed_ids(conn, &body.id)?
        .into_iter()
        .filter(|id| !chained.contains(&id.as_str()))
        .collect();
    Ok(Verification {
        ok: problems.is_empty(),
        entries: entries.len(),
        head: entries.last().map(|e| e.hash.clone()),
        problems,
        unchained,
    })
}

/// One thing wrong with an entry: what, the lines that differ, and the
/// meeting as named to the reader.
struct Found {
    what: String,
    differences: Vec<String>,
    meeting: String,
}

/// The entry's hash recomputed from what it records and the hash before
/// it, and what is wrong with its link in the chain, if anything.
fn check_link(e: &EntryRow, prev: [u8; 32]) -> ([u8; 32], Option<String>) {
    let text_sha = chain::from_hex(&e.text_sha256).unwrap_or_default();
    let computed = chain::entry_hash(&Entry {
        prev,
        meeting_id: &e.meeting_id,
        text_sha256: text_sha,
        confirmed_at: e.confirmed_at,
        papers_sha256: e.papers.as_deref().map(chain::text_sha256),
    });
    let wrong = if e.prev_hash != hex::encode(prev) {
        Some("the entry does not follow the entry before it (previous hash differs)".into())
    } else if e.hash != hex::encode(computed) {
        Some("the entry's hash does not match what it records".into())
    } else {
        None
    };
    (computed, wrong)
}

/// What is wrong with the meeting an entry confirms: gone, no longer
/// confirmed, its recorded confirmation or confirmed revision changed, or
/// its minutes recomputed from the records now differ from the confirmed
/// text (with the lines that differ; their content only when
/// `show_lines`).
fn check_meeting(
    conn: &mut DbConn,
    e: &EntryRow,
    settings: &Settings,
    show_lines: bool,
) -> AppResult<Vec<Found>> {
    let mut found = Vec::new();
    let (view, now_text) = match record_text(conn, &e.meeting_id, settings) {
        Ok(v) => v,
        Err(AppError::NotFound(_)) => {
            found.push(Found {
                what: "the meeting is no longer in the records".into(),
                differences: Vec::new(),
                meeting: e.meeting_id.clone(),
            });
            return Ok(found);
        }
        Err(other) => return Err(other),
    };
    let name = format!(
        "Minutes — {} — {}",
        view.body.name,
        minutebook_render::dates::long_date(view.starts_at)
    );
    let mut problem = |what: String, differences: Vec<String>| {
        found.push(Found {
            what,
            differences,
            meeting: name.clone(),
        })
    };
    let ms = minutes_record::milestones(conn, &e.meeting_id)?;
    if view.minutes_status != minutebook_domain::lifecycle::MinutesStatus::Confirmed {
        problem(
            format!("the minutes are now {}, not confirmed", view.minutes_status),
            Vec::new(),
        );
    }
    if ms.confirmed_sha256.as_deref() != Some(e.text_sha256.as_str()) {
        problem(
            "the confirmation recorded with the meeting differs from the minute book".into(),
            Vec::new(),
        );
    }
    let confirmed_text = confirmed_revision(conn, e)?;
    if confirmed_text.is_none() {
        problem(
            "the confirmed revision's text is missing or was changed".into(),
            Vec::new(),
        );
    }
    let changes = paper_changes(conn, e, show_lines)?;
    if !changes.is_empty() {
        problem(
            "the meeting's papers differ from the papers confirmed with its minutes".into(),
            changes,
        );
    }
    if minutes_record::sha256_hex(&now_text) != e.text_sha256 {
        problem(
            "the minutes recomputed from the stored records differ from the confirmed text".into(),
            recomputed_differences(confirmed_text.as_deref(), &now_text, show_lines),
        );
    }
    Ok(found)
}

/// The text of the revision the entry confirmed, if it is still there
/// unchanged (its content still hashes to the entry's hash).
fn confirmed_revision(conn: &mut DbConn, e: &EntryRow) -> AppResult<Option<String>> {
    let confirmed = minutes_record::revisions(conn, &e.meeting_id)?
        .into_iter()
        .find(|r| r.sha256 == e.text_sha256);
    Ok(match confirmed {
        Some(r) if minutes_record::sha256_hex(&r.content) == e.text_sha256 => Some(r.content),
        _ => None,
    })
}

/// The lines (at most 10) where the recomputed minutes differ from the
/// confirmed text; only their numbers unless `show_lines`.
fn recomputed_differences(
    confirmed_text: Option<&str>,
    now_text: &str,
    show_lines: bool,
) -> Vec<String> {
    let mut differences = confirmed_text
        .map(|c| chain::differences(c, now_text, 10))
        .unwrap_or_default();
    if !show_lines {
        for d in &mut differences {
            if let Some((line, _)) = d.split_once(':') {
                *d = format!("{line} differs");
            }
        }
    }
    differences
}

/// The papers added, removed or changed since the entry confirmed them
/// (none for an entry made before papers joined the record); titles only
/// when `show_lines`.
fn paper_changes(conn: &mut DbConn, e: &EntryRow, show_lines: bool) -> AppResult<Vec<String>> {
    let Some(confirmed) = &e.papers else {
        return Ok(Vec::new());
    };
    let now = chain::papers_list(&store::documents::papers_of_meeting(conn, &e.meeting_id)?);
    Ok(chain::paper_changes(confirmed, &now, show_lines))
}

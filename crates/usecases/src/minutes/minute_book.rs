//! The body's minute book: at each confirmation an entry is appended to the
//! body's hash chain (`domain::minute_book`), in the confirming transaction;
//! `verify` walks the chain and recomputes every confirmed meeting's text
//! from the stored records, so a change made behind the service's back
//! (triggers dropped, a row edited) is named.

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
    let hash = chain::entry_hash(&Entry {
        prev,
        meeting_id,
        text_sha256,
        confirmed_at,
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
        let mut problem = |what: String, differences: Vec<String>, meeting: String| {
            problems.push(BookProblem {
                seq: e.seq,
                meeting_id: e.meeting_id.clone(),
                meeting,
                confirmed_at: utc(e.confirmed_at),
                what,
                differences,
            })
        };
        let label = |m: &minutebook_read::meeting::Meeting| {
            format!(
                "Minutes — {} — {}",
                m.body.name,
                minutebook_render::dates::long_date(m.starts_at)
            )
        };
        let text_sha = chain::from_hex(&e.text_sha256).unwrap_or_default();
        let computed = chain::entry_hash(&Entry {
            prev,
            meeting_id: &e.meeting_id,
            text_sha256: text_sha,
            confirmed_at: e.confirmed_at,
        });
        if e.prev_hash != hex::encode(prev) {
            problem(
                "the entry does not follow the entry before it (previous hash differs)".into(),
                Vec::new(),
                e.meeting_id.clone(),
            );
        } else if e.hash != hex::encode(computed) {
            problem(
                "the entry's hash does not match what it records".into(),
                Vec::new(),
                e.meeting_id.clone(),
            );
        }
        prev = computed;

        let (view, now_text) = match record_text(conn, &e.meeting_id, settings) {
            Ok(v) => v,
            Err(AppError::NotFound(_)) => {
                problem(
                    "the meeting is no longer in the records".into(),
                    Vec::new(),
                    e.meeting_id.clone(),
                );
                continue;
            }
            Err(other) => return Err(other),
        };
        let name = label(&view);
        let ms = minutes_record::milestones(conn, &e.meeting_id)?;
        if view.minutes_status != minutebook_domain::lifecycle::MinutesStatus::Confirmed {
            problem(
                format!("the minutes are now {}, not confirmed", view.minutes_status),
                Vec::new(),
                name.clone(),
            );
        }
        if ms.confirmed_sha256.as_deref() != Some(e.text_sha256.as_str()) {
            problem(
                "the confirmation recorded with the meeting differs from the minute book".into(),
                Vec::new(),
                name.clone(),
            );
        }
        let confirmed = minutes_record::revisions(conn, &e.meeting_id)?
            .into_iter()
            .find(|r| r.sha256 == e.text_sha256);
        let confirmed_text = match confirmed {
            Some(r) if minutes_record::sha256_hex(&r.content) == e.text_sha256 => Some(r.content),
            _ => {
                problem(
                    "the confirmed revision's text is missing or was changed".into(),
                    Vec::new(),
                    name.clone(),
                );
                None
            }
        };
        if minutes_record::sha256_hex(&now_text) != e.text_sha256 {
            let mut differences = confirmed_text
                .as_deref()
                .map(|c| chain::differences(c, &now_text, 10))
                .unwrap_or_default();
            if !show_lines {
                for d in &mut differences {
                    if let Some((line, _)) = d.split_once(':') {
                        *d = format!("{line} differs");
                    }
                }
            }
            problem(
                "the minutes recomputed from the stored records differ from the confirmed text"
                    .into(),
                differences,
                name,
            );
        }
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

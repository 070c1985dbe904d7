//! One import for every door: the API (the request body or its multipart
//! field `file`) and `minutebook import` all go through these steps, so a
//! document is read, parsed, written, indexed and kept the same way
//! whichever door it came in by.
//!
//! 1. [`read_text`]: the document's text, on a thread of its own within
//!    [`EXTRACT_TIME_LIMIT`] (blocking: call it off the async runtime);
//! 2. [`parse`]: minutes or a scrutiny review, as plain functions;
//! 3. [`write`], inside the caller's write transaction (which ends with
//!    [`crate::commit::before_commit`], so what became public is searchable
//!    when it commits): refuses a document already imported, makes the
//!    meeting or the review, records the source and its warnings;
//! 4. [`keep_source`]: the source kept where papers are kept (the data
//!    folder or object storage), content-addressed by SHA-256.

use super::apply::{self, Source};
use super::extract::{self, ExtractError, Format};
use super::parse::{self, Warning};
use super::{review, scrutiny};
use minutebook_domain::access::Actor;
use minutebook_domain::lifecycle::MinutesStatus;
use minutebook_ground::config::Settings;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_search::isolated::{self, Failure};
use minutebook_store::blobs::DocumentStore;
use minutebook_store::bodies::BodyRow;
use std::path::Path;
use std::time::Duration;

/// The largest document an import takes.
pub const MAX_IMPORT_BYTES: usize = 20 * 1024 * 1024;
/// How long extraction of one document may take (a 100-page PDF takes a
/// quarter of a second in the release build).
pub const EXTRACT_TIME_LIMIT: Duration = Duration::from_secs(10);

/// What a document is to become.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A meeting, its minutes in this state (published, or a draft).
    Minutes(MinutesStatus),
    /// A scrutiny review (a progress update or an action plan).
    Review,
}

/// A document, parsed as what it is to become.
pub enum Parsed {
    Minutes(Box<parse::Minutes>),
    Review(Box<scrutiny::Review>),
}

/// The answer to a document too large to import.
pub fn too_large() -> AppError {
    AppError::PayloadTooLarge(format!(
        "a document to import may be at most {} MB",
        MAX_IMPORT_BYTES / (1024 * 1024)
    ))
}

/// The text of a document, read on a thread of its own; a document that
/// takes longer than [`EXTRACT_TIME_LIMIT`] is abandoned with a `422`.
///
/// PDF and Word files, which can be built to exhaust a reader, are read by
/// `program` in a process of its own (`search::isolated`) when one is given.
pub fn read_text(bytes: Vec<u8>, format: Format, program: Option<&Path>) -> AppResult<String> {
    if let (Some(program), Format::Pdf | Format::Docx) = (program, format) {
        let kind = if format == Format::Pdf { "pdf" } else { "docx" };
        let args = ["--for", "import", "--kind", kind];
        return match isolated::run(program, &args, &bytes, EXTRACT_TIME_LIMIT) {
            Ok(out) => String::from_utf8(out)
                .map_err(|_| AppError::field("document", "the document's text is not UTF-8")),
            Err(Failure::Unsupported(m)) => Err(AppError::UnsupportedMediaType(m)),
            Err(Failure::Unreadable(m)) => Err(AppError::field("document", m)),
            Err(other) => Err(AppError::field("document", other.to_string())),
        };
    }
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("import-extract".into())
        .spawn(move || {
            let _ = tx.send(extract::text(&bytes, format));
        })
        .map_err(|e| AppError::Internal(anyhow::anyhow!("cannot start reading: {e}")))?;
    match rx.recv_timeout(EXTRACT_TIME_LIMIT) {
        Ok(Ok(text)) => Ok(text),
        Ok(Err(ExtractError::Unsupported(m))) => Err(AppError::UnsupportedMediaType(m)),
        Ok(Err(ExtractError::Unreadable(m))) => Err(AppError::field("document", m)),
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => Err(AppError::field(
            "document",
            format!(
                "reading the document took longer than {} s; it was abandoned",
                EXTRACT_TIME_LIMIT.as_secs()
            ),
        )),
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => Err(AppError::field(
            "document",
            "the document could not be read: its structure is damaged",
        )),
    }
}

/// Parses a document's text as `target` (minute numbers are read with the
/// body's prefix; `date` is the meeting's date as the clerk gives it, for
/// minutes that print none).
pub fn parse(
    text: &str,
    target: Target,
    minute_prefix: &str,
    date: Option<chrono::NaiveDate>,
) -> AppResult<Parsed> {
    match target {
        Target::Minutes(_) => parse::minutes_on(text, minute_prefix, date)
            .map(|m| Parsed::Minutes(Box::new(m)))
            .map_err(|e| AppError::field("document", e.0)),
        Target::Review => scrutiny::review(text)
            .map(|r| Parsed::Review(Box::new(r)))
            .map_err(|m| AppError::field("document", m)),
    }
}

/// Writes a parsed document into `body`, inside the caller's write
/// transaction: `409` for a document already imported into the body (the
/// same SHA-256); the meeting (with its minutes in `target`'s state) or
/// the review; the source recorded with the warnings. Answers the id made
/// and the warnings.
pub fn write(
    conn: &mut DbConn,
    actor: &Actor,
    settings: &Settings,
    body: &BodyRow,
    parsed: &Parsed,
    target: Target,
    source: &Source,
) -> AppResult<(String, Vec<Warning>)> {
    apply::ensure_new(conn, &body.id, &source.sha256)?;
    let (id, warnings, made) = match (parsed, target) {
        (Parsed::Minutes(m), Target::Minutes(status)) => {
            let (id, w) = apply::meeting(conn, actor, settings, body, m, status)?;
            (id.clone(), w, (Some(id), None))
        }
        (Parsed::Review(r), Target::Review) => {
            let (id, w) = review::review(conn, actor, body, r)?;
            (id.clone(), w, (None, Some(id)))
        }
        _ => {
            return Err(AppError::Internal(anyhow::anyhow!(
                "an import was parsed as one thing and written as another"
            )))
        }
    };
    apply::record_source(conn, actor, &body.id, made, source, &warnings)?;
    Ok((id, warnings))
}

/// One item as the import understood it, for the clerk to check: its
/// number as printed, its title, what it holds and the source lines it took.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ItemReport {
    pub number: Option<String>,
    /// "(Item 5)" where the minutes number by reference only.
    pub reference: Option<String>,
    pub title: String,
    pub kind: String,
    pub outcomes: usize,
    pub declarations: usize,
    pub votes: usize,
    pub parts: usize,
    /// The first and last line of the source the item took (1-based).
    pub lines: [usize; 2],
}

/// What the import understood of a minutes document.
#[derive(Debug, Clone, Default, serde::Serialize, utoipa::ToSchema)]
pub struct Report {
    pub items: Vec<ItemReport>,
    pub present: usize,
    pub apologies: usize,
    pub others: usize,
    /// Whether the meeting's date came from the clerk, not the document.
    pub date_given: bool,
    /// The lines before the first item kept as the meeting's preamble.
    pub preamble_lines: usize,
}

/// The report of a parsed document (none for a scrutiny review).
pub fn report(parsed: &Parsed, date_given: bool) -> Option<Report> {
    let Parsed::Minutes(m) = parsed else {
        return None;
    };
    let count = |s: &str| m.attendance.iter().filter(|p| p.status == s).count();
    Some(Report {
        items: m
            .items
            .iter()
            .map(|i| ItemReport {
                number: i.number.as_ref().map(|n| n.number.clone()),
                reference: i.reference.clone(),
                title: i.title.clone(),
                kind: i.kind.to_string(),
                outcomes: i.record.outcomes.len()
                    + i.parts
                        .iter()
                        .map(|p| p.record.outcomes.len())
                        .sum::<usize>(),
                declarations: i.record.declarations.len(),
                votes: i.record.votes.len(),
                parts: i.parts.len(),
                lines: [i.line, i.last_line],
            })
            .collect(),
        present: count("present"),
        apologies: count("apologies"),
        others: m.attendance.len() - count("present") - count("apologies"),
        date_given,
        preamble_lines: m.preamble.lines().filter(|l| !l.trim().is_empty()).count(),
    })
}

/// Keeps the source where papers are kept (the data folder or object
/// storage), under its SHA-256; nothing stays in the incoming folder.
pub async fn keep_source(documents: &DocumentStore, sha256: &str, bytes: &[u8]) -> AppResult<()> {
    let fail = |e: anyhow::Error| {
        AppError::Internal(anyhow::anyhow!("cannot keep the imported document: {e:#}"))
    };
    let incoming = documents.incoming_dir();
    tokio::fs::create_dir_all(&incoming)
        .await
        .map_err(|e| fail(e.into()))?;
    let temp = incoming.join(format!("import-{}.part", minutebook_store::new_id()));
    tokio::fs::write(&temp, bytes)
        .await
        .map_err(|e| fail(e.into()))?;
    documents.put_file(&temp, sha256).await.map_err(fail)
}

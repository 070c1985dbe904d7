//! Papers' text in the index. The background job reads the text of every
//! paper not restricted in itself ([`extract_pending`]), off the request
//! path, one at a time, with a time limit; the text is stored in
//! `document_texts` and the paper's meeting reindexed in the same
//! transaction. Whether the text is searchable is then decided where all
//! search rows are: from the public read model (a restricted paper, or a
//! paper of a restricted or unpublished item, never enters the index).

use super::extract;
use diesel::prelude::*;
use minutebook_ground::db::schema::document_texts;
use minutebook_ground::db::schema::documents;
use minutebook_ground::db::{DbConn, Pool};
use minutebook_ground::error::{AppError, AppResult};
use minutebook_read::meeting::Item;
use minutebook_store::documents::DocumentRow;
use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// How long one paper's text may take to read.
pub const EXTRACT_TIME: Duration = Duration::from_secs(30);

/// Papers read per pass of the job.
const BATCH: i64 = 5;

/// What became of a paper's text.
pub mod status {
    pub const DONE: &str = "done";
    pub const FAILED: &str = "failed";
    /// Not a PDF or Word document.
    pub const SKIPPED: &str = "skipped";
}

fn papers_of<'a>(items: &'a [Item], out: &mut Vec<(&'a str, &'a str)>) {
    for item in items {
        for d in item.documents.iter().filter(|d| !d.restricted) {
            out.push((d.id.as_str(), d.sha256.as_str()));
        }
        papers_of(&item.parts, out);
    }
}

/// The stored text of the papers of (public views of) items, by document
/// id, cut to [`super::PAPER_TEXT_CHARS`].
pub fn texts_for(conn: &mut DbConn, items: &[Item]) -> AppResult<HashMap<String, String>> {
    let mut papers = Vec::new();
    papers_of(items, &mut papers);
    if papers.is_empty() {
        return Ok(HashMap::new());
    }
    let sha: HashMap<&str, &str> = papers.iter().copied().collect();
    let ids: Vec<&str> = papers.iter().map(|(id, _)| *id).collect();
    let rows: Vec<(String, String, String)> = document_texts::table
        .filter(document_texts::document_id.eq_any(&ids))
        .filter(document_texts::status.eq(status::DONE))
        .select((
            document_texts::document_id,
            document_texts::sha256,
            document_texts::text,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter(|(id, s, _)| sha.get(id.as_str()) == Some(&s.as_str()))
        .map(|(id, _, text)| (id, text.chars().take(super::PAPER_TEXT_CHARS).collect()))
        .collect())
}

/// Papers not restricted in themselves whose text has not been read (or
/// was read from other bytes), oldest first.
pub fn pending(conn: &mut DbConn, limit: i64) -> AppResult<Vec<DocumentRow>> {
    Ok(documents::table
        .left_join(document_texts::table)
        .filter(documents::deleted_at.is_null())
        .filter(documents::restricted.eq(false))
        .filter(
            document_texts::document_id
                .is_null()
                .or(document_texts::sha256.ne(documents::sha256)),
        )
        .order((documents::created_at.asc(), documents::id.asc()))
        .select(DocumentRow::as_select())
        .limit(limit)
        .load(conn)?)
}

/// Stores what became of a paper's text and reindexes its meeting, in one
/// write transaction.
pub fn record(
    conn: &mut DbConn,
    doc: &DocumentRow,
    state: &str,
    text: &str,
    error: Option<&str>,
) -> AppResult<()> {
    minutebook_ground::db::write_tx(conn, |c| {
        diesel::delete(document_texts::table.find(&doc.id)).execute(c)?;
        diesel::insert_into(document_texts::table)
            .values((
                document_texts::document_id.eq(&doc.id),
                document_texts::sha256.eq(&doc.sha256),
                document_texts::status.eq(state),
                document_texts::text.eq(text),
                document_texts::error.eq(error),
                document_texts::extracted_at.eq(minutebook_store::now()),
            ))
            .execute(c)?;
        super::index_dirty(c)?;
        Ok::<_, AppError>(())
    })
}

/// Set while a paper is being read; a read that ran over its time may
/// still hold it, and then no new one starts.
static READING: AtomicBool = AtomicBool::new(false);

struct Reading;

impl Drop for Reading {
    fn drop(&mut self) {
        READING.store(false, Ordering::SeqCst);
    }
}

/// Reads the text of a few pending papers. `read` fetches a paper's bytes
/// from wherever papers are stored. Answers how many were recorded.
///
/// With a `program` each paper is read by it in a process of its own
/// (`super::isolated`), which nothing a paper holds can outlive or take
/// down with it; a paper that fails is marked failed once and not read
/// again, and the next one is read.
pub async fn extract_pending<F, Fut>(
    pool: &Pool,
    program: Option<std::path::PathBuf>,
    read: F,
) -> AppResult<usize>
where
    F: Fn(DocumentRow) -> Fut,
    Fut: Future<Output = AppResult<Vec<u8>>>,
{
    if READING.load(Ordering::SeqCst) {
        return Ok(0);
    }
    let p = pool.clone();
    let due = tokio::task::spawn_blocking(move || {
        let mut conn = p.get()?;
        pending(&mut conn, BATCH)
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))??;
    let mut done = 0;
    for doc in due {
        let outcome: Result<(&str, String), String> = match read(doc.clone()).await {
            Err(e) => Err(format!("the file could not be read: {e}")),
            Ok(bytes) => {
                let head = &bytes[..bytes.len().min(8)];
                match extract::kind_of(head, &doc.media_type, &doc.filename) {
                    None => Ok((status::SKIPPED, String::new())),
                    Some(kind) => read_text(kind, bytes, program.clone())
                        .await
                        .map(|t| (status::DONE, t)),
                }
            }
        };
        let (state, text, error) = match outcome {
            Ok((s, t)) => (s, t, None),
            Err(e) => (status::FAILED, String::new(), Some(e)),
        };
        if let Some(e) = &error {
            tracing::warn!(document = %doc.id, error = %e, "paper text not read");
        }
        let p = pool.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = p.get()?;
            record(&mut conn, &doc, state, &text, error.as_deref())
        })
        .await
        .map_err(|e| AppError::Internal(e.into()))??;
        done += 1;
        if READING.load(Ordering::SeqCst) {
            // The last read ran over its time and still runs.
            break;
        }
    }
    Ok(done)
}

async fn read_text(
    kind: extract::Kind,
    bytes: Vec<u8>,
    program: Option<std::path::PathBuf>,
) -> Result<String, String> {
    if let Some(program) = program {
        let kind = match kind {
            extract::Kind::Pdf => "pdf",
            extract::Kind::Docx => "docx",
        };
        let args = ["--for", "search", "--kind", kind];
        return tokio::task::spawn_blocking(move || {
            super::isolated::run(&program, &args, &bytes, EXTRACT_TIME)
        })
        .await
        .map_err(|_| "reading the text failed".to_string())?
        .map_err(|e| e.to_string())
        .and_then(|out| String::from_utf8(out).map_err(|_| "the text is not UTF-8".into()));
    }
    READING.store(true, Ordering::SeqCst);
    let task = tokio::task::spawn_blocking(move || {
        let _reading = Reading;
        extract::extract(kind, &bytes)
    });
    match tokio::time::timeout(EXTRACT_TIME, task).await {
        Ok(Ok(r)) => r,
        Ok(Err(_)) => Err("reading the text failed".into()),
        Err(_) => Err(format!(
            "reading the text took longer than {} s",
            EXTRACT_TIME.as_secs()
        )),
    }
}

//! The read model kept on write (`meeting_documents`): each meeting's
//! public page, public JSON and clerk's JSON, built once per change and
//! kept in the database, so that a read on any instance, a replica or
//! after a restart is one indexed lookup (`read::etag`).
//!
//! Two ways in:
//! - [`build_changed`], a pass of the background jobs: the meetings whose
//!   change count moved on since their documents were built
//!   (`store::meeting_documents::undocumented`, a partial index) are built
//!   and kept, a few at a time, soon after each write commits;
//! - [`spawn_keeper`]: a response built on a read (its document was not
//!   current: a body renamed, a new release) is handed over by the response
//!   cache and written by one thread, off the request path.

use crate::db::{DbConn, Pool};
use crate::domain::visibility::Viewer;
use crate::error::AppResult;
use crate::read::etag::{kind, tag_of, Form};
use crate::read::response_cache::ToKeep;
use crate::store::meeting_changes;
use crate::store::meeting_documents::{self, NewDocument};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

/// Meetings built in one transaction.
const BATCH: i64 = 16;

/// How long one pass of the jobs may spend building before it yields to
/// the other jobs (the rest wait for the next pass).
const PASS_BUDGET: Duration = Duration::from_millis(500);

/// The kinds the public may be shown.
const PUBLIC_KINDS: [&str; 2] = ["public-json", "public-page"];

/// Builds and keeps the documents of meetings changed since they were
/// last built, until none is left or the pass's time is up. Builds on a
/// reader's connection and takes a writer's (on SQLite the one writer)
/// only for each batch's short transaction. Answers how many meetings it
/// built.
pub fn build_changed(readers: &Pool, writers: &Pool, public_url: &str) -> anyhow::Result<usize> {
    let started = Instant::now();
    let mut built = 0;
    while started.elapsed() < PASS_BUDGET {
        let (due, docs) = {
            let mut conn = readers.get()?;
            let due = meeting_documents::undocumented(&mut conn, BATCH)?;
            let mut docs = Vec::with_capacity(due.len());
            for (id, _) in &due {
                // A meeting that cannot be built is left to its readers
                // (who build it, or see why not): it must not hold up the
                // others, pass after pass.
                docs.push(match documents_of(&mut conn, id, public_url) {
                    Ok(doc) => Some(doc),
                    Err(e) => {
                        tracing::warn!(meeting = %id, error = %e, "building a meeting's documents failed");
                        None
                    }
                });
            }
            (due, docs)
        };
        if due.is_empty() {
            break;
        }
        let mut conn = writers.get()?;
        crate::db::write_tx(&mut conn, |conn| -> AppResult<()> {
            for ((id, changes), doc) in due.iter().zip(&docs) {
                if let Some(doc) = doc {
                    doc.write(conn, id)?;
                }
                meeting_documents::documented(conn, id, *changes)?;
            }
            Ok(())
        })?;
        built += due.len();
    }
    Ok(built)
}

/// Marks for building again the meetings whose documents another release
/// built (it may show the same data differently); run once at start.
pub fn after_upgrade(conn: &mut DbConn) -> AppResult<usize> {
    meeting_documents::rebuild_other_builds(conn, &crate::read::etag::tag_suffix())
}

/// What a meeting's documents are now: those to keep and the kinds to
/// drop (the public's, when the public may not see it; all when deleted).
struct Documents {
    keep: Vec<NewDocument>,
    forget: Vec<&'static str>,
}

impl Documents {
    fn write(&self, conn: &mut DbConn, id: &str) -> AppResult<()> {
        for doc in &self.keep {
            meeting_documents::keep(conn, doc)?;
        }
        if !self.forget.is_empty() {
            meeting_documents::forget(conn, id, &self.forget)?;
        }
        Ok(())
    }
}

/// Builds the meeting's documents under the tags they are built for (read
/// first, as on a read: a change landing meanwhile leaves them under an
/// older tag, never answered for a newer one).
fn documents_of(conn: &mut DbConn, id: &str, public_url: &str) -> AppResult<Documents> {
    let facts = match meeting_changes::facts(conn, id) {
        Ok(facts) => facts,
        Err(crate::error::AppError::NotFound(_)) => {
            let mut forget = PUBLIC_KINDS.to_vec();
            forget.push(kind(Viewer::Internal, Form::Json));
            return Ok(Documents {
                keep: Vec::new(),
                forget,
            });
        }
        Err(e) => return Err(e),
    };
    let now = crate::store::now();
    let doc = |kind: &str, tag: String, body: Vec<u8>| NewDocument {
        meeting_id: id.to_owned(),
        kind: kind.to_owned(),
        tag,
        body,
        built_at: now,
    };
    let mut keep = Vec::with_capacity(3);
    let internal = tag_of(&facts, Viewer::Internal, Form::Json)?;
    let json = crate::read::meeting::json_bytes(conn, id, Viewer::Internal, public_url)?;
    keep.push(doc(kind(Viewer::Internal, Form::Json), internal, json));
    let mut forget = Vec::new();
    match tag_of(&facts, Viewer::Public, Form::Json) {
        Ok(tag) => {
            // Loaded once for both of the public's documents.
            let m = crate::read::meeting::load_meeting(conn, id, Viewer::Public, public_url)?;
            let json = crate::read::meeting::json_of(&m)?;
            keep.push(doc(kind(Viewer::Public, Form::Json), tag, json));
            let tag = tag_of(&facts, Viewer::Public, Form::Page)?;
            let page = crate::public::pages::meeting_page_of(conn, m)?;
            keep.push(doc(kind(Viewer::Public, Form::Page), tag, page));
        }
        Err(_) => forget.extend(PUBLIC_KINDS),
    }
    Ok(Documents { keep, forget })
}

/// Starts the thread that keeps what reads built: it takes every document
/// waiting, writes them in one transaction, and waits for more; it ends
/// when the response cache (the sending end) is dropped.
pub fn spawn_keeper(pool: Pool, rx: Receiver<ToKeep>) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("documents-keeper".into())
        .spawn(move || {
            while let Ok(first) = rx.recv() {
                let mut batch = vec![first];
                batch.extend(rx.try_iter().take(64));
                if let Err(e) = keep_all(&pool, batch) {
                    // Kept documents are only a saving: a failure (a
                    // replica, a busy database) costs a later rebuild.
                    tracing::debug!(error = %e, "keeping built documents failed");
                }
            }
        })?;
    Ok(())
}

fn keep_all(pool: &Pool, batch: Vec<ToKeep>) -> anyhow::Result<()> {
    let mut conn = pool.get()?;
    let now = crate::store::now();
    crate::db::write_tx(&mut conn, |conn| -> AppResult<()> {
        for d in batch {
            let doc = NewDocument {
                meeting_id: d.meeting_id,
                kind: d.kind.to_owned(),
                tag: d.tag,
                body: d.body.to_vec(),
                built_at: now,
            };
            meeting_documents::keep(conn, &doc)?;
        }
        Ok(())
    })?;
    Ok(())
}

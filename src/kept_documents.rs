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
/// built. `walked_to` is where the last pass stopped, and is left where
/// this one stops.
///
/// A pass walks the changed meetings once, in the order of their ids,
/// from where the last pass stopped ([`Walk`]): a meeting written to
/// without pause (a clerk's burst, an import) is built once a pass, not
/// again and again while its writers wait for the cores, and cannot keep
/// the others waiting.
pub fn build_changed(
    readers: &Pool,
    writers: &Pool,
    public_url: &str,
    walked_to: &mut String,
) -> anyhow::Result<usize> {
    let started = Instant::now();
    let mut built = 0;
    let mut walk = Walk::new(std::mem::take(walked_to));
    while started.elapsed() < PASS_BUDGET {
        let (due, docs) = {
            let mut conn = readers.get()?;
            let due =
                walk.next_batch(|after| meeting_documents::undocumented(&mut conn, after, BATCH))?;
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
    *walked_to = walk.after;
    Ok(built)
}

/// One pass's walk over the changed meetings (with their change counts),
/// in the order of their ids: from just after `began` (where the last pass
/// stopped) to the last id, then from the first id round to `began`.
struct Walk {
    began: String,
    after: String,
    wrapped: bool,
}

impl Walk {
    fn new(began: String) -> Walk {
        Walk {
            wrapped: began.is_empty(),
            after: began.clone(),
            began,
        }
    }

    /// The next batch, read by `read` (the changed meetings with ids after
    /// the one given, in order); empty when the walk has come round.
    fn next_batch<E>(
        &mut self,
        mut read: impl FnMut(&str) -> Result<Vec<(String, i64)>, E>,
    ) -> Result<Vec<(String, i64)>, E> {
        let mut due = read(&self.after)?;
        if due.is_empty() && !self.wrapped {
            self.wrapped = true;
            self.after.clear();
            due = read("")?;
        }
        if self.wrapped && !self.began.is_empty() {
            due.retain(|(id, _)| *id <= self.began);
        }
        if let Some((last, _)) = due.last() {
            self.after = last.clone();
        }
        Ok(due)
    }
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

#[cfg(test)]
mod tests {
    use super::Walk;

    /// A table of changed meetings: `read` as the store answers it.
    fn read(changed: &[&str], after: &str, limit: usize) -> Vec<(String, i64)> {
        let mut ids: Vec<&str> = changed.iter().copied().filter(|id| *id > after).collect();
        ids.sort_unstable();
        ids.into_iter()
            .take(limit)
            .map(|id| (id.to_owned(), 1))
            .collect()
    }

    fn walk_all(began: &str, changed: &[&str], limit: usize) -> (Vec<String>, String) {
        let mut walk = Walk::new(began.to_owned());
        let mut seen = Vec::new();
        loop {
            let due = walk
                .next_batch(|after| Ok::<_, ()>(read(changed, after, limit)))
                .unwrap_or_default();
            if due.is_empty() {
                return (seen, walk.after);
            }
            seen.extend(due.into_iter().map(|(id, _)| id));
        }
    }

    #[test]
    fn a_pass_builds_each_changed_meeting_once_from_where_the_last_stopped() {
        let changed = ["a", "b", "c", "d", "e"];
        let (seen, _) = walk_all("", &changed, 2);
        assert_eq!(seen, ["a", "b", "c", "d", "e"]);
        let (seen, _) = walk_all("c", &changed, 2);
        assert_eq!(seen, ["d", "e", "a", "b", "c"]);
        let (seen, _) = walk_all("e", &changed, 10);
        assert_eq!(seen, ["a", "b", "c", "d", "e"]);
        // The last pass stopped at a meeting since built and unchanged.
        let (seen, _) = walk_all("bb", &changed, 1);
        assert_eq!(seen, ["c", "d", "e", "a", "b"]);
        let (seen, _) = walk_all("c", &[], 4);
        assert!(seen.is_empty());
    }

    #[test]
    fn a_walk_cut_short_is_taken_up_where_it_stopped() {
        let changed = ["a", "b", "c", "d"];
        let mut walk = Walk::new(String::new());
        let first = walk
            .next_batch(|after| Ok::<_, ()>(read(&changed, after, 2)))
            .unwrap_or_default();
        assert_eq!(first.len(), 2);
        // The pass's time ran out here; the next pass begins after "b".
        let (seen, _) = walk_all(&walk.after, &changed, 2);
        assert_eq!(seen, ["c", "d", "a", "b"]);
    }
}

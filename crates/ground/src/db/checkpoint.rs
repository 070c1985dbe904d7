//! SQLite's WAL checkpoints, off the writer's thread. By default the
//! connection that commits runs a checkpoint whenever the WAL passes a
//! thousand pages: it copies them into the database file and waits for
//! the disk (`fsync`) inside that commit. On a slow disk that wait took
//! 40–230 ms on the writer's thread, and every write queued behind it
//! waited as long. So the writer's connection turns automatic checkpoints
//! off ([`WRITER_SETUP`]), and this thread, with its own connection, runs a
//! `PASSIVE` checkpoint soon after writes: one that never takes the
//! writer's lock, so commits go on while it copies and waits for the disk.
//!
//! What is durable is unchanged: with `synchronous = NORMAL` a commit
//! reaches the WAL file and the disk at the next checkpoint, as before;
//! a crash loses no committed transaction that a crash before would have
//! kept, and SQLite replays the WAL on the next open.

use super::{Backend, DbConn};
use diesel::connection::SimpleConnection;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Arc};
use std::time::Duration;

/// What the writer's connection runs once opened: no checkpoint of its
/// own after a commit.
pub const WRITER_SETUP: &str = "PRAGMA wal_autocheckpoint = 0;";

/// How long the thread rests after a checkpoint before the next, so that
/// the writes of a busy moment are copied together.
const PAUSE: Duration = Duration::from_millis(200);

/// How often the thread checkpoints when no write nudges it.
const IDLE: Duration = Duration::from_secs(10);

/// The handle the writer's thread nudges after each write.
pub struct Checkpointer {
    wake: mpsc::SyncSender<()>,
    done: Arc<AtomicU64>,
}

impl Checkpointer {
    /// Starts the thread for the SQLite database at `url`. It ends after
    /// one last checkpoint once this handle is dropped.
    pub fn start(url: &str) -> anyhow::Result<Checkpointer> {
        debug_assert_eq!(Backend::of(url), Backend::Sqlite);
        let (wake, woken) = mpsc::sync_channel::<()>(1);
        let done = Arc::new(AtomicU64::new(0));
        let counted = done.clone();
        let url = url.to_string();
        std::thread::Builder::new()
            .name("minutebook-checkpoint".into())
            .spawn(move || {
                let mut conn: Option<DbConn> = None;
                loop {
                    // Nudged by a write; or, now and then, for the writes
                    // the background jobs make on the writer's connection
                    // outside its thread.
                    let last = match woken.recv_timeout(IDLE) {
                        Ok(()) | Err(mpsc::RecvTimeoutError::Timeout) => false,
                        Err(mpsc::RecvTimeoutError::Disconnected) => true,
                    };
                    match checkpoint(&url, &mut conn) {
                        Ok(()) => {
                            counted.fetch_add(1, Ordering::Relaxed);
                        }
                        Err(e) => {
                            // Tried again at the next nudge or pause, on
                            // a new connection; the WAL only grows meanwhile.
                            tracing::warn!(error = %e, "SQLite checkpoint failed");
                            conn = None;
                        }
                    }
                    if last {
                        break;
                    }
                    std::thread::sleep(PAUSE);
                }
            })?;
        Ok(Checkpointer { wake, done })
    }

    /// A write was committed: a checkpoint follows soon. Never waits.
    pub fn nudge(&self) {
        let _ = self.wake.try_send(());
    }

    /// How many checkpoints have run, counted as they happen.
    pub fn counter(&self) -> Arc<AtomicU64> {
        self.done.clone()
    }
}

/// One `PASSIVE` checkpoint on `conn` (opened first if need be): it copies
/// what no reader still needs from the WAL into the database file and
/// syncs both, without stopping readers or the writer.
fn checkpoint(url: &str, conn: &mut Option<DbConn>) -> anyhow::Result<()> {
    if conn.is_none() {
        *conn = Some(super::establish(url)?);
    }
    match conn.as_mut() {
        Some(DbConn::Sqlite(c)) => Ok(c.batch_execute("PRAGMA wal_checkpoint(PASSIVE);")?),
        _ => Ok(()),
    }
}

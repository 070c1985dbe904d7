//! Writers take turns inside the process. SQLite admits one writer at a
//! time; left to itself, a second writer sleeps and retries in SQLite's busy
//! handler, and eight writers saw a p99 near a second. Instead the process
//! keeps one writer connection (a pool of one) behind an async lock: a
//! writer waits for its turn on the runtime, holding no thread and no
//! connection, while readers keep their own pool. On PostgreSQL writers run
//! side by side on the readers' pool, as before.

use super::{Backend, Pool};
use std::sync::Arc;
use tokio::sync::{Mutex, OwnedMutexGuard};

#[derive(Clone)]
pub struct Writer {
    pool: Pool,
    gate: Option<Arc<Mutex<()>>>,
}

/// A writer's turn: held (and moved into the blocking task) until its
/// transaction has ended. Empty on PostgreSQL.
pub struct Turn(#[expect(dead_code, reason = "held for its drop")] Option<OwnedMutexGuard<()>>);

impl Writer {
    /// SQLite: a pool of one connection and the lock in front of it;
    /// PostgreSQL: the readers' pool, without a lock.
    pub fn new(url: &str, readers: &Pool) -> anyhow::Result<Writer> {
        Ok(match Backend::of(url) {
            Backend::Postgres => Writer {
                pool: readers.clone(),
                gate: None,
            },
            Backend::Sqlite => Writer {
                pool: super::pool(url, 1)?,
                gate: Some(Arc::new(Mutex::new(()))),
            },
        })
    }

    /// Waits (asynchronously) until this writer may write.
    pub async fn turn(&self) -> Turn {
        match &self.gate {
            Some(gate) => Turn(Some(gate.clone().lock_owned().await)),
            None => Turn(None),
        }
    }

    /// The pool writers take their connection from. The background workers
    /// (outbox, reminders, settled revisions, webhooks) use it directly: on
    /// SQLite they wait for its one connection in their own blocking task.
    pub fn pool(&self) -> &Pool {
        &self.pool
    }
}

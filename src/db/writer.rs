//! Writers take turns inside the process. SQLite admits one writer at a
//! time; left to itself, a second writer sleeps and retries in SQLite's busy
//! handler, and eight writers saw a p99 near a second. Instead the process
//! keeps one writer connection (a pool of one) and one thread that runs the
//! writes queued for it, one after another: a writer waits for its turn on
//! the runtime (awaiting its answer), holding no thread and no connection,
//! while readers keep their own pool; and no hand-over to another thread
//! happens between one write and the next, so a turn lasts only as long as
//! its transaction. On PostgreSQL writers run side by side on the readers'
//! pool, as before.

use super::{Backend, DbConn, Pool};
use crate::error::{AppError, AppResult};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc;

/// A write queued for the writer's thread.
type Job = Box<dyn FnOnce(&Pool) + Send>;

#[derive(Clone)]
pub struct Writer {
    pool: Pool,
    /// SQLite: the writer thread's queue. PostgreSQL: none.
    queue: Option<mpsc::Sender<Job>>,
}

impl Writer {
    /// SQLite: a pool of one connection and the thread that writes on it;
    /// PostgreSQL: the readers' pool.
    pub fn new(url: &str, readers: &Pool) -> anyhow::Result<Writer> {
        Ok(match Backend::of(url) {
            Backend::Postgres => Writer {
                pool: readers.clone(),
                queue: None,
            },
            Backend::Sqlite => {
                let pool = super::pool(url, 1)?;
                let (queue, jobs) = mpsc::channel::<Job>();
                let on = pool.clone();
                // Ends when the last `Writer` (its sender) is dropped.
                std::thread::Builder::new()
                    .name("minutebook-writer".into())
                    .spawn(move || {
                        for job in jobs {
                            job(&on);
                        }
                    })?;
                Writer {
                    pool,
                    queue: Some(queue),
                }
            }
        })
    }

    /// Runs `f` on a writer's connection once it is this write's turn: on
    /// SQLite on the writer's thread, after the writes queued before it; on
    /// PostgreSQL on a blocking thread. A panic in `f` is an error for this
    /// write only (its connection is discarded, as the pool does with a
    /// connection given back while panicking).
    pub async fn run<T, F>(&self, f: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let Some(queue) = &self.queue else {
            return super::on_pool(self.pool.clone(), f).await;
        };
        let (answer, answered) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move |pool: &Pool| {
            let out = catch_unwind(AssertUnwindSafe(|| {
                let mut conn = pool.get()?;
                f(&mut conn)
            }))
            .unwrap_or_else(|_| Err(AppError::Internal(anyhow::anyhow!("a write panicked"))));
            // The writer may have stopped waiting (the client went away):
            // the write is done either way.
            let _ = answer.send(out);
        });
        let stopped = || AppError::Internal(anyhow::anyhow!("the writer thread has stopped"));
        queue.send(job).map_err(|_| stopped())?;
        answered.await.map_err(|_| stopped())?
    }

    /// The pool writers take their connection from. The background workers
    /// (outbox, reminders, settled revisions, webhooks) use it directly: on
    /// SQLite they wait for its one connection in their own blocking task.
    pub fn pool(&self) -> &Pool {
        &self.pool
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::RunQueryDsl;

    #[tokio::test]
    async fn sqlites_writes_run_in_turn_and_a_panic_fails_only_its_own() {
        let dir = tempfile::tempdir().unwrap();
        let url = dir.path().join("w.db").to_string_lossy().into_owned();
        let readers = super::super::pool(&url, 2).unwrap();
        let writer = Writer::new(&url, &readers).unwrap();
        writer
            .run(|c| Ok(diesel::sql_query("CREATE TABLE t (n INTEGER)").execute(c)?))
            .await
            .unwrap();
        // Many writers at once: every write lands, none sees "database is
        // locked".
        let writes = (0..32).map(|n| {
            let w = writer.clone();
            tokio::spawn(async move {
                w.run(move |c| {
                    Ok(diesel::sql_query(format!("INSERT INTO t VALUES ({n})")).execute(c)?)
                })
                .await
            })
        });
        for w in writes {
            assert_eq!(w.await.unwrap().unwrap(), 1);
        }
        let panicked = writer
            .run(|_c| -> AppResult<()> { panic!("a bug in a write") })
            .await;
        assert!(matches!(panicked, Err(AppError::Internal(_))));
        let count: i64 = writer
            .run(|c| {
                #[derive(diesel::QueryableByName)]
                struct N {
                    #[diesel(sql_type = diesel::sql_types::BigInt)]
                    n: i64,
                }
                let n: N = diesel::sql_query("SELECT count(*) AS n FROM t").get_result(c)?;
                Ok(n.n)
            })
            .await
            .unwrap();
        assert_eq!(count, 32);
    }

    /// `.cargo/config.toml` compiles the bundled SQLite without the shared
    /// page cache's process-wide mutex and without memory statistics; a
    /// build that lost those flags (say, run outside this folder) fails here.
    #[test]
    fn the_bundled_sqlite_is_compiled_for_concurrent_readers() {
        use diesel::{Connection, RunQueryDsl};
        #[derive(diesel::QueryableByName)]
        struct Used {
            #[diesel(sql_type = diesel::sql_types::Integer)]
            used: i32,
        }
        let mut c = diesel::SqliteConnection::establish(":memory:").unwrap();
        let mut used = |option: &str| {
            diesel::sql_query(format!(
                "SELECT sqlite_compileoption_used('{option}') AS used"
            ))
            .get_result::<Used>(&mut c)
            .unwrap()
            .used
        };
        assert_eq!(used("ENABLE_MEMORY_MANAGEMENT"), 0);
        assert_eq!(used("DEFAULT_MEMSTATUS=0"), 1);
        assert_eq!(used("ENABLE_FTS5"), 1);
    }
}

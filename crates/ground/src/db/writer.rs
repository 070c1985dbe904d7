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

use super::{checkpoint, erased, Backend, DbConn, Pool};
use crate::error::{AppError, AppResult};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::Arc;

/// A write queued for the writer's thread.
type Job = Box<dyn FnOnce(&Pool) + Send>;

#[derive(Clone)]
pub struct Writer {
    pool: Pool,
    /// SQLite: the writer thread's queue. PostgreSQL: none.
    queue: Option<mpsc::Sender<Job>>,
    /// SQLite: how many checkpoints the checkpoint thread has run.
    checkpoints_done: Option<Arc<AtomicU64>>,
}

impl Writer {
    /// SQLite: a pool of one connection and the thread that writes on it;
    /// PostgreSQL: the readers' pool.
    pub fn new(url: &str, readers: &Pool) -> anyhow::Result<Writer> {
        Ok(match Backend::of(url) {
            Backend::Postgres => Writer {
                pool: readers.clone(),
                queue: None,
                checkpoints_done: None,
            },
            Backend::Sqlite => {
                // Checkpoints run on their own thread (see `checkpoint`).
                let pool = super::pool_with(url, 1, checkpoint::WRITER_SETUP)?;
                let checkpoints = checkpoint::Checkpointer::start(url)?;
                let checkpoints_done = checkpoints.counter();
                let (queue, jobs) = mpsc::channel::<Job>();
                let on = pool.clone();
                // Ends when the last `Writer` (its sender) is dropped.
                std::thread::Builder::new()
                    .name("minutebook-writer".into())
                    .spawn(move || {
                        for job in jobs {
                            job(&on);
                            checkpoints.nudge();
                        }
                    })?;
                Writer {
                    pool,
                    queue: Some(queue),
                    checkpoints_done: Some(checkpoints_done),
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
        erased::answer(self.run_erased(erased::job(f)).await)
    }

    /// [`Writer::run`] for every caller, compiled once (see [`erased`]).
    pub async fn run_erased(&self, f: erased::Job) -> erased::Answer {
        let Some(queue) = &self.queue else {
            return super::on_pool_erased(self.pool.clone(), f).await;
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

    /// SQLite: how many WAL checkpoints have run off the writer's thread
    /// (see `db::checkpoint`; shown in `/metrics`); PostgreSQL: none.
    pub fn checkpoints(&self) -> Option<u64> {
        Some(self.checkpoints_done.as_ref()?.load(Ordering::Relaxed))
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

    /// The writer's connection leaves checkpoints to their own thread, and
    /// that thread copies what was written into the database file itself.
    #[tokio::test]
    async fn sqlites_checkpoints_run_off_the_writers_thread() {
        #[derive(diesel::QueryableByName)]
        struct Auto {
            #[diesel(sql_type = diesel::sql_types::Integer)]
            wal_autocheckpoint: i32,
        }
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c.db");
        let url = file.to_string_lossy().into_owned();
        let readers = super::super::pool(&url, 2).unwrap();
        let writer = Writer::new(&url, &readers).unwrap();
        let auto = writer
            .run(|c| Ok(diesel::sql_query("PRAGMA wal_autocheckpoint").get_result::<Auto>(c)?))
            .await
            .unwrap();
        assert_eq!(auto.wal_autocheckpoint, 0);
        writer
            .run(|c| Ok(diesel::sql_query("CREATE TABLE t (b BLOB)").execute(c)?))
            .await
            .unwrap();
        // 400 kB: far below the thousand pages after which a connection
        // would checkpoint by itself.
        for _ in 0..100 {
            writer
                .run(|c| {
                    Ok(diesel::sql_query("INSERT INTO t VALUES (randomblob(4096))").execute(c)?)
                })
                .await
                .unwrap();
        }
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while std::fs::metadata(&file).unwrap().len() < 400_000 {
            assert!(
                std::time::Instant::now() < deadline,
                "no checkpoint copied the writes into the database file"
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        assert!(writer.checkpoints().unwrap() >= 1);
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

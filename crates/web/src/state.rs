//! What every handler shares: the pools (readers, the writer, and the
//! optional replica for public reads, see `read_route`), where papers are
//! kept, the settings, the limits, and answers kept while unchanged
//! (`read::response_cache`).

pub mod read_route;

use minutebook_ground::config::Settings;
use minutebook_ground::db::erased;
use minutebook_ground::db::writer::Writer;
use minutebook_ground::db::{DbConn, Pool};
use minutebook_ground::error::AppResult;
use minutebook_store::blobs::DocumentStore;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    /// The readers' pool (on the primary).
    pub pool: Pool,
    /// Where writes go: on SQLite one connection and the thread that writes
    /// on it, on PostgreSQL the same pool as the readers (see `db::writer`).
    pub writer: Writer,
    /// A PostgreSQL hot standby for public reads (`MINUTEBOOK_REPLICA_URL`).
    pub replica: Option<Pool>,
    /// Where papers' bytes live: the data folder or object storage.
    pub documents: DocumentStore,
    pub settings: Arc<Settings>,
    /// Limits on costly operations on this instance (see `limits`).
    pub limits: Arc<crate::limits::Limits>,
    /// Whole meeting responses kept by ETag (see `read::response_cache`).
    pub responses: Arc<minutebook_read::response_cache::ResponseCache>,
}

impl AppState {
    /// The pool a read runs on: the replica when there is one and the
    /// request only needs the public view (`read_route`), else the primary.
    pub fn read_pool(&self) -> &Pool {
        match &self.replica {
            Some(r) if read_route::current_is_public_read() => r,
            _ => &self.pool,
        }
    }

    /// Runs blocking database work off the async runtime (on the pool
    /// `read_pool` chooses).
    pub async fn db<T, F>(&self, f: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        minutebook_ground::db::on_pool(self.read_pool().clone(), f).await
    }

    /// Runs `f` in one write transaction (BEGIN IMMEDIATE on SQLite) once
    /// it is this writer's turn: a failed request changes nothing; before it
    /// commits, [`before_commit`], and after, [`after_commit`].
    pub async fn write<T, F>(&self, f: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        erased::answer(self.write_erased(false, erased::job(f)).await)
    }

    /// Like [`AppState::write`], but when `dry_run` the transaction is rolled
    /// back after `f` and `before_commit` succeed, answering what they made.
    pub async fn write_or_try<T, F>(&self, dry_run: bool, f: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        erased::answer(self.write_erased(dry_run, erased::job(f)).await)
    }

    /// Both of the above for every caller, compiled once (`db::erased`).
    async fn write_erased(&self, dry_run: bool, f: erased::Job) -> erased::Answer {
        let settings = self.settings.clone();
        self.writer
            .run_erased(Box::new(move |conn| {
                let (out, left) =
                    minutebook_ground::db::write_tx_or_dry_run(conn, dry_run, |conn| {
                        let out = f(conn)?;
                        Ok((out, before_commit(conn, &settings)?))
                    })?;
                if !dry_run {
                    after_commit(conn, left);
                }
                Ok(out)
            }))
            .await
    }
}

pub use minutebook_usecases::commit::{after_commit, before_commit};

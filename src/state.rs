//! What every handler shares: the pool (and the optional replica for
//! public reads, see `read_route`), where papers are kept, and the settings.

pub mod read_route;

use crate::config::Settings;
use crate::db::{DbConn, Pool};
use crate::error::{AppError, AppResult};
use crate::store::blobs::DocumentStore;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub pool: Pool,
    /// A PostgreSQL hot standby for public reads (`MINUTEBOOK_REPLICA_URL`).
    pub replica: Option<Pool>,
    /// Where papers' bytes live: the data folder or object storage.
    pub documents: DocumentStore,
    pub settings: Arc<Settings>,
    /// Limits on costly operations on this instance (see `limits`).
    pub limits: Arc<crate::limits::Limits>,
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
        Self::run(self.read_pool().clone(), f).await
    }

    async fn run<T, F>(pool: Pool, f: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        actix_web::web::block(move || {
            let mut conn = pool.get()?;
            f(&mut conn)
        })
        .await
        .map_err(AppError::from)?
    }

    /// Runs `f` in one write transaction (BEGIN IMMEDIATE on SQLite): a
    /// failed request changes nothing. Before it commits, the minutes'
    /// revision trail settles what the change needs at once (see
    /// `minutes::revisions::after_write`), and the search index is brought
    /// up to date (`search::index_dirty`).
    pub async fn write<T, F>(&self, f: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let settings = self.settings.clone();
        Self::run(self.pool.clone(), move |conn| {
            crate::db::write_tx(conn, |conn| {
                let out = f(conn)?;
                crate::minutes::revisions::after_write(conn, &settings)?;
                // What the change made public (or hid) is searchable (or
                // gone) when it commits; a search never writes.
                crate::search::index_dirty(conn)?;
                Ok(out)
            })
        })
        .await
    }
}

//! What every handler shares: the pool and the settings.

use crate::config::Settings;
use crate::db::{DbConn, Pool};
use crate::error::{AppError, AppResult};
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub pool: Pool,
    pub settings: Arc<Settings>,
}

impl AppState {
    /// Runs blocking database work off the async runtime.
    pub async fn db<T, F>(&self, f: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let pool = self.pool.clone();
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
        self.db(move |conn| {
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

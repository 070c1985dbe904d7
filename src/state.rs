//! What every handler shares: the pools and the settings.

use crate::config::Settings;
use crate::db::writer::Writer;
use crate::db::{DbConn, Pool};
use crate::error::{AppError, AppResult};
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    /// The readers' pool.
    pub pool: Pool,
    /// Where writes go: on SQLite one connection behind an async lock, on
    /// PostgreSQL the same pool as the readers (see `db::writer`).
    pub writer: Writer,
    pub settings: Arc<Settings>,
}

impl AppState {
    /// Runs blocking database work off the async runtime.
    pub async fn db<T, F>(&self, f: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        on(self.pool.clone(), f).await
    }

    /// Runs `f` in one write transaction (BEGIN IMMEDIATE on SQLite) once
    /// it is this writer's turn: a failed request changes nothing. Before
    /// it commits, the minutes' revision trail settles what the change
    /// needs at once (see `minutes::revisions::after_write`).
    pub async fn write<T, F>(&self, f: F) -> AppResult<T>
    where
        F: FnOnce(&mut DbConn) -> AppResult<T> + Send + 'static,
        T: Send + 'static,
    {
        let settings = self.settings.clone();
        let turn = self.writer.turn().await;
        on(self.writer.pool().clone(), move |conn| {
            let out = crate::db::write_tx(conn, |conn| {
                let out = f(conn)?;
                crate::minutes::revisions::after_write(conn, &settings)?;
                Ok(out)
            });
            drop(turn);
            out
        })
        .await
    }
}

/// Runs `f` on a connection of `pool`, off the async runtime.
async fn on<T, F>(pool: Pool, f: F) -> AppResult<T>
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

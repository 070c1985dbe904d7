//! The optional read replica: a pool on a PostgreSQL hot standby for reads
//! that need only the public view. No migrations run on it (a standby
//! replays the primary's); it must be PostgreSQL.

use super::{Backend, Manager, Pool};
use diesel::r2d2;
use std::time::Duration;

/// Opens the replica's pool and checks one connection.
pub fn connect(url: &str, max_size: u32) -> anyhow::Result<Pool> {
    if Backend::of(url) != Backend::Postgres {
        anyhow::bail!("MINUTEBOOK_REPLICA_URL must be a postgres:// URL (a hot standby)");
    }
    let pool = r2d2::Pool::builder()
        .max_size(max_size)
        .min_idle(Some(1))
        .connection_timeout(Duration::from_secs(10))
        .build(Manager::new(url))?;
    drop(pool.get()?);
    Ok(pool)
}

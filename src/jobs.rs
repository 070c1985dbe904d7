//! The background jobs each instance runs on a timer: send due mail (the
//! outbox), remind chairs who have not decided, and record the revisions of
//! minutes whose edits have settled; read papers' text for search and
//! reindex meetings changed outside the service's writes.

use crate::config::Settings;
use crate::db::Pool;
use crate::mail::transport::Transport;
use std::sync::Arc;
use std::time::Duration;

/// How long minutes must rest after an edit before the worker records the
/// revision (checkpoints record it sooner).
const SETTLE_AFTER: chrono::TimeDelta = chrono::TimeDelta::seconds(30);

/// One pass of every job.
pub async fn run_once(
    pool: &Pool,
    transport: &Transport,
    settings: &Settings,
) -> anyhow::Result<()> {
    crate::mail::worker::run_once(pool, transport, settings).await?;
    let p = pool.clone();
    let s = settings.clone();
    tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
        let mut conn = p.get()?;
        crate::minutes::approval::send_reminders(&mut conn, &s)
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        crate::minutes::revisions::settle(&mut conn, crate::store::now() - SETTLE_AFTER, &s)
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        Ok(())
    })
    .await??;
    // Papers' text for search, off the request path.
    crate::search::papers::extract_pending(pool, |doc| async move {
        crate::api::documents::paper_bytes(settings, &doc).await
    })
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    // Meetings changed behind the service's back (SQL, a migration).
    let p = pool.clone();
    tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
        let mut conn = p.get()?;
        crate::search::flush_dirty(&mut conn, crate::search::FLUSH_BATCH)
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        Ok(())
    })
    .await??;
    Ok(())
}

/// Starts the jobs on the current runtime.
pub fn spawn(pool: Pool, transport: Transport, settings: Arc<Settings>) {
    tokio::spawn(async move {
        let every = Duration::from_millis(settings.mail_poll_ms.max(10));
        loop {
            if let Err(e) = run_once(&pool, &transport, &settings).await {
                tracing::error!(error = %format!("{e:#}"), "background jobs pass failed");
            }
            tokio::time::sleep(every).await;
        }
    });
}

//! Drains the outbox: sends due messages, records every attempt, backs off
//! exponentially on failure, and queues reminders to chairs who have not
//! decided. A message stays `pending` until a send succeeds, so a crash
//! mid-send means it is sent (again, with the same Message-ID) after restart.

use super::transport::{build_message, Transport};
use crate::config::Settings;
use crate::db::Pool;
use crate::store;
use std::sync::Arc;
use std::time::Duration;

/// One pass: send what is due, then queue reminders. Answers how many
/// messages were attempted.
pub async fn run_once(
    pool: &Pool,
    transport: &Transport,
    settings: &Settings,
) -> anyhow::Result<usize> {
    let p = pool.clone();
    let due = tokio::task::spawn_blocking(move || -> anyhow::Result<_> {
        let mut conn = p.get()?;
        store::outbox::due(&mut conn, store::now(), 20).map_err(|e| anyhow::anyhow!("{e}"))
    })
    .await??;
    let n = due.len();
    for row in due {
        let result = match build_message(&row, &settings.mail_from) {
            Ok(m) => transport.send(m).await,
            Err(e) => Err(e),
        };
        if let Err(e) = &result {
            tracing::warn!(outbox_id = %row.id, to = %row.to_address, error = %e, "mail not sent; will retry");
        } else {
            tracing::info!(outbox_id = %row.id, to = %row.to_address, "mail sent");
        }
        let p = pool.clone();
        let (base, max) = (settings.mail_retry_base_ms, settings.mail_max_attempts);
        tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
            let mut conn = p.get()?;
            store::outbox::record_attempt(&mut conn, &row, result, base, max)
                .map_err(|e| anyhow::anyhow!("{e}"))
        })
        .await??;
    }
    let p = pool.clone();
    let s = settings.clone();
    tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
        let mut conn = p.get()?;
        crate::minutes::approval::send_reminders(&mut conn, &s).map_err(|e| anyhow::anyhow!("{e}"))
    })
    .await??;
    Ok(n)
}

/// Starts the worker on the current runtime.
pub fn spawn(pool: Pool, transport: Transport, settings: Arc<Settings>) {
    tokio::spawn(async move {
        let every = Duration::from_millis(settings.mail_poll_ms.max(10));
        loop {
            if let Err(e) = run_once(&pool, &transport, &settings).await {
                tracing::error!(error = %format!("{e:#}"), "outbox pass failed");
            }
            tokio::time::sleep(every).await;
        }
    });
}

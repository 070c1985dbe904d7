//! Drains the outbox: claims due messages under a lease, sends them outside
//! the claiming transaction, records every attempt, backs off exponentially
//! on failure. A message stays `pending` until a send succeeds, so a crash
//! mid-send means it is sent (again, with the same Message-ID) once its
//! lease runs out, by this instance after restart or by another one.
//! Several instances on one PostgreSQL each claim different messages
//! (`store::outbox::claim_due`). The loop that runs it with the other
//! background jobs is `crate::jobs`.

use super::transport::{build_message, Transport};
use minutebook_ground::config::Settings;
use minutebook_ground::db::Pool;

/// Messages claimed in one pass.
const BATCH: i64 = 10;

/// One pass: claim what is due for the worker `claimer` and send it.
/// Answers how many messages were attempted.
pub async fn run_once(
    pool: &Pool,
    transport: &Transport,
    settings: &Settings,
    claimer: &str,
) -> anyhow::Result<usize> {
    let p = pool.clone();
    let claimer = claimer.to_string();
    // How long a claim holds (`MINUTEBOOK_MAIL_LEASE_SECS`, default 5 min).
    let lease = chrono::Duration::seconds(settings.mail_lease_secs);
    let due = tokio::task::spawn_blocking(move || -> anyhow::Result<_> {
        let mut conn = p.get()?;
        crate::outbox::claim_due(&mut conn, crate::now(), lease, &claimer, BATCH)
            .map_err(|e| anyhow::anyhow!("{e}"))
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
            crate::outbox::record_attempt(&mut conn, &row, result, base, max)
                .map_err(|e| anyhow::anyhow!("{e}"))
        })
        .await??;
    }
    Ok(n)
}

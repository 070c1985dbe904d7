//! The background jobs each instance runs on a timer: send due mail (the
//! outbox), remind chairs who have not decided, and record the revisions of
//! minutes whose edits have settled; read papers' text for search and
//! reindex meetings changed outside the service's writes; build the
//! documents of meetings changed since they were built (`kept_documents`). Several instances may run them on one
//! PostgreSQL: mail is claimed under a lease (`store::outbox::claim_due`),
//! a reminder is taken by one conditional update
//! (`store::minutes_record::claim_reminder`), and a settled revision by the
//! one transaction whose delete of the meeting's mark finds it
//! (`minutes::revisions::checkpoint`), and a decision that takes effect by
//! one conditional update (`store::decisions::claim_effective`).

use crate::config::Settings;
use crate::db::Pool;
use crate::mail::transport::Transport;
use crate::store::blobs::DocumentStore;
use std::sync::Arc;
use std::time::Duration;

/// How long minutes must rest after an edit before the worker records the
/// revision (checkpoints record it sooner).
const SETTLE_AFTER: chrono::TimeDelta = chrono::TimeDelta::seconds(30);

/// One pass of every job: `pool` is the writers' (on SQLite the one
/// writer's connection), `readers` the readers'; `walked_to` is where the
/// last pass's walk over changed meetings stopped.
pub async fn run_once(
    pool: &Pool,
    readers: &Pool,
    transport: &Transport,
    settings: &Settings,
    documents: &DocumentStore,
    claimer: &str,
    walked_to: &mut String,
) -> anyhow::Result<()> {
    crate::mail::worker::run_once(pool, transport, settings, claimer).await?;
    let p = pool.clone();
    let s = settings.clone();
    tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
        let mut conn = p.get()?;
        crate::minutes::approval::send_reminders(&mut conn, &s)
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        crate::minutes::revisions::settle(&mut conn, crate::store::now() - SETTLE_AFTER, &s)
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        crate::store::idempotency::purge(&mut conn, crate::store::now() - crate::idempotency::KEEP)
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        // Decisions whose call-in window closed take effect by themselves.
        crate::usecases::decisions::take_effect_due(&mut conn, &s.public_url)
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        Ok(())
    })
    .await??;
    // Papers' text for search, off the request path.
    crate::search::papers::extract_pending(
        pool,
        settings.extract_program.clone(),
        |doc| async move { crate::read::paper::bytes(documents, &doc).await },
    )
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
    // Meetings' documents, built again after each change (the read model).
    // The walk goes on from where the last pass stopped (`kept_documents::Walk`).
    let (r, w) = (readers.clone(), pool.clone());
    let public_url = settings.public_url.clone();
    let from = std::mem::take(walked_to);
    *walked_to = tokio::task::spawn_blocking(move || -> anyhow::Result<String> {
        let mut at = from;
        crate::kept_documents::build_changed(&r, &w, &public_url, &mut at)?;
        Ok(at)
    })
    .await??;
    Ok(())
}

/// Starts the jobs on the current runtime.
pub fn spawn(
    pool: Pool,
    readers: Pool,
    transport: Transport,
    settings: Arc<Settings>,
    documents: DocumentStore,
) {
    // Names this instance's claims (seen in the outbox's `claimed_by`).
    let claimer = format!("{}-{}", std::process::id(), crate::store::new_id());
    tokio::spawn(async move {
        let p = pool.clone();
        let upgraded = tokio::task::spawn_blocking(move || -> anyhow::Result<usize> {
            let mut conn = p.get()?;
            crate::kept_documents::after_upgrade(&mut conn).map_err(|e| anyhow::anyhow!("{e}"))
        })
        .await;
        if let Ok(Err(e)) = upgraded {
            tracing::error!(error = %format!("{e:#}"), "marking documents of an older release failed");
        }
        let every = Duration::from_millis(settings.mail_poll_ms.max(10));
        let mut walked_to = String::new();
        loop {
            let pass = run_once(
                &pool,
                &readers,
                &transport,
                &settings,
                &documents,
                &claimer,
                &mut walked_to,
            );
            if let Err(e) = pass.await {
                tracing::error!(error = %format!("{e:#}"), "background jobs pass failed");
            }
            tokio::time::sleep(every).await;
        }
    });
}

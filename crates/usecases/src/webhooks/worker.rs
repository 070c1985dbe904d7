//! Delivers webhook deliveries: claims due rows under a lease, signs each
//! attempt (Standard Webhooks), POSTs it, records the attempt, and backs off
//! exponentially when the receiver fails. Several instances may run: on
//! PostgreSQL each claims different rows (`FOR UPDATE SKIP LOCKED`); SQLite
//! is one process.
//!
//! The receiver must be a public address unless the operator allows private
//! ones: names are resolved by a resolver that drops private addresses, IP
//! literals are checked before sending, and redirects are never followed.

use super::{address, sign};
use minutebook_ground::config::Settings;
use minutebook_ground::db::Pool;
use minutebook_store::{self as store, webhooks::Outcome};
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long a claimed delivery is held before another worker may take it.
const LEASE_SECONDS: i64 = 120;
/// How much of a receiver's error body is kept.
const ERROR_CHARS: usize = 300;

/// Resolves names and keeps only public addresses (all of them when
/// private receivers are allowed).
struct PublicOnly {
    allow_private: bool,
}

impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_private = self.allow_private;
        let host = name.as_str().to_string();
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .filter(|a| allow_private || address::is_public(a.ip()))
                .collect();
            if found.is_empty() {
                return Err(format!("{host} has no public address").into());
            }
            let addrs: Addrs = Box::new(found.into_iter());
            Ok(addrs)
        })
    }
}

/// The HTTP client deliveries go through.
pub fn client(settings: &Settings) -> anyhow::Result<reqwest::Client> {
    Ok(reqwest::Client::builder()
        .timeout(Duration::from_millis(settings.webhook_timeout_ms.max(100)))
        .redirect(reqwest::redirect::Policy::none())
        // Direct, never through HTTP_PROXY/HTTPS_PROXY: a proxy would
        // resolve the receiver's name itself, past the filter below.
        .no_proxy()
        .user_agent(concat!("minutebook-webhooks/", env!("CARGO_PKG_VERSION")))
        .dns_resolver(Arc::new(PublicOnly {
            allow_private: settings.webhooks_allow_private,
        }))
        .build()?)
}

/// Sends one delivery; `Err` says why it did not arrive.
async fn attempt(
    client: &reqwest::Client,
    url: &str,
    secret: &str,
    msg_id: &str,
    payload: &str,
    allow_private: bool,
) -> (Option<i32>, Result<(), String>) {
    let url = match address::check_url(url, allow_private) {
        Ok(u) => u,
        Err(e) => return (None, Err(format!("receiver URL {e}"))),
    };
    let Some(key) = sign::key(secret) else {
        return (None, Err("the subscription's secret is not valid".into()));
    };
    let timestamp = chrono::Utc::now().timestamp();
    let sent = client
        .post(url)
        .header("content-type", "application/json")
        .header("webhook-id", msg_id)
        .header("webhook-timestamp", timestamp.to_string())
        .header(
            "webhook-signature",
            sign::signature(&key, msg_id, timestamp, payload),
        )
        .body(payload.to_string())
        .send()
        .await;
    match sent {
        Ok(resp) => {
            let status = resp.status();
            let code = Some(i32::from(status.as_u16()));
            if status.is_success() {
                (code, Ok(()))
            } else {
                let text = resp.text().await.unwrap_or_default();
                let text: String = text.chars().take(ERROR_CHARS).collect();
                (code, Err(format!("HTTP {status}: {}", text.trim())))
            }
        }
        Err(e) => (None, Err(format!("not delivered: {e}"))),
    }
}

/// One pass: deliver what is due. Answers how many were attempted.
pub async fn run_once(
    pool: &Pool,
    client: &reqwest::Client,
    settings: &Settings,
) -> anyhow::Result<usize> {
    let p = pool.clone();
    let due = tokio::task::spawn_blocking(move || -> anyhow::Result<_> {
        let mut conn = p.get()?;
        store::webhooks::claim_due(
            &mut conn,
            store::now(),
            chrono::Duration::seconds(LEASE_SECONDS),
            20,
        )
        .map_err(|e| anyhow::anyhow!("{e}"))
    })
    .await??;
    let n = due.len();
    for (delivery, hook) in due {
        let started = Instant::now();
        let (status_code, result) = attempt(
            client,
            &hook.url,
            &hook.secret,
            &delivery.msg_id,
            &delivery.payload,
            settings.webhooks_allow_private,
        )
        .await;
        match &result {
            Ok(()) => {
                tracing::info!(delivery = %delivery.id, event = %delivery.event_type, "webhook delivered")
            }
            Err(e) => {
                tracing::warn!(delivery = %delivery.id, error = %e, "webhook not delivered; will retry")
            }
        }
        let outcome = Outcome {
            status_code,
            error: result.err(),
            duration_ms: i64::try_from(started.elapsed().as_millis()).unwrap_or(i64::MAX),
        };
        let backoff = store::outbox::backoff(settings.webhook_retry_base_ms, delivery.attempts + 1);
        let max = settings.webhook_max_attempts;
        let p = pool.clone();
        tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
            let mut conn = p.get()?;
            store::webhooks::record_attempt(&mut conn, &delivery, &outcome, backoff, max)
                .map_err(|e| anyhow::anyhow!("{e}"))
        })
        .await??;
    }
    Ok(n)
}

/// Starts the worker on the current runtime.
pub fn spawn(pool: Pool, settings: Arc<Settings>) -> anyhow::Result<()> {
    let client = client(&settings)?;
    tokio::spawn(async move {
        let every = Duration::from_millis(settings.webhook_poll_ms.max(10));
        loop {
            if let Err(e) = run_once(&pool, &client, &settings).await {
                tracing::error!(error = %format!("{e:#}"), "webhook pass failed");
            }
            tokio::time::sleep(every).await;
        }
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_client_builds_with_tls() {
        let s = minutebook_ground::config::Settings::default();
        assert!(super::client(&s).is_ok());
    }

    /// With `HTTP_PROXY` set, a proxy would resolve the receiver's name
    /// itself, past the private-address filter: deliveries go direct.
    #[tokio::test]
    async fn deliveries_never_go_through_a_proxy() {
        let proxy = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        proxy.set_nonblocking(true).unwrap();
        let url = format!("http://{}", proxy.local_addr().unwrap());
        for var in ["HTTP_PROXY", "http_proxy", "ALL_PROXY"] {
            std::env::set_var(var, &url);
        }
        let s = minutebook_ground::config::Settings {
            webhook_timeout_ms: 2000,
            ..Default::default()
        };
        let client = super::client(&s).unwrap();
        for var in ["HTTP_PROXY", "http_proxy", "ALL_PROXY"] {
            std::env::remove_var(var);
        }
        let sent = client
            .post("http://10.0.0.1.nip.invalid/hook")
            .body("{}")
            .send()
            .await;
        assert!(sent.is_err());
        assert!(proxy.accept().is_err(), "the delivery went to the proxy");
    }
}

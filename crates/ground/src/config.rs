//! Settings: defaults, overridden by the environment. Passed in, never global.

use std::path::PathBuf;

#[derive(Debug, Clone)]
pub struct Settings {
    /// A SQLite path (or `sqlite://path`) or a `postgres://` URL.
    pub database_url: String,
    /// `host:port` to listen on; port 0 picks a free port (tests).
    pub bind: String,
    /// Where uploaded documents and outgoing mail files are kept.
    pub data_dir: PathBuf,
    /// Base of absolute links in responses, emails and feeds.
    pub public_url: String,
    pub smtp_url: Option<String>,
    pub mail_from: String,
    /// Largest JSON body accepted.
    pub max_json_bytes: usize,
    /// Largest document upload accepted.
    pub max_upload_bytes: usize,
    /// Connections in the database pool.
    pub pool_size: u32,
    /// How long a chair's approval link stays valid.
    pub approval_link_days: i64,
    /// Days without a decision before the chair is reminded.
    pub reminder_days: i64,
    /// How often the outbox worker looks for mail to send.
    pub mail_poll_ms: u64,
    /// First retry delay after a failed send; doubles each attempt (capped at an hour).
    pub mail_retry_base_ms: i64,
    /// How long a claimed message is held before another worker (or this
    /// one after a restart) may take it: longer than a batch of sends takes,
    /// short enough that a dead instance's messages go out soon after.
    pub mail_lease_secs: i64,
    /// Attempts before a message is marked failed.
    pub mail_max_attempts: i32,
    /// Whether webhook receivers may be on private, loopback or link-local
    /// addresses (`MINUTEBOOK_WEBHOOKS_ALLOW_PRIVATE=true`); off, so the
    /// service cannot be aimed at its own network.
    pub webhooks_allow_private: bool,
    /// How often the webhook worker looks for deliveries due.
    pub webhook_poll_ms: u64,
    /// First retry delay after a failed delivery; doubles each attempt (capped at an hour).
    pub webhook_retry_base_ms: i64,
    /// Attempts before a delivery is marked failed.
    pub webhook_max_attempts: i32,
    /// How long one delivery may take.
    pub webhook_timeout_ms: u64,
    /// A PostgreSQL hot standby for reads that need only the public view
    /// (`MINUTEBOOK_REPLICA_URL`); none: everything reads the primary.
    pub replica_url: Option<String>,
    /// `s3://BUCKET/PREFIX` keeps papers in object storage
    /// (`MINUTEBOOK_DOCUMENT_STORE`, AWS variables for the rest); none: the
    /// data folder.
    pub document_store: Option<String>,
    /// Limits on costly operations (approval emails, rendering, imports).
    pub limits: LimitSettings,
    /// How long one search may run in the database
    /// (`MINUTEBOOK_SEARCH_TIMEOUT_MS`, at least 1): PostgreSQL's
    /// `statement_timeout`, and on SQLite a deadline each row read checks
    /// (`db::deadline`). A search that runs over answers `503`.
    pub search_timeout_ms: u64,
    /// Statements slower than this many milliseconds are logged with their
    /// SQL, never their parameters (`MINUTEBOOK_SLOW_STATEMENT_MS`, default
    /// 1000; 0 logs none): see `db::set_slow_statement_ms`.
    pub slow_statement_ms: u64,
    /// Megabytes of whole responses kept by ETag on this instance
    /// (`MINUTEBOOK_RESPONSE_CACHE_MB`; 0 keeps none): see
    /// `read::response_cache`.
    pub response_cache_mb: u64,
    /// Threads each HTTP worker may run blocking work on (database calls,
    /// rendering): `MINUTEBOOK_BLOCKING_THREADS`; none: the pool's size plus
    /// the documents rendered at once. More threads than connections only
    /// wait for a connection (and cost the kernel switching between them).
    pub blocking_threads: Option<usize>,
    /// The program that reads untrusted PDF and Word files in a process of
    /// its own (`minutebook extract-text`): the service's own binary, set
    /// at start; `None` reads them in this process (parser unit tests).
    pub extract_program: Option<PathBuf>,
}

/// Limits on costly operations. Approval emails are counted from the
/// database, so they hold across instances sharing one; the concurrency
/// limits hold per instance.
#[derive(Debug, Clone)]
pub struct LimitSettings {
    /// Approval requests any one meeting may send per window.
    pub approvals_per_meeting: usize,
    /// Approval requests any one recipient may be sent per window.
    pub approvals_per_recipient: usize,
    /// The window, in seconds.
    pub approval_window_secs: i64,
    /// Documents rendered at once by this instance (minutes, agendas,
    /// reports); more answer `503` with `Retry-After`.
    pub render_concurrency: usize,
    /// Documents one client address may have rendered without a token per
    /// minute (PDFs, reports packs, Word files); anonymous renders also
    /// have slots of their own (half of `render_concurrency`, at least
    /// one), so they never take the staff's.
    pub public_renders_per_minute: usize,
    /// Connections open at once from one client address
    /// (`MINUTEBOOK_MAX_CONNECTIONS_PER_CLIENT`; 0: no limit, for a service
    /// behind a proxy whose address every client shares). Beyond it a
    /// request is answered `429` and its connection closed, but
    /// `/healthz` still answers.
    pub max_connections_per_client: usize,
    /// Connections open at once in all (`MINUTEBOOK_MAX_CONNECTIONS`),
    /// shared among the HTTP workers; beyond it new connections wait in
    /// the listen queue.
    pub max_connections: usize,
}

impl LimitSettings {
    /// The defaults overridden by `MINUTEBOOK_APPROVALS_PER_MEETING`,
    /// `MINUTEBOOK_APPROVALS_PER_RECIPIENT`, `MINUTEBOOK_PUBLIC_RENDERS_PER_MINUTE`
    /// and `MINUTEBOOK_RENDER_CONCURRENCY` (`get` answers set, non-empty values).
    fn from_lookup(get: &impl Fn(&str) -> Option<String>) -> anyhow::Result<LimitSettings> {
        let mut l = LimitSettings::default();
        if let Some(v) = get("MINUTEBOOK_APPROVALS_PER_MEETING") {
            l.approvals_per_meeting = whole("MINUTEBOOK_APPROVALS_PER_MEETING", &v)?;
        }
        if let Some(v) = get("MINUTEBOOK_APPROVALS_PER_RECIPIENT") {
            l.approvals_per_recipient = whole("MINUTEBOOK_APPROVALS_PER_RECIPIENT", &v)?;
        }
        if let Some(v) = get("MINUTEBOOK_PUBLIC_RENDERS_PER_MINUTE") {
            l.public_renders_per_minute = whole("MINUTEBOOK_PUBLIC_RENDERS_PER_MINUTE", &v)?;
        }
        if let Some(v) = get("MINUTEBOOK_RENDER_CONCURRENCY") {
            l.render_concurrency = whole("MINUTEBOOK_RENDER_CONCURRENCY", &v)?;
        }
        if let Some(v) = get("MINUTEBOOK_MAX_CONNECTIONS_PER_CLIENT") {
            l.max_connections_per_client = whole("MINUTEBOOK_MAX_CONNECTIONS_PER_CLIENT", &v)?;
        }
        if let Some(v) = get("MINUTEBOOK_MAX_CONNECTIONS") {
            l.max_connections = whole::<usize>("MINUTEBOOK_MAX_CONNECTIONS", &v)?.max(2);
        }
        Ok(l)
    }
}

impl Default for LimitSettings {
    fn default() -> LimitSettings {
        LimitSettings {
            approvals_per_meeting: 5,
            approvals_per_recipient: 20,
            approval_window_secs: 3600,
            render_concurrency: 4,
            public_renders_per_minute: 60,
            max_connections_per_client: 256,
            max_connections: 10_000,
        }
    }
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            database_url: "minutebook.db".into(),
            bind: "127.0.0.1:8080".into(),
            data_dir: PathBuf::from("minutebook-data"),
            public_url: "http://127.0.0.1:8080".into(),
            smtp_url: None,
            mail_from: "minutebook <minutebook@localhost>".into(),
            max_json_bytes: 1024 * 1024,
            max_upload_bytes: 50 * 1024 * 1024,
            pool_size: 8,
            approval_link_days: 14,
            reminder_days: 3,
            mail_poll_ms: 1000,
            mail_retry_base_ms: 30_000,
            mail_lease_secs: 300,
            mail_max_attempts: 12,
            webhooks_allow_private: false,
            webhook_poll_ms: 1000,
            webhook_retry_base_ms: 30_000,
            webhook_max_attempts: 12,
            webhook_timeout_ms: 10_000,
            replica_url: None,
            document_store: None,
            limits: LimitSettings::default(),
            search_timeout_ms: 2000,
            slow_statement_ms: 1000,
            response_cache_mb: 16,
            blocking_threads: None,
            extract_program: None,
        }
    }
}

impl Settings {
    /// Threads each HTTP worker may run blocking work on.
    pub fn blocking_threads(&self) -> usize {
        self.blocking_threads.unwrap_or(
            usize::try_from(self.pool_size).unwrap_or(8) + self.limits.render_concurrency,
        )
    }

    /// Defaults overridden by `DATABASE_URL`, `MINUTEBOOK_BIND`,
    /// `MINUTEBOOK_DATA_DIR`, `MINUTEBOOK_PUBLIC_URL`, `MINUTEBOOK_SMTP_URL`,
    /// `MINUTEBOOK_MAIL_FROM`, `MINUTEBOOK_POOL_SIZE`, `MINUTEBOOK_REPLICA_URL`,
    /// `MINUTEBOOK_DOCUMENT_STORE`, `MINUTEBOOK_SEARCH_TIMEOUT_MS`,
    /// `MINUTEBOOK_RESPONSE_CACHE_MB`, `MINUTEBOOK_BLOCKING_THREADS`.
    pub fn from_env() -> anyhow::Result<Settings> {
        Settings::from_lookup(|k| std::env::var(k).ok())
    }

    pub fn from_lookup(get: impl Fn(&str) -> Option<String>) -> anyhow::Result<Settings> {
        let mut s = Settings::default();
        let nonempty = |k: &str| get(k).filter(|v| !v.trim().is_empty());
        if let Some(v) = nonempty("DATABASE_URL") {
            s.database_url = v;
        }
        if let Some(v) = nonempty("MINUTEBOOK_BIND") {
            s.bind = v;
        }
        let public_url_given = nonempty("MINUTEBOOK_PUBLIC_URL");
        if let Some(v) = public_url_given.clone() {
            s.public_url = v.trim_end_matches('/').to_string();
        } else {
            s.public_url = format!("http://{}", s.bind);
        }
        if let Some(v) = nonempty("MINUTEBOOK_DATA_DIR") {
            s.data_dir = PathBuf::from(v);
        }
        s.smtp_url = nonempty("MINUTEBOOK_SMTP_URL");
        s.replica_url = nonempty("MINUTEBOOK_REPLICA_URL");
        s.document_store = nonempty("MINUTEBOOK_DOCUMENT_STORE");
        if let Some(v) = nonempty("MINUTEBOOK_MAIL_FROM") {
            s.mail_from = v;
        }
        if let Some(v) = nonempty("MINUTEBOOK_POOL_SIZE") {
            s.pool_size = whole("MINUTEBOOK_POOL_SIZE", &v)?;
        }
        if let Some(v) = nonempty("MINUTEBOOK_APPROVAL_LINK_DAYS") {
            s.approval_link_days = whole("MINUTEBOOK_APPROVAL_LINK_DAYS", &v)?;
        }
        if let Some(v) = nonempty("MINUTEBOOK_REMINDER_DAYS") {
            s.reminder_days = whole("MINUTEBOOK_REMINDER_DAYS", &v)?;
        }
        if let Some(v) = nonempty("MINUTEBOOK_MAIL_LEASE_SECS") {
            s.mail_lease_secs = whole::<i64>("MINUTEBOOK_MAIL_LEASE_SECS", &v)?.max(1);
        }
        if let Some(v) = nonempty("MINUTEBOOK_MAIL_POLL_MS") {
            s.mail_poll_ms = whole::<u64>("MINUTEBOOK_MAIL_POLL_MS", &v)?.max(10);
        }
        if let Some(v) = nonempty("MINUTEBOOK_WEBHOOK_POLL_MS") {
            s.webhook_poll_ms = whole::<u64>("MINUTEBOOK_WEBHOOK_POLL_MS", &v)?.max(10);
        }
        if let Some(v) = nonempty("MINUTEBOOK_MAIL_RETRY_BASE_MS") {
            s.mail_retry_base_ms = whole("MINUTEBOOK_MAIL_RETRY_BASE_MS", &v)?;
        }
        if let Some(v) = nonempty("MINUTEBOOK_WEBHOOKS_ALLOW_PRIVATE") {
            s.webhooks_allow_private = flag("MINUTEBOOK_WEBHOOKS_ALLOW_PRIVATE", &v)?;
        }
        s.limits = LimitSettings::from_lookup(&nonempty)?;
        if let Some(v) = nonempty("MINUTEBOOK_SEARCH_TIMEOUT_MS") {
            s.search_timeout_ms = whole("MINUTEBOOK_SEARCH_TIMEOUT_MS", &v)?;
            if s.search_timeout_ms == 0 {
                anyhow::bail!("MINUTEBOOK_SEARCH_TIMEOUT_MS must be at least 1");
            }
        }
        if let Some(v) = nonempty("MINUTEBOOK_SLOW_STATEMENT_MS") {
            s.slow_statement_ms = whole("MINUTEBOOK_SLOW_STATEMENT_MS", &v)?;
        }
        if let Some(v) = nonempty("MINUTEBOOK_BLOCKING_THREADS") {
            let n: usize = whole("MINUTEBOOK_BLOCKING_THREADS", &v)?;
            if n == 0 {
                anyhow::bail!("MINUTEBOOK_BLOCKING_THREADS must be at least 1");
            }
            s.blocking_threads = Some(n);
        }
        if let Some(v) = nonempty("MINUTEBOOK_RESPONSE_CACHE_MB") {
            s.response_cache_mb = whole("MINUTEBOOK_RESPONSE_CACHE_MB", &v)?;
        }
        if let Some(v) = nonempty("MINUTEBOOK_WEBHOOK_RETRY_BASE_MS") {
            s.webhook_retry_base_ms = whole("MINUTEBOOK_WEBHOOK_RETRY_BASE_MS", &v)?;
        }
        Ok(s)
    }
}

fn flag(name: &str, v: &str) -> anyhow::Result<bool> {
    match v.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Ok(true),
        "false" | "0" | "no" | "off" => Ok(false),
        _ => Err(anyhow::anyhow!("{name} must be true or false")),
    }
}

fn whole<T: std::str::FromStr>(name: &str, v: &str) -> anyhow::Result<T> {
    v.trim()
        .parse()
        .map_err(|_| anyhow::anyhow!("{name} must be a whole number"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_configuration_means_sqlite_on_a_local_file() {
        let s = Settings::from_lookup(|_| None).unwrap();
        assert_eq!(s.database_url, "minutebook.db");
        assert_eq!(s.bind, "127.0.0.1:8080");
        assert_eq!(s.public_url, "http://127.0.0.1:8080");
    }

    #[test]
    fn environment_overrides_defaults() {
        let s = Settings::from_lookup(|k| match k {
            "DATABASE_URL" => Some("postgres://x@h/db".into()),
            "MINUTEBOOK_PUBLIC_URL" => Some("https://minutes.example.gov.uk/".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(s.database_url, "postgres://x@h/db");
        assert_eq!(s.public_url, "https://minutes.example.gov.uk");
    }

    #[test]
    fn the_workers_poll_as_often_as_configured() {
        let s = Settings::from_lookup(|k| match k {
            "MINUTEBOOK_MAIL_POLL_MS" => Some("250".into()),
            "MINUTEBOOK_WEBHOOK_POLL_MS" => Some("1".into()),
            _ => None,
        })
        .unwrap();
        assert_eq!(s.mail_poll_ms, 250);
        assert_eq!(s.webhook_poll_ms, 10, "at least 10 ms");
        assert!(
            Settings::from_lookup(|k| (k == "MINUTEBOOK_MAIL_POLL_MS").then(|| "soon".into()))
                .is_err()
        );
    }

    #[test]
    fn private_webhook_receivers_are_refused_unless_the_operator_allows_them() {
        let s = Settings::from_lookup(|_| None).unwrap();
        assert!(!s.webhooks_allow_private);
        let s = Settings::from_lookup(|k| {
            (k == "MINUTEBOOK_WEBHOOKS_ALLOW_PRIVATE").then(|| "true".to_string())
        })
        .unwrap();
        assert!(s.webhooks_allow_private);
        assert!(Settings::from_lookup(|k| {
            (k == "MINUTEBOOK_WEBHOOKS_ALLOW_PRIVATE").then(|| "maybe".to_string())
        })
        .is_err());
    }

    #[test]
    fn a_search_time_limit_is_at_least_a_millisecond() {
        assert_eq!(
            Settings::from_lookup(|_| None).unwrap().search_timeout_ms,
            2000
        );
        let with = |v: &str| {
            let v = v.to_string();
            Settings::from_lookup(move |k| (k == "MINUTEBOOK_SEARCH_TIMEOUT_MS").then(|| v.clone()))
        };
        assert_eq!(with("150").unwrap().search_timeout_ms, 150);
        assert!(with("0").is_err());
        assert!(with("soon").is_err());
    }
}

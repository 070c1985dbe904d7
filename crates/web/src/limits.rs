//! Limits on costly operations, small pieces any handler can apply:
//! [`ConcurrencyLimit`] (so many at once on this instance, `503` with
//! `Retry-After` beyond) and [`RateLimit`] (so many per window per key on
//! this instance, `429` with `Retry-After`), both on the one rule
//! `domain::rate`. Limits that must hold across instances count rows in
//! the database instead (approval emails: `minutes::approval`).
//!
//! ```ignore
//! // In a handler, before the costly part:
//! let _permit = state.limits.render.enter()?;           // 503 + Retry-After
//! state.limits.imports.check(&caller_key)?;              // 429 + Retry-After
//! ```

use chrono::NaiveDateTime;
use minutebook_domain::rate::{wait_before_next, Window};
use minutebook_ground::config::LimitSettings;
use minutebook_ground::error::{AppError, AppResult};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// The limits one instance holds, built once from the settings.
pub struct Limits {
    /// Documents rendered at once for token holders (minutes, agendas,
    /// scrutiny reports); take a place with [`Limits::render_for`].
    pub render: ConcurrencyLimit,
    /// Documents rendered at once for the public: places of their own.
    pub public_render: ConcurrencyLimit,
    /// Documents rendered for the public, per client address per minute.
    pub public_renders: RateLimit,
    /// Documents imported at once (text extraction and parsing are costly).
    pub imports: ConcurrencyLimit,
    /// Requests for sign-in links and uses of them at the clerk's desk, per
    /// client address (each account also gets at most a few links in a
    /// window, counted in the database: `domain::staff`).
    pub sign_ins: RateLimit,
}

impl Limits {
    pub fn new(settings: &LimitSettings) -> Limits {
        Limits {
            render: ConcurrencyLimit::new(settings.render_concurrency, "documents being rendered"),
            public_render: ConcurrencyLimit::new(
                (settings.render_concurrency / 2).max(1),
                "documents being rendered for the public",
            ),
            public_renders: RateLimit::new(
                Window::new(settings.public_renders_per_minute, 60),
                "documents rendered without a token",
            ),
            imports: ConcurrencyLimit::new(2, "documents being imported"),
            sign_ins: RateLimit::new(Window::new(20, 15 * 60), "sign-in requests"),
        }
    }
}

impl Limits {
    /// A place to render a document: a token holder's in the staff's
    /// places; an anonymous caller's in the public's own places, and within
    /// the per-address budget (`429`), so that anonymous renders never take
    /// a clerk's place.
    pub fn render_for(&self, staff: bool, client: &str) -> AppResult<Permit> {
        if staff {
            return self.render.enter();
        }
        self.public_renders.check(client)?;
        self.public_render.enter()
    }
}

/// The address a request came from (the peer's, never a header a client
/// can set), the key of per-client limits.
pub fn client_of(req: &actix_web::HttpRequest) -> String {
    req.peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// At most `max` at once; one more is refused at once (never queued).
#[derive(Clone)]
pub struct ConcurrencyLimit {
    max: usize,
    running: Arc<AtomicUsize>,
    what: &'static str,
}

/// Held while the limited work runs; leaving frees the place.
pub struct Permit {
    running: Arc<AtomicUsize>,
}

impl Drop for Permit {
    fn drop(&mut self) {
        self.running.fetch_sub(1, Ordering::AcqRel);
    }
}

impl ConcurrencyLimit {
    pub fn new(max: usize, what: &'static str) -> ConcurrencyLimit {
        ConcurrencyLimit {
            max,
            running: Arc::new(AtomicUsize::new(0)),
            what,
        }
    }

    /// A place, or `503` with `Retry-After: 1` when all are taken.
    pub fn enter(&self) -> AppResult<Permit> {
        let taken = self
            .running
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < self.max).then_some(n + 1)
            });
        match taken {
            Ok(_) => Ok(Permit {
                running: self.running.clone(),
            }),
            Err(_) => Err(AppError::Unavailable(format!(
                "too many {} at once (at most {}); retry shortly",
                self.what, self.max
            ))),
        }
    }
}

/// At most `window.limit` per window per key (e.g. a caller's token),
/// counted in this instance's memory.
pub struct RateLimit {
    window: Window,
    what: &'static str,
    seen: Mutex<HashMap<String, Vec<NaiveDateTime>>>,
}

impl RateLimit {
    pub fn new(window: Window, what: &'static str) -> RateLimit {
        RateLimit {
            window,
            what,
            seen: Mutex::new(HashMap::new()),
        }
    }

    /// Counts one more for `key`, or answers `429` with `Retry-After`.
    pub fn check(&self, key: &str) -> AppResult<()> {
        self.check_at(key, chrono::Utc::now().naive_utc())
    }

    fn check_at(&self, key: &str, now: NaiveDateTime) -> AppResult<()> {
        let mut seen = self
            .seen
            .lock()
            .map_err(|_| AppError::Internal(anyhow::anyhow!("rate limit lock poisoned")))?;
        let since = self.window.since(now);
        // Forget what has left every window, so the map stays small.
        seen.retain(|_, times| {
            times.retain(|t| *t > since);
            !times.is_empty()
        });
        let times = seen.entry(key.to_string()).or_default();
        if let Some(retry_after) = wait_before_next(times, self.window, now) {
            return Err(AppError::TooManyRequests {
                detail: format!(
                    "at most {} {} per {} s; retry after {retry_after} s",
                    self.window.limit,
                    self.what,
                    self.window.per.num_seconds()
                ),
                retry_after,
            });
        }
        times.push(now);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anonymous_renders_have_places_and_a_budget_of_their_own() {
        let limits = Limits::new(&LimitSettings {
            render_concurrency: 2,
            public_renders_per_minute: 2,
            ..LimitSettings::default()
        });
        // The public's one place taken: the next anonymous render waits,
        // the staff's two places are still free.
        let public = limits.render_for(false, "192.0.2.1").unwrap();
        assert!(matches!(
            limits.render_for(false, "192.0.2.2").err().unwrap(),
            AppError::Unavailable(_)
        ));
        let _a = limits.render_for(true, "192.0.2.1").unwrap();
        let _b = limits.render_for(true, "192.0.2.1").unwrap();
        drop(public);
        // One address's budget spent: 429, others still render.
        drop(limits.render_for(false, "192.0.2.1").unwrap());
        assert!(matches!(
            limits.render_for(false, "192.0.2.1").err().unwrap(),
            AppError::TooManyRequests { .. }
        ));
        assert!(limits.render_for(false, "192.0.2.3").is_ok());
    }

    #[test]
    fn a_concurrency_limit_refuses_one_more_and_frees_the_place_on_drop() {
        let limit = ConcurrencyLimit::new(2, "renders");
        let a = limit.enter().unwrap();
        let _b = limit.enter().unwrap();
        let refused = limit.enter().err().unwrap();
        assert!(matches!(refused, AppError::Unavailable(_)));
        assert_eq!(refused.retry_after(), Some(1));
        drop(a);
        assert!(limit.enter().is_ok());
    }

    #[test]
    fn a_rate_limit_counts_per_key_and_says_how_long_to_wait() {
        let limit = RateLimit::new(Window::new(2, 60), "imports");
        let t0 = chrono::DateTime::from_timestamp(1_700_000_000, 0)
            .unwrap()
            .naive_utc();
        limit.check_at("a", t0).unwrap();
        limit
            .check_at("a", t0 + chrono::TimeDelta::seconds(10))
            .unwrap();
        limit
            .check_at("b", t0 + chrono::TimeDelta::seconds(10))
            .unwrap();
        let e = limit
            .check_at("a", t0 + chrono::TimeDelta::seconds(20))
            .err()
            .unwrap();
        assert_eq!(e.retry_after(), Some(40));
        assert!(limit
            .check_at("a", t0 + chrono::TimeDelta::seconds(60))
            .is_ok());
    }
}

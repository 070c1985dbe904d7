//! Which database a request reads from. With a replica configured
//! (`MINUTEBOOK_REPLICA_URL`), a request that only needs the public view —
//! `GET`/`HEAD` without an `Authorization` header: public pages, feeds,
//! calendars, search, OParl, the modern.gov web service, token-less API
//! reads — is answered from the replica (a PostgreSQL hot standby). A
//! request with a token, every write, and the chair's approval page (a link
//! just emailed must open at once: read-your-writes) use the primary.
//!
//! The choice is made once per request, by the middleware in `startup`
//! calling [`start`] and [`scope`], and read by `AppState::db`; `AppState::write` always
//! uses the primary.

use actix_web::http::{header, Method};
use std::future::Future;

tokio::task_local! {
    static PUBLIC_READ: bool;
}

/// Whether a request only needs the public view and may read a replica.
pub fn is_public_read(method: &Method, path: &str, headers: &header::HeaderMap) -> bool {
    (method == Method::GET || method == Method::HEAD)
        && !headers.contains_key(header::AUTHORIZATION)
        && !path.starts_with("/approvals/")
        && path != "/healthz"
        && path != "/metrics"
}

/// Makes a request's future (`start`: the call into the service) with its
/// read route set; poll the result inside [`scope`] too.
pub fn start<R>(public_read: bool, start: impl FnOnce() -> R) -> R {
    PUBLIC_READ.sync_scope(public_read, start)
}

/// Polls a request's future with its read route set.
pub fn scope<F: Future>(public_read: bool, fut: F) -> impl Future<Output = F::Output> {
    PUBLIC_READ.scope(public_read, fut)
}

/// Whether the request being served may read the replica (`false` outside
/// a request: background jobs use the primary).
pub fn current_is_public_read() -> bool {
    PUBLIC_READ.try_with(|p| *p).unwrap_or(false)
}

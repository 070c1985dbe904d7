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
        // Staff at the desk read what they just wrote: the primary.
        && !path.starts_with("/desk")
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

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::{HeaderMap, HeaderValue, AUTHORIZATION};

    #[test]
    fn only_token_less_reads_outside_the_chairs_page_may_use_the_replica() {
        let none = HeaderMap::new();
        let mut token = HeaderMap::new();
        token.insert(AUTHORIZATION, HeaderValue::from_static("Bearer x"));
        assert!(is_public_read(&Method::GET, "/meetings/1", &none));
        assert!(is_public_read(&Method::HEAD, "/oparl/v1/system", &none));
        assert!(is_public_read(&Method::GET, "/api/v1/search", &none));
        assert!(!is_public_read(&Method::GET, "/api/v1/meetings/1", &token));
        assert!(!is_public_read(&Method::POST, "/api/v1/bodies", &none));
        assert!(!is_public_read(&Method::GET, "/approvals/mb_x", &none));
        assert!(!is_public_read(&Method::GET, "/healthz", &none));
        assert!(!is_public_read(&Method::GET, "/desk", &none));
        assert!(!is_public_read(&Method::GET, "/desk/meetings/1", &none));
    }

    #[tokio::test]
    async fn the_route_holds_inside_the_scope_and_is_primary_outside() {
        assert!(!current_is_public_read());
        let seen = scope(true, start(true, || async { current_is_public_read() })).await;
        assert!(seen);
        assert!(!current_is_public_read());
    }
}

//! Connections counted per client address and in all, so one client
//! holding many connections open (slow headers, idle keep-alives) cannot
//! take the service from everyone else. Each accepted connection carries a
//! [`ConnectionGuard`] (made in `HttpServer::on_connect`, dropped when the
//! connection closes); a request on a connection over its client's limit
//! is answered `429` with `Connection: close` — except `/healthz`, which
//! always answers. The total is bounded by the server itself
//! (`HttpServer::max_connections`, from the same settings).

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{Error, HttpResponse, ResponseError};
use minutebook_ground::error::AppError;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

/// The open connections of each client address.
#[derive(Debug)]
pub struct ConnectionCounter {
    per_client: Mutex<HashMap<IpAddr, usize>>,
    /// 0: no limit.
    max_per_client: usize,
}

/// One open connection; its count is given back when it is dropped.
#[derive(Debug)]
pub struct ConnectionGuard {
    counter: Arc<ConnectionCounter>,
    ip: Option<IpAddr>,
    /// Its client had more connections open than allowed when it opened.
    pub over_limit: bool,
}

impl ConnectionCounter {
    pub fn new(max_per_client: usize) -> Arc<ConnectionCounter> {
        Arc::new(ConnectionCounter {
            per_client: Mutex::new(HashMap::new()),
            max_per_client,
        })
    }

    /// Counts a connection from `ip` (unknown: not counted).
    pub fn open(self: &Arc<Self>, ip: Option<IpAddr>) -> ConnectionGuard {
        let mut over_limit = false;
        if let (Some(ip), true) = (ip, self.max_per_client > 0) {
            if let Ok(mut m) = self.per_client.lock() {
                let n = m.entry(ip).or_insert(0);
                *n += 1;
                over_limit = *n > self.max_per_client;
            }
        }
        ConnectionGuard {
            counter: self.clone(),
            ip: if self.max_per_client > 0 { ip } else { None },
            over_limit,
        }
    }

    /// Connections open now from `ip`.
    pub fn open_from(&self, ip: IpAddr) -> usize {
        self.per_client
            .lock()
            .map(|m| m.get(&ip).copied().unwrap_or(0))
            .unwrap_or(0)
    }
}

impl Drop for ConnectionGuard {
    fn drop(&mut self) {
        let Some(ip) = self.ip else { return };
        if let Ok(mut m) = self.counter.per_client.lock() {
            if let Some(n) = m.get_mut(&ip) {
                *n = n.saturating_sub(1);
                if *n == 0 {
                    m.remove(&ip);
                }
            }
        }
    }
}

/// Answers `429` (and closes the connection) for a request on a
/// connection over its client's limit; `/healthz` always passes.
pub async fn guard(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let over = req
        .conn_data::<ConnectionGuard>()
        .is_some_and(|g| g.over_limit);
    if over && req.path() != "/healthz" {
        let e = AppError::TooManyRequests {
            detail: "too many connections are open from this address; close some and retry".into(),
            retry_after: 1,
        };
        // `Retry-After` comes with the error (`AppError::retry_after`).
        let mut res: HttpResponse = e.error_response();
        res.head_mut()
            .set_connection_type(actix_web::http::ConnectionType::Close);
        return Ok(req.into_response(res));
    }
    Ok(next.call(req).await?.map_into_boxed_body())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_over_its_limit_is_marked_and_counts_are_given_back() {
        let c = ConnectionCounter::new(2);
        let ip: IpAddr = [10, 0, 0, 1].into();
        let a = c.open(Some(ip));
        let b = c.open(Some(ip));
        let d = c.open(Some(ip));
        assert!(!a.over_limit && !b.over_limit && d.over_limit);
        assert!(!c.open(Some([10, 0, 0, 2].into())).over_limit);
        drop(d);
        drop(a);
        assert_eq!(c.open_from(ip), 1);
        assert!(!c.open(Some(ip)).over_limit);
        let off = ConnectionCounter::new(0);
        let many: Vec<_> = (0..10).map(|_| off.open(Some(ip))).collect();
        assert!(many.iter().all(|g| !g.over_limit));
        assert_eq!(off.open_from(ip), 0);
    }
}

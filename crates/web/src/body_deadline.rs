//! A request body must keep arriving. A client that promises a body and
//! sends it a few bytes at a time would otherwise hold a connection (and a
//! file descriptor) for as long as it likes: actix cuts off slow *headers*
//! (`client_request_timeout`) but not a slow body. Around every route, the
//! body is read through a clock: no chunk for [`IDLE`], or the whole body
//! not in by its deadline (half a minute, plus a second per 64 KiB it
//! announced, at most [`MOST`]), and the answer is `408` with the
//! connection closed, whichever reader (JSON, a form, an upload, the
//! idempotency check) was waiting for it.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::http::{header, ConnectionType, Method};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage, ResponseError};
use futures_util::StreamExt;
use minutebook_ground::error::AppError;
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;
use tokio::time::{timeout_at, Instant};

/// The longest wait for the next part of a body.
pub const IDLE: Duration = Duration::from_secs(10);
/// The least time a whole body is given.
pub const LEAST: Duration = Duration::from_secs(30);
/// The most time a whole body is given, however large.
pub const MOST: Duration = Duration::from_secs(30 * 60);

/// The time a body of `length` bytes (when announced) is given in all:
/// 30 s, plus a second for every 64 KiB, at most half an hour.
pub fn allowance(length: Option<u64>) -> Duration {
    match length {
        Some(n) => (LEAST + Duration::from_secs(n / (64 * 1024))).min(MOST),
        None => LEAST * 10,
    }
}

/// The middleware (`actix_web::middleware::from_fn`).
pub async fn guard(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let length = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if length == Some(0) {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let deadline = Instant::now() + allowance(length);
    let late = Rc::new(Cell::new(false));
    let payload = req.take_payload();
    let flag = late.clone();
    let timed = futures_util::stream::unfold(Some(payload), move |state| {
        let flag = flag.clone();
        async move {
            let mut payload = state?;
            let idle = Instant::now() + IDLE;
            match timeout_at(idle.min(deadline), payload.next()).await {
                Ok(Some(chunk)) => Some((chunk, Some(payload))),
                Ok(None) => None,
                Err(_) => {
                    flag.set(true);
                    let e = std::io::Error::new(
                        std::io::ErrorKind::TimedOut,
                        "the request body stopped arriving",
                    );
                    Some((Err(PayloadError::Io(e)), None))
                }
            }
        }
    });
    // Fused: a reader may poll again after the end.
    req.set_payload(Payload::Stream {
        payload: Box::pin(timed.fuse()),
    });
    let res = next.call(req).await?;
    if !late.get() {
        return Ok(res.map_into_boxed_body());
    }
    let e = AppError::RequestTimeout(format!(
        "the request body did not arrive in time (no part for {} s, or not whole by its deadline)",
        IDLE.as_secs()
    ));
    let mut answer = e.error_response();
    answer.head_mut().set_connection_type(ConnectionType::Close);
    let (http, _) = res.into_parts();
    Ok(ServiceResponse::new(http, answer))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_is_given_half_a_minute_and_a_second_per_64_kib() {
        assert_eq!(allowance(Some(10)), LEAST);
        assert_eq!(
            allowance(Some(64 * 1024 * 60)),
            LEAST + Duration::from_secs(60)
        );
        assert_eq!(allowance(Some(u64::MAX)), MOST);
        assert_eq!(allowance(None), Duration::from_secs(300));
    }
}

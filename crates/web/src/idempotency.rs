//! `Idempotency-Key` on `POST` (as Stripe has it): a client that lost the
//! answer to a create retries with the same key and gets the first answer
//! (status, headers such as `Location`, body) instead of a second record.
//!
//! One middleware around every route, so every creating `POST` — and any
//! added later — has it without a line of its own:
//!
//! 1. the key (1–255 visible ASCII characters) is claimed for the caller
//!    (the SHA-256 of the id of the token the request was authenticated
//!    with, before its body was read) in one write transaction;
//!    a unique constraint makes the claim exclusive across requests and
//!    instances;
//! 2. a second request with the key while the first runs is `409`; with a
//!    different method, path, query or body `422`; a claim whose request
//!    never answered (its process died) is free again after [`CLAIM`];
//! 3. the first request runs; a success (2xx) answer is kept for 24 hours
//!    (`jobs` forgets older ones) and replayed with `Idempotent-Replayed:
//!    true`; a failure releases the key (a failed request changes nothing,
//!    so a retry runs again).
//!
//! A multipart body is compared without its boundary, which a client
//! rebuilding the form picks anew.

use crate::spool::{self, BodyHasher};
use crate::state::AppState;
use actix_web::body::{to_bytes, BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{header, Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{web, Error, HttpResponse, ResponseError};
use minutebook_ground::error::AppError;
use minutebook_store::idempotency::{self as keys, Answer, Claim, Request};
use sha2::{Digest, Sha256};

pub const HEADER: &str = "idempotency-key";
/// How long an answer is kept.
pub const KEEP: chrono::TimeDelta = chrono::TimeDelta::hours(24);
/// How long a claim whose request has not answered holds its key: longer
/// than any request runs (an import's reading stops at 10 s), so a key in flight
/// when its process died is free again within [`CLAIM`] of the crash.
pub const CLAIM: chrono::TimeDelta = chrono::TimeDelta::seconds(45);

/// Headers of the first answer not replayed (the connection sets them anew).
const NOT_KEPT: [&str; 4] = ["content-length", "date", "set-cookie", "transfer-encoding"];

/// A valid key: 1–255 visible ASCII characters.
pub fn valid_key(key: &str) -> bool {
    !key.is_empty() && key.len() <= 255 && key.bytes().all(|b| b.is_ascii_graphic())
}

/// The SHA-256 of a body, leaving out a multipart boundary (`needle`).
pub fn body_sha256(body: &[u8], needle: Option<&[u8]>) -> String {
    let mut h = BodyHasher::new(needle);
    h.update(body);
    h.finish()
}

fn boundary(req: &ServiceRequest) -> Option<Vec<u8>> {
    let ct = req.headers().get(header::CONTENT_TYPE)?.to_str().ok()?;
    let mime: mime::Mime = ct.parse().ok()?;
    (mime.type_() == mime::MULTIPART)
        .then(|| {
            mime.get_param(mime::BOUNDARY)
                .map(|b| b.as_str().as_bytes().to_vec())
        })
        .flatten()
}

/// Who made a write, put in the request's extensions by the surface that
/// authenticated it before its body was read: the API token's id.
#[derive(Debug, Clone)]
pub struct CallerId(pub String);

/// The caller a key belongs to: the SHA-256 of the token's id (the same
/// however the `Authorization` header is spelt); `None` for a request no
/// surface authenticated, which keys do not apply to.
fn caller(req: &ServiceRequest) -> Option<String> {
    use actix_web::HttpMessage;
    let id = req.extensions().get::<CallerId>()?.0.clone();
    Some(hex::encode(Sha256::digest(id.as_bytes())))
}

/// Reads the whole body (at most `limit` bytes; a large one into a file,
/// never into memory) and puts it back for the handler, with its hash.
async fn take_body(
    req: ServiceRequest,
    limit: usize,
    state: &AppState,
) -> Result<(ServiceRequest, String), ServiceResponse<BoxBody>> {
    let needle = boundary(&req);
    let json = is_json(&req);
    let (http, payload) = req.into_parts();
    let read = if json {
        spool::in_memory(payload, limit, needle.as_deref()).await
    } else {
        let dir = state.documents.incoming_dir();
        spool::to_file(payload, limit, needle.as_deref(), &dir).await
    };
    match read {
        Ok(body) => Ok((ServiceRequest::from_parts(http, body.payload), body.sha256)),
        Err(e) => Err(ServiceResponse::new(http, e.error_response())),
    }
}

fn replay(req: ServiceRequest, answer: &Answer) -> ServiceResponse<BoxBody> {
    let status = StatusCode::from_u16(answer.status).unwrap_or(StatusCode::OK);
    let mut res = HttpResponse::build(status);
    let headers: Vec<(String, String)> = serde_json::from_str(&answer.headers).unwrap_or_default();
    for (name, value) in headers {
        res.append_header((name, value));
    }
    res.insert_header(("Idempotent-Replayed", "true"));
    req.into_response(res.body(answer.body.clone()))
}

fn refuse(req: ServiceRequest, e: AppError) -> ServiceResponse<BoxBody> {
    req.into_response(e.error_response())
}

/// The middleware (`actix_web::middleware::from_fn`).
pub async fn guard(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let key = match req.headers().get(HEADER) {
        Some(v) if req.method() == Method::POST => v.to_str().unwrap_or("").to_string(),
        _ => return Ok(next.call(req).await?.map_into_boxed_body()),
    };
    if !valid_key(&key) {
        return Ok(refuse(
            req,
            AppError::BadRequest(
                "Idempotency-Key must be 1 to 255 visible ASCII characters".into(),
            ),
        ));
    }
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    // Only an authenticated write's body is read here (never an
    // anonymous one: see the API's `authenticate_writes`).
    let Some(caller) = caller(&req) else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let limit = body_limit(&req, &state);
    let (req, request_sha256) = match take_body(req, limit, &state).await {
        Ok(v) => v,
        Err(res) => return Ok(res),
    };
    let target = match req.query_string() {
        "" => req.path().to_string(),
        q => format!("{}?{q}", req.path()),
    };
    let asked = Asked {
        caller: caller.clone(),
        key: key.clone(),
        method: req.method().to_string(),
        target,
        request_sha256,
    };
    match claim(&state, asked).await {
        Err(e) => return Ok(refuse(req, e)),
        Ok(Claim::Replay(answer)) => return Ok(replay(req, &answer)),
        Ok(Claim::Running) => {
            return Ok(refuse(
                req,
                AppError::Conflict(
                    "a request with this Idempotency-Key is still running (or never finished); \
                     retry later, or check whether it took effect and use a new key"
                        .into(),
                ),
            ))
        }
        Ok(Claim::Mismatch) => return Ok(refuse(
            req,
            AppError::field(
                "Idempotency-Key",
                "this key was used for a different request (method, path or body); use a new key",
            ),
        )),
        Ok(Claim::New) => {}
    }
    let res = match next.call(req).await {
        Ok(r) => r,
        Err(e) => {
            forget(&state, caller, key).await;
            return Err(e);
        }
    };
    if !res.status().is_success() {
        forget(&state, caller, key).await;
        return Ok(res.map_into_boxed_body());
    }
    keep(&state, caller, key, res).await
}

/// The most a body of this request's kind may hold: JSON's limit, else an
/// upload's (and a little for a form's framing).
fn body_limit(req: &ServiceRequest, state: &AppState) -> usize {
    let limit = if is_json(req) {
        state.settings.max_json_bytes
    } else {
        state.settings.max_upload_bytes
    };
    limit + 64 * 1024
}

fn is_json(req: &ServiceRequest) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.to_ascii_lowercase())
        .is_some_and(|v| v.starts_with("application/json") || v.contains("+json"))
}

/// What a request with a key asked, owned (it goes to the writer's thread).
struct Asked {
    caller: String,
    key: String,
    method: String,
    target: String,
    request_sha256: String,
}

/// Claims the key in one write transaction, on the writer's turn (SQLite
/// has one writer at a time).
async fn claim(state: &AppState, a: Asked) -> Result<Claim, AppError> {
    state
        .writer
        .run(move |conn| {
            let now = minutebook_store::now();
            minutebook_ground::db::write_tx(conn, |conn| {
                keys::claim(
                    conn,
                    &Request {
                        caller: &a.caller,
                        key: &a.key,
                        method: &a.method,
                        target: &a.target,
                        request_sha256: &a.request_sha256,
                    },
                    now,
                    now - KEEP,
                    now - CLAIM,
                )
            })
        })
        .await
}

/// Keeps a success's answer for replays, and answers it.
async fn keep(
    state: &AppState,
    caller: String,
    key: String,
    res: ServiceResponse<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let (http, res) = res.into_parts();
    let status = res.status();
    let headers: Vec<(String, String)> = res
        .headers()
        .iter()
        .filter(|(n, _)| !NOT_KEPT.contains(&n.as_str()))
        .filter_map(|(n, v)| Some((n.as_str().to_string(), v.to_str().ok()?.to_string())))
        .collect();
    let mut head = HttpResponse::build(status);
    for (n, v) in res.headers() {
        head.append_header((n.clone(), v.clone()));
    }
    let bytes = match to_bytes(res.into_body()).await {
        Ok(b) => b,
        Err(_) => {
            forget(state, caller, key).await;
            let e = AppError::Internal(anyhow::anyhow!("the answer could not be read"));
            return Ok(ServiceResponse::new(http, e.error_response()));
        }
    };
    let answer = Answer {
        status: status.as_u16(),
        headers: serde_json::to_string(&headers).unwrap_or_else(|_| "[]".into()),
        body: bytes.to_vec(),
    };
    let kept = state
        .writer
        .run(move |conn| keys::complete(conn, &caller, &key, &answer))
        .await;
    if let Err(e) = kept {
        // The change is made; the answer is still the client's.
        tracing::error!(error = %e, "could not keep an idempotent answer");
    }
    Ok(ServiceResponse::new(http, head.body(bytes)))
}

async fn forget(state: &AppState, caller: String, key: String) {
    if let Err(e) = state
        .writer
        .run(move |conn| keys::release(conn, &caller, &key))
        .await
    {
        tracing::error!(error = %e, "could not release an idempotency key");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_short_visible_ascii() {
        assert!(valid_key("a1b2-c3d4"));
        assert!(valid_key(&"k".repeat(255)));
        assert!(!valid_key(""));
        assert!(!valid_key(&"k".repeat(256)));
        assert!(!valid_key("has space"));
        assert!(!valid_key("ünï"));
    }

    #[test]
    fn a_multipart_body_is_compared_without_its_boundary() {
        let a = b"--XyZ\r\ncontent\r\n--XyZ--\r\n";
        let b = b"--q9q9q9\r\ncontent\r\n--q9q9q9--\r\n";
        assert_eq!(
            body_sha256(a, Some(b"XyZ")),
            body_sha256(b, Some(b"q9q9q9"))
        );
        let c = b"--q9q9q9\r\nother\r\n--q9q9q9--\r\n";
        assert_ne!(
            body_sha256(a, Some(b"XyZ")),
            body_sha256(c, Some(b"q9q9q9"))
        );
        assert_ne!(
            body_sha256(b"{\"a\":1}", None),
            body_sha256(b"{\"a\":2}", None)
        );
    }
}

//! Idempotency keys: the first answer to a `POST` sent with an
//! `Idempotency-Key`, kept so a retry gets it again instead of a second
//! record. The unique `(caller, idempotency_key)` makes a claim exclusive
//! across requests and instances: of two requests with one key, one
//! inserts the row and runs, the other finds it.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use diesel::result::{DatabaseErrorKind, Error as DieselError};
use minutebook_ground::db::schema::idempotency_keys as ik;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;

/// What the first request with a key asked.
pub struct Request<'a> {
    pub caller: &'a str,
    pub key: &'a str,
    pub method: &'a str,
    pub target: &'a str,
    pub request_sha256: &'a str,
}

/// A stored answer.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    /// JSON: `[[name, value], …]`.
    pub headers: String,
    pub body: Vec<u8>,
}

/// What a key found.
#[derive(Debug)]
pub enum Claim {
    /// Nobody had it: this request runs, and its answer is kept.
    New,
    /// The first request with it finished: its answer.
    Replay(Answer),
    /// The first request with it has not finished.
    Running,
    /// The key was used for a different request (method, path or body).
    Mismatch,
}

#[derive(Queryable)]
struct Row {
    created_at: NaiveDateTime,
    method: String,
    target: String,
    request_sha256: String,
    status: Option<i32>,
    response_headers: Option<String>,
    response_body: Option<Vec<u8>>,
}

/// Claims the key for `req`, or answers what holds it. Rows created before
/// `expired_before` are forgotten (the key may be used again); a claim
/// made before `abandoned_before` that never finished is taken over (its
/// request died with its process: a crash, a kill), so a key is never
/// held longer than that by a request that will not answer.
pub fn claim(
    conn: &mut DbConn,
    req: &Request,
    now: NaiveDateTime,
    expired_before: NaiveDateTime,
    abandoned_before: NaiveDateTime,
) -> AppResult<Claim> {
    let found: Option<Row> = ik::table
        .filter(ik::caller.eq(req.caller))
        .filter(ik::idempotency_key.eq(req.key))
        .filter(ik::created_at.ge(expired_before))
        .select((
            ik::created_at,
            ik::method,
            ik::target,
            ik::request_sha256,
            ik::status,
            ik::response_headers,
            ik::response_body,
        ))
        .get_result(conn)
        .optional()?;
    if let Some(row) = found {
        if row.status.is_none() && row.created_at < abandoned_before {
            return take_over(conn, req, now, abandoned_before);
        }
        if row.method != req.method
            || row.target != req.target
            || row.request_sha256 != req.request_sha256
        {
            return Ok(Claim::Mismatch);
        }
        return Ok(match row.status {
            Some(status) => Claim::Replay(Answer {
                status: u16::try_from(status).unwrap_or(500),
                headers: row.response_headers.unwrap_or_else(|| "[]".into()),
                body: row.response_body.unwrap_or_default(),
            }),
            None => Claim::Running,
        });
    }
    // An expired row with the same key would block the insert. Only an
    // expired one: a row another request claimed since the read above (it
    // committed in between) must stay, so this insert then fails as a
    // duplicate and answers "running" instead of creating twice.
    diesel::delete(
        ik::table
            .filter(ik::caller.eq(req.caller))
            .filter(ik::idempotency_key.eq(req.key))
            .filter(ik::created_at.lt(expired_before)),
    )
    .execute(conn)?;
    let inserted = diesel::insert_into(ik::table)
        .values((
            ik::id.eq(super::new_id()),
            ik::caller.eq(req.caller),
            ik::idempotency_key.eq(req.key),
            ik::method.eq(req.method),
            ik::target.eq(req.target),
            ik::request_sha256.eq(req.request_sha256),
            ik::created_at.eq(now),
            ik::updated_at.eq(now),
            ik::version.eq(1),
        ))
        .execute(conn);
    match inserted {
        Ok(_) => Ok(Claim::New),
        // Another request inserted it first (PostgreSQL waits for it to commit).
        Err(DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)) => {
            Ok(Claim::Running)
        }
        Err(e) => Err(e.into()),
    }
}

/// Takes over a claim whose request never finished: one statement, so of
/// two requests taking it over at once one wins and the other is told the
/// key is in use.
fn take_over(
    conn: &mut DbConn,
    req: &Request,
    now: NaiveDateTime,
    abandoned_before: NaiveDateTime,
) -> AppResult<Claim> {
    let n = diesel::update(
        ik::table
            .filter(ik::caller.eq(req.caller))
            .filter(ik::idempotency_key.eq(req.key))
            .filter(ik::status.is_null())
            .filter(ik::created_at.lt(abandoned_before)),
    )
    .set((
        ik::method.eq(req.method),
        ik::target.eq(req.target),
        ik::request_sha256.eq(req.request_sha256),
        ik::created_at.eq(now),
        ik::updated_at.eq(now),
        ik::version.eq(ik::version + 1),
    ))
    .execute(conn)?;
    Ok(if n == 1 { Claim::New } else { Claim::Running })
}

/// Keeps the answer of the request that claimed the key.
pub fn complete(conn: &mut DbConn, caller: &str, key: &str, answer: &Answer) -> AppResult<()> {
    diesel::update(
        ik::table
            .filter(ik::caller.eq(caller))
            .filter(ik::idempotency_key.eq(key)),
    )
    .set((
        ik::status.eq(Some(i32::from(answer.status))),
        ik::response_headers.eq(Some(&answer.headers)),
        ik::response_body.eq(Some(&answer.body)),
        ik::updated_at.eq(super::now()),
        ik::version.eq(ik::version + 1),
    ))
    .execute(conn)?;
    Ok(())
}

/// Lets the key go (the request failed and changed nothing: a retry runs
/// again).
pub fn release(conn: &mut DbConn, caller: &str, key: &str) -> AppResult<()> {
    diesel::delete(
        ik::table
            .filter(ik::caller.eq(caller))
            .filter(ik::idempotency_key.eq(key))
            .filter(ik::status.is_null()),
    )
    .execute(conn)?;
    Ok(())
}

/// Forgets keys created before `before`; answers how many.
pub fn purge(conn: &mut DbConn, before: NaiveDateTime) -> AppResult<usize> {
    Ok(diesel::delete(ik::table.filter(ik::created_at.lt(before))).execute(conn)?)
}

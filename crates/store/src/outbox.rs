//! The durable outbox: an email is a row written in the same transaction as
//! the change that causes it; the worker sends it and records each attempt.

use crate::paging::keyset_page;
use crate::OrNotFound;
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use minutebook_domain::access::Actor;
use minutebook_ground::db::schema::{outbox, outbox_attempts};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = outbox, treat_none_as_null = true)]
pub struct OutboxRow {
    pub id: String,
    pub kind: String,
    pub meeting_id: Option<String>,
    pub to_address: String,
    pub subject: String,
    pub message_id: String,
    pub body_text: String,
    pub body_html: Option<String>,
    pub attachment_name: Option<String>,
    pub attachment_type: Option<String>,
    pub attachment: Option<Vec<u8>>,
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub last_error: Option<String>,
    pub sent_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = outbox_attempts)]
pub struct AttemptRow {
    pub id: String,
    pub outbox_id: String,
    pub at: NaiveDateTime,
    pub ok: bool,
    pub error: Option<String>,
}

/// A message to queue.
pub struct NewMail {
    pub kind: &'static str,
    pub meeting_id: Option<String>,
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: Option<String>,
    pub attachment: Option<(String, String, Vec<u8>)>, // (name, media type, bytes)
}

/// Queues a message; it goes out after the surrounding transaction commits.
pub fn enqueue(conn: &mut DbConn, mail: NewMail, mail_domain: &str) -> AppResult<OutboxRow> {
    let now = super::now();
    let id = super::new_id();
    let (attachment_name, attachment_type, attachment) = match mail.attachment {
        Some((n, t, b)) => (Some(n), Some(t), Some(b)),
        None => (None, None, None),
    };
    let row = OutboxRow {
        message_id: format!("<{id}@{mail_domain}>"),
        id,
        kind: mail.kind.into(),
        meeting_id: mail.meeting_id,
        to_address: mail.to,
        subject: mail.subject,
        body_text: mail.text,
        body_html: mail.html,
        attachment_name,
        attachment_type,
        attachment,
        status: "pending".into(),
        attempts: 0,
        next_attempt_at: now,
        last_error: None,
        sent_at: None,
        created_at: now,
        updated_at: now,
    };
    diesel::insert_into(outbox::table)
        .values(&row)
        .execute(conn)?;
    Ok(row)
}

/// Claims up to `limit` messages due for a (re)try for `lease`, for the
/// worker `claimer`: no other worker takes them until the lease runs out
/// (an instance that dies mid-send leaves them to another, which sends them
/// with the same Message-ID). PostgreSQL skips rows another instance is
/// claiming (`FOR UPDATE SKIP LOCKED`); on SQLite (one process) the write
/// transaction (`BEGIN IMMEDIATE`) serialises the claim.
pub fn claim_due(
    conn: &mut DbConn,
    now: NaiveDateTime,
    lease: Duration,
    claimer: &str,
    limit: i64,
) -> AppResult<Vec<OutboxRow>> {
    use minutebook_ground::db::schema::outbox as l;
    let due = || {
        l::table
            .filter(l::status.eq("pending"))
            .filter(l::next_attempt_at.le(now))
            .filter(l::leased_until.is_null().or(l::leased_until.lt(now)))
    };
    // A plain read first: most passes find nothing and take no write lock.
    let any: Option<String> = due().select(l::id).first(conn).optional()?;
    if any.is_none() {
        return Ok(Vec::new());
    }
    minutebook_ground::db::write_tx(conn, |conn| {
        let q = due()
            .order(l::next_attempt_at.asc())
            .limit(limit)
            .select(l::id);
        let ids: Vec<String> = match conn {
            DbConn::Pg(c) => q.for_update().skip_locked().load(c)?,
            DbConn::Sqlite(c) => q.load(c)?,
        };
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        diesel::update(l::table.filter(l::id.eq_any(&ids)))
            .set((
                l::leased_until.eq(Some(now + lease)),
                l::claimed_by.eq(Some(claimer)),
            ))
            .execute(conn)?;
        Ok(outbox::table
            .filter(outbox::id.eq_any(&ids))
            .order(outbox::next_attempt_at.asc())
            .select(OutboxRow::as_select())
            .load(conn)?)
    })
}

/// The delay before attempt `attempts + 1`: base × 2^(attempts − 1), capped at an hour.
pub fn backoff(base_ms: i64, attempts: i32) -> Duration {
    let exp = (attempts.max(1) - 1).min(20) as u32;
    let ms = base_ms.saturating_mul(1i64 << exp).min(3_600_000);
    Duration::milliseconds(ms)
}

/// Records one attempt and its outcome, and releases the lease.
pub fn record_attempt(
    conn: &mut DbConn,
    row: &OutboxRow,
    result: Result<(), String>,
    retry_base_ms: i64,
    max_attempts: i32,
) -> AppResult<()> {
    minutebook_ground::db::write_tx(conn, |conn| {
        record_attempt_in_tx(conn, row, result, retry_base_ms, max_attempts)
    })
}

fn record_attempt_in_tx(
    conn: &mut DbConn,
    row: &OutboxRow,
    result: Result<(), String>,
    retry_base_ms: i64,
    max_attempts: i32,
) -> AppResult<()> {
    use minutebook_ground::db::schema::outbox as l;
    let now = super::now();
    let attempts = row.attempts + 1;
    let (status, next, err, sent_at) = match &result {
        Ok(()) => ("sent", row.next_attempt_at, None, Some(now)),
        Err(e) if attempts >= max_attempts => {
            ("failed", row.next_attempt_at, Some(e.clone()), None)
        }
        Err(e) => (
            "pending",
            now + backoff(retry_base_ms, attempts),
            Some(e.clone()),
            None,
        ),
    };
    diesel::insert_into(outbox_attempts::table)
        .values(&AttemptRow {
            id: super::new_id(),
            outbox_id: row.id.clone(),
            at: now,
            ok: result.is_ok(),
            error: err.clone(),
        })
        .execute(conn)?;
    diesel::update(outbox::table.find(&row.id))
        .set((
            outbox::status.eq(status),
            outbox::attempts.eq(attempts),
            outbox::next_attempt_at.eq(next),
            outbox::last_error.eq(err),
            outbox::sent_at.eq(sent_at),
            outbox::updated_at.eq(now),
        ))
        .execute(conn)?;
    diesel::update(l::table.find(&row.id))
        .set(l::leased_until.eq(None::<NaiveDateTime>))
        .execute(conn)?;
    Ok(())
}

/// Queues a message that failed for good once more: `pending`, due now,
/// its attempts kept. `409` unless it is `failed`; `404` if unknown.
pub fn retry(conn: &mut DbConn, actor: &Actor, id: &str) -> AppResult<OutboxRow> {
    let now = super::now();
    // Conditional, so two clerks retrying at once queue it once.
    let n = diesel::update(
        outbox::table
            .filter(outbox::id.eq(id))
            .filter(outbox::status.eq("failed")),
    )
    .set((
        outbox::status.eq("pending"),
        outbox::next_attempt_at.eq(now),
        outbox::updated_at.eq(now),
    ))
    .execute(conn)?;
    let row = outbox::table
        .find(id)
        .select(OutboxRow::as_select())
        .get_result(conn)
        .or_not_found("outbox message")?;
    if n == 0 {
        return Err(AppError::Conflict(format!(
            "only a failed message can be retried; this one is {}",
            row.status
        )));
    }
    super::audit::record(
        conn,
        actor,
        "outbox",
        id,
        "retry",
        serde_json::json!({"status": "pending"}),
    )?;
    Ok(row)
}

pub fn list(
    conn: &mut DbConn,
    status: Option<&str>,
    after: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> AppResult<Vec<OutboxRow>> {
    let mut q = outbox::table.into_boxed();
    if let Some(s) = status {
        q = q.filter(outbox::status.eq(s.to_string()));
    }
    Ok(
        keyset_page!(q, after, outbox::created_at, outbox::id, limit)
            .select(OutboxRow::as_select())
            .load(conn)?,
    )
}

pub fn attempts_for(conn: &mut DbConn, ids: &[String]) -> AppResult<Vec<AttemptRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(outbox_attempts::table
        .filter(outbox_attempts::outbox_id.eq_any(ids))
        .order(outbox_attempts::at.asc())
        .select(AttemptRow::as_select())
        .load(conn)?)
}

#[cfg(test)]
mod tests {
    use super::backoff;

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff(1000, 1).num_milliseconds(), 1000);
        assert_eq!(backoff(1000, 2).num_milliseconds(), 2000);
        assert_eq!(backoff(1000, 4).num_milliseconds(), 8000);
        assert_eq!(backoff(30_000, 30).num_milliseconds(), 3_600_000);
    }
}

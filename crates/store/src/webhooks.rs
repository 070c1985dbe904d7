//! Webhook subscriptions and their delivery outbox: a delivery is a row
//! written in the same transaction as the change that causes it; the worker
//! claims due rows under a lease, and every attempt is recorded.

use crate::paging::keyset_page;
use crate::OrNotFound;
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use minutebook_ground::db::schema::{webhook_attempts, webhook_deliveries, webhooks};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = webhooks)]
pub struct WebhookRow {
    pub id: String,
    pub url: String,
    /// JSON array of event types.
    pub events: String,
    pub secret: String,
    pub created_by: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub version: i32,
}

impl WebhookRow {
    pub fn events(&self) -> Vec<String> {
        serde_json::from_str(&self.events).unwrap_or_default()
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = webhook_deliveries)]
pub struct DeliveryRow {
    pub id: String,
    pub webhook_id: String,
    pub event_type: String,
    pub msg_id: String,
    pub payload: String,
    /// `pending`, `delivered`, `failed` or `cancelled`.
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub lease_until: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub last_status_code: Option<i32>,
    pub delivered_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = webhook_attempts)]
pub struct AttemptRow {
    pub id: String,
    pub delivery_id: String,
    pub at: NaiveDateTime,
    pub ok: bool,
    pub status_code: Option<i32>,
    pub error: Option<String>,
    pub duration_ms: i64,
}

pub fn insert(conn: &mut DbConn, row: &WebhookRow) -> AppResult<()> {
    diesel::insert_into(webhooks::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

pub fn get(conn: &mut DbConn, id: &str) -> AppResult<WebhookRow> {
    webhooks::table
        .find(id)
        .filter(webhooks::deleted_at.is_null())
        .select(WebhookRow::as_select())
        .get_result(conn)
        .or_not_found("webhook")
}

/// Live subscriptions, oldest first, after a keyset position.
pub fn list(
    conn: &mut DbConn,
    after: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> AppResult<Vec<WebhookRow>> {
    let q = webhooks::table
        .filter(webhooks::deleted_at.is_null())
        .into_boxed();
    Ok(
        keyset_page!(q, after, webhooks::created_at, webhooks::id, limit)
            .select(WebhookRow::as_select())
            .load(conn)?,
    )
}

/// Live subscriptions (all; a handful per installation).
/// Whether a subscription with this id was ever made (a removed one's
/// history stays readable).
pub fn ever_existed(conn: &mut DbConn, id: &str) -> AppResult<bool> {
    let n: i64 = webhooks::table
        .filter(webhooks::id.eq(id))
        .count()
        .get_result(conn)?;
    Ok(n > 0)
}

pub fn live(conn: &mut DbConn) -> AppResult<Vec<WebhookRow>> {
    Ok(webhooks::table
        .filter(webhooks::deleted_at.is_null())
        .order((webhooks::created_at.asc(), webhooks::id.asc()))
        .select(WebhookRow::as_select())
        .load(conn)?)
}

/// Removes a subscription (kept with its history) and cancels what it had
/// not delivered yet.
pub fn remove(conn: &mut DbConn, id: &str) -> AppResult<()> {
    let now = super::now();
    let n = diesel::update(
        webhooks::table
            .find(id)
            .filter(webhooks::deleted_at.is_null()),
    )
    .set((
        webhooks::deleted_at.eq(Some(now)),
        webhooks::updated_at.eq(now),
        webhooks::version.eq(webhooks::version + 1),
    ))
    .execute(conn)?;
    if n == 0 {
        return Err(minutebook_ground::error::AppError::not_found("webhook"));
    }
    diesel::update(
        webhook_deliveries::table
            .filter(webhook_deliveries::webhook_id.eq(id))
            .filter(webhook_deliveries::status.eq("pending")),
    )
    .set((
        webhook_deliveries::status.eq("cancelled"),
        webhook_deliveries::updated_at.eq(now),
    ))
    .execute(conn)?;
    Ok(())
}

pub fn insert_delivery(conn: &mut DbConn, row: &DeliveryRow) -> AppResult<()> {
    diesel::insert_into(webhook_deliveries::table)
        .values(row)
        .execute(conn)?;
    Ok(())
}

/// Claims up to `limit` due deliveries for `lease`: no other worker takes
/// them until it expires (a worker that dies mid-send leaves them to be
/// retried). PostgreSQL skips rows another instance has locked; SQLite is
/// one process and `BEGIN IMMEDIATE` serialises the claim.
pub fn claim_due(
    conn: &mut DbConn,
    now: NaiveDateTime,
    lease: Duration,
    limit: i64,
) -> AppResult<Vec<(DeliveryRow, WebhookRow)>> {
    // A plain read first: most passes find nothing, and take no write lock.
    let any: Option<String> = webhook_deliveries::table
        .filter(webhook_deliveries::status.eq("pending"))
        .filter(webhook_deliveries::next_attempt_at.le(now))
        .select(webhook_deliveries::id)
        .first(conn)
        .optional()?;
    if any.is_none() {
        return Ok(Vec::new());
    }
    minutebook_ground::db::write_tx(conn, |conn| {
        let due = webhook_deliveries::table
            .filter(webhook_deliveries::status.eq("pending"))
            .filter(webhook_deliveries::next_attempt_at.le(now))
            .filter(
                webhook_deliveries::lease_until
                    .is_null()
                    .or(webhook_deliveries::lease_until.lt(now)),
            )
            .order(webhook_deliveries::next_attempt_at.asc())
            .limit(limit)
            .select(webhook_deliveries::id);
        let ids: Vec<String> = match conn {
            DbConn::Pg(c) => due.for_update().skip_locked().load(c)?,
            DbConn::Sqlite(c) => due.load(c)?,
        };
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let until = now + lease;
        diesel::update(webhook_deliveries::table.filter(webhook_deliveries::id.eq_any(&ids)))
            .set(webhook_deliveries::lease_until.eq(Some(until)))
            .execute(conn)?;
        let rows: Vec<(DeliveryRow, WebhookRow)> = webhook_deliveries::table
            .inner_join(webhooks::table)
            .filter(webhook_deliveries::id.eq_any(&ids))
            .order(webhook_deliveries::next_attempt_at.asc())
            .select((DeliveryRow::as_select(), WebhookRow::as_select()))
            .load(conn)?;
        Ok(rows)
    })
}

/// What one attempt came to.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub status_code: Option<i32>,
    pub error: Option<String>,
    pub duration_ms: i64,
}

impl Outcome {
    pub fn ok(&self) -> bool {
        self.error.is_none()
    }
}

/// Records an attempt and moves the delivery on: delivered, retried after
/// `backoff`, or failed after `max_attempts`. The lease is released.
pub fn record_attempt(
    conn: &mut DbConn,
    delivery: &DeliveryRow,
    outcome: &Outcome,
    backoff: Duration,
    max_attempts: i32,
) -> AppResult<()> {
    minutebook_ground::db::write_tx(conn, |conn| {
        let now = super::now();
        let attempts = delivery.attempts + 1;
        let (status, next, delivered_at) = if outcome.ok() {
            ("delivered", delivery.next_attempt_at, Some(now))
        } else if attempts >= max_attempts {
            ("failed", delivery.next_attempt_at, None)
        } else {
            ("pending", now + backoff, None)
        };
        diesel::insert_into(webhook_attempts::table)
            .values(&AttemptRow {
                id: super::new_id(),
                delivery_id: delivery.id.clone(),
                at: now,
                ok: outcome.ok(),
                status_code: outcome.status_code,
                error: outcome.error.clone(),
                duration_ms: outcome.duration_ms,
            })
            .execute(conn)?;
        // A subscription removed meanwhile keeps its cancelled rows cancelled.
        diesel::update(
            webhook_deliveries::table
                .find(&delivery.id)
                .filter(webhook_deliveries::status.eq("pending")),
        )
        .set((
            webhook_deliveries::status.eq(status),
            webhook_deliveries::attempts.eq(attempts),
            webhook_deliveries::next_attempt_at.eq(next),
            webhook_deliveries::lease_until.eq(None::<NaiveDateTime>),
            webhook_deliveries::last_error.eq(outcome.error.clone()),
            webhook_deliveries::last_status_code.eq(outcome.status_code),
            webhook_deliveries::delivered_at.eq(delivered_at),
            webhook_deliveries::updated_at.eq(now),
        ))
        .execute(conn)?;
        Ok(())
    })
}

/// A subscription's deliveries, newest first, before a keyset position.
pub fn deliveries(
    conn: &mut DbConn,
    webhook_id: &str,
    before: Option<(NaiveDateTime, String)>,
    limit: i64,
) -> AppResult<Vec<DeliveryRow>> {
    let mut q = webhook_deliveries::table
        .filter(webhook_deliveries::webhook_id.eq(webhook_id.to_string()))
        .into_boxed();
    if let Some((at, id)) = before {
        q = q.filter(
            webhook_deliveries::created_at
                .lt(at)
                .or(webhook_deliveries::created_at
                    .eq(at)
                    .and(webhook_deliveries::id.lt(id))),
        );
    }
    Ok(q.order((
        webhook_deliveries::created_at.desc(),
        webhook_deliveries::id.desc(),
    ))
    .limit(limit)
    .select(DeliveryRow::as_select())
    .load(conn)?)
}

pub fn attempts_for(conn: &mut DbConn, delivery_ids: &[String]) -> AppResult<Vec<AttemptRow>> {
    if delivery_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(webhook_attempts::table
        .filter(webhook_attempts::delivery_id.eq_any(delivery_ids))
        .order((webhook_attempts::at.asc(), webhook_attempts::id.asc()))
        .select(AttemptRow::as_select())
        .load(conn)?)
}

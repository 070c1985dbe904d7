//! `/api/v1/webhooks`: Standard Webhooks subscriptions (admin). The secret
//! is in the creating response only; deliveries and every attempt are
//! listed per subscription.

use super::input::PageQuery;
use crate::caller::Caller;
use actix_web::{delete, get, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use minutebook_ground::error::{AppError, AppResult, FieldError, Problem};
use minutebook_read::page::{list_cursor, Page};
use minutebook_read::time::{utc, utc_opt};
use minutebook_store::webhooks::{AttemptRow, DeliveryRow, WebhookRow};
use minutebook_store::{self as store, parse_id};
use minutebook_usecases::webhooks::subscriptions;
use minutebook_web::state::AppState;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewWebhook {
    /// Where deliveries are POSTed: `https://…` (a public address unless
    /// `MINUTEBOOK_WEBHOOKS_ALLOW_PRIVATE=true`).
    pub url: Option<String>,
    /// Which events (default: all): `agenda.published`, `meeting.updated`,
    /// `meeting.cancelled`, `minutes.published`, `minutes.confirmed`, `paper.added`,
    /// `decision.effective`.
    pub events: Option<Vec<String>>,
}

/// A subscription.
#[derive(Debug, Serialize, ToSchema)]
pub struct Webhook {
    pub id: String,
    pub url: String,
    pub events: Vec<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

impl From<WebhookRow> for Webhook {
    fn from(r: WebhookRow) -> Webhook {
        Webhook {
            events: r.events(),
            id: r.id,
            url: r.url,
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
            version: r.version,
        }
    }
}

/// A new subscription: the signing secret is shown here once.
#[derive(Debug, Serialize, ToSchema)]
pub struct NewWebhookCreated {
    #[serde(flatten)]
    pub webhook: Webhook,
    /// `whsec_…`: verify `webhook-signature` with it (Standard Webhooks).
    pub secret: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryAttempt {
    pub at: DateTime<Utc>,
    pub ok: bool,
    /// The receiver's HTTP status, when it answered.
    pub status_code: Option<i32>,
    pub error: Option<String>,
    pub duration_ms: i64,
}

impl From<AttemptRow> for DeliveryAttempt {
    fn from(a: AttemptRow) -> DeliveryAttempt {
        DeliveryAttempt {
            at: utc(a.at),
            ok: a.ok,
            status_code: a.status_code,
            error: a.error,
            duration_ms: a.duration_ms,
        }
    }
}

/// One event sent (or to be sent) to one subscription.
#[derive(Debug, Serialize, ToSchema)]
pub struct Delivery {
    pub id: String,
    /// The `webhook-id` header: the same on every attempt.
    pub msg_id: String,
    pub event_type: String,
    /// `pending`, `delivered`, `failed` or `cancelled`.
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub last_status_code: Option<i32>,
    pub last_error: Option<String>,
    /// The body POSTed (public data only).
    #[schema(value_type = Object)]
    pub payload: serde_json::Value,
    pub attempt_log: Vec<DeliveryAttempt>,
    pub created_at: DateTime<Utc>,
}

fn delivery_view(d: DeliveryRow, attempts: Vec<DeliveryAttempt>) -> Delivery {
    Delivery {
        payload: serde_json::from_str(&d.payload).unwrap_or(serde_json::Value::Null),
        next_attempt_at: (d.status == "pending").then(|| utc(d.next_attempt_at)),
        delivered_at: utc_opt(d.delivered_at),
        id: d.id,
        msg_id: d.msg_id,
        event_type: d.event_type,
        status: d.status,
        attempts: d.attempts,
        last_status_code: d.last_status_code,
        last_error: d.last_error,
        attempt_log: attempts,
        created_at: utc(d.created_at),
    }
}

/// Reads a JSON object body into `T` (this resource's `url` is the
/// client's to send, unlike elsewhere in the API).
fn json_body<T: serde::de::DeserializeOwned>(req: &HttpRequest, body: &[u8]) -> AppResult<T> {
    if !crate::input::sends_json(req) {
        return Err(AppError::UnsupportedMediaType(
            "send the body as JSON with Content-Type: application/json".into(),
        ));
    }
    let value: serde_json::Value = serde_json::from_slice(body)
        .map_err(|e| AppError::BadRequest(format!("the body is not valid JSON: {e}")))?;
    if !value.is_object() {
        return Err(AppError::BadRequest(
            "the body must be a JSON object".into(),
        ));
    }
    serde_path_to_error::deserialize::<_, T>(value).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.inner().to_string();
        let field = if path == "." {
            inner.split('`').nth(1).unwrap_or("body").to_string()
        } else {
            path
        };
        AppError::Validation(vec![FieldError::new(field, inner)])
    })
}

/// Subscribe a URL to events (admin). The secret is in this response only.
#[utoipa::path(tag = "webhooks", request_body = NewWebhook,
    responses((status = 201, body = NewWebhookCreated), (status = 422, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
#[post("/api/v1/webhooks")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    req: HttpRequest,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let actor = caller.admin()?;
    let input: NewWebhook = json_body(&req, &body)?;
    let mut errors = Vec::new();
    let url = subscriptions::check_url(input.url.as_deref(), state.settings.webhooks_allow_private)
        .unwrap_or_else(|e| {
            errors.push(e);
            String::new()
        });
    let events = subscriptions::check_events(input.events).unwrap_or_else(|e| {
        errors.extend(e);
        Vec::new()
    });
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let (row, secret) = state
        .write(move |conn| subscriptions::subscribe(conn, &actor, url, &events))
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/webhooks/{}", row.id)))
        .insert_header(("Cache-Control", "no-store"))
        .json(NewWebhookCreated {
            webhook: row.into(),
            secret,
        }))
}

/// List subscriptions (admin); secrets are never shown again.
#[utoipa::path(tag = "webhooks", params(PageQuery), responses((status = 200, body = Page<Webhook>)), security(("bearer" = [])))]
#[get("/api/v1/webhooks")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    q: web::Query<PageQuery>,
) -> AppResult<HttpResponse> {
    caller.admin()?;
    let limit = q.limit()?;
    let after = q.after()?;
    let rows = state
        .db(move |conn| store::webhooks::list(conn, after, limit + 1))
        .await?;
    Ok(HttpResponse::Ok().json(minutebook_read::page::page(
        rows,
        limit,
        |r| (r.created_at, r.id.clone()),
        Webhook::from,
    )))
}

/// One subscription (admin).
#[utoipa::path(tag = "webhooks", params(("id" = String, Path)),
    responses((status = 200, body = Webhook), (status = 404, body = Problem)), security(("bearer" = [])))]
#[get("/api/v1/webhooks/{id}")]
pub async fn read(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    caller.admin()?;
    let id = parse_id(&path, "webhook")?;
    let row = state
        .db(move |conn| store::webhooks::get(conn, &id))
        .await?;
    Ok(HttpResponse::Ok().json(Webhook::from(row)))
}

/// Remove a subscription (admin): nothing more is sent to it.
#[utoipa::path(tag = "webhooks", params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = Problem)), security(("bearer" = [])))]
#[delete("/api/v1/webhooks/{id}")]
pub async fn remove(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let actor = caller.admin()?;
    let id = parse_id(&path, "webhook")?;
    state
        .write(move |conn| subscriptions::unsubscribe(conn, &actor, &id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A subscription's deliveries, newest first, each with its attempts (admin).
#[utoipa::path(tag = "webhooks", params(("id" = String, Path), PageQuery),
    responses((status = 200, body = Page<Delivery>), (status = 404, body = Problem)), security(("bearer" = [])))]
#[get("/api/v1/webhooks/{id}/deliveries")]
pub async fn deliveries(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    q: web::Query<PageQuery>,
) -> AppResult<HttpResponse> {
    caller.admin()?;
    let id = parse_id(&path, "webhook")?;
    let limit = q.limit()?;
    let before = q.after()?;
    let (rows, attempts) = state
        .db(move |conn| {
            // A removed subscription's history stays readable.
            if !store::webhooks::ever_existed(conn, &id)? {
                return Err(AppError::not_found("webhook"));
            }
            let rows = store::webhooks::deliveries(conn, &id, before, limit + 1)?;
            let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
            let attempts = store::webhooks::attempts_for(conn, &ids)?;
            Ok((rows, attempts))
        })
        .await?;
    let mut by_delivery: HashMap<String, Vec<DeliveryAttempt>> = HashMap::new();
    for a in attempts {
        by_delivery
            .entry(a.delivery_id.clone())
            .or_default()
            .push(a.into());
    }
    let more = rows.len() as i64 > limit;
    let mut rows = rows;
    rows.truncate(limit as usize);
    let next_cursor = if more {
        rows.last().map(|r| list_cursor(r.created_at, &r.id))
    } else {
        None
    };
    let items = rows
        .into_iter()
        .map(|d| {
            let log = by_delivery.remove(&d.id).unwrap_or_default();
            delivery_view(d, log)
        })
        .collect();
    Ok(HttpResponse::Ok().json(Page::<Delivery> { items, next_cursor }))
}

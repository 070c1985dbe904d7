//! The clerk's side of the approval workflow: send the draft to the chair,
//! follow the requests, revisions and their diff, publish, reopen, and
//! watch the outbox.

use super::input::{etag, PageQuery};
use crate::caller::Caller;
use actix_web::{get, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use minutebook_domain::visibility::Viewer;
use minutebook_ground::error::{AppError, AppResult, Problem};
use minutebook_read::meeting::{self, Meeting};
use minutebook_read::page::{page, Page};
use minutebook_read::time::{utc, utc_opt};
use minutebook_store::minutes_record::{ApprovalRow, RevisionRow};
use minutebook_store::outbox::{AttemptRow, OutboxRow};
use minutebook_store::{self as store, parse_id};
use minutebook_usecases::minutes::approval;
use minutebook_web::state::AppState;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct NewApprovalRequest {
    /// Send to this person instead of the chair.
    pub to_person_id: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApprovalRequest {
    pub id: String,
    pub meeting_id: String,
    /// The revision of the minutes the link is bound to.
    pub revision_number: i32,
    pub to_person_id: Option<String>,
    pub to_name: String,
    pub to_email: String,
    pub requested_by: String,
    /// `open`, `approved`, `changes_requested`, `superseded` or `expired`.
    pub state: String,
    pub decision_comment: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub expires_at: DateTime<Utc>,
    pub reminded_at: Option<DateTime<Utc>>,
    /// When the link was first opened (by the chair, or a mail scanner
    /// that follows links).
    pub opened_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

impl From<ApprovalRow> for ApprovalRequest {
    fn from(r: ApprovalRow) -> ApprovalRequest {
        let state = match (&r.decision, r.superseded_at) {
            (Some(d), _) => d.clone(),
            (None, Some(_)) => "superseded".into(),
            (None, None) if r.expires_at <= store::now() => "expired".into(),
            _ => "open".into(),
        };
        ApprovalRequest {
            id: r.id,
            meeting_id: r.meeting_id,
            revision_number: r.revision_number,
            to_person_id: r.to_person_id,
            to_name: r.to_name,
            to_email: r.to_email,
            requested_by: r.requested_by,
            state,
            decision_comment: r.decision_comment,
            decided_at: utc_opt(r.decided_at),
            expires_at: utc(r.expires_at),
            reminded_at: utc_opt(r.reminded_at),
            opened_at: utc_opt(r.opened_at),
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
            version: r.version,
        }
    }
}

/// Email the draft minutes to the chair (or `to_person_id`) with a one-click
/// approval link. The email is queued in the same transaction and sent by
/// the outbox worker.
#[utoipa::path(tag = "approval", params(("id" = String, Path)), request_body = NewApprovalRequest,
    responses((status = 201, body = ApprovalRequest), (status = 409, body = Problem),
        (status = 422, description = "invalid input, or a recipient who may not receive the draft (not a current member of the body, not recorded at the meeting)", body = Problem),
        (status = 429, description = "too many approval emails for this meeting or this recipient lately; see Retry-After", body = Problem)),
    security(("bearer" = [])))]
#[post("/api/v1/meetings/{id}/minutes/approval-requests")]
pub async fn request(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let id = parse_id(&path, "meeting")?;
    // An empty body means "send to the chair".
    let input: NewApprovalRequest = if body.iter().all(|b| b.is_ascii_whitespace()) {
        NewApprovalRequest::default()
    } else {
        super::input::parse_json(&body)?
    };
    let settings = state.settings.clone();
    let row = state
        .write(move |conn| {
            approval::request_approval(conn, &actor, &id, input.to_person_id, &settings)
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            "Location",
            format!(
                "/api/v1/meetings/{}/minutes/approval-requests",
                row.meeting_id
            ),
        ))
        .insert_header(("ETag", etag(row.version)))
        .json(ApprovalRequest::from(row)))
}

/// The approval requests sent for a meeting, oldest first.
#[utoipa::path(tag = "approval", params(("id" = String, Path)),
    responses((status = 200, body = Vec<ApprovalRequest>)), security(("bearer" = [])))]
#[get("/api/v1/meetings/{id}/minutes/approval-requests")]
pub async fn list_requests(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    caller.reader()?;
    let id = parse_id(&path, "meeting")?;
    let rows = state
        .db(move |conn| {
            store::meetings::get(conn, &id)?;
            store::minutes_record::requests_for(conn, &id)
        })
        .await?;
    Ok(HttpResponse::Ok().json(
        rows.into_iter()
            .map(ApprovalRequest::from)
            .collect::<Vec<_>>(),
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Revision {
    pub number: i32,
    pub author: String,
    /// `edit`, `sent` or `reopen`.
    pub reason: String,
    pub sha256: String,
    pub created_at: DateTime<Utc>,
    /// The minutes as text (in the single-revision read).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
}

fn revision_view(r: RevisionRow, with_content: bool) -> Revision {
    Revision {
        number: r.number,
        author: r.author,
        reason: r.reason,
        sha256: r.sha256,
        created_at: utc(r.created_at),
        content: with_content.then_some(r.content),
    }
}

/// The numbered revisions of a meeting's minutes.
#[utoipa::path(tag = "approval", params(("id" = String, Path)),
    responses((status = 200, body = Vec<Revision>)), security(("bearer" = [])))]
#[get("/api/v1/meetings/{id}/minutes/revisions")]
pub async fn revisions(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let actor = caller.reader()?;
    let id = parse_id(&path, "meeting")?;
    let settings = state.settings.clone();
    let rows = state
        .write(move |conn| {
            store::meetings::get(conn, &id)?;
            // Edits not yet recorded become the latest revision first.
            minutebook_usecases::minutes::revisions::checkpoint(conn, &actor.name, &id, &settings)?;
            store::minutes_record::revisions(conn, &id)
        })
        .await?;
    Ok(HttpResponse::Ok().json(
        rows.into_iter()
            .map(|r| revision_view(r, false))
            .collect::<Vec<_>>(),
    ))
}

/// One revision with its text.
#[utoipa::path(tag = "approval", params(("id" = String, Path), ("number" = i32, Path)),
    responses((status = 200, body = Revision), (status = 404, body = Problem)), security(("bearer" = [])))]
#[get("/api/v1/meetings/{id}/minutes/revisions/{number}")]
pub async fn revision(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<(String, String)>,
) -> AppResult<HttpResponse> {
    let actor = caller.reader()?;
    let (id, number) = path.into_inner();
    let id = parse_id(&id, "meeting")?;
    let number: i32 = number
        .parse()
        .map_err(|_| AppError::not_found("revision"))?;
    let settings = state.settings.clone();
    let row = state
        .write(move |conn| {
            store::meetings::get(conn, &id)?;
            minutebook_usecases::minutes::revisions::checkpoint(conn, &actor.name, &id, &settings)?;
            store::minutes_record::revision(conn, &id, number)?
                .ok_or_else(|| AppError::not_found("revision"))
        })
        .await?;
    Ok(HttpResponse::Ok().json(revision_view(row, true)))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DiffQuery {
    pub from: i32,
    pub to: i32,
}

/// A unified diff between two revisions (text/plain).
#[utoipa::path(tag = "approval", params(("id" = String, Path), DiffQuery),
    responses((status = 200, description = "unified diff", content_type = "text/plain"), (status = 404, body = Problem)),
    security(("bearer" = [])))]
#[get("/api/v1/meetings/{id}/minutes/diff")]
pub async fn diff(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    q: web::Query<DiffQuery>,
) -> AppResult<HttpResponse> {
    let actor = caller.reader()?;
    let id = parse_id(&path, "meeting")?;
    let (from, to) = (q.from, q.to);
    let settings = state.settings.clone();
    let (a, b) = state
        .write(move |conn| {
            store::meetings::get(conn, &id)?;
            minutebook_usecases::minutes::revisions::checkpoint(conn, &actor.name, &id, &settings)?;
            let a = store::minutes_record::revision(conn, &id, from)?
                .ok_or_else(|| AppError::NotFound("no revision `from` of these minutes".into()))?;
            let b = store::minutes_record::revision(conn, &id, to)?
                .ok_or_else(|| AppError::NotFound("no revision `to` of these minutes".into()))?;
            Ok((a, b))
        })
        .await?;
    let text = similar::TextDiff::from_lines(&a.content, &b.content)
        .unified_diff()
        .header(&format!("revision {from}"), &format!("revision {to}"))
        .to_string();
    Ok(HttpResponse::Ok()
        .content_type("text/plain; charset=utf-8")
        .body(text))
}

async fn transition(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    reopening: bool,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let id = parse_id(&path, "meeting")?;
    let settings = state.settings.clone();
    let view: Meeting = state
        .write(move |conn| {
            if reopening {
                approval::reopen(conn, &actor, &id, &settings)?;
            } else {
                approval::publish(conn, &actor, &id, &settings)?;
            }
            meeting::load_meeting(conn, &id, Viewer::Internal, &settings.public_url)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(view.version)))
        .json(view))
}

/// Publish approved minutes.
#[utoipa::path(tag = "approval", params(("id" = String, Path)),
    responses((status = 200, body = Meeting), (status = 409, body = Problem)), security(("bearer" = [])))]
#[post("/api/v1/meetings/{id}/minutes/publish")]
pub async fn publish(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    transition(state, caller, path, false).await
}

/// Reopen approved or published minutes for changes (a new revision; approval needed again).
#[utoipa::path(tag = "approval", params(("id" = String, Path)),
    responses((status = 200, body = Meeting), (status = 409, body = Problem)), security(("bearer" = [])))]
#[post("/api/v1/meetings/{id}/minutes/reopen")]
pub async fn reopen(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    transition(state, caller, path, true).await
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Attempt {
    pub at: DateTime<Utc>,
    pub ok: bool,
    pub error: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OutboxMessage {
    pub id: String,
    pub kind: String,
    pub meeting_id: Option<String>,
    pub to_address: String,
    pub subject: String,
    pub message_id: String,
    /// `pending`, `sent` or `failed`.
    pub status: String,
    pub attempts: Vec<Attempt>,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    pub sent_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// The states of an outgoing message.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum OutboxStatus {
    Pending,
    Sent,
    Failed,
}

impl OutboxStatus {
    fn as_str(self) -> &'static str {
        match self {
            OutboxStatus::Pending => "pending",
            OutboxStatus::Sent => "sent",
            OutboxStatus::Failed => "failed",
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct OutboxQuery {
    /// Only messages in this state.
    pub status: Option<OutboxStatus>,
    /// How many items, 1–500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

fn message(r: OutboxRow, attempts: Vec<Attempt>) -> OutboxMessage {
    OutboxMessage {
        attempts,
        next_attempt_at: (r.status == "pending").then(|| utc(r.next_attempt_at)),
        id: r.id,
        kind: r.kind,
        meeting_id: r.meeting_id,
        to_address: r.to_address,
        subject: r.subject,
        message_id: r.message_id,
        status: r.status,
        last_error: r.last_error,
        sent_at: utc_opt(r.sent_at),
        created_at: utc(r.created_at),
    }
}

fn attempt(a: AttemptRow) -> Attempt {
    Attempt {
        at: utc(a.at),
        ok: a.ok,
        error: a.error,
    }
}

/// Outgoing email and every attempt to send it, optionally only those in one state.
#[utoipa::path(tag = "approval", params(OutboxQuery),
    responses((status = 200, body = Page<OutboxMessage>), (status = 400, body = Problem),
        (status = 401, body = Problem), (status = 403, body = Problem)),
    security(("bearer" = [])))]
#[get("/api/v1/outbox")]
pub async fn outbox(
    state: web::Data<AppState>,
    caller: Caller,
    q: web::Query<OutboxQuery>,
) -> AppResult<HttpResponse> {
    caller.clerk()?;
    let q = q.into_inner();
    let paging = PageQuery {
        limit: q.limit,
        cursor: q.cursor,
    };
    let limit = paging.limit()?;
    let after = paging.after()?;
    let status = q.status.map(OutboxStatus::as_str);
    let (rows, attempts) = state
        .db(move |conn| {
            let rows = store::outbox::list(conn, status, after, limit + 1)?;
            let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
            let attempts = store::outbox::attempts_for(conn, &ids)?;
            Ok((rows, attempts))
        })
        .await?;
    let mut by: std::collections::HashMap<String, Vec<Attempt>> = std::collections::HashMap::new();
    for a in attempts {
        by.entry(a.outbox_id.clone()).or_default().push(attempt(a));
    }
    Ok(HttpResponse::Ok().json(page(
        rows,
        limit,
        |r| (r.created_at, r.id.clone()),
        |r| {
            let attempts = by.remove(&r.id).unwrap_or_default();
            message(r, attempts)
        },
    )))
}

/// Queue a message that failed for good once more: it becomes `pending`, due
/// now, with its attempts kept (one more failure fails it again).
#[utoipa::path(tag = "approval", params(("id" = String, Path, description = "outbox message id")),
    responses((status = 200, body = OutboxMessage), (status = 401, body = Problem),
        (status = 403, body = Problem), (status = 404, body = Problem),
        (status = 409, description = "the message is not failed", body = Problem)),
    security(("bearer" = [])))]
#[post("/api/v1/outbox/{id}/retry")]
pub async fn retry_outbox(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let id = parse_id(&path, "outbox message")?;
    let (row, attempts) = state
        .write(move |conn| {
            let row = store::outbox::retry(conn, &actor, &id)?;
            let attempts = store::outbox::attempts_for(conn, std::slice::from_ref(&row.id))?;
            Ok((row, attempts))
        })
        .await?;
    Ok(HttpResponse::Ok().json(message(row, attempts.into_iter().map(attempt).collect())))
}

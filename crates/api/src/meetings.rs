//! `/api/v1/bodies/{body}/meetings` and `/api/v1/meetings/{id}`: meetings,
//! their status, and publishing the agenda (which allocates minute numbers).

use super::input::{double_option, etag, Check, IfMatch, JsonBody, PageQuery};
use crate::caller::{Caller, LazyCaller};
use actix_web::http::StatusCode;
use actix_web::{delete, get, patch, post, web, HttpResponse};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Utc};
use minutebook_domain::lifecycle::{MeetingStatus, MinutesStatus};
use minutebook_domain::visibility::Viewer;
use minutebook_ground::error::{AppError, AppResult, Problem};
use minutebook_read::meeting::{self, Meeting};
use minutebook_read::page::{page, Page};
use minutebook_store::{self as store, meetings::MeetingRow, parse_id};
use minutebook_usecases::agenda;
use minutebook_web::state::AppState;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct VenueInput {
    pub name: Option<String>,
    pub address: Option<String>,
    pub postcode: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContactInput {
    pub name: Option<String>,
    /// e.g. `Democratic Services Support Officer`.
    pub role: Option<String>,
    pub email: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewMeeting {
    /// RFC 3339 with offset, e.g. `2023-07-19T09:00:00+01:00`.
    pub starts_at: Option<DateTime<FixedOffset>>,
    pub ends_at: Option<DateTime<FixedOffset>>,
    #[schema(max_length = 300)]
    pub title: Option<String>,
    #[serde(default, deserialize_with = "crate::input::object")]
    pub venue: Option<VenueInput>,
    #[serde(default, deserialize_with = "crate::input::object")]
    pub contact: Option<ContactInput>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeetingPatch {
    pub starts_at: Option<DateTime<FixedOffset>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<DateTime<Utc>>)]
    pub ends_at: Option<Option<DateTime<FixedOffset>>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub title: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::input::object")]
    pub venue: Option<VenueInput>,
    #[serde(default, deserialize_with = "crate::input::object")]
    pub contact: Option<ContactInput>,
    /// `held` after the meeting, or `cancelled`. Publishing the agenda has its own endpoint.
    pub status: Option<String>,
}

/// A meeting time in 1900–2200, the year as written (with its offset), as
/// the description's pattern says.
fn check_time(c: &mut Check, field: &str, t: DateTime<FixedOffset>) -> NaiveDateTime {
    use chrono::Datelike;
    if !(1900..=2200).contains(&t.year()) {
        c.add(field, "must be a date between 1900 and 2200");
    }
    t.naive_utc()
}

fn apply_venue(c: &mut Check, row: &mut MeetingRow, v: VenueInput) {
    row.venue_name = c.text("venue.name", v.name, 300);
    row.venue_address = c.text("venue.address", v.address, 1000);
    row.venue_postcode = c.text("venue.postcode", v.postcode, 16);
}

fn apply_contact(c: &mut Check, row: &mut MeetingRow, v: ContactInput) {
    row.contact_name = c.text("contact.name", v.name, 200);
    row.contact_role = c.text("contact.role", v.role, 200);
    row.contact_email = c.email("contact.email", v.email);
}

fn check_order(c: &mut Check, row: &MeetingRow) {
    if let Some(end) = row.ends_at {
        if end <= row.starts_at {
            c.add("ends_at", "must be after starts_at");
        }
    }
}

fn meeting_response(status: StatusCode, m: Meeting) -> HttpResponse {
    let mut b = HttpResponse::build(status);
    b.insert_header(("ETag", etag(m.version)));
    if status == StatusCode::CREATED {
        b.insert_header(("Location", format!("/api/v1/meetings/{}", m.id)));
    }
    b.json(m)
}

/// Schedule a meeting of a body.
#[utoipa::path(tag = "meetings", request_body = NewMeeting, params(("body_id" = String, Path, description = "the body's id or slug")),
    responses((status = 201, body = Meeting), (status = 422, body = Problem)), security(("bearer" = [])))]
#[post("/api/v1/bodies/{body_id}/meetings")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    JsonBody(input): JsonBody<NewMeeting>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let key = path.into_inner();
    let mut c = Check::new();
    let starts_at = match input.starts_at {
        Some(t) => check_time(&mut c, "starts_at", t),
        None => {
            c.add("starts_at", "is required, e.g. 2023-07-19T09:00:00+01:00");
            NaiveDateTime::default()
        }
    };
    let mut row = MeetingRow::draft(starts_at);
    row.title = c.text("title", input.title, 300);
    row.ends_at = input.ends_at.map(|t| check_time(&mut c, "ends_at", t));
    if let Some(v) = input.venue {
        apply_venue(&mut c, &mut row, v);
    }
    if let Some(v) = input.contact {
        apply_contact(&mut c, &mut row, v);
    }
    check_order(&mut c, &row);
    c.finish()?;
    let view = state
        .write(move |conn| {
            let (row, body) = agenda::meetings::schedule(conn, &actor, &key, row)?;
            Ok(meeting::meeting_view(
                row,
                &body,
                Vec::new(),
                Vec::new(),
                true,
            ))
        })
        .await?;
    Ok(meeting_response(StatusCode::CREATED, view))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MeetingListQuery {
    /// Meetings starting on or after this date (or RFC 3339 time).
    pub from: Option<String>,
    /// Meetings starting before this date (or RFC 3339 time).
    pub to: Option<String>,
    /// How many items, 1–500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// A list bound: an ISO date (`YYYY-MM-DD` exactly, as JSON Schema's
/// `date`) or an RFC 3339 time.
fn parse_bound(field: &str, v: &str) -> AppResult<NaiveDateTime> {
    let iso_date = v.len() == 10 && v.as_bytes()[..4].iter().all(u8::is_ascii_digit);
    if let Some(d) = iso_date
        .then(|| NaiveDate::parse_from_str(v, "%Y-%m-%d").ok())
        .flatten()
    {
        return Ok(d.and_hms_opt(0, 0, 0).unwrap_or_default());
    }
    DateTime::parse_from_rfc3339(v)
        .map(|t| t.naive_utc())
        .map_err(|_| AppError::field(field, "must be a date (2023-07-19) or an RFC 3339 time"))
}

/// A summary of a meeting in lists.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingSummary {
    pub id: String,
    pub body_id: String,
    pub title: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: Option<DateTime<Utc>>,
    pub venue_name: Option<String>,
    pub status: MeetingStatus,
    pub minutes_status: MinutesStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

impl From<MeetingRow> for MeetingSummary {
    fn from(m: MeetingRow) -> MeetingSummary {
        MeetingSummary {
            id: m.id,
            body_id: m.body_id,
            title: m.title,
            starts_at: m.starts_at.and_utc(),
            ends_at: m.ends_at.map(|t| t.and_utc()),
            venue_name: m.venue_name,
            status: m.status,
            minutes_status: m.minutes_status,
            created_at: m.created_at.and_utc(),
            updated_at: m.updated_at.and_utc(),
            version: m.version,
        }
    }
}

/// A body's meetings in date order, optionally between `from` and `to`.
#[utoipa::path(tag = "meetings", params(("body_id" = String, Path, description = "the body's id or slug"), MeetingListQuery),
    responses((status = 200, body = Page<MeetingSummary>)))]
#[get("/api/v1/bodies/{body_id}/meetings")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    q: web::Query<MeetingListQuery>,
) -> AppResult<HttpResponse> {
    let key = path.into_inner();
    let pq = PageQuery {
        limit: q.limit,
        cursor: q.cursor.clone(),
    };
    let limit = pq.limit()?;
    let after = pq.after()?;
    let from = q
        .from
        .as_deref()
        .map(|v| parse_bound("from", v))
        .transpose()?;
    let to = q.to.as_deref().map(|v| parse_bound("to", v)).transpose()?;
    let public_only = caller.viewer() == Viewer::Public;
    let rows = state
        .db(move |conn| {
            let body = store::bodies::get(conn, &key)?;
            store::meetings::list(
                conn,
                store::meetings::MeetingFilter {
                    body_id: body.id,
                    from,
                    to,
                    public_only,
                    after,
                    limit: limit + 1,
                },
            )
        })
        .await?;
    Ok(HttpResponse::Ok().json(page(
        rows,
        limit,
        |r| (r.starts_at, r.id.clone()),
        MeetingSummary::from,
    )))
}

/// The whole meeting: items (ordered, with parts, numbers, documents,
/// minutes, outcomes, declarations) and attendance. Without a token: only
/// what the public may see.
#[utoipa::path(tag = "meetings", params(("id" = String, Path)),
    responses((status = 200, body = Meeting), (status = 404, body = Problem)))]
#[get("/api/v1/meetings/{id}")]
pub async fn read(
    state: web::Data<AppState>,
    caller: LazyCaller,
    req: actix_web::HttpRequest,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    use minutebook_read::etag::{answer, kind, tag_of, Conditional, Form, Request};
    let id = parse_id(&path, "meeting")?;
    let public_url = state.settings.public_url.clone();
    let if_none_match = if_none_match(&req);
    let cache = state.responses.clone();
    let answer = state
        .db(move |conn| {
            // The token, the meeting's tag and its kept document are read
            // in one statement (one hop, one query).
            let (caller, facts, kept) = caller.resolve_with_meeting(conn, &id)?;
            let viewer = caller.viewer();
            let request = Request {
                id: &id,
                kind: kind(viewer, Form::Json),
                etag: tag_of(&facts, viewer, Form::Json)?,
                kept,
                if_none_match: if_none_match.as_deref(),
            };
            answer(conn, &cache, request, |conn| {
                meeting::json_bytes(conn, &id, viewer, &public_url)
            })
        })
        .await?;
    Ok(match answer {
        Conditional::NotModified { etag } => HttpResponse::NotModified()
            .insert_header(("ETag", etag))
            .finish(),
        Conditional::Modified { etag, value } => HttpResponse::Ok()
            .insert_header(("ETag", etag))
            .content_type(actix_web::http::header::ContentType::json())
            .body(value),
    })
}

/// The `If-None-Match` header, if sent (several are joined by commas).
fn if_none_match(req: &actix_web::HttpRequest) -> Option<String> {
    let all: Vec<&str> = req
        .headers()
        .get_all(actix_web::http::header::IF_NONE_MATCH)
        .filter_map(|v| v.to_str().ok())
        .collect();
    (!all.is_empty()).then(|| all.join(","))
}

/// Change a meeting's details or status (`held`, `cancelled`).
#[utoipa::path(tag = "meetings", request_body = MeetingPatch, params(("id" = String, Path)),
    responses((status = 200, body = Meeting), (status = 409, body = Problem), (status = 412, body = Problem)),
    security(("bearer" = [])))]
#[patch("/api/v1/meetings/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    if_match: IfMatch,
    JsonBody(input): JsonBody<MeetingPatch>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let id = parse_id(&path, "meeting")?;
    let mut c = Check::new();
    let starts_at = input.starts_at.map(|t| check_time(&mut c, "starts_at", t));
    let ends_at = input
        .ends_at
        .map(|o| o.map(|t| check_time(&mut c, "ends_at", t)));
    let title = c.patch_text("title", input.title, 300);
    let status = input.status.as_deref().map(|s| {
        s.parse::<MeetingStatus>().unwrap_or_else(|m| {
            c.add("status", m);
            MeetingStatus::Draft
        })
    });
    c.finish()?;
    let public_url = state.settings.public_url.clone();
    let view = state
        .write(move |conn| {
            let details = |row: &mut MeetingRow| {
                let mut c = Check::new();
                if let Some(v) = ends_at {
                    row.ends_at = v;
                }
                if let Some(v) = title {
                    row.title = v;
                }
                if let Some(v) = input.venue {
                    apply_venue(&mut c, row, v);
                }
                if let Some(v) = input.contact {
                    apply_contact(&mut c, row, v);
                }
                check_order(&mut c, row);
                c.finish()
            };
            let change = agenda::meetings::Change {
                starts_at,
                status,
                details,
            };
            agenda::meetings::change(conn, &actor, &id, &if_match, &public_url, change)?;
            meeting::load_meeting(conn, &id, Viewer::Internal, &public_url)
        })
        .await?;
    Ok(meeting_response(StatusCode::OK, view))
}

/// Delete a draft meeting. A meeting whose agenda is published is cancelled instead.
#[utoipa::path(tag = "meetings", params(("id" = String, Path)),
    responses((status = 204), (status = 409, body = Problem)), security(("bearer" = [])))]
#[delete("/api/v1/meetings/{id}")]
pub async fn remove(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    if_match: IfMatch,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let id = parse_id(&path, "meeting")?;
    state
        .write(move |conn| agenda::meetings::delete(conn, &actor, &id, &if_match))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

pub use minutebook_usecases::agenda::publish::Warning;

/// The meeting after its agenda was published, with any warnings.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublishedAgenda {
    #[serde(flatten)]
    pub meeting: Meeting,
    pub warnings: Vec<Warning>,
}

/// Publish the agenda: allocates minute numbers in agenda order, continuing
/// the body's numbering year; warns when fewer than five clear working days
/// remain.
#[utoipa::path(tag = "meetings", params(("id" = String, Path)),
    responses((status = 200, body = PublishedAgenda), (status = 409, body = Problem)), security(("bearer" = [])))]
#[post("/api/v1/meetings/{id}/agenda/publish")]
pub async fn publish_agenda(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    if_match: IfMatch,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let id = parse_id(&path, "meeting")?;
    let public_url = state.settings.public_url.clone();
    let (view, warnings) = state
        .write(move |conn| {
            let warnings =
                agenda::publish::publish_agenda(conn, &actor, &id, &if_match, &public_url)?;
            Ok((
                meeting::load_meeting(conn, &id, Viewer::Internal, &public_url)?,
                warnings,
            ))
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(view.version)))
        .json(PublishedAgenda {
            meeting: view,
            warnings,
        }))
}

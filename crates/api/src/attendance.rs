//! `/api/v1/meetings/{id}/attendance` and `/api/v1/attendance/{id}`: who was
//! present (and who chaired), officers, others in attendance, apologies and
//! absences, and substitutes.

use super::input::{double_option, etag, Check, IfMatch, JsonBody};
use crate::caller::Caller;
use actix_web::http::StatusCode;
use actix_web::{delete, patch, post, web, HttpResponse};
use minutebook_domain::access::Actor;
use minutebook_domain::vocab::ATTENDANCE_STATUSES;
use minutebook_ground::error::{AppResult, Problem};
use minutebook_read::meeting::Attendance;
use minutebook_store::parse_id;
use minutebook_usecases::minutes::attendance;
use minutebook_web::state::AppState;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAttendance {
    #[schema(required = true, value_type = String, format = Uuid)]
    pub person_id: Option<String>,
    /// present, officer, in_attendance, apologies, absent.
    #[schema(required = true, value_type = String)]
    pub status: Option<String>,
    /// The member who chaired (one per meeting, and present).
    pub chair: Option<bool>,
    /// The organisation represented at this meeting; default: their membership's, else their own.
    #[schema(max_length = 300)]
    pub organisation: Option<String>,
    /// The member this person substitutes for.
    #[schema(format = Uuid)]
    pub substitute_for: Option<String>,
    /// Attended over a video link (present or in attendance only).
    #[serde(rename = "virtual")]
    pub attended_virtually: Option<bool>,
    /// Why apologies were sent or the member was absent (never public).
    #[schema(max_length = 500)]
    pub absence_reason: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttendancePatch {
    pub status: Option<String>,
    pub chair: Option<bool>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub organisation: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub substitute_for: Option<Option<String>>,
    #[serde(rename = "virtual")]
    pub attended_virtually: Option<bool>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub absence_reason: Option<Option<String>>,
}

fn respond(status: StatusCode, a: Attendance) -> HttpResponse {
    let mut b = HttpResponse::build(status);
    b.insert_header(("ETag", etag(a.version)));
    if status == StatusCode::CREATED {
        b.insert_header(("Location", format!("/api/v1/attendance/{}", a.id)));
    }
    b.json(a)
}

/// Record a person's attendance (or apologies) at a meeting.
#[utoipa::path(tag = "attendance", request_body = NewAttendance, params(("id" = String, Path, description = "meeting id")),
    responses((status = 201, body = Attendance), (status = 409, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
#[post("/api/v1/meetings/{id}/attendance")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    JsonBody(input): JsonBody<NewAttendance>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let meeting_id = parse_id(&path, "meeting")?;
    let mut c = Check::new();
    let person_id = c.required("person_id", input.person_id, 64);
    let status = c.required("status", input.status, 32);
    let status = if status.is_empty() {
        status
    } else {
        c.one_of("status", &status, ATTENDANCE_STATUSES)
    };
    let organisation = c.text("organisation", input.organisation, 300);
    let substitute_for = input.substitute_for.map(|s| {
        parse_id(&s, "person").unwrap_or_else(|_| {
            c.add("substitute_for", "no person with that id");
            String::new()
        })
    });
    let absence_reason = c.text("absence_reason", input.absence_reason, 500);
    c.finish()?;
    let new = attendance::NewRecord {
        person_id,
        status,
        chair: input.chair.unwrap_or(false),
        organisation,
        substitute_for,
        attended_virtually: input.attended_virtually.unwrap_or(false),
        absence_reason,
    };
    let view = state
        .write(move |conn| {
            let row = attendance::record(conn, &actor, &meeting_id, new)?;
            attendance::view(conn, row)
        })
        .await?;
    Ok(respond(StatusCode::CREATED, view))
}

/// Change an attendance record.
#[utoipa::path(tag = "attendance", request_body = AttendancePatch, params(("id" = String, Path)),
    responses((status = 200, body = Attendance), (status = 409, body = Problem), (status = 412, body = Problem)),
    security(("bearer" = [])))]
#[patch("/api/v1/attendance/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    if_match: IfMatch,
    JsonBody(input): JsonBody<AttendancePatch>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let id = parse_id(&path, "attendance record")?;
    let mut c = Check::new();
    let status = input
        .status
        .map(|s| c.one_of("status", &s, ATTENDANCE_STATUSES));
    let organisation = c.patch_text("organisation", input.organisation, 300);
    let substitute_for = input.substitute_for.map(|o| {
        o.map(|s| {
            parse_id(&s, "person").unwrap_or_else(|_| {
                c.add("substitute_for", "no person with that id");
                String::new()
            })
        })
    });
    let absence_reason = c.patch_text("absence_reason", input.absence_reason, 500);
    c.finish()?;
    let change = attendance::Change {
        status,
        chair: input.chair,
        organisation,
        substitute_for,
        attended_virtually: input.attended_virtually,
        absence_reason,
    };
    let view = state
        .write(move |conn| {
            let row = attendance::change(conn, &actor, &id, &if_match, change)?;
            attendance::view(conn, row)
        })
        .await?;
    Ok(respond(StatusCode::OK, view))
}

/// Remove an attendance record made in error.
#[utoipa::path(tag = "attendance", params(("id" = String, Path)), responses((status = 204), (status = 409, body = Problem)),
    security(("bearer" = [])))]
#[delete("/api/v1/attendance/{id}")]
pub async fn remove(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    if_match: IfMatch,
) -> AppResult<HttpResponse> {
    let actor: Actor = caller.clerk()?;
    let id = parse_id(&path, "attendance record")?;
    state
        .write(move |conn| attendance::remove(conn, &actor, &id, &if_match))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

//! `/api/v1/meetings/{id}/attendance` and `/api/v1/attendance/{id}`: who was
//! present (and who chaired), officers, others in attendance, apologies and
//! absences, and substitutes.

use super::input::{double_option, etag, Check, IfMatch, JsonBody};
use crate::caller::Caller;
use actix_web::http::StatusCode;
use actix_web::{delete, patch, post, web, HttpResponse};
use minutebook_domain::access::Actor;
use minutebook_domain::vocab::ATTENDANCE_STATUSES;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult, Problem};
use minutebook_read::meeting::Attendance;
use minutebook_store::attendance::AttendanceRow;
use minutebook_store::{self as store, parse_id};
use minutebook_usecases::agenda::items::ensure_minutes_editable;
use minutebook_web::state::AppState;
use serde::Deserialize;
use std::collections::HashMap;
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
}

/// The rules every attendance record keeps, checked against the meeting's
/// other records.
fn check_record(conn: &mut DbConn, row: &AttendanceRow) -> AppResult<()> {
    if row.chair && row.status != "present" {
        return Err(AppError::field(
            "chair",
            "only a member who is present can chair",
        ));
    }
    if let Some(s) = &row.substitute_for {
        if s == &row.person_id {
            return Err(AppError::field(
                "substitute_for",
                "a person cannot substitute for themselves",
            ));
        }
        if !store::people::exists(conn, s)? {
            return Err(AppError::field("substitute_for", "no person with that id"));
        }
    }
    if row.chair {
        let others = store::attendance::for_meeting(conn, &row.meeting_id)?;
        if let Some(other) = others.iter().find(|a| a.chair && a.id != row.id) {
            return Err(AppError::Conflict(format!(
                "person {} is already recorded as chair of this meeting; unset that first",
                other.person_id
            )));
        }
    }
    Ok(())
}

fn view(conn: &mut DbConn, row: AttendanceRow) -> AppResult<Attendance> {
    let mut ids = vec![row.person_id.clone()];
    ids.extend(row.substitute_for.clone());
    let people: HashMap<_, _> = store::people::get_many(conn, &ids)?
        .into_iter()
        .map(|p| (p.id.clone(), p))
        .collect();
    Ok(Attendance::from_row(row, &people))
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
    c.finish()?;
    let view = state
        .write(move |conn| {
            let meeting = store::meetings::get_for_update(conn, &meeting_id)?;
            if meeting.status() == minutebook_domain::lifecycle::MeetingStatus::Cancelled {
                return Err(AppError::Conflict("the meeting is cancelled".into()));
            }
            ensure_minutes_editable(&meeting)?;
            let person = parse_id(&person_id, "person")
                .and_then(|p| store::people::get(conn, &p))
                .map_err(|_| AppError::field("person_id", "no person with that id"))?;
            if let Some(existing) = store::attendance::find(conn, &meeting.id, &person.id)? {
                return Err(AppError::Conflict(format!(
                    "{} is already recorded at this meeting; change it with PATCH /api/v1/attendance/{}",
                    person.name, existing.id
                )));
            }
            let organisation = match organisation {
                Some(o) => Some(o),
                None => store::memberships::organisation_of(conn, &meeting.body_id, &person.id)?.or(person.organisation.clone()),
            };
            let now = store::now();
            let row = AttendanceRow {
                id: store::new_id(),
                meeting_id: meeting.id.clone(),
                person_id: person.id,
                status,
                chair: input.chair.unwrap_or(false),
                organisation,
                substitute_for,
                position: store::attendance::next_position(conn, &meeting.id)?,
                created_at: now,
                updated_at: now,
                deleted_at: None,
                version: 1,
            };
            check_record(conn, &row)?;
            store::attendance::insert(conn, &actor, &row)?;
            view(conn, row)
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
    c.finish()?;
    let view = state
        .write(move |conn| {
            let before = store::attendance::get(conn, &id)?;
            if_match.check(before.version)?;
            let meeting = store::meetings::get_for_update(conn, &before.meeting_id)?;
            ensure_minutes_editable(&meeting)?;
            let mut row = before.clone();
            if let Some(v) = status {
                row.status = v;
            }
            if let Some(v) = input.chair {
                row.chair = v;
            }
            if let Some(v) = organisation {
                row.organisation = v;
            }
            if let Some(v) = substitute_for {
                row.substitute_for = v;
            }
            check_record(conn, &row)?;
            store::attendance::save(conn, &actor, "update", &before, &mut row)?;
            view(conn, row)
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
        .write(move |conn| {
            let before = store::attendance::get(conn, &id)?;
            if_match.check(before.version)?;
            let meeting = store::meetings::get_for_update(conn, &before.meeting_id)?;
            ensure_minutes_editable(&meeting)?;
            let mut row = before.clone();
            row.deleted_at = Some(store::now());
            store::attendance::save(conn, &actor, "delete", &before, &mut row)?;
            Ok(())
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

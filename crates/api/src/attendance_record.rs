//! The attendance record: `GET /api/v1/people/{id}/attendance`,
//! `GET /api/v1/bodies/{body}/attendance` (JSON, or CSV with
//! `?format=csv`), the clerk's six-month-rule list and the absences the
//! council approved.

use super::input::{Check, JsonBody};
use crate::caller::Caller;
use actix_web::{delete, get, post, web, HttpResponse};
use chrono::NaiveDate;
use minutebook_ground::error::{AppError, AppResult, Problem};
use minutebook_read::attendance_record::{
    self as record, BodyRecord, PersonRecord, Range, SixMonthEntry,
};
use minutebook_read::people::today;
use minutebook_store::attendance_record::AbsenceRow;
use minutebook_store::{self as store, parse_id};
use minutebook_usecases::people::absences;
use minutebook_web::state::AppState;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct RecordQuery {
    /// First day (default: the start of this municipal year, 1 May).
    pub from: Option<NaiveDate>,
    /// Last day (default: the end of this municipal year, 30 April).
    pub to: Option<NaiveDate>,
    /// `json` (the default) or `csv`.
    pub format: Option<String>,
}

impl RecordQuery {
    fn range(&self) -> AppResult<Range> {
        let mut c = Check::new();
        c.date("from", self.from);
        c.date("to", self.to);
        c.finish()?;
        Range::new(self.from, self.to, today())
    }

    fn csv(&self) -> AppResult<bool> {
        match self.format.as_deref() {
            None | Some("json") => Ok(false),
            Some("csv") => Ok(true),
            Some(_) => Err(AppError::BadRequest("format must be json or csv".into())),
        }
    }
}

fn csv_response(name: &str, bytes: Vec<u8>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{name}.csv\""),
        ))
        .body(bytes)
}

/// A member's attendance: expected, present (in the room, virtually, as a
/// substitute), in attendance, apologies and absences, in total, per body
/// and meeting by meeting. The public sees meetings whose minutes are
/// published.
#[utoipa::path(tag = "attendance", params(("id" = String, Path), RecordQuery),
    responses((status = 200, content((PersonRecord = "application/json"), (String = "text/csv; charset=utf-8"))), (status = 404, body = Problem)))]
#[get("/api/v1/people/{id}/attendance")]
pub async fn person(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    q: web::Query<RecordQuery>,
) -> AppResult<HttpResponse> {
    let id = parse_id(&path, "person")?;
    let (range, csv) = (q.range()?, q.csv()?);
    let viewer = caller.viewer();
    let r = state
        .db(move |conn| record::person_record(conn, &id, viewer, range))
        .await?;
    Ok(if csv {
        csv_response("attendance", record::person_csv(&r)?)
    } else {
        HttpResponse::Ok().json(r)
    })
}

/// A body's attendance: every member's columns, and for each organisation
/// its members represent, whether it was represented at each meeting.
#[utoipa::path(tag = "attendance", params(("body_id" = String, Path, description = "the body's id or slug"), RecordQuery),
    responses((status = 200, content((BodyRecord = "application/json"), (String = "text/csv; charset=utf-8"))), (status = 404, body = Problem)))]
#[get("/api/v1/bodies/{body_id}/attendance")]
pub async fn body(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    q: web::Query<RecordQuery>,
) -> AppResult<HttpResponse> {
    let key = path.into_inner();
    let (range, csv) = (q.range()?, q.csv()?);
    let viewer = caller.viewer();
    let r = state
        .db(move |conn| record::body_record(conn, &key, viewer, range))
        .await?;
    Ok(if csv {
        csv_response("attendance", record::body_csv(&r)?)
    } else {
        HttpResponse::Ok().json(r)
    })
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct SixMonthQuery {
    /// Every councillor, not only those within eight weeks, expired or approved.
    pub all: Option<bool>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SixMonthList {
    pub today: NaiveDate,
    pub data: Vec<SixMonthEntry>,
}

/// The six-month rule (LGA 1972 s.85): councillors within eight weeks of
/// six months without attending, those past it, and those whose absence
/// the council approved; the oldest clock first.
#[utoipa::path(tag = "attendance", params(SixMonthQuery),
    responses((status = 200, body = SixMonthList), (status = 401, body = Problem)), security(("bearer" = [])))]
#[get("/api/v1/attendance/six-month-rule")]
pub async fn six_month_rule(
    state: web::Data<AppState>,
    caller: Caller,
    q: web::Query<SixMonthQuery>,
) -> AppResult<HttpResponse> {
    caller.reader()?;
    let all = q.all.unwrap_or(false);
    let today = today();
    let data = state
        .db(move |conn| record::six_month_list(conn, today, all))
        .await?;
    Ok(HttpResponse::Ok().json(SixMonthList { today, data }))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAbsence {
    /// The date of the council's resolution.
    #[schema(required = true, value_type = NaiveDate)]
    pub approved_on: Option<NaiveDate>,
    /// The last day the approval covers (open if absent).
    pub until: Option<NaiveDate>,
    /// The resolution: its minute number and words.
    #[schema(required = true, value_type = String, min_length = 1, max_length = 2000, pattern = "\\S")]
    pub resolution: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Absence {
    pub id: String,
    pub person_id: String,
    pub approved_on: NaiveDate,
    pub until: Option<NaiveDate>,
    pub resolution: String,
    pub version: i32,
}

impl From<AbsenceRow> for Absence {
    fn from(r: AbsenceRow) -> Absence {
        Absence {
            id: r.id,
            person_id: r.person_id,
            approved_on: r.approved_on,
            until: r.until,
            resolution: r.resolution,
            version: r.version,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AbsenceList {
    pub data: Vec<Absence>,
}

/// Record an absence the council approved (it stops the six-month clock if
/// approved before the six months ran out).
#[utoipa::path(tag = "attendance", request_body = NewAbsence, params(("id" = String, Path)),
    responses((status = 201, body = Absence), (status = 422, body = Problem)), security(("bearer" = [])))]
#[post("/api/v1/people/{id}/approved-absences")]
pub async fn approve_absence(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    JsonBody(input): JsonBody<NewAbsence>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let id = parse_id(&path, "person")?;
    let mut c = Check::new();
    let approved_on = c.date("approved_on", input.approved_on);
    if approved_on.is_none() {
        c.add("approved_on", "is required");
    }
    let until = c.date("until", input.until);
    let resolution = c.required("resolution", input.resolution, 2000);
    c.finish()?;
    let row = state
        .write(move |conn| {
            absences::approve(
                conn,
                &actor,
                &id,
                approved_on.unwrap_or_default(),
                until,
                resolution,
            )
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/approved-absences/{}", row.id)))
        .json(Absence::from(row)))
}

/// A person's approved absences.
#[utoipa::path(tag = "attendance", params(("id" = String, Path)),
    responses((status = 200, body = AbsenceList)), security(("bearer" = [])))]
#[get("/api/v1/people/{id}/approved-absences")]
pub async fn list_absences(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    caller.reader()?;
    let id = parse_id(&path, "person")?;
    let rows = state
        .db(move |conn| {
            store::people::get(conn, &id)?;
            store::attendance_record::absences(conn, Some(std::slice::from_ref(&id)))
        })
        .await?;
    Ok(HttpResponse::Ok().json(AbsenceList {
        data: rows.into_iter().map(Absence::from).collect(),
    }))
}

/// Withdraw an approved absence recorded in error.
#[utoipa::path(tag = "attendance", params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = Problem)), security(("bearer" = [])))]
#[delete("/api/v1/approved-absences/{id}")]
pub async fn withdraw_absence(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let id = parse_id(&path, "approved absence")?;
    state
        .write(move |conn| absences::withdraw(conn, &actor, &id))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

//! `/api/v1/recommendations/{id}/updates` and `/api/v1/updates/{id}`: the
//! rounds of progress updates.

use super::checks::{check_grade, page_in_memory, update_key};
use super::views::{respond, ProgressUpdate};
use crate::caller::Caller;
use crate::input::{double_option, Check, IfMatch, JsonBody, PageQuery};
use actix_web::http::StatusCode;
use actix_web::{delete, get, patch, post, web, HttpResponse};
use chrono::NaiveDate;
use minutebook_domain::scrutiny;
use minutebook_ground::error::{AppError, AppResult, Problem};
use minutebook_read::page::Page;
use minutebook_store::parse_id;
use minutebook_store::scrutiny as ss;
use minutebook_usecases::scrutiny::updates;
use minutebook_web::state::AppState;
use serde::Deserialize;
use serde_json::Value;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewProgressUpdate {
    /// The round: free text such as `November 2022`; one round per
    /// recommendation and period.
    pub period: Option<String>,
    /// The date the period stands for, if the text does not say it plainly.
    pub period_date: Option<NaiveDate>,
    pub evidence_of_progress: Option<String>,
    /// 1 Fully Achieved, 2 On-Track, 3 Slipped, 4 Not Achieved.
    #[schema(value_type = i32, minimum = 1, maximum = 4)]
    pub grade: Option<Value>,
    /// Optional; a Slipped grade without one is accepted but flagged.
    pub grade_explanation: Option<String>,
    /// May be empty.
    pub evidence_of_impact: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgressUpdatePatch {
    /// Changing it re-reads `period_date` unless that is sent too.
    pub period: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<NaiveDate>)]
    pub period_date: Option<Option<NaiveDate>>,
    pub evidence_of_progress: Option<String>,
    #[schema(value_type = Option<i32>, minimum = 1, maximum = 4)]
    pub grade: Option<Value>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub grade_explanation: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub evidence_of_impact: Option<Option<String>>,
}

fn update_location(id: &str) -> String {
    format!("/api/v1/updates/{id}")
}

/// Record a round of progress on a recommendation.
#[utoipa::path(tag = "scrutiny", request_body = NewProgressUpdate, params(("id" = String, Path, description = "recommendation id")),
    responses((status = 201, body = ProgressUpdate), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
#[post("/api/v1/recommendations/{id}/updates")]
pub async fn create_progress_update(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    JsonBody(input): JsonBody<NewProgressUpdate>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let rec_id = parse_id(&path, "recommendation")?;
    let mut c = Check::new();
    let period = match scrutiny::parse_period(input.period.as_deref().unwrap_or("")) {
        Ok(p) => p,
        Err(m) => {
            c.add("period", m);
            String::new()
        }
    };
    let period_date = c.date("period_date", input.period_date);
    let evidence = c.required("evidence_of_progress", input.evidence_of_progress, 100_000);
    let grade = check_grade(&mut c, input.grade);
    let explanation = c.text("grade_explanation", input.grade_explanation, 20_000);
    let impact = c
        .text("evidence_of_impact", input.evidence_of_impact, 100_000)
        .unwrap_or_default();
    c.finish()?;
    let grade = grade.ok_or_else(|| AppError::field("grade", scrutiny::GRADE_MESSAGE))?;
    let row = state
        .write(move |conn| {
            let new = updates::NewRound {
                period,
                period_date,
                evidence_of_progress: evidence,
                grade,
                grade_explanation: explanation,
                evidence_of_impact: impact,
            };
            updates::record(conn, &actor, &rec_id, new)
        })
        .await?;
    Ok(respond(
        StatusCode::CREATED,
        &update_location(&row.id),
        row.version,
        ProgressUpdate::from(row),
    ))
}

/// A recommendation's rounds, oldest first.
#[utoipa::path(tag = "scrutiny", params(("id" = String, Path, description = "recommendation id"), PageQuery),
    responses((status = 200, body = Page<ProgressUpdate>), (status = 404, body = Problem)))]
#[get("/api/v1/recommendations/{id}/updates")]
pub async fn list_progress_updates(
    state: web::Data<AppState>,
    _caller: Caller,
    path: web::Path<String>,
    q: web::Query<PageQuery>,
) -> AppResult<HttpResponse> {
    let id = parse_id(&path, "recommendation")?;
    q.limit()?;
    let rounds = state
        .db(move |conn| {
            let r = ss::get_recommendation(conn, &id)?;
            ss::updates_of(conn, &r.id)
        })
        .await?;
    let mut items: Vec<ProgressUpdate> = rounds.into_iter().map(ProgressUpdate::from).collect();
    items.sort_by_key(update_key);
    Ok(HttpResponse::Ok().json(page_in_memory(items, update_key, &q)?))
}

/// Read one round of a progress update.
#[utoipa::path(tag = "scrutiny", params(("id" = String, Path)),
    responses((status = 200, body = ProgressUpdate), (status = 404, body = Problem)))]
#[get("/api/v1/updates/{id}")]
pub async fn read_progress_update(
    state: web::Data<AppState>,
    _caller: Caller,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = parse_id(&path, "progress update")?;
    let row = state.db(move |conn| ss::get_update(conn, &id)).await?;
    Ok(respond(
        StatusCode::OK,
        "",
        row.version,
        ProgressUpdate::from(row),
    ))
}

/// Change a round. Send `If-Match` with the ETag you read.
#[utoipa::path(tag = "scrutiny", request_body = ProgressUpdatePatch, params(("id" = String, Path)),
    responses((status = 200, body = ProgressUpdate), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 412, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
#[patch("/api/v1/updates/{id}")]
pub async fn update_progress_update(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    if_match: IfMatch,
    JsonBody(input): JsonBody<ProgressUpdatePatch>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let id = parse_id(&path, "progress update")?;
    let mut c = Check::new();
    let period = input.period.map(|p| match scrutiny::parse_period(&p) {
        Ok(p) => p,
        Err(m) => {
            c.add("period", m);
            String::new()
        }
    });
    let period_date = input.period_date;
    c.date("period_date", period_date.flatten());
    let evidence = input
        .evidence_of_progress
        .map(|e| c.required("evidence_of_progress", Some(e), 100_000));
    let grade = input.grade.map(|g| check_grade(&mut c, Some(g)));
    let explanation = c.patch_text("grade_explanation", input.grade_explanation, 20_000);
    let impact = c
        .patch_text("evidence_of_impact", input.evidence_of_impact, 100_000)
        .map(Option::unwrap_or_default);
    c.finish()?;
    let row = state
        .write(move |conn| {
            let change = updates::Change {
                period,
                period_date,
                evidence_of_progress: evidence,
                grade: grade.flatten(),
                grade_explanation: explanation,
                evidence_of_impact: impact,
            };
            updates::change(conn, &actor, &id, &if_match, change)
        })
        .await?;
    Ok(respond(
        StatusCode::OK,
        "",
        row.version,
        ProgressUpdate::from(row),
    ))
}

/// Delete a round entered in error.
#[utoipa::path(tag = "scrutiny", params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = Problem), (status = 412, body = Problem)),
    security(("bearer" = [])))]
#[delete("/api/v1/updates/{id}")]
pub async fn delete_progress_update(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    if_match: IfMatch,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let id = parse_id(&path, "progress update")?;
    state
        .write(move |conn| updates::delete(conn, &actor, &id, &if_match))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

//! `/api/v1/reviews`: scrutiny reviews.

use super::checks::{check_link_officers, find_query_body};
use super::views::{respond, today, Review};
use crate::caller::Caller;
use crate::input::{double_option, Check, IfMatch, JsonBody, PageQuery};
use actix_web::http::StatusCode;
use actix_web::{delete, get, patch, post, web, HttpResponse};
use chrono::NaiveDate;
use minutebook_ground::error::{AppResult, Problem};
use minutebook_read::page::{page, Page};
use minutebook_store::parse_id;
use minutebook_store::scrutiny::{self as ss, ReviewBundle};
use minutebook_usecases::scrutiny::reviews;
use minutebook_web::state::AppState;
use serde::Deserialize;
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewReview {
    /// e.g. `Public Spaces Protection Orders (PSPOs)`.
    pub title: Option<String>,
    /// The committee: a body's id or slug.
    pub body_id: Option<String>,
    /// The link officers' names (a single name is accepted too).
    #[schema(value_type = Option<Vec<String>>)]
    pub link_officers: Option<Value>,
    /// Free text such as `March 2022`, or a date `2022-03-15`.
    pub action_plan_agreed: Option<String>,
    /// The date meant, if `action_plan_agreed` does not say it plainly.
    pub action_plan_agreed_date: Option<NaiveDate>,
    /// The select committee that agreed the action plan.
    pub select_committee: Option<String>,
    /// e.g. `18 October 2022`, shown on the action plan as its executive date.
    pub executive_date: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewPatch {
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub title: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub body_id: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<Vec<String>>)]
    pub link_officers: Option<Option<Value>>,
    /// Changing it re-reads `action_plan_agreed_date` unless that is sent too.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub action_plan_agreed: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<NaiveDate>)]
    pub action_plan_agreed_date: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub select_committee: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub executive_date: Option<Option<String>>,
}

fn review_location(id: &str) -> String {
    format!("/api/v1/reviews/{id}")
}

/// Start a scrutiny review.
#[utoipa::path(tag = "scrutiny", request_body = NewReview,
    responses((status = 201, body = Review), (status = 401, body = Problem), (status = 403, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
#[post("/api/v1/reviews")]
pub async fn create_review(
    state: web::Data<AppState>,
    caller: Caller,
    JsonBody(input): JsonBody<NewReview>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let mut c = Check::new();
    let title = c.required("title", input.title, 300);
    let body_key = c.text("body_id", input.body_id, 100);
    let officers = check_link_officers(&mut c, input.link_officers);
    let agreed = c.text("action_plan_agreed", input.action_plan_agreed, 100);
    let agreed_on = c.date("action_plan_agreed_date", input.action_plan_agreed_date);
    let select_committee = c.text("select_committee", input.select_committee, 300);
    let executive_date = c.text("executive_date", input.executive_date, 100);
    c.finish()?;
    let officers = ss::to_json(&officers)?;
    let today = today();
    let review = state
        .write(move |conn| {
            let new = reviews::NewReview {
                title,
                body_key,
                link_officers: officers,
                action_plan_agreed: agreed,
                action_plan_agreed_date: agreed_on,
                select_committee,
                executive_date,
            };
            let (row, body) = reviews::start(conn, &actor, new)?;
            Ok(Review::from_bundle(
                ReviewBundle {
                    review: row,
                    body,
                    recommendations: Vec::new(),
                },
                today,
            ))
        })
        .await?;
    Ok(respond(
        StatusCode::CREATED,
        &review_location(&review.id),
        review.version,
        review,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReviewListQuery {
    /// Only the reviews of this body (id or slug).
    pub body_id: Option<String>,
    /// How many items, 1–500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// List scrutiny reviews, oldest first.
#[utoipa::path(tag = "scrutiny", params(ReviewListQuery), responses((status = 200, body = Page<Review>), (status = 422, body = Problem)))]
#[get("/api/v1/reviews")]
pub async fn list_reviews(
    state: web::Data<AppState>,
    _caller: Caller,
    q: web::Query<ReviewListQuery>,
) -> AppResult<HttpResponse> {
    let q = q.into_inner();
    let pq = PageQuery {
        limit: q.limit,
        cursor: q.cursor,
    };
    let limit = pq.limit()?;
    let after = pq.after()?;
    let body_key = q.body_id;
    let (rows, bodies) = state
        .db(move |conn| {
            let body = body_key.map(|k| find_query_body(conn, &k)).transpose()?;
            let rows = ss::list_reviews(conn, body.map(|b| b.id), after, limit + 1)?;
            let ids = rows.iter().filter_map(|r| r.body_id.clone()).collect();
            let bodies = ss::bodies_of(conn, ids)?;
            Ok((rows, bodies))
        })
        .await?;
    Ok(HttpResponse::Ok().json(page(
        rows,
        limit,
        |r| (r.created_at, r.id.clone()),
        |r| {
            let body = r.body_id.as_ref().and_then(|b| bodies.get(b));
            Review::from_row(r, body)
        },
    )))
}

/// Read a review with each recommendation's latest grade.
#[utoipa::path(tag = "scrutiny", params(("id" = String, Path)),
    responses((status = 200, body = Review), (status = 404, body = Problem)))]
#[get("/api/v1/reviews/{id}")]
pub async fn read_review(
    state: web::Data<AppState>,
    _caller: Caller,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = parse_id(&path, "review")?;
    let today = today();
    let review = state
        .db(move |conn| Ok(Review::from_bundle(ss::load_review(conn, &id)?, today)))
        .await?;
    Ok(respond(StatusCode::OK, "", review.version, review))
}

/// Change a review. Send `If-Match` with the ETag you read.
#[utoipa::path(tag = "scrutiny", request_body = ReviewPatch, params(("id" = String, Path)),
    responses((status = 200, body = Review), (status = 404, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
#[patch("/api/v1/reviews/{id}")]
pub async fn update_review(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    if_match: IfMatch,
    JsonBody(input): JsonBody<ReviewPatch>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let id = parse_id(&path, "review")?;
    let mut c = Check::new();
    let title = c.patch_required("title", input.title, 300);
    let body_key = c.patch_text("body_id", input.body_id, 100);
    let officers = input.link_officers.map(|v| check_link_officers(&mut c, v));
    let agreed = c.patch_text("action_plan_agreed", input.action_plan_agreed, 100);
    let agreed_on = input.action_plan_agreed_date;
    c.date("action_plan_agreed_date", agreed_on.flatten());
    let select_committee = c.patch_text("select_committee", input.select_committee, 300);
    let executive_date = c.patch_text("executive_date", input.executive_date, 100);
    c.finish()?;
    let officers = officers.map(|o| ss::to_json(&o)).transpose()?;
    let today = today();
    let review = state
        .write(move |conn| {
            let change = reviews::Change {
                title,
                body_key,
                link_officers: officers,
                action_plan_agreed: agreed,
                action_plan_agreed_date: agreed_on,
                select_committee,
                executive_date,
            };
            let row = reviews::change(conn, &actor, &id, &if_match, change)?;
            Ok(Review::from_bundle(ss::load_review(conn, &row.id)?, today))
        })
        .await?;
    Ok(respond(StatusCode::OK, "", review.version, review))
}

/// Delete a review, with its recommendations and their progress updates.
#[utoipa::path(tag = "scrutiny", params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = Problem), (status = 412, body = Problem)),
    security(("bearer" = [])))]
#[delete("/api/v1/reviews/{id}")]
pub async fn delete_review(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    if_match: IfMatch,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let id = parse_id(&path, "review")?;
    state
        .write(move |conn| reviews::delete(conn, &actor, &id, &if_match))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

//! `/api/v1/reviews/{id}/recommendations` and `/api/v1/recommendations/{id}`.

use super::checks::{
    check_number, check_parts, loose_text, page_in_memory, patch_loose_text, recommendation_key,
};
use super::views::{respond, today, Recommendation};
use crate::caller::Caller;
use crate::input::{double_option, Check, IfMatch, JsonBody, PageQuery};
use actix_web::http::StatusCode;
use actix_web::{delete, get, patch, post, web, HttpResponse};
use chrono::NaiveDate;
use minutebook_ground::error::{AppResult, Problem};
use minutebook_read::page::Page;
use minutebook_store::parse_id;
use minutebook_store::scrutiny as ss;
use minutebook_usecases::scrutiny::recommendations;
use minutebook_web::state::AppState;
use serde::Deserialize;
use serde_json::Value;
use utoipa::ToSchema;

/// A lettered part as sent: its text alone (`"a) That …"` takes the letter
/// from the text), or an object.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PartInput {
    /// `a`, `b`, …; by default the next letter.
    pub letter: Option<String>,
    pub text: String,
    pub proposed_action: Option<String>,
    pub post_title: Option<String>,
    pub budget_cost: Option<String>,
    pub timescale: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewRecommendation {
    /// `2`, or a label such as `"3a"`; unique within the review.
    pub number: Option<Value>,
    /// The recommendation (or, with parts, its lead-in; may then be empty).
    pub text: Option<String>,
    /// Lettered parts a), b), …
    #[schema(value_type = Option<Vec<PartInput>>)]
    pub parts: Option<Value>,
    pub responsibility: Option<String>,
    /// Free text: `1st October 2022`, `May 2022 (…) September 2022 (…)`.
    pub target: Option<String>,
    /// The last day the target allows, if `target` does not say it plainly.
    pub target_date: Option<NaiveDate>,
    pub agreed_action: Option<String>,
    pub success_measure: Option<String>,
    pub proposed_action: Option<String>,
    pub post_title: Option<String>,
    /// As given: `N/A`, `TBC`, `????`, `£5,000`.
    #[schema(value_type = Option<String>)]
    pub budget_cost: Option<Value>,
    /// As given: `Ongoing`, `December 2022`.
    pub timescale: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecommendationPatch {
    pub number: Option<Value>,
    pub text: Option<String>,
    /// Replaces every part.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<Vec<PartInput>>)]
    pub parts: Option<Option<Value>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub responsibility: Option<Option<String>>,
    /// Changing it re-reads `target_date` unless that is sent too.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub target: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<NaiveDate>)]
    pub target_date: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub agreed_action: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub success_measure: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub proposed_action: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub post_title: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub budget_cost: Option<Option<Value>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub timescale: Option<Option<String>>,
}

fn recommendation_location(id: &str) -> String {
    format!("/api/v1/recommendations/{id}")
}

/// Add a recommendation to a review.
#[utoipa::path(tag = "scrutiny", request_body = NewRecommendation, params(("id" = String, Path, description = "review id")),
    responses((status = 201, body = Recommendation), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
#[post("/api/v1/reviews/{id}/recommendations")]
pub async fn create_recommendation(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    JsonBody(input): JsonBody<NewRecommendation>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let review_id = parse_id(&path, "review")?;
    let mut c = Check::new();
    let number = check_number(&mut c, input.number);
    let text = c.text("text", input.text, 20_000).unwrap_or_default();
    let parts = check_parts(&mut c, input.parts);
    if text.is_empty() && parts.is_empty() {
        c.add("text", "is required unless parts are given");
    }
    let responsibility = c.text("responsibility", input.responsibility, 500);
    let target = c.text("target", input.target, 500);
    let target_date = c.date("target_date", input.target_date);
    let agreed_action = c.text("agreed_action", input.agreed_action, 20_000);
    let success_measure = c.text("success_measure", input.success_measure, 20_000);
    let proposed_action = c.text("proposed_action", input.proposed_action, 20_000);
    let post_title = c.text("post_title", input.post_title, 300);
    let budget_cost = loose_text(&mut c, "budget_cost", input.budget_cost, 100);
    let timescale = c.text("timescale", input.timescale, 200);
    c.finish()?;
    let parts = ss::to_json(&parts)?;
    let today = today();
    let rec = state
        .write(move |conn| {
            let new = recommendations::NewRecommendation {
                number,
                text,
                parts,
                responsibility,
                target,
                target_date,
                agreed_action,
                success_measure,
                proposed_action,
                post_title,
                budget_cost,
                timescale,
            };
            let row = recommendations::add(conn, &actor, &review_id, new)?;
            Ok(Recommendation::build(row, &[], today, true))
        })
        .await?;
    Ok(respond(
        StatusCode::CREATED,
        &recommendation_location(&rec.id),
        rec.version,
        rec,
    ))
}

/// A review's recommendations in number order, each with its latest grade.
#[utoipa::path(tag = "scrutiny", params(("id" = String, Path, description = "review id"), PageQuery),
    responses((status = 200, body = Page<Recommendation>), (status = 404, body = Problem)))]
#[get("/api/v1/reviews/{id}/recommendations")]
pub async fn list_recommendations(
    state: web::Data<AppState>,
    _caller: Caller,
    path: web::Path<String>,
    q: web::Query<PageQuery>,
) -> AppResult<HttpResponse> {
    let id = parse_id(&path, "review")?;
    q.limit()?;
    let today = today();
    let recs = state
        .db(move |conn| {
            let b = ss::load_review(conn, &id)?;
            Ok(b.recommendations
                .into_iter()
                .map(|(r, rounds)| Recommendation::build(r, &rounds, today, false))
                .collect::<Vec<_>>())
        })
        .await?;
    let mut recs = recs;
    recs.sort_by_key(recommendation_key);
    Ok(HttpResponse::Ok().json(page_in_memory(recs, recommendation_key, &q)?))
}

/// Read a recommendation with every round of its progress updates.
#[utoipa::path(tag = "scrutiny", params(("id" = String, Path)),
    responses((status = 200, body = Recommendation), (status = 404, body = Problem)))]
#[get("/api/v1/recommendations/{id}")]
pub async fn read_recommendation(
    state: web::Data<AppState>,
    _caller: Caller,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = parse_id(&path, "recommendation")?;
    let today = today();
    let rec = state
        .db(move |conn| {
            let r = ss::get_recommendation(conn, &id)?;
            let rounds = ss::updates_of(conn, &r.id)?;
            Ok(Recommendation::build(r, &rounds, today, true))
        })
        .await?;
    Ok(respond(StatusCode::OK, "", rec.version, rec))
}

/// Change a recommendation. Send `If-Match` with the ETag you read.
#[utoipa::path(tag = "scrutiny", request_body = RecommendationPatch, params(("id" = String, Path)),
    responses((status = 200, body = Recommendation), (status = 404, body = Problem), (status = 409, body = Problem),
        (status = 412, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
#[patch("/api/v1/recommendations/{id}")]
pub async fn update_recommendation(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    if_match: IfMatch,
    JsonBody(input): JsonBody<RecommendationPatch>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let id = parse_id(&path, "recommendation")?;
    let mut c = Check::new();
    let number = input.number.map(|n| check_number(&mut c, Some(n)));
    let text = input
        .text
        .map(|t| c.text("text", Some(t), 20_000).unwrap_or_default());
    let parts = input.parts.map(|p| check_parts(&mut c, p));
    let responsibility = c.patch_text("responsibility", input.responsibility, 500);
    let target = c.patch_text("target", input.target, 500);
    let target_date = input.target_date;
    c.date("target_date", target_date.flatten());
    let agreed_action = c.patch_text("agreed_action", input.agreed_action, 20_000);
    let success_measure = c.patch_text("success_measure", input.success_measure, 20_000);
    let proposed_action = c.patch_text("proposed_action", input.proposed_action, 20_000);
    let post_title = c.patch_text("post_title", input.post_title, 300);
    let budget_cost = patch_loose_text(&mut c, "budget_cost", input.budget_cost, 100);
    let timescale = c.patch_text("timescale", input.timescale, 200);
    c.finish()?;
    let parts = parts.map(|p| ss::to_json(&p)).transpose()?;
    let today = today();
    let rec = state
        .write(move |conn| {
            let change = recommendations::Change {
                number,
                text,
                parts,
                responsibility,
                target,
                target_date,
                agreed_action,
                success_measure,
                proposed_action,
                post_title,
                budget_cost,
                timescale,
            };
            let row = recommendations::change(conn, &actor, &id, &if_match, change)?;
            let rounds = ss::updates_of(conn, &row.id)?;
            Ok(Recommendation::build(row, &rounds, today, true))
        })
        .await?;
    Ok(respond(StatusCode::OK, "", rec.version, rec))
}

/// Delete a recommendation with its progress updates.
#[utoipa::path(tag = "scrutiny", params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = Problem), (status = 412, body = Problem)),
    security(("bearer" = [])))]
#[delete("/api/v1/recommendations/{id}")]
pub async fn delete_recommendation(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    if_match: IfMatch,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let id = parse_id(&path, "recommendation")?;
    state
        .write(move |conn| recommendations::delete(conn, &actor, &id, &if_match))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

//! The forward plan: `/api/v1/forward-plan` (notice of key decisions and
//! of matters taken in private), its general exception and special urgency
//! notices, the agenda items that consider a matter, and the special
//! urgency report.

use super::input::{double_option, etag, Check, IfMatch, JsonBody};
use crate::caller::Caller;
use actix_web::{get, patch, post, web, HttpResponse};
use chrono::NaiveDate;
use minutebook_domain::forward_plan::NOTICE_KINDS;
use minutebook_ground::error::{AppError, AppResult, Problem};
use minutebook_read::decisions::{
    self as read, ForwardPlanEntry, ForwardPlanNotice, Matter, UrgencyReport,
};
use minutebook_store::parse_id;
use minutebook_usecases::decisions::forward_plan;
use minutebook_web::state::AppState;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewEntryInput {
    #[schema(max_length = 100)]
    pub reference: Option<String>,
    #[schema(required = true, value_type = String, min_length = 1, max_length = 1000, pattern = "\\S")]
    pub matter: Option<String>,
    /// Who will decide: "Cabinet", "Cabinet Member for Finance".
    #[schema(required = true, value_type = String, min_length = 1, max_length = 300, pattern = "\\S")]
    pub decision_maker: Option<String>,
    pub maker_body_id: Option<String>,
    pub due_date: Option<NaiveDate>,
    /// `YYYY-MM`, when only the month is known.
    #[schema(
        pattern = "^\\s*$|^\\s*(19[0-9]{2}|2[01][0-9]{2}|2200)-(0[1-9]|1[0-2])\\s*$",
        max_length = 20
    )]
    pub due_month: Option<String>,
    pub key_decision: Option<bool>,
    #[schema(max_length = 2000)]
    pub key_reason: Option<String>,
    #[schema(max_items = 100)]
    pub wards: Option<Vec<String>>,
    /// Taken in private (a Schedule 12A paragraph then required).
    pub private: Option<bool>,
    #[schema(minimum = 1, maximum = 7)]
    pub exempt_paragraph: Option<i32>,
    /// Why in private: never published.
    #[schema(max_length = 5000)]
    pub private_reasons: Option<String>,
    /// How to object to its being taken in private.
    #[schema(max_length = 5000)]
    pub objections: Option<String>,
    #[schema(max_length = 5000)]
    pub consultees: Option<String>,
    /// How and by when to make representations.
    #[schema(max_length = 5000)]
    pub representations: Option<String>,
    #[schema(max_length = 5000)]
    pub documents: Option<String>,
    #[schema(max_length = 300)]
    pub portfolio: Option<String>,
    #[schema(max_length = 300)]
    pub lead_officer: Option<String>,
    /// When it was first published (default today; never in the future).
    pub first_published_on: Option<NaiveDate>,
}

/// A month as `YYYY-MM` (1900–2200).
fn due_month(c: &mut Check, v: Option<String>) -> Option<String> {
    let v = c.text("due_month", v, 20)?;
    let ok = NaiveDate::parse_from_str(&format!("{v}-01"), "%Y-%m-%d")
        .is_ok_and(|d| (1900..=2200).contains(&chrono::Datelike::year(&d)) && v.len() == 7);
    if !ok {
        c.add("due_month", "must be a month as YYYY-MM, e.g. 2025-03");
    }
    Some(v)
}

/// Give notice of a key decision or a private matter in the forward plan.
#[utoipa::path(tag = "forward plan", request_body = NewEntryInput,
    responses((status = 201, body = ForwardPlanEntry), (status = 422, body = Problem)), security(("bearer" = [])))]
#[post("/api/v1/forward-plan")]
pub async fn create_entry(
    state: web::Data<AppState>,
    caller: Caller,
    JsonBody(i): JsonBody<NewEntryInput>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let viewer = caller.viewer();
    let mut c = Check::new();
    if i.exempt_paragraph.is_some_and(|p| !(1..=7).contains(&p)) {
        c.add(
            "exempt_paragraph",
            "must be a Schedule 12A paragraph, 1 to 7",
        );
    }
    let new = forward_plan::NewEntry {
        reference: c.text("reference", i.reference, 100),
        matter: c.required("matter", i.matter, 1000),
        decision_maker: c.required("decision_maker", i.decision_maker, 300),
        maker_body_id: c.text("maker_body_id", i.maker_body_id, 100),
        due_date: c.date("due_date", i.due_date),
        due_month: due_month(&mut c, i.due_month),
        key_decision: i.key_decision.unwrap_or(false),
        key_reason: c.text("key_reason", i.key_reason, 2000),
        wards: i.wards.unwrap_or_default(),
        private: i.private.unwrap_or(false),
        exempt_paragraph: i.exempt_paragraph,
        private_reasons: c.text("private_reasons", i.private_reasons, 5000),
        objections: c.text("objections", i.objections, 5000),
        consultees: c.text("consultees", i.consultees, 5000),
        representations: c.text("representations", i.representations, 5000),
        documents: c.text("documents", i.documents, 5000),
        portfolio: c.text("portfolio", i.portfolio, 300),
        lead_officer: c.text("lead_officer", i.lead_officer, 300),
        first_published_on: c.date("first_published_on", i.first_published_on),
    };
    c.finish()?;
    let m = state
        .write(move |conn| {
            let row = forward_plan::add(conn, &actor, new)?;
            read::matter(conn, &row.id, viewer)
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/forward-plan/{}", m.entry.id)))
        .json(m.entry))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ForwardPlan {
    pub data: Vec<ForwardPlanEntry>,
}

/// The forward plan, soonest first.
#[utoipa::path(tag = "forward plan", responses((status = 200, body = ForwardPlan)))]
#[get("/api/v1/forward-plan")]
pub async fn list_entries(state: web::Data<AppState>, caller: Caller) -> AppResult<HttpResponse> {
    let viewer = caller.viewer();
    let data = state
        .db(move |conn| read::forward_plan(conn, viewer))
        .await?;
    Ok(HttpResponse::Ok().json(ForwardPlan { data }))
}

/// A matter, with its history in order: notice, the items that considered
/// it, the decision, any call-in and its outcome, taking effect.
#[utoipa::path(tag = "forward plan", params(("id" = String, Path)), responses((status = 200, body = Matter), (status = 404, body = Problem)))]
#[get("/api/v1/forward-plan/{id}")]
pub async fn read_entry(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = parse_id(&path, "forward plan entry")?;
    let viewer = caller.viewer();
    let m = state
        .db(move |conn| read::matter(conn, &id, viewer))
        .await?;
    Ok(HttpResponse::Ok().json(m))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EntryPatch {
    /// upcoming, deferred or withdrawn (decided comes from the decision).
    pub status: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<NaiveDate>)]
    pub due_date: Option<Option<NaiveDate>>,
    /// `YYYY-MM`, when only the month is known.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>,
        pattern = "^\\s*$|^\\s*(19[0-9]{2}|2[01][0-9]{2}|2200)-(0[1-9]|1[0-2])\\s*$",
        max_length = 20)]
    pub due_month: Option<Option<String>>,
}

/// Defer, withdraw or re-date a matter in the forward plan (its history
/// keeps each change).
#[utoipa::path(tag = "forward plan", request_body = EntryPatch, params(("id" = String, Path)),
    responses((status = 200, body = ForwardPlanEntry), (status = 409, body = Problem), (status = 412, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
#[patch("/api/v1/forward-plan/{id}")]
pub async fn change_entry(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    if_match: IfMatch,
    JsonBody(i): JsonBody<EntryPatch>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let viewer = caller.viewer();
    let id = parse_id(&path, "forward plan entry")?;
    let mut c = Check::new();
    let status = i
        .status
        .map(|s| c.one_of("status", &s, forward_plan::SETTABLE_STATUSES));
    let due_date = i
        .due_date
        .map(|d| d.and_then(|d| c.date("due_date", Some(d))));
    let due_month = i.due_month.map(|m| {
        m.and_then(|m| due_month(&mut c, Some(m)))
            .filter(|m| !m.is_empty())
    });
    c.finish()?;
    let change = forward_plan::EntryChange {
        status,
        due_date,
        due_month,
    };
    let m = state
        .write(move |conn| {
            let row = forward_plan::change(conn, &actor, &id, change, &if_match)?;
            read::matter(conn, &row.id, viewer)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(m.entry.version)))
        .json(m.entry))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewNoticeInput {
    /// general_exception or special_urgency.
    #[schema(required = true, value_type = String)]
    pub kind: Option<String>,
    /// The scrutiny chair informed (general exception) or agreeing (special urgency).
    #[schema(required = true, value_type = String, min_length = 1, max_length = 300, pattern = "\\S")]
    pub chair_name: Option<String>,
    #[schema(required = true, value_type = String, min_length = 1, max_length = 5000, pattern = "\\S")]
    pub reasons: Option<String>,
    /// When it was published (default today; never in the future).
    pub published_on: Option<NaiveDate>,
}

/// Publish a general exception or special urgency notice for a matter.
#[utoipa::path(tag = "forward plan", request_body = NewNoticeInput, params(("id" = String, Path)),
    responses((status = 201, body = ForwardPlanNotice), (status = 422, body = Problem)), security(("bearer" = [])))]
#[post("/api/v1/forward-plan/{id}/notices")]
pub async fn add_notice(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    JsonBody(i): JsonBody<NewNoticeInput>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let id = parse_id(&path, "forward plan entry")?;
    let mut c = Check::new();
    let kind = c.required("kind", i.kind, 40);
    let kind = if kind.is_empty() {
        kind
    } else {
        c.one_of("kind", &kind, NOTICE_KINDS)
    };
    let chair = c.required("chair_name", i.chair_name, 300);
    let reasons = c.required("reasons", i.reasons, 5000);
    let on = c.date("published_on", i.published_on);
    c.finish()?;
    let row = state
        .write(move |conn| forward_plan::add_notice(conn, &actor, &id, kind, chair, reasons, on))
        .await?;
    Ok(HttpResponse::Created().json(ForwardPlanNotice::from(row)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkItemInput {
    #[schema(required = true, value_type = String)]
    pub item_id: Option<String>,
}

/// Link an agenda item that considers the matter.
#[utoipa::path(tag = "forward plan", request_body = LinkItemInput, params(("id" = String, Path)),
    responses((status = 204), (status = 422, body = Problem)), security(("bearer" = [])))]
#[post("/api/v1/forward-plan/{id}/items")]
pub async fn link_item(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    JsonBody(i): JsonBody<LinkItemInput>,
) -> AppResult<HttpResponse> {
    caller.clerk()?;
    let id = parse_id(&path, "forward plan entry")?;
    let mut c = Check::new();
    let item = c.required("item_id", i.item_id, 64);
    c.finish()?;
    state
        .write(move |conn| forward_plan::link_item(conn, &id, &item))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct YearQuery {
    /// The calendar year.
    #[param(minimum = 1900, maximum = 2200)]
    pub year: Option<i32>,
}

/// The annual report to council of decisions taken under special urgency.
#[utoipa::path(tag = "forward plan", params(YearQuery), responses((status = 200, body = UrgencyReport)))]
#[get("/api/v1/reports/special-urgency")]
pub async fn special_urgency(
    state: web::Data<AppState>,
    _caller: Caller,
    q: web::Query<YearQuery>,
) -> AppResult<HttpResponse> {
    let year = q
        .year
        .unwrap_or_else(|| chrono::Datelike::year(&minutebook_read::people::today()));
    if !(1900..=2200).contains(&year) {
        return Err(AppError::field("year", "must be between 1900 and 2200"));
    }
    let report = state
        .db(move |conn| read::special_urgency(conn, year))
        .await?;
    Ok(HttpResponse::Ok().json(report))
}

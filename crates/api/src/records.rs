//! What the minutes record against an item: outcomes (`AGREED`/`RESOLVED`/
//! `NOTED`, with numbered parts), declarations of interest, and actions
//! arising.

use super::input::{double_option, etag, Check, IfMatch, JsonBody};
use crate::caller::Caller;
use actix_web::http::StatusCode;
use actix_web::{delete, patch, post, web, HttpResponse};
use chrono::NaiveDate;
use minutebook_domain::vocab::{ACTION_STATUSES, OUTCOME_VERBS};
use minutebook_ground::error::{AppResult, Problem};
use minutebook_read::meeting::{Action, Declaration, Outcome};
use minutebook_store::parse_id;
use minutebook_usecases::minutes::actions;
use minutebook_usecases::minutes::records;
use minutebook_web::state::AppState;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

fn respond<T: Serialize>(
    status: StatusCode,
    location: &str,
    version: i32,
    body: T,
) -> HttpResponse {
    let mut b = HttpResponse::build(status);
    b.insert_header(("ETag", etag(version)));
    if status == StatusCode::CREATED {
        b.insert_header(("Location", location.to_string()));
    }
    b.json(body)
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewOutcome {
    /// `AGREED`, `RESOLVED` or `NOTED`.
    #[schema(required = true, value_type = String, pattern = "^\\s*([Aa][Gg][Rr][Ee][Ee][Dd]|[Rr][Ee][Ss][Oo][Ll][Vv][Ee][Dd]|[Nn][Oo][Tt][Ee][Dd])\\s*$")]
    pub verb: Option<String>,
    /// e.g. `that the report be noted.`; with parts, the lead-in (may be empty).
    #[schema(max_length = 20000)]
    pub text: Option<String>,
    /// The numbered parts of `AGREED that:- 1. … 2. …`.
    pub parts: Option<Vec<String>>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomePatch {
    pub verb: Option<String>,
    pub text: Option<String>,
    pub parts: Option<Vec<String>>,
}

fn check_parts(c: &mut Check, parts: Vec<String>) -> Vec<String> {
    if parts.len() > 100 {
        c.add("parts", "must have at most 100 parts");
    }
    let mut out = Vec::new();
    for (i, p) in parts.into_iter().enumerate() {
        match c.text(&format!("parts[{i}]"), Some(p), 5000) {
            Some(t) => out.push(t),
            None => c.add(&format!("parts[{i}]"), "must not be empty"),
        }
    }
    out
}

fn check_verb(c: &mut Check, v: &str) -> String {
    c.one_of("verb", &v.trim().to_ascii_uppercase(), OUTCOME_VERBS)
}

/// Record an item's outcome.
#[utoipa::path(tag = "minutes", request_body = NewOutcome, params(("id" = String, Path, description = "item id")),
    responses((status = 201, body = Outcome), (status = 409, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
#[post("/api/v1/items/{id}/outcomes")]
pub async fn create_outcome(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    JsonBody(input): JsonBody<NewOutcome>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let settings = state.settings.clone();
    let item_id = parse_id(&path, "item")?;
    let mut c = Check::new();
    let verb = match input.verb {
        Some(v) => check_verb(&mut c, &v),
        None => {
            c.add("verb", "is required: AGREED, RESOLVED or NOTED");
            String::new()
        }
    };
    let text = c.text("text", input.text, 20_000).unwrap_or_default();
    let parts = check_parts(&mut c, input.parts.unwrap_or_default());
    if text.is_empty() && parts.is_empty() {
        c.add("text", "is required unless parts are given");
    }
    c.finish()?;
    let row = state
        .write(move |conn| {
            records::add_outcome(conn, &actor, &settings, &item_id, verb, text, parts)
        })
        .await?;
    let loc = format!("/api/v1/outcomes/{}", row.id);
    Ok(respond(
        StatusCode::CREATED,
        &loc,
        row.version,
        Outcome::from(row),
    ))
}

/// Change an outcome.
#[utoipa::path(tag = "minutes", request_body = OutcomePatch, params(("id" = String, Path)),
    responses((status = 200, body = Outcome), (status = 409, body = Problem), (status = 412, body = Problem)),
    security(("bearer" = [])))]
#[patch("/api/v1/outcomes/{id}")]
pub async fn update_outcome(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    if_match: IfMatch,
    JsonBody(input): JsonBody<OutcomePatch>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let id = parse_id(&path, "outcome")?;
    let mut c = Check::new();
    let verb = input.verb.map(|v| check_verb(&mut c, &v));
    let text = input
        .text
        .map(|t| c.text("text", Some(t), 20_000).unwrap_or_default());
    let parts = input.parts.map(|p| check_parts(&mut c, p));
    c.finish()?;
    let row = state
        .write(move |conn| records::change_outcome(conn, &actor, &id, &if_match, verb, text, parts))
        .await?;
    let loc = format!("/api/v1/outcomes/{}", row.id);
    Ok(respond(
        StatusCode::OK,
        &loc,
        row.version,
        Outcome::from(row),
    ))
}

/// Remove an outcome.
#[utoipa::path(tag = "minutes", params(("id" = String, Path)), responses((status = 204), (status = 409, body = Problem)),
    security(("bearer" = [])))]
#[delete("/api/v1/outcomes/{id}")]
pub async fn delete_outcome(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    if_match: IfMatch,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let id = parse_id(&path, "outcome")?;
    state
        .write(move |conn| records::remove_outcome(conn, &actor, &id, &if_match))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewDeclaration {
    #[schema(required = true, value_type = String, format = Uuid)]
    pub person_id: Option<String>,
    /// The nature of the interest, e.g. `Personal non-prejudicial: member of the Fire Authority`.
    #[schema(required = true, value_type = String, min_length = 1, max_length = 5000, pattern = "\\S")]
    pub nature: Option<String>,
    /// The category of the model code of conduct: `disclosable_pecuniary`,
    /// `other_registrable` or `non_registrable`. Optional; a member with a
    /// disclosable pecuniary interest in an item may not vote on it.
    pub kind: Option<String>,
    /// Whether the member withdrew from the meeting for the item (default false).
    pub withdrew: Option<bool>,
}

/// Record a declaration of interest on an item.
#[utoipa::path(tag = "minutes", request_body = NewDeclaration, params(("id" = String, Path, description = "item id")),
    responses((status = 201, body = Declaration), (status = 422, body = Problem)), security(("bearer" = [])))]
#[post("/api/v1/items/{id}/declarations")]
pub async fn create_declaration(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    JsonBody(input): JsonBody<NewDeclaration>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let item_id = parse_id(&path, "item")?;
    let mut c = Check::new();
    let person_id = c.required("person_id", input.person_id, 64);
    let nature = c.required("nature", input.nature, 5000);
    let kind = input
        .kind
        .map(|k| c.one_of("kind", &k, &minutebook_domain::votes::DECLARATION_KINDS));
    c.finish()?;
    let new = records::NewDeclaration {
        person_id,
        nature,
        kind,
        withdrew: input.withdrew.unwrap_or(false),
    };
    let (row, person) = state
        .write(move |conn| records::add_declaration(conn, &actor, &item_id, new))
        .await?;
    let loc = format!("/api/v1/declarations/{}", row.id);
    let version = row.version;
    Ok(respond(
        StatusCode::CREATED,
        &loc,
        version,
        Declaration::from_row(row, Some(&person)),
    ))
}

/// Remove a declaration recorded in error.
#[utoipa::path(tag = "minutes", params(("id" = String, Path)), responses((status = 204), (status = 409, body = Problem)),
    security(("bearer" = [])))]
#[delete("/api/v1/declarations/{id}")]
pub async fn delete_declaration(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    if_match: IfMatch,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let id = parse_id(&path, "declaration")?;
    state
        .write(move |conn| records::remove_declaration(conn, &actor, &id, &if_match))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewAction {
    #[schema(required = true, value_type = String, min_length = 1, max_length = 5000, pattern = "\\S")]
    pub description: Option<String>,
    /// Who is to do it: a person, post or organisation.
    #[schema(max_length = 300)]
    pub owner: Option<String>,
    pub due_date: Option<NaiveDate>,
    /// open (default), in_progress, done, cancelled.
    pub status: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActionPatch {
    pub description: Option<String>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub owner: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<NaiveDate>)]
    pub due_date: Option<Option<NaiveDate>>,
    pub status: Option<String>,
}

/// Record an action arising from an item.
#[utoipa::path(tag = "minutes", request_body = NewAction, params(("id" = String, Path, description = "item id")),
    responses((status = 201, body = Action), (status = 422, body = Problem)), security(("bearer" = [])))]
#[post("/api/v1/items/{id}/actions")]
pub async fn create_action(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    JsonBody(input): JsonBody<NewAction>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let item_id = parse_id(&path, "item")?;
    let mut c = Check::new();
    let description = c.required("description", input.description, 5000);
    let owner = c.text("owner", input.owner, 300);
    let status = c.one_of(
        "status",
        input.status.as_deref().unwrap_or("open"),
        ACTION_STATUSES,
    );
    c.date("due_date", input.due_date);
    c.finish()?;
    let row = state
        .write(move |conn| {
            let new = actions::NewAction {
                description,
                owner,
                due_date: input.due_date,
                status,
            };
            actions::record(conn, &actor, &item_id, new)
        })
        .await?;
    let loc = format!("/api/v1/actions/{}", row.id);
    Ok(respond(
        StatusCode::CREATED,
        &loc,
        row.version,
        Action::from(row),
    ))
}

/// Update an action: its progress can change after the minutes are approved.
#[utoipa::path(tag = "minutes", request_body = ActionPatch, params(("id" = String, Path)),
    responses((status = 200, body = Action), (status = 412, body = Problem)), security(("bearer" = [])))]
#[patch("/api/v1/actions/{id}")]
pub async fn update_action(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    if_match: IfMatch,
    JsonBody(input): JsonBody<ActionPatch>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let id = parse_id(&path, "action")?;
    let mut c = Check::new();
    let description = input
        .description
        .map(|d| c.required("description", Some(d), 5000));
    let owner = c.patch_text("owner", input.owner, 300);
    let status = input
        .status
        .map(|s| c.one_of("status", &s, ACTION_STATUSES));
    c.date("due_date", input.due_date.flatten());
    c.finish()?;
    let row = state
        .write(move |conn| {
            let change = actions::Change {
                description,
                owner,
                due_date: input.due_date,
                status,
            };
            actions::change(conn, &actor, &id, &if_match, change)
        })
        .await?;
    let loc = format!("/api/v1/actions/{}", row.id);
    Ok(respond(
        StatusCode::OK,
        &loc,
        row.version,
        Action::from(row),
    ))
}

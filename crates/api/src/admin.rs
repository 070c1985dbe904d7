//! `/api/v1/tokens` and `/api/v1/audit`: for admins.

use super::input::{Check, JsonBody, PageQuery};
use crate::caller::Caller;
use actix_web::{delete, get, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use minutebook_domain::vocab::TOKEN_ROLES;
use minutebook_ground::error::{AppResult, Problem};
use minutebook_read::page::{page, Page};
use minutebook_read::resources::{NewToken, Token};
use minutebook_read::time::utc;
use minutebook_store::{self as store, parse_id};
use minutebook_web::state::AppState;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTokenInput {
    /// Who or what holds the token; recorded in the audit trail.
    #[schema(required = true, value_type = String, min_length = 1, max_length = 200, pattern = "\\S")]
    pub name: Option<String>,
    /// admin, clerk or reader.
    #[schema(required = true, value_type = String)]
    pub role: Option<String>,
}

/// Create an API token (admin). The token is in this response only.
#[utoipa::path(tag = "admin", request_body = NewTokenInput,
    responses((status = 201, body = NewToken), (status = 403, body = Problem)), security(("bearer" = [])))]
#[post("/api/v1/tokens")]
pub async fn create_token(
    state: web::Data<AppState>,
    caller: Caller,
    JsonBody(input): JsonBody<NewTokenInput>,
) -> AppResult<HttpResponse> {
    let actor = caller.admin()?;
    let mut c = Check::new();
    let name = c.required("name", input.name, 200);
    let role = c.required("role", input.role, 16);
    let role = if role.is_empty() {
        role
    } else {
        c.one_of("role", &role, TOKEN_ROLES)
    };
    c.finish()?;
    let (row, secret) = state
        .write(move |conn| store::tokens::create(conn, &actor, &name, &role))
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/tokens/{}", row.id)))
        .insert_header(("Cache-Control", "no-store"))
        .json(NewToken {
            info: row.into(),
            token: secret,
        }))
}

/// List API tokens (admin); secrets are never shown again.
#[utoipa::path(tag = "admin", params(PageQuery), responses((status = 200, body = Page<Token>)), security(("bearer" = [])))]
#[get("/api/v1/tokens")]
pub async fn list_tokens(
    state: web::Data<AppState>,
    caller: Caller,
    q: web::Query<PageQuery>,
) -> AppResult<HttpResponse> {
    caller.admin()?;
    let limit = q.limit()?;
    let after = q.after()?;
    let rows = state
        .db(move |conn| store::tokens::list(conn, after, limit + 1))
        .await?;
    Ok(HttpResponse::Ok().json(page(
        rows,
        limit,
        |r| (r.created_at, r.id.clone()),
        Token::from,
    )))
}

/// Revoke an API token (admin).
#[utoipa::path(tag = "admin", params(("id" = String, Path)), responses((status = 200, body = Token), (status = 404, body = Problem)),
    security(("bearer" = [])))]
#[delete("/api/v1/tokens/{id}")]
pub async fn revoke_token(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let actor = caller.admin()?;
    let id = parse_id(&path, "token")?;
    let row = state
        .write(move |conn| store::tokens::revoke(conn, &actor, &id))
        .await?;
    Ok(HttpResponse::Ok().json(Token::from(row)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntry {
    pub id: String,
    pub at: DateTime<Utc>,
    /// The name of the token that made the change.
    pub actor: String,
    pub token_id: Option<String>,
    pub entity: String,
    pub entity_id: String,
    /// create, update, delete, publish_agenda, number, move, revoke …
    pub action: String,
    /// The fields set, with their new values.
    #[schema(value_type = Object)]
    pub changes: serde_json::Value,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    /// How many items, 1–500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// The audit trail, oldest first (admin).
#[utoipa::path(tag = "admin", params(AuditQuery), responses((status = 200, body = Page<AuditEntry>)), security(("bearer" = [])))]
#[get("/api/v1/audit")]
pub async fn audit(
    state: web::Data<AppState>,
    caller: Caller,
    q: web::Query<AuditQuery>,
) -> AppResult<HttpResponse> {
    caller.admin()?;
    let pq = PageQuery {
        limit: q.limit,
        cursor: q.cursor.clone(),
    };
    let limit = pq.limit()?;
    let after = pq.after()?;
    let filter = store::audit::AuditFilter {
        entity: q.entity.clone(),
        entity_id: q.entity_id.clone(),
        after,
        limit: limit + 1,
    };
    let rows = state
        .db(move |conn| store::audit::list(conn, filter))
        .await?;
    Ok(HttpResponse::Ok().json(page(
        rows,
        limit,
        |r| (r.at, r.id.clone()),
        |r| AuditEntry {
            changes: serde_json::from_str(&r.changes).unwrap_or(serde_json::Value::Null),
            id: r.id,
            at: utc(r.at),
            actor: r.actor,
            token_id: r.token_id,
            entity: r.entity,
            entity_id: r.entity_id,
            action: r.action,
        },
    )))
}

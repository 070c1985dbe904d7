//! `/api/v1/bodies`: partnerships, committees and their numbering rules.

use super::input::{double_option, etag, Check, IfMatch, JsonBody, PageQuery};
use crate::caller::Caller;
use actix_web::{get, patch, post, web, HttpResponse};
use minutebook_domain::numbering::{self, MinuteNumberFormat};
use minutebook_domain::vocab::BODY_KINDS;
use minutebook_ground::error::{AppResult, Problem};
use minutebook_read::page::{page, Page};
use minutebook_read::resources::Body;
use minutebook_store::{self as store, bodies::BodyRow};
use minutebook_usecases::bodies;
use minutebook_web::state::AppState;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NumberingInput {
    /// Placeholders `{prefix}`, `{n}`, `{yy}`, `{yyyy}`; default `{prefix}/{n}/{yy}`.
    pub format: Option<String>,
    /// 1–12; default 5 (the municipal year).
    #[schema(minimum = 1, maximum = 12)]
    pub year_start_month: Option<i64>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewBody {
    #[schema(required = true, value_type = String, min_length = 1, max_length = 200, pattern = "\\S")]
    pub name: Option<String>,
    /// Lower-case letters, digits and hyphens; used in public URLs.
    #[schema(required = true, value_type = String, min_length = 1, max_length = 64, pattern = "^[a-z0-9]([a-z0-9-]*[a-z0-9])?$")]
    pub slug: Option<String>,
    /// e.g. `SSP`.
    #[schema(required = true, value_type = String, min_length = 1, pattern = "<minute-prefix>")]
    pub minute_prefix: Option<String>,
    /// partnership, committee, board, scrutiny_panel, select_committee, council, cabinet, sub_committee, working_group, other.
    pub kind: Option<String>,
    #[serde(default, deserialize_with = "crate::input::object")]
    pub numbering: Option<NumberingInput>,
    #[schema(max_length = 5000)]
    pub description: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BodyPatch {
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub name: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub slug: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub minute_prefix: Option<Option<String>>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub kind: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::input::object")]
    pub numbering: Option<NumberingInput>,
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<String>)]
    pub description: Option<Option<String>>,
}

fn check_slug(c: &mut Check, slug: &str) {
    let ok = !slug.is_empty()
        && slug.len() <= 64
        && slug
            .chars()
            .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-')
        && !slug.starts_with('-')
        && !slug.ends_with('-');
    if !ok {
        c.add(
            "slug",
            "must be 1–64 lower-case letters, digits and hyphens, e.g. safer-stockton-partnership",
        );
    }
    if uuid::Uuid::parse_str(slug).is_ok() {
        c.add("slug", "must not look like an id");
    }
}

fn check_numbering(c: &mut Check, n: &NumberingInput) -> (Option<String>, Option<i32>) {
    let format = n
        .format
        .as_deref()
        .and_then(|f| match MinuteNumberFormat::parse(f) {
            Ok(f) => Some(f.as_str().to_string()),
            Err(m) => {
                c.add("numbering.format", m);
                None
            }
        });
    let month = n
        .year_start_month
        .and_then(|m| match numbering::parse_year_start_month(m) {
            Ok(m) => Some(m),
            Err(e) => {
                c.add("numbering.year_start_month", e);
                None
            }
        });
    (format, month)
}

pub fn respond(status: actix_web::http::StatusCode, row: BodyRow) -> HttpResponse {
    let mut b = HttpResponse::build(status);
    b.insert_header(("ETag", etag(row.version)));
    if status == actix_web::http::StatusCode::CREATED {
        b.insert_header(("Location", format!("/api/v1/bodies/{}", row.id)));
    }
    b.json(Body::from(row))
}

/// Create a body.
#[utoipa::path(tag = "bodies", request_body = NewBody,
    responses((status = 201, body = Body), (status = 422, body = Problem), (status = 409, body = Problem)),
    security(("bearer" = [])))]
#[post("/api/v1/bodies")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    JsonBody(input): JsonBody<NewBody>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let mut c = Check::new();
    let name = c.required("name", input.name, 200);
    let slug = c.required("slug", input.slug, 64);
    if !slug.is_empty() {
        check_slug(&mut c, &slug);
    }
    let prefix = match input.minute_prefix.as_deref().map(numbering::parse_prefix) {
        Some(Ok(p)) => p,
        Some(Err(m)) => {
            c.add("minute_prefix", m);
            String::new()
        }
        None => {
            c.add("minute_prefix", "is required, e.g. SSP");
            String::new()
        }
    };
    let kind = input.kind.unwrap_or_else(|| "committee".into());
    let kind = c.one_of("kind", &kind, BODY_KINDS);
    let (format, month) = input
        .numbering
        .as_ref()
        .map(|n| check_numbering(&mut c, n))
        .unwrap_or((None, None));
    let description = c.text("description", input.description, 5000);
    c.finish()?;
    let now = store::now();
    let row = BodyRow {
        id: store::new_id(),
        name,
        slug,
        minute_prefix: prefix,
        kind,
        numbering_format: format.unwrap_or_else(|| numbering::DEFAULT_FORMAT.into()),
        year_start_month: month.unwrap_or(numbering::DEFAULT_YEAR_START_MONTH),
        description,
        created_at: now,
        updated_at: now,
        deleted_at: None,
        version: 1,
    };
    let row = state
        .write(move |conn| bodies::register(conn, &actor, row))
        .await?;
    Ok(respond(actix_web::http::StatusCode::CREATED, row))
}

/// List bodies.
#[utoipa::path(tag = "bodies", params(PageQuery), responses((status = 200, body = Page<Body>)))]
#[get("/api/v1/bodies")]
pub async fn list(
    state: web::Data<AppState>,
    _caller: Caller,
    q: web::Query<PageQuery>,
) -> AppResult<HttpResponse> {
    let limit = q.limit()?;
    let after = q.after()?;
    let rows = state
        .db(move |conn| store::bodies::list(conn, after, limit + 1))
        .await?;
    Ok(HttpResponse::Ok().json(page(
        rows,
        limit,
        |r| (r.created_at, r.id.clone()),
        Body::from,
    )))
}

/// Read a body, by id or slug.
#[utoipa::path(tag = "bodies", params(("body_id" = String, Path, description = "the body's id or slug")),
    responses((status = 200, body = Body), (status = 404, body = Problem)))]
#[get("/api/v1/bodies/{body_id}")]
pub async fn read(
    state: web::Data<AppState>,
    _caller: Caller,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let key = path.into_inner();
    let row = state.db(move |conn| store::bodies::get(conn, &key)).await?;
    Ok(respond(actix_web::http::StatusCode::OK, row))
}

/// Change a body. Send `If-Match` with the ETag you read to avoid lost updates.
#[utoipa::path(tag = "bodies", request_body = BodyPatch, params(("body_id" = String, Path, description = "the body's id or slug")),
    responses((status = 200, body = Body), (status = 412, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
#[patch("/api/v1/bodies/{body_id}")]
pub async fn update(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    if_match: IfMatch,
    JsonBody(input): JsonBody<BodyPatch>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let key = path.into_inner();
    let mut c = Check::new();
    let name = c.patch_required("name", input.name, 200);
    let slug = c.patch_required("slug", input.slug, 64);
    if let Some(s) = &slug {
        if !s.is_empty() {
            check_slug(&mut c, s);
        }
    }
    let prefix = match input.minute_prefix {
        None => None,
        Some(v) => match numbering::parse_prefix(v.as_deref().unwrap_or("")) {
            Ok(p) => Some(p),
            Err(m) => {
                c.add("minute_prefix", m);
                None
            }
        },
    };
    let kind = c
        .patch_required("kind", input.kind, 64)
        .map(|k| c.one_of("kind", &k, BODY_KINDS));
    let (format, month) = input
        .numbering
        .as_ref()
        .map(|n| check_numbering(&mut c, n))
        .unwrap_or((None, None));
    let description = c.patch_text("description", input.description, 5000);
    c.finish()?;
    let row = state
        .write(move |conn| {
            let change = bodies::Change {
                name,
                slug,
                minute_prefix: prefix,
                kind,
                numbering_format: format,
                year_start_month: month,
                description,
            };
            bodies::change(conn, &actor, &key, &if_match, change)
        })
        .await?;
    Ok(respond(actix_web::http::StatusCode::OK, row))
}

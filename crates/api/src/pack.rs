//! `GET /api/v1/meetings/{id}/agenda/pack.pdf`: the reports pack — a
//! contents page, the agenda and every paper the audience may see, in
//! agenda order, as one PDF (see `render::pdf::pack`). Built when asked and
//! cached by everything that changes it.

use crate::caller::Caller;
use actix_web::{get, web, HttpResponse};
use minutebook_ground::error::{AppResult, Problem};
use minutebook_render as render;
use minutebook_render::pdf::pack::PackCache;
use minutebook_store::parse_id;
use minutebook_web::documents;
use minutebook_web::state::AppState;
use serde::Deserialize;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PackQuery {
    /// `public` (the default, for everyone) or `internal` (needs a token):
    /// the clerk's pack, which also holds the papers of restricted items,
    /// marked as exempt.
    pub audience: Option<String>,
}

/// A PDF file.
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct PdfFile(pub Vec<u8>);

/// The reports pack of a meeting: a contents page, the agenda, then each
/// paper in agenda order, PDF papers placed page by page and other papers
/// listed with their download address; page numbers run across the pack.
/// The public pack (the default) never holds a restricted item's papers
/// or a restricted paper, and exists once the agenda is published.
#[utoipa::path(tag = "meetings", params(("id" = String, Path), PackQuery),
    responses(
        (status = 200, description = "the reports pack", content((PdfFile = "application/pdf"))),
        (status = 401, body = Problem), (status = 404, body = Problem),
        (status = 422, body = Problem)))]
#[get("/api/v1/meetings/{id}/agenda/pack.pdf")]
pub async fn reports_pack(
    state: web::Data<AppState>,
    cache: web::Data<PackCache>,
    caller: Caller,
    path: web::Path<String>,
    q: web::Query<PackQuery>,
    req: actix_web::HttpRequest,
) -> AppResult<HttpResponse> {
    let id = parse_id(&path, "meeting")?;
    let audience = render::audience(
        Some(q.audience.as_deref().unwrap_or("public")),
        caller.token.is_some(),
    )?;
    let client = minutebook_web::limits::client_of(&req);
    documents::reports_pack(
        &state,
        &cache,
        id,
        audience,
        caller.token.is_some(),
        &client,
    )
    .await
}

//! `GET /api/v1/meetings/{id}/agenda/pack.pdf`: the reports pack — a
//! contents page, the agenda and every paper the audience may see, in
//! agenda order, as one PDF (see `render::pdf::pack`). Built when asked and
//! cached by everything that changes it.

use crate::caller::Caller;
use actix_web::http::header;
use actix_web::{get, web, HttpResponse};
use minutebook_domain::visibility::Viewer;
use minutebook_ground::error::{AppError, AppResult, Problem};
use minutebook_read::meeting;
use minutebook_render::pdf::pack::{self, PackCache};
use minutebook_render::{self as render, dates, Audience};
use minutebook_store::{self as store, parse_id};
use minutebook_web::state::AppState;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::Arc;

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
    let viewer = match audience {
        Audience::Public => Viewer::Public,
        Audience::Internal => Viewer::Internal,
    };
    let public_url = state.settings.public_url.clone();
    let (m, key, stored) = state
        .db(move |conn| {
            let m = meeting::load_meeting(conn, &id, viewer, &public_url)?;
            let key = pack::key(&m, audience)?;
            let mut stored = Vec::new();
            for p in pack::papers(&m, audience).iter().filter(|p| p.is_pdf()) {
                let row = store::documents::get(conn, &p.paper.id)?;
                stored.push((row.id, row.storage_key));
            }
            Ok((m, key, stored))
        })
        .await?;
    let filename = format!(
        "{}-{}-agenda-pack.pdf",
        m.body.slug,
        dates::iso_date(m.starts_at)
    );
    let pdf = match cache.get(&key) {
        Some(pdf) => pdf,
        None => {
            // Building a pack is a render: the same places and budget.
            let _rendering = state.limits.render_for(
                caller.token.is_some(),
                &minutebook_web::limits::client_of(&req),
            )?;
            let mut bytes = HashMap::new();
            for (doc_id, storage_key) in stored {
                match state.documents.get(&storage_key).await {
                    Ok(b) => {
                        bytes.insert(doc_id, b);
                    }
                    // Listed with its address instead of placed.
                    Err(e) => tracing::warn!("paper {doc_id} not readable for the pack: {e}"),
                }
            }
            let pdf = web::block(move || pack::write(&m, audience, &bytes))
                .await
                .map_err(AppError::from)??;
            let pdf = Arc::new(pdf);
            cache.put(key.clone(), pdf.clone());
            pdf
        }
    };
    let filename: String = filename
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .collect();
    let mut b = HttpResponse::Ok();
    b.content_type(render::pdf::MEDIA_TYPE)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("inline; filename=\"{filename}\""),
        ))
        .insert_header((header::ETAG, format!("\"{key}\"")))
        .insert_header((header::VARY, "Authorization"))
        .insert_header(("X-Content-Type-Options", "nosniff"));
    if audience == Audience::Internal {
        b.insert_header((header::CACHE_CONTROL, "private, no-store"));
    }
    Ok(b.body(pdf.as_ref().clone()))
}

//! `/api/v1/meetings/{id}/minutes` and `/api/v1/meetings/{id}/agenda`: the
//! documents in the house style, as HTML, Markdown, text, Word or PDF.

use crate::caller::Caller;
use actix_web::http::header;
use actix_web::{get, web, HttpRequest, HttpResponse};
use minutebook_ground::error::{AppError, AppResult, Problem};
use minutebook_render::{self as render, Audience, Format};
use minutebook_store::parse_id;
use minutebook_web::documents::{self, Document};
use minutebook_web::state::AppState;
use serde::Deserialize;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DocumentQuery {
    /// `html`, `md`, `txt`, `docx` or `pdf`. When absent the format is chosen by
    /// `Accept` (`text/html`, `text/markdown`, `text/plain`, the Word
    /// media type or `application/pdf`); HTML when neither says. PDF is
    /// archival (PDF/A-2a) and tagged, marked DRAFT on every page until
    /// the chair approves.
    pub format: Option<String>,
    /// `public` or `internal`. By default a token holder gets the internal
    /// version (restricted items in full, marked as containing exempt
    /// information) and anyone else the public one; `internal` needs a
    /// token, and `public` shows a token holder exactly what the public sees.
    pub audience: Option<String>,
}

/// A Word (.docx) file.
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct WordFile(pub Vec<u8>);

fn choose(req: &HttpRequest, q: &DocumentQuery, caller: &Caller) -> AppResult<(Format, Audience)> {
    let accept = req
        .headers()
        .get(header::ACCEPT)
        .map(|v| {
            v.to_str()
                .map_err(|_| AppError::BadRequest("the Accept header is not readable".into()))
        })
        .transpose()?;
    let format = render::negotiate(q.format.as_deref(), accept)?;
    let audience = render::audience(q.audience.as_deref(), caller.token.is_some())?;
    Ok((format, audience))
}

/// The minutes in the house style. Without a token (or with
/// `audience=public`) the public version, which exists once the minutes are
/// published; with a token the clerk's version, drafts included, marked
/// DRAFT until approved.
#[utoipa::path(tag = "meetings", params(("id" = String, Path), DocumentQuery),
    responses(
        (status = 200, description = "the minutes", content(
            (String = "text/html"), (String = "text/markdown"), (String = "text/plain"),
            (WordFile = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            (crate::pack::PdfFile = "application/pdf"))),
        (status = 401, body = Problem), (status = 404, body = Problem),
        (status = 406, body = Problem), (status = 422, body = Problem),
        (status = 503, description = "too many documents being rendered at once; see Retry-After", body = Problem)))]
#[get("/api/v1/meetings/{id}/minutes")]
pub async fn minutes(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    q: web::Query<DocumentQuery>,
    req: HttpRequest,
) -> AppResult<HttpResponse> {
    let id = parse_id(&path, "meeting")?;
    let (format, audience) = choose(&req, &q, &caller)?;
    let client = minutebook_web::limits::client_of(&req);
    documents::render_document(
        &state,
        id,
        Document::Minutes,
        audience,
        format,
        caller.token.is_some(),
        &client,
    )
    .await
}

/// The agenda in the house style: date, time, venue, contact officer, and
/// the items with their numbers, presenters and papers. The public sees it
/// once it is published.
#[utoipa::path(tag = "meetings", params(("id" = String, Path), DocumentQuery),
    responses(
        (status = 200, description = "the agenda", content(
            (String = "text/html"), (String = "text/markdown"), (String = "text/plain"),
            (WordFile = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            (crate::pack::PdfFile = "application/pdf"))),
        (status = 401, body = Problem), (status = 404, body = Problem),
        (status = 406, body = Problem), (status = 422, body = Problem),
        (status = 503, description = "too many documents being rendered at once; see Retry-After", body = Problem)))]
#[get("/api/v1/meetings/{id}/agenda")]
pub async fn agenda(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    q: web::Query<DocumentQuery>,
    req: HttpRequest,
) -> AppResult<HttpResponse> {
    let id = parse_id(&path, "meeting")?;
    let (format, audience) = choose(&req, &q, &caller)?;
    let client = minutebook_web::limits::client_of(&req);
    documents::render_document(
        &state,
        id,
        Document::Agenda,
        audience,
        format,
        caller.token.is_some(),
        &client,
    )
    .await
}

//! Documents attached to items: multipart upload (bytes kept by the
//! document store — the data folder or object storage, keyed by SHA-256 —
//! size and hash recorded), metadata and download.

use super::input::{etag, IfMatch};
use crate::caller::Caller;
use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{delete, get, post, web, HttpResponse};
use minutebook_domain::paper_types;
use minutebook_domain::visibility::Viewer;
use minutebook_ground::error::{AppResult, Problem};
use minutebook_read::meeting::Paper;
use minutebook_store::parse_id;
use minutebook_usecases::agenda::items::item_and_meeting;
use minutebook_usecases::agenda::papers;
use minutebook_web::state::AppState;
use minutebook_web::uploads;
use utoipa::ToSchema;

/// The multipart form of an upload.
#[derive(ToSchema)]
#[expect(
    dead_code,
    reason = "describes the form in the OpenAPI document only; the handler reads the multipart stream"
)]
pub struct DocumentUpload {
    /// The file itself.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// Shown on the agenda; default: the file name.
    title: Option<String>,
    /// `true` keeps the document from the public even on a public item.
    restricted: Option<bool>,
}

fn respond(status: StatusCode, d: Paper) -> HttpResponse {
    let mut b = HttpResponse::build(status);
    b.insert_header(("ETag", etag(d.version)));
    if status == StatusCode::CREATED {
        b.insert_header(("Location", format!("/api/v1/documents/{}", d.id)));
    }
    b.json(d)
}

/// Upload a document to an item (multipart: `file`, optional `title`, `restricted`).
#[utoipa::path(tag = "documents", params(("id" = String, Path, description = "item id")),
    request_body(content = DocumentUpload, content_type = "multipart/form-data"),
    responses((status = 201, body = Paper), (status = 413, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])))]
#[post("/api/v1/items/{id}/documents")]
pub async fn upload(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    form: Multipart,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let item_id = parse_id(&path, "item")?;
    // Check the item before reading a large body.
    let check_id = item_id.clone();
    state
        .db(move |conn| item_and_meeting(conn, &check_id).map(|_| ()))
        .await?;
    let got = uploads::receive(&state, form, &[]).await?;
    let public_url = state.settings.public_url.clone();
    let row = uploads::store_paper(&state, actor, item_id, got).await?;
    Ok(respond(
        StatusCode::CREATED,
        Paper::from_row(row, &public_url),
    ))
}

/// A document's metadata.
#[utoipa::path(tag = "documents", params(("id" = String, Path)), responses((status = 200, body = Paper), (status = 404, body = Problem)))]
#[get("/api/v1/documents/{id}")]
pub async fn read(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = parse_id(&path, "document")?;
    let viewer = caller.viewer();
    let row = state
        .db(move |conn| minutebook_read::paper::visible(conn, &id, viewer))
        .await?;
    Ok(respond(
        StatusCode::OK,
        Paper::from_row(row, &state.settings.public_url),
    ))
}

/// Download a document: served with a paper type only when its content is
/// one (PDF, Word, Excel, PowerPoint, OpenDocument, PNG, JPEG, GIF, text,
/// CSV), else as `application/octet-stream` for download.
#[utoipa::path(tag = "documents", params(("id" = String, Path)),
    responses((status = 200, description = "the file", content_type = "application/octet-stream"), (status = 404, body = Problem)))]
#[get("/api/v1/documents/{id}/content")]
pub async fn content(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = parse_id(&path, "document")?;
    let viewer = caller.viewer();
    let row = state
        .db(move |conn| minutebook_read::paper::visible(conn, &id, viewer))
        .await?;
    let bytes = minutebook_read::paper::bytes(&state.documents, &row).await?;
    // Decided again from the content: rows stored before the allow-list
    // may name any type.
    let head = &bytes[..bytes.len().min(paper_types::SNIFF_BYTES)];
    let served = paper_types::decide(
        head,
        head.len() == bytes.len(),
        Some(&row.media_type),
        &row.filename,
    );
    let disposition = if served.inline {
        "inline"
    } else {
        "attachment"
    };
    let mut b = HttpResponse::Ok();
    b.content_type(served.content_type())
        .insert_header((
            "Content-Disposition",
            format!("{disposition}; filename=\"{}\"", row.filename),
        ))
        .insert_header(("ETag", format!("\"{}\"", row.sha256)))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .insert_header(("Content-Security-Policy", "default-src 'none'; sandbox"));
    if viewer == Viewer::Internal {
        b.insert_header(("Cache-Control", "private, no-store"));
    } else {
        b.insert_header(("Cache-Control", "public, max-age=300"));
    }
    Ok(b.body(bytes))
}

/// Remove a document from its item (kept as a tombstone).
#[utoipa::path(tag = "documents", params(("id" = String, Path)), responses((status = 204), (status = 404, body = Problem)),
    security(("bearer" = [])))]
#[delete("/api/v1/documents/{id}")]
pub async fn remove(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    if_match: IfMatch,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let id = parse_id(&path, "document")?;
    state
        .write(move |conn| papers::remove(conn, &actor, &id, &if_match))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

//! Documents attached to items: multipart upload (bytes kept by the
//! document store — the data folder or object storage, keyed by SHA-256 —
//! size and hash recorded), metadata and download.

use super::input::{etag, IfMatch};
use crate::caller::Caller;
use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{delete, get, post, web, HttpResponse};
use futures_util::StreamExt;
use minutebook_domain::paper_types;
use minutebook_domain::visibility::Viewer;
use minutebook_ground::error::{AppError, AppResult, Problem};
use minutebook_read::meeting::Paper;
use minutebook_store::{self as store, parse_id};
use minutebook_usecases::agenda::items::item_and_meeting;
use minutebook_usecases::agenda::papers;
use minutebook_web::state::AppState;
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use tokio::io::AsyncWriteExt;
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

/// Keeps a file name safe to echo in a header and on a page.
fn clean_filename(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && *c != '"')
        .take(200)
        .collect();
    if cleaned.trim().is_empty() {
        "document".into()
    } else {
        cleaned.trim().to_string()
    }
}

struct Received {
    temp: PathBuf,
    filename: String,
    declared_type: Option<String>,
    size: i64,
    sha256: String,
    /// The first bytes, for the type decision.
    head: Vec<u8>,
    title: Option<String>,
    restricted: bool,
}

async fn receive(state: &AppState, mut form: Multipart) -> AppResult<Received> {
    let dir = state.documents.incoming_dir();
    tokio::fs::create_dir_all(&dir)
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("cannot create {}: {e}", dir.display())))?;
    let limit = state.settings.max_upload_bytes as i64;
    let mut file: Option<(PathBuf, String, Option<String>, i64, String)> = None;
    let mut head = Vec::new();
    let mut title = None;
    let mut restricted = false;
    let bad = |e: actix_multipart::MultipartError| {
        AppError::BadRequest(format!("the multipart body is not valid: {e}"))
    };
    while let Some(field) = form.next().await {
        let mut field = field.map_err(bad)?;
        let name = field.name().unwrap_or_default().to_string();
        match name.as_str() {
            "file" => {
                if file.is_some() {
                    return Err(AppError::field("file", "send one file per upload"));
                }
                let filename = clean_filename(
                    field
                        .content_disposition()
                        .and_then(|cd| cd.get_filename())
                        .unwrap_or("document"),
                );
                let declared = field.content_type().map(|m| m.essence_str().to_string());
                let temp = dir.join(store::new_id());
                let mut out = tokio::fs::File::create(&temp)
                    .await
                    .map_err(|e| AppError::Internal(anyhow::anyhow!("cannot write upload: {e}")))?;
                // A chunk in memory at a time (tokio's default holds 2 MiB).
                out.set_max_buf_size(64 * 1024);
                let mut hasher = Sha256::new();
                let mut size: i64 = 0;
                while let Some(chunk) = field.next().await {
                    let chunk = match chunk {
                        Ok(c) => c,
                        Err(e) => {
                            let _ = tokio::fs::remove_file(&temp).await;
                            return Err(bad(e));
                        }
                    };
                    size += chunk.len() as i64;
                    if size > limit {
                        let _ = tokio::fs::remove_file(&temp).await;
                        return Err(AppError::PayloadTooLarge(format!(
                            "a document may be at most {limit} bytes"
                        )));
                    }
                    hasher.update(&chunk);
                    let room = paper_types::SNIFF_BYTES.saturating_sub(head.len());
                    head.extend_from_slice(&chunk[..room.min(chunk.len())]);
                    out.write_all(&chunk).await.map_err(|e| {
                        AppError::Internal(anyhow::anyhow!("cannot write upload: {e}"))
                    })?;
                }
                out.flush()
                    .await
                    .map_err(|e| AppError::Internal(e.into()))?;
                file = Some((
                    temp,
                    filename,
                    declared,
                    size,
                    hex::encode(hasher.finalize()),
                ));
            }
            "title" | "restricted" => {
                let mut buf = Vec::new();
                while let Some(chunk) = field.next().await {
                    let chunk = chunk.map_err(bad)?;
                    if buf.len() + chunk.len() > 4096 {
                        return Err(AppError::field(&name, "is too long"));
                    }
                    buf.extend_from_slice(&chunk);
                }
                let text = String::from_utf8(buf)
                    .map_err(|_| AppError::field(&name, "must be UTF-8 text"))?;
                if name == "title" {
                    let t = text.trim();
                    if t.contains('\0') || t.chars().count() > 500 {
                        return Err(AppError::field(
                            "title",
                            "must be at most 500 characters of text",
                        ));
                    }
                    title = (!t.is_empty()).then(|| t.to_string());
                } else {
                    restricted = match text.trim() {
                        "true" | "1" | "yes" => true,
                        "false" | "0" | "no" | "" => false,
                        _ => return Err(AppError::field("restricted", "must be true or false")),
                    };
                }
            }
            other => {
                return Err(AppError::field(
                    other,
                    "is not a field of an upload (allowed: file, title, restricted)",
                ));
            }
        }
    }
    let (temp, filename, declared_type, size, sha256) = file.ok_or_else(|| {
        AppError::field(
            "file",
            "is required: send the document as the multipart field 'file'",
        )
    })?;
    if size == 0 {
        let _ = tokio::fs::remove_file(&temp).await;
        return Err(AppError::field("file", "is empty"));
    }
    Ok(Received {
        temp,
        filename,
        declared_type,
        size,
        sha256,
        head,
        title,
        restricted,
    })
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
    let got = receive(&state, form).await?;
    let key = got.sha256.clone();
    state
        .documents
        .put_file(&got.temp, &key)
        .await
        .map_err(|e| AppError::Internal(anyhow::anyhow!("cannot store document: {e:#}")))?;
    let public_url = state.settings.public_url.clone();
    let whole = got.head.len() as i64 == got.size;
    let media_type = paper_types::decide(
        &got.head,
        whole,
        got.declared_type.as_deref(),
        &got.filename,
    )
    .media_type
    .to_string();
    let hook_url = public_url.clone();
    let row = state
        .write(move |conn| {
            let new = papers::NewPaper {
                title: got.title.unwrap_or_else(|| got.filename.clone()),
                filename: got.filename,
                media_type,
                size_bytes: got.size,
                sha256: got.sha256,
                storage_key: key,
                restricted: got.restricted,
            };
            papers::attach(conn, &actor, &item_id, new, &hook_url)
        })
        .await?;
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

//! A meeting's documents (agenda, minutes, reports pack) answered the same
//! from every surface that offers them (the API, the clerk's desk): the
//! audience's read model, the render budget, the response headers.

use crate::state::AppState;
use actix_web::http::header;
use actix_web::{web, HttpResponse};
use minutebook_domain::visibility::Viewer;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_read::meeting;
use minutebook_render::pdf::pack::{self, PackCache};
use minutebook_render::{self as render, dates, Audience, Format, Rendered};
use minutebook_store as store;
use std::collections::HashMap;
use std::sync::Arc;

/// What the read model loads for an audience: the public version is built
/// from exactly what the public may see.
pub fn viewer(audience: Audience) -> Viewer {
    match audience {
        Audience::Public => Viewer::Public,
        Audience::Internal => Viewer::Internal,
    }
}

fn safe_filename(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .collect()
}

/// A rendered document as the answer: Word as an attachment, the rest
/// inline; HTML under a policy that runs no script whatever its text says;
/// the internal version never kept by a cache.
pub fn respond(doc: Rendered, audience: Audience) -> HttpResponse {
    let disposition = if doc.format == Format::Docx {
        "attachment"
    } else {
        "inline"
    };
    let mut b = HttpResponse::Ok();
    b.content_type(doc.format.content_type())
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!(
                "{disposition}; filename=\"{}\"",
                safe_filename(&doc.filename)
            ),
        ))
        .insert_header((header::VARY, "Accept, Authorization"))
        .insert_header(("X-Content-Type-Options", "nosniff"));
    if doc.format == Format::Html {
        b.insert_header((
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'",
        ));
    }
    if audience == Audience::Internal {
        b.insert_header((header::CACHE_CONTROL, "private, no-store"));
    }
    b.body(doc.bytes)
}

/// Which of a meeting's documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    Agenda,
    Minutes,
}

/// A meeting's agenda or minutes for an audience, in a format, within the
/// render budget (`staff`: a token holder or a desk session; else the
/// public's budget for `client`). The minutes exist once the audience may
/// see them.
pub async fn render_document(
    state: &AppState,
    id: String,
    what: Document,
    audience: Audience,
    format: Format,
    staff: bool,
    client: &str,
) -> AppResult<HttpResponse> {
    let public_url = state.settings.public_url.clone();
    let _rendering = state.limits.render_for(staff, client)?;
    let doc = state
        .db(move |conn| {
            let m = meeting::load_meeting(conn, &id, viewer(audience), &public_url)?;
            match what {
                Document::Agenda => render::render_agenda(&m, audience, format),
                Document::Minutes if !m.minutes_visible => {
                    Err(AppError::NotFound("minutes not yet published".into()))
                }
                Document::Minutes => render::render_minutes(&m, audience, format),
            }
        })
        .await?;
    Ok(respond(doc, audience))
}

/// The reports pack of a meeting for an audience: built when asked (within
/// the render budget) and kept by everything that changes it.
pub async fn reports_pack(
    state: &AppState,
    cache: &PackCache,
    id: String,
    audience: Audience,
    staff: bool,
    client: &str,
) -> AppResult<HttpResponse> {
    let public_url = state.settings.public_url.clone();
    let (m, key, stored) = state
        .db(move |conn| {
            let m = meeting::load_meeting(conn, &id, viewer(audience), &public_url)?;
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
            let _rendering = state.limits.render_for(staff, client)?;
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
    let mut b = HttpResponse::Ok();
    b.content_type(render::pdf::MEDIA_TYPE)
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("inline; filename=\"{}\"", safe_filename(&filename)),
        ))
        .insert_header((header::ETAG, format!("\"{key}\"")))
        .insert_header((header::VARY, "Authorization"))
        .insert_header(("X-Content-Type-Options", "nosniff"));
    if audience == Audience::Internal {
        b.insert_header((header::CACHE_CONTROL, "private, no-store"));
    }
    Ok(b.body(pdf.as_ref().clone()))
}

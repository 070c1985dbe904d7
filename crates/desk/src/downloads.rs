//! A meeting's documents from the desk, in the clerk's version (restricted
//! items in full, marked as exempt; drafts marked DRAFT): the agenda and the
//! minutes as a web page, PDF or Word, and the reports pack, built by the
//! same code as the API's and within the staff's render budget. Readers
//! may download them, as a reader's API token may.

use super::error_page;
use super::page::{id, staff};
use actix_web::{get, web, HttpRequest, HttpResponse};
use minutebook_domain::access::Role;
use minutebook_ground::error::AppError;
use minutebook_render::pdf::pack::PackCache;
use minutebook_render::{Audience, Format};
use minutebook_web::documents::{self, Document};
use minutebook_web::limits::client_of;
use minutebook_web::state::AppState;

/// `GET /desk/meetings/{id}/download/{what}/{format}`: `what` is
/// `agenda`, `minutes` or `pack` (PDF only); `format` is `html`, `pdf` or
/// `docx`.
#[get("/desk/meetings/{id}/download/{what}/{format}")]
pub async fn download(
    state: web::Data<AppState>,
    cache: web::Data<PackCache>,
    req: HttpRequest,
    path: web::Path<(String, String, String)>,
) -> HttpResponse {
    // What a reader's API token may read, a reader's session may too.
    if let Err(r) = staff(&state, &req, Role::Reader).await {
        return r;
    }
    let (raw, what, format) = path.into_inner();
    let id = match id(&raw, "meeting") {
        Ok(id) => id,
        Err(r) => return r,
    };
    let format = match format.as_str() {
        "html" => Format::Html,
        "pdf" => Format::Pdf,
        "docx" => Format::Docx,
        _ => {
            return error_page(&AppError::NotFound(
                "no such format: html, pdf or docx".into(),
            ))
        }
    };
    let client = client_of(&req);
    let answer = match (what.as_str(), format) {
        ("agenda", f) => {
            documents::render_document(
                &state,
                id,
                Document::Agenda,
                Audience::Internal,
                f,
                true,
                &client,
            )
            .await
        }
        ("minutes", f) => {
            documents::render_document(
                &state,
                id,
                Document::Minutes,
                Audience::Internal,
                f,
                true,
                &client,
            )
            .await
        }
        ("pack", Format::Pdf) => {
            documents::reports_pack(&state, &cache, id, Audience::Internal, true, &client).await
        }
        _ => Err(AppError::NotFound(
            "no such document: agenda, minutes or pack (PDF)".into(),
        )),
    };
    answer.unwrap_or_else(|e| error_page(&e))
}

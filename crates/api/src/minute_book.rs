//! `GET /api/v1/bodies/{body}/minute-book/verify`: anyone may check that a
//! body's confirmed minutes are as they were confirmed.

use crate::caller::Caller;
use actix_web::{get, web, HttpResponse};
use minutebook_domain::visibility::Viewer;
use minutebook_ground::error::{AppResult, Problem};
use minutebook_usecases::minutes::minute_book::{self, Verification};
use minutebook_web::state::AppState;

/// Verify a body's minute book: walks the hash chain of confirmations and
/// recomputes every confirmed meeting's text from the stored records.
/// Answers `{"ok": true, "entries": n, "head": "…"}`, or `ok: false` with
/// the meetings and what differs. Public; the lines that differ are shown
/// only to token holders (the public sees their numbers).
#[utoipa::path(tag = "minutes", params(("body_id" = String, Path, description = "the body's id or slug")),
    responses((status = 200, body = Verification),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "too many documents being rendered at once; see Retry-After", body = Problem, content_type = "application/problem+json")))]
#[get("/api/v1/bodies/{body_id}/minute-book/verify")]
pub async fn verify(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    req: actix_web::HttpRequest,
) -> AppResult<HttpResponse> {
    // Verifying re-renders every confirmed meeting of the body: it counts
    // against the same limit as rendering documents.
    let _rendering = state.limits.render_for(
        caller.token.is_some(),
        &minutebook_web::limits::client_of(&req),
    )?;
    let key = path.into_inner();
    let show_lines = caller.viewer() != Viewer::Public;
    let settings = state.settings.clone();
    let v = state
        .db(move |conn| minute_book::verify(conn, &key, &settings, show_lines))
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(v))
}

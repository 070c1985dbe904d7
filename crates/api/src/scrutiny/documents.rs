//! `/api/v1/reviews/{id}/report` and `/api/v1/reviews/{id}/action-plan`:
//! the scrutiny documents as HTML, Markdown, text or Word.

use crate::caller::Caller;
use crate::input::Check;
use actix_web::http::header;
use actix_web::{get, web, HttpRequest, HttpResponse};
use minutebook_ground::error::{AppError, AppResult, Problem};
use minutebook_render::scrutiny::ReportOptions;
use minutebook_render::{self as render, Format, Rendered};
use minutebook_store::parse_id;
use minutebook_store::scrutiny as ss;
use minutebook_web::state::AppState;
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// `html`, `md`, `txt`, `docx` or `pdf`; by `Accept` when absent, HTML when
    /// neither says.
    pub format: Option<String>,
    /// Only this round, e.g. `March 2023`: recommendations without a round
    /// in it are left out.
    pub period: Option<String>,
    /// The appendix line at the top; default `APPENDIX 1`.
    pub appendix: Option<String>,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PlanQuery {
    /// `html`, `md`, `txt`, `docx` or `pdf`; by `Accept` when absent.
    pub format: Option<String>,
}

fn choose_format(req: &HttpRequest, format: Option<&str>) -> AppResult<Format> {
    let accept = req
        .headers()
        .get(header::ACCEPT)
        .map(|v| {
            v.to_str()
                .map_err(|_| AppError::BadRequest("the Accept header is not readable".into()))
        })
        .transpose()?;
    render::negotiate(format, accept)
}

fn send_document(doc: Rendered) -> HttpResponse {
    let disposition = if doc.format == Format::Docx {
        "attachment"
    } else {
        "inline"
    };
    let mut b = HttpResponse::Ok();
    b.content_type(doc.format.content_type())
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("{disposition}; filename=\"{}\"", doc.filename),
        ))
        .insert_header((header::VARY, "Accept"))
        .insert_header(("X-Content-Type-Options", "nosniff"));
    if doc.format == Format::Html {
        b.insert_header((
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'",
        ));
    }
    b.body(doc.bytes)
}

/// The progress report ("Appendix 1"): the review, then each
/// recommendation with its rounds of evidence, assessment and impact, and
/// the grading key.
#[utoipa::path(tag = "scrutiny", params(("id" = String, Path), ReportQuery),
    responses(
        (status = 200, description = "the progress report", content(
            (String = "text/html"), (String = "text/markdown"), (String = "text/plain"),
            (crate::render::WordFile = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            (crate::pack::PdfFile = "application/pdf"))),
        (status = 404, body = Problem), (status = 406, body = Problem), (status = 422, body = Problem),
        (status = 503, description = "too many documents being rendered at once; see Retry-After", body = Problem)))]
#[get("/api/v1/reviews/{id}/report")]
pub async fn report(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    q: web::Query<ReportQuery>,
    req: HttpRequest,
) -> AppResult<HttpResponse> {
    let id = parse_id(&path, "review")?;
    let format = choose_format(&req, q.format.as_deref())?;
    let mut c = Check::new();
    let period = c.text("period", q.period.clone(), 100);
    let appendix = c.text("appendix", q.appendix.clone(), 40);
    c.finish()?;
    let opts = ReportOptions { period, appendix };
    let _rendering = state.limits.render_for(
        caller.token.is_some(),
        &minutebook_web::limits::client_of(&req),
    )?;
    let doc = state
        .db(move |conn| {
            let b = ss::load_review(conn, &id)?;
            render::render_progress_report(&b, &opts, format)
        })
        .await?;
    Ok(send_document(doc))
}

/// The action plan: each recommendation (or lettered part) with its
/// proposed action, post title, budget cost and timescale.
#[utoipa::path(tag = "scrutiny", params(("id" = String, Path), PlanQuery),
    responses(
        (status = 200, description = "the action plan", content(
            (String = "text/html"), (String = "text/markdown"), (String = "text/plain"),
            (crate::render::WordFile = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            (crate::pack::PdfFile = "application/pdf"))),
        (status = 404, body = Problem), (status = 406, body = Problem), (status = 422, body = Problem),
        (status = 503, description = "too many documents being rendered at once; see Retry-After", body = Problem)))]
#[get("/api/v1/reviews/{id}/action-plan")]
pub async fn action_plan(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    q: web::Query<PlanQuery>,
    req: HttpRequest,
) -> AppResult<HttpResponse> {
    let id = parse_id(&path, "review")?;
    let format = choose_format(&req, q.format.as_deref())?;
    let _rendering = state.limits.render_for(
        caller.token.is_some(),
        &minutebook_web::limits::client_of(&req),
    )?;
    let doc = state
        .db(move |conn| {
            let b = ss::load_review(conn, &id)?;
            render::render_action_plan(&b, format)
        })
        .await?;
    Ok(send_document(doc))
}

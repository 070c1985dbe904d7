//! A modern.gov-compatible web service, `GET /mgWebService.asmx/{Operation}`,
//! so that council websites, apps and open-data scrapers written for
//! modern.gov keep working: the same operations, query parameters, XML
//! elements and formats (see [`ops`]), stable integer ids kept in the
//! database, conditional requests (`ETag`, `Last-Modified`, `304`) on every
//! operation, and errors as a client expects (`400` for a malformed id or
//! date, `404` for an unknown one, as short text). Public and read-only:
//! a token changes nothing here.

mod dispatch;
pub mod format;
mod lists;
mod meeting;
mod members;
pub mod minutes_html;
pub mod ops;
pub mod xml;

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{guard, web, HttpRequest, HttpResponse};
use minutebook_ground::error::AppError;
use minutebook_web::state::AppState;

pub const XML: &str = "text/xml; charset=utf-8";

/// The service's routes (the path as modern.gov spells it, and in lower
/// case as many clients write it).
pub fn routes(cfg: &mut web::ServiceConfig) {
    for base in ["/mgWebService.asmx", "/mgwebservice.asmx"] {
        cfg.route(
            &format!("{base}/{{operation}}"),
            web::route()
                .guard(guard::Any(guard::Get()).or(guard::Head()))
                .to(operation),
        );
    }
}

/// One operation of the modern.gov-compatible web service.
/// The web service's part of the OpenAPI description (merged into the
/// API's at start).
#[derive(utoipa::OpenApi)]
#[openapi(paths(operation))]
pub struct MgwsDoc;

#[utoipa::path(get, path = "/mgWebService.asmx/{operation}", tag = "modern.gov",
    params(("operation" = String, Path, description = "GetCommittees, GetMeetings, GetMeeting, GetMemberGroup, GetCommitteesByUser, GetCouncillorsByWard, GetAllMeetingsByDate or GetCalendarEvents; parameters as modern.gov takes them (lCommitteeId, sFromDate, sToDate as dd/mm/yyyy or 0, lMeetingId, lUserId, …)")),
    responses((status = 200, description = "the XML modern.gov answers", content_type = "text/xml"),
        (status = 304, description = "not modified since the client's copy"),
        (status = 400, description = "a malformed id or date", content_type = "text/plain"),
        (status = 404, description = "an unknown operation or id", content_type = "text/plain")))]
pub async fn operation(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
) -> HttpResponse {
    let op = path.into_inner();
    let params = ops::Params::parse(req.query_string());
    let public_url = state.settings.public_url.clone();
    let result = state
        .db(move |conn| dispatch::answer(conn, &op, &params, &public_url))
        .await;
    match result {
        Ok(a) => respond(&req, a),
        Err(e) => error(&e),
    }
}

fn common(b: &mut actix_web::HttpResponseBuilder) {
    b.insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
        .insert_header((header::ACCESS_CONTROL_EXPOSE_HEADERS, "ETag, Last-Modified"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"));
}

/// `200` with validators, or `304` when the client's copy is current:
/// `If-None-Match` decides when sent, else `If-Modified-Since`.
fn respond(req: &HttpRequest, a: ops::Answer) -> HttpResponse {
    let etag = minutebook_web::published::etag_of(&a.body);
    let last_modified = a.last_modified.map(format::to_second);
    let inm: Vec<String> = req
        .headers()
        .get_all(header::IF_NONE_MATCH)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|t| t.trim().trim_start_matches("W/").to_string())
        .collect();
    let not_modified = if !inm.is_empty() {
        inm.iter().any(|t| t == "*" || *t == etag)
    } else {
        match (
            last_modified,
            req.headers()
                .get(header::IF_MODIFIED_SINCE)
                .and_then(|v| v.to_str().ok())
                .and_then(format::parse_http_date),
        ) {
            (Some(lm), Some(since)) => lm <= since,
            _ => false,
        }
    };
    let mut b = HttpResponse::build(if not_modified {
        StatusCode::NOT_MODIFIED
    } else {
        StatusCode::OK
    });
    common(&mut b);
    b.insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, "public, max-age=60"));
    if let Some(lm) = last_modified {
        b.insert_header((header::LAST_MODIFIED, format::http_date(lm)));
    }
    if not_modified {
        return b.finish();
    }
    b.insert_header((header::CONTENT_TYPE, HeaderValue::from_static(XML)))
        .body(a.body)
}

/// An error as short text (what an ASMX client shows); internal causes are
/// logged, never sent.
fn error(e: &AppError) -> HttpResponse {
    let (status, text) = match e {
        AppError::BadRequest(t) => (StatusCode::BAD_REQUEST, t.clone()),
        AppError::NotFound(t) => (StatusCode::NOT_FOUND, t.clone()),
        AppError::Unavailable(t) => (StatusCode::SERVICE_UNAVAILABLE, t.clone()),
        other => {
            if let AppError::Internal(cause) = other {
                tracing::error!(error = %format!("{cause:#}"), "web service failed");
            }
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "The service could not answer; the error has been logged.".to_string(),
            )
        }
    };
    let mut b = HttpResponse::build(status);
    common(&mut b);
    b.insert_header((header::CACHE_CONTROL, "no-store"))
        .content_type("text/plain; charset=utf-8")
        .body(format!("{text}\n"))
}

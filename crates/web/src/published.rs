//! What every public page, fragment, calendar and feed shares: the
//! templates (rendered by the one shared environment,
//! [`minutebook_render::templates`]), the security headers (a
//! Content-Security-Policy on every response; pages may not be framed, the
//! embeddable fragment may), ETags with `304 Not Modified`, and HTML error
//! pages.

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use minutebook_ground::error::{AppError, AppResult};
use serde::Serialize;

/// What the site calls itself.
pub const SITE_NAME: &str = "Committee meetings";

/// Pages: nothing but our own stylesheet, never framed.
pub const PAGE_CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The embeddable fragment: the same, but any site may frame it.
pub const EMBED_CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; \
     form-action 'self'; frame-ancestors *; base-uri 'none'";

/// Calendars and feeds: data, not documents to run.
pub const DATA_CSP: &str = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'";

/// The stylesheet, served at `/assets/public.css`.
pub const STYLESHEET: &str = minutebook_render::templates::PUBLIC_STYLESHEET;

/// Renders the public template `name` (in `templates/`, known to the
/// shared environment as `public/{name}`) with a context. The names end in
/// `.html`, so every value is autoescaped; nothing from the database is
/// marked safe.
pub fn render<S: Serialize>(name: &str, ctx: S) -> AppResult<String> {
    minutebook_render::templates::render(&format!("public/{name}"), ctx)
}

/// How a response may be cached and framed.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    pub cache_control: &'static str,
    pub csp: &'static str,
    /// Pages refuse framing also by `X-Frame-Options` (older browsers).
    pub deny_framing: bool,
    /// Other sites' scripts may read it (feeds, calendars, the fragment).
    pub cors: bool,
}

impl Policy {
    pub const PAGE: Policy = Policy {
        cache_control: "public, no-cache",
        csp: PAGE_CSP,
        deny_framing: true,
        cors: false,
    };
    pub const EMBED: Policy = Policy {
        cache_control: "public, max-age=300",
        csp: EMBED_CSP,
        deny_framing: false,
        cors: true,
    };
    pub const FEED: Policy = Policy {
        cache_control: "public, max-age=300",
        csp: DATA_CSP,
        deny_framing: true,
        cors: true,
    };
    pub const ASSET: Policy = Policy {
        cache_control: "public, max-age=86400",
        csp: DATA_CSP,
        deny_framing: true,
        cors: false,
    };
}

/// A strong ETag: the first 128 bits of the SHA-256 of the body.
pub fn etag_of(body: &[u8]) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(body);
    format!("\"{}\"", hex::encode(&digest[..16]))
}

/// Whether `If-None-Match` names this ETag (or `*`).
fn not_modified(req: &HttpRequest, etag: &str) -> bool {
    req.headers()
        .get_all(header::IF_NONE_MATCH)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .any(|t| t == "*" || t.trim_start_matches("W/") == etag)
}

fn headers(b: &mut actix_web::HttpResponseBuilder, policy: Policy) {
    b.insert_header((header::CONTENT_SECURITY_POLICY, policy.csp))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::REFERRER_POLICY, "strict-origin-when-cross-origin"));
    if policy.deny_framing {
        b.insert_header((header::X_FRAME_OPTIONS, "DENY"));
    }
    if policy.cors {
        b.insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"));
    }
}

/// A `200` with an ETag, or a `304` when the client already has it.
pub fn cached(
    req: &HttpRequest,
    content_type: &str,
    body: impl Into<actix_web::web::Bytes>,
    policy: Policy,
) -> HttpResponse {
    let body = body.into();
    let etag = etag_of(&body);
    let fresh = not_modified(req, &etag);
    tagged(fresh, etag, content_type, body, policy)
}

/// The `If-None-Match` header, if sent (several are joined by commas).
pub fn if_none_match(req: &HttpRequest) -> Option<String> {
    let all: Vec<&str> = req
        .headers()
        .get_all(header::IF_NONE_MATCH)
        .filter_map(|v| v.to_str().ok())
        .collect();
    (!all.is_empty()).then(|| all.join(","))
}

/// A `304` when `fresh` (the client has `etag`), else a `200` with `body`.
pub fn tagged(
    fresh: bool,
    etag: String,
    content_type: &str,
    body: impl Into<actix_web::web::Bytes>,
    policy: Policy,
) -> HttpResponse {
    let status = if fresh {
        StatusCode::NOT_MODIFIED
    } else {
        StatusCode::OK
    };
    let mut b = HttpResponse::build(status);
    headers(&mut b, policy);
    b.insert_header((header::CACHE_CONTROL, policy.cache_control))
        .insert_header((header::ETAG, etag));
    if status == StatusCode::NOT_MODIFIED {
        return b.finish();
    }
    b.insert_header((
        header::CONTENT_TYPE,
        HeaderValue::from_str(content_type)
            .unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream")),
    ));
    b.body(body.into())
}

pub const HTML: &str = "text/html; charset=utf-8";

#[derive(Serialize)]
struct ErrorPage<'a> {
    site: &'a str,
    title: &'a str,
    message: &'a str,
    status: u16,
}

/// An error as an HTML page (the API's problem+json is for programs).
/// Internal causes are logged, never shown.
pub fn error_page(err: &AppError, policy: Policy) -> HttpResponse {
    let (status, title, message) = match err {
        AppError::NotFound(_) => (
            StatusCode::NOT_FOUND,
            "Page not found",
            "There is nothing at this address. It may have been moved, or the meeting may not be published yet.",
        ),
        AppError::Validation(_) | AppError::BadRequest(_) => (
            StatusCode::BAD_REQUEST,
            "That request could not be understood",
            "Please check the address or the search words and try again.",
        ),
        AppError::Unavailable(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            "Service busy",
            "The service is busy right now. Please try again in a moment.",
        ),
        other => {
            if let AppError::Internal(cause) = other {
                tracing::error!(error = %format!("{cause:#}"), "public page failed");
            }
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Sorry, there is a problem with the service",
                "Please try again later.",
            )
        }
    };
    let html = render(
        "error.html",
        ErrorPage {
            site: SITE_NAME,
            title,
            message,
            status: status.as_u16(),
        },
    )
    .unwrap_or_else(|_| format!("<!DOCTYPE html><title>{title}</title><h1>{title}</h1>"));
    let mut b = HttpResponse::build(status);
    headers(&mut b, policy);
    b.insert_header((header::CACHE_CONTROL, "no-store"))
        .content_type(HTML)
        .body(html)
}

/// A page, or its error as a page.
pub fn page(req: &HttpRequest, result: AppResult<String>) -> HttpResponse {
    match result {
        Ok(html) => cached(req, HTML, html, Policy::PAGE),
        Err(e) => error_page(&e, Policy::PAGE),
    }
}

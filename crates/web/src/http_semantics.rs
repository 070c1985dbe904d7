//! HTTP semantics every route shares, applied around the one route table:
//! `HEAD` is answered as `GET` (the connection sends the headers only); a
//! known path asked with a method it does not support is `405` with `Allow`,
//! not `404`; every answer carries `X-Content-Type-Options: nosniff`; an
//! answer whose Content-Security-Policy does not name its frame-ancestors
//! (the API docs, JSON, a rendered document) refuses framing; the public
//! embeddable fragment names them, and stays frameable; a `%00` in the
//! address is `400`.

use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{header, Method};
use actix_web::{web, HttpRequest, HttpResponse};
use minutebook_ground::error::Problem;

/// The order methods are listed in `Allow`.
const ORDER: [Method; 6] = [
    Method::GET,
    Method::HEAD,
    Method::POST,
    Method::PUT,
    Method::PATCH,
    Method::DELETE,
];

/// Which methods each path answers: the OpenAPI description's operations,
/// plus routes outside it that answer more than `GET`. A path that matches a
/// route but no entry here answers `GET` (and so `HEAD`) only.
pub struct AllowTable {
    routes: Vec<(Template, Vec<Method>)>,
}

/// A route's path template (`/api/v1/meetings/{id}/items`) matched segment
/// by segment: a `{name}` segment takes any one non-empty segment, any
/// other must be equal. What the route table's templates are; kept this
/// simple because a regex per route (as the router builds) held about a
/// megabyte for a table only asked on a `405`.
struct Template {
    segments: Vec<Segment>,
}

enum Segment {
    Literal(String),
    Param,
}

impl Template {
    fn new(path: &str) -> Template {
        let segments = path
            .split('/')
            .map(|s| {
                if s.starts_with('{') && s.ends_with('}') {
                    Segment::Param
                } else {
                    Segment::Literal(s.to_owned())
                }
            })
            .collect();
        Template { segments }
    }

    fn is_match(&self, path: &str) -> bool {
        let mut parts = path.split('/');
        let all = self.segments.iter().all(|seg| match (seg, parts.next()) {
            (Segment::Literal(l), Some(p)) => l == p,
            (Segment::Param, Some(p)) => !p.is_empty(),
            (_, None) => false,
        });
        all && parts.next().is_none()
    }

    /// A path without parameters (`/api/v1/reviews/imports`).
    fn is_fixed(&self) -> bool {
        self.segments
            .iter()
            .all(|s| matches!(s, Segment::Literal(_)))
    }
}

impl AllowTable {
    pub fn new(openapi_json: &str, extra: &[(&str, &[Method])]) -> AllowTable {
        let mut routes = Vec::new();
        let doc: serde_json::Value = serde_json::from_str(openapi_json).unwrap_or_default();
        if let Some(paths) = doc["paths"].as_object() {
            for (path, item) in paths {
                let methods = ORDER
                    .iter()
                    .filter(|m| item.get(m.as_str().to_ascii_lowercase()).is_some())
                    .cloned()
                    .collect();
                routes.push((Template::new(path), methods));
            }
        }
        for (path, methods) in extra {
            routes.push((Template::new(path), methods.to_vec()));
        }
        AllowTable { routes }
    }

    /// The `Allow` value for a path a route matches.
    pub fn allow(&self, path: &str) -> String {
        let matching: Vec<&(Template, Vec<Method>)> = self
            .routes
            .iter()
            .filter(|(def, _)| def.is_match(path))
            .collect();
        // A fixed path (`/api/v1/reviews/imports`) is its own resource, not
        // an instance of a pattern beside it (`/api/v1/reviews/{id}`).
        let fixed: Vec<&(Template, Vec<Method>)> = matching
            .iter()
            .copied()
            .filter(|(def, _)| def.is_fixed())
            .collect();
        let chosen = if fixed.is_empty() { matching } else { fixed };
        let mut methods: Vec<&Method> = chosen.iter().flat_map(|(_, m)| m.iter()).collect();
        if methods.is_empty() {
            methods.push(&Method::GET);
        }
        ORDER
            .iter()
            .filter(|m| {
                methods.contains(m) || (**m == Method::HEAD && methods.contains(&&Method::GET))
            })
            .map(Method::as_str)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Before routing: `HEAD` is routed as `GET`. The connection remembers the
/// request was `HEAD` and sends the headers (with the length) without a body.
pub fn before(req: &mut ServiceRequest) {
    if req.method() == Method::HEAD {
        req.head_mut().method = Method::GET;
    }
}

/// A NUL character in a request's path or query (`%00`) names nothing
/// here, and the databases refuse it in a text value: `400` before any
/// handler sees it, so that no search word, slug or filter can carry one.
pub async fn refuse_nul(
    req: ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<ServiceResponse<actix_web::body::BoxBody>, actix_web::Error> {
    use actix_web::ResponseError;
    let uri = req.uri().to_string();
    if has_nul(&uri) {
        let e = minutebook_ground::error::AppError::BadRequest(
            "the address contains a NUL character (%00)".into(),
        );
        return Ok(req.into_response(e.error_response()));
    }
    Ok(next.call(req).await?.map_into_boxed_body())
}

/// Whether an address holds a NUL, escaped or not.
pub fn has_nul(uri: &str) -> bool {
    uri.contains('\0')
        || uri
            .as_bytes()
            .windows(3)
            .any(|w| w[0] == b'%' && w[1] == b'0' && w[2] == b'0')
}

/// After the handler: `Allow` on every `405`, `nosniff` everywhere, and
/// framing refused where the answer set no policy of its own.
pub fn after<B>(res: &mut ServiceResponse<B>) {
    let allow = (res.status().as_u16() == 405 && !res.headers().contains_key(header::ALLOW))
        .then(|| {
            res.request()
                .app_data::<web::Data<AllowTable>>()
                .map(|t| t.allow(res.request().path()))
        })
        .flatten();
    let headers = res.headers_mut();
    if let Some(allow) = allow {
        if let Ok(v) = header::HeaderValue::from_str(&allow) {
            headers.insert(header::ALLOW, v);
        }
    }
    if !headers.contains_key(header::X_CONTENT_TYPE_OPTIONS) {
        headers.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            header::HeaderValue::from_static("nosniff"),
        );
    }
    let policy = headers
        .get(header::CONTENT_SECURITY_POLICY)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    // A policy that says nothing of framing refuses it too: only an answer
    // that names its frame-ancestors (the embeddable fragment) is framed.
    let framing = match policy {
        None => Some("frame-ancestors 'none'".to_string()),
        Some(p) if !p.contains("frame-ancestors") => Some(format!("{p}; frame-ancestors 'none'")),
        Some(_) => None,
    };
    if let Some(v) = framing.and_then(|p| header::HeaderValue::from_str(&p).ok()) {
        headers.insert(header::CONTENT_SECURITY_POLICY, v);
        if !headers.contains_key(header::X_FRAME_OPTIONS) {
            headers.insert(
                header::X_FRAME_OPTIONS,
                header::HeaderValue::from_static("DENY"),
            );
        }
    }
}

/// No route answers this path and method: `405` with `Allow` when some
/// route answers the path, else `404`.
pub async fn no_route(req: HttpRequest) -> HttpResponse {
    let (status, slug, title, detail) = if req.resource_map().has_resource(req.path()) {
        (
            405,
            "method-not-allowed",
            "Method not allowed",
            format!(
                "{} is not supported here; see the Allow header",
                req.method()
            ),
        )
    } else {
        (
            404,
            "not-found",
            "Not found",
            "there is nothing at this address".to_string(),
        )
    };
    // A reader who follows a wrong link in a browser gets the site's own
    // error page (a program asking for JSON, or any API path, gets JSON).
    let wants_html = req
        .headers()
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("text/html"));
    let api = ["/api/", "/oparl/", "/mgWebService"]
        .iter()
        .any(|p| req.path().starts_with(p));
    if status == 404 && wants_html && !api {
        return crate::published::error_page(
            &minutebook_ground::error::AppError::NotFound(detail),
            crate::published::Policy::PAGE,
        );
    }
    let mut b = HttpResponse::build(
        actix_web::http::StatusCode::from_u16(status)
            .unwrap_or(actix_web::http::StatusCode::NOT_FOUND),
    );
    if status == 405 {
        if let Some(t) = req.app_data::<web::Data<AllowTable>>() {
            b.insert_header((header::ALLOW, t.allow(req.path())));
        }
    }
    b.content_type("application/problem+json").json(Problem {
        type_: format!("https://minutebook.dev/problems/{slug}"),
        title: title.into(),
        status,
        detail,
        errors: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"{"paths": {
        "/api/v1/bodies": {"get": {}, "post": {}},
        "/api/v1/bodies/{slug}": {"get": {}, "patch": {}},
        "/api/v1/reviews/imports": {"post": {}},
        "/api/v1/reviews/{id}": {"get": {}, "patch": {}},
        "/api/v1/outbox/{id}/retry": {"post": {}}
    }}"#;

    #[test]
    fn allow_lists_the_described_methods_with_head_beside_get() {
        let t = AllowTable::new(DOC, &[("/approvals/{token}", &[Method::GET, Method::POST])]);
        assert_eq!(t.allow("/api/v1/bodies"), "GET, HEAD, POST");
        assert_eq!(t.allow("/api/v1/bodies/ssp"), "GET, HEAD, PATCH");
        assert_eq!(t.allow("/api/v1/outbox/x/retry"), "POST");
        assert_eq!(t.allow("/api/v1/reviews/imports"), "POST");
        assert_eq!(t.allow("/api/v1/reviews/r1"), "GET, HEAD, PATCH");
        assert_eq!(t.allow("/approvals/abc"), "GET, HEAD, POST");
        // A route outside the description: a page or a feed.
        assert_eq!(t.allow("/bodies/ssp/embed"), "GET, HEAD");
    }

    #[test]
    fn a_template_matches_whole_segments_only() {
        let t = Template::new("/api/v1/bodies/{id}");
        assert!(t.is_match("/api/v1/bodies/ssp"));
        assert!(!t.is_match("/api/v1/bodies/"));
        assert!(!t.is_match("/api/v1/bodies"));
        assert!(!t.is_match("/api/v1/bodies/ssp/years"));
        assert!(!t.is_match("/api/v2/bodies/ssp"));
        assert!(!t.is_fixed());
        assert!(Template::new("/api/v1/reviews/imports").is_fixed());
    }
}

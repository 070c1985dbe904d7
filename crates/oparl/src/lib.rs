//! The OParl 1.1 read API under `/oparl/v1`: what council-information
//! portals and harvesters read (<https://oparl.org>, schemas in
//! `shared/oparl-1.1-schema`). Public and read-only: a token changes
//! nothing here, and everything served is what the public may see.
//!
//! Design:
//! - **One `Body`** (`/oparl/v1/body/0`): OParl's body is the authority
//!   that holds the meetings (a council); minutebook runs one such
//!   authority, so the installation is one Body and each minutebook body
//!   (partnership, committee, board, panel) is an `Organization` of it.
//!   Memberships link people to those organisations.
//! - **Legislative terms** are the numbering years: one term per distinct
//!   (start month, numbering year) in which a minute number was given, named
//!   "2023/24" (a body whose year starts in January: "2024"); if bodies
//!   with different start months share a label, each says "(from May)".
//!   A term's dates follow the start month: 1 May 2023 – 30 April 2024.
//! - **Extensions** go in vendor-prefixed properties, `minutebook:…`
//!   (attendance with organisation and substitute, declarations, the
//!   Schedule 12A paragraph, minute text, structured outcomes, SHA-256 of
//!   files): the OParl schemas allow additional properties and the
//!   specification names a vendor prefix as the way to add them.
//! - **Lists** are OParl external lists (`data`, `pagination`, `links`),
//!   ordered by `(created, id)` with keyset pagination (an opaque `cursor`
//!   in the `next` link, stable while objects are added), filtered by
//!   `created_since`, `created_until`, `modified_since`, `modified_until`
//!   (RFC 3339) and sized by `limit` (or OParl's `elementsPerPage`), and
//!   by bytes: a page stops before the object that would take its objects
//!   past `PAGE_BYTES` of JSON (a meeting embeds its agenda items, so 100
//!   of them could be megabytes) and goes on at `links.next` from the last
//!   object it holds; a single larger object still has its page.
//! - **Deleted** objects that were public stay at their URL and in their
//!   lists with `deleted: true` (a withdrawn agenda item, a removed
//!   membership or document); drafts, restricted papers and unpublished
//!   minutes never appear at all.

pub mod handlers;
pub mod objects;

use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::NaiveDateTime;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_read::page::{decode_position, encode_cursor};
use minutebook_store::oparl_queries::Window;
use serde::Deserialize;
use serde_json::{json, Value};

pub const DEFAULT_LIMIT: i64 = 100;
pub const MAX_LIMIT: i64 = 500;
/// A list page's objects stop short of this many bytes of JSON (unless
/// one object alone is larger: it is then the page's only object).
pub const PAGE_BYTES: usize = 96 * 1024;

pub const JSON: &str = "application/json; charset=utf-8";

/// GET, and HEAD (the same answer without its body).
fn get() -> actix_web::Route {
    use actix_web::guard;
    web::route().guard(guard::Any(guard::Get()).or(guard::Head()))
}

/// Every OParl route, under one scope that lets any site read it.
pub fn routes(cfg: &mut web::ServiceConfig) {
    use handlers as h;
    cfg.service(
        web::scope("/oparl/v1")
            .wrap(
                actix_web::middleware::DefaultHeaders::new()
                    .add((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
                    .add((header::ACCESS_CONTROL_EXPOSE_HEADERS, "ETag, Last-Modified"))
                    .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff")),
            )
            .route("", get().to(h::system))
            .route("/", get().to(h::system))
            .route("/system", get().to(h::system))
            .route("/bodies", get().to(h::bodies))
            .route("/body/{key}", get().to(h::body))
            .route("/body/{key}/organizations", get().to(h::organizations))
            .route("/body/{key}/people", get().to(h::people))
            .route("/body/{key}/memberships", get().to(h::memberships))
            .route("/body/{key}/meetings", get().to(h::meetings))
            .route("/body/{key}/agenda-items", get().to(h::agenda_items))
            .route("/body/{key}/files", get().to(h::files))
            .route("/body/{key}/locations", get().to(h::locations))
            .route(
                "/body/{key}/legislative-terms",
                get().to(h::legislative_terms),
            )
            .route("/body/{key}/papers", get().to(h::papers))
            .route("/paper/{id}", get().to(h::paper))
            .route("/paper/{id}/consultation/{item}", get().to(h::consultation))
            .route("/organization/{id}", get().to(h::organization))
            .route(
                "/organization/{id}/meetings",
                get().to(h::organization_meetings),
            )
            .route("/person/{id}", get().to(h::person))
            .route("/membership/{id}", get().to(h::membership))
            .route("/meeting/{id}", get().to(h::meeting))
            .route("/meeting/{id}/invitation", get().to(h::invitation))
            .route(
                "/meeting/{id}/results-protocol",
                get().to(h::results_protocol),
            )
            .route("/agenda-item/{id}", get().to(h::agenda_item))
            .route("/file/{id}", get().to(h::file))
            .route("/location/{id}", get().to(h::location))
            .route("/legislative-term/{key}", get().to(h::legislative_term))
            .default_service(web::to(h::fallback)),
    );
}

/// The query string of an external list. Unknown parameters are ignored.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ListQuery {
    pub created_since: Option<String>,
    pub created_until: Option<String>,
    pub modified_since: Option<String>,
    pub modified_until: Option<String>,
    pub limit: Option<String>,
    #[serde(rename = "elementsPerPage")]
    pub elements_per_page: Option<String>,
    pub cursor: Option<String>,
}

/// A parsed list request.
#[derive(Debug, Clone)]
pub struct ListParams {
    pub window: Window,
    pub limit: i64,
    /// The filters as given (normalised), kept for the links.
    filters: Vec<(&'static str, String)>,
    limit_given: bool,
    cursor: Option<String>,
}

/// A form decoder turns an unencoded `+` into a space; take it back.
fn time_param(
    name: &'static str,
    raw: &Option<String>,
) -> AppResult<Option<(String, NaiveDateTime)>> {
    let Some(raw) = raw else { return Ok(None) };
    let s = raw.trim().replace(' ', "+");
    chrono::DateTime::parse_from_rfc3339(&s)
        .map(|d| Some((s.clone(), d.naive_utc())))
        .map_err(|_| {
            AppError::BadRequest(format!(
                "{name} must be an RFC 3339 date-time with an offset, e.g. \
                 2023-07-19T09:00:00%2B01:00 (URL-encode the '+')"
            ))
        })
}

/// A list's cursor: a keyset position whose key is an OParl object's key
/// (an id, or a legislative term's `2023-05`).
fn decode_cursor(c: &str) -> Option<(NaiveDateTime, String)> {
    let (at, key) = decode_position(c)?;
    (!key.is_empty() && key.len() <= 64).then_some((at, key))
}

impl ListQuery {
    pub fn parse(&self) -> AppResult<ListParams> {
        let mut window = Window::default();
        let mut filters = Vec::new();
        for (name, raw) in [
            ("created_since", &self.created_since),
            ("created_until", &self.created_until),
            ("modified_since", &self.modified_since),
            ("modified_until", &self.modified_until),
        ] {
            if let Some((text, at)) = time_param(name, raw)? {
                filters.push((name, text));
                match name {
                    "created_since" => window.created_since = Some(at),
                    "created_until" => window.created_until = Some(at),
                    "modified_since" => window.modified_since = Some(at),
                    _ => window.modified_until = Some(at),
                }
            }
        }
        let asked = self.limit.as_ref().or(self.elements_per_page.as_ref());
        let limit = match asked {
            None => DEFAULT_LIMIT,
            Some(v) => v.trim().parse::<i64>().map_err(|_| {
                AppError::BadRequest(format!(
                    "limit must be a whole number from 1 to {MAX_LIMIT}"
                ))
            })?,
        }
        .clamp(1, MAX_LIMIT);
        if let Some(c) = &self.cursor {
            window.after = Some(decode_cursor(c).ok_or_else(|| {
                AppError::BadRequest("the cursor is not valid; follow the list's links".into())
            })?);
        }
        window.fetch = limit + 1;
        Ok(ListParams {
            window,
            limit,
            filters,
            limit_given: asked.is_some(),
            cursor: self.cursor.clone(),
        })
    }
}

impl ListParams {
    /// The list's URL with its filters, and a cursor.
    fn link(&self, base: &str, cursor: Option<&str>) -> String {
        let mut q = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in &self.filters {
            q.append_pair(k, v);
        }
        if self.limit_given {
            q.append_pair("limit", &self.limit.to_string());
        }
        if let Some(c) = cursor {
            q.append_pair("cursor", c);
        }
        let q = q.finish();
        if q.is_empty() {
            base.to_string()
        } else {
            format!("{base}?{q}")
        }
    }
}

/// One row of a list page: its sort key and what the public sees of it
/// (`None`: nothing, though it still moves the cursor).
pub struct Keyed {
    pub created: NaiveDateTime,
    pub key: String,
    pub value: Option<Value>,
}

/// Counts the bytes a value serialises to, without keeping them.
struct ByteCount(usize);

impl std::io::Write for ByteCount {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0 += b.len();
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn json_len(v: &Value) -> usize {
    let mut n = ByteCount(0);
    // Writing a `Value` to a counter cannot fail.
    let _ = serde_json::to_writer(&mut n, v);
    n.0
}

/// The bytes a page's objects have taken so far, against `PAGE_BYTES`.
/// A loader that builds costly objects (meetings) counts with it too, so it
/// stops building where `page` will stop.
#[derive(Default)]
pub struct PageBudget {
    used: usize,
    objects: usize,
}

impl PageBudget {
    /// Counts `v` in; whether the page must stop before it (never before
    /// its first object).
    pub fn overflows(&mut self, v: &Value) -> bool {
        self.overflows_within(v, PAGE_BYTES)
    }

    fn overflows_within(&mut self, v: &Value, budget: usize) -> bool {
        // The comma between objects.
        self.used += json_len(v) + 1;
        self.objects += 1;
        self.used > budget && self.objects > 1
    }
}

/// How many of `rows` a page holds: at most `limit`, and no more than fit
/// in `budget` bytes of JSON (at least one object, so a list always moves
/// on). Rows the public does not see take no room.
fn rows_that_fit(rows: &[Keyed], limit: usize, budget: usize) -> usize {
    let mut b = PageBudget::default();
    for (i, r) in rows.iter().take(limit).enumerate() {
        let Some(v) = &r.value else { continue };
        if b.overflows_within(v, budget) {
            return i;
        }
    }
    rows.len().min(limit)
}

/// An external list page from up to `limit + 1` rows: `limit` of them, or
/// fewer when they would pass `PAGE_BYTES`; `links.next` goes on after the
/// last row shown (the cursor is that row's keyset position, so nothing is
/// skipped or repeated).
pub fn page(base: &str, p: &ListParams, mut rows: Vec<Keyed>) -> Value {
    let keep = rows_that_fit(&rows, p.limit as usize, PAGE_BYTES);
    let more = rows.len() > keep;
    rows.truncate(keep);
    let next = if more {
        rows.last().map(|r| encode_cursor(r.created, &r.key))
    } else {
        None
    };
    let data: Vec<Value> = rows.into_iter().filter_map(|r| r.value).collect();
    let mut links = serde_json::Map::new();
    links.insert("first".into(), json!(p.link(base, None)));
    links.insert("self".into(), json!(p.link(base, p.cursor.as_deref())));
    if let Some(n) = next {
        links.insert("next".into(), json!(p.link(base, Some(&n))));
    }
    json!({
        "data": data,
        "pagination": {"elementsPerPage": p.limit},
        "links": links,
    })
}

/// Whether `If-None-Match` names this ETag (or `*`).
fn etag_matches(req: &HttpRequest, etag: &str) -> bool {
    req.headers()
        .get_all(header::IF_NONE_MATCH)
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .any(|t| t == "*" || t.trim_start_matches("W/") == etag)
}

/// Whether `If-Modified-Since` is at or after `modified` (to the second).
fn unmodified_since(req: &HttpRequest, modified: NaiveDateTime) -> bool {
    let Some(since) = req
        .headers()
        .get(header::IF_MODIFIED_SINCE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<header::HttpDate>().ok())
    else {
        return false;
    };
    let since: std::time::SystemTime = since.into();
    let since = chrono::DateTime::<chrono::Utc>::from(since).timestamp();
    modified.and_utc().timestamp() <= since
}

/// The `modified` of an object, if the value is one.
fn modified_of(v: &Value) -> Option<NaiveDateTime> {
    v.get("modified")
        .and_then(Value::as_str)
        .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
        .map(|d| d.naive_utc())
}

/// A JSON answer with a strong ETag (and `Last-Modified` for an object),
/// or `304 Not Modified` when the client has it already.
pub fn respond(req: &HttpRequest, v: &Value) -> AppResult<HttpResponse> {
    use sha2::Digest;
    let body = serde_json::to_vec(v)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("serialising OParl output: {e}")))?;
    let digest = sha2::Sha256::digest(&body);
    let etag = format!("\"{}\"", hex::encode(&digest[..16]));
    let modified = modified_of(v);
    let fresh = if req.headers().contains_key(header::IF_NONE_MATCH) {
        etag_matches(req, &etag)
    } else {
        modified.map(|m| unmodified_since(req, m)).unwrap_or(false)
    };
    let mut b = HttpResponse::build(if fresh {
        StatusCode::NOT_MODIFIED
    } else {
        StatusCode::OK
    });
    b.insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, "public, max-age=60"));
    if let Some(m) = modified {
        let at: std::time::SystemTime = m.and_utc().into();
        b.insert_header((header::LAST_MODIFIED, header::HttpDate::from(at)));
    }
    if fresh {
        return Ok(b.finish());
    }
    b.insert_header((header::CONTENT_TYPE, HeaderValue::from_static(JSON)));
    Ok(b.body(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(n: u32, text_len: usize) -> Keyed {
        Keyed {
            created: chrono::DateTime::from_timestamp(n as i64, 0)
                .unwrap()
                .naive_utc(),
            key: format!("k{n}"),
            value: (text_len > 0).then(|| json!({ "t": "x".repeat(text_len) })),
        }
    }

    #[test]
    fn a_page_stops_at_its_byte_budget_but_always_holds_one_row() {
        // Each object is 10 + 1 bytes: {"t":"xx"} with two x's is 10.
        let rows: Vec<Keyed> = (0..10).map(|n| row(n, 2)).collect();
        assert_eq!(json_len(rows[0].value.as_ref().unwrap()), 10);
        assert_eq!(rows_that_fit(&rows, 10, 1000), 10);
        assert_eq!(rows_that_fit(&rows, 4, 1000), 4);
        assert_eq!(rows_that_fit(&rows, 10, 33), 3);
        assert_eq!(rows_that_fit(&rows, 10, 32), 2);
        // One object larger than the budget is still a page.
        assert_eq!(rows_that_fit(&rows, 10, 5), 1);
        // Unseen rows take no room.
        let mixed = vec![row(0, 2), row(1, 0), row(2, 0), row(3, 2), row(4, 2)];
        assert_eq!(rows_that_fit(&mixed, 10, 22), 4);
    }
}

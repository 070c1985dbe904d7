//! `/search`: the search box and ranked results.

use super::{crumbs, Crumb};
use actix_web::{get, web as aw, HttpRequest, HttpResponse};
use minutebook_render::dates::{clock_time, long_date};
use minutebook_search as search;
use minutebook_store::public_lists as data;
use minutebook_web::published::{self as web, SITE_NAME};
use minutebook_web::state::AppState;
use serde::Serialize;

/// Results on one page of search.
const SEARCH_PAGE: i64 = 20;

/// `?q=&body=&cursor=`, read leniently: a page answers a page, whatever
/// the query string holds.
#[derive(Debug, Default)]
pub struct SearchParams {
    pub q: Option<String>,
    pub body: Option<String>,
    pub cursor: Option<String>,
}

impl SearchParams {
    fn from_query(query: &str) -> SearchParams {
        let mut p = SearchParams::default();
        for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
            let slot = match k.as_ref() {
                "q" => &mut p.q,
                "body" => &mut p.body,
                "cursor" => &mut p.cursor,
                _ => continue,
            };
            slot.get_or_insert_with(|| v.into_owned());
        }
        p
    }
}

#[derive(Serialize)]
struct HitView {
    kind: &'static str,
    title: Vec<search::Segment>,
    snippet: Vec<search::Segment>,
    url: String,
    download_url: Option<String>,
    minute_number: Option<String>,
    body_name: String,
    meeting_label: String,
}

#[derive(Serialize)]
struct BodyChoice {
    slug: String,
    name: String,
    selected: bool,
}

#[derive(Serialize)]
struct SearchPage {
    site: &'static str,
    title: String,
    crumbs: Vec<Crumb>,
    q: String,
    searched: bool,
    error: Option<String>,
    bodies: Vec<BodyChoice>,
    hits: Vec<HitView>,
    total_label: String,
    first: i64,
    next_url: Option<String>,
}

fn kind_label(kind: &str) -> &'static str {
    match kind {
        search::kind::OUTCOME => "Decision",
        search::kind::DOCUMENT => "Document",
        _ => "Item",
    }
}

/// `/search?q=`: the search box and ranked results with the matches marked.
#[get("/search")]
pub async fn search_page(
    state: aw::Data<AppState>,
    gate: aw::Data<search::gate::SearchGate>,
    req: HttpRequest,
) -> HttpResponse {
    let params = SearchParams::from_query(req.query_string());
    let q = params.q.clone().unwrap_or_default().trim().to_string();
    let body_slug = params.body.clone().filter(|b| !b.trim().is_empty());
    let offset = match params.cursor.as_deref() {
        None | Some("") => Some(0),
        Some(c) => search::decode_cursor(c),
    };
    let too_long = q.chars().count() > search::MAX_QUERY_CHARS;
    let searching = !q.is_empty() && !too_long && offset.is_some();
    let turn = if searching {
        match gate.enter().await {
            Ok(t) => Some(t),
            Err(e) => return web::page(&req, Err(e)),
        }
    } else {
        None
    };
    let time_limit = std::time::Duration::from_millis(state.settings.search_timeout_ms);
    let result = state
        .db({
            let q = q.clone();
            let body_slug = body_slug.clone();
            move |conn| {
                let bodies = data::bodies(conn)?;
                let body_id = body_slug
                    .as_deref()
                    .and_then(|s| bodies.iter().find(|b| b.slug == s))
                    .map(|b| b.id.clone());
                let results = match offset {
                    Some(offset) if searching => search::search(
                        conn,
                        &search::Query {
                            text: q,
                            body_id,
                            limit: SEARCH_PAGE,
                            offset,
                            time_limit,
                        },
                    )?,
                    _ => search::Results::default(),
                };
                Ok((bodies, results, offset))
            }
        })
        .await
        .and_then(|(bodies, results, offset)| {
            drop(turn);
            results_page(q, body_slug, &bodies, results, offset, too_long)
        });
    web::page(&req, result)
}

/// The page: the form (with the body chosen), then the results or what
/// stopped them, and the link to more.
fn results_page(
    q: String,
    body_slug: Option<String>,
    bodies: &[minutebook_store::bodies::BodyRow],
    results: search::Results,
    offset: Option<i64>,
    too_long: bool,
) -> minutebook_ground::error::AppResult<String> {
    let error = search_error(too_long, offset);
    let offset = offset.unwrap_or(0);
    let next_url = results
        .more
        .then(|| more_url(&q, body_slug.as_deref(), offset + results.hits.len() as i64));
    let hits = results.hits.iter().map(hit_view).collect();
    web::render(
        "search.html",
        SearchPage {
            site: SITE_NAME,
            title: if q.is_empty() {
                "Search".into()
            } else {
                format!("Search: {q}")
            },
            crumbs: crumbs(&[("Home", Some("/".into())), ("Search", None)]),
            searched: !q.is_empty() && error.is_none(),
            error,
            bodies: bodies
                .iter()
                .map(|b| BodyChoice {
                    slug: b.slug.clone(),
                    name: b.name.clone(),
                    selected: body_slug.as_deref() == Some(b.slug.as_str()),
                })
                .collect(),
            hits,
            total_label: results.total.label(),
            first: offset + 1,
            next_url,
            q,
        },
    )
}

/// What the page says instead of results: a query too long, or a link to
/// more results that is not valid.
fn search_error(too_long: bool, offset: Option<i64>) -> Option<String> {
    if too_long {
        Some(format!(
            "Please use at most {} characters.",
            search::MAX_QUERY_CHARS
        ))
    } else if offset.is_none() {
        Some("That link to more results is not valid; please search again.".into())
    } else {
        None
    }
}

/// The link to the next page of results, from result `offset` on.
fn more_url(q: &str, body_slug: Option<&str>, offset: i64) -> String {
    let mut s = url::form_urlencoded::Serializer::new(String::new());
    s.append_pair("q", q);
    if let Some(b) = body_slug {
        s.append_pair("body", b);
    }
    s.append_pair("cursor", &search::encode_cursor(offset));
    format!("/search?{}", s.finish())
}

/// A result as the page shows it: marked title and snippet, where it
/// leads, the body and the meeting's date.
fn hit_view(h: &search::Hit) -> HitView {
    HitView {
        kind: kind_label(&h.kind),
        title: search::segments(&h.title_marked),
        snippet: search::segments(&h.snippet_marked),
        url: h.page_path(),
        download_url: h
            .document_id
            .as_ref()
            .map(|d| format!("/api/v1/documents/{d}/content")),
        minute_number: h.minute_number.clone(),
        body_name: h.body_name.clone(),
        meeting_label: format!(
            "{} {}",
            long_date(h.starts_at.and_utc()),
            clock_time(h.starts_at.and_utc())
        ),
    }
}

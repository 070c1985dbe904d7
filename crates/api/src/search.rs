//! `GET /api/v1/search?q=`: full-text search of published content.

use actix_web::{get, web, HttpResponse};
use chrono::{DateTime, Utc};
use minutebook_ground::error::{AppError, AppResult, Problem};
use minutebook_search as fts;
use minutebook_search::gate::SearchGate;
use minutebook_web::state::AppState;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// What to find: words (stemmed: "patrol" finds "patrols"), "quoted
    /// phrases", `OR` between alternatives, `-word` to leave a word out.
    /// At most 300 characters, not all blank.
    #[param(required = true, value_type = String, min_length = 1, max_length = 300, pattern = "\\S")]
    pub q: Option<String>,
    /// Only this body's meetings (id or slug).
    pub body: Option<String>,
    /// How many results, 1–100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SearchBody {
    pub id: String,
    pub slug: String,
    pub name: String,
}

/// One result. The `*_html` fields and `snippet` are safe HTML: the text is
/// HTML-escaped and each matching word is wrapped in `<mark>…</mark>`;
/// `snippet_text` is the same snippet as plain text without markers.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchHit {
    /// `item` (an agenda item: its title and, once the minutes are
    /// published, its minute text), `outcome` (a decision: "AGREED that …")
    /// or `document` (a paper's title).
    pub kind: String,
    /// The item's (or document's) title, plain text.
    pub title: String,
    /// The title with matches in `<mark>…</mark>` (HTML-escaped).
    pub title_html: String,
    /// A passage around the matches, with matches in `<mark>…</mark>`
    /// (HTML-escaped).
    pub snippet: String,
    /// The same passage as plain text, without markers.
    pub snippet_text: String,
    /// The public page of the meeting, at the item, decision or paper.
    pub url: String,
    /// For a document: where to download it.
    pub download_url: Option<String>,
    pub meeting_id: String,
    pub meeting_starts_at: DateTime<Utc>,
    pub body: SearchBody,
    pub item_id: Option<String>,
    pub outcome_id: Option<String>,
    pub document_id: Option<String>,
    /// e.g. `SSP/5/23`; parts share their item's number.
    pub minute_number: Option<String>,
    /// Relevance, higher first; comparable only within one search.
    pub rank: f64,
}

/// A page of results: `items` and `next_cursor` as every list, and how
/// many results there are in all.
#[derive(Debug, Serialize, ToSchema)]
pub struct SearchResults {
    pub items: Vec<SearchHit>,
    /// Pass as `?cursor=` for the next page; null on the last page.
    pub next_cursor: Option<String>,
    /// How many results in all: exact when `total_exact`, else an estimate
    /// (a search ranks at most the 1,000 newest matches).
    pub total: i64,
    pub total_exact: bool,
    /// The total as people read it: "12 results", "about 41,000 results".
    pub total_label: String,
}

fn hit(h: fts::Hit, public_url: &str) -> SearchHit {
    SearchHit {
        url: format!("{public_url}{}", h.page_path()),
        download_url: h
            .document_id
            .as_ref()
            .map(|d| format!("{public_url}/api/v1/documents/{d}/content")),
        title_html: fts::marked_html(&h.title_marked),
        snippet: fts::marked_html(&h.snippet_marked),
        snippet_text: fts::marked_text(&h.snippet_marked),
        kind: h.kind,
        title: h.title,
        meeting_id: h.meeting_id,
        meeting_starts_at: h.starts_at.and_utc(),
        body: SearchBody {
            id: h.body_id,
            slug: h.body_slug,
            name: h.body_name,
        },
        item_id: h.item_id,
        outcome_id: h.outcome_id,
        document_id: h.document_id,
        minute_number: h.minute_number,
        rank: h.rank,
    }
}

/// Full-text search of what the public may see: item titles, published
/// minute text (for a restricted item only its public summary), outcomes
/// and document titles; ranked, with highlighted snippets. A token changes
/// nothing: restricted and unpublished text is never in the index.
/// A search ranks at most the 1,000 newest matches; a search that runs
/// too long, or waits too long for its turn, answers 503.
#[utoipa::path(tag = "search", params(SearchParams),
    responses((status = 200, body = SearchResults), (status = 404, body = Problem, description = "no such body"),
        (status = 422, body = Problem), (status = 503, body = Problem, description = "too many searches at once, or one ran too long")))]
#[get("/api/v1/search")]
pub async fn search(
    state: web::Data<AppState>,
    gate: web::Data<SearchGate>,
    params: web::Query<SearchParams>,
) -> AppResult<HttpResponse> {
    let params = params.into_inner();
    let raw = params.q.unwrap_or_default();
    if raw.chars().count() > fts::MAX_QUERY_CHARS {
        return Err(AppError::field(
            "q",
            format!("must be at most {} characters", fts::MAX_QUERY_CHARS),
        ));
    }
    let q = raw.trim().to_string();
    if q.is_empty() {
        return Err(AppError::field("q", "give some words to search for"));
    }
    let limit = match params.limit {
        None => 20,
        Some(n) if (1..=100).contains(&n) => n,
        Some(_) => return Err(AppError::field("limit", "must be from 1 to 100")),
    };
    let offset = match params.cursor.as_deref() {
        None | Some("") => 0,
        Some(c) => fts::decode_cursor(c)
            .ok_or_else(|| AppError::field("cursor", "is not a cursor this service gave out"))?,
    };
    let body = params.body.filter(|b| !b.trim().is_empty());
    let time_limit = std::time::Duration::from_millis(state.settings.search_timeout_ms);
    let _turn = gate.enter().await?;
    let results = state
        .db(move |conn| {
            let body_id = match body {
                Some(b) => Some(minutebook_store::public_lists::body(conn, &b)?.id),
                None => None,
            };
            fts::search(
                conn,
                &fts::Query {
                    text: q,
                    body_id,
                    limit,
                    offset,
                    time_limit,
                },
            )
        })
        .await?;
    let next_cursor = results
        .more
        .then(|| fts::encode_cursor(offset + results.hits.len() as i64));
    let public_url = &state.settings.public_url;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-cache"))
        .json(SearchResults {
            items: results
                .hits
                .into_iter()
                .map(|h| hit(h, public_url))
                .collect(),
            next_cursor,
            total: results.total.count,
            total_exact: results.total.exact,
            total_label: results.total.label(),
        }))
}

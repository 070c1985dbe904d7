//! `/bodies/{slug}` (a body's meetings, one municipal year a page, a busy
//! year in pages of [`YEAR_MEETINGS`]) and
//! `/bodies/{slug}/embed` (its upcoming meetings, for framing).

use super::{crumbs, meeting_link, year_label, year_of, BodyLink, Crumb, MeetingLink, UPCOMING};
use actix_web::{get, web as aw, HttpRequest, HttpResponse};
use chrono::{NaiveDateTime, Utc};
use minutebook_domain::numbering;
use minutebook_domain::time::{self, start_of_today};
use minutebook_ground::error::AppResult;
use minutebook_store::bodies::BodyRow;
use minutebook_store::meetings::MeetingRow;
use minutebook_store::public_lists::{self as data, MeetingList};
use minutebook_web::published::{self as web, Policy, SITE_NAME};
use minutebook_web::state::AppState;
use serde::Serialize;

/// Upcoming meetings listed on a body's page (the calendar has them all).
const BODY_UPCOMING: i64 = 20;

/// Past meetings of one municipal year listed on one page, newest first
/// (two a week all year); a year with more continues on further pages
/// (`?year=2019&before=…`). A hundred rows with the longest titles keep the
/// page under about 100 kB.
pub const YEAR_MEETINGS: i64 = 100;

#[derive(Serialize)]
struct YearLink {
    label: String,
    url: String,
    current: bool,
}

#[derive(Serialize)]
struct BodyPage {
    site: &'static str,
    title: String,
    crumbs: Vec<Crumb>,
    q: String,
    body: BodyLink,
    upcoming: Vec<MeetingLink>,
    more_upcoming: bool,
    /// The municipal year shown, if the body has past meetings.
    year_label: Option<String>,
    past: Vec<MeetingLink>,
    /// The next page of this year's past meetings (earlier ones).
    earlier_url: Option<String>,
    /// The first page of this year, when this page continues it.
    latest_url: Option<String>,
    years: Vec<YearLink>,
    calendar_url: String,
    feed_url: String,
    embed_url: String,
    public_url: String,
}

struct BodyData {
    body: BodyRow,
    upcoming: Vec<MeetingRow>,
    /// The year shown and its past meetings, newest first.
    year: Option<i32>,
    past: Vec<MeetingRow>,
    /// The first and last years with past meetings.
    span: Option<(i32, i32)>,
}

/// `?year=2019`, read leniently: anything else shows the latest year.
fn asked_year(query: &str) -> Option<i32> {
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "year")
        .and_then(|(_, v)| v.trim().parse::<i32>().ok())
        .filter(|y| (1800..=2200).contains(y))
}

/// `?before=…` (a year's next page), read leniently: anything else is the
/// year's first page.
fn asked_before(query: &str) -> Option<(NaiveDateTime, String)> {
    url::form_urlencoded::parse(query.as_bytes())
        .find(|(k, _)| k == "before")
        .and_then(|(_, v)| minutebook_read::page::decode_cursor(v.trim()))
}

fn load_body(
    state: &AppState,
    slug: String,
    asked: Option<i32>,
    before: Option<(NaiveDateTime, String)>,
) -> impl std::future::Future<Output = AppResult<BodyData>> + '_ {
    state.db(move |conn| {
        let body = data::body(conn, &slug)?;
        let today = start_of_today(Utc::now());
        let list = |from, to, newest_first, limit| MeetingList {
            body_id: Some(body.id.clone()),
            from,
            to,
            newest_first,
            before: None,
            limit,
        };
        let upcoming = data::meetings(conn, &list(Some(today), None, false, BODY_UPCOMING + 1))?;
        let year_of_row = |m: &MeetingRow| year_of(m.starts_at.and_utc(), body.year_start_month);
        let last = data::meetings(conn, &list(None, Some(today), true, 1))?;
        let first = data::meetings(conn, &list(None, Some(today), false, 1))?;
        let span = match (first.first(), last.first()) {
            (Some(f), Some(l)) => Some((year_of_row(f), year_of_row(l))),
            _ => None,
        };
        let year = asked.or(span.map(|(_, l)| l));
        let past = match year {
            Some(y) => {
                let bound = |y| {
                    numbering::year_first_day(y, body.year_start_month).and_then(time::start_of_day)
                };
                let to = bound(y + 1).map_or(today, |t| t.min(today));
                let page = MeetingList {
                    before: before.filter(|_| asked.is_some()),
                    ..list(bound(y), Some(to), true, YEAR_MEETINGS + 1)
                };
                data::meetings(conn, &page)?
            }
            None => Vec::new(),
        };
        Ok(BodyData {
            body,
            upcoming,
            year,
            past,
            span,
        })
    })
}

/// `/bodies/{slug}?year=`: upcoming meetings, then one municipal year's
/// past meetings newest first (the latest year unless `?year=` names
/// another), with links to every year that has meetings.
#[get("/bodies/{slug}")]
pub async fn body_page(
    state: aw::Data<AppState>,
    req: HttpRequest,
    path: aw::Path<String>,
) -> HttpResponse {
    let public_url = state.settings.public_url.clone();
    let asked = asked_year(req.query_string());
    let before = asked_before(req.query_string());
    let continued = asked.is_some() && before.is_some();
    let result = load_body(&state, path.into_inner(), asked, before)
        .await
        .and_then(|d| {
            let body = &d.body;
            let link = |m: &MeetingRow| meeting_link(m, Some(body), "");
            let label = |y| year_label(y, body.year_start_month);
            let years = match d.span {
                Some((first, last)) => (first..=last)
                    .rev()
                    .map(|y| YearLink {
                        label: label(y),
                        url: format!("/bodies/{}?year={y}", body.slug),
                        current: Some(y) == d.year,
                    })
                    .collect(),
                None => Vec::new(),
            };
            web::render(
                "body.html",
                BodyPage {
                    site: SITE_NAME,
                    title: match (asked, d.year) {
                        (Some(_), Some(y)) => format!("{}: {}", body.name, label(y)),
                        _ => body.name.clone(),
                    },
                    crumbs: crumbs(&[("Home", Some("/".into())), (&body.name, None)]),
                    q: String::new(),
                    more_upcoming: d.upcoming.len() as i64 > BODY_UPCOMING,
                    upcoming: d
                        .upcoming
                        .iter()
                        .take(BODY_UPCOMING as usize)
                        .map(link)
                        .collect(),
                    year_label: d.year.map(label),
                    earlier_url: match (d.year, d.past.get(YEAR_MEETINGS as usize - 1)) {
                        (Some(y), Some(last)) if d.past.len() as i64 > YEAR_MEETINGS => {
                            Some(format!(
                                "/bodies/{}?year={y}&before={}",
                                body.slug,
                                minutebook_read::page::list_cursor(last.starts_at, &last.id)
                            ))
                        }
                        _ => None,
                    },
                    latest_url: d
                        .year
                        .filter(|_| continued)
                        .map(|y| format!("/bodies/{}?year={y}", body.slug)),
                    past: d
                        .past
                        .iter()
                        .take(YEAR_MEETINGS as usize)
                        .map(link)
                        .collect(),
                    years,
                    calendar_url: format!("/bodies/{}/meetings.ics", body.slug),
                    feed_url: format!("/bodies/{}/feed.atom", body.slug),
                    embed_url: format!("{public_url}/bodies/{}/embed", body.slug),
                    public_url: public_url.clone(),
                    body: BodyLink::from(body),
                },
            )
        });
    web::page(&req, result)
}

#[derive(Serialize)]
struct EmbedPage {
    title: String,
    body: BodyLink,
    body_url: String,
    upcoming: Vec<MeetingLink>,
}

/// `/bodies/{slug}/embed`: the upcoming meetings of a body, to be framed
/// by a council's own site (`frame-ancestors *`); links open in the top
/// window.
#[get("/bodies/{slug}/embed")]
pub async fn embed(
    state: aw::Data<AppState>,
    req: HttpRequest,
    path: aw::Path<String>,
) -> HttpResponse {
    let public_url = state.settings.public_url.clone();
    let slug = path.into_inner();
    let result = state
        .db(move |conn| {
            let body = data::body(conn, &slug)?;
            let upcoming = data::meetings(
                conn,
                &MeetingList {
                    body_id: Some(body.id.clone()),
                    from: Some(start_of_today(Utc::now())),
                    limit: UPCOMING,
                    ..Default::default()
                },
            )?;
            Ok((body, upcoming))
        })
        .await
        .and_then(|(body, upcoming)| {
            web::render(
                "embed.html",
                EmbedPage {
                    title: format!("Upcoming meetings: {}", body.name),
                    body_url: format!("{public_url}/bodies/{}", body.slug),
                    upcoming: upcoming
                        .iter()
                        .map(|m| meeting_link(m, Some(&body), &public_url))
                        .collect(),
                    body: BodyLink::from(&body),
                },
            )
        });
    match result {
        Ok(html) => web::cached(&req, web::HTML, html, Policy::EMBED),
        Err(e) => web::error_page(&e, Policy::EMBED),
    }
}

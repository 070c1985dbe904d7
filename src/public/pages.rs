//! The public committee pages, in the spirit of a council's modern.gov
//! site: `/` lists the bodies, `/bodies/{slug}` a body's meetings by
//! municipal year, `/meetings/{id}` a meeting with its agenda, papers,
//! attendance and (once published) minutes and outcomes, `/search` the
//! search page, and `/bodies/{slug}/embed` a fragment of upcoming meetings
//! for a council to frame in its own site.
//!
//! Server-rendered, no script; every page goes through the public read
//! model ([`super::data`]), so nothing restricted or unpublished reaches a
//! template.

use super::data::{self, MeetingList};
use super::web::{self, Policy, SITE_NAME};
use crate::domain::lifecycle::MeetingStatus;
use crate::domain::visibility::{self, MeetingFacts, Viewer};
use crate::error::AppResult;
use crate::read::meeting::{Attendance, Item, Meeting};
use crate::render::dates::{clock_time, long_date};
use crate::render::doc::{self, Block};
use crate::search;
use crate::state::AppState;
use crate::store::bodies::BodyRow;
use crate::store::meetings::MeetingRow;
use actix_web::{get, web as aw, HttpRequest, HttpResponse};
use chrono::{DateTime, Datelike, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Europe::London;
use serde::Serialize;

/// How many upcoming meetings the front page and the fragment show.
const UPCOMING: i64 = 10;
/// Results on one page of search.
const SEARCH_PAGE: i64 = 20;

/// The first moment of today in London, as stored (UTC): meetings from
/// then on are "upcoming".
fn start_of_today(now: DateTime<Utc>) -> NaiveDateTime {
    let today = now.with_timezone(&London).date_naive();
    today
        .and_hms_opt(0, 0, 0)
        .and_then(|t| London.from_local_datetime(&t).earliest())
        .map(|t| t.naive_utc())
        .unwrap_or_else(|| now.naive_utc())
}

/// The year (of its start) that a date falls in, for a year starting in
/// `start_month` (May for the municipal year).
fn year_of(t: DateTime<Utc>, start_month: i32) -> i32 {
    let local = t.with_timezone(&London);
    if i64::from(local.month()) >= i64::from(start_month) {
        local.year()
    } else {
        local.year() - 1
    }
}

/// "2023/24", or "2023" for a calendar year.
fn year_label(start: i32, start_month: i32) -> String {
    if start_month <= 1 {
        start.to_string()
    } else {
        format!("{start}/{:02}", (start + 1).rem_euclid(100))
    }
}

#[derive(Serialize)]
struct Crumb {
    label: String,
    url: Option<String>,
}

fn crumbs(list: &[(&str, Option<String>)]) -> Vec<Crumb> {
    list.iter()
        .map(|(l, u)| Crumb {
            label: l.to_string(),
            url: u.clone(),
        })
        .collect()
}

#[derive(Serialize)]
struct BodyLink {
    name: String,
    slug: String,
    kind: String,
    description: Option<String>,
    url: String,
}

impl From<&BodyRow> for BodyLink {
    fn from(b: &BodyRow) -> BodyLink {
        BodyLink {
            name: b.name.clone(),
            slug: b.slug.clone(),
            kind: b.kind.replace('_', " "),
            description: b.description.clone(),
            url: format!("/bodies/{}", b.slug),
        }
    }
}

/// A meeting in a list.
#[derive(Serialize)]
struct MeetingLink {
    url: String,
    date: String,
    time: String,
    datetime: String,
    title: Option<String>,
    body_name: String,
    body_url: String,
    cancelled: bool,
    status: String,
}

fn meeting_status_label(m: &MeetingRow) -> String {
    if m.status == MeetingStatus::Cancelled {
        return "Cancelled".into();
    }
    match m.minutes_status.as_str() {
        "confirmed" if visibility::minutes_visible(Viewer::Public, m.facts()) => {
            "Minutes confirmed".into()
        }
        "published" if visibility::minutes_visible(Viewer::Public, m.facts()) => {
            "Minutes published".into()
        }
        _ if m.status == MeetingStatus::Held => "Minutes to follow".into(),
        _ => "Agenda published".into(),
    }
}

fn meeting_link(m: &MeetingRow, body: Option<&BodyRow>, base: &str) -> MeetingLink {
    let at = m.starts_at.and_utc();
    MeetingLink {
        url: format!("{base}/meetings/{}", m.id),
        date: long_date(at),
        time: clock_time(at),
        datetime: at.to_rfc3339(),
        title: m.title.clone(),
        body_name: body.map(|b| b.name.clone()).unwrap_or_default(),
        body_url: body
            .map(|b| format!("{base}/bodies/{}", b.slug))
            .unwrap_or_default(),
        cancelled: m.status == MeetingStatus::Cancelled,
        status: meeting_status_label(m),
    }
}

#[derive(Serialize)]
struct HomePage {
    site: &'static str,
    title: String,
    crumbs: Vec<Crumb>,
    q: String,
    bodies: Vec<BodyLink>,
    upcoming: Vec<MeetingLink>,
}

/// `/`: the bodies, and the next meetings of all of them.
#[get("/")]
pub async fn home(state: aw::Data<AppState>, req: HttpRequest) -> HttpResponse {
    let result = state
        .db(|conn| {
            let bodies = data::bodies(conn)?;
            let upcoming = data::meetings(
                conn,
                &MeetingList {
                    from: Some(start_of_today(Utc::now())),
                    limit: UPCOMING,
                    ..Default::default()
                },
            )?;
            Ok((bodies, upcoming))
        })
        .await
        .and_then(|(bodies, upcoming)| {
            let by_id: std::collections::HashMap<&str, &BodyRow> =
                bodies.iter().map(|b| (b.id.as_str(), b)).collect();
            web::render(
                "home.html",
                HomePage {
                    site: SITE_NAME,
                    title: SITE_NAME.into(),
                    crumbs: Vec::new(),
                    q: String::new(),
                    upcoming: upcoming
                        .iter()
                        .map(|m| meeting_link(m, by_id.get(m.body_id.as_str()).copied(), ""))
                        .collect(),
                    bodies: bodies.iter().map(BodyLink::from).collect(),
                },
            )
        });
    web::page(&req, result)
}

#[derive(Serialize)]
struct YearGroup {
    label: String,
    meetings: Vec<MeetingLink>,
}

#[derive(Serialize)]
struct BodyPage {
    site: &'static str,
    title: String,
    crumbs: Vec<Crumb>,
    q: String,
    body: BodyLink,
    upcoming: Vec<MeetingLink>,
    years: Vec<YearGroup>,
    calendar_url: String,
    feed_url: String,
    embed_url: String,
    public_url: String,
}

fn load_body(
    state: &AppState,
    slug: String,
) -> impl std::future::Future<Output = AppResult<(BodyRow, Vec<MeetingRow>)>> + '_ {
    state.db(move |conn| {
        let body = data::body(conn, &slug)?;
        let meetings = data::meetings(
            conn,
            &MeetingList {
                body_id: Some(body.id.clone()),
                ..Default::default()
            },
        )?;
        Ok((body, meetings))
    })
}

/// `/bodies/{slug}`: upcoming meetings, then past meetings by municipal year.
#[get("/bodies/{slug}")]
pub async fn body_page(
    state: aw::Data<AppState>,
    req: HttpRequest,
    path: aw::Path<String>,
) -> HttpResponse {
    let public_url = state.settings.public_url.clone();
    let result = load_body(&state, path.into_inner())
        .await
        .and_then(|(body, meetings)| {
            let today = start_of_today(Utc::now());
            let (upcoming, mut past): (Vec<&MeetingRow>, Vec<&MeetingRow>) =
                meetings.iter().partition(|m| m.starts_at >= today);
            past.reverse();
            let mut years: Vec<YearGroup> = Vec::new();
            for m in past {
                let label = year_label(
                    year_of(m.starts_at.and_utc(), body.year_start_month),
                    body.year_start_month,
                );
                let link = meeting_link(m, Some(&body), "");
                match years.last_mut() {
                    Some(g) if g.label == label => g.meetings.push(link),
                    _ => years.push(YearGroup {
                        label,
                        meetings: vec![link],
                    }),
                }
            }
            web::render(
                "body.html",
                BodyPage {
                    site: SITE_NAME,
                    title: body.name.clone(),
                    crumbs: crumbs(&[("Home", Some("/".into())), (&body.name, None)]),
                    q: String::new(),
                    upcoming: upcoming
                        .into_iter()
                        .map(|m| meeting_link(m, Some(&body), ""))
                        .collect(),
                    years,
                    calendar_url: format!("/bodies/{}/meetings.ics", body.slug),
                    feed_url: format!("/bodies/{}/feed.atom", body.slug),
                    embed_url: format!("{public_url}/bodies/{}/embed", body.slug),
                    public_url: public_url.clone(),
                    body: BodyLink::from(&body),
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

// ---------------------------------------------------------------- meeting

#[derive(Serialize)]
struct Paper {
    id: String,
    title: String,
    label: String,
    filename: String,
    url: String,
}

#[derive(Serialize)]
struct OutcomeView {
    id: String,
    verb: String,
    text: String,
    parts: Vec<String>,
}

#[derive(Serialize)]
struct ItemView {
    id: String,
    number: Option<String>,
    letter: Option<String>,
    title: String,
    presenter: Option<String>,
    restricted: Option<String>,
    papers: Vec<Paper>,
    minutes: Vec<Block>,
    summary: Vec<Block>,
    declarations: Vec<String>,
    outcomes: Vec<OutcomeView>,
    actions: Vec<String>,
    parts: Vec<ItemView>,
}

fn item_view(item: &Item, meeting: MeetingFacts, parent_restricted: bool) -> ItemView {
    // The read model has already hidden what the public may not see; the
    // same rule leaves a restricted item's text, papers and outcomes out
    // again here.
    let facts = item.facts(parent_restricted);
    let hidden = visibility::item_hidden(Viewer::Public, facts);
    ItemView {
        id: item.id.clone(),
        number: item.minute_number.clone(),
        letter: item.part_letter.clone(),
        title: item.title.clone(),
        presenter: item
            .presenter
            .clone()
            .filter(|p| !hidden && !p.trim().is_empty()),
        restricted: item
            .restricted
            .as_ref()
            .map(|r| crate::render::restriction_text(r.paragraph)),
        papers: if hidden {
            Vec::new()
        } else {
            item.documents
                .iter()
                .filter(|d| {
                    visibility::document_visible(Viewer::Public, meeting, facts, d.restricted)
                })
                .map(|d| Paper {
                    id: d.id.clone(),
                    title: d.title.clone(),
                    label: d.size_label.clone(),
                    filename: d.filename.clone(),
                    url: format!("/api/v1/documents/{}/content", d.id),
                })
                .collect()
        },
        minutes: match (&item.minutes, hidden) {
            (Some(t), false) => doc::text_blocks(t).collect(),
            _ => Vec::new(),
        },
        summary: match (&item.public_summary, item.restricted.is_some()) {
            (Some(s), true) => doc::text_blocks(s).collect(),
            _ => Vec::new(),
        },
        declarations: if hidden {
            Vec::new()
        } else {
            item.declarations
                .iter()
                .map(|d| {
                    format!(
                        "{} — {}",
                        d.person_name.as_deref().unwrap_or("A member"),
                        d.nature
                    )
                })
                .collect()
        },
        outcomes: if hidden {
            Vec::new()
        } else {
            item.outcomes
                .iter()
                .map(|o| OutcomeView {
                    id: o.id.clone(),
                    verb: o.verb.clone(),
                    text: o.text.clone(),
                    parts: o.parts.clone(),
                })
                .collect()
        },
        actions: if hidden {
            Vec::new()
        } else {
            item.actions
                .iter()
                .map(|a| {
                    let mut s = a.description.clone();
                    let mut who = Vec::new();
                    if let Some(o) = &a.owner {
                        who.push(o.clone());
                    }
                    if let Some(d) = a.due_date {
                        who.push(format!("by {}", d.format("%-d %B %Y")));
                    }
                    if !who.is_empty() {
                        s.push_str(&format!(" ({})", who.join(", ")));
                    }
                    s
                })
                .collect()
        },
        parts: item
            .parts
            .iter()
            .map(|p| item_view(p, meeting, hidden))
            .collect(),
    }
}

#[derive(Serialize)]
struct AttendanceGroup {
    label: &'static str,
    people: Vec<String>,
}

fn attendee(a: &Attendance) -> String {
    let mut s = a
        .person_name
        .clone()
        .unwrap_or_else(|| "(name not recorded)".into());
    if let Some(org) = a.organisation.as_deref().filter(|o| !o.trim().is_empty()) {
        s.push_str(&format!(" ({org})"));
    }
    if a.chair {
        s.push_str(" (Chair)");
    }
    if a.substitute_for.is_some() {
        let name = a.substitute_for_name.as_deref().unwrap_or("another member");
        s.push_str(&format!(" (substitute for {name})"));
    }
    s
}

fn attendance_groups(all: &[Attendance]) -> Vec<AttendanceGroup> {
    [
        ("Present", "present"),
        ("Officers", "officer"),
        ("Also in attendance", "in_attendance"),
        ("Apologies", "apologies"),
        ("Absent", "absent"),
    ]
    .into_iter()
    .filter_map(|(label, status)| {
        let mut people: Vec<&Attendance> = all.iter().filter(|a| a.status == status).collect();
        people.sort_by_key(|a| (!a.chair, a.position));
        (!people.is_empty()).then(|| AttendanceGroup {
            label,
            people: people.into_iter().map(attendee).collect(),
        })
    })
    .collect()
}

#[derive(Serialize)]
struct Contact {
    name: Option<String>,
    role: Option<String>,
    email: Option<String>,
}

#[derive(Serialize)]
struct Download {
    label: String,
    url: String,
}

#[derive(Serialize)]
struct MeetingPage {
    site: &'static str,
    title: String,
    crumbs: Vec<Crumb>,
    q: String,
    body: BodyLink,
    heading: String,
    meeting_title: Option<String>,
    date: String,
    time: String,
    end_time: Option<String>,
    datetime: String,
    venue: Option<String>,
    contact: Option<Contact>,
    cancelled: bool,
    agenda_public: bool,
    minutes_visible: bool,
    minutes_note: String,
    confirmed: Option<String>,
    items: Vec<ItemView>,
    attendance: Vec<AttendanceGroup>,
    downloads: Vec<Download>,
    calendar_url: String,
}

fn venue_line(m: &Meeting) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    for field in [&m.venue.name, &m.venue.address, &m.venue.postcode]
        .into_iter()
        .flatten()
    {
        for line in field.split(['\n', '\r']) {
            let line = line.trim().trim_end_matches(',').trim();
            if !line.is_empty() && !parts.iter().any(|p| p.contains(line)) {
                parts.push(line.to_string());
            }
        }
    }
    (!parts.is_empty()).then(|| parts.join(", "))
}

fn build_meeting_page(m: Meeting, body: &BodyRow) -> MeetingPage {
    let date = long_date(m.starts_at);
    let time = clock_time(m.starts_at);
    let facts = m.facts();
    let cancelled = m.status == MeetingStatus::Cancelled;
    let agenda_public = visibility::agenda_visible(Viewer::Public, facts);
    let minutes_note = if m.minutes_visible {
        match m.minutes_status.as_str() {
            "confirmed" => "These minutes have been confirmed as a true record.".to_string(),
            _ => "These minutes have been approved by the chair and published. They are subject to confirmation at the next meeting.".to_string(),
        }
    } else if cancelled {
        String::new()
    } else {
        "The minutes of this meeting have not been published yet.".to_string()
    };
    let mut downloads = Vec::new();
    if agenda_public {
        for (f, label) in [("html", "Agenda (web page)"), ("docx", "Agenda (Word)")] {
            downloads.push(Download {
                label: label.into(),
                url: format!("/api/v1/meetings/{}/agenda?format={f}", m.id),
            });
        }
    }
    if m.minutes_visible {
        for (f, label) in [
            ("html", "Minutes (web page)"),
            ("docx", "Minutes (Word)"),
            ("txt", "Minutes (plain text)"),
        ] {
            downloads.push(Download {
                label: label.into(),
                url: format!("/api/v1/meetings/{}/minutes?format={f}", m.id),
            });
        }
    }
    let contact = (m.contact.name.is_some() || m.contact.email.is_some()).then(|| Contact {
        name: m.contact.name.clone(),
        role: m.contact.role.clone(),
        email: m.contact.email.clone(),
    });
    let heading = format!("{} — {date} {time}", body.name);
    MeetingPage {
        site: SITE_NAME,
        title: heading.clone(),
        crumbs: crumbs(&[
            ("Home", Some("/".into())),
            (&body.name, Some(format!("/bodies/{}", body.slug))),
            (&format!("{date} {time}"), None),
        ]),
        q: String::new(),
        body: BodyLink::from(body),
        heading,
        meeting_title: m.title.clone(),
        end_time: m.ends_at.map(clock_time),
        datetime: m.starts_at.to_rfc3339(),
        date,
        time,
        venue: venue_line(&m),
        contact,
        cancelled,
        agenda_public,
        minutes_visible: m.minutes_visible,
        minutes_note,
        confirmed: m
            .minutes_record
            .confirmed_at
            .filter(|_| m.minutes_visible)
            .map(long_date),
        items: m.items.iter().map(|i| item_view(i, facts, false)).collect(),
        attendance: if m.minutes_visible {
            attendance_groups(&m.attendance)
        } else {
            Vec::new()
        },
        downloads,
        calendar_url: format!("/bodies/{}/meetings.ics", body.slug),
    }
}

/// `/meetings/{id}`: the meeting, its agenda and papers and, once
/// published, its minutes, outcomes and attendance.
#[get("/meetings/{id}")]
pub async fn meeting_page(
    state: aw::Data<AppState>,
    req: HttpRequest,
    path: aw::Path<String>,
) -> HttpResponse {
    let public_url = state.settings.public_url.clone();
    let result = match crate::store::parse_id(&path, "meeting") {
        Err(e) => Err(e),
        Ok(id) => state
            .db(move |conn| {
                let m = crate::read::meeting::load_meeting(conn, &id, Viewer::Public, &public_url)?;
                let body = data::body(conn, &m.body_id)?;
                Ok((m, body))
            })
            .await
            .and_then(|(m, body)| web::render("meeting.html", build_meeting_page(m, &body))),
    };
    web::page(&req, result)
}

// ----------------------------------------------------------------- search

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
    first: i64,
    next_url: Option<String>,
}

/// The page link of a hit: the meeting page at the item, outcome or paper.
pub fn hit_anchor(h: &search::Hit) -> String {
    let anchor = match (&h.outcome_id, &h.document_id, &h.item_id) {
        (Some(o), _, _) => format!("#outcome-{o}"),
        (_, Some(d), _) => format!("#doc-{d}"),
        (_, _, Some(i)) => format!("#item-{i}"),
        _ => String::new(),
    };
    format!("/meetings/{}{anchor}", h.meeting_id)
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
pub async fn search_page(state: aw::Data<AppState>, req: HttpRequest) -> HttpResponse {
    let params = SearchParams::from_query(req.query_string());
    let q = params.q.clone().unwrap_or_default().trim().to_string();
    let body_slug = params.body.clone().filter(|b| !b.trim().is_empty());
    let offset = match params.cursor.as_deref() {
        None | Some("") => Some(0),
        Some(c) => search::decode_cursor(c),
    };
    let too_long = q.chars().count() > search::MAX_QUERY_CHARS;
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
                    Some(offset) if !q.is_empty() && !too_long => {
                        search::flush_dirty(conn, search::FLUSH_BATCH)?;
                        search::search(
                            conn,
                            &search::Query {
                                text: q,
                                body_id,
                                limit: SEARCH_PAGE,
                                offset,
                            },
                        )?
                    }
                    _ => search::Results::default(),
                };
                Ok((bodies, results, offset))
            }
        })
        .await
        .and_then(|(bodies, results, offset)| {
            let error = if too_long {
                Some(format!(
                    "Please use at most {} characters.",
                    search::MAX_QUERY_CHARS
                ))
            } else if offset.is_none() {
                Some("That link to more results is not valid; please search again.".into())
            } else {
                None
            };
            let offset = offset.unwrap_or(0);
            let next_url = results.more.then(|| {
                let mut s = url::form_urlencoded::Serializer::new(String::new());
                s.append_pair("q", &q);
                if let Some(b) = &body_slug {
                    s.append_pair("body", b);
                }
                s.append_pair(
                    "cursor",
                    &search::encode_cursor(offset + results.hits.len() as i64),
                );
                format!("/search?{}", s.finish())
            });
            let hits = results
                .hits
                .iter()
                .map(|h| HitView {
                    kind: kind_label(&h.kind),
                    title: search::segments(&h.title_marked),
                    snippet: search::segments(&h.snippet_marked),
                    url: hit_anchor(h),
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
                })
                .collect();
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
                    first: offset + 1,
                    next_url,
                    q,
                },
            )
        });
    web::page(&req, result)
}

/// `/assets/public.css`: the pages' stylesheet.
#[get("/assets/public.css")]
pub async fn stylesheet(req: HttpRequest) -> HttpResponse {
    web::cached(
        &req,
        "text/css; charset=utf-8",
        web::STYLESHEET,
        Policy::ASSET,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn municipal_years_start_in_may() {
        assert_eq!(year_of(at("2023-07-19T08:00:00Z"), 5), 2023);
        assert_eq!(year_of(at("2024-04-30T08:00:00Z"), 5), 2023);
        // 23:30 UTC on 30 April 2024 is already 1 May in London.
        assert_eq!(year_of(at("2024-04-30T23:30:00Z"), 5), 2024);
        assert_eq!(year_label(2023, 5), "2023/24");
        assert_eq!(year_label(1999, 4), "1999/00");
        assert_eq!(year_label(2023, 1), "2023");
    }

    #[test]
    fn today_starts_at_london_midnight() {
        // In July London is on BST: midnight is 23:00 UTC the day before.
        assert_eq!(
            start_of_today(at("2023-07-19T10:00:00Z")).to_string(),
            "2023-07-18 23:00:00"
        );
        assert_eq!(
            start_of_today(at("2023-01-18T10:00:00Z")).to_string(),
            "2023-01-18 00:00:00"
        );
    }
}

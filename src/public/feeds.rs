//! Calendars and feeds of what the public may see.
//!
//! - iCalendar (RFC 5545), with the `icalendar` crate: `/meetings.ics` for
//!   every body, `/bodies/{slug}/meetings.ics` for one. By default the
//!   meetings of the last twelve months and every future one
//!   ([`calendar_window`]); `?from=` and `?to=` (London dates, both
//!   inclusive) choose another window; at most [`data::MAX_MEETINGS`], the
//!   latest of the window. One `VEVENT` per
//!   meeting whose agenda is public (or that was cancelled): UID
//!   `{meeting id}@{host}`, `DTSTART`/`DTEND` as **UTC times** (`…Z`; London
//!   times converted, so no `VTIMEZONE` is needed), an end two hours after
//!   the start when none is recorded, `LOCATION`, `URL` of the meeting
//!   page, `STATUS:CANCELLED` for a cancelled meeting, `SEQUENCE` from the
//!   meeting's version and `DTSTAMP`/`LAST-MODIFIED` from its last change
//!   (so an unchanged calendar is byte-for-byte the same and its ETag holds).
//! - Atom (RFC 4287), with the `atom_syndication` crate:
//!   `/feeds/minutes.atom` for every body, `/bodies/{slug}/feed.atom` for
//!   one. An entry when an agenda is published, when minutes are published
//!   (or confirmed), and one per decision (outcome) in published minutes;
//!   each with a stable `tag:` URI id, its time, and a link to the meeting
//!   page. Everything comes from the public read model. A body's feed
//!   carries the head of its minute book (`minutebook:minuteBookHead`, the
//!   hash of the latest confirmation's entry, with the number of entries
//!   and the link to verify it), so outsiders can keep copies of it.

use super::data::{self, MeetingList};
use super::web::{self, Policy, SITE_NAME};
use crate::domain::lifecycle::MeetingStatus;
use crate::domain::visibility::{self, Viewer};
use crate::error::{AppError, AppResult};
use crate::read::meeting::{Item, Meeting};
use crate::read::minute_book::BookHead;
use crate::render::dates::{clock_time, long_date, write_when};
use crate::state::AppState;
use crate::store::bodies::BodyRow;
use crate::store::meetings::MeetingRow;
use actix_web::{get, web as aw, HttpRequest, HttpResponse};
use atom_syndication as atom;
use chrono::{DateTime, Duration, FixedOffset, Months, NaiveDate, Utc};
use icalendar::{Component, EventLike};
use std::collections::HashMap;

/// A meeting with no recorded end is shown as lasting this long.
pub const DEFAULT_DURATION_HOURS: i64 = 2;
/// How many meetings' agendas and minutes a feed looks at.
const FEED_MEETINGS: i64 = 30;
/// The most entries in a feed.
const FEED_ENTRIES: usize = 100;

pub const ICS_TYPE: &str = "text/calendar; charset=utf-8";
pub const ATOM_TYPE: &str = "application/atom+xml; charset=utf-8";
/// The XML namespace of minutebook's extension elements.
pub const MINUTEBOOK_NS: &str = "https://minutebook.dev/ns/1.0";

/// The host of the public URL, for UIDs and tag URIs.
pub fn host(public_url: &str) -> String {
    url::Url::parse(public_url)
        .ok()
        .and_then(|u| u.host_str().map(str::to_string))
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "minutebook.invalid".into())
}

/// Text safe in XML 1.0 and iCalendar: no control characters but line
/// breaks and tabs; CRLF as LF.
fn text(s: &str) -> String {
    clean(s).into_owned()
}

/// [`text`] without a copy when there is nothing to take out (as almost
/// always).
fn clean(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars().all(|c| !c.is_control() || c == '\n' || c == '\t') {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(
        s.replace("\r\n", "\n")
            .chars()
            .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
            .collect(),
    )
}

fn venue_line(m: &MeetingRow) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for field in [&m.venue_name, &m.venue_address, &m.venue_postcode]
        .into_iter()
        .flatten()
    {
        for line in field.split(['\n', '\r']) {
            let line = line.trim().trim_end_matches(',').trim();
            if !line.is_empty() && !parts.iter().any(|p| p.contains(line)) {
                parts.push(line);
            }
        }
    }
    if parts.is_empty() {
        return None;
    }
    let joined = parts.join(", ");
    Some(match clean(&joined) {
        std::borrow::Cow::Borrowed(_) => joined,
        std::borrow::Cow::Owned(o) => o,
    })
}

// ---------------------------------------------------------------- iCalendar

/// The calendar of `meetings` (public rows only: the caller lists them
/// through [`data::meetings`]).
pub fn calendar(
    name: &str,
    meetings: &[MeetingRow],
    bodies: &HashMap<String, BodyRow>,
    public_url: &str,
) -> String {
    let host = host(public_url);
    let mut cal = icalendar::Calendar::empty();
    cal.append_property(("VERSION", "2.0"));
    cal.append_property(("PRODID", "-//minutebook//public meetings//EN"));
    cal.append_property(("CALSCALE", "GREGORIAN"));
    cal.append_property(("METHOD", "PUBLISH"));
    cal.name(&text(name));
    cal.timezone("Europe/London");
    cal.ttl(&Duration::hours(1));
    for m in meetings {
        let Some(body) = bodies.get(&m.body_id) else {
            continue;
        };
        let start = m.starts_at.and_utc();
        let end = m
            .ends_at
            .map(|e| e.and_utc())
            .filter(|e| *e > start)
            .unwrap_or(start + Duration::hours(DEFAULT_DURATION_HOURS));
        let cancelled = m.status == MeetingStatus::Cancelled;
        let page = format!("{public_url}/meetings/{}", m.id);
        let summary = match &m.title {
            Some(t) if !t.trim().is_empty() => format!("{}: {t}", body.name),
            _ => body.name.clone(),
        };
        let mut description = String::with_capacity(160);
        description.push_str(&body.name);
        description.push_str(", ");
        write_when(&mut description, start);
        description.push('.');
        if cancelled {
            description.push_str(" This meeting has been cancelled.");
        }
        if visibility::agenda_visible(Viewer::Public, m.facts()) {
            description.push_str(" Agenda and papers: ");
            description.push_str(&page);
        }
        let changed = m.updated_at.and_utc();
        let mut ev = icalendar::Event::new();
        ev.uid(&format!("{}@{host}", m.id))
            .timestamp(changed)
            .last_modified(changed)
            .sequence(u32::try_from(m.version.max(0)).unwrap_or(0))
            .summary(&clean(&if cancelled {
                format!("CANCELLED: {summary}")
            } else {
                summary
            }))
            .description(&clean(&description))
            .starts(start)
            .ends(end)
            .url(&page)
            .status(if cancelled {
                icalendar::EventStatus::Cancelled
            } else {
                icalendar::EventStatus::Confirmed
            });
        if let Some(v) = venue_line(m) {
            ev.location(&v);
        }
        cal.push(ev.done());
    }
    cal.done().to_string()
}

/// The past a calendar covers unless asked: what a subscribed calendar
/// shows people (the year's meetings just held, and what is coming) without
/// resending decades of history on every refresh.
pub const CALENDAR_PAST_MONTHS: u32 = 12;

/// The London dates a calendar covers, both inclusive (`None`: no end):
/// `from`/`to` as asked; without `from`, the [`CALENDAR_PAST_MONTHS`]
/// months before today (or before `to`, if that is earlier); without `to`,
/// every future meeting.
pub fn calendar_window(
    today: NaiveDate,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> AppResult<(NaiveDate, Option<NaiveDate>)> {
    let from = match from {
        Some(f) => f,
        None => {
            let end = to.map_or(today, |t| t.min(today));
            end.checked_sub_months(Months::new(CALENDAR_PAST_MONTHS))
                .unwrap_or(end)
        }
    };
    if let Some(t) = to {
        if t < from {
            return Err(AppError::field("to", "must not be before from"));
        }
    }
    Ok((from, to))
}

/// `?from=2023-05-01&to=2024-04-30` of a calendar's URL.
fn window_params(query: &str) -> AppResult<(Option<NaiveDate>, Option<NaiveDate>)> {
    let mut from = None;
    let mut to = None;
    for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
        let slot = match k.as_ref() {
            "from" => &mut from,
            "to" => &mut to,
            _ => continue,
        };
        let v = v.trim();
        if v.is_empty() {
            continue;
        }
        let d = NaiveDate::parse_from_str(v, "%Y-%m-%d")
            .map_err(|_| AppError::field(&k, "must be a date such as 2023-07-19"))?;
        *slot = Some(d);
    }
    Ok((from, to))
}

async fn ics(state: &AppState, req: &HttpRequest, slug: Option<String>) -> AppResult<HttpResponse> {
    let (from, to) = window_params(req.query_string())?;
    let today = crate::domain::time::date_of(Utc::now());
    let (from, to) = calendar_window(today, from, to)?;
    let from = crate::domain::time::start_of_day(from);
    let to = to
        .and_then(|t| t.succ_opt())
        .and_then(crate::domain::time::start_of_day);
    let (name, meetings, bodies) = state
        .db(move |conn| {
            let (name, body_id, bodies) = match slug {
                Some(s) => {
                    let b = data::body(conn, &s)?;
                    let name = format!("{}: meetings", b.name);
                    let id = b.id.clone();
                    (name, Some(id.clone()), HashMap::from([(id, b)]))
                }
                None => (
                    format!("{SITE_NAME}: all meetings"),
                    None,
                    data::bodies(conn)?
                        .into_iter()
                        .map(|b| (b.id.clone(), b))
                        .collect(),
                ),
            };
            let meetings = data::meetings(
                conn,
                &MeetingList {
                    body_id,
                    from,
                    to,
                    newest_first: true,
                    ..Default::default()
                },
            )?;
            Ok((name, meetings, bodies))
        })
        .await?;
    let body = calendar(&name, &meetings, &bodies, &state.settings.public_url);
    Ok(web::cached(req, ICS_TYPE, body, Policy::FEED))
}

/// Every body's meetings as an iCalendar feed.
#[get("/meetings.ics")]
pub async fn all_meetings_ics(state: aw::Data<AppState>, req: HttpRequest) -> HttpResponse {
    ics(&state, &req, None)
        .await
        .unwrap_or_else(|e| web::error_page(&e, Policy::FEED))
}

/// One body's meetings as an iCalendar feed.
#[get("/bodies/{slug}/meetings.ics")]
pub async fn body_meetings_ics(
    state: aw::Data<AppState>,
    req: HttpRequest,
    path: aw::Path<String>,
) -> HttpResponse {
    ics(&state, &req, Some(path.into_inner()))
        .await
        .unwrap_or_else(|e| web::error_page(&e, Policy::FEED))
}

// --------------------------------------------------------------------- Atom

fn fixed(t: DateTime<Utc>) -> DateTime<FixedOffset> {
    t.fixed_offset()
}

fn link(href: String, rel: &str, mime: Option<&str>) -> atom::Link {
    atom::Link {
        href,
        rel: rel.into(),
        mime_type: mime.map(str::to_string),
        ..Default::default()
    }
}

fn heading(number: Option<&str>, title: &str) -> String {
    match number {
        Some(n) => format!("{n} {title}"),
        None => title.to_string(),
    }
}

/// Builds the entries for one meeting as the public sees it.
fn meeting_entries(m: &Meeting, tag: &str, public_url: &str, out: &mut Vec<atom::Entry>) {
    let page = format!("{public_url}/meetings/{}", m.id);
    let when = format!("{} {}", long_date(m.starts_at), clock_time(m.starts_at));
    let category = |term: &str| atom::Category {
        term: term.into(),
        ..Default::default()
    };
    if let Some(published) = m.agenda_published_at {
        let mut lines = Vec::new();
        for item in &m.items {
            lines.push(heading(item.minute_number.as_deref(), &item.title));
            for p in &item.parts {
                lines.push(format!(
                    "  ({}) {}",
                    p.part_letter.as_deref().unwrap_or(""),
                    p.title
                ));
            }
        }
        let mut summary = format!("Meeting of {} on {when}.", m.body.name);
        if m.status == MeetingStatus::Cancelled {
            summary.push_str(" This meeting has been cancelled.");
        }
        if !lines.is_empty() {
            summary.push_str("\n\nItems:\n");
            summary.push_str(&lines.join("\n"));
        }
        out.push(atom::Entry {
            id: format!("{tag}:agenda:{}", m.id),
            title: atom::Text::plain(text(&format!("Agenda: {} — {when}", m.body.name))),
            updated: fixed(published),
            published: Some(fixed(published)),
            links: vec![link(page.clone(), "alternate", Some("text/html"))],
            summary: Some(atom::Text::plain(text(&summary))),
            categories: vec![category("agenda")],
            ..Default::default()
        });
    }
    if !m.minutes_visible {
        return;
    }
    // When the minutes became public (a meeting's last change stands in
    // for minutes published before publication was recorded).
    let published = m
        .minutes_record
        .published_at
        .or(m.minutes_record.confirmed_at)
        .unwrap_or(m.updated_at);
    let updated = m
        .minutes_record
        .confirmed_at
        .map(|c| c.max(published))
        .unwrap_or(published);
    let mut decision_entries = Vec::new();
    for item in &m.items {
        item_decisions(item, None, m, &page, tag, published, &mut decision_entries);
    }
    let decisions = decision_entries.len();
    let mut summary = format!(
        "The minutes of the meeting of {} held on {when} have been published",
        m.body.name
    );
    match m.minutes_record.confirmed_at {
        Some(c) => summary.push_str(&format!(
            " and were confirmed as a true record on {}.",
            long_date(c)
        )),
        None => summary.push('.'),
    }
    if decisions > 0 {
        summary.push_str(&format!(
            " {decisions} decision{} recorded.",
            if decisions == 1 { "" } else { "s" }
        ));
    }
    out.push(atom::Entry {
        id: format!("{tag}:minutes:{}", m.id),
        title: atom::Text::plain(text(&format!("Minutes: {} — {when}", m.body.name))),
        updated: fixed(updated),
        published: Some(fixed(published)),
        links: vec![
            link(page.clone(), "alternate", Some("text/html")),
            link(
                format!("{public_url}/api/v1/meetings/{}/minutes?format=html", m.id),
                "enclosure",
                Some("text/html"),
            ),
        ],
        summary: Some(atom::Text::plain(text(&summary))),
        categories: vec![category("minutes")],
        ..Default::default()
    });
    out.extend(decision_entries);
}

fn item_decisions(
    item: &Item,
    parent: Option<&Item>,
    m: &Meeting,
    page: &str,
    tag: &str,
    published: DateTime<Utc>,
    out: &mut Vec<atom::Entry>,
) {
    let facts = item.facts(parent.is_some_and(|p| p.restricted.is_some()));
    if !visibility::item_hidden(Viewer::Public, facts) {
        let title = match parent {
            Some(p) => format!(
                "{} ({}) {}",
                heading(p.minute_number.as_deref(), &p.title),
                item.part_letter.as_deref().unwrap_or(""),
                item.title
            ),
            None => heading(item.minute_number.as_deref(), &item.title),
        };
        for o in &item.outcomes {
            let mut body = crate::render::doc::outcome_line(&o.verb, &o.text);
            for (i, p) in o.parts.iter().enumerate() {
                body.push_str(&format!("\n{}. {p}", i + 1));
            }
            let updated = o.updated_at.max(published);
            out.push(atom::Entry {
                id: format!("{tag}:decision:{}", o.id),
                title: atom::Text::plain(text(&format!("{title}: {}", o.verb))),
                updated: fixed(updated),
                published: Some(fixed(published)),
                links: vec![link(
                    format!("{page}#outcome-{}", o.id),
                    "alternate",
                    Some("text/html"),
                )],
                summary: Some(atom::Text::plain(text(&format!(
                    "{} — {} {}\n\n{body}",
                    m.body.name,
                    long_date(m.starts_at),
                    clock_time(m.starts_at)
                )))),
                categories: vec![atom::Category {
                    term: "decision".into(),
                    ..Default::default()
                }],
                ..Default::default()
            });
        }
    }
    for p in &item.parts {
        item_decisions(p, Some(item), m, page, tag, published, out);
    }
}

/// The Atom feed of one body's (or every body's) published agendas,
/// minutes and decisions.
pub fn atom_feed(
    body: Option<&BodyRow>,
    meetings: &[Meeting],
    book: Option<&BookHead>,
    public_url: &str,
) -> AppResult<String> {
    let host = host(public_url);
    let tag = format!("tag:{host},2026:minutebook");
    let mut entries = Vec::new();
    for m in meetings {
        meeting_entries(m, &tag, public_url, &mut entries);
    }
    // Newest first; ties in a fixed order so the feed (and its ETag) is stable.
    entries.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| a.id.cmp(&b.id)));
    entries.dedup_by(|a, b| a.id == b.id);
    entries.truncate(FEED_ENTRIES);
    let (id, title, self_url, page) = match body {
        Some(b) => (
            format!("{tag}:feed:body:{}", b.id),
            format!("{}: agendas, minutes and decisions", b.name),
            format!("{public_url}/bodies/{}/feed.atom", b.slug),
            format!("{public_url}/bodies/{}", b.slug),
        ),
        None => (
            format!("{tag}:feed:all"),
            format!("{SITE_NAME}: agendas, minutes and decisions"),
            format!("{public_url}/feeds/minutes.atom"),
            format!("{public_url}/"),
        ),
    };
    let updated = entries
        .iter()
        .map(|e| e.updated)
        .max()
        .or_else(|| body.map(|b| fixed(b.updated_at.and_utc())))
        .unwrap_or_else(|| fixed(DateTime::<Utc>::UNIX_EPOCH));
    let feed = atom::Feed {
        title: atom::Text::plain(text(&title)),
        id,
        updated,
        authors: vec![atom::Person {
            name: text(body.map(|b| b.name.as_str()).unwrap_or(SITE_NAME)),
            ..Default::default()
        }],
        generator: Some(atom::Generator {
            value: "minutebook".into(),
            ..Default::default()
        }),
        links: vec![
            link(self_url, "self", Some("application/atom+xml")),
            link(page, "alternate", Some("text/html")),
        ],
        lang: Some("en-GB".into()),
        entries,
        ..Default::default()
    };
    let mut feed = feed;
    if let (Some(b), Some(head)) = (body, book) {
        feed.namespaces
            .insert("minutebook".into(), MINUTEBOOK_NS.into());
        let ext = atom::extension::Extension {
            name: "minutebook:minuteBookHead".into(),
            value: Some(head.hash.clone()),
            attrs: [
                ("entries".to_string(), head.entries.to_string()),
                (
                    "verify".to_string(),
                    format!("{public_url}/api/v1/bodies/{}/minute-book/verify", b.slug),
                ),
            ]
            .into_iter()
            .collect(),
            children: Default::default(),
        };
        feed.extensions
            .entry("minutebook".into())
            .or_default()
            .insert("minuteBookHead".into(), vec![ext]);
    }
    let bytes = feed
        .write_to(Vec::new())
        .map_err(|e| AppError::Internal(anyhow::anyhow!("writing the Atom feed: {e}")))?;
    String::from_utf8(bytes)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("the Atom feed is not UTF-8: {e}")))
}

/// What a feed is built from: the body, the head of its minute book, and
/// the meetings it looks at (ids, sorted).
struct FeedSource {
    body: Option<BodyRow>,
    book: Option<BookHead>,
    ids: Vec<String>,
}

fn feed_source(conn: &mut crate::db::DbConn, slug: Option<String>) -> AppResult<FeedSource> {
    let body = match slug {
        Some(s) => Some(data::body(conn, &s)?),
        None => None,
    };
    let book = match &body {
        Some(b) => crate::read::minute_book::head(conn, &b.id)?,
        None => None,
    };
    let body_id = body.as_ref().map(|b| b.id.as_str());
    let mut ids: Vec<String> = data::recent_agendas(conn, body_id, FEED_MEETINGS)?
        .into_iter()
        .chain(data::recent_minutes(conn, body_id, FEED_MEETINGS)?)
        .map(|m| m.id)
        .collect();
    ids.sort();
    ids.dedup();
    Ok(FeedSource { body, book, ids })
}

/// A feed is built from up to 60 whole meetings; it is kept
/// (`read::response_cache`) until one of them, the body or its minute book
/// changes, so a poll of an unchanged feed costs a few indexed reads.
async fn atom_response(
    state: &AppState,
    req: &HttpRequest,
    slug: Option<String>,
) -> AppResult<HttpResponse> {
    let public_url = state.settings.public_url.clone();
    let cache = state.responses.clone();
    let xml = state
        .db(move |conn| {
            let src = feed_source(conn, slug)?;
            let key = match &src.body {
                Some(b) => format!("feed:body:{}", b.id),
                None => "feed:all".to_string(),
            };
            let fingerprint = format!(
                "{}|{}|{}|{}",
                crate::read::etag::meetings_fingerprint(conn, &src.ids)?,
                src.body
                    .as_ref()
                    .map(|b| format!("{}:{}:{}", b.version, b.updated_at, b.slug))
                    .unwrap_or_default(),
                src.book
                    .as_ref()
                    .map(|h| format!("{}:{}", h.entries, h.hash))
                    .unwrap_or_default(),
                public_url,
            );
            if let Some(xml) = cache.get(&key, &fingerprint) {
                return Ok(xml);
            }
            let mut meetings = Vec::with_capacity(src.ids.len());
            for id in &src.ids {
                match crate::read::meeting::load_meeting(conn, id, Viewer::Public, &public_url) {
                    Ok(m) => meetings.push(m),
                    Err(AppError::NotFound(_)) => {}
                    Err(e) => return Err(e),
                }
            }
            let xml = aw::Bytes::from(atom_feed(
                src.body.as_ref(),
                &meetings,
                src.book.as_ref(),
                &public_url,
            )?);
            cache.put(&key, &fingerprint, xml.clone());
            Ok(xml)
        })
        .await?;
    Ok(web::cached(req, ATOM_TYPE, xml, Policy::FEED))
}

/// Every body's published agendas, minutes and decisions, as Atom.
#[get("/feeds/minutes.atom")]
pub async fn all_feed(state: aw::Data<AppState>, req: HttpRequest) -> HttpResponse {
    atom_response(&state, &req, None)
        .await
        .unwrap_or_else(|e| web::error_page(&e, Policy::FEED))
}

/// One body's published agendas, minutes and decisions, as Atom.
#[get("/bodies/{slug}/feed.atom")]
pub async fn body_feed(
    state: aw::Data<AppState>,
    req: HttpRequest,
    path: aw::Path<String>,
) -> HttpResponse {
    atom_response(&state, &req, Some(path.into_inner()))
        .await
        .unwrap_or_else(|e| web::error_page(&e, Policy::FEED))
}

#[cfg(test)]
#[path = "feeds_tests.rs"]
mod tests;

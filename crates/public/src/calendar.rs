//! Calendars of what the public may see, as iCalendar (RFC 5545), written
//! with the `icalendar` crate: `/meetings.ics` for every body,
//! `/bodies/{slug}/meetings.ics` for one. By default the meetings of the
//! last twelve months and every future one ([`calendar_window`]); `?from=`
//! and `?to=` (London dates, both inclusive) choose another window; at most
//! [`data::MAX_MEETINGS`], the latest of the window. One `VEVENT` per
//! meeting whose agenda is public (or that was cancelled): UID
//! `{meeting id}@{host}`, `DTSTART`/`DTEND` as **UTC times** (`…Z`; London
//! times converted, so no `VTIMEZONE` is needed), an end two hours after
//! the start when none is recorded, `LOCATION`, `URL` of the meeting page,
//! `STATUS:CANCELLED` for a cancelled meeting, `SEQUENCE` from the
//! meeting's version and `DTSTAMP`/`LAST-MODIFIED` from its last change (so
//! an unchanged calendar is byte-for-byte the same and its ETag holds).

use super::feeds::{clean, host, text};
use actix_web::web::Bytes;
use actix_web::{get, web as aw, HttpRequest, HttpResponse};
use chrono::{Duration, Months, NaiveDate, Utc};
use icalendar::{Component, EventLike};
use minutebook_domain::lifecycle::MeetingStatus;
use minutebook_domain::precondition::none_match;
use minutebook_domain::visibility::{self, Viewer};
use minutebook_ground::error::{AppError, AppResult};
use minutebook_render::dates::write_when;
use minutebook_store::bodies::BodyRow;
use minutebook_store::calendar_changes;
use minutebook_store::meetings::MeetingRow;
use minutebook_store::public_lists::{self as data, MeetingList};
use minutebook_web::published::{self as web, Policy, SITE_NAME};
use minutebook_web::state::AppState;
use std::collections::HashMap;

/// A meeting with no recorded end is shown as lasting this long.
pub const DEFAULT_DURATION_HOURS: i64 = 2;

pub const ICS_TYPE: &str = "text/calendar; charset=utf-8";

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

/// Which calendar: its name, the meetings it lists and their bodies.
struct Source {
    name: String,
    list: MeetingList,
    bodies: HashMap<String, BodyRow>,
}

fn source(
    conn: &mut minutebook_ground::db::DbConn,
    slug: Option<String>,
    from: Option<chrono::NaiveDateTime>,
    to: Option<chrono::NaiveDateTime>,
) -> AppResult<Source> {
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
    let list = MeetingList {
        body_id,
        from,
        to,
        newest_first: true,
        ..Default::default()
    };
    Ok(Source { name, list, bodies })
}

/// The tag of the calendar [`calendar`] writes: SHA-256 of the program's
/// version, the public URL, which calendar (`key`: the body as asked, the
/// dates it covers), whose it is (`scope`: the body's id, or `*`) and that
/// scope's change count (`store::calendar_changes`: triggers bump it with
/// any change to a meeting's or a body's row, so nothing a calendar shows
/// can change without the tag). Read in one indexed lookup, so an
/// unchanged calendar costs neither its rows nor its writing. It is the
/// response's ETag and the key it is kept under.
pub fn calendar_tag(key: &str, scope: &str, changes: i64, public_url: &str) -> String {
    use sha2::Digest;
    use std::hash::Hash;
    let mut h = ShaHasher(sha2::Sha256::new());
    (env!("CARGO_PKG_VERSION"), public_url, key, scope, changes).hash(&mut h);
    format!("\"ics-{}\"", hex::encode(&h.0.finalize()[..16]))
}

/// Feeds `Hash` into SHA-256 (`finish` is never asked for).
struct ShaHasher(sha2::Sha256);

impl std::hash::Hasher for ShaHasher {
    fn write(&mut self, bytes: &[u8]) {
        sha2::Digest::update(&mut self.0, bytes);
    }
    fn finish(&self) -> u64 {
        0
    }
}

/// A built calendar is kept (`read::response_cache`) under its
/// [`calendar_tag`]: a subscriber's hourly poll of an unchanged calendar
/// costs one indexed read and a hash, not its list, its rows or a
/// rebuild, and a `304` when the client sends the tag back.
async fn ics(state: &AppState, req: &HttpRequest, slug: Option<String>) -> AppResult<HttpResponse> {
    let (from, to) = window_params(req.query_string())?;
    let today = minutebook_domain::time::date_of(Utc::now());
    let (from, to) = calendar_window(today, from, to)?;
    let key = format!("ics:{}:{from}:{to:?}", slug.as_deref().unwrap_or("*"));
    let from = minutebook_domain::time::start_of_day(from);
    let to = to
        .and_then(|t| t.succ_opt())
        .and_then(minutebook_domain::time::start_of_day);
    let public_url = state.settings.public_url.clone();
    let cache = state.responses.clone();
    let if_none_match = web::if_none_match(req);
    let (tag, body) = state
        .db(move |conn| {
            let (scope, changes) = match &slug {
                Some(s) => calendar_changes::of_body(conn, s)?,
                None => ("*".to_owned(), calendar_changes::of_all(conn)?),
            };
            let tag = calendar_tag(&key, &scope, changes, &public_url);
            if if_none_match.is_some_and(|h| none_match(&h, &tag)) {
                return Ok((tag, None));
            }
            if let Some(body) = cache.get(&key, &tag) {
                return Ok((tag, Some(body)));
            }
            let src = source(conn, slug, from, to)?;
            let meetings = data::meetings(conn, &src.list)?;
            let body = Bytes::from(calendar(&src.name, &meetings, &src.bodies, &public_url));
            cache.put(&key, &tag, body.clone());
            Ok((tag, Some(body)))
        })
        .await?;
    let fresh = body.is_none();
    Ok(web::tagged(
        fresh,
        tag,
        ICS_TYPE,
        body.unwrap_or_default(),
        Policy::FEED,
    ))
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

#[cfg(test)]
#[path = "calendar_tests.rs"]
mod tests;

//! Calendars and feeds of what the public may see.
//!
//! - iCalendar: see `public::calendar`.
//! - Atom (RFC 4287), with the `atom_syndication` crate:
//!   `/feeds/minutes.atom` for every body, `/bodies/{slug}/feed.atom` for
//!   one. An entry when an agenda is published, when minutes are published
//!   (or confirmed), and one per decision (outcome) in published minutes;
//!   each with a stable `tag:` URI id, its time, and a link to the meeting
//!   page. Everything comes from the public read model. A body's feed
//!   carries the head of its minute book (`minutebook:minuteBookHead`, the
//!   hash of the latest confirmation's entry, with the number of entries
//!   and the link to verify it), so outsiders can keep copies of it.

use actix_web::{get, web as aw, HttpRequest, HttpResponse};
use atom_syndication as atom;
use chrono::{DateTime, FixedOffset, Utc};
use minutebook_domain::lifecycle::MeetingStatus;
use minutebook_domain::visibility::{self, Viewer};
use minutebook_ground::error::{AppError, AppResult};
use minutebook_read::meeting::{Item, Meeting};
use minutebook_read::minute_book::BookHead;
use minutebook_render::dates::{clock_time, long_date};
use minutebook_store::bodies::BodyRow;
use minutebook_store::public_lists as data;
use minutebook_web::published::{self as web, Policy, SITE_NAME};
use minutebook_web::state::AppState;

/// How many meetings' agendas and minutes a feed looks at.
const FEED_MEETINGS: i64 = 30;
/// The most entries in a feed.
const FEED_ENTRIES: usize = 100;

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
pub(super) fn text(s: &str) -> String {
    clean(s).into_owned()
}

/// [`text`] without a copy when there is nothing to take out (as almost
/// always).
pub(super) fn clean(s: &str) -> std::borrow::Cow<'_, str> {
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

// --------------------------------------------------------------------- Atom

pub(super) fn fixed(t: DateTime<Utc>) -> DateTime<FixedOffset> {
    t.fixed_offset()
}

pub(super) fn link(href: String, rel: &str, mime: Option<&str>) -> atom::Link {
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

/// An entry's category.
fn category(term: &str) -> atom::Category {
    atom::Category {
        term: term.into(),
        ..Default::default()
    }
}

/// The summary of an agenda's entry: the meeting, whether it is
/// cancelled, and its items with their lettered parts.
fn agenda_summary(m: &Meeting, when: &str) -> String {
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
    summary
}

/// The summary of a minutes entry: published, confirmed (and when), and
/// how many decisions the minutes record.
fn minutes_summary(m: &Meeting, when: &str, decisions: usize) -> String {
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
    summary
}

/// Builds the entries for one meeting as the public sees it.
fn meeting_entries(m: &Meeting, tag: &str, public_url: &str, out: &mut Vec<atom::Entry>) {
    let page = format!("{public_url}/meetings/{}", m.id);
    let when = format!("{} {}", long_date(m.starts_at), clock_time(m.starts_at));
    if let Some(published) = m.agenda_published_at {
        out.push(atom::Entry {
            id: format!("{tag}:agenda:{}", m.id),
            title: atom::Text::plain(text(&format!("Agenda: {} — {when}", m.body.name))),
            updated: fixed(published),
            published: Some(fixed(published)),
            links: vec![link(page.clone(), "alternate", Some("text/html"))],
            summary: Some(atom::Text::plain(text(&agenda_summary(m, &when)))),
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
    let summary = minutes_summary(m, &when, decision_entries.len());
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
            let mut body = minutebook_render::doc::outcome_line(&o.verb, &o.text);
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

/// What names a feed: its id, title, own URL and the page it stands for.
struct FeedNames {
    id: String,
    title: String,
    self_url: String,
    page: String,
}

impl FeedNames {
    /// The names of one body's feed, or of the feed of every body.
    fn of(body: Option<&BodyRow>, tag: &str, public_url: &str) -> FeedNames {
        match body {
            Some(b) => FeedNames {
                id: format!("{tag}:feed:body:{}", b.id),
                title: format!("{}: agendas, minutes and decisions", b.name),
                self_url: format!("{public_url}/bodies/{}/feed.atom", b.slug),
                page: format!("{public_url}/bodies/{}", b.slug),
            },
            None => FeedNames {
                id: format!("{tag}:feed:all"),
                title: format!("{SITE_NAME}: agendas, minutes and decisions"),
                self_url: format!("{public_url}/feeds/minutes.atom"),
                page: format!("{public_url}/"),
            },
        }
    }
}

/// Adds the head of a body's minute book to its feed
/// (`minutebook:minuteBookHead`: the latest entry's hash, the number of
/// entries, and where to verify the book).
fn add_book_head(feed: &mut atom::Feed, b: &BodyRow, head: &BookHead, public_url: &str) {
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
    let FeedNames {
        id,
        title,
        self_url,
        page,
    } = FeedNames::of(body, &tag, public_url);
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
        add_book_head(&mut feed, b, head, public_url);
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

fn feed_source(
    conn: &mut minutebook_ground::db::DbConn,
    slug: Option<String>,
) -> AppResult<FeedSource> {
    let body = match slug {
        Some(s) => Some(data::body(conn, &s)?),
        None => None,
    };
    let book = match &body {
        Some(b) => minutebook_read::minute_book::head(conn, &b.id)?,
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
                minutebook_read::etag::meetings_fingerprint(conn, &src.ids)?,
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
                match minutebook_read::meeting::load_meeting(conn, id, Viewer::Public, &public_url)
                {
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

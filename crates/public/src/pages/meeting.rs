//! `/meetings/{id}`: a meeting with its agenda, papers, attendance and
//! (once published) minutes and outcomes.

use super::{crumbs, BodyLink, Crumb};
use actix_web::web::Bytes;
use actix_web::{get, web as aw, HttpRequest, HttpResponse};
use minutebook_domain::lifecycle::MeetingStatus;
use minutebook_domain::visibility::{self, ItemFacts, MeetingFacts, Viewer};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;
use minutebook_read::meeting::{Action, Attendance, Item, Meeting};
use minutebook_render::dates::{clock_time, long_date};
use minutebook_render::doc::{self, Block};
use minutebook_store::bodies::BodyRow;
use minutebook_store::public_lists as data;
use minutebook_web::published::{self as web, SITE_NAME};
use minutebook_web::state::AppState;
use serde::Serialize;

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
    /// Votes as the minutes state them (see `render::votes::vote_line`).
    votes: Vec<String>,
    actions: Vec<String>,
    parts: Vec<ItemView>,
}

/// The papers of an item the public may download.
fn public_papers(item: &Item, meeting: MeetingFacts, facts: ItemFacts) -> Vec<Paper> {
    item.documents
        .iter()
        .filter(|d| visibility::document_visible(Viewer::Public, meeting, facts, d.restricted))
        .map(|d| Paper {
            id: d.id.clone(),
            title: d.title.clone(),
            label: d.size_label.clone(),
            filename: d.filename.clone(),
            url: format!("/api/v1/documents/{}/content", d.id),
        })
        .collect()
}

/// An item's declarations of interest, one line each: who, and what.
fn declaration_lines(item: &Item) -> Vec<String> {
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
}

/// An item's outcomes, each verb as the votes on the item state it.
fn outcome_views(item: &Item) -> Vec<OutcomeView> {
    item.outcomes
        .iter()
        .map(|o| OutcomeView {
            id: o.id.clone(),
            verb: minutebook_render::votes::outcome_verb(o, &item.votes),
            text: o.text.clone(),
            parts: o.parts.clone(),
        })
        .collect()
}

/// An action as one line: what, then who and by when (if given).
fn action_line(a: &Action) -> String {
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
            .map(|r| minutebook_render::restriction_text(r.paragraph)),
        papers: if hidden {
            Vec::new()
        } else {
            public_papers(item, meeting, facts)
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
            declaration_lines(item)
        },
        outcomes: if hidden {
            Vec::new()
        } else {
            outcome_views(item)
        },
        votes: if hidden {
            Vec::new()
        } else {
            item.votes
                .iter()
                .map(minutebook_render::votes::vote_line)
                .collect()
        },
        actions: if hidden {
            Vec::new()
        } else {
            item.actions.iter().map(action_line).collect()
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

/// The public page of the meeting, built (what `/meetings/{id}` answers
/// and `meeting_documents` keeps).
pub fn page_bytes(conn: &mut DbConn, id: &str, public_url: &str) -> AppResult<Vec<u8>> {
    let m = minutebook_read::meeting::load_meeting(conn, id, Viewer::Public, public_url)?;
    page_of(conn, m)
}

/// The public page of a meeting loaded as the public sees it.
pub fn page_of(conn: &mut DbConn, m: Meeting) -> AppResult<Vec<u8>> {
    let body = data::body(conn, &m.body_id)?;
    Ok(web::render("meeting.html", build_meeting_page(m, &body))?.into_bytes())
}

/// `/meetings/{id}`: the meeting, its agenda and papers and, once
/// published, its minutes, outcomes and attendance.
#[get("/meetings/{id}")]
pub async fn meeting_page(
    state: aw::Data<AppState>,
    req: HttpRequest,
    path: aw::Path<String>,
) -> HttpResponse {
    use minutebook_read::etag::{conditional, Conditional, Form};
    let public_url = state.settings.public_url.clone();
    let if_none_match = web::if_none_match(&req);
    let cache = state.responses.clone();
    let answer = match minutebook_store::parse_id(&path, "meeting") {
        Err(e) => Err(e),
        Ok(id) => {
            state
                .db(move |conn| {
                    let inm = if_none_match.as_deref();
                    conditional(conn, &cache, &id, Viewer::Public, Form::Page, inm, |conn| {
                        page_bytes(conn, &id, &public_url)
                    })
                })
                .await
        }
    };
    let policy = web::Policy::PAGE;
    match answer {
        Ok(Conditional::NotModified { etag }) => {
            web::tagged(true, etag, web::HTML, Bytes::new(), policy)
        }
        Ok(Conditional::Modified { etag, value }) => {
            web::tagged(false, etag, web::HTML, value, policy)
        }
        Err(e) => web::error_page(&e, policy),
    }
}

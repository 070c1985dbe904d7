//! Decisions and the forward plan as feeds, for what the public may see:
//!
//! - `/feeds/decisions.atom`: one entry per published decision (updated
//!   when it is called in, dealt with by scrutiny or takes effect), never
//!   its exempt part;
//! - `/feeds/forward-plan.atom`: one entry per matter in the plan (updated
//!   when it is deferred, withdrawn, re-dated or decided), a private
//!   matter's paragraph but never its reasons;
//! - `/forward-plan.ics`: the matters with a date of decision, as all-day
//!   events (a matter known only by its month is in the Atom feed and on
//!   the page, not in the calendar).
//!
//! Written with the same crates as the meetings' feeds (`atom_syndication`,
//! `icalendar`).

use super::feeds::{fixed, host, link, text, ATOM_TYPE};
use crate::calendar::ICS_TYPE;
use actix_web::{get, web as aw, HttpRequest, HttpResponse};
use atom_syndication as atom;
use chrono::{DateTime, Duration, Utc};
use icalendar::{Component, EventLike};
use minutebook_domain::decisions::matter_status_label;
use minutebook_domain::visibility::Viewer;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_read::decisions::{self as read, Decision, DecisionFilter, ForwardPlanEntry};
use minutebook_render::decision_notice::call_in_text;
use minutebook_web::published::{self as web, Policy, SITE_NAME};
use minutebook_web::state::AppState;

/// The most entries in either feed.
const FEED_ENTRIES: usize = 100;

fn category(term: &str) -> atom::Category {
    atom::Category {
        term: term.into(),
        ..Default::default()
    }
}

fn decision_entry(d: &Decision, tag: &str, public_url: &str) -> Option<atom::Entry> {
    let published = d.published_at?;
    let mut updated = published;
    for t in d
        .call_ins
        .iter()
        .flat_map(|c| [Some(c.received_at), c.outcome_at])
        .chain([d.effective_at, d.revocation.as_ref().map(|r| r.revoked_at)])
        .flatten()
    {
        updated = updated.max(t);
    }
    let mut summary = format!(
        "{} — {}\n\n{}",
        d.decision_maker,
        d.made_on.format("%-d %B %Y"),
        d.decision
    );
    for (i, p) in d.parts.iter().enumerate() {
        summary.push_str(&format!("\n{}. {p}", i + 1));
    }
    summary.push_str(&format!("\n\nReasons: {}", d.reasons));
    summary.push_str(&format!("\n\n{}", call_in_text(d)));
    if let Some(r) = &d.revocation {
        summary.push_str(&format!("\n\nRevoked: {}", r.reason));
    }
    let mut categories = vec![category("decision"), category(&d.status)];
    if d.key_decision {
        categories.push(category("key-decision"));
    }
    Some(atom::Entry {
        id: format!("{tag}:decision-record:{}", d.id),
        title: atom::Text::plain(text(&format!("{}: {}", d.reference, d.title))),
        updated: fixed(updated),
        published: Some(fixed(published)),
        links: vec![
            link(
                format!("{public_url}/decisions/{}", d.id),
                "alternate",
                Some("text/html"),
            ),
            link(
                format!("{public_url}/decisions/{}/notice.pdf", d.id),
                "enclosure",
                Some("application/pdf"),
            ),
        ],
        summary: Some(atom::Text::plain(text(&summary))),
        categories,
        ..Default::default()
    })
}

fn matter_entry(e: &ForwardPlanEntry, tag: &str, public_url: &str) -> Option<atom::Entry> {
    let published = e.first_published_at?;
    let updated = e
        .notices
        .iter()
        .map(|n| n.published_at)
        .chain([e.updated_at, published])
        .max()
        .unwrap_or(published);
    let due = match (e.due_date, &e.due_month) {
        (Some(d), _) => d.format("%-d %B %Y").to_string(),
        (None, Some(m)) => m.clone(),
        (None, None) => "not yet known".into(),
    };
    let mut summary = format!(
        "To be decided by {} on {due}. {}.",
        e.decision_maker,
        matter_status_label(&e.status)
    );
    if e.key_decision {
        summary.push_str(" A key decision.");
    }
    if e.private {
        if let Some(p) = e.exempt_paragraph {
            summary.push_str(&format!(
                " Expected to be considered in private (paragraph {p} of Schedule 12A)."
            ));
        }
    }
    for n in &e.notices {
        summary.push_str(&format!(
            "\n{} notice published {}.",
            if n.kind == "special_urgency" {
                "Special urgency"
            } else {
                "General exception"
            },
            n.published_at.format("%-d %B %Y")
        ));
    }
    let mut categories = vec![category("forward-plan"), category(&e.status)];
    if e.key_decision {
        categories.push(category("key-decision"));
    }
    Some(atom::Entry {
        id: format!("{tag}:matter:{}", e.id),
        title: atom::Text::plain(text(&format!("{}: {}", e.reference, e.matter))),
        updated: fixed(updated),
        published: Some(fixed(published)),
        links: vec![link(
            format!("{public_url}/forward-plan/{}", e.id),
            "alternate",
            Some("text/html"),
        )],
        summary: Some(atom::Text::plain(text(&summary))),
        categories,
        ..Default::default()
    })
}

fn feed(
    id: String,
    title: &str,
    self_url: String,
    page: String,
    mut entries: Vec<atom::Entry>,
) -> AppResult<String> {
    entries.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| a.id.cmp(&b.id)));
    entries.truncate(FEED_ENTRIES);
    let updated = entries
        .iter()
        .map(|e| e.updated)
        .max()
        .unwrap_or_else(|| fixed(DateTime::<Utc>::UNIX_EPOCH));
    let feed = atom::Feed {
        title: atom::Text::plain(text(title)),
        id,
        updated,
        authors: vec![atom::Person {
            name: SITE_NAME.into(),
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
    let bytes = feed
        .write_to(Vec::new())
        .map_err(|e| AppError::Internal(anyhow::anyhow!("writing the Atom feed: {e}")))?;
    String::from_utf8(bytes)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("the Atom feed is not UTF-8: {e}")))
}

/// The Atom feed of published decisions.
pub fn decisions_atom(decisions: &[Decision], public_url: &str) -> AppResult<String> {
    let tag = format!("tag:{},2026:minutebook", host(public_url));
    let entries = decisions
        .iter()
        .filter_map(|d| decision_entry(d, &tag, public_url))
        .collect();
    feed(
        format!("{tag}:feed:decisions"),
        &format!("{SITE_NAME}: decisions"),
        format!("{public_url}/feeds/decisions.atom"),
        format!("{public_url}/decisions"),
        entries,
    )
}

/// The Atom feed of the forward plan.
pub fn forward_plan_atom(plan: &[ForwardPlanEntry], public_url: &str) -> AppResult<String> {
    let tag = format!("tag:{},2026:minutebook", host(public_url));
    let entries = plan
        .iter()
        .filter_map(|e| matter_entry(e, &tag, public_url))
        .collect();
    feed(
        format!("{tag}:feed:forward-plan"),
        &format!("{SITE_NAME}: forward plan"),
        format!("{public_url}/feeds/forward-plan.atom"),
        format!("{public_url}/forward-plan"),
        entries,
    )
}

/// The forward plan's dated matters as an iCalendar of all-day events.
pub fn forward_plan_ics(plan: &[ForwardPlanEntry], public_url: &str) -> String {
    let host = host(public_url);
    let mut cal = icalendar::Calendar::empty();
    cal.append_property(("VERSION", "2.0"));
    cal.append_property(("PRODID", "-//minutebook//forward plan//EN"));
    cal.append_property(("CALSCALE", "GREGORIAN"));
    cal.append_property(("METHOD", "PUBLISH"));
    cal.name(&text(&format!("{SITE_NAME}: forward plan")));
    cal.ttl(&Duration::hours(1));
    for e in plan {
        let Some(on) = e.due_date else { continue };
        let changed = e.updated_at;
        let mut description = format!(
            "To be decided by {}. {}.",
            e.decision_maker,
            matter_status_label(&e.status)
        );
        if e.key_decision {
            description.push_str(" A key decision.");
        }
        if let (true, Some(p)) = (e.private, e.exempt_paragraph) {
            description.push_str(&format!(
                " Expected to be considered in private (paragraph {p} of Schedule 12A)."
            ));
        }
        let page = format!("{public_url}/forward-plan/{}", e.id);
        description.push_str(&format!(" {page}"));
        let mut ev = icalendar::Event::new();
        ev.uid(&format!("matter-{}@{host}", e.id))
            .timestamp(changed)
            .last_modified(changed)
            .sequence(u32::try_from(e.version.max(0)).unwrap_or(0))
            .summary(&text(&format!("{}: {}", e.decision_maker, e.matter)))
            .description(&text(&description))
            .all_day(on)
            .url(&page)
            .status(if e.status == "withdrawn" {
                icalendar::EventStatus::Cancelled
            } else if e.status == "deferred" {
                icalendar::EventStatus::Tentative
            } else {
                icalendar::EventStatus::Confirmed
            });
        cal.push(ev.done());
    }
    cal.done().to_string()
}

/// `/feeds/decisions.atom`
#[get("/feeds/decisions.atom")]
pub async fn decisions_feed(state: aw::Data<AppState>, req: HttpRequest) -> HttpResponse {
    let public_url = state.settings.public_url.clone();
    let result = state
        .db(move |conn| {
            let list = read::decisions(
                conn,
                Viewer::Public,
                &DecisionFilter::default(),
                &public_url,
            )?;
            decisions_atom(&list, &public_url)
        })
        .await;
    match result {
        Ok(xml) => web::cached(&req, ATOM_TYPE, xml, Policy::FEED),
        Err(e) => web::error_page(&e, Policy::FEED),
    }
}

/// `/feeds/forward-plan.atom`
#[get("/feeds/forward-plan.atom")]
pub async fn forward_plan_feed(state: aw::Data<AppState>, req: HttpRequest) -> HttpResponse {
    let public_url = state.settings.public_url.clone();
    let result = state
        .db(move |conn| {
            let plan = read::forward_plan(conn, Viewer::Public)?;
            forward_plan_atom(&plan, &public_url)
        })
        .await;
    match result {
        Ok(xml) => web::cached(&req, ATOM_TYPE, xml, Policy::FEED),
        Err(e) => web::error_page(&e, Policy::FEED),
    }
}

/// `/forward-plan.ics`
#[get("/forward-plan.ics")]
pub async fn forward_plan_calendar(state: aw::Data<AppState>, req: HttpRequest) -> HttpResponse {
    let public_url = state.settings.public_url.clone();
    let result = state
        .db(move |conn| {
            let plan = read::forward_plan(conn, Viewer::Public)?;
            Ok(forward_plan_ics(&plan, &public_url))
        })
        .await;
    match result {
        Ok(ics) => web::cached(&req, ICS_TYPE, ics, Policy::FEED),
        Err(e) => web::error_page(&e, Policy::FEED),
    }
}

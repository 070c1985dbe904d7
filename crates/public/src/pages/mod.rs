//! The public committee pages, in the spirit of a council's modern.gov
//! site: `/` lists the bodies, `/bodies/{slug}` a body's meetings by
//! municipal year, `/meetings/{id}` a meeting with its agenda, papers,
//! attendance and (once published) minutes and outcomes, `/search` the
//! search page, and `/bodies/{slug}/embed` a fragment of upcoming meetings
//! for a council to frame in its own site.
//!
//! Server-rendered, no script; every page goes through the public read
//! model ([`minutebook_store::public_lists`]), so nothing restricted or unpublished reaches a
//! template.

mod body;
mod decisions;
mod forward_plan;
mod front;
mod meeting;
mod people;
mod search;

pub use body::{body_page, embed};
pub use decisions::{decision_notice, decision_page, decisions_page};
pub use forward_plan::{forward_plan_page, matter_page};
pub use front::home;
pub use meeting::{meeting_page, page_of as meeting_page_of};
pub use people::{people_page, person_page, photo};
pub use search::{search_page, SearchParams};

use actix_web::{get, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use minutebook_domain::lifecycle::MeetingStatus;
use minutebook_domain::visibility::{self, Viewer};
use minutebook_domain::{numbering, time};
use minutebook_render::dates::plain_date as day;
use minutebook_render::dates::{clock_time, long_date};
use minutebook_store::bodies::BodyRow;
use minutebook_store::meetings::MeetingRow;
use minutebook_web::published::{self as web, Policy};
use serde::Serialize;

/// How many upcoming meetings the front page and the fragment show.
const UPCOMING: i64 = 10;

/// The year (of its start) that a date falls in, for a year starting in
/// `start_month` (May for the municipal year), counted in London.
fn year_of(t: DateTime<Utc>, start_month: i32) -> i32 {
    numbering::numbering_year(time::date_of(t), start_month)
}

/// "2023/24", or "2023" for a calendar year.
fn year_label(start: i32, start_month: i32) -> String {
    if start_month <= 1 {
        start.to_string()
    } else {
        format!("{start}/{:02}", (start + 1).rem_euclid(100))
    }
}

/// An option of a filter's select.
#[derive(Serialize)]
struct Choice {
    value: String,
    label: String,
    selected: bool,
}

fn choices(list: Vec<(String, String)>, selected: &str) -> Vec<Choice> {
    list.into_iter()
        .map(|(value, label)| Choice {
            selected: value == selected,
            value,
            label,
        })
        .collect()
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
}

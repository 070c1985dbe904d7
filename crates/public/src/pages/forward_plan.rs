//! The forward plan in public: `/forward-plan` (the notice of key
//! decisions and of matters to be taken in private, by month or by
//! decision maker) and `/forward-plan/{id}` (one matter followed from
//! notice to effect: its notices, the meetings that considered it, the
//! decision, any call-in). A private matter shows its paragraph, never its
//! reasons.

use super::decisions::{names, ward_names, when, Event};
use super::{choices, crumbs, day, Choice, Crumb};
use actix_web::{get, web as aw, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use minutebook_domain::decisions::matter_status_label;
use minutebook_domain::visibility::Viewer;
use minutebook_read::decisions::{self as read, ForwardPlanEntry, Matter};
use minutebook_store::parse_id;
use minutebook_web::published::{self as web, SITE_NAME};
use minutebook_web::state::AppState;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// "March 2027" for a month given as `YYYY-MM`.
fn month_label(m: &str) -> String {
    NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d")
        .map(|d| d.format("%B %Y").to_string())
        .unwrap_or_else(|_| m.to_string())
}

/// When the decision is expected: its day, or its month.
pub fn due(e: &ForwardPlanEntry) -> String {
    match (e.due_date, &e.due_month) {
        (Some(d), _) => day(d),
        (None, Some(m)) => month_label(m),
        (None, None) => "Not yet known".into(),
    }
}

/// The month a matter falls in, as `YYYY-MM` (for grouping in order).
fn month_key(e: &ForwardPlanEntry) -> String {
    match (e.due_date, &e.due_month) {
        (Some(d), _) => d.format("%Y-%m").to_string(),
        (None, Some(m)) => m.clone(),
        (None, None) => "9999-99".into(),
    }
}

#[derive(Serialize)]
struct Card {
    url: String,
    reference: String,
    matter: String,
    maker: String,
    due: String,
    key: bool,
    private_paragraph: Option<i32>,
    status: &'static str,
    wards: Vec<String>,
    portfolio: Option<String>,
}

#[derive(Serialize)]
struct Group {
    heading: String,
    entries: Vec<Card>,
}

#[derive(Serialize)]
struct PlanPage {
    site: &'static str,
    title: String,
    crumbs: Vec<Crumb>,
    q: String,
    views: Vec<Choice>,
    groups: Vec<Group>,
    count: usize,
}

#[derive(Debug, Default, Deserialize)]
pub struct PlanQuery {
    #[serde(default)]
    by: String,
}

/// `/forward-plan`: the matters to be decided, by month (or `?by=maker`).
#[get("/forward-plan")]
pub async fn forward_plan_page(
    state: aw::Data<AppState>,
    req: HttpRequest,
    q: aw::Query<PlanQuery>,
) -> HttpResponse {
    let by_maker = q.by == "maker";
    let result = state
        .db(move |conn| {
            let plan = read::forward_plan(conn, Viewer::Public)?;
            Ok((plan, ward_names(conn)?))
        })
        .await
        .and_then(|(plan, wards)| {
            let count = plan.len();
            let mut grouped: BTreeMap<String, (String, Vec<Card>)> = BTreeMap::new();
            for e in plan {
                let (key, heading) = if by_maker {
                    (e.decision_maker.to_lowercase(), e.decision_maker.clone())
                } else {
                    let k = month_key(&e);
                    let h = if k.starts_with("9999") {
                        "Date not yet known".to_string()
                    } else {
                        month_label(&k)
                    };
                    (k, h)
                };
                let card = Card {
                    url: format!("/forward-plan/{}", e.id),
                    due: due(&e),
                    wards: names(&e.wards, &wards),
                    private_paragraph: if e.private { e.exempt_paragraph } else { None },
                    status: matter_status_label(&e.status),
                    reference: e.reference,
                    matter: e.matter,
                    maker: e.decision_maker,
                    key: e.key_decision,
                    portfolio: e.portfolio,
                };
                grouped
                    .entry(key)
                    .or_insert_with(|| (heading, Vec::new()))
                    .1
                    .push(card);
            }
            web::render(
                "forward_plan.html",
                PlanPage {
                    site: SITE_NAME,
                    title: "Forward plan".into(),
                    crumbs: crumbs(&[("Home", Some("/".into())), ("Forward plan", None)]),
                    q: String::new(),
                    views: choices(
                        vec![
                            ("month".into(), "by month".into()),
                            ("maker".into(), "by decision maker".into()),
                        ],
                        if by_maker { "maker" } else { "month" },
                    ),
                    groups: grouped
                        .into_values()
                        .map(|(heading, entries)| Group { heading, entries })
                        .collect(),
                    count,
                },
            )
        });
    web::page(&req, result)
}

#[derive(Serialize)]
struct MatterPage {
    site: &'static str,
    title: String,
    crumbs: Vec<Crumb>,
    q: String,
    e: ForwardPlanEntry,
    due: String,
    status: &'static str,
    wards: Vec<String>,
    first_published: Option<String>,
    notices: Vec<Event>,
    history: Vec<Event>,
}

fn matter_page_of(m: Matter, wards: Vec<String>) -> MatterPage {
    let e = m.entry;
    MatterPage {
        site: SITE_NAME,
        crumbs: crumbs(&[
            ("Home", Some("/".into())),
            ("Forward plan", Some("/forward-plan".into())),
            (e.reference.as_str(), None),
        ]),
        title: e.matter.clone(),
        q: String::new(),
        due: due(&e),
        status: matter_status_label(&e.status),
        first_published: e.first_published_at.map(when),
        notices: e
            .notices
            .iter()
            .map(|n| Event {
                date: when(n.published_at),
                iso: n.published_at.to_rfc3339(),
                text: if n.kind == "special_urgency" {
                    format!(
                        "Special urgency notice: {} The chair of scrutiny, {}, agreed that the decision is urgent and cannot reasonably be deferred.",
                        n.reasons, n.chair_name
                    )
                } else {
                    format!(
                        "General exception notice: {} The chair of scrutiny, {}, was informed.",
                        n.reasons, n.chair_name
                    )
                },
                url: None,
            })
            .collect(),
        history: m
            .history
            .into_iter()
            .map(|s| Event {
                date: when(s.at),
                iso: s.at.to_rfc3339(),
                text: s.text,
                url: s.link,
            })
            .collect(),
        wards,
        e,
    }
}

/// `/forward-plan/{id}`: one matter and its history.
#[get("/forward-plan/{id}")]
pub async fn matter_page(
    state: aw::Data<AppState>,
    req: HttpRequest,
    path: aw::Path<String>,
) -> HttpResponse {
    let result = match parse_id(&path, "forward plan entry") {
        Ok(id) => {
            state
                .db(move |conn| {
                    let m = read::matter(conn, &id, Viewer::Public)?;
                    let wards = names(&m.entry.wards, &ward_names(conn)?);
                    Ok((m, wards))
                })
                .await
        }
        Err(e) => Err(e),
    };
    let result = result.and_then(|(m, wards)| web::render("matter.html", matter_page_of(m, wards)));
    web::page(&req, result)
}

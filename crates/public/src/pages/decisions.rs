//! Decisions in public: `/decisions` (published decisions, filtered by
//! maker, ward, key, status and the day made), `/decisions/{id}` (a
//! decision with its reasons, alternatives, call-in and history) and
//! `/decisions/{id}/notice.pdf` (the decision notice as tagged PDF).
//! Everything comes from the read model's public view: no unpublished
//! decision, and never a decision's exempt part.

use super::{choices, crumbs, day, Choice, Crumb};
use actix_web::{get, web as aw, HttpRequest, HttpResponse};
use chrono::{DateTime, NaiveDate, Utc};
use minutebook_domain::decisions::{outcome_label, status_label, STATUSES};
use minutebook_domain::visibility::Viewer;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;
use minutebook_read::decisions::{self as read, Decision, DecisionFilter};
use minutebook_render::dates::{clock_time, long_date};
use minutebook_store::{self as store, parse_id};
use minutebook_web::published::{self as web, Policy, SITE_NAME};
use minutebook_web::state::AppState;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A date and time in London; a date alone for a London midnight (a
/// notice given "on" a day).
pub(super) fn when(t: DateTime<Utc>) -> String {
    if minutebook_domain::time::local(t).time() == chrono::NaiveTime::MIN {
        return long_date(t);
    }
    format!("{} {}", long_date(t), clock_time(t))
}

/// Ward ids to names, for what a decision or matter affects.
pub(super) fn ward_names(conn: &mut DbConn) -> AppResult<HashMap<String, String>> {
    Ok(store::councillors::list_wards(conn)?
        .into_iter()
        .map(|w| (w.id, w.name))
        .collect())
}

pub(super) fn names(ids: &[String], wards: &HashMap<String, String>) -> Vec<String> {
    ids.iter().filter_map(|w| wards.get(w).cloned()).collect()
}

#[derive(Serialize)]
struct Line {
    url: String,
    reference: String,
    title: String,
    maker: String,
    made_on: String,
    made_on_iso: String,
    key: bool,
    status: &'static str,
}

#[derive(Serialize)]
struct ListPage {
    site: &'static str,
    title: String,
    crumbs: Vec<Crumb>,
    q: String,
    makers: Vec<Choice>,
    wards: Vec<Choice>,
    keys: Vec<Choice>,
    statuses: Vec<Choice>,
    from: String,
    to: String,
    lines: Vec<Line>,
    count: usize,
}

/// The list's filters as a browser sends them: every field a string, an
/// empty or unreadable one meaning "any".
#[derive(Debug, Default, Deserialize)]
pub struct DecisionsQuery {
    #[serde(default)]
    maker: String,
    #[serde(default)]
    ward: String,
    #[serde(default)]
    key: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

fn date_of(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

impl DecisionsQuery {
    fn filter(&self) -> DecisionFilter {
        DecisionFilter {
            maker: Some(self.maker.clone()).filter(|m| !m.is_empty()),
            ward: Some(self.ward.clone()).filter(|w| !w.is_empty()),
            key: match self.key.as_str() {
                "yes" => Some(true),
                "no" => Some(false),
                _ => None,
            },
            status: Some(self.status.clone()).filter(|s| STATUSES.contains(&s.as_str())),
            from: date_of(&self.from),
            to: date_of(&self.to),
        }
    }
}

/// `/decisions`: published decisions, newest first.
#[get("/decisions")]
pub async fn decisions_page(
    state: aw::Data<AppState>,
    req: HttpRequest,
    q: aw::Query<DecisionsQuery>,
) -> HttpResponse {
    let q = q.into_inner();
    let filter = q.filter();
    let public_url = state.settings.public_url.clone();
    let result = state
        .db(move |conn| {
            let list = read::decisions(conn, Viewer::Public, &filter, &public_url)?;
            let bodies = store::public_lists::bodies(conn)?;
            let wards = store::councillors::list_wards(conn)?;
            Ok((list, bodies, wards))
        })
        .await
        .and_then(|(list, bodies, wards)| {
            let lines: Vec<Line> = list
                .iter()
                .map(|d| Line {
                    url: format!("/decisions/{}", d.id),
                    reference: d.reference.clone(),
                    title: d.title.clone(),
                    maker: d.decision_maker.clone(),
                    made_on: day(d.made_on),
                    made_on_iso: d.made_on.to_string(),
                    key: d.key_decision,
                    status: status_label(&d.status),
                })
                .collect();
            let statuses = STATUSES
                .iter()
                .filter(|s| **s != "made")
                .map(|s| (s.to_string(), status_label(s).to_string()))
                .collect();
            web::render(
                "decisions.html",
                ListPage {
                    site: SITE_NAME,
                    title: "Decisions".into(),
                    crumbs: crumbs(&[("Home", Some("/".into())), ("Decisions", None)]),
                    q: String::new(),
                    makers: choices(
                        bodies
                            .iter()
                            .map(|b| (b.slug.clone(), b.name.clone()))
                            .collect(),
                        &q.maker,
                    ),
                    wards: choices(
                        wards
                            .into_iter()
                            .filter(|w| w.retired_at.is_none())
                            .map(|w| (w.id, w.name))
                            .collect(),
                        &q.ward,
                    ),
                    keys: choices(
                        vec![
                            ("yes".into(), "Key decisions".into()),
                            ("no".into(), "Other decisions".into()),
                        ],
                        &q.key,
                    ),
                    statuses: choices(statuses, &q.status),
                    from: date_of(&q.from).map(|d| d.to_string()).unwrap_or_default(),
                    to: date_of(&q.to).map(|d| d.to_string()).unwrap_or_default(),
                    count: lines.len(),
                    lines,
                },
            )
        });
    web::page(&req, result)
}

#[derive(Serialize)]
pub(super) struct Event {
    pub date: String,
    pub iso: String,
    pub text: String,
    pub url: Option<String>,
}

#[derive(Serialize)]
struct CallInView {
    received: String,
    grounds: String,
    particulars: Option<String>,
    signatories: usize,
    meeting_due: String,
    outcome: Option<&'static str>,
}

#[derive(Serialize)]
struct DecisionPage {
    site: &'static str,
    title: String,
    crumbs: Vec<Crumb>,
    q: String,
    d: Decision,
    made_on: String,
    status: &'static str,
    wards: Vec<String>,
    published: Option<String>,
    /// Where it stands on call-in, in the record of decision's words.
    call_in: String,
    revoked: Option<String>,
    revoked_by_url: Option<String>,
    call_ins: Vec<CallInView>,
    meeting_url: Option<String>,
    matter_url: Option<String>,
    history: Vec<Event>,
}

/// A decision's own history: made, published, called in, scrutiny's
/// outcome, in effect.
fn history(d: &Decision) -> Vec<Event> {
    let mut out = vec![Event {
        date: day(d.made_on),
        iso: d.made_on.to_string(),
        text: format!("Decision made by {}", d.decision_maker),
        url: None,
    }];
    let mut at = |t: DateTime<Utc>, text: String| {
        out.push(Event {
            date: when(t),
            iso: t.to_rfc3339(),
            text,
            url: None,
        })
    };
    if let Some(p) = d.published_at {
        at(p, "Decision published".into());
    }
    for c in &d.call_ins {
        at(c.received_at, "Called in".into());
        if let (Some(o), Some(t)) = (&c.outcome, c.outcome_at) {
            at(t, format!("Scrutiny: {}", outcome_label(o)));
        }
    }
    if let Some(e) = d.effective_at {
        at(e, "Took effect".into());
    }
    if let Some(r) = &d.revocation {
        at(r.revoked_at, format!("Revoked: {}", r.reason));
    }
    out
}

fn decision_page_of(p: PublicDecision) -> DecisionPage {
    let PublicDecision {
        d,
        wards,
        meeting_url,
        matter_url,
    } = p;
    DecisionPage {
        site: SITE_NAME,
        crumbs: crumbs(&[
            ("Home", Some("/".into())),
            ("Decisions", Some("/decisions".into())),
            (d.reference.as_str(), None),
        ]),
        title: format!("{}: {}", d.reference, d.title),
        q: String::new(),
        made_on: day(d.made_on),
        status: status_label(&d.status),
        published: d.published_at.map(when),
        call_in: minutebook_render::decision_notice::call_in_text(&d),
        revoked: d.revocation.as_ref().map(|r| when(r.revoked_at)),
        revoked_by_url: d
            .revocation
            .as_ref()
            .and_then(|r| r.revoked_by_id.as_ref())
            .map(|id| format!("/decisions/{id}")),
        call_ins: d
            .call_ins
            .iter()
            .map(|c| CallInView {
                received: when(c.received_at),
                grounds: c.grounds.clone(),
                particulars: c.particulars.clone(),
                signatories: c.signatories.len(),
                meeting_due: day(c.meeting_due),
                outcome: c.outcome.as_deref().map(outcome_label),
            })
            .collect(),
        history: history(&d),
        wards,
        meeting_url,
        matter_url,
        d,
    }
}

/// A public decision with what its page shows beside it.
pub(super) struct PublicDecision {
    d: Decision,
    /// The names of the wards it affects.
    wards: Vec<String>,
    /// The meeting it was taken at, when that agenda is public.
    meeting_url: Option<String>,
    /// Its matter in the forward plan.
    matter_url: Option<String>,
}

/// The public decision with what its page links to: the meeting it was
/// taken at (when that meeting is public) and its matter in the plan.
pub(super) fn public_decision(
    conn: &mut DbConn,
    id: &str,
    public_url: &str,
) -> AppResult<PublicDecision> {
    let d = read::decision(conn, id, Viewer::Public, public_url)?;
    let wards = names(&d.wards, &ward_names(conn)?);
    let meeting_url = match &d.item_id {
        Some(i) => store::items::get(conn, i).ok().and_then(|item| {
            minutebook_read::meeting::load_agenda_meeting_row(
                conn,
                &item.meeting_id,
                Viewer::Public,
                "meeting",
            )
            .ok()
            .map(|m| format!("/meetings/{}", m.id))
        }),
        None => None,
    };
    let matter_url = match &d.forward_plan_id {
        Some(e) => store::decisions::get_entry(conn, e)
            .ok()
            .filter(|e| e.first_published_at.is_some())
            .map(|e| format!("/forward-plan/{}", e.id)),
        None => None,
    };
    Ok(PublicDecision {
        d,
        wards,
        meeting_url,
        matter_url,
    })
}

/// `/decisions/{id}`: a published decision.
#[get("/decisions/{id}")]
pub async fn decision_page(
    state: aw::Data<AppState>,
    req: HttpRequest,
    path: aw::Path<String>,
) -> HttpResponse {
    let result = match parse_id(&path, "decision") {
        Ok(id) => {
            let public_url = state.settings.public_url.clone();
            state
                .db(move |conn| public_decision(conn, &id, &public_url))
                .await
        }
        Err(e) => Err(e),
    };
    let result = result.and_then(|p| web::render("decision.html", decision_page_of(p)));
    web::page(&req, result)
}

/// `/decisions/{id}/notice.pdf`: the decision notice, as tagged PDF (the
/// public record: never the exempt part). Rendering has its own budget per
/// client, as the other documents do.
#[get("/decisions/{id}/notice.pdf")]
pub async fn decision_notice(
    state: aw::Data<AppState>,
    req: HttpRequest,
    path: aw::Path<String>,
) -> HttpResponse {
    let id = match parse_id(&path, "decision") {
        Ok(id) => id,
        Err(e) => return web::error_page(&e, Policy::PAGE),
    };
    let _rendering = match state
        .limits
        .render_for(false, &minutebook_web::limits::client_of(&req))
    {
        Ok(r) => r,
        Err(e) => return web::error_page(&e, Policy::PAGE),
    };
    let public_url = state.settings.public_url.clone();
    let result = state
        .db(move |conn| {
            let p = public_decision(conn, &id, &public_url)?;
            let doc = minutebook_render::decision_notice::document(&p.d, &p.wards, SITE_NAME);
            minutebook_render::pdf::write(&doc)
        })
        .await;
    match result {
        Ok(bytes) => HttpResponse::Ok()
            .content_type("application/pdf")
            .insert_header((
                "Content-Disposition",
                "inline; filename=\"decision-notice.pdf\"",
            ))
            .insert_header(("X-Content-Type-Options", "nosniff"))
            .body(bytes),
        Err(e) => web::error_page(&e, Policy::PAGE),
    }
}

//! What a viewer sees of decisions, call-ins and the forward plan. The
//! public never sees a decision before it is published, its exempt part,
//! or a private matter's reasons (only its paragraph).

use crate::decision_links::{self, Links};
use crate::time::{utc, utc_opt};
use chrono::{DateTime, NaiveDate, Utc};
use minutebook_domain::decisions::{subject_to_call_in, CallInRules};
use minutebook_domain::visibility::Viewer;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_store::decisions::{CallInRow, DecisionRow, EntryRow, NoticeRow, RevocationRow};
use minutebook_store::{self as store};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use utoipa::{IntoParams, ToSchema};

/// The council's call-in rules (the defaults until an admin sets them),
/// with their version.
pub fn call_in_rules(conn: &mut DbConn) -> AppResult<(CallInRules, i32)> {
    Ok(match store::decisions::call_in_rules(conn)? {
        Some((json, v)) => (serde_json::from_str(&json).unwrap_or_default(), v),
        None => (CallInRules::default(), 0),
    })
}

/// Names decision makers (a body, or a person with their post), each read
/// once however many decisions name it.
#[derive(Default)]
pub struct Makers {
    bodies: HashMap<String, String>,
    people: HashMap<String, String>,
}

impl Makers {
    pub fn name(&mut self, conn: &mut DbConn, r: &DecisionRow) -> String {
        if let Some(b) = &r.maker_body_id {
            if !self.bodies.contains_key(b) {
                let name = store::bodies::get(conn, b)
                    .map(|b| b.name)
                    .unwrap_or_default();
                self.bodies.insert(b.clone(), name);
            }
            return self.bodies.get(b).cloned().unwrap_or_default();
        }
        let person = match &r.maker_person_id {
            Some(p) => {
                if !self.people.contains_key(p) {
                    let name = store::people::get(conn, p)
                        .map(|p| p.display_name())
                        .unwrap_or_default();
                    self.people.insert(p.clone(), name);
                }
                self.people.get(p).cloned().unwrap_or_default()
            }
            None => String::new(),
        };
        match r.maker_post.as_deref().filter(|p| !p.trim().is_empty()) {
            Some(post) if person.is_empty() => post.to_string(),
            Some(post) => format!("{person}, {post}"),
            None => person,
        }
    }
}

fn list(json: &Option<String>) -> Vec<String> {
    json.as_deref()
        .and_then(|j| serde_json::from_str(j).ok())
        .unwrap_or_default()
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CallIn {
    pub id: String,
    pub decision_id: String,
    pub signatories: Vec<String>,
    pub grounds: String,
    pub particulars: Option<String>,
    pub received_at: DateTime<Utc>,
    /// The day by which the scrutiny body must meet on it.
    pub meeting_due: NaiveDate,
    /// no_further_action, referred_back or referred_to_council.
    pub outcome: Option<String>,
    pub outcome_meeting_id: Option<String>,
    pub outcome_at: Option<DateTime<Utc>>,
    pub reconsider_due: Option<NaiveDate>,
    pub version: i32,
}

impl From<CallInRow> for CallIn {
    fn from(r: CallInRow) -> CallIn {
        CallIn {
            signatories: serde_json::from_str(&r.signatories).unwrap_or_default(),
            id: r.id,
            decision_id: r.decision_id,
            grounds: r.grounds,
            particulars: r.particulars,
            received_at: utc(r.received_at),
            meeting_due: r.meeting_due,
            outcome: r.outcome,
            outcome_meeting_id: r.outcome_meeting_id,
            outcome_at: utc_opt(r.outcome_at),
            reconsider_due: r.reconsider_due,
            version: r.version,
        }
    }
}

/// Why and when a decision was revoked.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Revocation {
    pub reason: String,
    pub revoked_at: DateTime<Utc>,
    /// The later decision that revoked it, if recorded here.
    pub revoked_by_id: Option<String>,
}

impl From<RevocationRow> for Revocation {
    fn from(r: RevocationRow) -> Revocation {
        Revocation {
            reason: r.reason,
            revoked_at: utc(r.revoked_at),
            revoked_by_id: r.revoked_by_id,
        }
    }
}

/// A decision record.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Decision {
    pub id: String,
    pub reference: String,
    pub title: String,
    /// executive, council, committee or officer.
    pub kind: String,
    pub maker_body_id: Option<String>,
    pub maker_person_id: Option<String>,
    pub maker_post: Option<String>,
    /// Who made it: the body's name, or the person's with their post.
    pub decision_maker: String,
    pub item_id: Option<String>,
    pub forward_plan_id: Option<String>,
    pub key_decision: bool,
    pub key_reason: Option<String>,
    pub wards: Vec<String>,
    pub made_on: NaiveDate,
    pub decision: String,
    pub parts: Vec<String>,
    pub reasons: String,
    pub alternatives: Option<String>,
    pub conflicts: Option<String>,
    /// The Schedule 12A paragraph of the restricted part, if any.
    pub exempt_paragraph: Option<i32>,
    /// The restricted part: for token holders only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exempt_text: Option<String>,
    pub urgent: bool,
    pub urgency_agreed_by: Option<String>,
    pub urgency_reason: Option<String>,
    /// Whether it can be called in (not urgent, of a kind the rules name).
    pub subject_to_call_in: bool,
    /// made, published, called_in, referred_back, effective or revoked.
    pub status: String,
    pub published_at: Option<DateTime<Utc>>,
    pub call_in_deadline: Option<DateTime<Utc>>,
    pub effective_at: Option<DateTime<Utc>>,
    pub reconsiders_id: Option<String>,
    pub call_ins: Vec<CallIn>,
    /// Set once it is revoked.
    pub revocation: Option<Revocation>,
    /// Conflicts declared (from its item's minutes, where readable),
    /// dispensations and its papers.
    #[serde(flatten)]
    pub links: Links,
    pub version: i32,
}

impl Decision {
    pub fn build(
        r: DecisionRow,
        call_ins: Vec<CallInRow>,
        rules: &CallInRules,
        decision_maker: String,
        viewer: Viewer,
    ) -> Decision {
        Decision {
            subject_to_call_in: subject_to_call_in(&r.kind, r.urgent, rules),
            decision_maker,
            wards: list(&r.wards),
            parts: list(&r.parts),
            exempt_text: if viewer.is_internal() {
                r.exempt_text
            } else {
                None
            },
            id: r.id,
            reference: r.reference,
            title: r.title,
            kind: r.kind,
            maker_body_id: r.maker_body_id,
            maker_person_id: r.maker_person_id,
            maker_post: r.maker_post,
            item_id: r.item_id,
            forward_plan_id: r.entry_id,
            key_decision: r.key_decision,
            key_reason: r.key_reason,
            made_on: r.made_on,
            decision: r.decision_text,
            reasons: r.reasons,
            alternatives: r.alternatives,
            conflicts: r.conflicts,
            exempt_paragraph: r.exempt_paragraph,
            urgent: r.urgent,
            urgency_agreed_by: r.urgency_agreed_by,
            urgency_reason: r.urgency_reason,
            status: r.status,
            published_at: utc_opt(r.published_at),
            call_in_deadline: utc_opt(r.call_in_deadline),
            effective_at: utc_opt(r.effective_at),
            reconsiders_id: r.reconsiders_id,
            call_ins: call_ins.into_iter().map(CallIn::from).collect(),
            revocation: None,
            links: Links::default(),
            version: r.version,
        }
    }
}

/// A decision as the viewer may see it (the public: published ones only).
pub fn decision(
    conn: &mut DbConn,
    id: &str,
    viewer: Viewer,
    public_url: &str,
) -> AppResult<Decision> {
    let r = store::decisions::get_decision(conn, id)?;
    if !viewer.is_internal() && r.published_at.is_none() {
        return Err(AppError::not_found("decision"));
    }
    let (rules, _) = call_in_rules(conn)?;
    let calls = store::decisions::call_ins_of(conn, &r.id)?;
    let maker = Makers::default().name(conn, &r);
    let revocation = store::decisions::revocations_of(conn, std::slice::from_ref(&r.id))?
        .pop()
        .map(Revocation::from);
    let mut links = decision_links::load(conn, std::slice::from_ref(&r), viewer, public_url)?;
    let mut d = Decision::build(r, calls, &rules, maker, viewer);
    d.revocation = revocation;
    d.links = links.remove(&d.id).unwrap_or_default();
    Ok(d)
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ForwardPlanNotice {
    pub id: String,
    /// general_exception or special_urgency.
    pub kind: String,
    pub published_at: DateTime<Utc>,
    /// The scrutiny chair informed (general exception) or agreeing (special urgency).
    pub chair_name: String,
    pub reasons: String,
}

impl From<NoticeRow> for ForwardPlanNotice {
    fn from(n: NoticeRow) -> ForwardPlanNotice {
        ForwardPlanNotice {
            id: n.id,
            kind: n.kind,
            published_at: utc(n.published_at),
            chair_name: n.chair_name,
            reasons: n.reasons,
        }
    }
}

/// One step of a matter's history, in order.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Step {
    pub at: DateTime<Utc>,
    /// notice, general_exception, special_urgency, item, decision, call_in,
    /// call_in_outcome, effective, revoked.
    pub what: String,
    pub text: String,
    pub link: Option<String>,
}

/// A matter in the forward plan.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ForwardPlanEntry {
    pub id: String,
    pub reference: String,
    pub matter: String,
    pub decision_maker: String,
    pub maker_body_id: Option<String>,
    pub due_date: Option<NaiveDate>,
    pub due_month: Option<String>,
    pub key_decision: bool,
    pub key_reason: Option<String>,
    pub wards: Vec<String>,
    pub private: bool,
    pub exempt_paragraph: Option<i32>,
    /// Why it is taken in private: for token holders only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private_reasons: Option<String>,
    pub objections: Option<String>,
    pub consultees: Option<String>,
    pub representations: Option<String>,
    pub documents: Option<String>,
    pub portfolio: Option<String>,
    pub lead_officer: Option<String>,
    pub first_published_at: Option<DateTime<Utc>>,
    /// upcoming, deferred, withdrawn or decided.
    pub status: String,
    /// When the entry last changed (deferred, re-dated, decided).
    pub updated_at: DateTime<Utc>,
    pub notices: Vec<ForwardPlanNotice>,
    pub version: i32,
}

impl ForwardPlanEntry {
    pub fn build(r: EntryRow, notices: Vec<NoticeRow>, viewer: Viewer) -> ForwardPlanEntry {
        ForwardPlanEntry {
            wards: list(&r.wards),
            private_reasons: if viewer.is_internal() {
                r.private_reasons
            } else {
                None
            },
            id: r.id,
            reference: r.reference,
            matter: r.matter,
            decision_maker: r.decision_maker,
            maker_body_id: r.maker_body_id,
            due_date: r.due_date,
            due_month: r.due_month,
            key_decision: r.key_decision,
            key_reason: r.key_reason,
            private: r.private,
            exempt_paragraph: r.exempt_paragraph,
            objections: r.objections,
            consultees: r.consultees,
            representations: r.representations,
            documents: r.documents,
            portfolio: r.portfolio,
            lead_officer: r.lead_officer,
            first_published_at: utc_opt(r.first_published_at),
            status: r.status,
            updated_at: utc(r.updated_at),
            notices: notices.into_iter().map(ForwardPlanNotice::from).collect(),
            version: r.version,
        }
    }
}

/// A matter with its history: notice, the items that considered it, the
/// decision, any call-in and its outcome, taking effect.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Matter {
    #[serde(flatten)]
    pub entry: ForwardPlanEntry,
    pub history: Vec<Step>,
}

pub fn matter(conn: &mut DbConn, id: &str, viewer: Viewer) -> AppResult<Matter> {
    let e = store::decisions::get_entry(conn, id)?;
    if !viewer.is_internal() && e.first_published_at.is_none() {
        return Err(AppError::not_found("forward plan entry"));
    }
    let notices = store::decisions::notices_of(conn, &e.id)?;
    let mut history = notice_steps(&e, &notices);
    history.extend(item_steps(conn, &e.id, viewer)?);
    for d in store::decisions::decisions_of_entry(conn, &e.id)? {
        if !viewer.is_internal() && d.published_at.is_none() {
            continue;
        }
        history.extend(decision_steps(conn, &d)?);
    }
    history.sort_by_key(|s| s.at);
    Ok(Matter {
        entry: ForwardPlanEntry::build(e, notices, viewer),
        history,
    })
}

/// The steps of an entry's notices: its first publication in the forward
/// plan, then each notice given.
fn notice_steps(e: &EntryRow, notices: &[NoticeRow]) -> Vec<Step> {
    let mut history = Vec::new();
    if let Some(p) = e.first_published_at {
        history.push(Step {
            at: utc(p),
            what: "notice".into(),
            text: format!("Published in the forward plan: {}", e.matter),
            link: None,
        });
    }
    for n in notices {
        history.push(Step {
            at: utc(n.published_at),
            what: n.kind.clone(),
            text: format!(
                "{} notice ({} informed)",
                n.kind.replace('_', " "),
                n.chair_name
            ),
            link: None,
        });
    }
    history
}

/// The steps of the items that considered an entry, on agendas the viewer
/// may see.
fn item_steps(conn: &mut DbConn, entry_id: &str, viewer: Viewer) -> AppResult<Vec<Step>> {
    let mut history = Vec::new();
    for item_id in store::decisions::items_of_entry(conn, entry_id)? {
        let Ok(item) = store::items::get(conn, &item_id) else {
            continue;
        };
        // Only items of an agenda the viewer may see.
        let Ok(m) =
            crate::meeting::load_agenda_meeting_row(conn, &item.meeting_id, viewer, "meeting")
        else {
            continue;
        };
        let body = store::bodies::get(conn, &m.body_id)
            .map(|b| b.name)
            .unwrap_or_default();
        history.push(Step {
            at: utc(m.starts_at),
            what: "item".into(),
            text: format!("Considered by {body}: {}", item.title),
            link: Some(format!("/meetings/{}", m.id)),
        });
    }
    Ok(history)
}

/// The steps of one decision: taking it, any call-in and its outcome,
/// taking effect and any revocation.
fn decision_steps(conn: &mut DbConn, d: &DecisionRow) -> AppResult<Vec<Step>> {
    let mut history = vec![Step {
        at: d.published_at.map(utc).unwrap_or_else(|| utc(d.created_at)),
        what: "decision".into(),
        text: format!("Decision {}: {}", d.reference, d.title),
        link: Some(format!("/decisions/{}", d.id)),
    }];
    for c in store::decisions::call_ins_of(conn, &d.id)? {
        history.push(Step {
            at: utc(c.received_at),
            what: "call_in".into(),
            text: format!("Called in: {}", c.grounds),
            link: None,
        });
        if let (Some(o), Some(at)) = (&c.outcome, c.outcome_at) {
            history.push(Step {
                at: utc(at),
                what: "call_in_outcome".into(),
                text: format!("Scrutiny: {}", o.replace('_', " ")),
                link: None,
            });
        }
    }
    if let Some(at) = d.effective_at {
        history.push(Step {
            at: utc(at),
            what: "effective".into(),
            text: format!("Decision {} took effect", d.reference),
            link: None,
        });
    }
    for r in store::decisions::revocations_of(conn, std::slice::from_ref(&d.id))? {
        history.push(Step {
            at: utc(r.revoked_at),
            what: "revoked".into(),
            text: format!("Decision {} revoked: {}", d.reference, r.reason),
            link: None,
        });
    }
    Ok(history)
}

/// Which decisions a list shows: every field optional.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DecisionFilter {
    /// The maker: a body's id or slug, or a person's id.
    #[param(max_length = 200)]
    pub maker: Option<String>,
    /// A ward's id: decisions affecting it.
    #[param(max_length = 200)]
    pub ward: Option<String>,
    /// Key decisions only (true) or non-key only (false).
    pub key: Option<bool>,
    /// made, published, called_in, referred_back, effective or revoked.
    #[param(max_length = 40)]
    pub status: Option<String>,
    /// Made on or after this day.
    pub from: Option<NaiveDate>,
    /// Made on or before this day.
    pub to: Option<NaiveDate>,
}

/// The most decisions a list holds.
pub const MAX_DECISIONS: i64 = 500;

/// Decisions, newest first (the public: published ones), as the filter
/// chooses; call-ins read in one query for them all.
pub fn decisions(
    conn: &mut DbConn,
    viewer: Viewer,
    filter: &DecisionFilter,
    public_url: &str,
) -> AppResult<Vec<Decision>> {
    let (rules, _) = call_in_rules(conn)?;
    let nonblank = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let maker = nonblank(&filter.maker);
    let query = store::decisions::DecisionQuery {
        published_only: !viewer.is_internal(),
        // The maker names a body (by id or slug) or a person (by id).
        maker_body: match &maker {
            Some(m) => store::bodies::get(conn, m).ok().map(|b| b.id),
            None => None,
        },
        maker_person: maker,
        ward: nonblank(&filter.ward),
        key: filter.key,
        status: nonblank(&filter.status),
        from: filter.from,
        to: filter.to,
    };
    let rows = store::decisions::list_decisions(conn, &query, MAX_DECISIONS)?;
    let ids: Vec<String> = rows.iter().map(|d| d.id.clone()).collect();
    let mut calls: HashMap<String, Vec<CallInRow>> = HashMap::new();
    for c in store::decisions::call_ins_of_many(conn, &ids)? {
        calls.entry(c.decision_id.clone()).or_default().push(c);
    }
    let mut revoked: HashMap<String, Revocation> = store::decisions::revocations_of(conn, &ids)?
        .into_iter()
        .map(|r| (r.decision_id.clone(), Revocation::from(r)))
        .collect();
    let mut links = decision_links::load(conn, &rows, viewer, public_url)?;
    let mut makers = Makers::default();
    Ok(rows
        .into_iter()
        .map(|d| {
            let c = calls.remove(&d.id).unwrap_or_default();
            let maker = makers.name(conn, &d);
            let revocation = revoked.remove(&d.id);
            let l = links.remove(&d.id).unwrap_or_default();
            let mut d = Decision::build(d, c, &rules, maker, viewer);
            d.revocation = revocation;
            d.links = l;
            d
        })
        .collect())
}

/// The forward plan, soonest first (the public: published entries).
pub fn forward_plan(conn: &mut DbConn, viewer: Viewer) -> AppResult<Vec<ForwardPlanEntry>> {
    let rows = store::decisions::list_entries(conn, !viewer.is_internal(), 1000)?;
    let ids: Vec<String> = rows.iter().map(|e| e.id.clone()).collect();
    let mut notices: HashMap<String, Vec<NoticeRow>> = HashMap::new();
    for n in store::decisions::notices_of_many(conn, &ids)? {
        notices.entry(n.entry_id.clone()).or_default().push(n);
    }
    Ok(rows
        .into_iter()
        .map(|e| {
            let n = notices.remove(&e.id).unwrap_or_default();
            ForwardPlanEntry::build(e, n, viewer)
        })
        .collect())
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UrgencyReport {
    pub year: i32,
    /// Every special urgency notice of the year, with the decisions taken under it.
    pub notices: Vec<UrgencyLine>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct UrgencyLine {
    pub notice: ForwardPlanNotice,
    pub matter: String,
    pub forward_plan_id: String,
    /// The references of the published decisions taken under it.
    pub decisions: Vec<String>,
}

/// The annual report to council of decisions taken under special urgency
/// (the notices of a calendar year).
pub fn special_urgency(conn: &mut DbConn, year: i32) -> AppResult<UrgencyReport> {
    let bound = |y: i32| {
        NaiveDate::from_ymd_opt(y, 1, 1)
            .and_then(minutebook_domain::time::start_of_day)
            .ok_or_else(|| AppError::field("year", "must be between 1900 and 2200"))
    };
    let (from, to) = (bound(year)?, bound(year + 1)?);
    let mut notices = Vec::new();
    for n in store::decisions::notices_between(conn, "special_urgency", from, to)? {
        let e = store::decisions::get_entry(conn, &n.entry_id)?;
        let decisions = store::decisions::decisions_of_entry(conn, &e.id)?
            .into_iter()
            .filter(|d| d.published_at.is_some())
            .map(|d| d.reference)
            .collect();
        notices.push(UrgencyLine {
            notice: ForwardPlanNotice::from(n),
            matter: e.matter,
            forward_plan_id: e.id,
            decisions,
        });
    }
    Ok(UrgencyReport { year, notices })
}

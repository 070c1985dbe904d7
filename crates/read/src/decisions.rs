//! What a viewer sees of decisions, call-ins and the forward plan. The
//! public never sees a decision before it is published, its exempt part,
//! or a private matter's reasons (only its paragraph).

use crate::time::{utc, utc_opt};
use chrono::{DateTime, NaiveDate, Utc};
use minutebook_domain::visibility::Viewer;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_store::decisions::{CallInRow, DecisionRow, EntryRow, NoticeRow};
use minutebook_store::{self as store};
use serde::Serialize;
use utoipa::ToSchema;

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
    pub version: i32,
}

impl Decision {
    pub fn build(
        r: DecisionRow,
        call_ins: Vec<CallInRow>,
        subject: bool,
        viewer: Viewer,
    ) -> Decision {
        Decision {
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
            subject_to_call_in: subject,
            status: r.status,
            published_at: utc_opt(r.published_at),
            call_in_deadline: utc_opt(r.call_in_deadline),
            effective_at: utc_opt(r.effective_at),
            reconsiders_id: r.reconsiders_id,
            call_ins: call_ins.into_iter().map(CallIn::from).collect(),
            version: r.version,
        }
    }
}

/// A decision as the viewer may see it (the public: published ones only).
pub fn decision(
    conn: &mut DbConn,
    id: &str,
    viewer: Viewer,
    subject: impl Fn(&DecisionRow) -> bool,
) -> AppResult<Decision> {
    let r = store::decisions::get_decision(conn, id)?;
    if !viewer.is_internal() && r.published_at.is_none() {
        return Err(AppError::not_found("decision"));
    }
    let calls = store::decisions::call_ins_of(conn, &r.id)?;
    let s = subject(&r);
    Ok(Decision::build(r, calls, s, viewer))
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
    /// call_in_outcome, effective.
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
    let mut history = Vec::new();
    if let Some(p) = e.first_published_at {
        history.push(Step {
            at: utc(p),
            what: "notice".into(),
            text: format!("Published in the forward plan: {}", e.matter),
            link: None,
        });
    }
    for n in &notices {
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
    for item_id in store::decisions::items_of_entry(conn, &e.id)? {
        let Ok(item) = store::items::get(conn, &item_id) else {
            continue;
        };
        let Ok(m) = crate::meeting::load_meeting_row(conn, &item.meeting_id, viewer) else {
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
    for d in store::decisions::decisions_of_entry(conn, &e.id)? {
        if !viewer.is_internal() && d.published_at.is_none() {
            continue;
        }
        history.push(Step {
            at: d.published_at.map(utc).unwrap_or_else(|| utc(d.created_at)),
            what: "decision".into(),
            text: format!("Decision {}: {}", d.reference, d.title),
            link: Some(format!("/api/v1/decisions/{}", d.id)),
        });
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
    }
    history.sort_by_key(|s| s.at);
    Ok(Matter {
        entry: ForwardPlanEntry::build(e, notices, viewer),
        history,
    })
}

/// Decisions, newest first (the public: published ones).
pub fn decisions(
    conn: &mut DbConn,
    viewer: Viewer,
    subject: impl Fn(&DecisionRow) -> bool,
) -> AppResult<Vec<Decision>> {
    store::decisions::list_decisions(conn, !viewer.is_internal(), 500)?
        .into_iter()
        .map(|d| {
            let calls = store::decisions::call_ins_of(conn, &d.id)?;
            let s = subject(&d);
            Ok(Decision::build(d, calls, s, viewer))
        })
        .collect()
}

/// The forward plan, soonest first (the public: published entries).
pub fn forward_plan(conn: &mut DbConn, viewer: Viewer) -> AppResult<Vec<ForwardPlanEntry>> {
    store::decisions::list_entries(conn, !viewer.is_internal(), 1000)?
        .into_iter()
        .map(|e| {
            let n = store::decisions::notices_of(conn, &e.id)?;
            Ok(ForwardPlanEntry::build(e, n, viewer))
        })
        .collect()
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

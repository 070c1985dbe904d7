//! Decisions, call-in and the forward plan: `/api/v1/decisions`,
//! `/api/v1/call-ins/{id}/outcome`, `/api/v1/settings/call-in`,
//! `/api/v1/forward-plan` and its notices, and the special urgency report.

use super::input::{etag, Check, JsonBody};
use crate::caller::Caller;
use actix_web::{get, post, put, web, HttpResponse};
use chrono::{NaiveDate, NaiveTime};
use minutebook_domain::decisions::{self as rules_of, CallInRules, CALL_IN_OUTCOMES, KINDS};
use minutebook_domain::forward_plan::NOTICE_KINDS;
use minutebook_ground::error::{AppError, AppResult, Problem};
use minutebook_read::decisions::{
    self as read, CallIn, Decision, ForwardPlanEntry, ForwardPlanNotice, Matter, UrgencyReport,
};
use minutebook_store::parse_id;
use minutebook_usecases::decisions::{self as uc, forward_plan};
use minutebook_web::state::AppState;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// The call-in rules as the API shows and takes them.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CallInSettings {
    /// Working days after publication (default 5).
    #[schema(minimum = 1, maximum = 30)]
    pub window_working_days: u32,
    /// `HH:MM`, London time, on the window's last working day (default 16:00).
    #[schema(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    pub cutoff: String,
    pub clear_days: bool,
    /// How many members must sign (default 5).
    #[schema(minimum = 1, maximum = 100)]
    pub signatories: u32,
    /// The scrutiny body's chair must be one of them.
    pub chair_must_sign: bool,
    /// The scrutiny body whose members may call in (any body's members if absent).
    pub scrutiny_body_id: Option<String>,
    /// Which kinds are subject to call-in (default: executive).
    pub kinds: Vec<String>,
    #[schema(minimum = 1, maximum = 60)]
    pub meeting_within_working_days: u32,
    #[schema(minimum = 1, maximum = 60)]
    pub reconsider_within_working_days: u32,
}

impl From<CallInRules> for CallInSettings {
    fn from(r: CallInRules) -> CallInSettings {
        CallInSettings {
            window_working_days: r.window_working_days,
            cutoff: r.cutoff.format("%H:%M").to_string(),
            clear_days: r.clear_days,
            signatories: r.signatories,
            chair_must_sign: r.chair_must_sign,
            scrutiny_body_id: r.scrutiny_body_id,
            kinds: r.kinds,
            meeting_within_working_days: r.meeting_within_working_days,
            reconsider_within_working_days: r.reconsider_within_working_days,
        }
    }
}

/// The council's call-in rules.
#[utoipa::path(tag = "decisions", responses((status = 200, body = CallInSettings)))]
#[get("/api/v1/settings/call-in")]
pub async fn call_in_settings(
    state: web::Data<AppState>,
    _caller: Caller,
) -> AppResult<HttpResponse> {
    let (r, v) = state.db(uc::rules).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(v)))
        .json(CallInSettings::from(r)))
}

/// Set the council's call-in rules (admin).
#[utoipa::path(tag = "decisions", request_body = CallInSettings,
    responses((status = 200, body = CallInSettings), (status = 422, body = Problem)), security(("bearer" = [])))]
#[put("/api/v1/settings/call-in")]
pub async fn set_call_in_settings(
    state: web::Data<AppState>,
    caller: Caller,
    JsonBody(input): JsonBody<CallInSettings>,
) -> AppResult<HttpResponse> {
    let actor = caller.admin()?;
    let mut c = Check::new();
    let cutoff = NaiveTime::parse_from_str(input.cutoff.trim(), "%H:%M").unwrap_or_else(|_| {
        c.add("cutoff", "must be a time as HH:MM, e.g. 16:00");
        NaiveTime::MIN
    });
    for (f, v, max) in [
        ("window_working_days", input.window_working_days, 30),
        ("signatories", input.signatories, 100),
        (
            "meeting_within_working_days",
            input.meeting_within_working_days,
            60,
        ),
        (
            "reconsider_within_working_days",
            input.reconsider_within_working_days,
            60,
        ),
    ] {
        if v == 0 || v > max {
            c.add(f, format!("must be between 1 and {max}"));
        }
    }
    let kinds: Vec<String> = input
        .kinds
        .iter()
        .map(|k| c.one_of("kinds", k, KINDS))
        .collect();
    c.finish()?;
    let rules = CallInRules {
        window_working_days: input.window_working_days,
        cutoff,
        clear_days: input.clear_days,
        signatories: input.signatories,
        chair_must_sign: input.chair_must_sign,
        scrutiny_body_id: input.scrutiny_body_id,
        kinds,
        meeting_within_working_days: input.meeting_within_working_days,
        reconsider_within_working_days: input.reconsider_within_working_days,
    };
    let (r, v) = state
        .write(move |conn| {
            uc::set_rules(conn, &actor, &rules)?;
            uc::rules(conn)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(v)))
        .json(CallInSettings::from(r)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Urgency {
    /// Who agreed the urgency (e.g. the scrutiny chair, the chair of council).
    #[schema(required = true, value_type = String, min_length = 1, max_length = 300, pattern = "\\S")]
    pub agreed_by: Option<String>,
    #[schema(required = true, value_type = String, min_length = 1, max_length = 2000, pattern = "\\S")]
    pub reason: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewDecisionInput {
    #[schema(max_length = 100)]
    pub reference: Option<String>,
    #[schema(required = true, value_type = String, min_length = 1, max_length = 500, pattern = "\\S")]
    pub title: Option<String>,
    /// executive, council, committee or officer.
    #[schema(required = true, value_type = String)]
    pub kind: Option<String>,
    /// The body that decided (id or slug), or:
    pub maker_body_id: Option<String>,
    /// the person who decided (an executive member, an officer), with their post.
    pub maker_person_id: Option<String>,
    #[schema(max_length = 300)]
    pub maker_post: Option<String>,
    /// The agenda item it was made at (its outcome gives the words if none are given).
    pub item_id: Option<String>,
    /// The forward-plan entry giving notice of it.
    pub forward_plan_id: Option<String>,
    pub key_decision: Option<bool>,
    #[schema(max_length = 2000)]
    pub key_reason: Option<String>,
    /// Ward ids affected.
    #[schema(max_items = 100)]
    pub wards: Option<Vec<String>>,
    #[schema(required = true, value_type = NaiveDate)]
    pub made_on: Option<NaiveDate>,
    /// The decision; taken from the item's outcome if absent.
    #[schema(max_length = 20000)]
    pub decision: Option<String>,
    #[schema(max_items = 100)]
    pub parts: Option<Vec<String>>,
    #[schema(required = true, value_type = String, min_length = 1, max_length = 20000, pattern = "\\S")]
    pub reasons: Option<String>,
    #[schema(max_length = 20000)]
    pub alternatives: Option<String>,
    #[schema(max_length = 5000)]
    pub conflicts: Option<String>,
    /// The Schedule 12A paragraph of a restricted part.
    #[schema(minimum = 1, maximum = 7)]
    pub exempt_paragraph: Option<i32>,
    /// The restricted part: never published.
    #[schema(max_length = 20000)]
    pub exempt_text: Option<String>,
    /// Taken as urgent: not subject to call-in.
    pub urgent: Option<Urgency>,
    /// The decision this one reconsiders (after a call-in).
    pub reconsiders_id: Option<String>,
}

fn decision_view(
    conn: &mut minutebook_ground::db::DbConn,
    id: &str,
    viewer: minutebook_domain::visibility::Viewer,
) -> AppResult<Decision> {
    let (r, _) = uc::rules(conn)?;
    read::decision(conn, id, viewer, |d| {
        rules_of::subject_to_call_in(&d.kind, d.urgent, &r)
    })
}

/// Record a decision: a key decision needs 28 clear days' notice in the
/// forward plan, or a general exception or special urgency notice (`409`
/// otherwise).
#[utoipa::path(tag = "decisions", request_body = NewDecisionInput,
    responses((status = 201, body = Decision), (status = 409, body = Problem), (status = 422, body = Problem)), security(("bearer" = [])))]
#[post("/api/v1/decisions")]
pub async fn create(
    state: web::Data<AppState>,
    caller: Caller,
    JsonBody(i): JsonBody<NewDecisionInput>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let viewer = caller.viewer();
    let mut c = Check::new();
    let kind = c.required("kind", i.kind, 20);
    let kind = if kind.is_empty() {
        kind
    } else {
        c.one_of("kind", &kind, KINDS)
    };
    let made_on = c.date("made_on", i.made_on);
    if made_on.is_none() {
        c.add("made_on", "is required");
    }
    if i.exempt_paragraph.is_some_and(|p| !(1..=7).contains(&p)) {
        c.add(
            "exempt_paragraph",
            "must be a Schedule 12A paragraph, 1 to 7",
        );
    }
    let urgent = i.urgent.map(|u| {
        (
            c.required("urgent.agreed_by", u.agreed_by, 300),
            c.required("urgent.reason", u.reason, 2000),
        )
    });
    let new = uc::NewDecision {
        reference: c.text("reference", i.reference, 100),
        title: c.required("title", i.title, 500),
        kind,
        maker_body_id: c.text("maker_body_id", i.maker_body_id, 100),
        maker_person_id: c.text("maker_person_id", i.maker_person_id, 64),
        maker_post: c.text("maker_post", i.maker_post, 300),
        item_id: c.text("item_id", i.item_id, 64),
        entry_id: c.text("forward_plan_id", i.forward_plan_id, 64),
        key_decision: i.key_decision.unwrap_or(false),
        key_reason: c.text("key_reason", i.key_reason, 2000),
        wards: i.wards.unwrap_or_default(),
        made_on: made_on.unwrap_or_default(),
        decision: c.text("decision", i.decision, 20000).unwrap_or_default(),
        parts: i.parts.unwrap_or_default(),
        reasons: c.required("reasons", i.reasons, 20000),
        alternatives: c.text("alternatives", i.alternatives, 20000),
        conflicts: c.text("conflicts", i.conflicts, 5000),
        exempt_paragraph: i.exempt_paragraph,
        exempt_text: c.text("exempt_text", i.exempt_text, 20000),
        urgent,
        reconsiders_id: c.text("reconsiders_id", i.reconsiders_id, 64),
    };
    c.finish()?;
    let d = state
        .write(move |conn| {
            let row = uc::record(conn, &actor, new)?;
            decision_view(conn, &row.id, viewer)
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("ETag", etag(d.version)))
        .insert_header(("Location", format!("/api/v1/decisions/{}", d.id)))
        .json(d))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DecisionList {
    pub data: Vec<Decision>,
}

/// Decisions, newest first (the public: published ones).
#[utoipa::path(tag = "decisions", responses((status = 200, body = DecisionList)))]
#[get("/api/v1/decisions")]
pub async fn list(state: web::Data<AppState>, caller: Caller) -> AppResult<HttpResponse> {
    let viewer = caller.viewer();
    let data = state
        .db(move |conn| {
            let (r, _) = uc::rules(conn)?;
            read::decisions(conn, viewer, |d| {
                rules_of::subject_to_call_in(&d.kind, d.urgent, &r)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(DecisionList { data }))
}

/// A decision, with its call-ins.
#[utoipa::path(tag = "decisions", params(("id" = String, Path)), responses((status = 200, body = Decision), (status = 404, body = Problem)))]
#[get("/api/v1/decisions/{id}")]
pub async fn read_one(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = parse_id(&path, "decision")?;
    let viewer = caller.viewer();
    let d = state
        .db(move |conn| decision_view(conn, &id, viewer))
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(d.version)))
        .json(d))
}

/// Publish a decision: starts the call-in window (its deadline and the time
/// it takes effect are computed), or takes effect now when it cannot be
/// called in.
#[utoipa::path(tag = "decisions", params(("id" = String, Path)),
    responses((status = 200, body = Decision), (status = 409, body = Problem)), security(("bearer" = [])))]
#[post("/api/v1/decisions/{id}/publish")]
pub async fn publish(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let viewer = caller.viewer();
    let id = parse_id(&path, "decision")?;
    let d = state
        .write(move |conn| {
            uc::publish(conn, &actor, &id)?;
            decision_view(conn, &id, viewer)
        })
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("ETag", etag(d.version)))
        .json(d))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewCallInInput {
    /// The members calling it in (person ids).
    #[schema(required = true, value_type = Vec<String>, max_items = 100)]
    pub signatories: Option<Vec<String>>,
    #[schema(required = true, value_type = String, min_length = 1, max_length = 5000, pattern = "\\S")]
    pub grounds: Option<String>,
    #[schema(max_length = 20000)]
    pub particulars: Option<String>,
}

/// Call a decision in: inside its window and with enough eligible members
/// (`422` naming what is missing); it is suspended until scrutiny decides.
#[utoipa::path(tag = "decisions", request_body = NewCallInInput, params(("id" = String, Path)),
    responses((status = 201, body = CallIn), (status = 409, body = Problem), (status = 422, body = Problem)), security(("bearer" = [])))]
#[post("/api/v1/decisions/{id}/call-ins")]
pub async fn call_in(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    JsonBody(i): JsonBody<NewCallInInput>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let id = parse_id(&path, "decision")?;
    let mut c = Check::new();
    let signatories = i.signatories.unwrap_or_else(|| {
        c.add("signatories", "is required");
        Vec::new()
    });
    let new = uc::NewCallIn {
        signatories,
        grounds: c.required("grounds", i.grounds, 5000),
        particulars: c.text("particulars", i.particulars, 20000),
    };
    c.finish()?;
    let row = state
        .write(move |conn| uc::call_in(conn, &actor, &id, new))
        .await?;
    Ok(HttpResponse::Created().json(CallIn::from(row)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CallInOutcomeInput {
    /// no_further_action, referred_back or referred_to_council.
    #[schema(required = true, value_type = String)]
    pub outcome: Option<String>,
    /// The scrutiny meeting that decided.
    pub meeting_id: Option<String>,
}

/// Record what scrutiny did with a call-in.
#[utoipa::path(tag = "decisions", request_body = CallInOutcomeInput, params(("id" = String, Path)),
    responses((status = 200, body = Decision), (status = 409, body = Problem), (status = 422, body = Problem)), security(("bearer" = [])))]
#[post("/api/v1/call-ins/{id}/outcome")]
pub async fn call_in_outcome(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    JsonBody(i): JsonBody<CallInOutcomeInput>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let viewer = caller.viewer();
    let id = parse_id(&path, "call-in")?;
    let mut c = Check::new();
    let outcome = c.required("outcome", i.outcome, 40);
    let outcome = if outcome.is_empty() {
        outcome
    } else {
        c.one_of("outcome", &outcome, CALL_IN_OUTCOMES)
    };
    let meeting = c.text("meeting_id", i.meeting_id, 64);
    c.finish()?;
    let d = state
        .write(move |conn| {
            let (_, d) = uc::outcome(conn, &actor, &id, &outcome, meeting)?;
            decision_view(conn, &d.id, viewer)
        })
        .await?;
    Ok(HttpResponse::Ok().json(d))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewEntryInput {
    #[schema(max_length = 100)]
    pub reference: Option<String>,
    #[schema(required = true, value_type = String, min_length = 1, max_length = 1000, pattern = "\\S")]
    pub matter: Option<String>,
    /// Who will decide: "Cabinet", "Cabinet Member for Finance".
    #[schema(required = true, value_type = String, min_length = 1, max_length = 300, pattern = "\\S")]
    pub decision_maker: Option<String>,
    pub maker_body_id: Option<String>,
    pub due_date: Option<NaiveDate>,
    /// `YYYY-MM`, when only the month is known.
    #[schema(
        pattern = "^\\s*$|^\\s*(19[0-9]{2}|2[01][0-9]{2}|2200)-(0[1-9]|1[0-2])\\s*$",
        max_length = 20
    )]
    pub due_month: Option<String>,
    pub key_decision: Option<bool>,
    #[schema(max_length = 2000)]
    pub key_reason: Option<String>,
    #[schema(max_items = 100)]
    pub wards: Option<Vec<String>>,
    /// Taken in private (a Schedule 12A paragraph then required).
    pub private: Option<bool>,
    #[schema(minimum = 1, maximum = 7)]
    pub exempt_paragraph: Option<i32>,
    /// Why in private: never published.
    #[schema(max_length = 5000)]
    pub private_reasons: Option<String>,
    /// How to object to its being taken in private.
    #[schema(max_length = 5000)]
    pub objections: Option<String>,
    #[schema(max_length = 5000)]
    pub consultees: Option<String>,
    /// How and by when to make representations.
    #[schema(max_length = 5000)]
    pub representations: Option<String>,
    #[schema(max_length = 5000)]
    pub documents: Option<String>,
    #[schema(max_length = 300)]
    pub portfolio: Option<String>,
    #[schema(max_length = 300)]
    pub lead_officer: Option<String>,
    /// When it was first published (default today; never in the future).
    pub first_published_on: Option<NaiveDate>,
}

/// A month as `YYYY-MM` (1900–2200).
fn due_month(c: &mut Check, v: Option<String>) -> Option<String> {
    let v = c.text("due_month", v, 20)?;
    let ok = NaiveDate::parse_from_str(&format!("{v}-01"), "%Y-%m-%d")
        .is_ok_and(|d| (1900..=2200).contains(&chrono::Datelike::year(&d)) && v.len() == 7);
    if !ok {
        c.add("due_month", "must be a month as YYYY-MM, e.g. 2025-03");
    }
    Some(v)
}

/// Give notice of a key decision or a private matter in the forward plan.
#[utoipa::path(tag = "forward plan", request_body = NewEntryInput,
    responses((status = 201, body = ForwardPlanEntry), (status = 422, body = Problem)), security(("bearer" = [])))]
#[post("/api/v1/forward-plan")]
pub async fn create_entry(
    state: web::Data<AppState>,
    caller: Caller,
    JsonBody(i): JsonBody<NewEntryInput>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let viewer = caller.viewer();
    let mut c = Check::new();
    if i.exempt_paragraph.is_some_and(|p| !(1..=7).contains(&p)) {
        c.add(
            "exempt_paragraph",
            "must be a Schedule 12A paragraph, 1 to 7",
        );
    }
    let new = forward_plan::NewEntry {
        reference: c.text("reference", i.reference, 100),
        matter: c.required("matter", i.matter, 1000),
        decision_maker: c.required("decision_maker", i.decision_maker, 300),
        maker_body_id: c.text("maker_body_id", i.maker_body_id, 100),
        due_date: c.date("due_date", i.due_date),
        due_month: due_month(&mut c, i.due_month),
        key_decision: i.key_decision.unwrap_or(false),
        key_reason: c.text("key_reason", i.key_reason, 2000),
        wards: i.wards.unwrap_or_default(),
        private: i.private.unwrap_or(false),
        exempt_paragraph: i.exempt_paragraph,
        private_reasons: c.text("private_reasons", i.private_reasons, 5000),
        objections: c.text("objections", i.objections, 5000),
        consultees: c.text("consultees", i.consultees, 5000),
        representations: c.text("representations", i.representations, 5000),
        documents: c.text("documents", i.documents, 5000),
        portfolio: c.text("portfolio", i.portfolio, 300),
        lead_officer: c.text("lead_officer", i.lead_officer, 300),
        first_published_on: c.date("first_published_on", i.first_published_on),
    };
    c.finish()?;
    let m = state
        .write(move |conn| {
            let row = forward_plan::add(conn, &actor, new)?;
            read::matter(conn, &row.id, viewer)
        })
        .await?;
    Ok(HttpResponse::Created()
        .insert_header(("Location", format!("/api/v1/forward-plan/{}", m.entry.id)))
        .json(m.entry))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ForwardPlan {
    pub data: Vec<ForwardPlanEntry>,
}

/// The forward plan, soonest first.
#[utoipa::path(tag = "forward plan", responses((status = 200, body = ForwardPlan)))]
#[get("/api/v1/forward-plan")]
pub async fn list_entries(state: web::Data<AppState>, caller: Caller) -> AppResult<HttpResponse> {
    let viewer = caller.viewer();
    let data = state
        .db(move |conn| read::forward_plan(conn, viewer))
        .await?;
    Ok(HttpResponse::Ok().json(ForwardPlan { data }))
}

/// A matter, with its history in order: notice, the items that considered
/// it, the decision, any call-in and its outcome, taking effect.
#[utoipa::path(tag = "forward plan", params(("id" = String, Path)), responses((status = 200, body = Matter), (status = 404, body = Problem)))]
#[get("/api/v1/forward-plan/{id}")]
pub async fn read_entry(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = parse_id(&path, "forward plan entry")?;
    let viewer = caller.viewer();
    let m = state
        .db(move |conn| read::matter(conn, &id, viewer))
        .await?;
    Ok(HttpResponse::Ok().json(m))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewNoticeInput {
    /// general_exception or special_urgency.
    #[schema(required = true, value_type = String)]
    pub kind: Option<String>,
    /// The scrutiny chair informed (general exception) or agreeing (special urgency).
    #[schema(required = true, value_type = String, min_length = 1, max_length = 300, pattern = "\\S")]
    pub chair_name: Option<String>,
    #[schema(required = true, value_type = String, min_length = 1, max_length = 5000, pattern = "\\S")]
    pub reasons: Option<String>,
    /// When it was published (default today; never in the future).
    pub published_on: Option<NaiveDate>,
}

/// Publish a general exception or special urgency notice for a matter.
#[utoipa::path(tag = "forward plan", request_body = NewNoticeInput, params(("id" = String, Path)),
    responses((status = 201, body = ForwardPlanNotice), (status = 422, body = Problem)), security(("bearer" = [])))]
#[post("/api/v1/forward-plan/{id}/notices")]
pub async fn add_notice(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    JsonBody(i): JsonBody<NewNoticeInput>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let id = parse_id(&path, "forward plan entry")?;
    let mut c = Check::new();
    let kind = c.required("kind", i.kind, 40);
    let kind = if kind.is_empty() {
        kind
    } else {
        c.one_of("kind", &kind, NOTICE_KINDS)
    };
    let chair = c.required("chair_name", i.chair_name, 300);
    let reasons = c.required("reasons", i.reasons, 5000);
    let on = c.date("published_on", i.published_on);
    c.finish()?;
    let row = state
        .write(move |conn| forward_plan::add_notice(conn, &actor, &id, kind, chair, reasons, on))
        .await?;
    Ok(HttpResponse::Created().json(ForwardPlanNotice::from(row)))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LinkItemInput {
    #[schema(required = true, value_type = String)]
    pub item_id: Option<String>,
}

/// Link an agenda item that considers the matter.
#[utoipa::path(tag = "forward plan", request_body = LinkItemInput, params(("id" = String, Path)),
    responses((status = 204), (status = 422, body = Problem)), security(("bearer" = [])))]
#[post("/api/v1/forward-plan/{id}/items")]
pub async fn link_item(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    JsonBody(i): JsonBody<LinkItemInput>,
) -> AppResult<HttpResponse> {
    caller.clerk()?;
    let id = parse_id(&path, "forward plan entry")?;
    let mut c = Check::new();
    let item = c.required("item_id", i.item_id, 64);
    c.finish()?;
    state
        .write(move |conn| forward_plan::link_item(conn, &id, &item))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct YearQuery {
    /// The calendar year.
    #[param(minimum = 1900, maximum = 2200)]
    pub year: Option<i32>,
}

/// The annual report to council of decisions taken under special urgency.
#[utoipa::path(tag = "forward plan", params(YearQuery), responses((status = 200, body = UrgencyReport)))]
#[get("/api/v1/reports/special-urgency")]
pub async fn special_urgency(
    state: web::Data<AppState>,
    _caller: Caller,
    q: web::Query<YearQuery>,
) -> AppResult<HttpResponse> {
    let year = q
        .year
        .unwrap_or_else(|| chrono::Datelike::year(&minutebook_read::people::today()));
    if !(1900..=2200).contains(&year) {
        return Err(AppError::field("year", "must be between 1900 and 2200"));
    }
    let report = state
        .db(move |conn| read::special_urgency(conn, year))
        .await?;
    Ok(HttpResponse::Ok().json(report))
}

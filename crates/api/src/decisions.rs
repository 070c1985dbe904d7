//! Decisions, call-in and the forward plan: `/api/v1/decisions`,
//! `/api/v1/call-ins/{id}/outcome` and `/api/v1/settings/call-in` (the
//! forward plan is in `forward_plan`).

use super::input::{etag, Check, JsonBody};
use crate::caller::Caller;
use actix_web::{get, post, put, web, HttpResponse};
use chrono::{NaiveDate, NaiveTime};
use minutebook_domain::decisions::{self as rules_of, CallInRules, CALL_IN_OUTCOMES, KINDS};
use minutebook_ground::error::{AppResult, Problem};
use minutebook_read::decisions::{self as read, CallIn, Decision, DecisionFilter};
use minutebook_store::parse_id;
use minutebook_usecases::decisions as uc;
use minutebook_web::state::AppState;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

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
    /// The papers it was taken on (documents' ids).
    #[schema(max_items = 50)]
    pub document_ids: Option<Vec<String>>,
    /// Dispensations under which conflicted members took part.
    #[schema(max_items = 50)]
    pub dispensation_ids: Option<Vec<String>>,
}

/// A list of at most 50 ids, each well-formed.
fn ids(c: &mut Check, field: &str, v: Option<Vec<String>>) -> Vec<String> {
    let v = v.unwrap_or_default();
    if v.len() > 50 {
        c.add(field, "at most 50");
        return Vec::new();
    }
    v.into_iter()
        .filter_map(|i| match parse_id(&i, "record") {
            Ok(id) => Some(id),
            Err(_) => {
                c.add(field, format!("{i:?} is not an id"));
                None
            }
        })
        .collect()
}

fn decision_view(
    conn: &mut minutebook_ground::db::DbConn,
    id: &str,
    viewer: minutebook_domain::visibility::Viewer,
    public_url: &str,
) -> AppResult<Decision> {
    read::decision(conn, id, viewer, public_url)
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
    let public_url = state.settings.public_url.clone();
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
        document_ids: ids(&mut c, "document_ids", i.document_ids),
        dispensation_ids: ids(&mut c, "dispensation_ids", i.dispensation_ids),
    };
    c.finish()?;
    let d = state
        .write(move |conn| {
            let row = uc::record(conn, &actor, new)?;
            decision_view(conn, &row.id, viewer, &public_url)
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

/// Decisions, newest first (the public: published ones), filtered by
/// maker, ward, key, status and the day made.
#[utoipa::path(tag = "decisions", params(DecisionFilter), responses((status = 200, body = DecisionList), (status = 400, body = Problem)))]
#[get("/api/v1/decisions")]
pub async fn list(
    state: web::Data<AppState>,
    caller: Caller,
    q: web::Query<DecisionFilter>,
) -> AppResult<HttpResponse> {
    let viewer = caller.viewer();
    let public_url = state.settings.public_url.clone();
    let filter = q.into_inner();
    let mut c = Check::new();
    c.text("maker", filter.maker.clone(), 200);
    c.text("ward", filter.ward.clone(), 200);
    if let Some(s) = filter.status.as_deref().filter(|s| !s.is_empty()) {
        c.one_of("status", s, rules_of::STATUSES);
    }
    c.date("from", filter.from);
    c.date("to", filter.to);
    c.finish()?;
    let data = state
        .db(move |conn| read::decisions(conn, viewer, &filter, &public_url))
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
    let public_url = state.settings.public_url.clone();
    let d = state
        .db(move |conn| decision_view(conn, &id, viewer, &public_url))
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
    let public_url = state.settings.public_url.clone();
    let id = parse_id(&path, "decision")?;
    let d = state
        .write(move |conn| {
            uc::publish(conn, &actor, &id)?;
            decision_view(conn, &id, viewer, &public_url)
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
    let public_url = state.settings.public_url.clone();
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
            decision_view(conn, &d.id, viewer, &public_url)
        })
        .await?;
    Ok(HttpResponse::Ok().json(d))
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevokeInput {
    /// Why it is revoked (published with it).
    #[schema(required = true, value_type = String, min_length = 1, max_length = 5000, pattern = "\\S")]
    pub reason: Option<String>,
    /// The later decision that revokes it, if recorded here.
    #[schema(max_length = 64)]
    pub revoked_by_id: Option<String>,
}

/// Revoke a published decision: it never takes effect (or stops having
/// effect), and its page, feed entry and matter say why.
#[utoipa::path(tag = "decisions", request_body = RevokeInput, params(("id" = String, Path)),
    responses((status = 200, body = Decision), (status = 409, body = Problem), (status = 422, body = Problem)), security(("bearer" = [])))]
#[post("/api/v1/decisions/{id}/revoke")]
pub async fn revoke(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    JsonBody(i): JsonBody<RevokeInput>,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let viewer = caller.viewer();
    let public_url = state.settings.public_url.clone();
    let id = parse_id(&path, "decision")?;
    let mut c = Check::new();
    let reason = c.required("reason", i.reason, 5000);
    let by = c.text("revoked_by_id", i.revoked_by_id, 64);
    c.finish()?;
    let d = state
        .write(move |conn| {
            let d = uc::revoke(conn, &actor, &id, reason, by)?;
            decision_view(conn, &d.id, viewer, &public_url)
        })
        .await?;
    Ok(HttpResponse::Ok().json(d))
}

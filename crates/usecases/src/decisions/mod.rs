//! The executive's decisions: recorded (against the forward plan's 28-day
//! rule), published (starting the call-in clock), called in (inside the
//! window, by enough eligible members), dealt with by scrutiny, and taking
//! effect by themselves when the window closes. The council's call-in
//! rules are data (`rules`, `set_rules`).

pub mod forward_plan;

use chrono::{NaiveDate, Utc};
use minutebook_domain::access::Actor;
use minutebook_domain::decisions::{self as rules_of, CallInRules, Signatory};
use minutebook_domain::forward_plan::{check_notice, Notice};
use minutebook_domain::time::london_date;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_store::attendance_record::SeatRow;
use minutebook_store::decisions::{CallInRow, DecisionRow};
use minutebook_store::{self as store, parse_id};

/// The council's call-in rules (the defaults until an admin sets them).
pub fn rules(conn: &mut DbConn) -> AppResult<(CallInRules, i32)> {
    minutebook_read::decisions::call_in_rules(conn)
}

/// Sets the call-in rules.
pub fn set_rules(conn: &mut DbConn, actor: &Actor, r: &CallInRules) -> AppResult<i32> {
    if let Some(b) = &r.scrutiny_body_id {
        store::bodies::get(conn, b)
            .map_err(|_| AppError::field("scrutiny_body_id", "no body with that id"))?;
    }
    let json = serde_json::to_string(r).map_err(|e| AppError::Internal(e.into()))?;
    store::decisions::put_call_in_rules(conn, actor, &json)
}

/// A decision as recorded, its fields checked for form by the caller.
#[derive(Debug, Clone, Default)]
pub struct NewDecision {
    pub reference: Option<String>,
    pub title: String,
    pub kind: String,
    pub maker_body_id: Option<String>,
    pub maker_person_id: Option<String>,
    pub maker_post: Option<String>,
    pub item_id: Option<String>,
    pub entry_id: Option<String>,
    pub key_decision: bool,
    pub key_reason: Option<String>,
    pub wards: Vec<String>,
    pub made_on: NaiveDate,
    /// Empty: taken from the item's outcomes.
    pub decision: String,
    pub parts: Vec<String>,
    pub reasons: String,
    pub alternatives: Option<String>,
    pub conflicts: Option<String>,
    pub exempt_paragraph: Option<i32>,
    pub exempt_text: Option<String>,
    pub urgent: Option<(String, String)>,
    pub reconsiders_id: Option<String>,
    /// The papers it was taken on.
    pub document_ids: Vec<String>,
    /// The dispensations under which conflicted members took part.
    pub dispensation_ids: Vec<String>,
}

/// Each of `ids` names a row `found` (by id) holds, else `422` on `field`.
fn all_found(field: &str, ids: &[String], found: &[String]) -> AppResult<()> {
    let missing: Vec<&str> = ids
        .iter()
        .filter(|i| !found.contains(i))
        .map(String::as_str)
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(AppError::field(
            field,
            format!("no such record: {}", missing.join(", ")),
        ))
    }
}

/// The notices of a forward-plan entry, as the 28-day rule reads them.
pub fn notices(conn: &mut DbConn, entry_id: &str) -> AppResult<Vec<Notice>> {
    Ok(store::decisions::notices_of(conn, entry_id)?
        .into_iter()
        .map(|n| Notice {
            kind: n.kind,
            published_on: london_date(n.published_at),
            chair_named: !n.chair_name.trim().is_empty(),
        })
        .collect())
}

/// A key decision (or one taken in private) needs 28 clear days' notice in
/// the forward plan, or a notice that allows less: `409` naming what is
/// missing. Answers the notice used, if any.
pub fn check_key_notice(
    conn: &mut DbConn,
    entry_id: Option<&str>,
    decided_on: NaiveDate,
) -> AppResult<Option<String>> {
    let (first, ns) = match entry_id {
        Some(e) => {
            let entry = store::decisions::get_entry(conn, e)?;
            (entry.first_published_at.map(london_date), notices(conn, e)?)
        }
        None => (None, Vec::new()),
    };
    check_notice(first, decided_on, &ns).map_err(AppError::Conflict)
}

fn maker(conn: &mut DbConn, new: &NewDecision) -> AppResult<(Option<String>, Option<String>)> {
    let body = match &new.maker_body_id {
        Some(k) => Some(
            store::bodies::get(conn, k)
                .map_err(|_| AppError::field("maker_body_id", "no body with that id"))?
                .id,
        ),
        None => None,
    };
    let person = match &new.maker_person_id {
        Some(p) => Some(
            parse_id(p, "person")
                .and_then(|p| store::people::get(conn, &p))
                .map_err(|_| AppError::field("maker_person_id", "no person with that id"))?
                .id,
        ),
        None => None,
    };
    if body.is_none() && person.is_none() {
        return Err(AppError::field(
            "maker_body_id",
            "a decision is made by a body (maker_body_id) or a person (maker_person_id)",
        ));
    }
    Ok((body, person))
}

/// The decision's words from its item's outcomes, when none are given.
fn words_from_item(conn: &mut DbConn, item_id: &str) -> AppResult<(String, Vec<String>)> {
    let records =
        store::minutes::for_items(conn, store::items::ItemsOf::Ids(&[item_id.to_string()]))?;
    let Some(o) = records
        .outcomes
        .into_iter()
        .find(|o| o.deleted_at.is_none())
    else {
        return Err(AppError::field(
            "decision",
            "is required: the item has no outcome to take it from",
        ));
    };
    let parts: Vec<String> = serde_json::from_str(&o.parts).unwrap_or_default();
    Ok((format!("{} {}", o.verb, o.text).trim().to_string(), parts))
}

/// The id of the `what` named by `given` (a field of the request), found
/// by `get`; 422 on `field` when there is none.
fn existing(
    conn: &mut DbConn,
    given: &Option<String>,
    what: &str,
    field: &str,
    get: impl FnOnce(&mut DbConn, &str) -> AppResult<String>,
) -> AppResult<Option<String>> {
    let Some(given) = given else {
        return Ok(None);
    };
    parse_id(given, what)
        .and_then(|id| get(conn, &id))
        .map(Some)
        .map_err(|_| AppError::field(field, format!("no {what} with that id")))
}

/// The records a new decision names, each checked to exist.
struct Resolved {
    maker_body_id: Option<String>,
    maker_person_id: Option<String>,
    item_id: Option<String>,
    entry_id: Option<String>,
    reconsiders_id: Option<String>,
}

/// The row of a new decision (status `made`), its reference `D` and the
/// start of its id unless one is given.
fn decision_row(new: NewDecision, ids: Resolved) -> DecisionRow {
    let now = store::now();
    let id = store::new_id();
    DecisionRow {
        reference: new
            .reference
            .unwrap_or_else(|| format!("D{}", &id[..8].to_uppercase())),
        id,
        title: new.title,
        kind: new.kind,
        maker_body_id: ids.maker_body_id,
        maker_person_id: ids.maker_person_id,
        maker_post: new.maker_post,
        item_id: ids.item_id,
        entry_id: ids.entry_id,
        key_decision: new.key_decision,
        key_reason: new.key_reason,
        wards: (!new.wards.is_empty()).then(|| serde_json::Value::from(new.wards).to_string()),
        made_on: new.made_on,
        decision_text: new.decision,
        parts: (!new.parts.is_empty()).then(|| serde_json::Value::from(new.parts).to_string()),
        reasons: new.reasons,
        alternatives: new.alternatives,
        conflicts: new.conflicts,
        exempt_paragraph: new.exempt_paragraph,
        exempt_text: new.exempt_text,
        urgent: new.urgent.is_some(),
        urgency_agreed_by: new.urgent.as_ref().map(|u| u.0.clone()),
        urgency_reason: new.urgent.map(|u| u.1),
        status: "made".into(),
        published_at: None,
        call_in_deadline: None,
        effective_at: None,
        reconsiders_id: ids.reconsiders_id,
        created_at: now,
        updated_at: now,
        deleted_at: None,
        version: 1,
    }
}

/// Records a decision (status `made`).
pub fn record(conn: &mut DbConn, actor: &Actor, mut new: NewDecision) -> AppResult<DecisionRow> {
    let (maker_body_id, maker_person_id) = maker(conn, &new)?;
    let item_id = existing(conn, &new.item_id, "item", "item_id", |c, i| {
        Ok(store::items::get(c, i)?.id)
    })?;
    if new.decision.is_empty() {
        let Some(i) = &item_id else {
            return Err(AppError::field("decision", "is required"));
        };
        (new.decision, new.parts) = words_from_item(conn, i)?;
    }
    let entry_id = existing(
        conn,
        &new.entry_id,
        "forward plan entry",
        "forward_plan_id",
        |c, e| Ok(store::decisions::get_entry(c, e)?.id),
    )?;
    let reconsiders_id = existing(
        conn,
        &new.reconsiders_id,
        "decision",
        "reconsiders_id",
        |c, r| Ok(store::decisions::get_decision(c, r)?.id),
    )?;
    if new.key_decision && new.urgent.is_none() {
        check_key_notice(conn, entry_id.as_deref(), new.made_on)?;
    }
    let document_ids = std::mem::take(&mut new.document_ids);
    let dispensation_ids = std::mem::take(&mut new.dispensation_ids);
    let row = decision_row(
        new,
        Resolved {
            maker_body_id,
            maker_person_id,
            item_id,
            entry_id: entry_id.clone(),
            reconsiders_id,
        },
    );
    let documents: Vec<String> = store::documents::by_ids(conn, &document_ids)?
        .into_iter()
        .map(|d| d.id)
        .collect();
    all_found("document_ids", &document_ids, &documents)?;
    let dispensations: Vec<String> =
        store::interests::dispensations_by_ids(conn, &dispensation_ids)?
            .into_iter()
            .map(|d| d.id)
            .collect();
    all_found("dispensation_ids", &dispensation_ids, &dispensations)?;
    store::decisions::insert_decision(conn, actor, &row)?;
    store::decision_links::insert(conn, &row.id, store::decision_links::DOCUMENT, &documents)?;
    store::decision_links::insert(
        conn,
        &row.id,
        store::decision_links::DISPENSATION,
        &dispensations,
    )?;
    if let Some(e) = entry_id {
        forward_plan::decided(conn, actor, &e)?;
    }
    Ok(row)
}

/// Publishes a decision: a decision subject to call-in waits for its window
/// to close; one that is not (an officer's, an urgent one) takes effect now.
pub fn publish(conn: &mut DbConn, actor: &Actor, id: &str) -> AppResult<DecisionRow> {
    let before = store::decisions::get_decision(conn, id)?;
    if before.status != "made" {
        return Err(AppError::Conflict(format!(
            "the decision is already {}",
            before.status.replace('_', " ")
        )));
    }
    let (r, _) = rules(conn)?;
    let now = Utc::now();
    let mut row = before.clone();
    row.published_at = Some(now.naive_utc());
    if rules_of::subject_to_call_in(&row.kind, row.urgent, &r) {
        row.status = "published".into();
        row.call_in_deadline = Some(rules_of::call_in_deadline(now, &r).naive_utc());
    } else {
        row.status = "effective".into();
        row.effective_at = Some(now.naive_utc());
    }
    store::decisions::save_decision(conn, actor, "publish", &before, &mut row)?;
    Ok(row)
}

/// A call-in, its fields checked for form by the caller.
#[derive(Debug, Clone)]
pub struct NewCallIn {
    pub signatories: Vec<String>,
    pub grounds: String,
    pub particulars: Option<String>,
}

/// The members who signed a call-in, each with whether they sit on the
/// scrutiny body (or any body, when none is set) today and whether they
/// chair it; `422` on an id that names no one.
fn signatories(
    conn: &mut DbConn,
    ids: &[String],
    seats: &[SeatRow],
    scrutiny: Option<&str>,
    today: NaiveDate,
) -> AppResult<Vec<Signatory>> {
    let mut signed = Vec::new();
    for p in ids {
        let person = parse_id(p, "person")
            .and_then(|p| store::people::get(conn, &p))
            .map_err(|_| AppError::field("signatories", format!("no person with the id {p}")))?;
        let mine = seats.iter().filter(|s| {
            s.person_id == person.id
                && s.start_date.is_none_or(|d| d <= today)
                && s.end_date.is_none_or(|d| d >= today)
        });
        let roles: Vec<&str> = mine.map(|s| s.body_id.as_str()).collect();
        signed.push(Signatory {
            name: person.display_name(),
            eligible: !roles.is_empty(),
            chair: scrutiny.is_some_and(|b| {
                store::memberships::current_chair(conn, b, today)
                    .ok()
                    .flatten()
                    .is_some_and(|c| c == person.id)
            }),
        });
    }
    Ok(signed)
}

/// Calls a decision in: inside the window, with enough eligible members
/// (`422` naming what is missing); the decision is suspended.
pub fn call_in(
    conn: &mut DbConn,
    actor: &Actor,
    decision_id: &str,
    new: NewCallIn,
) -> AppResult<CallInRow> {
    let before = store::decisions::get_decision(conn, decision_id)?;
    let (r, _) = rules(conn)?;
    if !rules_of::subject_to_call_in(&before.kind, before.urgent, &r) {
        return Err(AppError::Conflict(if before.urgent {
            "the decision was taken as urgent and is not subject to call-in".into()
        } else {
            format!("{} decisions are not subject to call-in", before.kind)
        }));
    }
    if before.status != "published" {
        return Err(AppError::Conflict(format!(
            "only a published decision within its call-in window can be called in; it is {}",
            before.status.replace('_', " ")
        )));
    }
    let scrutiny = match &r.scrutiny_body_id {
        Some(b) => Some(store::bodies::get(conn, b)?.id),
        None => None,
    };
    let seats = store::attendance_record::seats(conn, None, scrutiny.as_deref())?;
    let today = london_date(store::now());
    let mut ids = new.signatories.clone();
    ids.sort();
    ids.dedup();
    let signed = signatories(conn, &ids, &seats, scrutiny.as_deref(), today)?;
    let deadline = before
        .call_in_deadline
        .map(|d| d.and_utc())
        .unwrap_or_else(Utc::now);
    let why = rules_of::check_call_in(Utc::now(), deadline, &signed, &r);
    if !why.is_empty() {
        return Err(AppError::field("signatories", why.join("; ")));
    }
    let now = store::now();
    let row = CallInRow {
        id: store::new_id(),
        decision_id: before.id.clone(),
        signatories: serde_json::Value::from(ids).to_string(),
        grounds: new.grounds,
        particulars: new.particulars,
        received_at: now,
        meeting_due: rules_of::deadline_date(now.and_utc(), r.meeting_within_working_days),
        outcome: None,
        outcome_meeting_id: None,
        outcome_at: None,
        reconsider_due: None,
        created_at: now,
        updated_at: now,
        version: 1,
    };
    store::decisions::insert_call_in(conn, actor, &row)?;
    let mut d = before.clone();
    d.status = "called_in".into();
    store::decisions::save_decision(conn, actor, "call_in", &before, &mut d)?;
    Ok(row)
}

/// What scrutiny did: no further action (the decision takes effect now),
/// or referred back to the maker or to council (the maker reconsiders; a
/// reconsideration is a new decision naming this one).
pub fn outcome(
    conn: &mut DbConn,
    actor: &Actor,
    call_in_id: &str,
    outcome: &str,
    meeting_id: Option<String>,
) -> AppResult<(CallInRow, DecisionRow)> {
    let before = store::decisions::get_call_in(conn, call_in_id)?;
    if before.outcome.is_some() {
        return Err(AppError::Conflict(
            "the call-in's outcome is already recorded".into(),
        ));
    }
    let meeting_id = match meeting_id {
        Some(m) => Some(
            parse_id(&m, "meeting")
                .and_then(|m| store::meetings::get(conn, &m))
                .map_err(|_| AppError::field("meeting_id", "no meeting with that id"))?
                .id,
        ),
        None => None,
    };
    let (r, _) = rules(conn)?;
    let now = store::now();
    let mut row = before.clone();
    row.outcome = Some(outcome.to_string());
    row.outcome_meeting_id = meeting_id;
    row.outcome_at = Some(now);
    let referred = outcome != "no_further_action";
    if referred {
        row.reconsider_due = Some(rules_of::deadline_date(
            now.and_utc(),
            r.reconsider_within_working_days,
        ));
    }
    store::decisions::save_call_in(conn, actor, &before, &mut row)?;
    let d_before = store::decisions::get_decision(conn, &row.decision_id)?;
    let mut d = d_before.clone();
    if referred {
        d.status = "referred_back".into();
    } else {
        d.status = "effective".into();
        d.effective_at = Some(now);
    }
    store::decisions::save_decision(conn, actor, "call_in_outcome", &d_before, &mut d)?;
    Ok((row, d))
}

/// The statuses a decision may be revoked from: once published (an
/// unpublished record is not yet a decision anyone relies on).
const REVOCABLE: &[&str] = &["published", "called_in", "referred_back", "effective"];

/// Revokes a published decision, with the reason and (if recorded here) the
/// later decision that revoked it; a revoked decision never takes effect.
pub fn revoke(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    reason: String,
    revoked_by_id: Option<String>,
) -> AppResult<DecisionRow> {
    let before = store::decisions::get_decision(conn, id)?;
    if !REVOCABLE.contains(&before.status.as_str()) {
        return Err(AppError::Conflict(format!(
            "only a published decision can be revoked; this one is {}",
            before.status.replace('_', " ")
        )));
    }
    let revoked_by_id = match revoked_by_id {
        Some(b) => {
            let by = parse_id(&b, "decision")
                .and_then(|b| store::decisions::get_decision(conn, &b))
                .map_err(|_| AppError::field("revoked_by_id", "no decision with that id"))?;
            if by.id == before.id {
                return Err(AppError::field(
                    "revoked_by_id",
                    "a decision does not revoke itself",
                ));
            }
            Some(by.id)
        }
        None => None,
    };
    let now = store::now();
    let mut row = before.clone();
    row.status = "revoked".into();
    store::decisions::save_decision(conn, actor, "revoke", &before, &mut row)?;
    store::decisions::insert_revocation(
        conn,
        actor,
        &store::decisions::RevocationRow {
            decision_id: row.id.clone(),
            reason,
            revoked_by_id,
            revoked_at: now,
            created_at: now,
        },
    )?;
    Ok(row)
}

/// Takes into effect every published decision whose window has closed
/// (each claimed by one conditional update in its own transaction, so
/// several instances do each once), telling webhooks `decision.effective`;
/// answers how many this call took.
pub fn take_effect_due(conn: &mut DbConn, public_url: &str) -> AppResult<usize> {
    let now = store::now();
    let mut taken = 0;
    for d in store::decisions::due_to_take_effect(conn, now)? {
        let took = minutebook_ground::db::write_tx(conn, |c| -> AppResult<bool> {
            let took = store::decisions::claim_effective(c, &d.id, now)?;
            if took {
                crate::webhooks::enqueue(
                    c,
                    crate::webhooks::Event::DecisionEffective,
                    &d.id,
                    public_url,
                )?;
            }
            Ok(took)
        })?;
        taken += usize::from(took);
    }
    Ok(taken)
}

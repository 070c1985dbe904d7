//! Decisions, call-ins, the call-in rules, and the forward plan as rows.

use super::{insert_row, save_row, OrNotFound};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use minutebook_domain::access::Actor;
use minutebook_ground::db::schema::{
    call_in_settings, call_ins, decision_revocations, decisions, forward_plan_entries,
    forward_plan_items, forward_plan_notices,
};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;
use serde::Serialize;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = decisions, treat_none_as_null = true)]
pub struct DecisionRow {
    pub id: String,
    pub reference: String,
    pub title: String,
    pub kind: String,
    pub maker_body_id: Option<String>,
    pub maker_person_id: Option<String>,
    pub maker_post: Option<String>,
    pub item_id: Option<String>,
    pub entry_id: Option<String>,
    pub key_decision: bool,
    pub key_reason: Option<String>,
    /// A JSON array of ward ids.
    pub wards: Option<String>,
    pub made_on: NaiveDate,
    pub decision_text: String,
    /// A JSON array of the numbered parts.
    pub parts: Option<String>,
    pub reasons: String,
    pub alternatives: Option<String>,
    pub conflicts: Option<String>,
    pub exempt_paragraph: Option<i32>,
    pub exempt_text: Option<String>,
    pub urgent: bool,
    pub urgency_agreed_by: Option<String>,
    pub urgency_reason: Option<String>,
    pub status: String,
    pub published_at: Option<NaiveDateTime>,
    pub call_in_deadline: Option<NaiveDateTime>,
    pub effective_at: Option<NaiveDateTime>,
    pub reconsiders_id: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub version: i32,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = call_ins, treat_none_as_null = true)]
pub struct CallInRow {
    pub id: String,
    pub decision_id: String,
    /// A JSON array of person ids.
    pub signatories: String,
    pub grounds: String,
    pub particulars: Option<String>,
    pub received_at: NaiveDateTime,
    pub meeting_due: NaiveDate,
    pub outcome: Option<String>,
    pub outcome_meeting_id: Option<String>,
    pub outcome_at: Option<NaiveDateTime>,
    pub reconsider_due: Option<NaiveDate>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub version: i32,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = forward_plan_entries, treat_none_as_null = true)]
pub struct EntryRow {
    pub id: String,
    pub reference: String,
    pub matter: String,
    pub decision_maker: String,
    pub maker_body_id: Option<String>,
    pub due_date: Option<NaiveDate>,
    /// `YYYY-MM`, when only the month is known.
    pub due_month: Option<String>,
    pub key_decision: bool,
    pub key_reason: Option<String>,
    pub wards: Option<String>,
    pub private: bool,
    pub exempt_paragraph: Option<i32>,
    pub private_reasons: Option<String>,
    pub objections: Option<String>,
    pub consultees: Option<String>,
    pub representations: Option<String>,
    pub documents: Option<String>,
    pub portfolio: Option<String>,
    pub lead_officer: Option<String>,
    pub first_published_at: Option<NaiveDateTime>,
    pub status: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub version: i32,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize)]
#[diesel(table_name = forward_plan_notices)]
pub struct NoticeRow {
    pub id: String,
    pub entry_id: String,
    pub kind: String,
    pub published_at: NaiveDateTime,
    pub chair_name: String,
    pub reasons: String,
    pub created_at: NaiveDateTime,
}

const SETTINGS_ID: &str = "council";

/// The call-in rules as stored (JSON), if an admin has set them.
pub fn call_in_rules(conn: &mut DbConn) -> AppResult<Option<(String, i32)>> {
    Ok(call_in_settings::table
        .find(SETTINGS_ID)
        .select((call_in_settings::rules, call_in_settings::version))
        .get_result(conn)
        .optional()?)
}

/// Keeps the call-in rules (JSON), audited.
pub fn put_call_in_rules(conn: &mut DbConn, actor: &Actor, rules: &str) -> AppResult<i32> {
    let now = crate::now();
    let version = match call_in_rules(conn)? {
        Some((_, v)) => {
            diesel::update(call_in_settings::table.find(SETTINGS_ID))
                .set((
                    call_in_settings::rules.eq(rules),
                    call_in_settings::updated_at.eq(now),
                    call_in_settings::version.eq(v + 1),
                ))
                .execute(conn)?;
            v + 1
        }
        None => {
            diesel::insert_into(call_in_settings::table)
                .values((
                    call_in_settings::id.eq(SETTINGS_ID),
                    call_in_settings::rules.eq(rules),
                    call_in_settings::updated_at.eq(now),
                    call_in_settings::version.eq(1),
                ))
                .execute(conn)?;
            1
        }
    };
    crate::audit::record(
        conn,
        actor,
        "call_in_settings",
        SETTINGS_ID,
        "update",
        serde_json::from_str(rules).unwrap_or(serde_json::Value::Null),
    )?;
    Ok(version)
}

pub fn insert_decision(conn: &mut DbConn, actor: &Actor, row: &DecisionRow) -> AppResult<()> {
    insert_row!(decisions, conn, actor, "decision", row)
}

pub fn save_decision(
    conn: &mut DbConn,
    actor: &Actor,
    action: &str,
    before: &DecisionRow,
    row: &mut DecisionRow,
) -> AppResult<()> {
    save_row!(decisions, conn, actor, "decision", action, before, row)
}

pub fn get_decision(conn: &mut DbConn, id: &str) -> AppResult<DecisionRow> {
    decisions::table
        .find(id)
        .filter(decisions::deleted_at.is_null())
        .select(DecisionRow::as_select())
        .get_result(conn)
        .or_not_found("decision")
}

/// Which decisions a list reads; every condition optional.
#[derive(Debug, Clone, Default)]
pub struct DecisionQuery {
    /// Only published ones (or later): the public's list.
    pub published_only: bool,
    /// Made by this body, or (`maker_person`) by this person: either.
    pub maker_body: Option<String>,
    pub maker_person: Option<String>,
    /// Affecting this ward (an id).
    pub ward: Option<String>,
    pub key: Option<bool>,
    pub status: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// Decisions, newest first, as `f` chooses, at most `limit`: every
/// condition is in the query, so the limit never hides a match.
pub fn list_decisions(
    conn: &mut DbConn,
    f: &DecisionQuery,
    limit: i64,
) -> AppResult<Vec<DecisionRow>> {
    let mut q = decisions::table
        .filter(decisions::deleted_at.is_null())
        .into_boxed();
    if f.published_only {
        q = q.filter(decisions::published_at.is_not_null());
    }
    match (&f.maker_body, &f.maker_person) {
        (Some(b), Some(p)) => {
            q = q.filter(
                decisions::maker_body_id
                    .eq(b.clone())
                    .or(decisions::maker_person_id.eq(p.clone())),
            )
        }
        (Some(b), None) => q = q.filter(decisions::maker_body_id.eq(b.clone())),
        (None, Some(p)) => q = q.filter(decisions::maker_person_id.eq(p.clone())),
        (None, None) => {}
    }
    if let Some(w) = &f.ward {
        // `wards` is a JSON array of ids; an id is letters, digits and
        // dashes, so it cannot carry a LIKE wildcard or a quote.
        if !w.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            return Ok(Vec::new());
        }
        q = q.filter(decisions::wards.like(format!("%\"{w}\"%")));
    }
    if let Some(k) = f.key {
        q = q.filter(decisions::key_decision.eq(k));
    }
    if let Some(s) = &f.status {
        q = q.filter(decisions::status.eq(s.clone()));
    }
    if let Some(d) = f.from {
        q = q.filter(decisions::made_on.ge(d));
    }
    if let Some(d) = f.to {
        q = q.filter(decisions::made_on.le(d));
    }
    Ok(
        q.order((decisions::made_on.desc(), decisions::created_at.desc()))
            .limit(limit)
            .select(DecisionRow::as_select())
            .load(conn)?,
    )
}

/// Published decisions whose call-in window has closed without a call-in.
pub fn due_to_take_effect(conn: &mut DbConn, now: NaiveDateTime) -> AppResult<Vec<DecisionRow>> {
    Ok(decisions::table
        .filter(decisions::deleted_at.is_null())
        .filter(decisions::status.eq("published"))
        .filter(decisions::call_in_deadline.le(now))
        .select(DecisionRow::as_select())
        .load(conn)?)
}

/// Takes a decision into effect if it is still published and due: one
/// conditional update, so one instance of several does it.
pub fn claim_effective(conn: &mut DbConn, id: &str, now: NaiveDateTime) -> AppResult<bool> {
    let n = diesel::update(
        decisions::table
            .filter(decisions::id.eq(id))
            .filter(decisions::status.eq("published"))
            .filter(decisions::call_in_deadline.le(now)),
    )
    .set((
        decisions::status.eq("effective"),
        decisions::effective_at.eq(Some(now)),
        decisions::updated_at.eq(now),
        decisions::version.eq(decisions::version + 1),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

pub fn insert_call_in(conn: &mut DbConn, actor: &Actor, row: &CallInRow) -> AppResult<()> {
    insert_row!(call_ins, conn, actor, "call_in", row)
}

pub fn save_call_in(
    conn: &mut DbConn,
    actor: &Actor,
    before: &CallInRow,
    row: &mut CallInRow,
) -> AppResult<()> {
    save_row!(call_ins, conn, actor, "call_in", "outcome", before, row)
}

pub fn get_call_in(conn: &mut DbConn, id: &str) -> AppResult<CallInRow> {
    call_ins::table
        .find(id)
        .select(CallInRow::as_select())
        .get_result(conn)
        .or_not_found("call-in")
}

pub fn call_ins_of(conn: &mut DbConn, decision_id: &str) -> AppResult<Vec<CallInRow>> {
    Ok(call_ins::table
        .filter(call_ins::decision_id.eq(decision_id))
        .order(call_ins::received_at.asc())
        .select(CallInRow::as_select())
        .load(conn)?)
}

pub fn insert_entry(conn: &mut DbConn, actor: &Actor, row: &EntryRow) -> AppResult<()> {
    insert_row!(forward_plan_entries, conn, actor, "forward_plan_entry", row)
}

pub fn save_entry(
    conn: &mut DbConn,
    actor: &Actor,
    action: &str,
    before: &EntryRow,
    row: &mut EntryRow,
) -> AppResult<()> {
    save_row!(
        forward_plan_entries,
        conn,
        actor,
        "forward_plan_entry",
        action,
        before,
        row
    )
}

pub fn get_entry(conn: &mut DbConn, id: &str) -> AppResult<EntryRow> {
    forward_plan_entries::table
        .find(id)
        .filter(forward_plan_entries::deleted_at.is_null())
        .select(EntryRow::as_select())
        .get_result(conn)
        .or_not_found("forward plan entry")
}

/// The forward plan, soonest first; only published entries for the public.
pub fn list_entries(
    conn: &mut DbConn,
    published_only: bool,
    limit: i64,
) -> AppResult<Vec<EntryRow>> {
    let mut q = forward_plan_entries::table
        .filter(forward_plan_entries::deleted_at.is_null())
        .into_boxed();
    if published_only {
        q = q.filter(forward_plan_entries::first_published_at.is_not_null());
    }
    Ok(q.order((
        forward_plan_entries::due_date.asc(),
        forward_plan_entries::due_month.asc(),
        forward_plan_entries::created_at.asc(),
    ))
    .limit(limit)
    .select(EntryRow::as_select())
    .load(conn)?)
}

pub fn insert_notice(conn: &mut DbConn, actor: &Actor, row: &NoticeRow) -> AppResult<()> {
    diesel::insert_into(forward_plan_notices::table)
        .values(row.clone())
        .execute(conn)?;
    crate::audit::created(conn, actor, "forward_plan_notice", &row.id, row)
}

pub fn notices_of(conn: &mut DbConn, entry_id: &str) -> AppResult<Vec<NoticeRow>> {
    Ok(forward_plan_notices::table
        .filter(forward_plan_notices::entry_id.eq(entry_id))
        .order(forward_plan_notices::published_at.asc())
        .select(NoticeRow::as_select())
        .load(conn)?)
}

/// Special urgency notices published in a span (for the annual report).
pub fn notices_between(
    conn: &mut DbConn,
    kind: &str,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> AppResult<Vec<NoticeRow>> {
    Ok(forward_plan_notices::table
        .filter(forward_plan_notices::kind.eq(kind))
        .filter(forward_plan_notices::published_at.ge(from))
        .filter(forward_plan_notices::published_at.lt(to))
        .order(forward_plan_notices::published_at.asc())
        .select(NoticeRow::as_select())
        .load(conn)?)
}

/// Links an agenda item to the matter it considers (once).
pub fn link_item(conn: &mut DbConn, entry_id: &str, item_id: &str) -> AppResult<()> {
    let exists = forward_plan_items::table
        .find((entry_id, item_id))
        .count()
        .get_result::<i64>(conn)?
        > 0;
    if !exists {
        diesel::insert_into(forward_plan_items::table)
            .values((
                forward_plan_items::entry_id.eq(entry_id),
                forward_plan_items::item_id.eq(item_id),
                forward_plan_items::created_at.eq(crate::now()),
            ))
            .execute(conn)?;
    }
    Ok(())
}

pub fn items_of_entry(conn: &mut DbConn, entry_id: &str) -> AppResult<Vec<String>> {
    Ok(forward_plan_items::table
        .filter(forward_plan_items::entry_id.eq(entry_id))
        .order(forward_plan_items::created_at.asc())
        .select(forward_plan_items::item_id)
        .load(conn)?)
}

pub fn decisions_of_entry(conn: &mut DbConn, entry_id: &str) -> AppResult<Vec<DecisionRow>> {
    Ok(decisions::table
        .filter(decisions::entry_id.eq(entry_id))
        .filter(decisions::deleted_at.is_null())
        .order(decisions::created_at.asc())
        .select(DecisionRow::as_select())
        .load(conn)?)
}

/// The forward-plan entries that items of this meeting consider.
pub fn entries_for_meeting(conn: &mut DbConn, meeting_id: &str) -> AppResult<Vec<EntryRow>> {
    use minutebook_ground::db::schema::items;
    let item_ids = items::table
        .filter(items::meeting_id.eq(meeting_id.to_string()))
        .filter(items::deleted_at.is_null())
        .select(items::id);
    let entry_ids = forward_plan_items::table
        .filter(forward_plan_items::item_id.eq_any(item_ids))
        .select(forward_plan_items::entry_id);
    Ok(forward_plan_entries::table
        .filter(forward_plan_entries::id.eq_any(entry_ids))
        .filter(forward_plan_entries::deleted_at.is_null())
        .select(EntryRow::as_select())
        .load(conn)?)
}

/// The call-ins of several decisions, in the order received.
pub fn call_ins_of_many(conn: &mut DbConn, decision_ids: &[String]) -> AppResult<Vec<CallInRow>> {
    if decision_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(call_ins::table
        .filter(call_ins::decision_id.eq_any(decision_ids))
        .order(call_ins::received_at.asc())
        .select(CallInRow::as_select())
        .load(conn)?)
}

/// The decisions recorded against any of these agenda items.
pub fn decisions_of_items(conn: &mut DbConn, item_ids: &[String]) -> AppResult<Vec<DecisionRow>> {
    if item_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(decisions::table
        .filter(decisions::item_id.eq_any(item_ids))
        .filter(decisions::deleted_at.is_null())
        .order(decisions::created_at.asc())
        .select(DecisionRow::as_select())
        .load(conn)?)
}

/// The published matters (forward-plan entries) that any of these items
/// consider, as (entry id, item id) pairs.
pub fn published_entries_of_items(
    conn: &mut DbConn,
    item_ids: &[String],
) -> AppResult<Vec<(String, String)>> {
    if item_ids.is_empty() {
        return Ok(Vec::new());
    }
    let published = forward_plan_entries::table
        .filter(forward_plan_entries::first_published_at.is_not_null())
        .filter(forward_plan_entries::deleted_at.is_null())
        .select(forward_plan_entries::id);
    Ok(forward_plan_items::table
        .filter(forward_plan_items::item_id.eq_any(item_ids))
        .filter(forward_plan_items::entry_id.eq_any(published))
        .order(forward_plan_items::created_at.asc())
        .select((forward_plan_items::entry_id, forward_plan_items::item_id))
        .load(conn)?)
}

/// Every link between a matter and an agenda item, for the given matters:
/// (entry id, item id, when linked).
pub fn items_of_entries(
    conn: &mut DbConn,
    entry_ids: &[String],
) -> AppResult<Vec<(String, String, NaiveDateTime)>> {
    if entry_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(forward_plan_items::table
        .filter(forward_plan_items::entry_id.eq_any(entry_ids))
        .order(forward_plan_items::created_at.asc())
        .select((
            forward_plan_items::entry_id,
            forward_plan_items::item_id,
            forward_plan_items::created_at,
        ))
        .load(conn)?)
}

/// The decisions of several matters.
pub fn decisions_of_entries(
    conn: &mut DbConn,
    entry_ids: &[String],
) -> AppResult<Vec<DecisionRow>> {
    if entry_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(decisions::table
        .filter(decisions::entry_id.eq_any(entry_ids))
        .order(decisions::created_at.asc())
        .select(DecisionRow::as_select())
        .load(conn)?)
}

/// The notices of several matters.
pub fn notices_of_many(conn: &mut DbConn, entry_ids: &[String]) -> AppResult<Vec<NoticeRow>> {
    if entry_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(forward_plan_notices::table
        .filter(forward_plan_notices::entry_id.eq_any(entry_ids))
        .order(forward_plan_notices::published_at.asc())
        .select(NoticeRow::as_select())
        .load(conn)?)
}

/// A decision revoked: why, when, and by which later decision.
#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize)]
#[diesel(table_name = decision_revocations)]
pub struct RevocationRow {
    pub decision_id: String,
    pub reason: String,
    pub revoked_by_id: Option<String>,
    pub revoked_at: NaiveDateTime,
    pub created_at: NaiveDateTime,
}

pub fn insert_revocation(conn: &mut DbConn, actor: &Actor, row: &RevocationRow) -> AppResult<()> {
    diesel::insert_into(decision_revocations::table)
        .values(row.clone())
        .execute(conn)?;
    crate::audit::created(conn, actor, "decision_revocation", &row.decision_id, row)
}

/// The revocations of these decisions.
pub fn revocations_of(conn: &mut DbConn, decision_ids: &[String]) -> AppResult<Vec<RevocationRow>> {
    if decision_ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(decision_revocations::table
        .filter(decision_revocations::decision_id.eq_any(decision_ids))
        .select(RevocationRow::as_select())
        .load(conn)?)
}

//! The forward plan: notice of key decisions and of matters taken in
//! private, its general exception and special urgency notices, and the
//! agenda items that consider each matter.

use chrono::NaiveDate;
use minutebook_domain::access::Actor;
use minutebook_domain::time::start_of_day;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_store::decisions::{EntryRow, NoticeRow};
use minutebook_store::{self as store, parse_id};

/// A forward-plan entry, its fields checked for form by the caller.
#[derive(Debug, Clone, Default)]
pub struct NewEntry {
    pub reference: Option<String>,
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
    pub private_reasons: Option<String>,
    pub objections: Option<String>,
    pub consultees: Option<String>,
    pub representations: Option<String>,
    pub documents: Option<String>,
    pub portfolio: Option<String>,
    pub lead_officer: Option<String>,
    /// When it was first published (today if not given; a date from a
    /// printed plan when the council moves its plan here).
    pub first_published_on: Option<NaiveDate>,
}

/// Adds a matter to the forward plan, published.
pub fn add(conn: &mut DbConn, actor: &Actor, new: NewEntry) -> AppResult<EntryRow> {
    if new.due_date.is_none() && new.due_month.is_none() {
        return Err(AppError::field(
            "due_date",
            "give the date of decision, or its month (due_month)",
        ));
    }
    if new.private && new.exempt_paragraph.is_none() {
        return Err(AppError::field(
            "exempt_paragraph",
            "a matter taken in private names its Schedule 12A paragraph",
        ));
    }
    let maker_body_id = match &new.maker_body_id {
        Some(k) => Some(
            store::bodies::get(conn, k)
                .map_err(|_| AppError::field("maker_body_id", "no body with that id"))?
                .id,
        ),
        None => None,
    };
    let now = store::now();
    let first = match new.first_published_on {
        Some(d) if d > minutebook_domain::time::london_date(now) => {
            return Err(AppError::field(
                "first_published_on",
                "must not be in the future",
            ));
        }
        Some(d) => start_of_day(d).unwrap_or(now),
        None => now,
    };
    let id = store::new_id();
    let row = EntryRow {
        reference: new
            .reference
            .unwrap_or_else(|| format!("FP{}", &id[..8].to_uppercase())),
        id,
        matter: new.matter,
        decision_maker: new.decision_maker,
        maker_body_id,
        due_date: new.due_date,
        due_month: new.due_month,
        key_decision: new.key_decision,
        key_reason: new.key_reason,
        wards: (!new.wards.is_empty()).then(|| serde_json::Value::from(new.wards).to_string()),
        private: new.private,
        exempt_paragraph: new.exempt_paragraph,
        private_reasons: new.private_reasons,
        objections: new.objections,
        consultees: new.consultees,
        representations: new.representations,
        documents: new.documents,
        portfolio: new.portfolio,
        lead_officer: new.lead_officer,
        first_published_at: Some(first),
        status: "upcoming".into(),
        created_at: now,
        updated_at: now,
        deleted_at: None,
        version: 1,
    };
    store::decisions::insert_entry(conn, actor, &row)?;
    Ok(row)
}

/// The matter was decided.
pub fn decided(conn: &mut DbConn, actor: &Actor, entry_id: &str) -> AppResult<()> {
    let before = store::decisions::get_entry(conn, entry_id)?;
    if before.status == "decided" {
        return Ok(());
    }
    let mut row = before.clone();
    row.status = "decided".into();
    store::decisions::save_entry(conn, actor, "decided", &before, &mut row)
}

/// Publishes a general exception or special urgency notice for a matter.
pub fn add_notice(
    conn: &mut DbConn,
    actor: &Actor,
    entry_id: &str,
    kind: String,
    chair_name: String,
    reasons: String,
    published_on: Option<NaiveDate>,
) -> AppResult<NoticeRow> {
    let entry = store::decisions::get_entry(conn, entry_id)?;
    let now = store::now();
    let at = match published_on {
        Some(d) if d > minutebook_domain::time::london_date(now) => {
            return Err(AppError::field("published_on", "must not be in the future"));
        }
        Some(d) => start_of_day(d).unwrap_or(now),
        None => now,
    };
    let row = NoticeRow {
        id: store::new_id(),
        entry_id: entry.id,
        kind,
        published_at: at,
        chair_name,
        reasons,
        created_at: now,
    };
    store::decisions::insert_notice(conn, actor, &row)?;
    Ok(row)
}

/// Links an agenda item that considers the matter (scrutiny's
/// pre-decision look, the cabinet's decision).
pub fn link_item(conn: &mut DbConn, entry_id: &str, item_id: &str) -> AppResult<()> {
    let entry = store::decisions::get_entry(conn, entry_id)?;
    let item = parse_id(item_id, "item")
        .and_then(|i| store::items::get(conn, &i))
        .map_err(|_| AppError::field("item_id", "no item with that id"))?;
    store::decisions::link_item(conn, &entry.id, &item.id)
}

/// An agenda of the body that will take a key decision may not be
/// published, for a meeting less than 28 clear days after the matter's
/// notice, unless a general exception or special urgency notice allows it
/// (`409` naming what is missing). Scrutiny's look at the same matter is
/// not held back.
pub fn check_agenda(
    conn: &mut DbConn,
    meeting: &minutebook_store::meetings::MeetingRow,
) -> AppResult<()> {
    let on = minutebook_domain::time::london_date(meeting.starts_at);
    for e in store::decisions::entries_for_meeting(conn, &meeting.id)? {
        if e.key_decision
            && e.status != "withdrawn"
            && e.maker_body_id.as_deref() == Some(meeting.body_id.as_str())
        {
            super::check_key_notice(conn, Some(&e.id), on)?;
        }
    }
    Ok(())
}

/// What a clerk may change about a matter once it is in the plan: its
/// status (upcoming, deferred or withdrawn) and its date or month.
#[derive(Debug, Clone, Default)]
pub struct EntryChange {
    pub status: Option<String>,
    pub due_date: Option<Option<NaiveDate>>,
    pub due_month: Option<Option<String>>,
}

/// The statuses a clerk sets; `decided` comes from the decision.
pub const SETTABLE_STATUSES: &[&str] = &["upcoming", "deferred", "withdrawn"];

/// Defers, withdraws or re-dates a matter (`409` once it is decided, `412`
/// when `if_match` names another version).
pub fn change(
    conn: &mut DbConn,
    actor: &Actor,
    entry_id: &str,
    change: EntryChange,
    if_match: &minutebook_domain::precondition::IfMatch,
) -> AppResult<EntryRow> {
    let before = store::decisions::get_entry(conn, entry_id)?;
    if_match.check(before.version)?;
    if before.status == "decided" {
        return Err(AppError::Conflict(
            "the matter has been decided; record a new decision to change it".into(),
        ));
    }
    let mut row = before.clone();
    if let Some(s) = change.status {
        if !SETTABLE_STATUSES.contains(&s.as_str()) {
            return Err(AppError::field(
                "status",
                "must be upcoming, deferred or withdrawn",
            ));
        }
        row.status = s;
    }
    if let Some(d) = change.due_date {
        row.due_date = d;
    }
    if let Some(m) = change.due_month {
        row.due_month = m;
    }
    if row.due_date.is_none() && row.due_month.is_none() {
        return Err(AppError::field(
            "due_date",
            "give the date of decision, or its month (due_month)",
        ));
    }
    let action = if row.status != before.status {
        row.status.clone()
    } else {
        "redate".to_string()
    };
    store::decisions::save_entry(conn, actor, &action, &before, &mut row)?;
    Ok(row)
}

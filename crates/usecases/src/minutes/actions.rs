//! Actions arising from an item: what, who, by when, and their progress.
//! What an action says is part of the minutes (it changes only while the
//! minutes may); its progress (`status`) may change after.

use chrono::NaiveDate;
use minutebook_domain::access::Actor;
use minutebook_domain::precondition::IfMatch;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;
use minutebook_store::minutes::ActionRow;
use minutebook_store::{self as store};

use crate::agenda::items::{ensure_minutes_editable, item_and_meeting};

/// A new action's fields, checked for form by the caller.
#[derive(Debug, Clone)]
pub struct NewAction {
    pub description: String,
    pub owner: Option<String>,
    pub due_date: Option<NaiveDate>,
    /// One of `vocab::ACTION_STATUSES`.
    pub status: String,
}

/// Records an action arising from an item (while its minutes may change).
pub fn record(
    conn: &mut DbConn,
    actor: &Actor,
    item_id: &str,
    new: NewAction,
) -> AppResult<ActionRow> {
    let (item, meeting) = item_and_meeting(conn, item_id)?;
    ensure_minutes_editable(&meeting)?;
    let now = store::now();
    let row = ActionRow {
        id: store::new_id(),
        item_id: item.id,
        description: new.description,
        owner: new.owner,
        due_date: new.due_date,
        status: new.status,
        created_at: now,
        updated_at: now,
        deleted_at: None,
        version: 1,
    };
    store::minutes::insert_action(conn, actor, &row)?;
    Ok(row)
}

/// A change: `None` leaves a field; `Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct Change {
    pub description: Option<String>,
    pub owner: Option<Option<String>>,
    pub due_date: Option<Option<NaiveDate>>,
    pub status: Option<String>,
}

/// Changes an action (`If-Match` checked): its text only while the minutes
/// may change, its progress at any time.
pub fn change(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    if_match: &IfMatch,
    change: Change,
) -> AppResult<ActionRow> {
    let before = store::minutes::get_action(conn, id)?;
    if_match.check(before.version)?;
    let (_, meeting) = item_and_meeting(conn, &before.item_id)?;
    if change.description.is_some() || change.owner.is_some() || change.due_date.is_some() {
        ensure_minutes_editable(&meeting)?;
    }
    let mut row = before.clone();
    if let Some(v) = change.description {
        row.description = v;
    }
    if let Some(v) = change.owner {
        row.owner = v;
    }
    if let Some(v) = change.due_date {
        row.due_date = v;
    }
    if let Some(v) = change.status {
        row.status = v;
    }
    store::minutes::save_action(conn, actor, "update", &before, &mut row)?;
    Ok(row)
}

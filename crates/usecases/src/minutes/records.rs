//! The records of the minutes: outcomes (with the confirmation of the
//! previous meeting's minutes they may carry) and declarations of interest.
//! Each runs inside the caller's write transaction; a change marks the
//! minutes for a new revision by itself (database triggers, see
//! `minutes::revisions`).

use crate::agenda::items::{ensure_minutes_editable, item_and_meeting};
use minutebook_domain::access::Actor;
use minutebook_domain::precondition::IfMatch;
use minutebook_ground::config::Settings;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_store::minutes::{DeclarationRow, OutcomeRow};
use minutebook_store::people::PersonRow;
use minutebook_store::{self as store, parse_id};

/// Whether an outcome on an item confirms the previous meeting's minutes:
/// AGREED or RESOLVED under the "minutes of the last meeting" item.
pub fn confirms_previous_minutes(item_kind: &str, verb: &str) -> bool {
    item_kind == "previous_minutes" && (verb == "AGREED" || verb == "RESOLVED")
}

/// Records an outcome on an item; AGREED/RESOLVED on the previous minutes
/// confirms them (`minutes::approval::confirm_previous`).
pub fn add_outcome(
    conn: &mut DbConn,
    actor: &Actor,
    settings: &Settings,
    item_id: &str,
    verb: String,
    text: String,
    parts: Vec<String>,
) -> AppResult<OutcomeRow> {
    let (item, meeting) = item_and_meeting(conn, item_id)?;
    ensure_minutes_editable(&meeting)?;
    let confirms = confirms_previous_minutes(&item.kind, &verb);
    let now = store::now();
    let row = OutcomeRow {
        id: store::new_id(),
        position: store::minutes::next_outcome_position(conn, &item.id)?,
        item_id: item.id,
        verb,
        text,
        parts: serde_json::to_string(&parts).map_err(|e| AppError::Internal(e.into()))?,
        created_at: now,
        updated_at: now,
        deleted_at: None,
        version: 1,
    };
    store::minutes::insert_outcome(conn, actor, &row)?;
    if confirms {
        super::approval::confirm_previous(conn, actor, &meeting, settings)?;
    }
    Ok(row)
}

/// Changes an outcome; it must keep a text or parts.
pub fn change_outcome(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    if_match: &IfMatch,
    verb: Option<String>,
    text: Option<String>,
    parts: Option<Vec<String>>,
) -> AppResult<OutcomeRow> {
    let before = store::minutes::get_outcome(conn, id)?;
    if_match.check(before.version)?;
    let (_, meeting) = item_and_meeting(conn, &before.item_id)?;
    ensure_minutes_editable(&meeting)?;
    let mut row = before.clone();
    if let Some(v) = verb {
        row.verb = v;
    }
    if let Some(v) = text {
        row.text = v;
    }
    if let Some(p) = parts {
        row.parts = serde_json::to_string(&p).map_err(|e| AppError::Internal(e.into()))?;
    }
    if row.text.is_empty() && row.parts().is_empty() {
        return Err(AppError::field(
            "text",
            "is required unless parts are given",
        ));
    }
    store::minutes::save_outcome(conn, actor, "update", &before, &mut row)?;
    Ok(row)
}

/// Removes an outcome (kept as a tombstone).
pub fn remove_outcome(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    if_match: &IfMatch,
) -> AppResult<()> {
    let before = store::minutes::get_outcome(conn, id)?;
    if_match.check(before.version)?;
    let (_, meeting) = item_and_meeting(conn, &before.item_id)?;
    ensure_minutes_editable(&meeting)?;
    let mut row = before.clone();
    row.deleted_at = Some(store::now());
    store::minutes::save_outcome(conn, actor, "delete", &before, &mut row)
}

/// A declaration as asked for: who, the nature of the interest, its kind
/// (model code of conduct) and whether the member withdrew.
pub struct NewDeclaration {
    pub person_id: String,
    pub nature: String,
    pub kind: Option<String>,
    pub withdrew: bool,
}

/// Records a declaration of interest by a person on an item.
pub fn add_declaration(
    conn: &mut DbConn,
    actor: &Actor,
    item_id: &str,
    new: NewDeclaration,
) -> AppResult<(DeclarationRow, PersonRow)> {
    let NewDeclaration {
        person_id,
        nature,
        kind,
        withdrew,
    } = new;
    let (item, meeting) = item_and_meeting(conn, item_id)?;
    ensure_minutes_editable(&meeting)?;
    let person = parse_id(&person_id, "person")
        .and_then(|p| store::people::get(conn, &p))
        .map_err(|_| AppError::field("person_id", "no person with that id"))?;
    let now = store::now();
    let row = DeclarationRow {
        id: store::new_id(),
        item_id: item.id,
        person_id: person.id.clone(),
        nature,
        created_at: now,
        updated_at: now,
        deleted_at: None,
        version: 1,
        kind,
        withdrew,
    };
    store::minutes::insert_declaration(conn, actor, &row)?;
    Ok((row, person))
}

/// Removes a declaration recorded in error (kept as a tombstone).
pub fn remove_declaration(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    if_match: &IfMatch,
) -> AppResult<()> {
    let before = store::minutes::get_declaration(conn, id)?;
    if_match.check(before.version)?;
    let (_, meeting) = item_and_meeting(conn, &before.item_id)?;
    ensure_minutes_editable(&meeting)?;
    let mut row = before.clone();
    row.deleted_at = Some(store::now());
    store::minutes::save_declaration(conn, actor, "delete", &before, &mut row)
}

#[cfg(test)]
mod tests {
    use super::confirms_previous_minutes;

    #[test]
    fn agreeing_the_previous_minutes_confirms_them_noting_does_not() {
        assert!(confirms_previous_minutes("previous_minutes", "AGREED"));
        assert!(confirms_previous_minutes("previous_minutes", "RESOLVED"));
        assert!(!confirms_previous_minutes("previous_minutes", "NOTED"));
        assert!(!confirms_previous_minutes("report", "AGREED"));
    }
}

//! What an item's minutes hold besides its text: outcomes, declarations of
//! interest and actions arising.

use super::items::{load_of_items, ItemsOf};
use super::{insert_row, save_row, OrNotFound};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use minutebook_domain::access::Actor;
use minutebook_ground::db::schema::{actions, declarations, outcomes};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;
use serde::Serialize;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = outcomes, treat_none_as_null = true)]
pub struct OutcomeRow {
    pub id: String,
    pub item_id: String,
    pub position: i32,
    pub verb: String,
    pub text: String,
    /// JSON array of strings: the numbered parts.
    pub parts: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub version: i32,
}

impl OutcomeRow {
    pub fn parts(&self) -> Vec<String> {
        serde_json::from_str(&self.parts).unwrap_or_default()
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = declarations, treat_none_as_null = true)]
pub struct DeclarationRow {
    pub id: String,
    pub item_id: String,
    pub person_id: String,
    pub nature: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub version: i32,
    /// `disclosable_pecuniary`, `other_registrable`, `non_registrable`;
    /// none for declarations recorded without a kind.
    pub kind: Option<String>,
    /// The member withdrew from the meeting for the item.
    pub withdrew: bool,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = actions, treat_none_as_null = true)]
pub struct ActionRow {
    pub id: String,
    pub item_id: String,
    pub description: String,
    pub owner: Option<String>,
    pub due_date: Option<NaiveDate>,
    pub status: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub version: i32,
}

pub fn insert_outcome(conn: &mut DbConn, actor: &Actor, row: &OutcomeRow) -> AppResult<()> {
    insert_row!(outcomes, conn, actor, "outcome", row)
}
pub fn save_outcome(
    conn: &mut DbConn,
    actor: &Actor,
    action: &str,
    before: &OutcomeRow,
    row: &mut OutcomeRow,
) -> AppResult<()> {
    save_row!(outcomes, conn, actor, "outcome", action, before, row)
}
pub fn get_outcome(conn: &mut DbConn, id: &str) -> AppResult<OutcomeRow> {
    outcomes::table
        .find(id)
        .filter(outcomes::deleted_at.is_null())
        .select(OutcomeRow::as_select())
        .get_result(conn)
        .or_not_found("outcome")
}
pub fn next_outcome_position(conn: &mut DbConn, item_id: &str) -> AppResult<i32> {
    let max: Option<i32> = outcomes::table
        .filter(outcomes::item_id.eq(item_id))
        .select(diesel::dsl::max(outcomes::position))
        .get_result(conn)?;
    Ok(max.unwrap_or(0) + 1)
}

pub fn insert_declaration(conn: &mut DbConn, actor: &Actor, row: &DeclarationRow) -> AppResult<()> {
    insert_row!(declarations, conn, actor, "declaration", row)
}
pub fn save_declaration(
    conn: &mut DbConn,
    actor: &Actor,
    action: &str,
    before: &DeclarationRow,
    row: &mut DeclarationRow,
) -> AppResult<()> {
    save_row!(
        declarations,
        conn,
        actor,
        "declaration",
        action,
        before,
        row
    )
}
pub fn get_declaration(conn: &mut DbConn, id: &str) -> AppResult<DeclarationRow> {
    declarations::table
        .find(id)
        .filter(declarations::deleted_at.is_null())
        .select(DeclarationRow::as_select())
        .get_result(conn)
        .or_not_found("declaration")
}

pub fn insert_action(conn: &mut DbConn, actor: &Actor, row: &ActionRow) -> AppResult<()> {
    insert_row!(actions, conn, actor, "action", row)
}
pub fn save_action(
    conn: &mut DbConn,
    actor: &Actor,
    action: &str,
    before: &ActionRow,
    row: &mut ActionRow,
) -> AppResult<()> {
    save_row!(actions, conn, actor, "action", action, before, row)
}
pub fn get_action(conn: &mut DbConn, id: &str) -> AppResult<ActionRow> {
    actions::table
        .find(id)
        .filter(actions::deleted_at.is_null())
        .select(ActionRow::as_select())
        .get_result(conn)
        .or_not_found("action")
}

/// Everything recorded against a set of items, three queries whatever their
/// number.
#[derive(Default)]
pub struct ItemRecords {
    pub outcomes: Vec<OutcomeRow>,
    pub declarations: Vec<DeclarationRow>,
    pub actions: Vec<ActionRow>,
}

pub fn for_items(conn: &mut DbConn, which: ItemsOf<'_>) -> AppResult<ItemRecords> {
    if let ItemsOf::Ids([]) = which {
        return Ok(ItemRecords {
            outcomes: Vec::new(),
            declarations: Vec::new(),
            actions: Vec::new(),
        });
    }
    let outcomes = load_of_items!(conn, which, outcomes::item_id, |f| outcomes::table
        .filter(f)
        .filter(outcomes::deleted_at.is_null())
        .order((outcomes::position.asc(), outcomes::created_at.asc()))
        .select(OutcomeRow::as_select()))?;
    let declarations = load_of_items!(conn, which, declarations::item_id, |f| {
        declarations::table
            .filter(f)
            .filter(declarations::deleted_at.is_null())
            .order(declarations::created_at.asc())
            .select(DeclarationRow::as_select())
    })?;
    let actions = load_of_items!(conn, which, actions::item_id, |f| actions::table
        .filter(f)
        .filter(actions::deleted_at.is_null())
        .order(actions::created_at.asc())
        .select(ActionRow::as_select()))?;
    Ok(ItemRecords {
        outcomes,
        declarations,
        actions,
    })
}

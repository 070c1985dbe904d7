//! Votes on items and, for a recorded vote, how each member voted.

use super::items::{load_of_items, ItemsOf};
use super::{insert_row, save_row, OrNotFound};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use minutebook_domain::access::Actor;
use minutebook_ground::db::schema::{vote_records, votes};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;
use serde::Serialize;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = votes, treat_none_as_null = true)]
pub struct VoteRow {
    pub id: String,
    pub item_id: String,
    pub outcome_id: Option<String>,
    pub position: i32,
    /// `show_of_hands` or `recorded`.
    pub kind: String,
    pub motion: Option<String>,
    pub for_count: i32,
    pub against_count: i32,
    pub abstained_count: i32,
    /// `for` or `against`: the chair's casting vote on a tie.
    pub casting_vote: Option<String>,
    pub casting_person_id: Option<String>,
    /// `carried` or `lost`.
    pub result: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub version: i32,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, Serialize)]
#[diesel(table_name = vote_records)]
pub struct VoteRecordRow {
    pub id: String,
    pub vote_id: String,
    pub person_id: String,
    /// `for`, `against` or `abstain`.
    pub vote: String,
    pub position: i32,
}

/// A vote with the names recorded for it.
#[derive(Debug, Clone)]
pub struct VoteWithNames {
    pub vote: VoteRow,
    pub named: Vec<VoteRecordRow>,
}

/// Inserts a vote and its names (one row at a time: the connection enum
/// has no multi-row insert), audited as one creation.
pub fn insert(
    conn: &mut DbConn,
    actor: &Actor,
    row: &VoteRow,
    named: &[VoteRecordRow],
) -> AppResult<()> {
    insert_row!(votes, conn, actor, "vote", row)?;
    for r in named {
        diesel::insert_into(vote_records::table)
            .values(r.clone())
            .execute(conn)?;
    }
    Ok(())
}

pub fn save(
    conn: &mut DbConn,
    actor: &Actor,
    action: &str,
    before: &VoteRow,
    row: &mut VoteRow,
) -> AppResult<()> {
    save_row!(votes, conn, actor, "vote", action, before, row)
}

pub fn get(conn: &mut DbConn, id: &str) -> AppResult<VoteRow> {
    votes::table
        .find(id)
        .filter(votes::deleted_at.is_null())
        .select(VoteRow::as_select())
        .get_result(conn)
        .or_not_found("vote")
}

pub fn next_position(conn: &mut DbConn, item_id: &str) -> AppResult<i32> {
    let max: Option<i32> = votes::table
        .filter(votes::item_id.eq(item_id))
        .select(diesel::dsl::max(votes::position))
        .get_result(conn)?;
    Ok(max.unwrap_or(0) + 1)
}

/// The live votes on a set of items with their names, in one query.
pub fn for_items(conn: &mut DbConn, which: ItemsOf<'_>) -> AppResult<Vec<VoteWithNames>> {
    if let ItemsOf::Ids([]) = which {
        return Ok(Vec::new());
    }
    let rows: Vec<(VoteRow, Option<VoteRecordRow>)> =
        load_of_items!(conn, which, votes::item_id, |f| {
            votes::table
                .left_join(vote_records::table)
                .filter(f)
                .filter(votes::deleted_at.is_null())
                .order((
                    votes::item_id.asc(),
                    votes::position.asc(),
                    votes::id.asc(),
                    vote_records::position.asc(),
                ))
                .select((VoteRow::as_select(), Option::<VoteRecordRow>::as_select()))
        })?;
    let mut out: Vec<VoteWithNames> = Vec::new();
    for (vote, record) in rows {
        match out.last_mut() {
            Some(last) if last.vote.id == vote.id => last.named.extend(record),
            _ => out.push(VoteWithNames {
                vote,
                named: record.into_iter().collect(),
            }),
        }
    }
    Ok(out)
}

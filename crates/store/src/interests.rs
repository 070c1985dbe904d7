//! The register of members' interests: categories, entries, gifts and
//! hospitality, dispensations; and what the 28-day duty reads.

use super::{insert_row, save_row, OrNotFound};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use minutebook_domain::access::Actor;
use minutebook_ground::db::schema::{
    declarations, dispensations, gifts, interest_categories, interests, items, meetings,
};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;
use serde::Serialize;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = interest_categories, treat_none_as_null = true)]
pub struct CategoryRow {
    pub code: String,
    pub name: String,
    /// One of the seven disclosable pecuniary interest categories (or a
    /// code's equivalent): a member with one in an item may not take part.
    pub disclosable: bool,
    pub position: i32,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub retired_at: Option<NaiveDateTime>,
    pub version: i32,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = interests, treat_none_as_null = true)]
pub struct InterestRow {
    pub id: String,
    pub person_id: String,
    pub category: String,
    pub description: String,
    pub whose: String,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub notified_on: NaiveDate,
    pub sensitive: bool,
    pub declaration_id: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub version: i32,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = gifts, treat_none_as_null = true)]
pub struct GiftRow {
    pub id: String,
    pub person_id: String,
    pub donor: String,
    pub description: String,
    pub value_pence: Option<i64>,
    pub received_on: NaiveDate,
    pub notified_on: Option<NaiveDate>,
    pub accepted: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub version: i32,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = dispensations, treat_none_as_null = true)]
pub struct DispensationRow {
    pub id: String,
    pub person_id: String,
    pub scope: String,
    pub body_id: Option<String>,
    pub item_id: Option<String>,
    pub grounds: String,
    pub granted_by: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub version: i32,
}

/// Every category, in the register's order.
pub fn categories(conn: &mut DbConn) -> AppResult<Vec<CategoryRow>> {
    Ok(interest_categories::table
        .order((
            interest_categories::position.asc(),
            interest_categories::code.asc(),
        ))
        .select(CategoryRow::as_select())
        .load(conn)?)
}

pub fn insert_category(conn: &mut DbConn, row: &CategoryRow) -> AppResult<()> {
    diesel::insert_into(interest_categories::table)
        .values(row.clone())
        .execute(conn)?;
    Ok(())
}

pub fn insert_interest(conn: &mut DbConn, actor: &Actor, row: &InterestRow) -> AppResult<()> {
    insert_row!(interests, conn, actor, "interest", row)
}

pub fn save_interest(
    conn: &mut DbConn,
    actor: &Actor,
    before: &InterestRow,
    row: &mut InterestRow,
) -> AppResult<()> {
    save_row!(interests, conn, actor, "interest", "update", before, row)
}

pub fn get_interest(conn: &mut DbConn, id: &str) -> AppResult<InterestRow> {
    interests::table
        .find(id)
        .filter(interests::deleted_at.is_null())
        .select(InterestRow::as_select())
        .get_result(conn)
        .or_not_found("interest")
}

/// A person's entries (all of them, or only those not ended by `open_on`),
/// in category then notification order.
pub fn interests_of(
    conn: &mut DbConn,
    person_id: &str,
    open_on: Option<NaiveDate>,
) -> AppResult<Vec<InterestRow>> {
    let mut q = interests::table
        .filter(interests::person_id.eq(person_id))
        .filter(interests::deleted_at.is_null())
        .into_boxed();
    if let Some(d) = open_on {
        q = q.filter(interests::end_date.is_null().or(interests::end_date.ge(d)));
    }
    Ok(q.order((
        interests::category.asc(),
        interests::notified_on.asc(),
        interests::created_at.asc(),
        interests::id.asc(),
    ))
    .select(InterestRow::as_select())
    .load(conn)?)
}

pub fn insert_gift(conn: &mut DbConn, actor: &Actor, row: &GiftRow) -> AppResult<()> {
    insert_row!(gifts, conn, actor, "gift", row)
}

pub fn gifts_of(conn: &mut DbConn, person_id: &str) -> AppResult<Vec<GiftRow>> {
    Ok(gifts::table
        .filter(gifts::person_id.eq(person_id))
        .filter(gifts::deleted_at.is_null())
        .order((gifts::received_on.desc(), gifts::id.asc()))
        .select(GiftRow::as_select())
        .load(conn)?)
}

pub fn insert_dispensation(
    conn: &mut DbConn,
    actor: &Actor,
    row: &DispensationRow,
) -> AppResult<()> {
    insert_row!(dispensations, conn, actor, "dispensation", row)
}

/// The live dispensations of these people.
pub fn dispensations_of(conn: &mut DbConn, people: &[String]) -> AppResult<Vec<DispensationRow>> {
    if people.is_empty() {
        return Ok(Vec::new());
    }
    Ok(dispensations::table
        .filter(dispensations::person_id.eq_any(people))
        .filter(dispensations::deleted_at.is_null())
        .order((dispensations::start_date.desc(), dispensations::id.asc()))
        .select(DispensationRow::as_select())
        .load(conn)?)
}

/// A declaration of a disclosable pecuniary interest made at a meeting.
#[derive(Debug, Clone, Queryable)]
pub struct DpiDeclaration {
    pub declaration_id: String,
    pub person_id: String,
    pub nature: String,
    pub meeting_id: String,
    pub starts_at: NaiveDateTime,
}

/// Declarations of disclosable pecuniary interests at meetings that were
/// held (not drafts, not cancelled, not deleted), by anyone.
pub fn dpi_declarations(conn: &mut DbConn) -> AppResult<Vec<DpiDeclaration>> {
    Ok(declarations::table
        .inner_join(items::table.inner_join(meetings::table))
        .filter(declarations::deleted_at.is_null())
        .filter(declarations::kind.eq("disclosable_pecuniary"))
        .filter(items::deleted_at.is_null())
        .filter(meetings::deleted_at.is_null())
        .filter(meetings::status.ne_all(["draft", "cancelled"]))
        .select((
            declarations::id,
            declarations::person_id,
            declarations::nature,
            meetings::id,
            meetings::starts_at,
        ))
        .load(conn)?)
}

/// Every live entry of a disclosable category, of anyone (for the 28-day
/// duty: whether a declared interest is on the register).
pub fn disclosable_entries(conn: &mut DbConn) -> AppResult<Vec<InterestRow>> {
    Ok(interests::table
        .inner_join(interest_categories::table)
        .filter(interests::deleted_at.is_null())
        .filter(interest_categories::disclosable.eq(true))
        .select(InterestRow::as_select())
        .load(conn)?)
}

/// These dispensations (deleted ones left out).
pub fn dispensations_by_ids(conn: &mut DbConn, ids: &[String]) -> AppResult<Vec<DispensationRow>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(dispensations::table
        .filter(dispensations::id.eq_any(ids))
        .filter(dispensations::deleted_at.is_null())
        .select(DispensationRow::as_select())
        .load(conn)?)
}

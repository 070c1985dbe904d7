//! Councillors' wards, political groups, terms of office and photos.

use super::{insert_row, save_row, OrNotFound};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use minutebook_domain::access::Actor;
use minutebook_ground::db::schema::{parties, person_photos, terms_of_office, wards};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;
use serde::Serialize;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = wards, treat_none_as_null = true)]
pub struct WardRow {
    pub id: String,
    pub name: String,
    /// The ONS (GSS) code, e.g. `E05012345`.
    pub ons_code: Option<String>,
    /// When the ward came into being, and ended (a boundary change keeps
    /// the old ward, ended, so history still names it).
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    /// Set instead of deleting a ward that terms of office name.
    pub retired_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub version: i32,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = parties, treat_none_as_null = true)]
pub struct PartyRow {
    pub id: String,
    pub name: String,
    pub short_name: Option<String>,
    /// `#rrggbb`.
    pub colour: Option<String>,
    pub retired_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub version: i32,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = terms_of_office, treat_none_as_null = true)]
pub struct TermRow {
    pub id: String,
    pub person_id: String,
    pub ward_id: String,
    pub party_id: String,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub version: i32,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = person_photos)]
pub struct PhotoRow {
    pub person_id: String,
    pub content_type: String,
    pub width: i32,
    pub height: i32,
    pub sha256: String,
    pub bytes: Vec<u8>,
    pub updated_at: NaiveDateTime,
}

/// A photo's facts without its bytes.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = person_photos)]
pub struct PhotoInfo {
    pub person_id: String,
    pub sha256: String,
}

pub fn insert_ward(conn: &mut DbConn, actor: &Actor, row: &WardRow) -> AppResult<()> {
    insert_row!(wards, conn, actor, "ward", row)
}

pub fn save_ward(
    conn: &mut DbConn,
    actor: &Actor,
    action: &str,
    before: &WardRow,
    row: &mut WardRow,
) -> AppResult<()> {
    save_row!(wards, conn, actor, "ward", action, before, row)
}

pub fn get_ward(conn: &mut DbConn, id: &str) -> AppResult<WardRow> {
    wards::table
        .find(id)
        .filter(wards::deleted_at.is_null())
        .select(WardRow::as_select())
        .get_result(conn)
        .or_not_found("ward")
}

/// Every ward not deleted, by name (retired ones too: history names them).
pub fn list_wards(conn: &mut DbConn) -> AppResult<Vec<WardRow>> {
    Ok(wards::table
        .filter(wards::deleted_at.is_null())
        .order((wards::name.asc(), wards::id.asc()))
        .select(WardRow::as_select())
        .load(conn)?)
}

pub fn insert_party(conn: &mut DbConn, actor: &Actor, row: &PartyRow) -> AppResult<()> {
    insert_row!(parties, conn, actor, "party", row)
}

pub fn save_party(
    conn: &mut DbConn,
    actor: &Actor,
    action: &str,
    before: &PartyRow,
    row: &mut PartyRow,
) -> AppResult<()> {
    save_row!(parties, conn, actor, "party", action, before, row)
}

pub fn get_party(conn: &mut DbConn, id: &str) -> AppResult<PartyRow> {
    parties::table
        .find(id)
        .filter(parties::deleted_at.is_null())
        .select(PartyRow::as_select())
        .get_result(conn)
        .or_not_found("party")
}

pub fn list_parties(conn: &mut DbConn) -> AppResult<Vec<PartyRow>> {
    Ok(parties::table
        .filter(parties::deleted_at.is_null())
        .order((parties::name.asc(), parties::id.asc()))
        .select(PartyRow::as_select())
        .load(conn)?)
}

pub fn insert_term(conn: &mut DbConn, actor: &Actor, row: &TermRow) -> AppResult<()> {
    insert_row!(terms_of_office, conn, actor, "term_of_office", row)
}

pub fn save_term(
    conn: &mut DbConn,
    actor: &Actor,
    action: &str,
    before: &TermRow,
    row: &mut TermRow,
) -> AppResult<()> {
    save_row!(
        terms_of_office,
        conn,
        actor,
        "term_of_office",
        action,
        before,
        row
    )
}

pub fn get_term(conn: &mut DbConn, id: &str) -> AppResult<TermRow> {
    terms_of_office::table
        .find(id)
        .filter(terms_of_office::deleted_at.is_null())
        .select(TermRow::as_select())
        .get_result(conn)
        .or_not_found("term of office")
}

/// A person's terms, oldest first.
pub fn terms_of(conn: &mut DbConn, person_id: &str) -> AppResult<Vec<TermRow>> {
    Ok(terms_of_office::table
        .filter(terms_of_office::person_id.eq(person_id))
        .filter(terms_of_office::deleted_at.is_null())
        .order((terms_of_office::start_date.asc(), terms_of_office::id.asc()))
        .select(TermRow::as_select())
        .load(conn)?)
}

/// The terms of these people (all of them when `people` is `None`), oldest
/// first.
pub fn terms_of_many(conn: &mut DbConn, people: Option<&[String]>) -> AppResult<Vec<TermRow>> {
    let mut q = terms_of_office::table
        .filter(terms_of_office::deleted_at.is_null())
        .into_boxed();
    if let Some(ids) = people {
        q = q.filter(terms_of_office::person_id.eq_any(ids));
    }
    Ok(
        q.order((terms_of_office::start_date.asc(), terms_of_office::id.asc()))
            .select(TermRow::as_select())
            .load(conn)?,
    )
}

/// Whether any live term names the ward (or party): then it is retired, not
/// deleted.
pub fn ward_in_use(conn: &mut DbConn, ward_id: &str) -> AppResult<bool> {
    Ok(terms_of_office::table
        .filter(terms_of_office::ward_id.eq(ward_id))
        .filter(terms_of_office::deleted_at.is_null())
        .count()
        .get_result::<i64>(conn)?
        > 0)
}

pub fn party_in_use(conn: &mut DbConn, party_id: &str) -> AppResult<bool> {
    Ok(terms_of_office::table
        .filter(terms_of_office::party_id.eq(party_id))
        .filter(terms_of_office::deleted_at.is_null())
        .count()
        .get_result::<i64>(conn)?
        > 0)
}

/// Keeps (or replaces) a person's photo.
pub fn put_photo(conn: &mut DbConn, row: &PhotoRow) -> AppResult<()> {
    diesel::delete(person_photos::table.find(&row.person_id)).execute(conn)?;
    diesel::insert_into(person_photos::table)
        .values(row.clone())
        .execute(conn)?;
    Ok(())
}

pub fn get_photo(conn: &mut DbConn, person_id: &str) -> AppResult<PhotoRow> {
    person_photos::table
        .find(person_id)
        .select(PhotoRow::as_select())
        .get_result(conn)
        .or_not_found("photo")
}

/// Which of these people have a photo, and its hash (for URLs that change
/// with it).
pub fn photos_of(conn: &mut DbConn, people: &[String]) -> AppResult<Vec<PhotoInfo>> {
    if people.is_empty() {
        return Ok(Vec::new());
    }
    Ok(person_photos::table
        .filter(person_photos::person_id.eq_any(people))
        .select(PhotoInfo::as_select())
        .load(conn)?)
}

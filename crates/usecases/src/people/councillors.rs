//! Wards, political groups and councillors' terms of office. A ward or a
//! party that a term names is retired, never deleted, so history keeps it.

use chrono::NaiveDate;
use minutebook_domain::access::Actor;
use minutebook_domain::councillors::{check_new_term, Span};
use minutebook_domain::precondition::IfMatch;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_store::councillors::{PartyRow, TermRow, WardRow};
use minutebook_store::{self as store, parse_id};

/// A ward's details, checked for form by the caller.
#[derive(Debug, Clone, Default)]
pub struct WardDetails {
    pub name: Option<String>,
    pub ons_code: Option<Option<String>>,
    pub start_date: Option<Option<NaiveDate>>,
    pub end_date: Option<Option<NaiveDate>>,
    /// Retire (`true`: no longer offered for new terms, kept for the
    /// terms that name it) or bring back (`false`).
    pub retired: Option<bool>,
}

/// When a retired ward or party was retired, after a change that says
/// whether it is: kept when it stays retired, now when it becomes so.
fn retired_at(
    was: Option<chrono::NaiveDateTime>,
    retired: Option<bool>,
) -> Option<chrono::NaiveDateTime> {
    match retired {
        None => was,
        Some(false) => None,
        Some(true) => Some(was.unwrap_or_else(store::now)),
    }
}

fn dates_in_order(start: Option<NaiveDate>, end: Option<NaiveDate>) -> AppResult<()> {
    match (start, end) {
        (Some(s), Some(e)) if e < s => {
            Err(AppError::field("end_date", "must not be before start_date"))
        }
        _ => Ok(()),
    }
}

pub fn create_ward(
    conn: &mut DbConn,
    actor: &Actor,
    name: String,
    d: WardDetails,
) -> AppResult<WardRow> {
    let now = store::now();
    let row = WardRow {
        id: store::new_id(),
        name,
        ons_code: d.ons_code.flatten(),
        start_date: d.start_date.flatten(),
        end_date: d.end_date.flatten(),
        retired_at: None,
        created_at: now,
        updated_at: now,
        deleted_at: None,
        version: 1,
    };
    dates_in_order(row.start_date, row.end_date)?;
    store::councillors::insert_ward(conn, actor, &row)?;
    Ok(row)
}

pub fn change_ward(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    if_match: &IfMatch,
    d: WardDetails,
) -> AppResult<WardRow> {
    let before = store::councillors::get_ward(conn, id)?;
    if_match.check(before.version)?;
    let mut row = before.clone();
    if let Some(v) = d.name {
        row.name = v;
    }
    if let Some(v) = d.ons_code {
        row.ons_code = v;
    }
    if let Some(v) = d.start_date {
        row.start_date = v;
    }
    if let Some(v) = d.end_date {
        row.end_date = v;
    }
    row.retired_at = retired_at(row.retired_at, d.retired);
    dates_in_order(row.start_date, row.end_date)?;
    store::councillors::save_ward(conn, actor, "update", &before, &mut row)?;
    Ok(row)
}

/// Deletes a ward no term of office names. One that a term names is
/// part of the record: refused (`409`), to be retired instead.
pub fn remove_ward(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    if_match: &IfMatch,
) -> AppResult<()> {
    let before = store::councillors::get_ward(conn, id)?;
    if_match.check(before.version)?;
    if store::councillors::ward_in_use(conn, id)? {
        return Err(AppError::Conflict(
            "terms of office name this ward, so it stays on the record; retire it instead (PATCH {\"retired\": true}): it is then no longer offered for new terms".into(),
        ));
    }
    let mut row = before.clone();
    row.deleted_at = Some(store::now());
    store::councillors::save_ward(conn, actor, "delete", &before, &mut row)
}

/// A party's details, checked for form by the caller.
#[derive(Debug, Clone, Default)]
pub struct PartyDetails {
    pub name: Option<String>,
    pub short_name: Option<Option<String>>,
    pub colour: Option<Option<String>>,
    /// Retire or bring back, as for a ward.
    pub retired: Option<bool>,
}

pub fn create_party(
    conn: &mut DbConn,
    actor: &Actor,
    name: String,
    d: PartyDetails,
) -> AppResult<PartyRow> {
    let now = store::now();
    let row = PartyRow {
        id: store::new_id(),
        name,
        short_name: d.short_name.flatten(),
        colour: d.colour.flatten(),
        retired_at: None,
        created_at: now,
        updated_at: now,
        deleted_at: None,
        version: 1,
    };
    store::councillors::insert_party(conn, actor, &row)?;
    Ok(row)
}

pub fn change_party(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    if_match: &IfMatch,
    d: PartyDetails,
) -> AppResult<PartyRow> {
    let before = store::councillors::get_party(conn, id)?;
    if_match.check(before.version)?;
    let mut row = before.clone();
    if let Some(v) = d.name {
        row.name = v;
    }
    if let Some(v) = d.short_name {
        row.short_name = v;
    }
    if let Some(v) = d.colour {
        row.colour = v;
    }
    row.retired_at = retired_at(row.retired_at, d.retired);
    store::councillors::save_party(conn, actor, "update", &before, &mut row)?;
    Ok(row)
}

/// Deletes a party no term of office names. One that a term names is
/// part of the record: refused (`409`), to be retired instead.
pub fn remove_party(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    if_match: &IfMatch,
) -> AppResult<()> {
    let before = store::councillors::get_party(conn, id)?;
    if_match.check(before.version)?;
    if store::councillors::party_in_use(conn, id)? {
        return Err(AppError::Conflict(
            "terms of office name this party, so it stays on the record; retire it instead (PATCH {\"retired\": true}): it is then no longer offered for new terms".into(),
        ));
    }
    let mut row = before.clone();
    row.deleted_at = Some(store::now());
    store::councillors::save_party(conn, actor, "delete", &before, &mut row)
}

/// A new term of office, its fields checked for form by the caller.
#[derive(Debug, Clone)]
pub struct NewTerm {
    pub ward_id: String,
    pub party_id: String,
    pub start_date: NaiveDate,
    pub end_date: Option<NaiveDate>,
}

fn span(t: &TermRow) -> Span {
    Span {
        start: t.start_date,
        end: t.end_date,
    }
}

/// Checks that the ward and party exist and are not retired.
fn check_ward_and_party(
    conn: &mut DbConn,
    ward_id: &str,
    party_id: &str,
) -> AppResult<(String, String)> {
    let ward = parse_id(ward_id, "ward")
        .and_then(|id| store::councillors::get_ward(conn, &id))
        .map_err(|_| AppError::field("ward_id", "no ward with that id"))?;
    if ward.retired_at.is_some() {
        return Err(AppError::field("ward_id", "that ward is retired"));
    }
    let party = parse_id(party_id, "party")
        .and_then(|id| store::councillors::get_party(conn, &id))
        .map_err(|_| AppError::field("party_id", "no party with that id"))?;
    if party.retired_at.is_some() {
        return Err(AppError::field("party_id", "that party is retired"));
    }
    Ok((ward.id, party.id))
}

/// Adds a term of office: a councillor holds one seat at a time.
pub fn add_term(
    conn: &mut DbConn,
    actor: &Actor,
    person_id: &str,
    new: NewTerm,
) -> AppResult<TermRow> {
    let person = store::people::get(conn, person_id)?;
    let (ward_id, party_id) = check_ward_and_party(conn, &new.ward_id, &new.party_id)?;
    let existing: Vec<Span> = store::councillors::terms_of(conn, &person.id)?
        .iter()
        .map(span)
        .collect();
    let candidate = Span {
        start: new.start_date,
        end: new.end_date,
    };
    check_new_term(&existing, &candidate).map_err(|m| AppError::field("start_date", m))?;
    let now = store::now();
    let row = TermRow {
        id: store::new_id(),
        person_id: person.id,
        ward_id,
        party_id,
        start_date: new.start_date,
        end_date: new.end_date,
        created_at: now,
        updated_at: now,
        deleted_at: None,
        version: 1,
    };
    store::councillors::insert_term(conn, actor, &row)?;
    Ok(row)
}

/// A change to a term (a party switch is a new term; this mends dates or
/// ends one): `None` leaves a field.
#[derive(Debug, Clone, Default)]
pub struct TermChange {
    pub ward_id: Option<String>,
    pub party_id: Option<String>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<Option<NaiveDate>>,
}

pub fn change_term(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    if_match: &IfMatch,
    change: TermChange,
) -> AppResult<TermRow> {
    let before = store::councillors::get_term(conn, id)?;
    if_match.check(before.version)?;
    let mut row = before.clone();
    if change.ward_id.is_some() || change.party_id.is_some() {
        let ward = change.ward_id.unwrap_or_else(|| row.ward_id.clone());
        let party = change.party_id.unwrap_or_else(|| row.party_id.clone());
        (row.ward_id, row.party_id) = check_ward_and_party(conn, &ward, &party)?;
    }
    if let Some(v) = change.start_date {
        row.start_date = v;
    }
    if let Some(v) = change.end_date {
        row.end_date = v;
    }
    let others: Vec<Span> = store::councillors::terms_of(conn, &row.person_id)?
        .iter()
        .filter(|t| t.id != row.id)
        .map(span)
        .collect();
    check_new_term(&others, &span(&row)).map_err(|m| AppError::field("start_date", m))?;
    store::councillors::save_term(conn, actor, "update", &before, &mut row)?;
    Ok(row)
}

/// Removes a term entered in error (kept as a tombstone).
pub fn remove_term(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    if_match: &IfMatch,
) -> AppResult<()> {
    let before = store::councillors::get_term(conn, id)?;
    if_match.check(before.version)?;
    let mut row = before.clone();
    row.deleted_at = Some(store::now());
    store::councillors::save_term(conn, actor, "delete", &before, &mut row)
}

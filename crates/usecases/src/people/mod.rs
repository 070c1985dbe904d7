//! People and their places on bodies: register a person, change their
//! details, add a membership. The API and the importer call these inside
//! their write transaction. Councillors' wards, parties and terms of office
//! are in `councillors`, their photos in `photo`.

pub mod absences;
pub mod councillors;
pub mod interests;
pub mod load;
pub mod photo;

use chrono::NaiveDate;
use minutebook_domain::access::Actor;
use minutebook_domain::precondition::IfMatch;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_store::memberships::MembershipRow;
use minutebook_store::people::PersonRow;
use minutebook_store::{self as store, parse_id};

/// Registers a person (their fields already checked for form).
pub fn register(conn: &mut DbConn, actor: &Actor, row: PersonRow) -> AppResult<PersonRow> {
    store::people::insert(conn, actor, &row)?;
    Ok(row)
}

/// A change to a person's details: `None` leaves a field; `Some(None)`
/// clears it.
#[derive(Debug, Clone, Default)]
pub struct PersonChange {
    pub name: Option<String>,
    pub honorific: Option<Option<String>>,
    pub organisation: Option<Option<String>>,
    pub email: Option<Option<String>>,
    pub title: Option<Option<String>>,
    pub given_name: Option<Option<String>>,
    pub family_name: Option<Option<String>>,
    pub public_email: Option<Option<String>>,
    pub public_phone: Option<Option<String>>,
    pub public_address: Option<Option<String>>,
    pub biography: Option<Option<String>>,
    /// Posts held, replacing the list.
    pub posts: Option<Vec<String>>,
    /// The member notified their register of interests complete (a nil
    /// return too) on this date.
    pub register_notified_on: Option<Option<chrono::NaiveDate>>,
}

/// Applies a change to a row (the fields it names).
pub fn apply_change(row: &mut PersonRow, change: PersonChange) {
    fn set<T>(field: &mut T, v: Option<T>) {
        if let Some(v) = v {
            *field = v;
        }
    }
    set(&mut row.name, change.name);
    set(&mut row.honorific, change.honorific);
    set(&mut row.organisation, change.organisation);
    set(&mut row.email, change.email);
    set(&mut row.title, change.title);
    set(&mut row.given_name, change.given_name);
    set(&mut row.family_name, change.family_name);
    set(&mut row.public_email, change.public_email);
    set(&mut row.public_phone, change.public_phone);
    set(&mut row.public_address, change.public_address);
    set(&mut row.biography, change.biography);
    set(&mut row.register_notified_on, change.register_notified_on);
    if let Some(posts) = change.posts {
        row.posts = if posts.is_empty() {
            None
        } else {
            Some(serde_json::Value::from(posts).to_string())
        };
    }
}

/// Changes a person's details (`If-Match` checked), audited.
pub fn change(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    if_match: &IfMatch,
    change: PersonChange,
) -> AppResult<PersonRow> {
    let before = store::people::get(conn, id)?;
    if_match.check(before.version)?;
    let mut row = before.clone();
    apply_change(&mut row, change);
    store::people::save(conn, actor, &before, &mut row)?;
    Ok(row)
}

/// A new membership, its fields already checked for form.
#[derive(Debug, Clone)]
pub struct NewMembership {
    pub person_id: String,
    /// One of `vocab::MEMBERSHIP_ROLES`.
    pub role: String,
    pub organisation: Option<String>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
}

/// Adds a person to the body `body_key` (id or slug) in a role.
pub fn add_membership(
    conn: &mut DbConn,
    actor: &Actor,
    body_key: &str,
    new: NewMembership,
) -> AppResult<MembershipRow> {
    let body = store::bodies::get(conn, body_key)?;
    let person_id = parse_id(&new.person_id, "person")
        .ok()
        .filter(|p| store::people::exists(conn, p).unwrap_or(false))
        .ok_or_else(|| AppError::field("person_id", "no person with that id"))?;
    let now = store::now();
    let row = MembershipRow {
        id: store::new_id(),
        body_id: body.id,
        person_id,
        role: new.role,
        organisation: new.organisation,
        start_date: new.start_date,
        end_date: new.end_date,
        created_at: now,
        updated_at: now,
        deleted_at: None,
        version: 1,
    };
    store::memberships::insert(conn, actor, &row)?;
    Ok(row)
}

/// A change to a membership: `None` leaves a field; `Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct MembershipChange {
    pub role: Option<String>,
    pub organisation: Option<Option<String>>,
    pub start_date: Option<Option<NaiveDate>>,
    pub end_date: Option<Option<NaiveDate>>,
}

/// Changes a membership (`If-Match` checked): it may not end before it
/// starts.
pub fn change_membership(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    if_match: &IfMatch,
    change: MembershipChange,
) -> AppResult<MembershipRow> {
    let before = store::memberships::get(conn, id)?;
    if_match.check(before.version)?;
    let mut row = before.clone();
    if let Some(v) = change.role {
        row.role = v;
    }
    if let Some(v) = change.organisation {
        row.organisation = v;
    }
    if let Some(v) = change.start_date {
        row.start_date = v;
    }
    if let Some(v) = change.end_date {
        row.end_date = v;
    }
    if let (Some(s), Some(e)) = (row.start_date, row.end_date) {
        if e < s {
            return Err(AppError::field("end_date", "must not be before start_date"));
        }
    }
    store::memberships::save(conn, actor, "update", &before, &mut row)?;
    Ok(row)
}

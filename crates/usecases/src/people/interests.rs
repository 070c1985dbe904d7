//! The register of members' interests: entries (closed, never deleted),
//! gifts and hospitality, dispensations, and the categories (data: Welsh
//! and Scottish codes differ).

use chrono::NaiveDate;
use minutebook_domain::access::Actor;
use minutebook_domain::interests::{check_dispensation_dates, WHOSE};
use minutebook_domain::precondition::IfMatch;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_store::interests::{CategoryRow, DispensationRow, GiftRow, InterestRow};
use minutebook_store::{self as store, parse_id};

/// A new entry, its fields checked for form by the caller.
#[derive(Debug, Clone)]
pub struct NewInterest {
    pub category: String,
    pub description: String,
    pub whose: String,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub notified_on: NaiveDate,
    pub sensitive: bool,
    pub declaration_id: Option<String>,
}

fn check_category(conn: &mut DbConn, code: &str) -> AppResult<()> {
    let known = store::interests::categories(conn)?;
    match known.iter().find(|c| c.code == code) {
        Some(c) if c.retired_at.is_none() => Ok(()),
        Some(_) => Err(AppError::field("category", "that category is retired")),
        None => Err(AppError::field(
            "category",
            format!(
                "must be one of: {}",
                known
                    .iter()
                    .filter(|c| c.retired_at.is_none())
                    .map(|c| c.code.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )),
    }
}

fn check_entry(row: &InterestRow) -> AppResult<()> {
    if !WHOSE.contains(&row.whose.as_str()) {
        return Err(AppError::field(
            "whose",
            "must be member or spouse_or_partner",
        ));
    }
    if let (Some(s), Some(e)) = (row.start_date, row.end_date) {
        if e < s {
            return Err(AppError::field("end_date", "must not be before start_date"));
        }
    }
    Ok(())
}

/// Notes a notification on the member's register (the 28-day duty).
fn notified(conn: &mut DbConn, actor: &Actor, person_id: &str, on: NaiveDate) -> AppResult<()> {
    let before = store::people::get(conn, person_id)?;
    if before.register_notified_on.is_some_and(|d| d >= on) {
        return Ok(());
    }
    let mut row = before.clone();
    row.register_notified_on = Some(on);
    store::people::save(conn, actor, &before, &mut row)
}

/// Adds an entry to a member's register.
pub fn add(
    conn: &mut DbConn,
    actor: &Actor,
    person_id: &str,
    new: NewInterest,
) -> AppResult<InterestRow> {
    let person = store::people::get(conn, person_id)?;
    check_category(conn, &new.category)?;
    if let Some(d) = &new.declaration_id {
        let id = parse_id(d, "declaration")
            .map_err(|_| AppError::field("declaration_id", "no declaration with that id"))?;
        let decl = store::minutes::get_declaration(conn, &id)
            .map_err(|_| AppError::field("declaration_id", "no declaration with that id"))?;
        if decl.person_id != person.id {
            return Err(AppError::field(
                "declaration_id",
                "that declaration is another member's",
            ));
        }
    }
    let now = store::now();
    let row = InterestRow {
        id: store::new_id(),
        person_id: person.id.clone(),
        category: new.category,
        description: new.description,
        whose: new.whose,
        start_date: new.start_date,
        end_date: new.end_date,
        notified_on: new.notified_on,
        sensitive: new.sensitive,
        declaration_id: new.declaration_id,
        created_at: now,
        updated_at: now,
        deleted_at: None,
        version: 1,
    };
    check_entry(&row)?;
    store::interests::insert_interest(conn, actor, &row)?;
    notified(conn, actor, &person.id, row.notified_on)?;
    Ok(row)
}

/// A change to an entry: `None` leaves a field. An entry is closed with an
/// `end_date`, never deleted.
#[derive(Debug, Clone, Default)]
pub struct Change {
    pub category: Option<String>,
    pub description: Option<String>,
    pub whose: Option<String>,
    pub start_date: Option<Option<NaiveDate>>,
    pub end_date: Option<Option<NaiveDate>>,
    pub notified_on: Option<NaiveDate>,
    pub sensitive: Option<bool>,
}

pub fn change(
    conn: &mut DbConn,
    actor: &Actor,
    person_id: &str,
    id: &str,
    if_match: &IfMatch,
    c: Change,
) -> AppResult<InterestRow> {
    let before = store::interests::get_interest(conn, id)?;
    if before.person_id != person_id {
        return Err(AppError::not_found("interest"));
    }
    if_match.check(before.version)?;
    let mut row = before.clone();
    if let Some(v) = c.category {
        check_category(conn, &v)?;
        row.category = v;
    }
    if let Some(v) = c.description {
        row.description = v;
    }
    if let Some(v) = c.whose {
        row.whose = v;
    }
    if let Some(v) = c.start_date {
        row.start_date = v;
    }
    if let Some(v) = c.end_date {
        row.end_date = v;
    }
    if let Some(v) = c.notified_on {
        row.notified_on = v;
    }
    if let Some(v) = c.sensitive {
        row.sensitive = v;
    }
    check_entry(&row)?;
    store::interests::save_interest(conn, actor, &before, &mut row)?;
    notified(conn, actor, person_id, row.notified_on)?;
    Ok(row)
}

/// A new gift or hospitality, its fields checked for form by the caller.
#[derive(Debug, Clone)]
pub struct NewGift {
    pub donor: String,
    pub description: String,
    pub value_pence: Option<i64>,
    pub received_on: NaiveDate,
    pub notified_on: Option<NaiveDate>,
    pub accepted: bool,
}

pub fn add_gift(
    conn: &mut DbConn,
    actor: &Actor,
    person_id: &str,
    g: NewGift,
) -> AppResult<GiftRow> {
    let person = store::people::get(conn, person_id)?;
    if g.notified_on.is_some_and(|n| n < g.received_on) {
        return Err(AppError::field(
            "notified_on",
            "must not be before received_on",
        ));
    }
    let now = store::now();
    let row = GiftRow {
        id: store::new_id(),
        person_id: person.id,
        donor: g.donor,
        description: g.description,
        value_pence: g.value_pence,
        received_on: g.received_on,
        notified_on: g.notified_on,
        accepted: g.accepted,
        created_at: now,
        updated_at: now,
        deleted_at: None,
        version: 1,
    };
    store::interests::insert_gift(conn, actor, &row)?;
    Ok(row)
}

/// A new dispensation, its fields checked for form by the caller.
#[derive(Debug, Clone)]
pub struct NewDispensation {
    pub scope: String,
    pub body_id: Option<String>,
    pub item_id: Option<String>,
    pub grounds: String,
    pub granted_by: String,
    pub start_date: NaiveDate,
    pub end_date: NaiveDate,
}

pub fn add_dispensation(
    conn: &mut DbConn,
    actor: &Actor,
    person_id: &str,
    d: NewDispensation,
) -> AppResult<DispensationRow> {
    let person = store::people::get(conn, person_id)?;
    check_dispensation_dates(d.start_date, d.end_date)
        .map_err(|m| AppError::field("end_date", m))?;
    let body_id = match d.body_id {
        Some(key) => Some(
            store::bodies::get(conn, &key)
                .map_err(|_| AppError::field("body_id", "no body with that id"))?
                .id,
        ),
        None => None,
    };
    let item_id = match d.item_id {
        Some(i) => Some(
            parse_id(&i, "item")
                .and_then(|i| store::items::get(conn, &i))
                .map_err(|_| AppError::field("item_id", "no item with that id"))?
                .id,
        ),
        None => None,
    };
    let now = store::now();
    let row = DispensationRow {
        id: store::new_id(),
        person_id: person.id,
        scope: d.scope,
        body_id,
        item_id,
        grounds: d.grounds,
        granted_by: d.granted_by,
        start_date: d.start_date,
        end_date: d.end_date,
        created_at: now,
        updated_at: now,
        deleted_at: None,
        version: 1,
    };
    store::interests::insert_dispensation(conn, actor, &row)?;
    Ok(row)
}

/// Adds a category (a code's own, beside the English ones).
pub fn add_category(
    conn: &mut DbConn,
    code: String,
    name: String,
    disclosable: bool,
) -> AppResult<CategoryRow> {
    let known = store::interests::categories(conn)?;
    if known.iter().any(|c| c.code == code) {
        return Err(AppError::Conflict(format!(
            "a category {code} exists already"
        )));
    }
    let position = known.iter().map(|c| c.position).max().unwrap_or(0) + 1;
    let now = store::now();
    let row = CategoryRow {
        code,
        name,
        disclosable,
        position,
        created_at: now,
        updated_at: now,
        retired_at: None,
        version: 1,
    };
    store::interests::insert_category(conn, &row)?;
    Ok(row)
}

//! Absences the council approved under the six-month rule (LGA 1972
//! s.85), each against the resolution that approved it.

use chrono::NaiveDate;
use minutebook_domain::access::Actor;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_store::attendance_record::AbsenceRow;
use minutebook_store::{self as store};

/// Records an approved absence.
pub fn approve(
    conn: &mut DbConn,
    actor: &Actor,
    person_id: &str,
    approved_on: NaiveDate,
    until: Option<NaiveDate>,
    resolution: String,
) -> AppResult<AbsenceRow> {
    let person = store::people::get(conn, person_id)?;
    if until.is_some_and(|u| u < approved_on) {
        return Err(AppError::field("until", "must not be before approved_on"));
    }
    let now = store::now();
    let row = AbsenceRow {
        id: store::new_id(),
        person_id: person.id,
        approved_on,
        until,
        resolution,
        created_at: now,
        updated_at: now,
        deleted_at: None,
        version: 1,
    };
    store::attendance_record::insert_absence(conn, actor, &row)?;
    Ok(row)
}

/// Withdraws one recorded in error (kept as a tombstone).
pub fn withdraw(conn: &mut DbConn, actor: &Actor, id: &str) -> AppResult<()> {
    let before = store::attendance_record::get_absence(conn, id)?;
    let mut row = before.clone();
    row.deleted_at = Some(store::now());
    store::attendance_record::save_absence(conn, actor, "delete", &before, &mut row)
}

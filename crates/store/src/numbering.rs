//! Allocation of minute numbers: transactional on both backends, never
//! reusing a number once given.

use diesel::prelude::*;
use minutebook_ground::db::schema::minute_counters;
use minutebook_ground::db::{lock_body_row, DbConn};
use minutebook_ground::error::AppResult;

/// Takes the next `count` running numbers of a body's numbering year and
/// answers the first. The caller must be inside a write transaction; the body
/// row is locked on PostgreSQL (SQLite is serialised by BEGIN IMMEDIATE), so
/// two meetings published at the same moment never share a number.
pub fn take(conn: &mut DbConn, body_id: &str, year: i32, count: i32) -> AppResult<i32> {
    lock_body_row(conn, body_id)?;
    let last: Option<i32> = minute_counters::table
        .filter(minute_counters::body_id.eq(body_id))
        .filter(minute_counters::numbering_year.eq(year))
        .select(minute_counters::last_number)
        .get_result(conn)
        .optional()?;
    match last {
        Some(last) => {
            diesel::update(
                minute_counters::table
                    .filter(minute_counters::body_id.eq(body_id))
                    .filter(minute_counters::numbering_year.eq(year)),
            )
            .set(minute_counters::last_number.eq(last + count))
            .execute(conn)?;
            Ok(last + 1)
        }
        None => {
            diesel::insert_into(minute_counters::table)
                .values((
                    minute_counters::body_id.eq(body_id),
                    minute_counters::numbering_year.eq(year),
                    minute_counters::last_number.eq(count),
                ))
                .execute(conn)?;
            Ok(1)
        }
    }
}

/// Whether any number has been given in this body.
pub fn any_allocated(conn: &mut DbConn, body_id: &str) -> AppResult<bool> {
    Ok(minute_counters::table
        .filter(minute_counters::body_id.eq(body_id))
        .count()
        .get_result::<i64>(conn)?
        > 0)
}

/// Raises a body's counter for a numbering year to at least `last` (minute
/// numbers imported as printed), so the next number given follows them;
/// never lowers it. The caller must be inside a write transaction.
pub fn raise_to(conn: &mut DbConn, body_id: &str, year: i32, last: i32) -> AppResult<()> {
    lock_body_row(conn, body_id)?;
    let current: Option<i32> = minute_counters::table
        .filter(minute_counters::body_id.eq(body_id))
        .filter(minute_counters::numbering_year.eq(year))
        .select(minute_counters::last_number)
        .get_result(conn)
        .optional()?;
    match current {
        Some(c) if c >= last => {}
        Some(_) => {
            diesel::update(
                minute_counters::table
                    .filter(minute_counters::body_id.eq(body_id))
                    .filter(minute_counters::numbering_year.eq(year)),
            )
            .set(minute_counters::last_number.eq(last))
            .execute(conn)?;
        }
        None => {
            diesel::insert_into(minute_counters::table)
                .values((
                    minute_counters::body_id.eq(body_id),
                    minute_counters::numbering_year.eq(year),
                    minute_counters::last_number.eq(last),
                ))
                .execute(conn)?;
        }
    }
    Ok(())
}

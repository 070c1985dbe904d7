//! Allocation of minute numbers: transactional on both backends, never
//! reusing a number once given.

use diesel::prelude::*;
use diesel::sql_types::{Integer, Text};
use minutebook_ground::db::schema::minute_counters;
use minutebook_ground::db::{lock_body_row, DbConn};
use minutebook_ground::error::AppResult;

/// Takes the next `count` running numbers of a body's numbering year and
/// answers the first, in one statement on each backend: an upsert of the
/// counter that answers the new last number. The caller must be inside a
/// write transaction; the counter's row is locked by the upsert until it
/// commits (SQLite is serialised by BEGIN IMMEDIATE), so two meetings
/// published at the same moment never share a number, and a number once
/// given is never given again.
pub fn take(conn: &mut DbConn, body_id: &str, year: i32, count: i32) -> AppResult<i32> {
    #[derive(QueryableByName)]
    struct Last {
        #[diesel(sql_type = Integer)]
        last_number: i32,
    }
    let query = |sql: &'static str| {
        diesel::sql_query(sql)
            .bind::<Text, _>(body_id.to_string())
            .bind::<Integer, _>(year)
            .bind::<Integer, _>(count)
    };
    let last = match conn {
        DbConn::Sqlite(c) => query(UPSERT_SQLITE).get_result::<Last>(c)?,
        DbConn::Pg(c) => query(UPSERT_PG).get_result::<Last>(c)?,
    }
    .last_number;
    Ok(last - count + 1)
}

const UPSERT_SQLITE: &str = "INSERT INTO minute_counters (body_id, numbering_year, last_number) \
     VALUES (?, ?, ?) ON CONFLICT (body_id, numbering_year) \
     DO UPDATE SET last_number = minute_counters.last_number + excluded.last_number \
     RETURNING last_number";
const UPSERT_PG: &str = "INSERT INTO minute_counters (body_id, numbering_year, last_number) \
     VALUES ($1, $2, $3) ON CONFLICT (body_id, numbering_year) \
     DO UPDATE SET last_number = minute_counters.last_number + excluded.last_number \
     RETURNING last_number";

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

//! A time limit SQLite statements can check for themselves.
//!
//! PostgreSQL limits a statement with `statement_timeout`. SQLite's own
//! hooks for that (the progress handler, `sqlite3_interrupt`) are not
//! reachable through diesel without `unsafe`, so every SQLite connection
//! gets one SQL function instead, `minutebook_in_time(deadline, row)`:
//! it answers 1 while the deadline (microseconds on this process's
//! monotonic clock, [`deadline_after`]) is ahead, and fails the statement
//! with [`TIME_LIMIT_MESSAGE`] once it has passed. A statement that calls it
//! for each row it reads stops at the first row read after its deadline.
//! It does not interrupt work SQLite does between rows (inside one step of
//! a virtual table such as FTS5); bounding that is the query's job.

use diesel::expression::functions::declare_sql_function;
use diesel::serialize::{self, IsNull, Output, ToSql};
use diesel::sql_types::{BigInt, Integer};
use diesel::sqlite::{Sqlite, SqliteConnection};
use diesel::QueryResult;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

/// What a statement that ran past its deadline fails with.
pub const TIME_LIMIT_MESSAGE: &str = "minutebook: statement time limit reached";

#[declare_sql_function]
extern "SQL" {
    /// 1 while `deadline` is ahead; an error once it has passed. `row`
    /// (any column) keeps SQLite from evaluating it once for the statement.
    fn minutebook_in_time(deadline: BigInt, row: BigInt) -> Integer;
}

/// The origin of the deadlines' clock.
fn origin() -> Instant {
    static ORIGIN: OnceLock<Instant> = OnceLock::new();
    *ORIGIN.get_or_init(Instant::now)
}

fn micros_since_origin(at: Instant) -> i64 {
    i64::try_from(at.saturating_duration_since(origin()).as_micros()).unwrap_or(i64::MAX)
}

/// The deadline `limit` from now, as `minutebook_in_time` takes it.
pub fn deadline_after(limit: Duration) -> i64 {
    let now = micros_since_origin(Instant::now());
    now.saturating_add(i64::try_from(limit.as_micros()).unwrap_or(i64::MAX))
}

/// Whether `deadline` is still ahead.
pub fn in_time(deadline: i64) -> bool {
    micros_since_origin(Instant::now()) < deadline
}

/// The function's answer: 1, or the error that stops the statement.
#[derive(Debug)]
struct InTime(bool);

impl ToSql<Integer, Sqlite> for InTime {
    fn to_sql<'b>(&'b self, out: &mut Output<'b, '_, Sqlite>) -> serialize::Result {
        if self.0 {
            out.set_value(1_i32);
            Ok(IsNull::No)
        } else {
            Err(TIME_LIMIT_MESSAGE.into())
        }
    }
}

/// Gives a SQLite connection `minutebook_in_time`.
pub fn register(conn: &mut SqliteConnection) -> QueryResult<()> {
    origin();
    minutebook_in_time_utils::register_nondeterministic_impl(conn, |deadline: i64, _row: i64| {
        InTime(in_time(deadline))
    })
}

/// Whether a database error is a statement stopped by its time limit
/// (SQLite's function above, or PostgreSQL's `statement_timeout`).
pub fn is_time_limit(e: &diesel::result::Error) -> bool {
    match e {
        diesel::result::Error::DatabaseError(_, info) => {
            let m = info.message();
            m.contains(TIME_LIMIT_MESSAGE) || m.contains("statement timeout")
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::{Connection, RunQueryDsl};

    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }

    fn count_rows(conn: &mut SqliteConnection, limit: Duration) -> QueryResult<i64> {
        diesel::sql_query(
            "WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 100) \
             SELECT count(*) AS n FROM r WHERE minutebook_in_time(?, i)",
        )
        .bind::<BigInt, _>(deadline_after(limit))
        .get_result::<N>(conn)
        .map(|r| r.n)
    }

    #[test]
    fn a_statement_reads_rows_until_its_deadline() {
        let mut conn = SqliteConnection::establish(":memory:").unwrap();
        register(&mut conn).unwrap();
        assert_eq!(count_rows(&mut conn, Duration::from_secs(60)).unwrap(), 100);
        let e = count_rows(&mut conn, Duration::ZERO).unwrap_err();
        assert!(is_time_limit(&e), "{e}");
        // The connection is usable afterwards.
        assert_eq!(count_rows(&mut conn, Duration::from_secs(60)).unwrap(), 100);
    }

    #[test]
    fn deadlines_lie_ahead_by_their_limit() {
        let d = deadline_after(Duration::from_secs(3600));
        assert!(in_time(d));
        assert!(!in_time(deadline_after(Duration::ZERO)));
    }
}

//! Storage: one module per aggregate, each with its row struct and queries.
//! Every function takes the connection it is given, so a handler can run
//! several in one transaction.

pub mod approval_counts;
pub mod attendance;
pub mod attendance_record;
pub mod audit;
pub mod blobs;
pub mod bodies;
pub mod calendar_changes;
pub mod councillors;
pub mod decision_links;
pub mod decisions;
pub mod documents;
pub mod idempotency;
pub mod imports;
pub mod interests;
pub mod items;
/// The outbox's mailer: SMTP (lettre over rustls) or `.eml` files.
pub mod mail;
pub mod meeting_changes;
pub mod meeting_documents;
pub mod meetings;
pub mod member_record;
pub mod memberships;
pub mod mgws;
pub mod minute_book;
pub mod minutes;
pub mod minutes_dirty;
pub mod minutes_record;
pub mod numbering;
pub mod oparl_queries;
pub mod outbox;
pub mod paging;
pub mod people;
pub mod prepared;
pub mod public_lists;
pub mod scrutiny;
pub mod staff;
pub mod tokens;
pub mod votes;
pub mod webhooks;
pub mod write_end;

use chrono::{NaiveDateTime, Timelike, Utc};
use minutebook_ground::error::{AppError, AppResult};

/// Now, in UTC, to the microsecond (what both backends keep).
pub fn now() -> NaiveDateTime {
    let t = Utc::now().naive_utc();
    t.with_nanosecond(t.nanosecond() / 1000 * 1000).unwrap_or(t)
}

pub fn new_id() -> String {
    uuid::Uuid::new_v4().to_string()
}

/// Parses an id from a path; anything that is not a UUID cannot exist.
pub fn parse_id(raw: &str, what: &str) -> AppResult<String> {
    uuid::Uuid::parse_str(raw)
        .map(|u| u.to_string())
        .map_err(|_| AppError::not_found(what))
}

/// Turns diesel's NotFound into a 404 naming the thing.
pub trait OrNotFound<T> {
    fn or_not_found(self, what: &str) -> AppResult<T>;
}

impl<T> OrNotFound<T> for Result<T, diesel::result::Error> {
    fn or_not_found(self, what: &str) -> AppResult<T> {
        match self {
            Ok(v) => Ok(v),
            Err(diesel::result::Error::NotFound) => Err(AppError::not_found(what)),
            Err(e) => Err(e.into()),
        }
    }
}

/// After an optimistic `UPDATE … WHERE version = old`, no row means someone
/// else wrote first.
pub fn expect_one_row(n: usize) -> AppResult<()> {
    if n == 1 {
        Ok(())
    } else {
        Err(AppError::PreconditionFailed(
            "the record was changed by another request; read it again and retry".into(),
        ))
    }
}

/// The lock of one meeting's search reindex (PostgreSQL), held until the
/// transaction ends: a reindex of the meeting (`search`) takes it, and so
/// does a write that writes an item's search rows itself
/// ([`meetings::lock_for_new_item`], [`items::insert_indexed`]),
/// so the two never cross. The meeting's id is `$1`, or the SQL expression
/// given.
#[macro_export]
macro_rules! reindex_lock {
    () => {
        $crate::reindex_lock!("$1")
    };
    ($id:literal) => {
        concat!("pg_advisory_xact_lock(hashtextextended(", $id, ", 5545))")
    };
}

/// The SQL form of `domain::visibility::meeting_visible` for the public,
/// used by every list: not a draft, and not a meeting cancelled before its
/// agenda was ever published.
#[macro_export]
macro_rules! meeting_public {
    () => {{
        use minutebook_ground::db::schema::meetings as m;
        m::status.ne("draft").and(
            m::status
                .ne("cancelled")
                .or(m::agenda_published_at.is_not_null()),
        )
    }};
}

/// Writes back a changed row: bumps `version` and `updated_at`, refuses a
/// write that lost a race (`WHERE version = old`), and audits the changed
/// fields under `action` ("update", "delete", …).
///
/// The first argument is the table's module path as the caller sees it:
/// `meetings` when `minutebook_ground::db::schema::meetings` is imported,
/// `schema::scrutiny_reviews`, or a full `minutebook_ground::db::…` path.
macro_rules! save_row {
    ($($table:ident)::+, $conn:expr, $actor:expr, $entity:expr, $action:expr, $before:expr, $row:expr) => {{
        use diesel::prelude::*;
        $row.version = $before.version + 1;
        $row.updated_at = $crate::now();
        let n = diesel::update(
            $($table)::+::table
                .filter($($table)::+::id.eq(&$before.id))
                .filter($($table)::+::version.eq($before.version)),
        )
        // Owned: rows with typed columns convert them as they are written.
        .set(::std::clone::Clone::clone(&*$row))
        .execute($conn)?;
        $crate::expect_one_row(n)?;
        $crate::audit::record(
            $conn,
            $actor,
            $entity,
            &$before.id,
            $action,
            $crate::audit::diff(&$before, &*$row),
        )
    }};
}
pub(crate) use save_row;

/// Inserts a new row and audits its creation. The table is given as in
/// [`save_row!`].
macro_rules! insert_row {
    ($($table:ident)::+, $conn:expr, $actor:expr, $entity:expr, $row:expr) => {{
        use diesel::prelude::*;
        diesel::insert_into($($table)::+::table)
            .values(::std::clone::Clone::clone(&*$row))
            .execute($conn)?;
        $crate::audit::created($conn, $actor, $entity, &$row.id, &$row)
    }};
}
pub(crate) use insert_row;

//! Meetings of a body.

use super::{insert_row, save_row, OrNotFound};
use crate::paging::keyset_page;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use minutebook_domain::access::Actor;
use minutebook_domain::lifecycle::{MeetingStatus, MinutesStatus};
use minutebook_domain::visibility::MeetingFacts;
use minutebook_ground::db::schema::meetings;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;
use serde::Serialize;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset, Serialize)]
#[diesel(table_name = meetings, treat_none_as_null = true)]
pub struct MeetingRow {
    pub id: String,
    pub body_id: String,
    pub title: Option<String>,
    pub starts_at: NaiveDateTime,
    pub ends_at: Option<NaiveDateTime>,
    pub venue_name: Option<String>,
    pub venue_address: Option<String>,
    pub venue_postcode: Option<String>,
    pub contact_name: Option<String>,
    pub contact_role: Option<String>,
    pub contact_email: Option<String>,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub status: MeetingStatus,
    #[diesel(deserialize_as = String, serialize_as = String)]
    pub minutes_status: MinutesStatus,
    pub agenda_published_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub deleted_at: Option<NaiveDateTime>,
    pub version: i32,
    /// What imported minutes print before their first item, as printed.
    pub preamble: Option<String>,
}

impl MeetingRow {
    /// A new draft meeting starting at `starts_at` (of no body yet: the use
    /// case that schedules it sets the body), every detail empty.
    pub fn draft(starts_at: NaiveDateTime) -> MeetingRow {
        let now = crate::now();
        MeetingRow {
            id: crate::new_id(),
            body_id: String::new(),
            title: None,
            starts_at,
            ends_at: None,
            venue_name: None,
            venue_address: None,
            venue_postcode: None,
            contact_name: None,
            contact_role: None,
            contact_email: None,
            status: MeetingStatus::Draft,
            minutes_status: MinutesStatus::Draft,
            agenda_published_at: None,
            created_at: now,
            updated_at: now,
            deleted_at: None,
            version: 1,
            preamble: None,
        }
    }

    pub fn status(&self) -> MeetingStatus {
        self.status
    }
    pub fn minutes_status(&self) -> MinutesStatus {
        self.minutes_status
    }
    /// What decides who may see the meeting (see `domain::visibility`).
    pub fn facts(&self) -> MeetingFacts {
        MeetingFacts {
            status: self.status(),
            agenda_published: self.agenda_published_at.is_some(),
            minutes_status: self.minutes_status(),
        }
    }
}

pub fn insert(conn: &mut DbConn, actor: &Actor, row: &MeetingRow) -> AppResult<()> {
    insert_row!(meetings, conn, actor, "meeting", row)
}

pub fn save(
    conn: &mut DbConn,
    actor: &Actor,
    action: &str,
    before: &MeetingRow,
    row: &mut MeetingRow,
) -> AppResult<()> {
    save_row!(meetings, conn, actor, "meeting", action, before, row)
}

pub fn get(conn: &mut DbConn, id: &str) -> AppResult<MeetingRow> {
    meetings::table
        .find(id)
        .filter(meetings::deleted_at.is_null())
        .select(MeetingRow::as_select())
        .get_result(conn)
        .or_not_found("meeting")
}

pub struct MeetingFilter {
    pub body_id: String,
    pub from: Option<NaiveDateTime>,
    pub to: Option<NaiveDateTime>,
    pub public_only: bool,
    pub after: Option<(NaiveDateTime, String)>,
    pub limit: i64,
}

/// A body's meetings in date order.
pub fn list(conn: &mut DbConn, f: MeetingFilter) -> AppResult<Vec<MeetingRow>> {
    let mut q = meetings::table
        .filter(meetings::body_id.eq(f.body_id))
        .filter(meetings::deleted_at.is_null())
        .into_boxed();
    if let Some(from) = f.from {
        q = q.filter(meetings::starts_at.ge(from));
    }
    if let Some(to) = f.to {
        q = q.filter(meetings::starts_at.lt(to));
    }
    if f.public_only {
        q = q.filter(crate::meeting_public!());
    }
    Ok(
        keyset_page!(q, f.after, meetings::starts_at, meetings::id, f.limit)
            .select(MeetingRow::as_select())
            .load(conn)?,
    )
}

/// Reads a meeting and, on PostgreSQL, locks its row until the transaction
/// ends, so that concurrent changes to one meeting's agenda or attendance
/// (positions, the one chair, duplicate checks) are applied one at a time.
/// SQLite writers are already serialised by BEGIN IMMEDIATE.
pub fn get_for_update(conn: &mut DbConn, id: &str) -> AppResult<MeetingRow> {
    match conn {
        DbConn::Pg(c) => meetings::table
            .find(id)
            .filter(meetings::deleted_at.is_null())
            .select(MeetingRow::as_select())
            .for_update()
            .get_result(c)
            .or_not_found("meeting"),
        DbConn::Sqlite(_) => get(conn, id),
    }
}

/// A body's numbering settings, as a write that numbers items needs them.
#[derive(Debug, Clone)]
pub struct BodyNumbering {
    pub minute_prefix: String,
    pub numbering_format: String,
    pub year_start_month: i32,
}

/// The meeting's search reindex lock, taken in the statement that reads
/// the meeting (PostgreSQL): an expression of fixed SQL, so the statement
/// is prepared once per connection (diesel's `sql()` would have it planned
/// on every write).
#[derive(Debug, Clone, Copy, diesel::query_builder::QueryId, diesel::expression::ValidGrouping)]
struct ReindexLockOfMeeting;

impl Expression for ReindexLockOfMeeting {
    type SqlType = diesel::sql_types::Nullable<diesel::sql_types::Bool>;
}

impl diesel::query_builder::QueryFragment<diesel::pg::Pg> for ReindexLockOfMeeting {
    fn walk_ast<'b>(
        &'b self,
        mut out: diesel::query_builder::AstPass<'_, 'b, diesel::pg::Pg>,
    ) -> QueryResult<()> {
        out.push_sql(concat!(
            "(SELECT true FROM (SELECT ",
            crate::reindex_lock!("\"meetings\".\"id\""),
            ") AS held)"
        ));
        Ok(())
    }
}

impl<QS> SelectableExpression<QS> for ReindexLockOfMeeting {}
impl<QS> AppearsOnTable<QS> for ReindexLockOfMeeting {}

/// A meeting locked for a new item ([`lock_for_new_item`]).
#[derive(Debug, Clone)]
pub struct LockedForItem {
    pub meeting: MeetingRow,
    pub numbering: BodyNumbering,
}

/// [`get_for_update`] for a new item, with its body's numbering settings
/// read in the same statement (scalar subqueries: only the meeting's row is
/// locked, so writers to other meetings of the body do not wait for this
/// one). On PostgreSQL the same statement takes the meeting's search
/// reindex lock ([`crate::reindex_lock!`]) before the write has marked
/// anything, so the write may write the new item's search rows itself
/// ([`crate::items::insert_indexed`]) without crossing a reindex, and a
/// reindex that waits for it sees what it wrote. Nothing the write's next
/// statements depend on is read here: the statement's snapshot is taken
/// before it waits for the lock.
pub fn lock_for_new_item(conn: &mut DbConn, id: &str) -> AppResult<LockedForItem> {
    use minutebook_ground::db::schema::bodies;
    // One query, built for each backend (`as_select` is typed by it);
    // PostgreSQL's takes the reindex lock too.
    macro_rules! query {
        ($($lock:expr)?) => {
            meetings::table
                .find(id.to_string())
                .filter(meetings::deleted_at.is_null())
                .select((
                    MeetingRow::as_select(),
                    of_body!().select(bodies::minute_prefix).single_value(),
                    of_body!().select(bodies::numbering_format).single_value(),
                    of_body!().select(bodies::year_start_month).single_value(),
                    $($lock)?
                ))
        };
    }
    macro_rules! of_body {
        () => {
            bodies::table.filter(bodies::id.eq(meetings::body_id))
        };
    }
    type Row = (MeetingRow, Option<String>, Option<String>, Option<i32>);
    let (meeting, prefix, format, start): Row = match conn {
        DbConn::Pg(c) => {
            let (m, p, f, s, _): (MeetingRow, _, _, _, Option<bool>) = query!(ReindexLockOfMeeting)
                .for_update()
                .get_result(c)
                .or_not_found("meeting")?;
            (m, p, f, s)
        }
        DbConn::Sqlite(c) => query!().get_result(c).or_not_found("meeting")?,
    };
    match (prefix, format, start) {
        (Some(minute_prefix), Some(numbering_format), Some(year_start_month)) => {
            Ok(LockedForItem {
                meeting,
                numbering: BodyNumbering {
                    minute_prefix,
                    numbering_format,
                    year_start_month,
                },
            })
        }
        _ => Err(minutebook_ground::error::AppError::NotFound("body".into())),
    }
}

/// The ids of a body's meetings whose minutes are confirmed, oldest first.
pub fn confirmed_ids(conn: &mut DbConn, body_id: &str) -> AppResult<Vec<String>> {
    Ok(meetings::table
        .filter(meetings::body_id.eq(body_id))
        .filter(meetings::minutes_status.eq("confirmed"))
        .order(meetings::starts_at.asc())
        .select(meetings::id)
        .load(conn)?)
}

/// The body's latest held meeting before `before` (not deleted), if any.
pub fn previous_held(
    conn: &mut DbConn,
    body_id: &str,
    before: NaiveDateTime,
) -> AppResult<Option<String>> {
    Ok(meetings::table
        .filter(meetings::body_id.eq(body_id))
        .filter(meetings::deleted_at.is_null())
        .filter(meetings::starts_at.lt(before))
        .filter(meetings::status.eq("held"))
        .order(meetings::starts_at.desc())
        .select(meetings::id)
        .first(conn)
        .optional()?)
}

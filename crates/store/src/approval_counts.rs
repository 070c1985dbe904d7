//! What the approval-email limits and the recipient rule read: earlier
//! approval requests (by meeting, by recipient) and a person's standing at a
//! meeting. Counted from the rows, so the limits hold across instances that
//! share one database.

use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use minutebook_ground::db::schema::{approval_requests, attendance, memberships};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;

/// When the meeting's approval requests since `since` were made.
pub fn sent_for_meeting(
    conn: &mut DbConn,
    meeting_id: &str,
    since: NaiveDateTime,
) -> AppResult<Vec<NaiveDateTime>> {
    Ok(approval_requests::table
        .filter(approval_requests::meeting_id.eq(meeting_id))
        .filter(approval_requests::created_at.gt(since))
        .select(approval_requests::created_at)
        .load(conn)?)
}

/// Holds the recipient's turn until the transaction ends, so that two
/// sends to one address (from different meetings, or different instances)
/// count one after the other and the per-recipient limit holds exactly.
/// PostgreSQL: a transaction-scoped advisory lock on the address; SQLite
/// has one writer at a time already.
pub fn lock_recipient(conn: &mut DbConn, email: &str) -> AppResult<()> {
    if let DbConn::Pg(c) = conn {
        diesel::sql_query(
            "SELECT pg_advisory_xact_lock(hashtextextended($1, 7331))::text AS locked",
        )
        .bind::<diesel::sql_types::Text, _>(email.to_lowercase())
        .execute(c)?;
    }
    Ok(())
}

/// When approval requests to `email` (any meeting) since `since` were made.
pub fn sent_to(
    conn: &mut DbConn,
    email: &str,
    since: NaiveDateTime,
) -> AppResult<Vec<NaiveDateTime>> {
    Ok(approval_requests::table
        .filter(approval_requests::to_email.eq(email))
        .filter(approval_requests::created_at.gt(since))
        .select(approval_requests::created_at)
        .load(conn)?)
}

/// The person's live memberships of the body: (start, end).
pub fn memberships_of(
    conn: &mut DbConn,
    body_id: &str,
    person_id: &str,
) -> AppResult<Vec<(Option<NaiveDate>, Option<NaiveDate>)>> {
    Ok(memberships::table
        .filter(memberships::body_id.eq(body_id))
        .filter(memberships::person_id.eq(person_id))
        .filter(memberships::deleted_at.is_null())
        .select((memberships::start_date, memberships::end_date))
        .load(conn)?)
}

/// The person's live attendance statuses at the meeting.
pub fn attendance_of(
    conn: &mut DbConn,
    meeting_id: &str,
    person_id: &str,
) -> AppResult<Vec<String>> {
    Ok(attendance::table
        .filter(attendance::meeting_id.eq(meeting_id))
        .filter(attendance::person_id.eq(person_id))
        .filter(attendance::deleted_at.is_null())
        .select(attendance::status)
        .load(conn)?)
}

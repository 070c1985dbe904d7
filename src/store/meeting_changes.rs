//! What a conditional GET of a meeting compares, in one query: the meeting
//! row (its version and what decides who may see it), its body's version,
//! and the meeting's change counter (bumped by triggers, see
//! `db::schema_perf`).

use super::meetings::MeetingRow;
use super::OrNotFound;
use crate::db::schema::{bodies, meetings};
use crate::db::schema_perf::meeting_changes;
use crate::db::DbConn;
use crate::error::AppResult;
use diesel::prelude::*;

pub struct ChangeFacts {
    pub meeting: MeetingRow,
    pub body_version: i32,
    /// How many changes the triggers have counted (0 before the first).
    pub changes: i64,
}

/// The live meeting with its body's version and change counter; 404 when
/// there is no such live meeting.
pub fn facts(conn: &mut DbConn, meeting_id: &str) -> AppResult<ChangeFacts> {
    let changes = meeting_changes::table
        .filter(meeting_changes::meeting_id.eq(meeting_id))
        .select(meeting_changes::changes)
        .single_value();
    let (meeting, body_version, changes) = meetings::table
        .inner_join(bodies::table)
        .filter(meetings::id.eq(meeting_id))
        .filter(meetings::deleted_at.is_null())
        .select((MeetingRow::as_select(), bodies::version, changes))
        .get_result::<(MeetingRow, i32, Option<i64>)>(conn)
        .or_not_found("meeting")?;
    Ok(ChangeFacts {
        meeting,
        body_version,
        changes: changes.unwrap_or(0),
    })
}

/// What a response built from several whole meetings depends on, in one
/// query: for each live meeting of `ids` (by id), its version, change
/// counter and body's version, as `id:version:changes:body;…`. Equal
/// fingerprints mean each meeting would read the same (as `facts` decides
/// for one meeting's ETag).
pub fn fingerprint(conn: &mut DbConn, ids: &[String]) -> AppResult<String> {
    if ids.is_empty() {
        return Ok(String::new());
    }
    let changes = meeting_changes::table
        .filter(meeting_changes::meeting_id.eq(meetings::id))
        .select(meeting_changes::changes)
        .single_value();
    let rows: Vec<(String, i32, Option<i64>, i32)> = meetings::table
        .inner_join(bodies::table)
        .filter(meetings::id.eq_any(ids))
        .filter(meetings::deleted_at.is_null())
        .select((meetings::id, meetings::version, changes, bodies::version))
        .order(meetings::id)
        .load(conn)?;
    let mut out = String::with_capacity(rows.len() * 48);
    for (id, version, changes, body) in rows {
        use std::fmt::Write;
        let _ = write!(out, "{id}:{version}:{}:{body};", changes.unwrap_or(0));
    }
    Ok(out)
}

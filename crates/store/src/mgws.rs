//! What the modern.gov-compatible web service needs besides the read model:
//! the stable integer ids (written by database triggers in the same
//! transaction as each row, never reused), the current memberships of live
//! bodies, and when anything a response shows last changed (for
//! `Last-Modified`). Nothing here writes.

use crate::memberships::MembershipRow;
use chrono::NaiveDateTime;
use diesel::dsl::max;
use diesel::prelude::*;
use minutebook_ground::db::schema::mgws_ids;
use minutebook_ground::db::schema::{
    attendance, bodies, declarations, documents, items, meetings, memberships, outcomes, parties,
    people, person_photos, terms_of_office, wards,
};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;
use std::collections::HashMap;

/// What an integer id numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Body,
    Person,
    Meeting,
    Item,
    Document,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Body => "body",
            Kind::Person => "person",
            Kind::Meeting => "meeting",
            Kind::Item => "item",
            Kind::Document => "document",
        }
    }
}

/// The integer ids of `uuids` (those that have one).
pub fn ids(conn: &mut DbConn, kind: Kind, uuids: &[String]) -> AppResult<HashMap<String, i64>> {
    if uuids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut out = HashMap::new();
    // Bounded IN lists: PostgreSQL and SQLite both take a few hundred easily.
    for chunk in uuids.chunks(500) {
        let rows: Vec<(String, i64)> = mgws_ids::table
            .filter(mgws_ids::kind.eq(kind.as_str()))
            .filter(mgws_ids::uuid.eq_any(chunk))
            .select((mgws_ids::uuid, mgws_ids::id))
            .load(conn)?;
        out.extend(rows);
    }
    Ok(out)
}

/// The uuid an integer id numbers, if it numbers a `kind`.
pub fn uuid(conn: &mut DbConn, kind: Kind, id: i64) -> AppResult<Option<String>> {
    Ok(mgws_ids::table
        .filter(mgws_ids::id.eq(id))
        .filter(mgws_ids::kind.eq(kind.as_str()))
        .select(mgws_ids::uuid)
        .get_result(conn)
        .optional()?)
}

/// Memberships (not deleted) of live bodies; `body_id` narrows to one
/// body, `person_id` to one person.
pub fn live_memberships(
    conn: &mut DbConn,
    body_id: Option<&str>,
    person_id: Option<&str>,
) -> AppResult<Vec<MembershipRow>> {
    let live_bodies = bodies::table
        .filter(bodies::deleted_at.is_null())
        .select(bodies::id);
    let mut q = memberships::table
        .filter(memberships::deleted_at.is_null())
        .filter(memberships::body_id.eq_any(live_bodies))
        .into_boxed();
    if let Some(b) = body_id {
        q = q.filter(memberships::body_id.eq(b.to_string()));
    }
    if let Some(p) = person_id {
        q = q.filter(memberships::person_id.eq(p.to_string()));
    }
    Ok(
        q.order((memberships::created_at.asc(), memberships::id.asc()))
            .select(MembershipRow::as_select())
            .load(conn)?,
    )
}

fn latest(ts: impl IntoIterator<Item = Option<NaiveDateTime>>) -> Option<NaiveDateTime> {
    ts.into_iter().flatten().max()
}

/// When bodies, meetings, memberships or people last changed (deleted rows
/// included: a removal is a change; draft meetings not: nothing about them
/// is public): bounds every list the service gives.
pub fn last_change(conn: &mut DbConn) -> AppResult<Option<NaiveDateTime>> {
    Ok(latest([
        bodies::table
            .select(max(bodies::updated_at))
            .get_result::<Option<NaiveDateTime>>(conn)?,
        meetings::table
            .filter(crate::meeting_public!())
            .select(max(meetings::updated_at))
            .get_result::<Option<NaiveDateTime>>(conn)?,
        memberships::table
            .select(max(memberships::updated_at))
            .get_result::<Option<NaiveDateTime>>(conn)?,
        people::table
            .select(max(people::updated_at))
            .get_result::<Option<NaiveDateTime>>(conn)?,
        terms_of_office::table
            .select(max(terms_of_office::updated_at))
            .get_result::<Option<NaiveDateTime>>(conn)?,
        wards::table
            .select(max(wards::updated_at))
            .get_result::<Option<NaiveDateTime>>(conn)?,
        parties::table
            .select(max(parties::updated_at))
            .get_result::<Option<NaiveDateTime>>(conn)?,
        person_photos::table
            .select(max(person_photos::updated_at))
            .get_result::<Option<NaiveDateTime>>(conn)?,
    ]))
}

/// When anything one meeting's answer shows last changed: the meeting and
/// its items, papers, minutes records and attendance (deleted rows
/// included), and the lists' bound.
pub fn last_change_of_meeting(
    conn: &mut DbConn,
    meeting_id: &str,
) -> AppResult<Option<NaiveDateTime>> {
    let item_ids = items::table
        .filter(items::meeting_id.eq(meeting_id.to_string()))
        .select(items::id);
    let parts = [
        last_change(conn)?,
        items::table
            .filter(items::meeting_id.eq(meeting_id.to_string()))
            .select(max(items::updated_at))
            .get_result::<Option<NaiveDateTime>>(conn)?,
        documents::table
            .filter(documents::item_id.eq_any(item_ids))
            .select(max(documents::updated_at))
            .get_result::<Option<NaiveDateTime>>(conn)?,
        outcomes::table
            .filter(
                outcomes::item_id.eq_any(
                    items::table
                        .filter(items::meeting_id.eq(meeting_id.to_string()))
                        .select(items::id),
                ),
            )
            .select(max(outcomes::updated_at))
            .get_result::<Option<NaiveDateTime>>(conn)?,
        declarations::table
            .filter(
                declarations::item_id.eq_any(
                    items::table
                        .filter(items::meeting_id.eq(meeting_id.to_string()))
                        .select(items::id),
                ),
            )
            .select(max(declarations::updated_at))
            .get_result::<Option<NaiveDateTime>>(conn)?,
        attendance::table
            .filter(attendance::meeting_id.eq(meeting_id.to_string()))
            .select(max(attendance::updated_at))
            .get_result::<Option<NaiveDateTime>>(conn)?,
    ];
    Ok(latest(parts))
}

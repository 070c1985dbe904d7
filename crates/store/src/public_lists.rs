//! The lists the public pages, calendars, feeds and the web service read:
//! only meetings the public may see. A whole meeting comes from the read
//! model (`read::meeting::load_meeting` with `Viewer::Public`); what is
//! visible is decided by [`minutebook_domain::visibility`], whose SQL form
//! for lists is here.

use crate::bodies::BodyRow;
use crate::meetings::MeetingRow;
use chrono::NaiveDateTime;
use diesel::prelude::*;
use minutebook_ground::db::schema::{bodies, meetings};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;

/// The most meetings a list, calendar or feed reads.
pub const MAX_MEETINGS: i64 = 2000;

/// Every live body, by name.
pub fn bodies(conn: &mut DbConn) -> AppResult<Vec<BodyRow>> {
    Ok(bodies::table
        .filter(bodies::deleted_at.is_null())
        .order((bodies::name.asc(), bodies::id.asc()))
        .select(BodyRow::as_select())
        .load(conn)?)
}

/// A live body by its slug (or id).
pub fn body(conn: &mut DbConn, key: &str) -> AppResult<BodyRow> {
    crate::bodies::get(conn, key)
}

/// Which meetings to list.
#[derive(Debug, Clone, Default)]
pub struct MeetingList {
    /// One body's, or every live body's.
    pub body_id: Option<String>,
    /// Starting at or after.
    pub from: Option<NaiveDateTime>,
    /// Starting before.
    pub to: Option<NaiveDateTime>,
    /// Latest first.
    pub newest_first: bool,
    /// Latest first, continuing before this keyset position (start, id):
    /// the rows of the next page.
    pub before: Option<(NaiveDateTime, String)>,
    pub limit: i64,
}

/// Meetings the public may see (not drafts, not deleted, of a live body),
/// in date order.
pub fn meetings(conn: &mut DbConn, f: &MeetingList) -> AppResult<Vec<MeetingRow>> {
    Ok(listed(f).select(MeetingRow::as_select()).load(conn)?)
}

type Backend = <DbConn as diesel::Connection>::Backend;

/// The one query behind [`meetings`]: which
/// meetings, in which order, how many.
fn listed(f: &MeetingList) -> meetings::BoxedQuery<'static, Backend> {
    let live_bodies = bodies::table
        .filter(bodies::deleted_at.is_null())
        .select(bodies::id);
    let mut q = meetings::table
        .filter(meetings::deleted_at.is_null())
        .filter(crate::meeting_public!())
        .filter(meetings::body_id.eq_any(live_bodies))
        .into_boxed();
    if let Some(b) = &f.body_id {
        q = q.filter(meetings::body_id.eq(b.clone()));
    }
    if let Some(from) = f.from {
        q = q.filter(meetings::starts_at.ge(from));
    }
    if let Some(to) = f.to {
        q = q.filter(meetings::starts_at.lt(to));
    }
    if let Some((at, id)) = f.before.clone() {
        q = q.filter(
            meetings::starts_at
                .lt(at)
                .or(meetings::starts_at.eq(at).and(meetings::id.lt(id))),
        );
    }
    q = if f.newest_first || f.before.is_some() {
        q.order((meetings::starts_at.desc(), meetings::id.desc()))
    } else {
        q.order((meetings::starts_at.asc(), meetings::id.asc()))
    };
    let limit = if f.limit <= 0 { MAX_MEETINGS } else { f.limit };
    q.limit(limit.min(MAX_MEETINGS))
}

/// The meetings whose agendas were published most recently.
pub fn recent_agendas(
    conn: &mut DbConn,
    body_id: Option<&str>,
    limit: i64,
) -> AppResult<Vec<MeetingRow>> {
    let live_bodies = bodies::table
        .filter(bodies::deleted_at.is_null())
        .select(bodies::id);
    let mut q = meetings::table
        .filter(meetings::deleted_at.is_null())
        .filter(crate::meeting_public!())
        .filter(meetings::agenda_published_at.is_not_null())
        .filter(meetings::body_id.eq_any(live_bodies))
        .into_boxed();
    if let Some(b) = body_id {
        q = q.filter(meetings::body_id.eq(b.to_string()));
    }
    Ok(
        q.order((meetings::agenda_published_at.desc(), meetings::id.desc()))
            .limit(limit)
            .select(MeetingRow::as_select())
            .load(conn)?,
    )
}

/// The meetings whose minutes are public, most recently changed first.
pub fn recent_minutes(
    conn: &mut DbConn,
    body_id: Option<&str>,
    limit: i64,
) -> AppResult<Vec<MeetingRow>> {
    let live_bodies = bodies::table
        .filter(bodies::deleted_at.is_null())
        .select(bodies::id);
    let mut q = meetings::table
        .filter(meetings::deleted_at.is_null())
        .filter(crate::meeting_public!())
        .filter(meetings::agenda_published_at.is_not_null())
        .filter(meetings::minutes_status.eq_any(["published", "confirmed"]))
        .filter(meetings::body_id.eq_any(live_bodies))
        .into_boxed();
    if let Some(b) = body_id {
        q = q.filter(meetings::body_id.eq(b.to_string()));
    }
    Ok(q.order((meetings::updated_at.desc(), meetings::id.desc()))
        .limit(limit)
        .select(MeetingRow::as_select())
        .load(conn)?)
}

/// Bodies by id, for labelling meetings of several bodies.
pub fn bodies_by_id(
    conn: &mut DbConn,
    ids: &[String],
) -> AppResult<std::collections::HashMap<String, BodyRow>> {
    if ids.is_empty() {
        return Ok(Default::default());
    }
    Ok(bodies::table
        .filter(bodies::id.eq_any(ids))
        .filter(bodies::deleted_at.is_null())
        .select(BodyRow::as_select())
        .load(conn)?
        .into_iter()
        .map(|b| (b.id.clone(), b))
        .collect())
}

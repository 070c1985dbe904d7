//! What a member's page lists from the meetings: declarations they made,
//! recorded votes they were named in, and their bodies' next meetings —
//! for the public only from minutes and agendas the public may read.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use minutebook_domain::lifecycle::MinutesStatus;
use minutebook_ground::db::schema::{
    bodies, declarations, items, meetings, memberships, vote_records, votes,
};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;

/// A declaration, with where it was made.
#[derive(Debug, Clone, Queryable)]
pub struct DeclarationLine {
    pub meeting_id: String,
    pub starts_at: NaiveDateTime,
    pub body: String,
    pub item_title: String,
    pub nature: String,
    pub kind: Option<String>,
    pub withdrew: bool,
}

/// A member's vote in a recorded vote, with where it was cast.
#[derive(Debug, Clone, Queryable)]
pub struct VoteLine {
    pub meeting_id: String,
    pub starts_at: NaiveDateTime,
    pub body: String,
    pub item_title: String,
    pub motion: Option<String>,
    pub vote: String,
    pub result: String,
}

/// The most lines a member's page lists of each kind (the newest).
pub const MAX_LINES: i64 = 200;

macro_rules! public_minutes {
    () => {
        crate::meeting_public!()
            .and(meetings::agenda_published_at.is_not_null())
            .and(meetings::minutes_status.eq_any([
                MinutesStatus::Published.as_str(),
                MinutesStatus::Confirmed.as_str(),
            ]))
            .and(items::restricted.eq(false))
    };
}

pub fn declarations_of(
    conn: &mut DbConn,
    person_id: &str,
    public: bool,
) -> AppResult<Vec<DeclarationLine>> {
    let mut q = declarations::table
        .inner_join(items::table.inner_join(meetings::table.inner_join(bodies::table)))
        .filter(declarations::person_id.eq(person_id))
        .filter(declarations::deleted_at.is_null())
        .filter(items::deleted_at.is_null())
        .filter(meetings::deleted_at.is_null())
        .filter(bodies::deleted_at.is_null())
        .into_boxed();
    if public {
        q = q.filter(public_minutes!());
    }
    Ok(q.order((meetings::starts_at.desc(), items::position.asc()))
        .limit(MAX_LINES)
        .select((
            meetings::id,
            meetings::starts_at,
            bodies::name,
            items::title,
            declarations::nature,
            declarations::kind,
            declarations::withdrew,
        ))
        .load(conn)?)
}

pub fn votes_of(conn: &mut DbConn, person_id: &str, public: bool) -> AppResult<Vec<VoteLine>> {
    let mut q = vote_records::table
        .inner_join(
            votes::table
                .inner_join(items::table.inner_join(meetings::table.inner_join(bodies::table))),
        )
        .filter(vote_records::person_id.eq(person_id))
        .filter(votes::deleted_at.is_null())
        .filter(items::deleted_at.is_null())
        .filter(meetings::deleted_at.is_null())
        .filter(bodies::deleted_at.is_null())
        .into_boxed();
    if public {
        q = q.filter(public_minutes!());
    }
    Ok(q.order((
        meetings::starts_at.desc(),
        items::position.asc(),
        votes::position.asc(),
    ))
    .limit(MAX_LINES)
    .select((
        meetings::id,
        meetings::starts_at,
        bodies::name,
        items::title,
        votes::motion,
        vote_records::vote,
        votes::result,
    ))
    .load(conn)?)
}

/// A meeting to come, of a body the member sits on.
#[derive(Debug, Clone, Queryable)]
pub struct UpcomingLine {
    pub meeting_id: String,
    pub starts_at: NaiveDateTime,
    pub body: String,
    pub body_slug: String,
}

/// The next meetings (public ones: not drafts; not cancelled unless
/// announced) of the bodies the member sits on, soonest first.
pub fn upcoming_of(
    conn: &mut DbConn,
    person_id: &str,
    from: NaiveDateTime,
    limit: i64,
) -> AppResult<Vec<UpcomingLine>> {
    let seats = memberships::table
        .filter(memberships::person_id.eq(person_id.to_string()))
        .filter(memberships::deleted_at.is_null())
        .select(memberships::body_id);
    Ok(meetings::table
        .inner_join(bodies::table)
        .filter(meetings::body_id.eq_any(seats))
        .filter(meetings::deleted_at.is_null())
        .filter(bodies::deleted_at.is_null())
        .filter(crate::meeting_public!())
        .filter(meetings::starts_at.ge(from))
        .order((meetings::starts_at.asc(), meetings::id.asc()))
        .limit(limit)
        .select((
            meetings::id,
            meetings::starts_at,
            bodies::name,
            bodies::slug,
        ))
        .load(conn)?)
}

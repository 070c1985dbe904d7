//! The clerk's desk board: every body with its upcoming and recent
//! meetings, each with where it stands and what is late
//! (`domain::desk::standing`). For staff only.

use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use minutebook_domain::desk::standing;
use minutebook_domain::time::london_date;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;
use minutebook_store::meetings::{MeetingFilter, MeetingRow};
use minutebook_store::{self as store};
use serde::Serialize;
use std::collections::HashMap;

/// How many upcoming meetings a body shows.
pub const UPCOMING: i64 = 10;
/// How many recent meetings a body shows, and how far back it looks.
pub const RECENT: usize = 5;
pub const RECENT_DAYS: i64 = 120;

#[derive(Debug, Clone, Serialize)]
pub struct MeetingLine {
    pub id: String,
    pub title: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub agenda: &'static str,
    pub minutes: &'static str,
    pub late: Vec<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BodyBoard {
    pub id: String,
    pub name: String,
    pub slug: String,
    pub upcoming: Vec<MeetingLine>,
    pub recent: Vec<MeetingLine>,
}

fn line(
    m: &MeetingRow,
    today: chrono::NaiveDate,
    sent: &HashMap<String, NaiveDateTime>,
) -> MeetingLine {
    let s = standing(
        m.status(),
        m.agenda_published_at.is_some(),
        m.minutes_status(),
        london_date(m.starts_at),
        today,
        sent.get(&m.id).map(|t| london_date(*t)),
    );
    MeetingLine {
        id: m.id.clone(),
        title: m.title.clone(),
        starts_at: m.starts_at.and_utc(),
        agenda: s.agenda,
        minutes: s.minutes,
        late: s.late,
    }
}

/// Every body, with its meetings around `now`.
pub fn board(conn: &mut DbConn, now: NaiveDateTime) -> AppResult<Vec<BodyBoard>> {
    let bodies = store::bodies::list(conn, None, 500)?;
    let mut per_body = Vec::with_capacity(bodies.len());
    let mut ids = Vec::new();
    for b in &bodies {
        let upcoming = store::meetings::list(
            conn,
            MeetingFilter {
                body_id: b.id.clone(),
                from: Some(now - Duration::hours(12)),
                to: None,
                public_only: false,
                after: None,
                limit: UPCOMING,
            },
        )?;
        let mut recent = store::meetings::list(
            conn,
            MeetingFilter {
                body_id: b.id.clone(),
                from: Some(now - Duration::days(RECENT_DAYS)),
                to: Some(now - Duration::hours(12)),
                public_only: false,
                after: None,
                limit: 500,
            },
        )?;
        recent.reverse();
        recent.truncate(RECENT);
        ids.extend(upcoming.iter().chain(recent.iter()).map(|m| m.id.clone()));
        per_body.push((upcoming, recent));
    }
    let sent: HashMap<String, NaiveDateTime> = store::minutes_record::sent_to_chair(conn, &ids)?
        .into_iter()
        .collect();
    let today = london_date(now);
    Ok(bodies
        .into_iter()
        .zip(per_body)
        .map(|(b, (upcoming, recent))| BodyBoard {
            id: b.id,
            name: b.name,
            slug: b.slug,
            upcoming: upcoming.iter().map(|m| line(m, today, &sent)).collect(),
            recent: recent.iter().map(|m| line(m, today, &sent)).collect(),
        })
        .collect())
}

/// A member of a body on a meeting's day: a line of the attendance
/// checklist.
#[derive(Debug, Clone, Serialize)]
pub struct Member {
    pub person_id: String,
    pub name: String,
    pub role: String,
    pub organisation: Option<String>,
}

/// The body's members on `on`, each person once (their first membership),
/// in the order they joined.
pub fn roster(conn: &mut DbConn, body_id: &str, on: chrono::NaiveDate) -> AppResult<Vec<Member>> {
    let mut seen = std::collections::HashSet::new();
    let memberships: Vec<_> = store::memberships::live_on(conn, body_id, on)?
        .into_iter()
        .filter(|m| seen.insert(m.person_id.clone()))
        .collect();
    let ids: Vec<String> = memberships.iter().map(|m| m.person_id.clone()).collect();
    let people: HashMap<String, store::people::PersonRow> = store::people::get_many(conn, &ids)?
        .into_iter()
        .map(|p| (p.id.clone(), p))
        .collect();
    Ok(memberships
        .into_iter()
        .filter_map(|m| {
            let p = people.get(&m.person_id)?;
            Some(Member {
                name: p.display_name(),
                organisation: m.organisation.or_else(|| p.organisation.clone()),
                person_id: m.person_id,
                role: m.role,
            })
        })
        .collect())
}

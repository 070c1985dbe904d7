//! A member as their page and `GET /api/v1/people/{id}` show them: the
//! person (photo, party and ward with dates, posts, public contact), their
//! committees with role and dates, upcoming meetings, this municipal year's
//! attendance, the register of interests, declarations made at meetings and
//! recorded votes. Drafts, restricted items, private contact details and
//! sensitive interests never reach the public.

use crate::attendance_record::{person_record, Columns, Range};
use crate::interests::{register, Dispensation, Entry, Gift};
use crate::people::{Facts, Person};
use crate::time::utc;
use chrono::{DateTime, NaiveDate, Utc};
use minutebook_domain::time::{london_date, start_of_today};
use minutebook_domain::visibility::Viewer;
use minutebook_domain::vocab::membership_role_label;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;
use minutebook_store::member_record as q;
use minutebook_store::{self as store};
use serde::Serialize;
use utoipa::ToSchema;

/// How many upcoming meetings a member's page lists.
pub const UPCOMING: i64 = 10;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MemberCommittee {
    pub body_id: String,
    pub body: String,
    pub slug: String,
    pub role: String,
    pub role_label: String,
    pub organisation: Option<String>,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    /// Serving on the day the profile was read.
    pub current: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Upcoming {
    pub meeting_id: String,
    pub body: String,
    pub body_slug: String,
    pub starts_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Declared {
    pub meeting_id: String,
    pub date: NaiveDate,
    pub body: String,
    pub item: String,
    pub nature: String,
    pub kind: Option<String>,
    pub withdrew: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Voted {
    pub meeting_id: String,
    pub date: NaiveDate,
    pub body: String,
    pub item: String,
    pub motion: Option<String>,
    /// for, against or abstained.
    pub vote: String,
    /// carried or lost.
    pub result: String,
}

/// A member's attendance this municipal year.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AttendanceSummary {
    #[serde(flatten)]
    pub range: Range,
    #[serde(flatten)]
    pub columns: Columns,
}

/// Everything a member's page shows.
#[derive(Debug, Serialize, ToSchema)]
pub struct Profile {
    #[serde(flatten)]
    pub person: Person,
    pub committees: Vec<MemberCommittee>,
    pub upcoming_meetings: Vec<Upcoming>,
    pub attendance: AttendanceSummary,
    pub interests: Vec<Entry>,
    pub gifts: Vec<Gift>,
    pub dispensations: Vec<Dispensation>,
    pub declarations: Vec<Declared>,
    pub votes: Vec<Voted>,
}

fn committees(
    conn: &mut DbConn,
    person_id: &str,
    today: NaiveDate,
) -> AppResult<Vec<MemberCommittee>> {
    let ms = store::oparl_queries::memberships_of_people(conn, &[person_id.to_string()])?;
    let ids: Vec<String> = ms.iter().map(|m| m.body_id.clone()).collect();
    let bodies = store::public_lists::bodies_by_id(conn, &ids)?;
    let mut out: Vec<MemberCommittee> = ms
        .into_iter()
        .filter(|m| m.deleted_at.is_none())
        .filter_map(|m| {
            let b = bodies.get(&m.body_id)?;
            Some(MemberCommittee {
                body_id: b.id.clone(),
                body: b.name.clone(),
                slug: b.slug.clone(),
                role_label: membership_role_label(&m.role).to_string(),
                current: m.start_date.is_none_or(|s| s <= today)
                    && m.end_date.is_none_or(|e| e >= today),
                role: m.role,
                organisation: m.organisation,
                start_date: m.start_date,
                end_date: m.end_date,
            })
        })
        .collect();
    out.sort_by(|a, b| b.current.cmp(&a.current).then(a.body.cmp(&b.body)));
    Ok(out)
}

/// A member's profile as the viewer may see it (404 for a person the
/// public does not know of).
pub fn profile(
    conn: &mut DbConn,
    person_id: &str,
    viewer: Viewer,
    today: NaiveDate,
) -> AppResult<Profile> {
    let row = store::people::get_for(conn, person_id, viewer)?;
    let public = !viewer.is_internal();
    let facts = Facts::load(conn, Some(std::slice::from_ref(&row.id)))?;
    let id = row.id.clone();
    let range = Range::new(None, None, today)?;
    let record = person_record(conn, &id, viewer, range)?;
    let reg = register(conn, &id, viewer, false, today)?;
    let upcoming = q::upcoming_of(conn, &id, start_of_today(Utc::now()), UPCOMING)?;
    Ok(Profile {
        committees: committees(conn, &id, today)?,
        upcoming_meetings: upcoming
            .into_iter()
            .map(|u| Upcoming {
                meeting_id: u.meeting_id,
                body: u.body,
                body_slug: u.body_slug,
                starts_at: utc(u.starts_at),
            })
            .collect(),
        attendance: AttendanceSummary {
            range,
            columns: record.total,
        },
        interests: reg.entries,
        gifts: reg.gifts,
        dispensations: reg.dispensations,
        declarations: q::declarations_of(conn, &id, public)?
            .into_iter()
            .map(|d| Declared {
                meeting_id: d.meeting_id,
                date: london_date(d.starts_at),
                body: d.body,
                item: d.item_title,
                nature: d.nature,
                kind: d.kind,
                withdrew: d.withdrew,
            })
            .collect(),
        votes: q::votes_of(conn, &id, public)?
            .into_iter()
            .map(|v| Voted {
                meeting_id: v.meeting_id,
                date: london_date(v.starts_at),
                body: v.body,
                item: v.item_title,
                motion: v.motion,
                vote: v.vote,
                result: v.result,
            })
            .collect(),
        person: Person::build(row, !public, &facts, today),
    })
}

//! The whole meeting in one response: items with their parts, numbers,
//! documents, minutes, outcomes, declarations and actions, and attendance.
//! A fixed number of queries, whatever the number of items.

pub use super::paper::{size_label, Paper};
use super::time::{utc, utc_opt};
pub use crate::item_view::{
    build_items, Action, Declaration, Item, ItemContext, Outcome, Restricted,
};
use chrono::{DateTime, Utc};
use minutebook_domain::lifecycle::{MeetingStatus, MinutesStatus};
use minutebook_domain::visibility::{self, MeetingFacts, Viewer};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_store::attendance::AttendanceRow;
use minutebook_store::items::{ItemRow, ItemsOf};
use minutebook_store::meetings::MeetingRow;
use minutebook_store::people::PersonRow;
use minutebook_store::{self as store, bodies::BodyRow};
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct BodyRef {
    pub id: String,
    pub name: String,
    pub slug: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Venue {
    pub name: Option<String>,
    pub address: Option<String>,
    pub postcode: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Contact {
    pub name: Option<String>,
    pub role: Option<String>,
    pub email: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Meeting {
    pub id: String,
    pub body_id: String,
    pub body: BodyRef,
    pub title: Option<String>,
    pub starts_at: DateTime<Utc>,
    pub ends_at: Option<DateTime<Utc>>,
    pub venue: Venue,
    pub contact: Contact,
    pub status: MeetingStatus,
    pub minutes_status: MinutesStatus,
    pub agenda_published_at: Option<DateTime<Utc>>,
    /// Whether the minutes (text, outcomes, attendance) are included: always
    /// for token holders, once published for the public.
    pub minutes_visible: bool,
    /// What imported minutes print before their first item (with the minutes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preamble: Option<String>,
    pub items: Vec<Item>,
    pub attendance: Vec<Attendance>,
    /// The minutes' milestones: revision, approval, publication, confirmation.
    pub minutes_record: MinutesRecord,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

/// Where the minutes stand, for clerks and for the documents.
#[derive(Debug, Default, Clone, Serialize, ToSchema)]
pub struct MinutesRecord {
    /// The latest numbered revision (token holders only).
    pub revision: Option<i32>,
    pub approved_at: Option<DateTime<Utc>>,
    pub published_at: Option<DateTime<Utc>>,
    /// When the minutes were confirmed as a true record at the next meeting.
    pub confirmed_at: Option<DateTime<Utc>>,
    /// SHA-256 (hex) of the confirmed text; the same text is kept as a revision.
    pub confirmed_sha256: Option<String>,
}

impl Meeting {
    /// What decides who sees this meeting (see [`visibility`]).
    pub fn facts(&self) -> MeetingFacts {
        MeetingFacts {
            status: self.status,
            agenda_published: self.agenda_published_at.is_some(),
            minutes_status: self.minutes_status,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Attendance {
    pub id: String,
    pub meeting_id: String,
    pub person_id: String,
    pub person_name: Option<String>,
    /// `present`, `officer`, `in_attendance`, `apologies` or `absent`.
    pub status: String,
    pub chair: bool,
    pub organisation: Option<String>,
    pub substitute_for: Option<String>,
    pub substitute_for_name: Option<String>,
    /// Present (or in attendance) over a video link.
    #[serde(rename = "virtual")]
    pub attended_virtually: bool,
    /// Why a member sent apologies or was absent: for token holders only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub absence_reason: Option<String>,
    pub position: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i32,
}

impl Attendance {
    pub fn from_row(r: AttendanceRow, people: &HashMap<String, PersonRow>) -> Attendance {
        Attendance {
            person_name: people.get(&r.person_id).map(PersonRow::display_name),
            substitute_for_name: r
                .substitute_for
                .as_ref()
                .and_then(|p| people.get(p))
                .map(PersonRow::display_name),
            id: r.id,
            meeting_id: r.meeting_id,
            person_id: r.person_id,
            status: r.status,
            chair: r.chair,
            organisation: r.organisation,
            substitute_for: r.substitute_for,
            attended_virtually: r.attended_virtually,
            absence_reason: r.absence_reason,
            position: r.position,
            created_at: utc(r.created_at),
            updated_at: utc(r.updated_at),
            version: r.version,
        }
    }
}

/// Loads a meeting for a viewer; the public gets 404 for a draft.
pub fn load_meeting_row(conn: &mut DbConn, id: &str, viewer: Viewer) -> AppResult<MeetingRow> {
    let m = store::meetings::get(conn, id)?;
    if !visibility::meeting_visible(viewer, m.facts()) {
        return Err(AppError::not_found("meeting"));
    }
    Ok(m)
}

/// Loads a meeting whose agenda the viewer may see; else 404 for `what`.
pub fn load_agenda_meeting_row(
    conn: &mut DbConn,
    id: &str,
    viewer: Viewer,
    what: &str,
) -> AppResult<MeetingRow> {
    let m = load_meeting_row(conn, id, viewer).map_err(|_| AppError::not_found(what))?;
    if !visibility::agenda_visible(viewer, m.facts()) {
        return Err(AppError::not_found(what));
    }
    Ok(m)
}

pub fn load_item_context(
    conn: &mut DbConn,
    items: &[ItemRow],
    attendance: &[AttendanceRow],
) -> AppResult<ItemContext> {
    let ids: Vec<String> = items.iter().map(|i| i.id.clone()).collect();
    load_context(conn, ItemsOf::Ids(&ids), attendance)
}

/// The same for one top-level item and its parts, in statements that do
/// not vary with the item (so they are prepared once per connection).
/// A tree with no records at all (asked in one statement) needs no more.
pub fn load_tree_context(conn: &mut DbConn, top: &str) -> AppResult<ItemContext> {
    if !store::items::tree_has_records(conn, top)? {
        return load_context(conn, ItemsOf::Ids(&[]), &[]);
    }
    load_context(conn, ItemsOf::Tree(top), &[])
}

fn load_context(
    conn: &mut DbConn,
    which: ItemsOf,
    attendance: &[AttendanceRow],
) -> AppResult<ItemContext> {
    let records = store::minutes::for_items(conn, which)?;
    let documents = store::documents::for_items(conn, which)?;
    let votes = store::votes::for_items(conn, which)?;
    let mut person_ids: Vec<String> = super::votes::person_ids(&votes).collect();
    person_ids.extend(records.declarations.iter().map(|d| d.person_id.clone()));
    for a in attendance {
        person_ids.push(a.person_id.clone());
        if let Some(s) = &a.substitute_for {
            person_ids.push(s.clone());
        }
    }
    person_ids.sort();
    person_ids.dedup();
    let people = store::people::get_many(conn, &person_ids)?;
    Ok(ItemContext::new(records, votes, documents, people))
}

/// The same for all of a meeting's live items, in statements that do not
/// vary with their number (so they are prepared once per connection).
fn load_meeting_context(
    conn: &mut DbConn,
    meeting_id: &str,
    items: &[ItemRow],
    attendance: &[AttendanceRow],
) -> AppResult<ItemContext> {
    if items.is_empty() && attendance.is_empty() {
        return load_item_context(conn, &[], &[]);
    }
    let which = ItemsOf::Meeting(meeting_id);
    let (records, documents, votes) = if items.is_empty() {
        (
            store::minutes::for_items(conn, ItemsOf::Ids(&[]))?,
            Vec::new(),
            Vec::new(),
        )
    } else {
        (
            store::minutes::for_items(conn, which)?,
            store::documents::for_items(conn, which)?,
            store::votes::for_items(conn, which)?,
        )
    };
    let mut people = store::people::at_meeting(conn, meeting_id)?;
    // Voters are recorded at the meeting; anyone since removed from the
    // attendance is still named in their vote.
    let mut missing: Vec<String> = super::votes::person_ids(&votes)
        .filter(|id| !people.iter().any(|p| &p.id == id))
        .collect();
    if !missing.is_empty() {
        missing.sort();
        missing.dedup();
        people.extend(store::people::get_many(conn, &missing)?);
    }
    Ok(ItemContext::new(records, votes, documents, people))
}

/// A top-level item just added, as a clerk sees it, from its stored row:
/// nothing is recorded against a new item yet (no parts, records, votes or
/// papers), so [`build_items`] makes from the row alone what [`load_item`]
/// would read back. A part is read back (its letter depends on its
/// siblings).
pub fn added_item(
    conn: &mut DbConn,
    row: ItemRow,
    meeting: MeetingFacts,
    public_url: &str,
) -> AppResult<Item> {
    if row.parent_id.is_some() {
        return load_item(conn, &row.id, Viewer::Internal, public_url);
    }
    build_items(
        vec![row],
        ItemContext::default(),
        Viewer::Internal,
        meeting,
        public_url,
    )
    .pop()
    .ok_or_else(|| AppError::not_found("item"))
}

/// One item (with its parts) as the viewer may see it.
pub fn load_item(conn: &mut DbConn, id: &str, viewer: Viewer, public_url: &str) -> AppResult<Item> {
    let row = store::items::get_any(conn, id)?;
    let meeting = load_agenda_meeting_row(conn, &row.meeting_id, viewer, "item")?;
    let (top_id, parent) = match &row.parent_id {
        Some(p) => (p.clone(), Some(store::items::get_any(conn, p)?)),
        None => (row.id.clone(), None),
    };
    let mut rows = vec![parent.unwrap_or_else(|| row.clone())];
    rows.extend(store::items::siblings(
        conn,
        &row.meeting_id,
        Some(&top_id),
    )?);
    let ctx = load_tree_context(conn, &top_id)?;
    let mut built = build_items(rows, ctx, viewer, meeting.facts(), public_url);
    let mut top = built.pop().ok_or_else(|| AppError::not_found("item"))?;
    if row.parent_id.is_some() {
        return top
            .parts
            .into_iter()
            .find(|p| p.id == row.id)
            .ok_or_else(|| AppError::not_found("item"));
    }
    if row.deleted_at.is_some() {
        top.deleted_at = row.deleted_at.map(|t| t.and_utc());
    }
    Ok(top)
}

/// The whole meeting as `viewer` may see it, as the API's JSON (what
/// `GET /api/v1/meetings/{id}` answers and `meeting_documents` keeps).
pub fn json_bytes(
    conn: &mut DbConn,
    id: &str,
    viewer: Viewer,
    public_url: &str,
) -> AppResult<Vec<u8>> {
    json_of(&load_meeting(conn, id, viewer, public_url)?)
}

/// A loaded meeting as the API's JSON.
pub fn json_of(m: &Meeting) -> AppResult<Vec<u8>> {
    // One buffer sized for a whole meeting (tens of kB).
    let mut json = Vec::with_capacity(64 * 1024);
    serde_json::to_writer(&mut json, m).map_err(|e| AppError::Internal(e.into()))?;
    Ok(json)
}

/// The whole meeting as `viewer` may see it.
pub fn load_meeting(
    conn: &mut DbConn,
    id: &str,
    viewer: Viewer,
    public_url: &str,
) -> AppResult<Meeting> {
    let m = load_meeting_row(conn, id, viewer)?;
    let body = store::bodies::get(conn, &m.body_id)?;
    let facts = m.facts();
    let items = if visibility::agenda_visible(viewer, facts) {
        store::items::for_meeting(conn, &m.id)?
    } else {
        Vec::new()
    };
    let minutes_visible = visibility::minutes_visible(viewer, facts);
    let attendance = if minutes_visible {
        store::attendance::for_meeting(conn, &m.id)?
    } else {
        Vec::new()
    };
    let ctx = load_meeting_context(conn, &m.id, &items, &attendance)?;
    let attendance = attendance
        .into_iter()
        .map(|a| {
            let mut a = Attendance::from_row(a, &ctx.people);
            if !viewer.is_internal() {
                a.absence_reason = None;
            }
            a
        })
        .collect();
    let items = build_items(items, ctx, viewer, facts, public_url);
    let record = minutes_record(conn, &m.id, viewer)?;
    let mut view = meeting_view(m, &body, items, attendance, minutes_visible);
    view.minutes_record = record;
    Ok(view)
}

/// The minutes' milestones as `viewer` may see them (two queries).
pub fn minutes_record(
    conn: &mut DbConn,
    meeting_id: &str,
    viewer: Viewer,
) -> AppResult<MinutesRecord> {
    let ms = store::minutes_record::milestones(conn, meeting_id)?;
    let internal = visibility::workflow_visible(viewer);
    let revision = if internal {
        store::minutes_record::latest_revision_number(conn, meeting_id)?
    } else {
        None
    };
    Ok(MinutesRecord {
        revision,
        approved_at: if internal {
            utc_opt(ms.approved_at)
        } else {
            None
        },
        published_at: utc_opt(ms.published_at),
        confirmed_at: utc_opt(ms.confirmed_at),
        confirmed_sha256: ms.confirmed_sha256,
    })
}

pub fn meeting_view(
    m: MeetingRow,
    body: &BodyRow,
    items: Vec<Item>,
    attendance: Vec<Attendance>,
    minutes_visible: bool,
) -> Meeting {
    Meeting {
        id: m.id,
        body_id: m.body_id,
        body: BodyRef {
            id: body.id.clone(),
            name: body.name.clone(),
            slug: body.slug.clone(),
        },
        title: m.title,
        starts_at: utc(m.starts_at),
        ends_at: utc_opt(m.ends_at),
        venue: Venue {
            name: m.venue_name,
            address: m.venue_address,
            postcode: m.venue_postcode,
        },
        contact: Contact {
            name: m.contact_name,
            role: m.contact_role,
            email: m.contact_email,
        },
        status: m.status,
        minutes_status: m.minutes_status,
        agenda_published_at: utc_opt(m.agenda_published_at),
        minutes_visible,
        preamble: m.preamble.filter(|_| minutes_visible),
        items,
        attendance,
        minutes_record: MinutesRecord::default(),
        created_at: utc(m.created_at),
        updated_at: utc(m.updated_at),
        version: m.version,
    }
}

//! Attendance at a meeting: who was present (and who chaired), officers,
//! others in attendance, apologies, absences and substitutes. The API, the
//! importer and any page record it through these functions, each inside
//! the caller's write transaction.

use minutebook_domain::access::Actor;
use minutebook_domain::lifecycle::MeetingStatus;
use minutebook_domain::precondition::IfMatch;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_read::meeting::Attendance;
use minutebook_store::attendance::AttendanceRow;
use minutebook_store::{self as store, parse_id};
use std::collections::HashMap;

use crate::agenda::items::ensure_minutes_editable;

/// A new attendance record, its fields already checked for form.
#[derive(Debug, Clone)]
pub struct NewRecord {
    pub person_id: String,
    /// One of `vocab::ATTENDANCE_STATUSES`.
    pub status: String,
    pub chair: bool,
    /// The organisation represented; `None`: their membership's, else their own.
    pub organisation: Option<String>,
    pub substitute_for: Option<String>,
    pub attended_virtually: bool,
    pub absence_reason: Option<String>,
}

/// A change to a record: `None` leaves a field; `Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct Change {
    pub status: Option<String>,
    pub chair: Option<bool>,
    pub organisation: Option<Option<String>>,
    pub substitute_for: Option<Option<String>>,
    pub attended_virtually: Option<bool>,
    pub absence_reason: Option<Option<String>>,
}

/// The rules every attendance record keeps, checked against the meeting's
/// other records: only a member present chairs, one chair a meeting, no
/// one substitutes for themselves or for no one.
fn check_record(conn: &mut DbConn, row: &AttendanceRow) -> AppResult<()> {
    let away = matches!(row.status.as_str(), "apologies" | "absent");
    if row.attended_virtually && away {
        return Err(AppError::field(
            "virtual",
            "only someone who attended can attend virtually",
        ));
    }
    if row.absence_reason.is_some() && !away {
        return Err(AppError::field(
            "absence_reason",
            "only apologies or an absence have a reason for absence",
        ));
    }
    if row.chair && row.status != "present" {
        return Err(AppError::field(
            "chair",
            "only a member who is present can chair",
        ));
    }
    if let Some(s) = &row.substitute_for {
        if s == &row.person_id {
            return Err(AppError::field(
                "substitute_for",
                "a person cannot substitute for themselves",
            ));
        }
        if !store::people::exists(conn, s)? {
            return Err(AppError::field("substitute_for", "no person with that id"));
        }
    }
    if row.chair {
        let others = store::attendance::for_meeting(conn, &row.meeting_id)?;
        if let Some(other) = others.iter().find(|a| a.chair && a.id != row.id) {
            return Err(AppError::Conflict(format!(
                "person {} is already recorded as chair of this meeting; unset that first",
                other.person_id
            )));
        }
    }
    Ok(())
}

/// The record as a viewer reads it (with the people's names).
pub fn view(conn: &mut DbConn, row: AttendanceRow) -> AppResult<Attendance> {
    let mut ids = vec![row.person_id.clone()];
    ids.extend(row.substitute_for.clone());
    let people: HashMap<_, _> = store::people::get_many(conn, &ids)?
        .into_iter()
        .map(|p| (p.id.clone(), p))
        .collect();
    Ok(Attendance::from_row(row, &people))
}

/// Records a person's attendance at a meeting (once per person; not at a
/// cancelled meeting, nor once the minutes may no longer change).
pub fn record(
    conn: &mut DbConn,
    actor: &Actor,
    meeting_id: &str,
    new: NewRecord,
) -> AppResult<AttendanceRow> {
    let meeting = store::meetings::get_for_update(conn, meeting_id)?;
    if meeting.status() == MeetingStatus::Cancelled {
        return Err(AppError::Conflict("the meeting is cancelled".into()));
    }
    ensure_minutes_editable(&meeting)?;
    let person = parse_id(&new.person_id, "person")
        .and_then(|p| store::people::get(conn, &p))
        .map_err(|_| AppError::field("person_id", "no person with that id"))?;
    if let Some(existing) = store::attendance::find(conn, &meeting.id, &person.id)? {
        return Err(AppError::Conflict(format!(
            "{} is already recorded at this meeting; change it with PATCH /api/v1/attendance/{}",
            person.name, existing.id
        )));
    }
    let organisation = match new.organisation {
        Some(o) => Some(o),
        None => store::memberships::organisation_of(conn, &meeting.body_id, &person.id)?
            .or(person.organisation.clone()),
    };
    let now = store::now();
    let row = AttendanceRow {
        id: store::new_id(),
        meeting_id: meeting.id.clone(),
        person_id: person.id,
        status: new.status,
        chair: new.chair,
        organisation,
        substitute_for: new.substitute_for,
        position: store::attendance::next_position(conn, &meeting.id)?,
        created_at: now,
        updated_at: now,
        deleted_at: None,
        version: 1,
        attended_virtually: new.attended_virtually,
        absence_reason: new.absence_reason,
    };
    check_record(conn, &row)?;
    store::attendance::insert(conn, actor, &row)?;
    Ok(row)
}

/// Changes a record (`If-Match` checked against its version).
pub fn change(
    conn: &mut DbConn,
    actor: &Actor,
    id: &str,
    if_match: &IfMatch,
    change: Change,
) -> AppResult<AttendanceRow> {
    let before = store::attendance::get(conn, id)?;
    if_match.check(before.version)?;
    let meeting = store::meetings::get_for_update(conn, &before.meeting_id)?;
    ensure_minutes_editable(&meeting)?;
    let mut row = before.clone();
    if let Some(v) = change.status {
        row.status = v;
    }
    if let Some(v) = change.chair {
        row.chair = v;
    }
    if let Some(v) = change.organisation {
        row.organisation = v;
    }
    if let Some(v) = change.substitute_for {
        row.substitute_for = v;
    }
    if let Some(v) = change.attended_virtually {
        row.attended_virtually = v;
    }
    if let Some(v) = change.absence_reason {
        row.absence_reason = v;
    }
    check_record(conn, &row)?;
    store::attendance::save(conn, actor, "update", &before, &mut row)?;
    Ok(row)
}

/// Removes a record made in error (a tombstone, audited).
pub fn remove(conn: &mut DbConn, actor: &Actor, id: &str, if_match: &IfMatch) -> AppResult<()> {
    let before = store::attendance::get(conn, id)?;
    if_match.check(before.version)?;
    let meeting = store::meetings::get_for_update(conn, &before.meeting_id)?;
    ensure_minutes_editable(&meeting)?;
    let mut row = before.clone();
    row.deleted_at = Some(store::now());
    store::attendance::save(conn, actor, "delete", &before, &mut row)?;
    Ok(())
}

/// A line of the attendance checklist as ticked: `status` `None` when the
/// person is not (or no longer) recorded.
#[derive(Debug, Clone)]
pub struct Mark {
    pub person_id: String,
    pub status: Option<String>,
    pub attended_virtually: bool,
    pub chair: bool,
}

/// Brings the meeting's records of these people to the checklist: records
/// what is new, changes what differs, removes what was unticked. Whoever
/// stops chairing does so before anyone starts, so the chair can move in
/// one save. Everyone else's records are left as they are.
pub fn apply_checklist(
    conn: &mut DbConn,
    actor: &Actor,
    meeting_id: &str,
    marks: Vec<Mark>,
) -> AppResult<()> {
    let (stepping_down, others): (Vec<Mark>, Vec<Mark>) = marks.into_iter().partition(|m| !m.chair);
    for mark in stepping_down.into_iter().chain(others) {
        let existing = store::attendance::find(conn, meeting_id, &mark.person_id)?;
        match (existing, mark.status) {
            (None, None) => {}
            (Some(row), None) => remove(conn, actor, &row.id, &IfMatch(None))?,
            (None, Some(status)) => {
                record(
                    conn,
                    actor,
                    meeting_id,
                    NewRecord {
                        person_id: mark.person_id,
                        status,
                        chair: mark.chair,
                        organisation: None,
                        substitute_for: None,
                        attended_virtually: mark.attended_virtually,
                        absence_reason: None,
                    },
                )?;
            }
            (Some(row), Some(status)) => {
                let same = row.status == status
                    && row.chair == mark.chair
                    && row.attended_virtually == mark.attended_virtually;
                if !same {
                    let away = matches!(status.as_str(), "apologies" | "absent");
                    change(
                        conn,
                        actor,
                        &row.id,
                        &IfMatch(None),
                        Change {
                            status: Some(status),
                            chair: Some(mark.chair),
                            attended_virtually: Some(mark.attended_virtually),
                            absence_reason: (!away).then_some(None),
                            ..Change::default()
                        },
                    )?;
                }
            }
        }
    }
    Ok(())
}

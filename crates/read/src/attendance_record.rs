//! The attendance record: per member (in total, per body, meeting by
//! meeting), per body (every member, and for a partnership every partner
//! organisation: was it represented at each meeting), as JSON or CSV; and
//! the clerk's six-month-rule list. The counting is
//! `domain::attendance_record`; this gathers its facts.

use chrono::{Datelike, NaiveDate};
use minutebook_domain::attendance_record::{
    self as rule, Held, Mark, Seat, SixMonths, Standing, Tally,
};
use minutebook_domain::time::{london_date, start_of_day};
use minutebook_domain::visibility::Viewer;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_store::attendance_record::{self as q, HeldRow, MarkRow, SeatRow};
use minutebook_store::{self as store};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use utoipa::ToSchema;

/// The days a record covers, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct Range {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Range {
    /// `from`/`to` as given, or the municipal year (May to April) that holds
    /// `today`.
    pub fn new(
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
        today: NaiveDate,
    ) -> AppResult<Range> {
        let start_year = if today.month() >= 5 {
            today.year()
        } else {
            today.year() - 1
        };
        let from = from
            .or_else(|| NaiveDate::from_ymd_opt(start_year, 5, 1))
            .unwrap_or(today);
        let to = to
            .or_else(|| NaiveDate::from_ymd_opt(start_year + 1, 4, 30))
            .unwrap_or(today);
        if to < from {
            return Err(AppError::field("to", "must not be before from"));
        }
        if (to - from).num_days() > 366 * 10 {
            return Err(AppError::field("to", "a record covers at most ten years"));
        }
        Ok(Range { from, to })
    }
}

/// The published columns.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct Columns {
    pub expected: u32,
    pub present: u32,
    pub present_virtually: u32,
    pub present_as_substitute: u32,
    pub in_attendance: u32,
    pub apologies: u32,
    /// Absent without apologies.
    pub absent: u32,
    /// Present in the room or virtually, as a share of expected (whole per cent).
    pub percent: Option<u32>,
}

impl From<Tally> for Columns {
    fn from(t: Tally) -> Columns {
        Columns {
            expected: t.expected,
            present: t.present,
            present_virtually: t.present_virtually,
            present_as_substitute: t.present_as_substitute,
            in_attendance: t.in_attendance,
            apologies: t.apologies,
            absent: t.absent,
            percent: t.percent,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MeetingLine {
    pub meeting_id: String,
    pub body_id: String,
    pub body: String,
    pub date: NaiveDate,
    pub expected: bool,
    /// present, present_virtually, present_as_substitute, in_attendance,
    /// apologies or absent.
    pub outcome: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BodyColumns {
    pub body_id: String,
    pub body: String,
    #[serde(flatten)]
    pub columns: Columns,
}

/// One member's record.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonRecord {
    pub person_id: String,
    pub name: String,
    #[serde(flatten)]
    pub range: Range,
    pub total: Columns,
    pub by_body: Vec<BodyColumns>,
    pub meetings: Vec<MeetingLine>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MemberColumns {
    pub person_id: String,
    pub name: String,
    #[serde(flatten)]
    pub columns: Columns,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Represented {
    pub meeting_id: String,
    pub date: NaiveDate,
    pub represented: bool,
}

/// A partner organisation's record on a body.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct OrganisationRecord {
    pub organisation: String,
    pub meetings: u32,
    pub represented: u32,
    pub percent: Option<u32>,
    pub by_meeting: Vec<Represented>,
}

/// A body's record: every member, and every partner organisation.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BodyRecord {
    pub body_id: String,
    pub body: String,
    #[serde(flatten)]
    pub range: Range,
    pub meetings_held: u32,
    pub members: Vec<MemberColumns>,
    pub organisations: Vec<OrganisationRecord>,
}

fn held_in(
    conn: &mut DbConn,
    body: Option<&str>,
    range: Range,
    viewer: Viewer,
) -> AppResult<Vec<HeldRow>> {
    let from = start_of_day(range.from).ok_or_else(|| AppError::field("from", "not a day"))?;
    let to = range
        .to
        .succ_opt()
        .and_then(start_of_day)
        .ok_or_else(|| AppError::field("to", "not a day"))?;
    q::held(conn, body, from, to, !viewer.is_internal())
}

fn to_held(rows: &[HeldRow]) -> Vec<Held> {
    rows.iter()
        .map(|m| Held {
            meeting_id: m.id.clone(),
            body_id: m.body_id.clone(),
            date: london_date(m.starts_at),
        })
        .collect()
}

fn to_marks(rows: &[MarkRow]) -> Vec<Mark> {
    rows.iter()
        .map(|k| Mark {
            meeting_id: k.meeting_id.clone(),
            person_id: k.person_id.clone(),
            status: k.status.clone(),
            virtually: k.attended_virtually,
            substitute_for: k.substitute_for.clone(),
        })
        .collect()
}

fn to_seats<'a>(rows: impl Iterator<Item = &'a SeatRow>) -> Vec<Seat> {
    rows.map(|s| Seat {
        body_id: s.body_id.clone(),
        from: s.start_date,
        to: s.end_date,
    })
    .collect()
}

fn body_names(conn: &mut DbConn, held: &[Held]) -> AppResult<HashMap<String, String>> {
    let mut ids: Vec<String> = held.iter().map(|h| h.body_id.clone()).collect();
    ids.sort();
    ids.dedup();
    Ok(store::public_lists::bodies_by_id(conn, &ids)?
        .into_iter()
        .map(|(id, b)| (id, b.name))
        .collect())
}

fn outcome_name(o: rule::Outcome) -> String {
    serde_json::to_value(o)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// One member's record over a range (what the viewer may see of it).
pub fn person_record(
    conn: &mut DbConn,
    person_id: &str,
    viewer: Viewer,
    range: Range,
) -> AppResult<PersonRecord> {
    let person = store::people::get_for(conn, person_id, viewer)?;
    let seats = to_seats(q::seats(conn, Some(&person.id), None)?.iter());
    let held_rows = held_in(conn, None, range, viewer)?;
    let ids: Vec<String> = held_rows.iter().map(|m| m.id.clone()).collect();
    let marks = to_marks(&q::marks(conn, &ids)?);
    let held = to_held(&held_rows);
    let names = body_names(conn, &held)?;
    let (total, lines) = rule::record(&person.id, &seats, &held, &marks);
    let mut by_body: BTreeMap<String, Vec<Held>> = BTreeMap::new();
    for h in &held {
        by_body
            .entry(h.body_id.clone())
            .or_default()
            .push(h.clone());
    }
    let mut bodies = Vec::new();
    for (body_id, hs) in by_body {
        let (t, ls) = rule::record(&person.id, &seats, &hs, &marks);
        if !ls.is_empty() {
            bodies.push(BodyColumns {
                body: names.get(&body_id).cloned().unwrap_or_default(),
                body_id,
                columns: t.into(),
            });
        }
    }
    bodies.sort_by(|a, b| a.body.cmp(&b.body));
    Ok(PersonRecord {
        name: person.display_name(),
        person_id: person.id,
        range,
        total: total.into(),
        by_body: bodies,
        meetings: lines
            .into_iter()
            .map(|l| MeetingLine {
                body: names.get(&l.body_id).cloned().unwrap_or_default(),
                meeting_id: l.meeting_id,
                body_id: l.body_id,
                date: l.date,
                expected: l.expected,
                outcome: outcome_name(l.outcome),
            })
            .collect(),
    })
}

/// A body's record over a range: every member who held a seat in it, and
/// every organisation its members represent.
pub fn body_record(
    conn: &mut DbConn,
    body_key: &str,
    viewer: Viewer,
    range: Range,
) -> AppResult<BodyRecord> {
    let body = if viewer.is_internal() {
        store::bodies::get(conn, body_key)?
    } else {
        store::public_lists::body(conn, body_key)?
    };
    let seat_rows = q::seats(conn, None, Some(&body.id))?;
    let held_rows = held_in(conn, Some(&body.id), range, viewer)?;
    let ids: Vec<String> = held_rows.iter().map(|m| m.id.clone()).collect();
    let mark_rows = q::marks(conn, &ids)?;
    let (held, marks) = (to_held(&held_rows), to_marks(&mark_rows));
    let mut people: Vec<String> = seat_rows.iter().map(|s| s.person_id.clone()).collect();
    people.sort();
    people.dedup();
    let names: HashMap<String, String> = store::people::get_many(conn, &people)?
        .into_iter()
        .map(|p| (p.id.clone(), p.display_name()))
        .collect();
    let mut members = Vec::new();
    for p in &people {
        let seats = to_seats(seat_rows.iter().filter(|s| &s.person_id == p));
        let (t, lines) = rule::record(p, &seats, &held, &marks);
        if lines.iter().any(|l| l.expected) {
            members.push(MemberColumns {
                person_id: p.clone(),
                name: names.get(p).cloned().unwrap_or_default(),
                columns: t.into(),
            });
        }
    }
    members.sort_by(|a, b| a.name.cmp(&b.name).then(a.person_id.cmp(&b.person_id)));
    Ok(BodyRecord {
        body_id: body.id,
        body: body.name,
        range,
        meetings_held: u32::try_from(held.len()).unwrap_or(u32::MAX),
        members,
        organisations: organisations(&seat_rows, &held, &mark_rows),
    })
}

/// For each organisation a seat represents: was anyone present for it at
/// each meeting.
fn organisations(seats: &[SeatRow], held: &[Held], marks: &[MarkRow]) -> Vec<OrganisationRecord> {
    let mut orgs: Vec<String> = seats
        .iter()
        .filter_map(|s| s.organisation.clone())
        .collect();
    orgs.sort();
    orgs.dedup();
    orgs.into_iter()
        .map(|org| {
            let by_meeting: Vec<Represented> = held
                .iter()
                .map(|h| Represented {
                    meeting_id: h.meeting_id.clone(),
                    date: h.date,
                    represented: marks.iter().any(|k| {
                        k.meeting_id == h.meeting_id
                            && k.status == "present"
                            && k.organisation.as_deref() == Some(org.as_str())
                    }),
                })
                .collect();
            let meetings = u32::try_from(by_meeting.len()).unwrap_or(u32::MAX);
            let represented =
                u32::try_from(by_meeting.iter().filter(|r| r.represented).count()).unwrap_or(0);
            OrganisationRecord {
                organisation: org,
                meetings,
                represented,
                percent: (meetings > 0).then(|| (represented * 100 + meetings / 2) / meetings),
                by_meeting,
            }
        })
        .collect()
}

const COLUMNS: [&str; 8] = [
    "expected",
    "present",
    "present_virtually",
    "present_as_substitute",
    "in_attendance",
    "apologies",
    "absent",
    "percent",
];

fn column_cells(c: &Columns) -> Vec<String> {
    [
        c.expected,
        c.present,
        c.present_virtually,
        c.present_as_substitute,
        c.in_attendance,
        c.apologies,
        c.absent,
    ]
    .iter()
    .map(u32::to_string)
    .chain([c.percent.map(|p| p.to_string()).unwrap_or_default()])
    .collect()
}

fn csv_of(header: Vec<&str>, rows: Vec<Vec<String>>) -> AppResult<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| AppError::Internal(anyhow::anyhow!("writing CSV: {e}"));
    w.write_record(&header).map_err(fail)?;
    for r in rows {
        w.write_record(&r).map_err(fail)?;
    }
    w.into_inner()
        .map_err(|e| AppError::Internal(anyhow::anyhow!("writing CSV: {e}")))
}

/// A member's record as CSV: a row per body, then the total.
pub fn person_csv(r: &PersonRecord) -> AppResult<Vec<u8>> {
    let mut header = vec!["body"];
    header.extend(COLUMNS);
    let mut rows: Vec<Vec<String>> = r
        .by_body
        .iter()
        .map(|b| {
            std::iter::once(b.body.clone())
                .chain(column_cells(&b.columns))
                .collect()
        })
        .collect();
    rows.push(
        std::iter::once("Total".to_string())
            .chain(column_cells(&r.total))
            .collect(),
    );
    csv_of(header, rows)
}

/// A body's record as CSV: a row per member.
pub fn body_csv(r: &BodyRecord) -> AppResult<Vec<u8>> {
    let mut header = vec!["member"];
    header.extend(COLUMNS);
    let rows = r
        .members
        .iter()
        .map(|m| {
            std::iter::once(m.name.clone())
                .chain(column_cells(&m.columns))
                .collect()
        })
        .collect();
    csv_of(header, rows)
}

/// A councillor under the six-month rule.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SixMonthEntry {
    pub person_id: String,
    pub name: String,
    /// The last meeting attended as a member, if any.
    pub last_attended: Option<NaiveDate>,
    /// When the six months began: the last attendance, the start of office
    /// for one who has attended nothing, or the end of an approved absence.
    pub clock_from: NaiveDate,
    pub six_months_end: NaiveDate,
    pub days_left: i64,
    /// clear, warning (within eight weeks), expired or approved.
    pub status: String,
}

/// Every councillor holding a seat today with where they stand; `all`
/// lists the clear ones too, else only those warned, expired or approved.
/// The oldest clock first.
pub fn six_month_list(
    conn: &mut DbConn,
    today: NaiveDate,
    all: bool,
) -> AppResult<Vec<SixMonthEntry>> {
    let facts = crate::people::Facts::load(conn, None)?;
    let holding: Vec<String> = facts
        .terms
        .keys()
        .filter(|p| facts.term_on(p, today).is_some())
        .cloned()
        .collect();
    let last: HashMap<String, NaiveDate> = q::last_attended(conn, &holding)?
        .into_iter()
        .filter_map(|(p, t)| t.map(|t| (p, london_date(t))))
        .collect();
    let mut approvals: HashMap<String, Vec<rule::Approval>> = HashMap::new();
    for a in q::absences(conn, Some(&holding))? {
        approvals
            .entry(a.person_id.clone())
            .or_default()
            .push(rule::Approval {
                approved_on: a.approved_on,
                until: a.until,
            });
    }
    let names: HashMap<String, String> = store::people::get_many(conn, &holding)?
        .into_iter()
        .filter(|p| p.deleted_at.is_none())
        .map(|p| (p.id.clone(), p.display_name()))
        .collect();
    let mut out = Vec::new();
    for p in &holding {
        let Some(name) = names.get(p) else { continue };
        // A councillor who has attended nothing: from the start of the
        // term they hold today.
        let took_office = facts
            .term_on(p, today)
            .map(|t| t.start_date)
            .unwrap_or(today);
        let since = last.get(p).copied().unwrap_or(took_office);
        let Standing {
            clock_from,
            ends,
            status,
        } = rule::six_month_status(
            since,
            approvals.get(p).map(Vec::as_slice).unwrap_or(&[]),
            today,
        );
        if !all && status == SixMonths::Clear {
            continue;
        }
        out.push(SixMonthEntry {
            person_id: p.clone(),
            name: name.clone(),
            last_attended: last.get(p).copied(),
            clock_from,
            six_months_end: ends,
            days_left: (ends - today).num_days(),
            status: serde_json::to_value(status)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
        });
    }
    out.sort_by(|a, b| {
        a.six_months_end
            .cmp(&b.six_months_end)
            .then(a.name.cmp(&b.name))
    });
    Ok(out)
}

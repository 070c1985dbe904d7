//! The operations of the web service, each answering the XML modern.gov
//! answers (element names, nesting and formats as its real responses have
//! them). Everything is read through the public read model
//! ([`crate::public::data`], [`crate::read`]): drafts are never listed, a
//! restricted item shows only its number, title and `isrestricted`, and
//! unpublished minutes, papers of restricted items and email addresses
//! never appear.

use super::format::{self as f, count, flag};
use super::minutes_html::item_minutes;
use super::xml::Xml;
use crate::db::DbConn;
use crate::error::{AppError, AppResult};
use crate::public::data::{self, MeetingList};
use crate::read::meeting::{Attendance, Item, Meeting};
use crate::store::bodies::BodyRow;
use crate::store::meetings::MeetingRow;
use crate::store::memberships::MembershipRow;
use crate::store::mgws::{self as ids, Kind};
use crate::store::people::PersonRow;
use crate::store::{self};
use chrono::{Days, NaiveDate, NaiveDateTime};
use std::collections::{BTreeMap, HashMap};

/// The query parameters, names folded to lower case (ASP.NET reads them
/// without regard to case); the first of a repeated name wins.
#[derive(Debug, Default, Clone)]
pub struct Params(HashMap<String, String>);

impl Params {
    pub fn parse(query: &str) -> Params {
        let mut map = HashMap::new();
        for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
            map.entry(k.to_ascii_lowercase())
                .or_insert_with(|| v.into_owned());
        }
        Params(map)
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0.get(&name.to_ascii_lowercase()).map(String::as_str)
    }
}

/// An answer: the XML and when what it shows last changed.
pub struct Answer {
    pub body: Vec<u8>,
    pub last_modified: Option<NaiveDateTime>,
}

/// The operations this service answers.
pub const OPERATIONS: &[&str] = &[
    "GetCommittees",
    "GetMeetings",
    "GetMeeting",
    "GetMemberGroup",
    "GetCommitteesByUser",
    "GetCouncillorsByWard",
    "GetAllMeetingsByDate",
    "GetCalendarEvents",
];

fn bad(msg: String) -> AppError {
    AppError::BadRequest(msg)
}

/// Answers one operation (its name in any case).
pub fn answer(
    conn: &mut DbConn,
    operation: &str,
    p: &Params,
    public_url: &str,
) -> AppResult<Answer> {
    let body = match operation.to_ascii_lowercase().as_str() {
        "getcommittees" => get_committees(conn)?,
        "getmeetings" => get_meetings(conn, p)?,
        "getmeeting" => {
            let id = f::parse_int("lMeetingId", p.get("lMeetingId"))
                .map_err(bad)?
                .ok_or_else(|| bad("Missing parameter: lMeetingId.".into()))?;
            let (body, uuid) = get_meeting(conn, id, public_url)?;
            return Ok(Answer {
                body,
                last_modified: store::mgws::last_change_of_meeting(conn, &uuid)?,
            });
        }
        "getmembergroup" => get_member_group(conn)?,
        "getcommitteesbyuser" => get_committees_by_user(conn, p)?,
        "getcouncillorsbyward" => get_councillors_by_ward(conn)?,
        "getallmeetingsbydate" => get_all_meetings_by_date(conn, p)?,
        "getcalendarevents" => get_calendar_events(conn, p)?,
        _ => {
            return Err(AppError::NotFound(format!(
                "Unknown operation: {}. This service answers {}.",
                operation.chars().take(100).collect::<String>(),
                OPERATIONS.join(", ")
            )))
        }
    };
    Ok(Answer {
        body,
        last_modified: store::mgws::last_change(conn)?,
    })
}

// ---- shared pieces -------------------------------------------------------

fn status(m: &MeetingRow) -> &'static str {
    if m.status == "cancelled" {
        "Cancelled"
    } else {
        "Confirmed"
    }
}

fn category(kind: &str) -> String {
    let s = kind.replace('_', " ");
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn role_description(role: &str) -> &'static str {
    match role {
        "chair" => "Chair",
        "vice_chair" => "Vice-Chair",
        "officer" => "Officer",
        "lead_officer" => "Lead Officer",
        _ => "Committee Member",
    }
}

fn is_member_role(role: &str) -> bool {
    matches!(role, "chair" | "vice_chair" | "member")
}

fn location(name: Option<&str>, address: Option<&str>, postcode: Option<&str>) -> String {
    [name, address, postcode]
        .into_iter()
        .flatten()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Live bodies with their integer ids, by name.
fn committees(conn: &mut DbConn) -> AppResult<Vec<(BodyRow, i64)>> {
    let bodies = data::bodies(conn)?;
    let uuids: Vec<String> = bodies.iter().map(|b| b.id.clone()).collect();
    let map = ids::ids(conn, Kind::Body, &uuids)?;
    Ok(bodies
        .into_iter()
        .filter_map(|b| map.get(&b.id).copied().map(|n| (b, n)))
        .collect())
}

/// The live body an `lCommitteeId` names; `None` for 0, negative or absent (all).
fn committee_param(conn: &mut DbConn, p: &Params) -> AppResult<Option<BodyRow>> {
    let id = f::parse_int("lCommitteeId", p.get("lCommitteeId")).map_err(bad)?;
    match id {
        None => Ok(None),
        Some(n) if n <= 0 => Ok(None),
        Some(n) => {
            let uuid = ids::uuid(conn, Kind::Body, n)?
                .ok_or_else(|| AppError::NotFound(format!("No committee with id {n}.")))?;
            data::body(conn, &uuid)
                .map(Some)
                .map_err(|_| AppError::NotFound(format!("No committee with id {n}.")))
        }
    }
}

/// Public meetings between two UK dates (both inclusive).
fn meetings_between(
    conn: &mut DbConn,
    body_id: Option<String>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    newest_first: bool,
) -> AppResult<Vec<MeetingRow>> {
    if let (Some(a), Some(b)) = (from, to) {
        if a > b {
            return Err(bad(format!(
                "The start date {} is after the end date {}.",
                f::date(a),
                f::date(b)
            )));
        }
    }
    data::meetings(
        conn,
        &MeetingList {
            body_id,
            from: from.map(f::day_start_utc),
            to: to
                .and_then(|d| d.checked_add_days(Days::new(1)))
                .map(f::day_start_utc),
            newest_first,
            limit: 0,
        },
    )
}

fn meeting_ids(conn: &mut DbConn, rows: &[MeetingRow]) -> AppResult<HashMap<String, i64>> {
    let uuids: Vec<String> = rows.iter().map(|m| m.id.clone()).collect();
    ids::ids(conn, Kind::Meeting, &uuids)
}

/// Current members of live bodies: each person (not deleted) with their
/// current memberships, by name.
fn current_members(
    conn: &mut DbConn,
    person: Option<&str>,
    roles: fn(&str) -> bool,
) -> AppResult<Vec<(PersonRow, Vec<MembershipRow>)>> {
    let today = f::local(store::now()).date();
    let ms: Vec<MembershipRow> = ids::live_memberships(conn, None, person)?
        .into_iter()
        .filter(|m| roles(&m.role) && current_on(m, today))
        .collect();
    let mut person_ids: Vec<String> = ms.iter().map(|m| m.person_id.clone()).collect();
    person_ids.sort();
    person_ids.dedup();
    let people = store::people::get_many(conn, &person_ids)?;
    let mut by_person: HashMap<String, Vec<MembershipRow>> = HashMap::new();
    for m in ms {
        by_person.entry(m.person_id.clone()).or_default().push(m);
    }
    let mut out: Vec<(PersonRow, Vec<MembershipRow>)> = people
        .into_iter()
        .filter_map(|p| by_person.remove(&p.id).map(|m| (p, m)))
        .collect();
    out.sort_by(|a, b| a.0.name.cmp(&b.0.name).then(a.0.id.cmp(&b.0.id)));
    Ok(out)
}

fn current_on(m: &MembershipRow, day: NaiveDate) -> bool {
    m.start_date.is_none_or(|s| s <= day) && m.end_date.is_none_or(|e| e >= day)
}

fn body_names(conn: &mut DbConn) -> AppResult<HashMap<String, (String, i64)>> {
    Ok(committees(conn)?
        .into_iter()
        .map(|(b, n)| (b.id.clone(), (b.name, n)))
        .collect())
}

/// "Chair of Safer Stockton Partnership; Vice-Chair of …".
fn key_posts(ms: &[MembershipRow], names: &HashMap<String, (String, i64)>) -> String {
    ms.iter()
        .filter(|m| matches!(m.role.as_str(), "chair" | "vice_chair"))
        .filter_map(|m| {
            names
                .get(&m.body_id)
                .map(|(n, _)| format!("{} of {n}", role_description(&m.role)))
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn representing(p: &PersonRow, ms: &[MembershipRow]) -> String {
    ms.iter()
        .find_map(|m| m.organisation.clone())
        .or_else(|| p.organisation.clone())
        .unwrap_or_default()
}

// ---- GetCommittees ---------------------------------------------------------

fn committee_fields(x: &mut Xml, b: &BodyRow, n: i64) {
    x.text("committeeid", &n.to_string())
        .text("committeetitle", &b.name)
        .text("committeedeleted", flag(false))
        .text("committeeexpired", flag(false))
        .text("committeecategory", &category(&b.kind));
}

fn get_committees(conn: &mut DbConn) -> AppResult<Vec<u8>> {
    let list = committees(conn)?;
    let mut x = Xml::new();
    x.open("committees")
        .text("committeescount", &count(list.len()));
    for (b, n) in &list {
        x.open("committee");
        committee_fields(&mut x, b, *n);
        x.close("committee");
    }
    x.close("committees");
    x.finish()
}

// ---- GetMeetings -----------------------------------------------------------

fn get_meetings(conn: &mut DbConn, p: &Params) -> AppResult<Vec<u8>> {
    let one = committee_param(conn, p)?;
    let from = f::parse_date("sFromDate", p.get("sFromDate")).map_err(bad)?;
    let to = f::parse_date("sToDate", p.get("sToDate")).map_err(bad)?;
    let rows = meetings_between(conn, one.as_ref().map(|b| b.id.clone()), from, to, false)?;
    let numbers = meeting_ids(conn, &rows)?;
    let mut by_body: HashMap<String, Vec<&MeetingRow>> = HashMap::new();
    for m in &rows {
        by_body.entry(m.body_id.clone()).or_default().push(m);
    }
    let list: Vec<(BodyRow, i64)> = committees(conn)?
        .into_iter()
        .filter(|(b, _)| match &one {
            Some(o) => o.id == b.id,
            // All committees: those with meetings in the range.
            None => by_body.contains_key(&b.id),
        })
        .collect();
    let total: usize = list
        .iter()
        .map(|(b, _)| by_body.get(&b.id).map_or(0, Vec::len))
        .sum();
    let mut x = Xml::new();
    x.open("getmeetings")
        .text("meetingscount", &count(total))
        .text("committeescount", &count(list.len()));
    for (b, n) in &list {
        let ms = by_body.get(&b.id).cloned().unwrap_or_default();
        x.open("committee")
            .text("committeeid", &n.to_string())
            .text("committeetitle", &b.name)
            .text("committeemeetingcount", &count(ms.len()))
            .open("committeemeetings");
        for m in ms {
            let Some(id) = numbers.get(&m.id) else {
                continue;
            };
            let local = f::local(m.starts_at);
            x.open("meeting")
                .text("meetingid", &id.to_string())
                .text("meetingdate", &f::date(local.date()))
                .text("meetingstatus", status(m))
                .text("meetingtime", &f::time(local.time()))
                .text("iswebcast", flag(false))
                .close("meeting");
        }
        x.close("committeemeetings").close("committee");
    }
    x.close("getmeetings");
    x.finish()
}

// ---- GetMeeting ------------------------------------------------------------

fn get_meeting(conn: &mut DbConn, id: i64, public_url: &str) -> AppResult<(Vec<u8>, String)> {
    let not_found = || AppError::NotFound(format!("No meeting with id {id}."));
    let uuid = ids::uuid(conn, Kind::Meeting, id)?.ok_or_else(not_found)?;
    let m = match data::public_meeting(conn, &uuid, public_url) {
        Ok(m) => m,
        Err(AppError::NotFound(_)) => return Err(not_found()),
        Err(e) => return Err(e),
    };
    let row = store::meetings::get(conn, &uuid)?;
    let all_items: Vec<&Item> = m
        .items
        .iter()
        .flat_map(|i| std::iter::once(i).chain(i.parts.iter()))
        .collect();
    let item_ids = ids::ids(
        conn,
        Kind::Item,
        &all_items.iter().map(|i| i.id.clone()).collect::<Vec<_>>(),
    )?;
    let doc_ids = ids::ids(
        conn,
        Kind::Document,
        &all_items
            .iter()
            .flat_map(|i| i.documents.iter().map(|d| d.id.clone()))
            .collect::<Vec<_>>(),
    )?;
    let attendees = attendees(conn, &m, &row, public_url)?;

    let local = f::local(row.starts_at);
    let date = f::date(local.date());
    let time = f::time(local.time());
    let minutes_public = m.minutes_visible;
    let mut x = Xml::new();
    x.open("meeting")
        .text("meetingid", &id.to_string())
        .text("meetingdate", &date)
        .text("meetingstatus", status(&row))
        .text("isdisplayallowed", flag(true))
        .text("meetingtime", &time)
        .text("meetingactualstarttime", "")
        .text(
            "meetingplannedfinishtime",
            &row.ends_at
                .map(|e| f::time(f::local(e).time()))
                .unwrap_or_default(),
        )
        .text("meetingactualfinishtime", "")
        .text(
            "meetinglocation",
            &location(
                m.venue.name.as_deref(),
                m.venue.address.as_deref(),
                m.venue.postcode.as_deref(),
            ),
        )
        .text("iswebcast", flag(false))
        .text("agendaid", &id.to_string())
        .text("agendapublished", flag(m.agenda_published_at.is_some()))
        .text("decisionpublished", flag(minutes_public))
        .text("minutepublished", flag(minutes_public))
        .text("meetingroom", "")
        .open("agendaitems");
    for (n, top) in m.items.iter().enumerate() {
        for it in std::iter::once(top).chain(top.parts.iter()) {
            let Some(item_id) = item_ids.get(&it.id) else {
                continue;
            };
            agenda_item(
                &mut x,
                it,
                *item_id,
                n + 1,
                &doc_ids,
                &m,
                &date,
                &time,
                row.agenda_published_at,
            );
        }
    }
    x.close("agendaitems").open("attendees");
    for a in &attendees {
        x.open_with(
            "attendee",
            &[
                ("membertype", "U".to_string()),
                ("memberid", a.id.to_string()),
                ("name", a.name.clone()),
                ("roledescription", a.role.clone()),
                ("attendance", a.attendance.clone()),
            ],
        )
        .text("url", &a.url)
        .close("attendee");
    }
    x.close("attendees").close("meeting");
    Ok((x.finish()?, uuid))
}

#[expect(clippy::too_many_arguments, reason = "one agenda item's context")]
fn agenda_item(
    x: &mut Xml,
    it: &Item,
    id: i64,
    number: usize,
    doc_ids: &HashMap<String, i64>,
    m: &Meeting,
    date: &str,
    time: &str,
    agenda_published_at: Option<NaiveDateTime>,
) {
    // A restricted item (or a part of one) shows its number, title and flag.
    let restricted = it.restricted.is_some()
        || m.items
            .iter()
            .any(|top| top.restricted.is_some() && top.parts.iter().any(|p| p.id == it.id));
    let display = match (&it.minute_number, &it.part_letter) {
        (Some(n), Some(l)) => format!("{n}({l})"),
        (Some(n), None) => n.clone(),
        (None, Some(l)) => format!("({l})"),
        (None, None) => String::new(),
    };
    let minutes_public = m.minutes_visible && !restricted;
    let minutes_html = if minutes_public {
        item_minutes(it)
    } else {
        String::new()
    };
    let decided = minutes_public && !it.outcomes.is_empty();
    let actions = if minutes_public {
        it.actions
            .iter()
            .map(|a| a.description.clone())
            .collect::<Vec<_>>()
            .join("; ")
    } else {
        String::new()
    };
    x.open("agendaitem")
        .text("agendaitemid", &id.to_string())
        .text("agendaitemtitle", &it.title)
        .text("agendatext", "")
        .text("actualmeetingdate", date)
        .text("agendaitemnumber", &number.to_string())
        .opt("agendaitemsubnumber", it.part_letter.as_deref())
        .text("fulldisplaynumberformat", &display)
        .text("authorusername", "")
        .text("commentlabel1", "Presented By")
        .text(
            "commenttext1",
            if restricted {
                ""
            } else {
                it.presenter.as_deref().unwrap_or("")
            },
        )
        .text("commentlabel2", "Actions")
        .text("commenttext2", &actions)
        .text("minutesnonemptyhtmlbody", &minutes_html)
        .text(
            "declarationcount",
            &if minutes_public {
                it.declarations.len()
            } else {
                0
            }
            .to_string(),
        )
        .text("iscallin", flag(false))
        .text("iscomment", flag(false))
        .text("isdecision", flag(decided))
        .text("isdecisionpublished", flag(decided))
        .text("isminutepublished", flag(minutes_public))
        .text("ispubliccanspeak", flag(false))
        .text("isrestricted", flag(restricted))
        .text("isdisplayallowed", flag(true))
        .text("meetingdate", date)
        .text("meetingtime", time)
        .text("minutesitemnumber", "")
        .opt("minutesitemsubnumber", it.part_letter.as_deref())
        .text("preferreddate", date)
        .text("refertocommittee", &m.body.name)
        .open("linkeddocuments");
    if !restricted {
        for (k, d) in it.documents.iter().enumerate() {
            let Some(doc_id) = doc_ids.get(&d.id) else {
                continue;
            };
            let created = d.created_at.naive_utc();
            let published = match agenda_published_at {
                Some(p) if p > created => p,
                _ => created,
            };
            x.open("linkeddoc")
                .text("attachmentid", &doc_id.to_string())
                .text("title", &d.title)
                .text("isurl", flag(false))
                .text("url", &d.url)
                .text("isrestricted", flag(false))
                .text("restrictionsRef", "")
                .text("itemnum", &(k + 1).to_string())
                .text("publicationdate", &f::date(f::local(published).date()))
                .text("meetingdate", date)
                .text("decisiondate", date)
                .text("committeetitle", &m.body.name)
                .text("isdecisionattachment", flag(false))
                .text("ownertitle", &it.title)
                .close("linkeddoc");
        }
    }
    x.close("linkeddocuments").close("agendaitem");
}

struct Attendee {
    id: i64,
    name: String,
    role: String,
    attendance: String,
    url: String,
}

/// Who attended, once the minutes are public; before that, the body's
/// members expected (as modern.gov lists them).
fn attendees(
    conn: &mut DbConn,
    m: &Meeting,
    row: &MeetingRow,
    public_url: &str,
) -> AppResult<Vec<Attendee>> {
    let day = f::local(row.starts_at).date();
    let ms: Vec<MembershipRow> = ids::live_memberships(conn, Some(&row.body_id), None)?
        .into_iter()
        .filter(|x| current_on(x, day))
        .collect();
    let role_of: HashMap<&str, &str> = ms
        .iter()
        .map(|x| (x.person_id.as_str(), x.role.as_str()))
        .collect();
    let recorded: Vec<&Attendance> = if m.minutes_visible {
        m.attendance.iter().collect()
    } else {
        Vec::new()
    };
    let mut wanted: Vec<(String, String, String)> = Vec::new(); // (person, role, attendance)
    if recorded.is_empty() {
        for x in ms.iter().filter(|x| is_member_role(&x.role)) {
            if !wanted.iter().any(|w| w.0 == x.person_id) {
                wanted.push((
                    x.person_id.clone(),
                    role_description(&x.role).into(),
                    "Expected".into(),
                ));
            }
        }
    } else {
        for a in recorded {
            let member_role = role_of
                .get(a.person_id.as_str())
                .map(|r| role_description(r))
                .unwrap_or("Committee Member");
            let (role, attendance) = match a.status.as_str() {
                "present" if a.chair => ("Chair", "Present"),
                "present" if a.substitute_for.is_some() => ("Substitute", "Present as substitute"),
                "present" => (member_role, "Present"),
                "officer" => ("Officer", "In attendance"),
                "in_attendance" => ("Also in attendance", "In attendance"),
                "apologies" => (member_role, "Apologies"),
                _ => (member_role, "Absent"),
            };
            wanted.push((a.person_id.clone(), role.into(), attendance.into()));
        }
    }
    let person_ids: Vec<String> = wanted.iter().map(|w| w.0.clone()).collect();
    let numbers = ids::ids(conn, Kind::Person, &person_ids)?;
    let people: HashMap<String, PersonRow> = store::people::get_many(conn, &person_ids)?
        .into_iter()
        .map(|p| (p.id.clone(), p))
        .collect();
    Ok(wanted
        .into_iter()
        .filter_map(|(pid, role, attendance)| {
            let p = people.get(&pid)?;
            Some(Attendee {
                id: *numbers.get(&pid)?,
                name: p.display_name(),
                role,
                attendance,
                url: format!("{public_url}/oparl/v1/person/{pid}"),
            })
        })
        .collect())
}

// ---- members ---------------------------------------------------------------

fn member_fields(
    x: &mut Xml,
    p: &PersonRow,
    ms: &[MembershipRow],
    names: &HashMap<String, (String, i64)>,
) {
    x.text("fullusername", &p.display_name())
        .text("photosmallurl", "")
        .text("photobigurl", "")
        .text("politicalpartytitle", "")
        .text("politicalgrouptitle", "")
        .text("districttitle", "")
        .text("representing", &representing(p, ms))
        .text("keyposts", &key_posts(ms, names));
}

fn get_member_group(conn: &mut DbConn) -> AppResult<Vec<u8>> {
    let members = current_members(conn, None, is_member_role)?;
    let names = body_names(conn)?;
    let numbers = ids::ids(
        conn,
        Kind::Person,
        &members
            .iter()
            .map(|(p, _)| p.id.clone())
            .collect::<Vec<_>>(),
    )?;
    let mut x = Xml::new();
    x.open("memberlist").open("members");
    for (p, ms) in &members {
        let Some(n) = numbers.get(&p.id) else {
            continue;
        };
        x.open("member").text("memberid", &n.to_string());
        member_fields(&mut x, p, ms, &names);
        x.close("member");
    }
    x.close("members").close("memberlist");
    x.finish()
}

fn get_councillors_by_ward(conn: &mut DbConn) -> AppResult<Vec<u8>> {
    // minutebook records no wards: every current member is in one unnamed
    // ward, as modern.gov lists members who represent none.
    let members = current_members(conn, None, is_member_role)?;
    let names = body_names(conn)?;
    let numbers = ids::ids(
        conn,
        Kind::Person,
        &members
            .iter()
            .map(|(p, _)| p.id.clone())
            .collect::<Vec<_>>(),
    )?;
    let mut x = Xml::new();
    x.open("councillorsbyward").open("wards");
    if !members.is_empty() {
        x.open("ward")
            .text("wardtitle", "")
            .open("councillors")
            .text("councillorcount", &count(members.len()));
        for (p, ms) in &members {
            let Some(n) = numbers.get(&p.id) else {
                continue;
            };
            x.open("councillor").text("councillorid", &n.to_string());
            member_fields(&mut x, p, ms, &names);
            x.close("councillor");
        }
        x.close("councillors").close("ward");
    }
    x.close("wards").close("councillorsbyward");
    x.finish()
}

/// The person an `lUserId` names, if they are a current member of a live
/// body (anyone else is not public here).
fn member_param(
    conn: &mut DbConn,
    p: &Params,
    required: bool,
) -> AppResult<Option<(PersonRow, Vec<MembershipRow>, i64)>> {
    let id = f::parse_int("lUserId", p.get("lUserId")).map_err(bad)?;
    let id = match id {
        None if required => return Err(bad("Missing parameter: lUserId.".into())),
        None => return Ok(None),
        Some(n) if n <= 0 && !required => return Ok(None),
        Some(n) => n,
    };
    let not_found = || AppError::NotFound(format!("No member with id {id}."));
    let uuid = ids::uuid(conn, Kind::Person, id)?.ok_or_else(not_found)?;
    let mut found = current_members(conn, Some(&uuid), |_| true)?;
    let (person, ms) = found.pop().ok_or_else(not_found)?;
    Ok(Some((person, ms, id)))
}

fn get_committees_by_user(conn: &mut DbConn, p: &Params) -> AppResult<Vec<u8>> {
    let Some((person, ms, id)) = member_param(conn, p, true)? else {
        return Err(bad("Missing parameter: lUserId.".into()));
    };
    let bodies: HashMap<String, (BodyRow, i64)> = committees(conn)?
        .into_iter()
        .map(|(b, n)| (b.id.clone(), (b, n)))
        .collect();
    // One entry per body, with the most senior role held.
    let mut by_body: BTreeMap<String, &MembershipRow> = BTreeMap::new();
    for m in &ms {
        let e = by_body.entry(m.body_id.clone()).or_insert(m);
        let rank = |r: &str| match r {
            "chair" => 0,
            "vice_chair" => 1,
            "member" => 2,
            "lead_officer" => 3,
            _ => 4,
        };
        if rank(&m.role) < rank(&e.role) {
            *e = m;
        }
    }
    let mut list: Vec<(&BodyRow, i64, &MembershipRow)> = by_body
        .values()
        .filter_map(|m| bodies.get(&m.body_id).map(|(b, n)| (b, *n, *m)))
        .collect();
    list.sort_by(|a, b| a.0.name.cmp(&b.0.name));
    let mut x = Xml::new();
    x.open("committeesbyuser")
        .text("memberid", &id.to_string())
        .text("fullusername", &person.display_name())
        .open("committees")
        .text("committeescount", &count(list.len()));
    for (b, n, m) in list {
        x.open("committee");
        committee_fields(&mut x, b, n);
        x.text("roledescription", role_description(&m.role));
        x.close("committee");
    }
    x.close("committees").close("committeesbyuser");
    x.finish()
}

// ---- meetings by date, calendar ----------------------------------------------

fn get_all_meetings_by_date(conn: &mut DbConn, p: &Params) -> AppResult<Vec<u8>> {
    let one = committee_param(conn, p)?;
    let from = f::parse_date("sFromDate", p.get("sFromDate")).map_err(bad)?;
    let to = f::parse_date("sToDate", p.get("sToDate")).map_err(bad)?;
    let ascending = f::parse_bool("bIsAscendingDateOrder", p.get("bIsAscendingDateOrder"))
        .map_err(bad)?
        .unwrap_or(true);
    let rows = meetings_between(conn, one.map(|b| b.id), from, to, !ascending)?;
    let numbers = meeting_ids(conn, &rows)?;
    let names = body_names(conn)?;
    let mut x = Xml::new();
    x.open("getmeetingsbydate")
        .text("meetingscount", &count(rows.len()))
        .open("meetings");
    for m in &rows {
        let (Some(id), Some((title, committee))) = (numbers.get(&m.id), names.get(&m.body_id))
        else {
            continue;
        };
        let local = f::local(m.starts_at);
        x.open("meeting")
            .text("meetingid", &id.to_string())
            .text("meetingdate", &f::date(local.date()))
            .text("meetingtime", &f::time(local.time()))
            .text("meetingstatus", status(m))
            .text("committeeid", &committee.to_string())
            .text("committeetitle", title)
            .text(
                "meetinglocation",
                &location(
                    m.venue_name.as_deref(),
                    m.venue_address.as_deref(),
                    m.venue_postcode.as_deref(),
                ),
            )
            .text("iswebcast", flag(false))
            .close("meeting");
    }
    x.close("meetings").close("getmeetingsbydate");
    x.finish()
}

fn get_calendar_events(conn: &mut DbConn, p: &Params) -> AppResult<Vec<u8>> {
    f::parse_bool("bGlobalCalendar", p.get("bGlobalCalendar")).map_err(bad)?;
    let member = member_param(conn, p, false)?;
    let from = f::parse_date("sDateStart", p.get("sDateStart")).map_err(bad)?;
    let to = f::parse_date("sDateEnd", p.get("sDateEnd")).map_err(bad)?;
    let mut rows = meetings_between(conn, None, from, to, false)?;
    if let Some((_, ms, _)) = &member {
        rows.retain(|m| ms.iter().any(|x| x.body_id == m.body_id));
    }
    let numbers = meeting_ids(conn, &rows)?;
    let names = body_names(conn)?;
    let mut x = Xml::new();
    x.open("calendarevents")
        .text("eventscount", &count(rows.len()))
        .open("events");
    for m in &rows {
        let (Some(id), Some((title, committee))) = (numbers.get(&m.id), names.get(&m.body_id))
        else {
            continue;
        };
        let local = f::local(m.starts_at);
        x.open("event")
            .text("eventid", &id.to_string())
            .text("meetingid", &id.to_string())
            .text("eventtitle", m.title.as_deref().unwrap_or(title))
            .text("eventdate", &f::date(local.date()))
            .text("eventtime", &f::time(local.time()))
            .text(
                "eventendtime",
                &m.ends_at
                    .map(|e| f::time(f::local(e).time()))
                    .unwrap_or_default(),
            )
            .text(
                "eventlocation",
                &location(
                    m.venue_name.as_deref(),
                    m.venue_address.as_deref(),
                    m.venue_postcode.as_deref(),
                ),
            )
            .text("committeeid", &committee.to_string())
            .text("committeetitle", title)
            .text("meetingstatus", status(m))
            .close("event");
    }
    x.close("events").close("calendarevents");
    x.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_read_without_regard_to_case() {
        let p = Params::parse("LMEETINGID=12&sfromdate=19%2F07%2F2023&lMeetingId=13");
        assert_eq!(p.get("lMeetingId"), Some("12"));
        assert_eq!(p.get("sFromDate"), Some("19/07/2023"));
    }

    #[test]
    fn body_kinds_read_as_categories() {
        assert_eq!(category("scrutiny_panel"), "Scrutiny panel");
        assert_eq!(category("partnership"), "Partnership");
    }

    #[test]
    fn locations_join_what_is_known() {
        assert_eq!(
            location(Some("Jim Cooke Conference Suite"), None, Some("TS17 6BL")),
            "Jim Cooke Conference Suite, TS17 6BL"
        );
        assert_eq!(location(None, Some(" "), None), "");
    }
}

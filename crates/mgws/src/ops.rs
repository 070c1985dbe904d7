//! The operations of the web service: the query parameters, the dispatch,
//! and what the operations share. Each answers the XML modern.gov answers
//! (element names, nesting and formats as its real responses have them):
//! the lists in [`super::lists`], a meeting in [`super::meeting`], members
//! in [`super::members`]. Everything is read through the public read model
//! ([`minutebook_store::public_lists`], [`minutebook_read`]): drafts are never listed, a
//! restricted item shows only its number, title and `isrestricted`, and
//! unpublished minutes, papers of restricted items and email addresses
//! never appear.

use super::format::{self as f, flag};
use super::xml::Xml;
use chrono::{Days, NaiveDate, NaiveDateTime};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_store::bodies::BodyRow;
use minutebook_store::meetings::MeetingRow;
use minutebook_store::memberships::MembershipRow;
use minutebook_store::mgws::{self as ids, Kind};
use minutebook_store::people::PersonRow;
use minutebook_store::public_lists::{self as data, MeetingList};
use minutebook_store::{self as store};
use std::collections::HashMap;

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

    pub fn get(&self, name: &str) -> Option<&str> {
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

pub(super) fn bad(msg: String) -> AppError {
    AppError::BadRequest(msg)
}

// ---- shared pieces -------------------------------------------------------

pub(super) fn status(m: &MeetingRow) -> &'static str {
    if m.status == minutebook_domain::lifecycle::MeetingStatus::Cancelled {
        "Cancelled"
    } else {
        "Confirmed"
    }
}

pub(super) fn category(kind: &str) -> String {
    let s = kind.replace('_', " ");
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

pub(super) fn role_description(role: &str) -> &'static str {
    match role {
        "chair" => "Chair",
        "vice_chair" => "Vice-Chair",
        "officer" => "Officer",
        "lead_officer" => "Lead Officer",
        _ => "Committee Member",
    }
}

pub(super) fn is_member_role(role: &str) -> bool {
    matches!(role, "chair" | "vice_chair" | "member")
}

pub(super) fn location(
    name: Option<&str>,
    address: Option<&str>,
    postcode: Option<&str>,
) -> String {
    [name, address, postcode]
        .into_iter()
        .flatten()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Live bodies with their integer ids, by name.
pub(super) fn committees(conn: &mut DbConn) -> AppResult<Vec<(BodyRow, i64)>> {
    let bodies = data::bodies(conn)?;
    let uuids: Vec<String> = bodies.iter().map(|b| b.id.clone()).collect();
    let map = ids::ids(conn, Kind::Body, &uuids)?;
    Ok(bodies
        .into_iter()
        .filter_map(|b| map.get(&b.id).copied().map(|n| (b, n)))
        .collect())
}

/// The live body an `lCommitteeId` names; `None` for 0, negative or absent (all).
pub(super) fn committee_param(conn: &mut DbConn, p: &Params) -> AppResult<Option<BodyRow>> {
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

/// Public meetings between two UK dates (both inclusive), in date order
/// (latest first if `newest_first`). A range holding more than
/// [`data::MAX_MEETINGS`] lists its latest that many: the service has no
/// paging, so a client asks for shorter ranges (a year at a time) to read
/// further back.
pub(super) fn meetings_between(
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
    let mut rows = data::meetings(
        conn,
        &MeetingList {
            body_id,
            from: from.map(f::day_start_utc),
            to: to
                .and_then(|d| d.checked_add_days(Days::new(1)))
                .map(f::day_start_utc),
            newest_first: true,
            before: None,
            limit: 0,
        },
    )?;
    if !newest_first {
        rows.reverse();
    }
    Ok(rows)
}

pub(super) fn meeting_ids(
    conn: &mut DbConn,
    rows: &[MeetingRow],
) -> AppResult<HashMap<String, i64>> {
    let uuids: Vec<String> = rows.iter().map(|m| m.id.clone()).collect();
    ids::ids(conn, Kind::Meeting, &uuids)
}

/// Current members of live bodies: each person (not deleted) with their
/// current memberships, by name.
pub(super) fn current_members(
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

pub(super) fn current_on(m: &MembershipRow, day: NaiveDate) -> bool {
    m.start_date.is_none_or(|s| s <= day) && m.end_date.is_none_or(|e| e >= day)
}

pub(super) fn body_names(conn: &mut DbConn) -> AppResult<HashMap<String, (String, i64)>> {
    Ok(committees(conn)?
        .into_iter()
        .map(|(b, n)| (b.id.clone(), (b.name, n)))
        .collect())
}

/// "Chair of Safer Stockton Partnership; Vice-Chair of …".
pub(super) fn key_posts(ms: &[MembershipRow], names: &HashMap<String, (String, i64)>) -> String {
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

pub(super) fn representing(p: &PersonRow, ms: &[MembershipRow]) -> String {
    ms.iter()
        .find_map(|m| m.organisation.clone())
        .or_else(|| p.organisation.clone())
        .unwrap_or_default()
}

/// The fields of a committee, as GetCommittees and GetCommitteesByUser give them.
pub(super) fn committee_fields(x: &mut Xml, b: &BodyRow, n: i64) {
    x.text("committeeid", &n.to_string())
        .text("committeetitle", &b.name)
        .text("committeedeleted", flag(false))
        .text("committeeexpired", flag(false))
        .text("committeecategory", &category(&b.kind));
}

/// The person an `lUserId` names, if they are a current member of a live
/// body (anyone else is not public here).
pub(super) fn member_param(
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

//! The lists: `GetCommittees`, `GetMeetings`, `GetAllMeetingsByDate` and
//! `GetCalendarEvents`.

use super::format::{self as f, count, flag};
use super::ops::*;
use super::xml::Xml;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;
use minutebook_store::bodies::BodyRow;
use minutebook_store::meetings::MeetingRow;
use std::collections::HashMap;

// ---- GetCommittees ---------------------------------------------------------

pub(super) fn get_committees(conn: &mut DbConn) -> AppResult<Vec<u8>> {
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

pub(super) fn get_meetings(conn: &mut DbConn, p: &Params) -> AppResult<Vec<u8>> {
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

// ---- meetings by date, calendar ----------------------------------------------

pub(super) fn get_all_meetings_by_date(conn: &mut DbConn, p: &Params) -> AppResult<Vec<u8>> {
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

pub(super) fn get_calendar_events(conn: &mut DbConn, p: &Params) -> AppResult<Vec<u8>> {
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

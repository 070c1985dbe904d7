//! `GetMeeting`: a meeting with its agenda items (lettered parts too),
//! papers and attendees, as the public may see it.

use super::format::{self as f, flag};
use super::minutes_html::item_minutes;
use super::ops::*;
use super::xml::Xml;
use chrono::NaiveDateTime;
use minutebook_domain::visibility::{self, Viewer};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_read::meeting::{Attendance, Item, Meeting};
use minutebook_store::meetings::MeetingRow;
use minutebook_store::memberships::MembershipRow;
use minutebook_store::mgws::{self as ids, Kind};
use minutebook_store::people::PersonRow;
use minutebook_store::{self as store};
use std::collections::HashMap;

pub(super) fn get_meeting(
    conn: &mut DbConn,
    id: i64,
    public_url: &str,
) -> AppResult<(Vec<u8>, String)> {
    let not_found = || AppError::NotFound(format!("No meeting with id {id}."));
    let uuid = ids::uuid(conn, Kind::Meeting, id)?.ok_or_else(not_found)?;
    let m = match minutebook_read::meeting::load_meeting(
        conn,
        &uuid,
        minutebook_domain::visibility::Viewer::Public,
        public_url,
    ) {
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
    let decisions = decision_flags(
        conn,
        &all_items.iter().map(|i| i.id.clone()).collect::<Vec<_>>(),
    )?;

    let local = f::local(row.starts_at);
    let date = f::date(local.date());
    let time = f::time(local.time());
    let mut x = Xml::new();
    meeting_head(&mut x, id, &row, &m, &date, &time);
    x.open("agendaitems");
    let context = AgendaContext {
        m: &m,
        doc_ids: &doc_ids,
        date: &date,
        time: &time,
        agenda_published_at: row.agenda_published_at,
    };
    for (n, top) in m.items.iter().enumerate() {
        for it in std::iter::once(top).chain(top.parts.iter()) {
            let Some(item_id) = item_ids.get(&it.id) else {
                continue;
            };
            let record = decisions.get(&it.id).copied().unwrap_or_default();
            agenda_item(&mut x, &context, it, *item_id, n + 1, record);
        }
    }
    x.close("agendaitems");
    write_attendees(&mut x, &attendees);
    x.close("meeting");
    Ok((x.finish()?, uuid))
}

/// The meeting's own elements, before its agenda items.
fn meeting_head(x: &mut Xml, id: i64, row: &MeetingRow, m: &Meeting, date: &str, time: &str) {
    let minutes_public = m.minutes_visible;
    x.open("meeting")
        .text("meetingid", &id.to_string())
        .text("meetingdate", date)
        .text("meetingstatus", status(row))
        .text("isdisplayallowed", flag(true))
        .text("meetingtime", time)
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
        .text("meetingroom", "");
}

/// `<attendees>`: each attendee with their id, role and attendance.
fn write_attendees(x: &mut Xml, attendees: &[Attendee]) {
    x.open("attendees");
    for a in attendees {
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
    x.close("attendees");
}

/// What the decision records say of an item: a published decision was
/// recorded against it, and whether it was called in.
#[derive(Debug, Clone, Copy, Default)]
struct DecisionFlags {
    published: bool,
    called_in: bool,
}

fn decision_flags(
    conn: &mut DbConn,
    item_ids: &[String],
) -> AppResult<HashMap<String, DecisionFlags>> {
    let decisions: Vec<_> = store::decisions::decisions_of_items(conn, item_ids)?
        .into_iter()
        .filter(|d| d.published_at.is_some())
        .collect();
    let ids: Vec<String> = decisions.iter().map(|d| d.id.clone()).collect();
    let calls = store::decisions::call_ins_of_many(conn, &ids)?;
    let mut out: HashMap<String, DecisionFlags> = HashMap::new();
    for d in decisions {
        let Some(item) = d.item_id.clone() else {
            continue;
        };
        let f = out.entry(item).or_default();
        f.published = true;
        f.called_in |= calls.iter().any(|c| c.decision_id == d.id);
    }
    Ok(out)
}

/// What every agenda item of a meeting is written with.
struct AgendaContext<'a> {
    m: &'a Meeting,
    /// The MGWS ids of the meeting's documents, by uuid.
    doc_ids: &'a HashMap<String, i64>,
    date: &'a str,
    time: &'a str,
    agenda_published_at: Option<NaiveDateTime>,
}

/// What the public may see of one agenda item.
struct ItemShown {
    /// Only its number, title and flag are shown.
    restricted: bool,
    minutes_public: bool,
    minutes_html: String,
    decided: bool,
    actions: String,
}

impl ItemShown {
    /// Applies the visibility rules to an item of `m`.
    fn of(m: &Meeting, it: &Item, record: DecisionFlags) -> ItemShown {
        // A restricted item (or a part of one) shows its number, title and flag
        // (the one rule: `domain::visibility`).
        let parent_restricted = m
            .items
            .iter()
            .any(|top| top.restricted.is_some() && top.parts.iter().any(|p| p.id == it.id));
        let facts = it.facts(parent_restricted);
        let restricted = visibility::item_hidden(Viewer::Public, facts);
        let minutes_public = visibility::item_minutes_visible(Viewer::Public, m.facts(), facts);
        let minutes_html = if minutes_public {
            item_minutes(it)
        } else {
            String::new()
        };
        let decided = (minutes_public && !it.outcomes.is_empty()) || record.published;
        let actions = if minutes_public {
            actions_text(it)
        } else {
            String::new()
        };
        ItemShown {
            restricted,
            minutes_public,
            minutes_html,
            decided,
            actions,
        }
    }
}

/// One `<agendaitem>`: the item's numbers, texts, flags and papers.
fn agenda_item(
    x: &mut Xml,
    c: &AgendaContext<'_>,
    it: &Item,
    id: i64,
    number: usize,
    record: DecisionFlags,
) {
    let shown = ItemShown::of(c.m, it, record);
    let display = display_number(it);
    x.open("agendaitem")
        .text("agendaitemid", &id.to_string())
        .text("agendaitemtitle", &it.title)
        .text("agendatext", "")
        .text("actualmeetingdate", c.date)
        .text("agendaitemnumber", &number.to_string())
        .opt("agendaitemsubnumber", it.part_letter.as_deref())
        .text("fulldisplaynumberformat", &display)
        .text("authorusername", "")
        .text("commentlabel1", "Presented By")
        .text(
            "commenttext1",
            if shown.restricted {
                ""
            } else {
                it.presenter.as_deref().unwrap_or("")
            },
        )
        .text("commentlabel2", "Actions")
        .text("commenttext2", &shown.actions)
        .text("minutesnonemptyhtmlbody", &shown.minutes_html)
        .text(
            "declarationcount",
            &if shown.minutes_public {
                it.declarations.len()
            } else {
                0
            }
            .to_string(),
        )
        .text("iscallin", flag(record.called_in))
        .text("iscomment", flag(false))
        .text("isdecision", flag(shown.decided))
        .text("isdecisionpublished", flag(shown.decided))
        .text("isminutepublished", flag(shown.minutes_public))
        .text("ispubliccanspeak", flag(false))
        .text("isrestricted", flag(shown.restricted))
        .text("isdisplayallowed", flag(true))
        .text("meetingdate", c.date)
        .text("meetingtime", c.time)
        .text("minutesitemnumber", "")
        .opt("minutesitemsubnumber", it.part_letter.as_deref())
        .text("preferreddate", c.date)
        .text("refertocommittee", &c.m.body.name)
        .open("linkeddocuments");
    if !shown.restricted {
        linked_documents(
            x,
            it,
            c.doc_ids,
            c.agenda_published_at,
            c.date,
            &c.m.body.name,
        );
    }
    x.close("linkeddocuments").close("agendaitem");
}

/// The number as printed: `5/23`, `5/23(a)`, or `(a)` for a part of an
/// unnumbered item.
fn display_number(it: &Item) -> String {
    match (&it.minute_number, &it.part_letter) {
        (Some(n), Some(l)) => format!("{n}({l})"),
        (Some(n), None) => n.clone(),
        (None, Some(l)) => format!("({l})"),
        (None, None) => String::new(),
    }
}

/// The item's actions, one after another.
fn actions_text(it: &Item) -> String {
    it.actions
        .iter()
        .map(|a| a.description.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

/// The item's papers, each published when the agenda was (or when added
/// after it).
fn linked_documents(
    x: &mut Xml,
    it: &Item,
    doc_ids: &HashMap<String, i64>,
    agenda_published_at: Option<NaiveDateTime>,
    date: &str,
    committee: &str,
) {
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
            .text("committeetitle", committee)
            .text("isdecisionattachment", flag(false))
            .text("ownertitle", &it.title)
            .close("linkeddoc");
    }
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

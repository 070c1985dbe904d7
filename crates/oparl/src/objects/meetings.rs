//! `Meeting`s with their embedded agenda items, their `Location` and the
//! rendered agenda and minutes as `File`s.

use super::{agenda_item, latest, meeting_gone, ts, MeetingParts, Obj, Urls};
use chrono::NaiveDateTime;
use minutebook_domain::lifecycle::MeetingStatus;
use minutebook_domain::visibility::{self, Viewer};
use minutebook_store::attendance::AttendanceRow;
use minutebook_store::bodies::BodyRow;
use minutebook_store::meetings::MeetingRow;
use serde_json::{json, Map, Value};

/// `modified` of a meeting: it shows its body's name, its items with their
/// records, and its attendance.
pub fn meeting_modified(p: &MeetingParts<'_>, attendance: &[&AttendanceRow]) -> NaiveDateTime {
    let items = p.agenda.rows.values().map(|i| Some(i.updated_at));
    let records = p.agenda.rows.keys().map(|id| p.records.changed(id));
    let present = attendance.iter().map(|a| Some(a.updated_at));
    latest(
        p.meeting.updated_at.max(p.body.updated_at),
        items.chain(records).chain(present),
    )
}

/// A meeting's venue, or `None` when it names none or is not public.
pub fn location(u: &Urls, m: &MeetingRow, body: &BodyRow) -> Option<Value> {
    if !visibility::meeting_visible(Viewer::Public, m.facts())
        || (m.venue_name.is_none() && m.venue_address.is_none() && m.venue_postcode.is_none())
    {
        return None;
    }
    let modified = m.updated_at.max(body.updated_at);
    let o = Obj::new(u.location(&m.id), "Location");
    if meeting_gone(m, body) {
        return Some(o.stamps(m.created_at, modified).deleted().done());
    }
    let description: Vec<&str> = [&m.venue_name, &m.venue_address, &m.venue_postcode]
        .into_iter()
        .flatten()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    Some(
        o.text("description", Some(&description.join(", ")))
            .text("streetAddress", m.venue_address.as_deref())
            .text("postalCode", m.venue_postcode.as_deref())
            .ext("venueName", m.venue_name.clone().unwrap_or_default())
            .put("meetings", vec![Value::String(u.meeting(&m.id))])
            .stamps(m.created_at, modified)
            .done(),
    )
}

/// A rendered agenda or minutes document as a File of the meeting.
fn rendered_file(
    u: &Urls,
    m: &MeetingRow,
    body: &BodyRow,
    what: &str,
    created: NaiveDateTime,
    modified: NaiveDateTime,
) -> Value {
    let (id, name) = match what {
        "agenda" => (u.invitation(&m.id), "Agenda"),
        _ => (u.results_protocol(&m.id), "Minutes"),
    };
    let date = m.starts_at.date();
    Obj::new(id, "File")
        .put(
            "name",
            format!("{} – {name}, {}", body.name, date.format("%-d %B %Y")),
        )
        .put("fileName", format!("{}-{date}-{what}.html", body.slug))
        .put("mimeType", "text/html")
        .put("accessUrl", u.rendered(&m.id, what, "html"))
        .put("meeting", vec![Value::String(u.meeting(&m.id))])
        .ext(
            "formats",
            json!({
                "text/html": u.rendered(&m.id, what, "html"),
                "text/markdown": u.rendered(&m.id, what, "md"),
                "text/plain": u.rendered(&m.id, what, "txt"),
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document":
                    u.rendered(&m.id, what, "docx"),
            }),
        )
        .stamps(created, modified.max(created))
        .done()
}

fn meeting_state(status: &str) -> &str {
    match status {
        "agenda_published" => "agenda published",
        other => other,
    }
}

fn attendance_status_is_participant(status: &str) -> bool {
    matches!(status, "present" | "officer" | "in_attendance")
}

/// The meeting's contact (name, role, email), the parts it gives.
fn contact(m: &MeetingRow) -> Map<String, Value> {
    let mut contact = Map::new();
    for (k, v) in [
        ("name", &m.contact_name),
        ("role", &m.contact_role),
        ("email", &m.contact_email),
    ] {
        if let Some(v) = v.as_deref().filter(|s| !s.trim().is_empty()) {
            contact.insert(k.into(), json!(v));
        }
    }
    contact
}

/// The people who took part (present, officers, in attendance), each once.
fn participants(u: &Urls, live: &[&&AttendanceRow]) -> Vec<Value> {
    let mut participants: Vec<Value> = Vec::new();
    for a in live {
        let url = Value::String(u.person(&a.person_id));
        if attendance_status_is_participant(&a.status) && !participants.contains(&url) {
            participants.push(url);
        }
    }
    participants
}

/// One attendance record as the `attendance` extension shows it.
fn attendance_entry(u: &Urls, a: &AttendanceRow) -> Value {
    let mut e = Map::new();
    e.insert("person".into(), json!(u.person(&a.person_id)));
    e.insert("status".into(), json!(a.status));
    e.insert("chair".into(), json!(a.chair));
    if let Some(org) = a.organisation.as_deref() {
        e.insert("organisation".into(), json!(org));
    }
    if let Some(s) = a.substitute_for.as_deref() {
        e.insert("substituteFor".into(), json!(u.person(s)));
    }
    Value::Object(e)
}

/// A meeting with its agenda items, or `None` when it is a draft.
/// `minutes_published_at` dates the minutes file.
pub fn meeting(
    u: &Urls,
    p: &MeetingParts<'_>,
    attendance: &[&AttendanceRow],
    minutes_published_at: Option<NaiveDateTime>,
) -> Option<Value> {
    let m = p.meeting;
    if !visibility::meeting_visible(Viewer::Public, m.facts()) {
        return None;
    }
    let modified = meeting_modified(p, attendance);
    let o = Obj::new(u.meeting(&m.id), "Meeting");
    if meeting_gone(m, p.body) {
        return Some(o.stamps(m.created_at, modified).deleted().done());
    }
    let cancelled = m.status == MeetingStatus::Cancelled;
    let mut o = o
        .put(
            "name",
            m.title
                .clone()
                .filter(|t| !t.trim().is_empty())
                .unwrap_or_else(|| p.body.name.clone()),
        )
        .put("meetingState", meeting_state(m.status.as_str()))
        .put("cancelled", cancelled)
        .put("start", ts(m.starts_at))
        .opt("end", m.ends_at.map(ts))
        .opt("location", location(u, m, p.body))
        .put(
            "organization",
            vec![Value::String(u.organization(&m.body_id))],
        );
    let contact = contact(m);
    if !contact.is_empty() {
        o = o.ext("contact", Value::Object(contact));
    }
    if visibility::agenda_visible(Viewer::Public, m.facts()) {
        let published = m.agenda_published_at.unwrap_or(m.created_at);
        o = o.put(
            "invitation",
            rendered_file(u, m, p.body, "agenda", published, modified),
        );
        let items: Vec<Value> = p
            .agenda
            .live
            .iter()
            .filter_map(|i| agenda_item(u, p, i))
            .collect();
        o = o.list("agendaItem", items);
    }
    if visibility::minutes_visible(Viewer::Public, m.facts()) {
        let published = minutes_published_at.unwrap_or(m.updated_at);
        o = o.put(
            "resultsProtocol",
            rendered_file(u, m, p.body, "minutes", published, modified),
        );
        let live: Vec<&&AttendanceRow> = attendance
            .iter()
            .filter(|a| a.deleted_at.is_none())
            .collect();
        o = o.list("participant", participants(u, &live)).ext(
            "attendance",
            Value::Array(live.iter().map(|a| attendance_entry(u, a)).collect()),
        );
        o = o.ext("minutesStatus", m.minutes_status.as_str());
    }
    Some(
        o.put("web", u.meeting_page(&m.id))
            .stamps(m.created_at, modified)
            .done(),
    )
}

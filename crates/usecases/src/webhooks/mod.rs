//! Signed webhooks for council websites: what changed, told as it happens.
//!
//! A change that a website shows (agenda published, meeting changed or
//! cancelled, minutes published or confirmed, paper added) calls
//! [`enqueue`] inside its own transaction. That writes one delivery per
//! subscription to the webhook outbox, with a payload built from the
//! public read model ([`minutebook_read::meeting::load_meeting`] for the public): only what
//! the public may see, and nothing at all when the public may not see the
//! change. [`worker`] delivers it, signed per Standard Webhooks, retrying
//! with backoff and recording every attempt.

pub mod address;
pub mod sign;
pub mod subscriptions;
pub mod worker;

use minutebook_domain::lifecycle::MeetingStatus;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_read::meeting::{Item, Meeting};
use minutebook_store::meetings::MeetingRow;
use minutebook_store::mgws::Kind;
use minutebook_store::webhooks::DeliveryRow;
use minutebook_store::{self as store};
use serde_json::{json, Value};

/// What a subscription can be told about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    AgendaPublished,
    MeetingUpdated,
    MeetingCancelled,
    MinutesPublished,
    MinutesConfirmed,
    PaperAdded,
    DecisionEffective,
}

impl Event {
    pub const ALL: [Event; 7] = [
        Event::AgendaPublished,
        Event::MeetingUpdated,
        Event::MeetingCancelled,
        Event::MinutesPublished,
        Event::MinutesConfirmed,
        Event::PaperAdded,
        Event::DecisionEffective,
    ];

    /// The event type, as the payload's `type` and the subscription's `events` name it.
    pub fn as_str(self) -> &'static str {
        match self {
            Event::AgendaPublished => "agenda.published",
            Event::MeetingUpdated => "meeting.updated",
            Event::MeetingCancelled => "meeting.cancelled",
            Event::MinutesPublished => "minutes.published",
            Event::MinutesConfirmed => "minutes.confirmed",
            Event::PaperAdded => "paper.added",
            Event::DecisionEffective => "decision.effective",
        }
    }

    pub fn parse(s: &str) -> Option<Event> {
        Event::ALL.into_iter().find(|e| e.as_str() == s)
    }

    pub fn names() -> Vec<&'static str> {
        Event::ALL.iter().map(|e| e.as_str()).collect()
    }
}

/// Queues `event` about `subject_id` (a meeting's id; a document's for
/// [`Event::PaperAdded`]) for every subscription that wants it, in the
/// caller's transaction. Nothing is queued when the public may not see the
/// change.
pub fn enqueue(
    conn: &mut DbConn,
    event: Event,
    subject_id: &str,
    public_url: &str,
) -> AppResult<()> {
    let subscribers: Vec<_> = store::webhooks::live(conn)?
        .into_iter()
        .filter(|w| w.events().iter().any(|e| e == event.as_str()))
        .collect();
    if subscribers.is_empty() {
        return Ok(());
    }
    let Some(data) = payload_data(conn, event, subject_id, public_url)? else {
        return Ok(());
    };
    let now = store::now();
    let body = json!({
        "type": event.as_str(),
        "timestamp": now.and_utc().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "data": data,
    })
    .to_string();
    for w in subscribers {
        let id = store::new_id();
        store::webhooks::insert_delivery(
            conn,
            &DeliveryRow {
                msg_id: format!("msg_{}", id.replace('-', "")),
                id,
                webhook_id: w.id,
                event_type: event.as_str().into(),
                payload: body.clone(),
                status: "pending".into(),
                attempts: 0,
                next_attempt_at: now,
                lease_until: None,
                last_error: None,
                last_status_code: None,
                delivered_at: None,
                created_at: now,
                updated_at: now,
            },
        )?;
    }
    Ok(())
}

/// A meeting's details or status changed: `meeting.cancelled` when it has
/// just been cancelled, else `meeting.updated`.
pub fn meeting_changed(
    conn: &mut DbConn,
    before: &MeetingRow,
    after: &MeetingRow,
    public_url: &str,
) -> AppResult<()> {
    let event =
        if after.status == MeetingStatus::Cancelled && before.status != MeetingStatus::Cancelled {
            Event::MeetingCancelled
        } else {
            Event::MeetingUpdated
        };
    enqueue(conn, event, &after.id, public_url)
}

/// The public meeting, or `None` when the public may not see it.
fn public_meeting(conn: &mut DbConn, id: &str, public_url: &str) -> AppResult<Option<Meeting>> {
    match minutebook_read::meeting::load_meeting(
        conn,
        id,
        minutebook_domain::visibility::Viewer::Public,
        public_url,
    ) {
        Ok(m) => Ok(Some(m)),
        Err(AppError::NotFound(_)) => Ok(None),
        Err(e) => Err(e),
    }
}

fn meeting_summary(conn: &mut DbConn, m: &Meeting, public_url: &str) -> AppResult<Value> {
    let number = store::mgws::ids(conn, Kind::Meeting, std::slice::from_ref(&m.id))?
        .get(&m.id)
        .copied();
    Ok(json!({
        "id": m.id,
        "modern_gov_id": number,
        "body": {"id": m.body.id, "name": m.body.name, "slug": m.body.slug},
        "title": m.title,
        "starts_at": m.starts_at,
        "ends_at": m.ends_at,
        "venue": m.venue.name,
        "status": m.status,
        "minutes_status": m.minutes_status,
        "agenda_published_at": m.agenda_published_at,
        "url": format!("{public_url}/meetings/{}", m.id),
        "api_url": format!("{public_url}/api/v1/meetings/{}", m.id),
    }))
}

fn heading(i: &Item) -> Value {
    json!({
        "id": i.id,
        "minute_number": i.minute_number,
        "part_letter": i.part_letter,
        "title": i.title,
        "restricted": i.restricted.is_some(),
    })
}

/// A decision that took effect, as the public sees it (never its exempt part).
fn decision_data(conn: &mut DbConn, id: &str, public_url: &str) -> AppResult<Option<Value>> {
    let d = match minutebook_read::decisions::decision(
        conn,
        id,
        minutebook_domain::visibility::Viewer::Public,
        public_url,
    ) {
        Ok(d) => d,
        Err(AppError::NotFound(_)) => return Ok(None),
        Err(e) => return Err(e),
    };
    Ok(Some(json!({
        "decision": {
            "id": d.id,
            "reference": d.reference,
            "title": d.title,
            "kind": d.kind,
            "key_decision": d.key_decision,
            "made_on": d.made_on,
            "effective_at": d.effective_at,
            "url": format!("{public_url}/api/v1/decisions/{}", d.id),
        }
    })))
}

fn payload_data(
    conn: &mut DbConn,
    event: Event,
    subject_id: &str,
    public_url: &str,
) -> AppResult<Option<Value>> {
    if event == Event::PaperAdded {
        return paper_data(conn, subject_id, public_url);
    }
    if event == Event::DecisionEffective {
        return decision_data(conn, subject_id, public_url);
    }
    let Some(m) = public_meeting(conn, subject_id, public_url)? else {
        return Ok(None);
    };
    let mut data = json!({"meeting": meeting_summary(conn, &m, public_url)?});
    match event {
        Event::AgendaPublished => {
            if m.agenda_published_at.is_none() {
                return Ok(None);
            }
            let mut agenda = Vec::new();
            for i in &m.items {
                agenda.push(heading(i));
                agenda.extend(i.parts.iter().map(heading));
            }
            data["agenda"] = Value::Array(agenda);
            data["agenda_url"] = json!(format!(
                "{public_url}/api/v1/meetings/{}/agenda?format=html",
                m.id
            ));
        }
        Event::MinutesPublished | Event::MinutesConfirmed => {
            if !m.minutes_visible {
                return Ok(None);
            }
            data["minutes_url"] = json!(format!(
                "{public_url}/api/v1/meetings/{}/minutes?format=html",
                m.id
            ));
            data["confirmed_at"] = json!(m.minutes_record.confirmed_at);
        }
        _ => {}
    }
    Ok(Some(data))
}

fn paper_data(conn: &mut DbConn, document_id: &str, public_url: &str) -> AppResult<Option<Value>> {
    let doc = match store::documents::get(conn, document_id) {
        Ok(d) => d,
        Err(AppError::NotFound(_)) => return Ok(None),
        Err(e) => return Err(e),
    };
    let item = store::items::get_any(conn, &doc.item_id)?;
    let Some(m) = public_meeting(conn, &item.meeting_id, public_url)? else {
        return Ok(None);
    };
    // Only a paper the public read model shows is told about.
    for i in &m.items {
        for it in std::iter::once(i).chain(i.parts.iter()) {
            if let Some(d) = it.documents.iter().find(|d| d.id == doc.id) {
                return Ok(Some(json!({
                    "paper": {
                        "id": d.id,
                        "title": d.title,
                        "media_type": d.media_type,
                        "size_bytes": d.size_bytes,
                        "size_label": d.size_label,
                        "url": d.url,
                    },
                    "item": heading(it),
                    "meeting": meeting_summary(conn, &m, public_url)?,
                })));
            }
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::Event;

    #[test]
    fn event_names_round_trip() {
        for e in Event::ALL {
            assert_eq!(Event::parse(e.as_str()), Some(e));
        }
        assert_eq!(Event::parse("agenda.deleted"), None);
    }
}

//! `Paper`s and their `Consultation`s: each published matter of the forward
//! plan (notice of a key decision or of a private matter) is a paper; each
//! agenda item that considered it (scrutiny's look before the decision,
//! the cabinet's decision) a consultation, `authoritative` when the body
//! is the decision maker. The decisions taken on it follow as
//! `minutebook:decisions`. A private matter's reasons never appear.

use super::{latest, ts, Obj, Urls, EXT};
use chrono::NaiveDateTime;
use minutebook_domain::visibility::{self, Viewer};
use minutebook_store::bodies::BodyRow;
use minutebook_store::decisions::{DecisionRow, EntryRow};
use minutebook_store::items::ItemRow;
use minutebook_store::meetings::MeetingRow;
use serde_json::{json, Value};

/// An agenda item that considered a matter, with its meeting and body.
pub struct Considered<'a> {
    pub item: &'a ItemRow,
    pub meeting: &'a MeetingRow,
    pub body: &'a BodyRow,
    /// When the link was made.
    pub linked_at: NaiveDateTime,
}

impl Considered<'_> {
    /// Whether the public may see this consideration: the item is on a
    /// published agenda and neither it nor its meeting is gone.
    pub fn public(&self) -> bool {
        visibility::agenda_visible(Viewer::Public, self.meeting.facts())
            && self.item.deleted_at.is_none()
            && self.meeting.deleted_at.is_none()
            && self.body.deleted_at.is_none()
    }
}

fn consultation(u: &Urls, e: &EntryRow, c: &Considered<'_>) -> Value {
    let authoritative = e.maker_body_id.as_deref() == Some(c.body.id.as_str());
    Obj::new(u.consultation(&e.id, &c.item.id), "Consultation")
        .put("paper", u.paper(&e.id))
        .put("agendaItem", u.agenda_item(&c.item.id))
        .put("meeting", u.meeting(&c.meeting.id))
        .put("organization", json!([u.organization(&c.body.id)]))
        .put("authoritative", authoritative)
        .put(
            "role",
            if authoritative {
                "Decision"
            } else {
                "Consideration"
            },
        )
        .stamps(
            c.linked_at,
            c.linked_at.max(c.item.updated_at).max(c.meeting.updated_at),
        )
        .done()
}

/// The paper of a matter (a tombstone once it is deleted), or `None` when
/// it was never published.
pub fn paper(
    u: &Urls,
    e: &EntryRow,
    considered: &[Considered<'_>],
    decisions: &[&DecisionRow],
) -> Option<Value> {
    e.first_published_at?;
    let decisions: Vec<&&DecisionRow> = decisions
        .iter()
        .filter(|d| d.published_at.is_some() && d.deleted_at.is_none())
        .collect();
    let modified = latest(
        e.updated_at,
        decisions
            .iter()
            .map(|d| Some(d.updated_at))
            .collect::<Vec<_>>(),
    );
    let o = Obj::new(u.paper(&e.id), "Paper").put("body", u.body());
    if e.deleted_at.is_some() {
        return Some(o.stamps(e.created_at, modified).deleted().done());
    }
    let kind = if e.key_decision {
        "Notice of a key decision"
    } else if e.private {
        "Notice of a matter to be considered in private"
    } else {
        "Forward plan entry"
    };
    let consultations: Vec<Value> = considered
        .iter()
        .filter(|c| c.public())
        .map(|c| consultation(u, e, c))
        .collect();
    let mut o = o
        .put("name", e.matter.clone())
        .put("reference", e.reference.clone())
        .opt(
            "date",
            e.first_published_at
                .map(|p| minutebook_domain::time::london_date(p).to_string()),
        )
        .put("paperType", kind)
        .list("consultation", consultations)
        .put("web", u.matter_page(&e.id))
        .ext("decisionMaker", e.decision_maker.clone())
        .ext("keyDecision", e.key_decision)
        .ext("status", e.status.clone());
    if let Some(b) = &e.maker_body_id {
        o = o.put("underDirectionOf", json!([u.organization(b)]));
    }
    o = o
        .opt(&format!("{EXT}:dueDate"), e.due_date.map(|d| d.to_string()))
        .text(&format!("{EXT}:dueMonth"), e.due_month.as_deref())
        .text(&format!("{EXT}:keyReason"), e.key_reason.as_deref());
    if e.private {
        o = o.ext("exemptParagraph", e.exempt_paragraph);
    }
    let ds: Vec<Value> = decisions
        .iter()
        .map(|d| {
            json!({
                "reference": d.reference,
                "title": d.title,
                "status": d.status,
                "madeOn": d.made_on.to_string(),
                "published": d.published_at.map(ts),
                "effective": d.effective_at.map(ts),
                "web": u.decision_page(&d.id),
            })
        })
        .collect();
    Some(
        o.list(&format!("{EXT}:decisions"), ds)
            .stamps(e.created_at, modified)
            .done(),
    )
}

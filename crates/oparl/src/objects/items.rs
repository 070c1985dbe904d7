//! `AgendaItem`s and the `File`s (papers) under them.

use super::{
    latest, meeting_gone, seen_under_agenda, ItemRecords, MeetingParts, Obj, Seen, Urls, EXT,
};
use chrono::NaiveDateTime;
use minutebook_domain::visibility::{self, ItemFacts, Viewer};
use minutebook_domain::vocab::schedule_12a_description;
use minutebook_render::doc::outcome_line;
use minutebook_store::bodies::BodyRow;
use minutebook_store::decisions::DecisionRow;
use minutebook_store::documents::DocumentRow;
use minutebook_store::items::ItemRow;
use minutebook_store::meetings::MeetingRow;
use serde_json::{json, Map, Value};

/// `modified` of an agenda item: it shows its meeting's state, its parent's
/// restriction, and its outcomes, declarations and documents.
fn item_modified(
    item: &ItemRow,
    parent: Option<&ItemRow>,
    m: &MeetingRow,
    r: &ItemRecords,
) -> NaiveDateTime {
    latest(
        item.updated_at,
        [
            Some(m.updated_at),
            parent.map(|p| p.updated_at),
            r.changed(&item.id),
        ],
    )
}

/// `modified` of a file: it shows its item's, the item's parent's and the
/// meeting's state.
fn file_modified(
    doc: &DocumentRow,
    item: &ItemRow,
    parent: Option<&ItemRow>,
    m: &MeetingRow,
) -> NaiveDateTime {
    latest(
        doc.updated_at,
        [
            Some(item.updated_at),
            parent.map(|p| p.updated_at),
            Some(m.updated_at),
        ],
    )
}

/// A document as a File, or `None` when the public may not see it.
pub fn file(
    u: &Urls,
    doc: &DocumentRow,
    item: &ItemRow,
    parent: Option<&ItemRow>,
    m: &MeetingRow,
    body: &BodyRow,
) -> Option<Value> {
    let facts = ItemFacts::new(item.restricted, parent.is_some_and(|p| p.restricted));
    if !visibility::document_visible(Viewer::Public, m.facts(), facts, doc.restricted) {
        return None;
    }
    let seen = match seen_under_agenda(
        m,
        &[
            doc.deleted_at,
            item.deleted_at,
            parent.and_then(|p| p.deleted_at),
        ],
    ) {
        Seen::Live if meeting_gone(m, body) => Seen::Tombstone,
        s => s,
    };
    let modified = file_modified(doc, item, parent, m);
    let content = u.document_content(&doc.id);
    let o = Obj::new(u.file(&doc.id), "File");
    match seen {
        Seen::Hidden => None,
        // `accessUrl` is required even of a tombstone; it answers 404 now.
        Seen::Tombstone => Some(
            o.put("accessUrl", content)
                .stamps(doc.created_at, modified)
                .deleted()
                .done(),
        ),
        Seen::Live => Some(
            o.put("name", doc.title.clone())
                .put("fileName", doc.filename.clone())
                .put("mimeType", doc.media_type.clone())
                .put("size", doc.size_bytes)
                .put("accessUrl", content.clone())
                .put("downloadUrl", content)
                .put("meeting", vec![Value::String(u.meeting(&m.id))])
                .put("agendaItem", vec![Value::String(u.agenda_item(&item.id))])
                .ext("sha256Checksum", doc.sha256.clone())
                .stamps(doc.created_at, modified)
                .done(),
        ),
    }
}

/// An agenda item, or `None` when the public may not see it.
pub fn agenda_item(u: &Urls, p: &MeetingParts<'_>, item: &ItemRow) -> Option<Value> {
    let m = p.meeting;
    let parent = p.agenda.parent(item);
    let seen = match seen_under_agenda(m, &[item.deleted_at]) {
        Seen::Live if meeting_gone(m, p.body) => Seen::Tombstone,
        s => s,
    };
    let place = p.agenda.places.get(item.id.as_str())?;
    let modified = item_modified(item, parent, m, p.records);
    let o = Obj::new(u.agenda_item(&item.id), "AgendaItem");
    match seen {
        Seen::Hidden => return None,
        Seen::Tombstone => {
            return Some(
                o.put("meeting", u.meeting(&m.id))
                    .opt("number", place.number.clone())
                    .put("order", place.order)
                    .stamps(item.created_at, modified)
                    .deleted()
                    .done(),
            )
        }
        Seen::Live => {}
    }
    let facts = ItemFacts::new(item.restricted, parent.is_some_and(|x| x.restricted));
    let hidden = visibility::item_hidden(Viewer::Public, facts);
    let minutes = visibility::item_minutes_visible(Viewer::Public, m.facts(), facts);
    let mut o = o
        .put("meeting", u.meeting(&m.id))
        .opt("number", place.number.clone())
        .put("order", place.order)
        .put("name", item.title.clone())
        .put("public", !hidden)
        .ext("kind", item.kind.clone());
    if let Some(parent) = parent {
        o = o.ext("partOf", u.agenda_item(&parent.id));
    }
    if hidden {
        let o = exempt_fields(o, item, parent, m, facts);
        return Some(o.stamps(item.created_at, modified).done());
    }
    if visibility::presenter_visible(Viewer::Public, facts) {
        o = o.text(&format!("{EXT}:presenter"), item.presenter.as_deref());
    }
    let files: Vec<Value> = p
        .records
        .documents(&item.id)
        .iter()
        .filter(|d| d.deleted_at.is_none())
        .filter_map(|d| file(u, d, item, parent, m, p.body))
        .collect();
    o = o.list("auxiliaryFile", files);
    if let Some(matter) = p.records.matters(&item.id).first() {
        o = o.put("consultation", u.consultation(matter, &item.id));
    }
    o = decision_fields(u, o, p.records.decisions(&item.id));
    if minutes {
        o = minutes_fields(u, o, p, item);
    }
    Some(o.stamps(item.created_at, modified).done())
}

/// An exempt item's public fields (LGA 1972 Sch. 12A): the title, number
/// and paragraph are public; the text, reasons, outcomes, declarations and
/// papers are not. What the public may read instead (s.100C) comes with
/// the published minutes.
fn exempt_fields(
    mut o: Obj,
    item: &ItemRow,
    parent: Option<&ItemRow>,
    m: &MeetingRow,
    facts: ItemFacts,
) -> Obj {
    let paragraph = if item.restricted {
        item.restricted_paragraph
    } else {
        parent.and_then(|x| x.restricted_paragraph)
    };
    let mut exempt = Map::new();
    if let Some(n) = paragraph {
        exempt.insert("paragraph".into(), json!(n));
        exempt.insert(
            "description".into(),
            json!(schedule_12a_description(n).to_string()),
        );
    }
    o = o.ext("exempt", Value::Object(exempt));
    if visibility::public_summary_visible(Viewer::Public, m.facts(), facts) {
        o = o.text(
            &format!("{EXT}:publicSummary"),
            item.public_summary.as_deref(),
        );
    }
    o
}

/// What the published minutes say of an item: its outcomes (as `result`
/// and, without a decision record, `resolutionText`), minute text,
/// declarations and votes.
fn minutes_fields(u: &Urls, mut o: Obj, p: &MeetingParts<'_>, item: &ItemRow) -> Obj {
    let outcomes = p.records.live_outcomes(&item.id);
    if !outcomes.is_empty() {
        let result: Vec<String> = outcomes
            .iter()
            .map(|x| outcome_line(&x.verb, &x.text))
            .collect();
        let resolution: Vec<String> = outcomes
            .iter()
            .map(|x| {
                let mut s = outcome_line(&x.verb, &x.text);
                for (n, part) in x.parts().iter().enumerate() {
                    s.push_str(&format!("\n{}. {part}", n + 1));
                }
                s
            })
            .collect();
        if p.records.decisions(&item.id).is_empty() {
            o = o.put("resolutionText", resolution.join("\n\n"));
        }
        o = o.put("result", result.join("\n")).ext(
            "outcomes",
            Value::Array(
                outcomes
                    .iter()
                    .map(|x| json!({"verb": x.verb, "text": x.text, "parts": x.parts()}))
                    .collect(),
            ),
        );
    }
    o = o.text(&format!("{EXT}:minutes"), item.minutes.as_deref());
    let declarations: Vec<Value> = p
        .records
        .live_declarations(&item.id)
        .iter()
        .map(|d| {
            json!({"person": u.person(&d.person_id), "nature": d.nature,
                "kind": d.kind, "withdrew": d.withdrew})
        })
        .collect();
    if !declarations.is_empty() {
        o = o.ext("declarations", Value::Array(declarations));
    }
    let votes: Vec<Value> = p
        .records
        .votes(&item.id)
        .iter()
        .map(|v| super::votes::vote(u, v))
        .collect();
    if !votes.is_empty() {
        o = o.ext("votes", Value::Array(votes));
    }
    o
}

/// A published decision recorded against the item: its words are the
/// item's `resolutionText` (and its `result` until the minutes give one),
/// its record linked as `minutebook:decision`. Never its exempt part.
fn decision_fields(u: &Urls, o: Obj, decisions: &[DecisionRow]) -> Obj {
    let Some(d) = decisions.last() else {
        return o;
    };
    let mut text = d.decision_text.clone();
    let parts: Vec<String> = d
        .parts
        .as_deref()
        .and_then(|j| serde_json::from_str(j).ok())
        .unwrap_or_default();
    for (n, part) in parts.iter().enumerate() {
        text.push_str(&format!("\n{}. {part}", n + 1));
    }
    o.put("resolutionText", text)
        .put(
            "result",
            minutebook_domain::decisions::status_label(&d.status),
        )
        .ext(
            "decision",
            json!({
                "reference": d.reference,
                "status": d.status,
                "web": u.decision_page(&d.id),
            }),
        )
}

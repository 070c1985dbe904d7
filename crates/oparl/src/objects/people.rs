//! `Organization`s (minutebook bodies), `Person`s and `Membership`s.

use super::{latest, Obj, Urls, EXT};
use minutebook_store::bodies::BodyRow;
use minutebook_store::memberships::MembershipRow;
use minutebook_store::people::PersonRow;
use serde_json::{json, Value};

pub fn organization(u: &Urls, b: &BodyRow, memberships: &[&MembershipRow]) -> Value {
    let modified = latest(b.updated_at, memberships.iter().map(|m| Some(m.updated_at)));
    let o = Obj::new(u.organization(&b.id), "Organization");
    if b.deleted_at.is_some() {
        return o.stamps(b.created_at, modified).deleted().done();
    }
    o.put("body", u.body())
        .put("name", b.name.clone())
        .put("shortName", b.minute_prefix.clone())
        .put("classification", b.kind.clone())
        .list(
            "membership",
            memberships
                .iter()
                .filter(|m| m.deleted_at.is_none())
                .map(|m| Value::String(u.membership(&m.id)))
                .collect(),
        )
        .put("meeting", u.organization_meetings(&b.id))
        .put("website", u.body_page(&b.slug))
        .put("web", u.body_page(&b.slug))
        .ext("slug", b.slug.clone())
        .ext(
            "numbering",
            json!({"format": b.numbering_format, "yearStartMonth": b.year_start_month}),
        )
        .opt(&format!("{EXT}:description"), b.description.clone())
        .stamps(b.created_at, modified)
        .done()
}

fn role_label(role: &str) -> String {
    match role {
        "chair" => "Chair".into(),
        "vice_chair" => "Vice-chair".into(),
        "member" => "Member".into(),
        "officer" => "Officer".into(),
        "lead_officer" => "Lead officer".into(),
        other => other.replace('_', " "),
    }
}

pub fn membership(u: &Urls, m: &MembershipRow) -> Value {
    let o = Obj::new(u.membership(&m.id), "Membership");
    if m.deleted_at.is_some() {
        return o.stamps(m.created_at, m.updated_at).deleted().done();
    }
    o.put("person", u.person(&m.person_id))
        .put("organization", u.organization(&m.body_id))
        .put("role", role_label(&m.role))
        .put(
            "votingRight",
            matches!(m.role.as_str(), "chair" | "vice_chair" | "member"),
        )
        .opt("startDate", m.start_date.map(|d| d.to_string()))
        .opt("endDate", m.end_date.map(|d| d.to_string()))
        .ext("role", m.role.clone())
        .opt(&format!("{EXT}:organisation"), m.organisation.clone())
        .stamps(m.created_at, m.updated_at)
        .done()
}

pub fn person(u: &Urls, p: &PersonRow, memberships: &[&MembershipRow]) -> Value {
    let modified = latest(p.updated_at, memberships.iter().map(|m| Some(m.updated_at)));
    let o = Obj::new(u.person(&p.id), "Person");
    if p.deleted_at.is_some() {
        return o.stamps(p.created_at, modified).deleted().done();
    }
    // Email addresses are for token holders only; OParl is public.
    o.put("body", u.body())
        .put("name", p.display_name())
        .text("formOfAddress", p.honorific.as_deref())
        .list(
            "membership",
            memberships
                .iter()
                .filter(|m| m.deleted_at.is_none())
                .map(|m| membership(u, m))
                .collect(),
        )
        .text(&format!("{EXT}:organisation"), p.organisation.as_deref())
        .stamps(p.created_at, modified)
        .done()
}

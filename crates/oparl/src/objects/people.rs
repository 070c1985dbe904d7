//! `Organization`s (minutebook bodies), `Person`s and `Membership`s.

use super::{latest, Obj, Urls, EXT};
use chrono::NaiveDate;
use minutebook_domain::vocab::membership_role_label;
use minutebook_read::people::Facts;
use minutebook_store::bodies::BodyRow;
use minutebook_store::councillors::PartyRow;
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

/// A political group, as an organisation of the body.
pub fn party(u: &Urls, p: &PartyRow) -> Value {
    let o = Obj::new(u.organization(&p.id), "Organization");
    if p.deleted_at.is_some() {
        return o.stamps(p.created_at, p.updated_at).deleted().done();
    }
    o.put("body", u.body())
        .put("name", p.name.clone())
        .text("shortName", p.short_name.as_deref())
        .put("organizationType", "Fraktion")
        .put("classification", "political group")
        .text(&format!("{EXT}:colour"), p.colour.as_deref())
        .stamps(p.created_at, p.updated_at)
        .done()
}

/// The party a member sits for on a body: that of their term on the day
/// the membership starts (today for one with no start).
pub fn on_behalf_of(
    u: &Urls,
    m: &MembershipRow,
    facts: &Facts,
    today: NaiveDate,
) -> Option<String> {
    facts
        .term_on(&m.person_id, m.start_date.unwrap_or(today))
        .or_else(|| facts.term_on(&m.person_id, today))
        .map(|t| u.organization(&t.party_id))
}

pub fn membership(u: &Urls, m: &MembershipRow, on_behalf: Option<String>) -> Value {
    let o = Obj::new(u.membership(&m.id), "Membership");
    if m.deleted_at.is_some() {
        return o.stamps(m.created_at, m.updated_at).deleted().done();
    }
    o.put("person", u.person(&m.person_id))
        .put("organization", u.organization(&m.body_id))
        .put("role", membership_role_label(&m.role))
        .put(
            "votingRight",
            matches!(m.role.as_str(), "chair" | "vice_chair" | "member"),
        )
        .opt("startDate", m.start_date.map(|d| d.to_string()))
        .opt("endDate", m.end_date.map(|d| d.to_string()))
        .opt("onBehalfOf", on_behalf)
        .ext("role", m.role.clone())
        .opt(&format!("{EXT}:organisation"), m.organisation.clone())
        .stamps(m.created_at, m.updated_at)
        .done()
}

/// A person, with their committee memberships (each on behalf of their
/// party) and, for a councillor, their photo. Only the published contact
/// details: the private address is for token holders.
pub fn person(
    u: &Urls,
    p: &PersonRow,
    memberships: &[&MembershipRow],
    facts: &Facts,
    today: NaiveDate,
) -> Value {
    let terms = facts.terms.get(&p.id).map(Vec::as_slice).unwrap_or(&[]);
    let modified = latest(
        p.updated_at,
        memberships
            .iter()
            .map(|m| Some(m.updated_at))
            .chain(terms.iter().map(|t| Some(t.updated_at))),
    );
    let o = Obj::new(u.person(&p.id), "Person");
    if p.deleted_at.is_some() {
        return o.stamps(p.created_at, modified).deleted().done();
    }
    let strings =
        |v: &Option<String>| -> Vec<Value> { v.iter().map(|s| Value::String(s.clone())).collect() };
    let mut o = o
        .put("body", u.body())
        .put("name", p.display_name())
        .text("formOfAddress", p.honorific.as_deref())
        .text("givenName", p.given_name.as_deref())
        .text("familyName", p.family_name.as_deref())
        .list("title", strings(&p.title))
        .list("email", strings(&p.public_email))
        .list("phone", strings(&p.public_phone))
        .list(
            "membership",
            memberships
                .iter()
                .filter(|m| m.deleted_at.is_none())
                .map(|m| membership(u, m, on_behalf_of(u, m, facts, today)))
                .collect(),
        );
    if let (Some(path), Some(hash)) = (facts.photo_path(&p.id), facts.photos.get(&p.id)) {
        let url = format!("{}{path}", u.public);
        let image = Obj::new(format!("{}/image", u.person(&p.id)), "File")
            .put("name", format!("Photo of {}", p.display_name()))
            .put("fileName", "photo")
            .put("accessUrl", url.clone())
            .put("downloadUrl", url)
            .ext("sha256", hash.clone())
            .stamps(p.created_at, modified)
            .done();
        o = o.put("image", image);
    }
    o.text(&format!("{EXT}:organisation"), p.organisation.as_deref())
        .stamps(p.created_at, modified)
        .done()
}

//! Members: `GetMemberGroup`, `GetCouncillorsByWard`, `GetCommitteesByUser`.

use super::format::{self as f, count};
use super::ops::*;
use super::xml::Xml;
use chrono::NaiveDate;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;
use minutebook_read::people::Facts;
use minutebook_store as store;
use minutebook_store::bodies::BodyRow;
use minutebook_store::memberships::MembershipRow;
use minutebook_store::mgws::{self as ids, Kind};
use minutebook_store::people::PersonRow;
use std::collections::{BTreeMap, HashMap};

/// What a member entry carries beside the person: their memberships, the
/// bodies' names, councillors' terms and photos, and where the site is.
pub(super) struct MemberContext<'a> {
    pub names: HashMap<String, (String, i64)>,
    pub facts: Facts,
    pub today: NaiveDate,
    pub public_url: &'a str,
}

impl<'a> MemberContext<'a> {
    pub(super) fn load(
        conn: &mut DbConn,
        people: &[String],
        public_url: &'a str,
    ) -> AppResult<MemberContext<'a>> {
        Ok(MemberContext {
            names: body_names(conn)?,
            facts: Facts::load(conn, Some(people))?,
            today: f::local(store::now()).date(),
            public_url,
        })
    }
}

/// The fields modern.gov gives a member or councillor: name, photo (an
/// absolute address), party and group, ward, what they represent, key
/// posts, the public contact details (never the private address) and the
/// terms of office.
pub(super) fn member_fields(x: &mut Xml, p: &PersonRow, ms: &[MembershipRow], cx: &MemberContext) {
    let term = cx.facts.term_on(&p.id, cx.today);
    let party = term
        .and_then(|t| cx.facts.parties.get(&t.party_id))
        .map(|p| p.name.clone())
        .unwrap_or_default();
    let ward = term
        .and_then(|t| cx.facts.wards.get(&t.ward_id))
        .map(|w| w.name.clone())
        .unwrap_or_default();
    let photo = cx
        .facts
        .photo_path(&p.id)
        .map(|path| format!("{}{path}", cx.public_url.trim_end_matches('/')))
        .unwrap_or_default();
    let mut posts = p.post_list();
    let body_posts = key_posts(ms, &cx.names);
    if !body_posts.is_empty() {
        posts.push(body_posts);
    }
    x.text("fullusername", &p.display_name())
        .text("photosmallurl", &photo)
        .text("photobigurl", &photo)
        .text("politicalpartytitle", &party)
        .text("politicalgrouptitle", &party)
        .text("districttitle", &ward)
        .text("representing", &representing(p, ms))
        .text("keyposts", &posts.join("; "));
    contact(x, p);
    x.open("termsofoffice");
    for t in cx.facts.terms.get(&p.id).into_iter().flatten() {
        x.open("termofoffice")
            .text("startdate", &f::date(t.start_date))
            .text(
                "enddate",
                &t.end_date
                    .map(f::date)
                    .unwrap_or_else(|| "unspecified".into()),
            )
            .close("termofoffice");
    }
    x.close("termsofoffice");
}

/// The published contact details as modern.gov's `workaddress`: the
/// address's lines, then phone and email. The private address the service
/// mails is never here.
fn contact(x: &mut Xml, p: &PersonRow) {
    x.open("workaddress");
    let lines: Vec<&str> = p
        .public_address
        .as_deref()
        .unwrap_or("")
        .split(['\n', ','])
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    for (i, name) in ["line1", "line2", "line3", "line4", "line5"]
        .iter()
        .enumerate()
    {
        let line = if i == 4 && lines.len() > 5 {
            lines[4..].join(", ")
        } else {
            lines.get(i).map(|l| l.to_string()).unwrap_or_default()
        };
        x.text(name, &line);
    }
    x.text("phone", p.public_phone.as_deref().unwrap_or(""))
        .text("email", p.public_email.as_deref().unwrap_or(""))
        .close("workaddress");
}

/// Every councillor holding a term today and every current member of a
/// body (partner representatives too), by name.
pub(super) fn get_member_group(conn: &mut DbConn, public_url: &str) -> AppResult<Vec<u8>> {
    let mut members = current_members(conn, None, is_member_role)?;
    let all = Facts::load(conn, None)?;
    let today = f::local(store::now()).date();
    let mut councillors: Vec<String> = all
        .terms
        .keys()
        .filter(|id| all.term_on(id, today).is_some())
        .filter(|id| !members.iter().any(|(p, _)| &p.id == *id))
        .cloned()
        .collect();
    councillors.sort();
    for p in store::people::get_many(conn, &councillors)? {
        if p.deleted_at.is_none() {
            members.push((p, Vec::new()));
        }
    }
    members.sort_by(|a, b| a.0.name.cmp(&b.0.name).then(a.0.id.cmp(&b.0.id)));
    let people: Vec<String> = members.iter().map(|(p, _)| p.id.clone()).collect();
    let cx = MemberContext::load(conn, &people, public_url)?;
    let numbers = ids::ids(conn, Kind::Person, &people)?;
    let mut x = Xml::new();
    x.open("memberlist").open("members");
    for (p, ms) in &members {
        let Some(n) = numbers.get(&p.id) else {
            continue;
        };
        x.open("member").text("memberid", &n.to_string());
        member_fields(&mut x, p, ms, &cx);
        x.close("member");
    }
    x.close("members").close("memberlist");
    x.finish()
}

/// Every councillor holding a term today, by ward (wards by name, each
/// ward's councillors by name). Members of bodies who hold no seat (partner
/// representatives, co-opted members) are not councillors and are in
/// `GetMemberGroup` only.
pub(super) fn get_councillors_by_ward(conn: &mut DbConn, public_url: &str) -> AppResult<Vec<u8>> {
    let all = Facts::load(conn, None)?;
    let today = f::local(store::now()).date();
    let mut holding: Vec<String> = all
        .terms
        .keys()
        .filter(|id| all.term_on(id, today).is_some())
        .cloned()
        .collect();
    holding.sort();
    let people = store::people::get_many(conn, &holding)?;
    let cx = MemberContext::load(conn, &holding, public_url)?;
    let numbers = ids::ids(conn, Kind::Person, &holding)?;
    let mut memberships: HashMap<String, Vec<MembershipRow>> = HashMap::new();
    for (p, ms) in current_members(conn, None, is_member_role)? {
        memberships.insert(p.id, ms);
    }
    let mut by_ward: BTreeMap<(String, String), Vec<&PersonRow>> = BTreeMap::new();
    for p in people.iter().filter(|p| p.deleted_at.is_none()) {
        if let Some(t) = cx.facts.term_on(&p.id, today) {
            let name = cx
                .facts
                .wards
                .get(&t.ward_id)
                .map(|w| w.name.clone())
                .unwrap_or_default();
            by_ward
                .entry((name, t.ward_id.clone()))
                .or_default()
                .push(p);
        }
    }
    let mut x = Xml::new();
    x.open("councillorsbyward").open("wards");
    for ((ward, _), mut councillors) in by_ward {
        councillors.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
        x.open("ward")
            .text("wardtitle", &ward)
            .open("councillors")
            .text("councillorcount", &count(councillors.len()));
        for p in councillors {
            let Some(n) = numbers.get(&p.id) else {
                continue;
            };
            x.open("councillor").text("councillorid", &n.to_string());
            let ms = memberships.get(&p.id).map(Vec::as_slice).unwrap_or(&[]);
            member_fields(&mut x, p, ms, &cx);
            x.close("councillor");
        }
        x.close("councillors").close("ward");
    }
    x.close("wards").close("councillorsbyward");
    x.finish()
}

pub(super) fn get_committees_by_user(conn: &mut DbConn, p: &Params) -> AppResult<Vec<u8>> {
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

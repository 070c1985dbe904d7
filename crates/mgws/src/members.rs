//! Members: `GetMemberGroup`, `GetCouncillorsByWard`, `GetCommitteesByUser`.

use super::format::count;
use super::ops::*;
use super::xml::Xml;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::AppResult;
use minutebook_store::bodies::BodyRow;
use minutebook_store::memberships::MembershipRow;
use minutebook_store::mgws::{self as ids, Kind};
use minutebook_store::people::PersonRow;
use std::collections::{BTreeMap, HashMap};

pub(super) fn member_fields(
    x: &mut Xml,
    p: &PersonRow,
    ms: &[MembershipRow],
    names: &HashMap<String, (String, i64)>,
) {
    x.text("fullusername", &p.display_name())
        .text("photosmallurl", "")
        .text("photobigurl", "")
        .text("politicalpartytitle", "")
        .text("politicalgrouptitle", "")
        .text("districttitle", "")
        .text("representing", &representing(p, ms))
        .text("keyposts", &key_posts(ms, names));
}

pub(super) fn get_member_group(conn: &mut DbConn) -> AppResult<Vec<u8>> {
    let members = current_members(conn, None, is_member_role)?;
    let names = body_names(conn)?;
    let numbers = ids::ids(
        conn,
        Kind::Person,
        &members
            .iter()
            .map(|(p, _)| p.id.clone())
            .collect::<Vec<_>>(),
    )?;
    let mut x = Xml::new();
    x.open("memberlist").open("members");
    for (p, ms) in &members {
        let Some(n) = numbers.get(&p.id) else {
            continue;
        };
        x.open("member").text("memberid", &n.to_string());
        member_fields(&mut x, p, ms, &names);
        x.close("member");
    }
    x.close("members").close("memberlist");
    x.finish()
}

pub(super) fn get_councillors_by_ward(conn: &mut DbConn) -> AppResult<Vec<u8>> {
    // minutebook records no wards: every current member is in one unnamed
    // ward, as modern.gov lists members who represent none.
    let members = current_members(conn, None, is_member_role)?;
    let names = body_names(conn)?;
    let numbers = ids::ids(
        conn,
        Kind::Person,
        &members
            .iter()
            .map(|(p, _)| p.id.clone())
            .collect::<Vec<_>>(),
    )?;
    let mut x = Xml::new();
    x.open("councillorsbyward").open("wards");
    if !members.is_empty() {
        x.open("ward")
            .text("wardtitle", "")
            .open("councillors")
            .text("councillorcount", &count(members.len()));
        for (p, ms) in &members {
            let Some(n) = numbers.get(&p.id) else {
                continue;
            };
            x.open("councillor").text("councillorid", &n.to_string());
            member_fields(&mut x, p, ms, &names);
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

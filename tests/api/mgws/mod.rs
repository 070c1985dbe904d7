//! The modern.gov-compatible web service: the XML a modern.gov client
//! reads, with the element names and nesting of real modern.gov responses
//! (as open-data scrapers keep them as fixtures), integer ids kept in the
//! database, only what the public may see, conditional requests, and
//! errors a client expects. This module holds the XML reader and the
//! world the tests share; the tests are in `operations.rs`.

use crate::helpers::{Res, TestApp};
use crate::public_pages::upload;
use serde_json::json;

/// An element: name, attributes, text and children.
#[derive(Debug, Clone, Default)]
pub struct Node {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub text: String,
    pub children: Vec<Node>,
}

impl Node {
    pub fn child(&self, name: &str) -> &Node {
        self.children
            .iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("<{}> has no <{name}>", self.name))
    }
    pub fn all(&self, name: &str) -> Vec<&Node> {
        self.children.iter().filter(|c| c.name == name).collect()
    }
    pub fn get(&self, name: &str) -> String {
        self.child(name).text.clone()
    }
    pub fn attr(&self, name: &str) -> String {
        self.attrs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| panic!("<{}> has no {name}=", self.name))
    }
    pub fn names(&self) -> Vec<&str> {
        self.children.iter().map(|c| c.name.as_str()).collect()
    }
}

/// Parses XML with an independent reader (quick-xml's pull parser).
pub fn parse(xml: &str) -> Node {
    use quick_xml::events::Event;
    let mut r = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<Node> = vec![Node::default()];
    loop {
        match r.read_event().expect("well-formed XML") {
            Event::Start(e) => {
                let mut n = Node {
                    name: String::from_utf8(e.name().as_ref().to_vec()).unwrap(),
                    ..Default::default()
                };
                for a in e.attributes() {
                    let a = a.unwrap();
                    n.attrs.push((
                        String::from_utf8(a.key.as_ref().to_vec()).unwrap(),
                        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .unwrap()
                            .into_owned(),
                    ));
                }
                stack.push(n);
            }
            Event::Empty(e) => {
                let n = Node {
                    name: String::from_utf8(e.name().as_ref().to_vec()).unwrap(),
                    ..Default::default()
                };
                stack.last_mut().unwrap().children.push(n);
            }
            Event::Text(t) => {
                let s = t.decode().unwrap();
                stack.last_mut().unwrap().text.push_str(&s);
            }
            Event::GeneralRef(e) => {
                let name = e.decode().unwrap();
                let c = match name.as_ref() {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    _ => e.resolve_char_ref().unwrap().expect("a known reference"),
                };
                stack.last_mut().unwrap().text.push(c);
            }
            Event::End(_) => {
                let mut n = stack.pop().unwrap();
                n.text = n.text.trim().to_string();
                stack.last_mut().unwrap().children.push(n);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut root = stack.pop().unwrap();
    assert_eq!(root.children.len(), 1, "one root element");
    root.children.remove(0)
}

// The element sequences of real modern.gov answers (the fixtures of
// Democracy Club's LGSF scrapers): a client reading them by name and
// position reads ours the same way.
const COMMITTEE: &[&str] = &[
    "committeeid",
    "committeetitle",
    "committeedeleted",
    "committeeexpired",
    "committeecategory",
];
const MEETING_STUB: &[&str] = &[
    "meetingid",
    "meetingdate",
    "meetingstatus",
    "meetingtime",
    "iswebcast",
];
const MEETING: &[&str] = &[
    "meetingid",
    "meetingdate",
    "meetingstatus",
    "isdisplayallowed",
    "meetingtime",
    "meetingactualstarttime",
    "meetingplannedfinishtime",
    "meetingactualfinishtime",
    "meetinglocation",
    "iswebcast",
    "agendaid",
    "agendapublished",
    "decisionpublished",
    "minutepublished",
    "meetingroom",
    "agendaitems",
    "attendees",
];
const AGENDA_ITEM: &[&str] = &[
    "agendaitemid",
    "agendaitemtitle",
    "agendatext",
    "actualmeetingdate",
    "agendaitemnumber",
    "agendaitemsubnumber",
    "fulldisplaynumberformat",
    "authorusername",
    "commentlabel1",
    "commenttext1",
    "commentlabel2",
    "commenttext2",
    "minutesnonemptyhtmlbody",
    "declarationcount",
    "iscallin",
    "iscomment",
    "isdecision",
    "isdecisionpublished",
    "isminutepublished",
    "ispubliccanspeak",
    "isrestricted",
    "isdisplayallowed",
    "meetingdate",
    "meetingtime",
    "minutesitemnumber",
    "minutesitemsubnumber",
    "preferreddate",
    "refertocommittee",
    "linkeddocuments",
];
const LINKED_DOC: &[&str] = &[
    "attachmentid",
    "title",
    "isurl",
    "url",
    "isrestricted",
    "restrictionsRef",
    "itemnum",
    "publicationdate",
    "meetingdate",
    "decisiondate",
    "committeetitle",
    "isdecisionattachment",
    "ownertitle",
];

/// Words only restricted or unpublished content carries.
pub const SECRETS: &[&str] = &[
    "Secretreasonword",
    "Secretminuteword",
    "Secretpaperword",
    "Secretpresenterword",
    "secret@example.org",
    "Draftmeetingword",
    "Unpublishedminuteword",
];

pub async fn ws(app: &TestApp, query: &str) -> Res {
    app.get(&format!("/mgWebService.asmx/{query}"), None).await
}

pub async fn ws_xml(app: &TestApp, query: &str) -> Node {
    let r = ws(app, query).await.expect(200);
    assert!(
        r.header("content-type").unwrap().starts_with("text/xml"),
        "{query}: XML"
    );
    parse(&r.text)
}

pub fn int(s: &str) -> i64 {
    s.trim()
        .parse()
        .unwrap_or_else(|_| panic!("{s:?} is an integer"))
}

/// The integer id the service gives a uuid.
pub fn mgws_id(app: &TestApp, uuid: &str) -> i64 {
    use diesel::prelude::*;
    use minutebook::db::schema::mgws_ids;
    let mut conn = minutebook::db::establish(&app.database_url).unwrap();
    mgws_ids::table
        .filter(mgws_ids::uuid.eq(uuid))
        .select(mgws_ids::id)
        .first(&mut conn)
        .unwrap()
}

pub struct World {
    pub meeting: String,
    pub restricted_item: String,
    pub plan_item: String,
    pub draft: String,
    pub cancelled: String,
    pub audit_meeting: String,
    pub paper: String,
    pub chair: String,
}

pub async fn member(app: &TestApp, body: &str, person: &str, role: &str) {
    app.post(
        &format!("/api/v1/bodies/{body}/memberships"),
        json!({"person_id": person, "role": role, "start_date": "2020-05-01"}),
    )
    .await
    .expect(201);
}

/// A partnership meeting with a restricted item and a paper, a draft, a
/// cancelled meeting and a second committee.
pub async fn world(app: &TestApp) -> World {
    let (chair, police) = two_bodies_and_their_members(app).await;
    let meeting = the_partnership_meeting(app).await;
    let restricted_item = a_restricted_item_with_its_secrets(app, &meeting).await;
    let (plan_item, paper) = the_plan_item_with_minutes_outcome_and_paper(app, &meeting).await;
    attendance_then_publication(app, &meeting, &chair, &police).await;
    let (draft, cancelled, audit_meeting) = a_draft_a_cancelled_and_an_audit_meeting(app).await;
    World {
        meeting,
        restricted_item,
        plan_item,
        draft,
        cancelled,
        audit_meeting,
        paper,
        chair,
    }
}

/// The partnership and the audit committee with their members; returns
/// the chair's and the police member's ids.
async fn two_bodies_and_their_members(app: &TestApp) -> (String, String) {
    app.post("/api/v1/bodies", json!({"name": "Safer Stockton Partnership", "slug": "ssp", "minute_prefix": "SSP", "kind": "partnership"}))
        .await
        .expect(201);
    app.post("/api/v1/bodies", json!({"name": "Audit Committee", "slug": "audit", "minute_prefix": "AUD", "kind": "committee"}))
        .await
        .expect(201);
    let chair = app
        .post("/api/v1/people", json!({"name": "Steve Nelson", "honorific": "Cllr", "organisation": "Stockton-on-Tees Borough Council", "email": "secret@example.org"}))
        .await
        .expect(201)
        .id();
    let police = app.person("Jo Smith", "Cleveland Police").await;
    let officer = app.person("Sarah Whaley", "SBC").await;
    member(app, "ssp", &chair, "chair").await;
    member(app, "ssp", &police, "member").await;
    member(app, "ssp", &officer, "officer").await;
    member(app, "audit", &police, "vice_chair").await;
    (chair, police)
}

/// The partnership meeting with its venue and an apologies item.
async fn the_partnership_meeting(app: &TestApp) -> String {
    let meeting = app
        .post(
            "/api/v1/bodies/ssp/meetings",
            json!({"starts_at": "2023-07-19T09:30:00+01:00", "ends_at": "2023-07-19T11:00:00+01:00",
                   "venue": {"name": "Jim Cooke Conference Suite", "address": "Stockton Central Library", "postcode": "TS18 1TU"}}),
        )
        .await
        .expect(201)
        .id();
    app.post(
        &format!("/api/v1/meetings/{meeting}/items"),
        json!({"title": "Apologies for Absence", "kind": "apologies"}),
    )
    .await
    .expect(201);
    meeting
}

/// A restricted item whose presenter, reason, minutes and paper are secret.
async fn a_restricted_item_with_its_secrets(app: &TestApp, meeting: &str) -> String {
    let restricted_item = app
        .post(
            &format!("/api/v1/meetings/{meeting}/items"),
            json!({"title": "Restricted Crime Report", "kind": "report", "presenter": "Secretpresenterword",
                   "restricted": {"paragraph": 7, "reason": "Secretreasonword"}}),
        )
        .await
        .expect(201)
        .id();
    app.patch(
        &format!("/api/v1/items/{restricted_item}"),
        json!({"minutes": "Secretminuteword discussed."}),
    )
    .await
    .expect(200);
    upload(
        app,
        &restricted_item,
        "crime.pdf",
        "application/pdf",
        b"%PDF-1.4 secret".to_vec(),
        "Secretpaperword",
        false,
    )
    .await;
    restricted_item
}

/// The plan item with minutes, an outcome in parts, a paper and a lettered
/// part; returns the item's and the paper's ids.
async fn the_plan_item_with_minutes_outcome_and_paper(
    app: &TestApp,
    meeting: &str,
) -> (String, String) {
    let plan_item = app
        .post(
            &format!("/api/v1/meetings/{meeting}/items"),
            json!({"title": "Safer Stockton Partnership Plan", "kind": "report", "presenter": "Community Safety Team"}),
        )
        .await
        .expect(201)
        .id();
    app.patch(
        &format!("/api/v1/items/{plan_item}"),
        json!({"minutes": "Members considered the *plan*.\n\n- targets\n- funding"}),
    )
    .await
    .expect(200);
    app.post(
        &format!("/api/v1/items/{plan_item}/outcomes"),
        json!({"verb": "AGREED", "text": "that:-", "parts": ["The plan be noted.", "The direction be endorsed."]}),
    )
    .await
    .expect(201);
    let paper = upload(
        app,
        &plan_item,
        "plan.pdf",
        "application/pdf",
        b"%PDF-1.4 the plan".to_vec(),
        "Partnership Plan 2023-26",
        false,
    )
    .await;
    app.post(
        &format!("/api/v1/meetings/{meeting}/items"),
        json!({"title": "Minutes of other boards", "kind": "other", "parent_id": plan_item}),
    )
    .await
    .expect(201);
    (plan_item, paper)
}

/// The chair present, the police member's apologies; the agenda published.
async fn attendance_then_publication(app: &TestApp, meeting: &str, chair: &str, police: &str) {
    app.post(
        &format!("/api/v1/meetings/{meeting}/attendance"),
        json!({"person_id": chair, "status": "present", "chair": true}),
    )
    .await
    .expect(201);
    app.post(
        &format!("/api/v1/meetings/{meeting}/attendance"),
        json!({"person_id": police, "status": "apologies"}),
    )
    .await
    .expect(201);
    app.publish(meeting).await.expect(200);
}

/// A draft meeting, a cancelled one and an audit committee meeting;
/// returns their ids in that order.
async fn a_draft_a_cancelled_and_an_audit_meeting(app: &TestApp) -> (String, String, String) {
    let draft = app
        .post(
            "/api/v1/bodies/ssp/meetings",
            json!({"starts_at": "2023-09-20T09:30:00+01:00", "title": "Draftmeetingword"}),
        )
        .await
        .expect(201)
        .id();
    let cancelled = app.meeting("ssp", "2023-11-15T09:30:00Z").await;
    app.item(&cancelled, "Business").await;
    app.publish(&cancelled).await.expect(200);
    app.patch(
        &format!("/api/v1/meetings/{cancelled}"),
        json!({"status": "cancelled"}),
    )
    .await
    .expect(200);
    let audit_meeting = app.meeting("audit", "2026-02-10T10:00:00Z").await;
    app.item(&audit_meeting, "Work Programme").await;
    app.publish(&audit_meeting).await.expect(200);
    (draft, cancelled, audit_meeting)
}

pub fn no_secrets(text: &str) {
    for s in SECRETS {
        assert!(!text.contains(s), "{s} leaked: {text}");
    }
}

mod operations;

//! The minutes and the agenda as documents: layout in the house style, the
//! five formats, what the public may see, DRAFT marks, and a Word file that
//! Word and LibreOffice can open.

mod drafts;
mod formats;
mod layout;
pub(crate) mod libreoffice;
mod pdf;
pub(crate) mod pdf_read;
mod restricted;
mod seed;

use crate::helpers::{spawn_app_with, TestApp};
use reqwest::header::{ACCEPT, CONTENT_TYPE};
use serde_json::{json, Value};
use std::io::Read;

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// The app and its database URL, to move the minutes through states whose
/// endpoints are not this suite's concern.
async fn spawn() -> (TestApp, String) {
    let mut url = String::new();
    let app = spawn_app_with(|s| url = s.database_url.clone()).await;
    (app, url)
}

fn set_minutes_status(db: &str, meeting: &str, status: &str) {
    use diesel::prelude::*;
    use minutebook::db::schema::meetings;
    let mut conn = minutebook::db::establish(db).expect("connect to the test database");
    let n = diesel::update(meetings::table.find(meeting))
        .set(meetings::minutes_status.eq(status))
        .execute(&mut conn)
        .expect("set minutes_status");
    assert_eq!(n, 1);
}

/// A fetched document: status, content type and bytes.
struct Fetched {
    status: u16,
    content_type: String,
    bytes: Vec<u8>,
    headers: reqwest::header::HeaderMap,
}

impl Fetched {
    fn text(&self) -> String {
        String::from_utf8(self.bytes.clone()).expect("utf-8")
    }
    fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes).unwrap_or(Value::Null)
    }
    #[track_caller]
    fn ok(self) -> Fetched {
        assert_eq!(self.status, 200, "{}", String::from_utf8_lossy(&self.bytes));
        self
    }
}

async fn fetch(app: &TestApp, path: &str, token: Option<&str>, accept: Option<&str>) -> Fetched {
    let mut r = app.client.get(app.url(path));
    if let Some(t) = token {
        r = r.bearer_auth(t);
    }
    if let Some(a) = accept {
        r = r.header(ACCEPT, a);
    }
    let r = r.send().await.expect("request");
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    let content_type = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let bytes = r.bytes().await.expect("body").to_vec();
    Fetched {
        status,
        content_type,
        bytes,
        headers,
    }
}

/// One part of a .docx package as text.
fn docx_part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive");
    let mut part = zip.by_name(name).expect("part present");
    let mut s = String::new();
    part.read_to_string(&mut s).expect("utf-8 xml");
    s
}

/// The text of a WordprocessingML part, a line per paragraph.
fn docx_text(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('>') else {
            break;
        };
        let tag = &rest[start..start + end + 1];
        if tag == "</w:p>" || tag.starts_with("<w:br") {
            out.push('\n');
        } else if tag.starts_with("<w:tab") && !tag.starts_with("<w:tabs") {
            out.push(' ');
        }
        rest = &rest[start + end + 1..];
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// The text of `word/document.xml`.
pub(crate) fn docx_body(bytes: &[u8]) -> String {
    docx_text(&docx_part(bytes, "word/document.xml"))
}

/// Every page header of a .docx, as text.
fn docx_headers(bytes: &[u8]) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let names: Vec<String> = zip
        .file_names()
        .filter(|n| n.starts_with("word/header"))
        .map(str::to_string)
        .collect();
    let mut all = String::new();
    for n in names {
        let mut s = String::new();
        zip.by_name(&n)
            .expect("header")
            .read_to_string(&mut s)
            .expect("xml");
        all.push_str(&docx_text(&s));
    }
    all
}

async fn person(app: &TestApp, honorific: Option<&str>, name: &str, org: &str) -> String {
    app.post(
        "/api/v1/people",
        json!({"name": name, "honorific": honorific, "organisation": org}),
    )
    .await
    .expect(201)
    .id()
}

async fn attend(app: &TestApp, m: &str, body: Value) {
    app.post(&format!("/api/v1/meetings/{m}/attendance"), body)
        .await
        .expect(201);
}

async fn item(app: &TestApp, m: &str, body: Value) -> String {
    app.post(&format!("/api/v1/meetings/{m}/items"), body)
        .await
        .expect(201)
        .id()
}

async fn outcome(app: &TestApp, item: &str, body: Value) {
    app.post(&format!("/api/v1/items/{item}/outcomes"), body)
        .await
        .expect(201);
}

async fn ssp_body(app: &TestApp) {
    app.post(
        "/api/v1/bodies",
        json!({"name": "Safer Stockton Partnership", "slug": "ssp", "minute_prefix": "SSP", "kind": "partnership"}),
    )
    .await
    .expect(201);
}

async fn ssp_meeting(app: &TestApp) -> String {
    app.post(
        "/api/v1/bodies/ssp/meetings",
        json!({"starts_at": "2023-07-19T09:00:00+01:00",
               "venue": {"name": "Meeting Room 1, Jim Cooke Conference Suite", "address": "Church Road, Stockton on Tees", "postcode": "TS18 1TU"},
               "contact": {"name": "John Devine", "role": "Democratic Services Support Officer", "email": "john.devine@stockton.gov.uk"}}),
    )
    .await
    .expect(201)
    .id()
}

/// A meeting with attendance, parts, bullet and numbered minute text, a
/// declaration and the three kinds of outcome; agenda published.
async fn house_style_meeting(app: &TestApp) -> String {
    ssp_body(app).await;
    let m = ssp_meeting(app).await;
    let nelson = two_councillors_an_officer_and_apologies(app, &m).await;
    the_minutes_and_the_boards_with_parts(app, &m).await;
    the_strategy_with_lists_and_a_declaration(app, &m, &nelson).await;
    the_pspo_update_resolved(app, &m).await;
    app.publish(&m).await.expect(200);
    m
}

/// Attendance: Cllr Nelson, Cllr Beall in the chair, an officer and
/// apologies; returns Cllr Nelson's id.
async fn two_councillors_an_officer_and_apologies(app: &TestApp, m: &str) -> String {
    let nelson = person(
        app,
        Some("Cllr"),
        "Steve Nelson",
        "Stockton-on-Tees Borough Council",
    )
    .await;
    let beall = person(
        app,
        Some("Cllr"),
        "Jim Beall",
        "Stockton-on-Tees Borough Council",
    )
    .await;
    let marc = person(app, None, "Marc Stephenson", "SBC - Community Services").await;
    let jane = person(app, None, "Jane Smith", "Thirteen Group").await;
    attend(app, m, json!({"person_id": nelson, "status": "present"})).await;
    attend(
        app,
        m,
        json!({"person_id": beall, "status": "present", "chair": true}),
    )
    .await;
    attend(app, m, json!({"person_id": marc, "status": "officer"})).await;
    attend(app, m, json!({"person_id": jane, "status": "apologies"})).await;
    nelson
}

/// The previous minutes, and the other boards' minutes with two parts.
async fn the_minutes_and_the_boards_with_parts(app: &TestApp, m: &str) {
    item(app, m, json!({"title": "Minutes", "kind": "previous_minutes",
        "minutes": "The minutes of the meeting held on the 18th January 2023 were agreed as a true record."})).await;
    let boards = item(
        app,
        m,
        json!({"title": "Minutes of other boards", "minutes": "Members noted the minutes of the boards."}),
    )
    .await;
    item(
        app,
        m,
        json!({"title": "Tees Valley Community Safety Board", "parent_id": boards}),
    )
    .await;
    item(
        app,
        m,
        json!({"title": "Youth Offending Board", "parent_id": boards}),
    )
    .await;
    outcome(
        app,
        &boards,
        json!({"verb": "AGREED", "text": "that the minutes be noted."}),
    )
    .await;
}

/// The strategy with bullet and numbered minutes, a declaration by
/// `nelson` and an outcome in parts.
async fn the_strategy_with_lists_and_a_declaration(app: &TestApp, m: &str, nelson: &str) {
    let strategy = item(
        app,
        m,
        json!({"title": "Community Safety Strategy", "presenter": "SBC Community Safety",
            "minutes": "Officers presented the strategy.\n\n- Reduce reoffending\n- Tackle anti-social behaviour\n\nPriorities were ranked:\n\n1. Serious violence\n2. Drugs\n\nMembers *welcomed* the focus on prevention."}),
    )
    .await;
    app.post(
        &format!("/api/v1/items/{strategy}/declarations"),
        json!({"person_id": nelson, "nature": "Personal non-prejudicial interest: Norton ward member"}),
    )
    .await
    .expect(201);
    outcome(app, &strategy, json!({"verb": "AGREED", "text": "that:-", "parts": ["The content of the strategy be noted.", "The strategic direction be endorsed."]})).await;
}

/// The PSPO update, resolved to be noted.
async fn the_pspo_update_resolved(app: &TestApp, m: &str) {
    let pspo = item(
        app,
        m,
        json!({"title": "Public Space Protection Order Update"}),
    )
    .await;
    outcome(
        app,
        &pspo,
        json!({"verb": "RESOLVED", "text": "the update be noted."}),
    )
    .await;
}

//! The minutes and the agenda as documents: layout in the house style, the
//! four formats, what the public may see, DRAFT marks, and a Word file that
//! Word and LibreOffice can open.

use crate::helpers::{spawn_app_with, Res, TestApp};
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
fn docx_body(bytes: &[u8]) -> String {
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
    attend(app, &m, json!({"person_id": nelson, "status": "present"})).await;
    attend(
        app,
        &m,
        json!({"person_id": beall, "status": "present", "chair": true}),
    )
    .await;
    attend(app, &m, json!({"person_id": marc, "status": "officer"})).await;
    attend(app, &m, json!({"person_id": jane, "status": "apologies"})).await;

    item(app, &m, json!({"title": "Minutes", "kind": "previous_minutes",
        "minutes": "The minutes of the meeting held on the 18th January 2023 were agreed as a true record."})).await;
    let boards = item(
        app,
        &m,
        json!({"title": "Minutes of other boards", "minutes": "Members noted the minutes of the boards."}),
    )
    .await;
    item(
        app,
        &m,
        json!({"title": "Tees Valley Community Safety Board", "parent_id": boards}),
    )
    .await;
    item(
        app,
        &m,
        json!({"title": "Youth Offending Board", "parent_id": boards}),
    )
    .await;
    outcome(
        app,
        &boards,
        json!({"verb": "AGREED", "text": "that the minutes be noted."}),
    )
    .await;
    let strategy = item(
        app,
        &m,
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
    let pspo = item(
        app,
        &m,
        json!({"title": "Public Space Protection Order Update"}),
    )
    .await;
    outcome(
        app,
        &pspo,
        json!({"verb": "RESOLVED", "text": "the update be noted."}),
    )
    .await;
    app.publish(&m).await.expect(200);
    m
}

const HOUSE_STYLE_TEXT: &str = "\
DRAFT — NOT YET APPROVED BY THE CHAIR

Safer Stockton Partnership
==========================

Minutes

A meeting of Safer Stockton Partnership was held on Wednesday, 19th July, 2023 at 9.00 am in Meeting Room 1, Jim Cooke Conference Suite, Church Road, Stockton on Tees, TS18 1TU.

Present: Cllr Jim Beall (Stockton-on-Tees Borough Council) (Chair), Cllr Steve Nelson (Stockton-on-Tees Borough Council)

Officers: Marc Stephenson (SBC - Community Services)

Also in attendance: None

Apologies: Jane Smith (Thirteen Group)

SSP/1/23 Minutes

The minutes of the meeting held on the 18th January 2023 were agreed as a true record.

SSP/2/23 Minutes of other boards

(a) Tees Valley Community Safety Board

(b) Youth Offending Board

Members noted the minutes of the boards.

AGREED that the minutes be noted.

SSP/3/23 Community Safety Strategy

Officers presented the strategy.

  • Reduce reoffending
  • Tackle anti-social behaviour

Priorities were ranked:

  1. Serious violence
  2. Drugs

Members welcomed the focus on prevention.

Declaration of interest: Cllr Steve Nelson — Personal non-prejudicial interest: Norton ward member

AGREED that:-
  1. The content of the strategy be noted.
  2. The strategic direction be endorsed.

SSP/4/23 Public Space Protection Order Update

RESOLVED the update be noted.
";

#[tokio::test]
async fn minutes_as_text_follow_the_house_layout_in_order() {
    let (app, _db) = spawn().await;
    let m = house_style_meeting(&app).await;
    let got = fetch(
        &app,
        &format!("/api/v1/meetings/{m}/minutes?format=txt"),
        Some(&app.clerk),
        None,
    )
    .await
    .ok();
    assert_eq!(got.content_type, "text/plain; charset=utf-8");
    assert_eq!(got.text(), HOUSE_STYLE_TEXT);
}

#[tokio::test]
async fn minutes_in_markdown_html_and_word_carry_the_same_content() {
    let (app, _db) = spawn().await;
    let m = house_style_meeting(&app).await;
    let path = format!("/api/v1/meetings/{m}/minutes");
    let md = fetch(&app, &format!("{path}?format=md"), Some(&app.clerk), None)
        .await
        .ok();
    assert_eq!(md.content_type, "text/markdown; charset=utf-8");
    let md = md.text();
    for line in [
        "# Safer Stockton Partnership",
        "### SSP/3/23 Community Safety Strategy",
        "#### (a) Tees Valley Community Safety Board",
        "**Also in attendance:** None",
        "- Reduce reoffending",
        "1. Serious violence",
        "Members *welcomed* the focus on prevention.",
        "**AGREED** that:-",
        "2. The strategic direction be endorsed.",
        "**RESOLVED** the update be noted.",
    ] {
        assert!(md.lines().any(|l| l == line), "{line:?} not in:\n{md}");
    }

    let html = fetch(&app, &format!("{path}?format=html"), Some(&app.clerk), None)
        .await
        .ok()
        .text();
    for fragment in [
        "<h1>Safer Stockton Partnership</h1>",
        "<span class=\"minute-number\">SSP/3/23</span>",
        "<strong>Also in attendance:</strong> None",
        "<li>Reduce reoffending</li>",
        "<em>welcomed</em>",
        "<strong class=\"verb\">AGREED</strong> that:-",
        "<li>The strategic direction be endorsed.</li>",
    ] {
        assert!(html.contains(fragment), "{fragment:?} not in:\n{html}");
    }

    let word = fetch(&app, &format!("{path}?format=docx"), Some(&app.clerk), None)
        .await
        .ok();
    assert_eq!(word.content_type, DOCX);
    let disposition = word.headers["content-disposition"].to_str().unwrap();
    assert_eq!(
        disposition,
        "attachment; filename=\"ssp-2023-07-19-minutes.docx\""
    );
    let body = docx_body(&word.bytes);
    for line in [
        "Safer Stockton Partnership",
        "SSP/3/23 Community Safety Strategy",
        "(b) Youth Offending Board",
        "Present: Cllr Jim Beall (Stockton-on-Tees Borough Council) (Chair), Cllr Steve Nelson (Stockton-on-Tees Borough Council)",
        "Also in attendance: None",
        "Reduce reoffending",
        "AGREED that:-",
        "The content of the strategy be noted.",
        "RESOLVED the update be noted.",
    ] {
        assert!(body.lines().any(|l| l == line), "{line:?} not in:\n{body}");
    }
    // Lists are real Word lists: the outcome parts and the minute text's
    // numbered list each restart at 1, the bullets use a bullet format.
    let xml = docx_part(&word.bytes, "word/document.xml");
    assert!(xml.contains("<w:numPr>"), "no numbered paragraphs");
    let numbering = docx_part(&word.bytes, "word/numbering.xml");
    assert!(numbering.contains("w:val=\"bullet\""));
    assert!(numbering.contains("<w:startOverride w:val=\"1\""));
    let styles = docx_part(&word.bytes, "word/styles.xml");
    assert!(styles.contains("w:styleId=\"Heading2\""));
}

#[tokio::test]
async fn older_house_style_numbering_and_dates_appear_in_the_documents() {
    let (app, _db) = spawn().await;
    app.post(
        "/api/v1/bodies",
        json!({"name": "Safer Stockton Partnership", "slug": "ssp", "minute_prefix": "SSP", "kind": "partnership",
               "numbering": {"format": "{prefix} {n}/{yy}", "year_start_month": 4}}),
    )
    .await
    .expect(201);
    let m = app
        .post(
            "/api/v1/bodies/ssp/meetings",
            json!({"starts_at": "2017-04-04T14:00:00+01:00"}),
        )
        .await
        .expect(201)
        .id();
    for t in [
        "Apologies for Absence",
        "Declarations of Interest",
        "Minutes",
        "Matters Arising",
        "Anti-Social Behaviour Update",
    ] {
        app.item(&m, t).await;
    }
    app.publish(&m).await.expect(200);
    let text = fetch(
        &app,
        &format!("/api/v1/meetings/{m}/minutes?format=txt"),
        Some(&app.clerk),
        None,
    )
    .await
    .ok()
    .text();
    assert!(
        text.contains(
            "A meeting of Safer Stockton Partnership was held on Tuesday, 4th April, 2017 at 2.00 pm."
        ),
        "{text}"
    );
    assert!(text.lines().any(|l| l == "SSP 1/17 Apologies for Absence"));
    assert!(text
        .lines()
        .any(|l| l == "SSP 5/17 Anti-Social Behaviour Update"));
    let agenda = fetch(
        &app,
        &format!("/api/v1/meetings/{m}/agenda?format=txt"),
        None,
        None,
    )
    .await
    .ok()
    .text();
    assert!(agenda
        .lines()
        .any(|l| l == "SSP 5/17 Anti-Social Behaviour Update"));
    assert!(agenda
        .lines()
        .any(|l| l == "Date: Tuesday, 4th April, 2017"));
    assert!(agenda.lines().any(|l| l == "Time: 2.00 pm"));
}

/// A meeting with one open and one restricted item whose every detail is
/// a word that must never reach the public.
async fn restricted_meeting(app: &TestApp) -> String {
    ssp_body(app).await;
    let m = ssp_meeting(app).await;
    item(
        app,
        &m,
        json!({"title": "Recorded Crime and Disorder Report", "minutes": "Members discussed the statistics."}),
    )
    .await;
    let secret = item(
        app,
        &m,
        json!({"title": "iQuanta Report",
            "restricted": {"paragraph": 7, "reason": "Zanzibar intelligence only"},
            "public_summary": "A restricted report on crime comparisons was noted.",
            "presenter": "Quokka Analytics",
            "minutes": "Burglary in Norton rose by *forty* per cent.\n\n- Xylophone estate\n- Yodel street"}),
    )
    .await;
    item(
        app,
        &m,
        json!({"title": "Covert operations", "parent_id": secret, "minutes": "Walrus details."}),
    )
    .await;
    outcome(
        app,
        &secret,
        json!({"verb": "AGREED", "text": "that the Vermilion figures be shared", "parts": ["Umbrella partners be told."]}),
    )
    .await;
    let form = reqwest::multipart::Form::new()
        .part(
            "file",
            reqwest::multipart::Part::bytes(b"restricted stats".to_vec())
                .file_name("iquanta.pdf")
                .mime_str("application/pdf")
                .unwrap(),
        )
        .text("title", "Tangerine statistics");
    let r = app
        .client
        .post(app.url(&format!("/api/v1/items/{secret}/documents")))
        .bearer_auth(&app.clerk)
        .multipart(form)
        .send()
        .await
        .unwrap();
    Res::from(r).await.expect(201);
    app.publish(&m).await.expect(200);
    m
}

const SECRETS: [&str; 10] = [
    "Burglary",
    "forty",
    "Xylophone",
    "Yodel",
    "Zanzibar",
    "Walrus",
    "Vermilion",
    "Umbrella",
    "Tangerine",
    "Quokka",
];

#[tokio::test]
async fn public_documents_show_no_word_of_a_restricted_item() {
    let (app, db) = spawn().await;
    let m = restricted_meeting(&app).await;
    set_minutes_status(&db, &m, "published");
    let notice =
        "Restricted — exempt under paragraph 7 of Schedule 12A to the Local Government Act 1972";
    for doc in ["minutes", "agenda"] {
        for format in ["txt", "md", "html", "docx"] {
            let got = fetch(
                &app,
                &format!("/api/v1/meetings/{m}/{doc}?format={format}"),
                None,
                None,
            )
            .await
            .ok();
            let text = if format == "docx" {
                docx_body(&got.bytes) + &docx_headers(&got.bytes)
            } else {
                got.text()
            };
            for secret in SECRETS {
                assert!(
                    !text.contains(secret),
                    "public {doc} ({format}) leaked {secret:?}:\n{text}"
                );
            }
            assert!(text.contains("iQuanta Report"), "{doc} {format}: {text}");
            assert!(text.contains("(Restricted)"), "{doc} {format}");
            assert!(text.contains(notice), "{doc} {format}: {text}");
            assert!(
                !text.contains("EXEMPT INFORMATION"),
                "the public version is not the exempt one"
            );
            if doc == "minutes" {
                assert!(text.contains("A restricted report on crime comparisons was noted."));
                assert!(text.contains("Members discussed the statistics."));
            }
        }
    }
}

#[tokio::test]
async fn the_clerks_version_shows_everything_and_is_marked_exempt() {
    let (app, _db) = spawn().await;
    let m = restricted_meeting(&app).await;
    for format in ["txt", "md", "html", "docx"] {
        let got = fetch(
            &app,
            &format!("/api/v1/meetings/{m}/minutes?format={format}&audience=internal"),
            Some(&app.reader),
            None,
        )
        .await
        .ok();
        assert_eq!(
            got.headers["cache-control"].to_str().unwrap(),
            "private, no-store"
        );
        let (text, marks) = if format == "docx" {
            (docx_body(&got.bytes), docx_headers(&got.bytes))
        } else {
            let t = got.text();
            (t.clone(), t)
        };
        for secret in [
            "Burglary",
            "forty",
            "Xylophone",
            "Zanzibar",
            "Walrus",
            "Vermilion",
            "Umbrella",
        ] {
            assert!(text.contains(secret), "{format} lacks {secret:?}");
        }
        assert!(
            marks.contains("CONTAINS EXEMPT INFORMATION — NOT FOR PUBLICATION"),
            "{format}: {marks}"
        );
    }
    let agenda = fetch(
        &app,
        &format!("/api/v1/meetings/{m}/agenda?format=txt"),
        Some(&app.clerk),
        None,
    )
    .await
    .ok()
    .text();
    assert!(agenda.contains("Tangerine statistics (PDF 1 KB) (Restricted)"));
    assert!(agenda.contains("Presented by: Quokka Analytics"));
    assert!(agenda.starts_with("CONTAINS EXEMPT INFORMATION — NOT FOR PUBLICATION\n"));
}

#[tokio::test]
async fn the_internal_version_needs_a_token() {
    let (app, _db) = spawn().await;
    let m = restricted_meeting(&app).await;
    let r = fetch(
        &app,
        &format!("/api/v1/meetings/{m}/minutes?audience=internal"),
        None,
        None,
    )
    .await;
    assert_eq!(r.status, 401);
    assert_eq!(r.content_type, "application/problem+json");
    let r = fetch(
        &app,
        &format!("/api/v1/meetings/{m}/agenda?audience=internal&format=txt"),
        None,
        None,
    )
    .await;
    assert_eq!(r.status, 401);
    let bad = fetch(
        &app,
        &format!("/api/v1/meetings/{m}/agenda?audience=everyone"),
        Some(&app.clerk),
        None,
    )
    .await;
    assert_eq!(bad.status, 422);
    assert_eq!(bad.json()["errors"][0]["field"], "audience");
    // A token holder may ask for the public version: exactly what the
    // public sees, here nothing yet because the minutes are unpublished.
    let public = fetch(
        &app,
        &format!("/api/v1/meetings/{m}/minutes?audience=public"),
        Some(&app.clerk),
        None,
    )
    .await;
    assert_eq!(public.status, 404);
    let agenda = fetch(
        &app,
        &format!("/api/v1/meetings/{m}/agenda?audience=public&format=txt"),
        Some(&app.clerk),
        None,
    )
    .await
    .ok()
    .text();
    assert!(!agenda.contains("Tangerine"));
}

#[tokio::test]
async fn public_minutes_exist_only_once_published_and_drafts_are_hidden() {
    let (app, db) = spawn().await;
    ssp_body(&app).await;
    let m = ssp_meeting(&app).await;
    item(
        &app,
        &m,
        json!({"title": "Matters Arising", "minutes": "Members noted the update."}),
    )
    .await;
    // A draft meeting does not exist for the public, agenda or minutes.
    for doc in ["agenda", "minutes"] {
        let r = fetch(&app, &format!("/api/v1/meetings/{m}/{doc}"), None, None).await;
        assert_eq!(r.status, 404, "{doc}");
        assert_eq!(r.content_type, "application/problem+json");
    }
    // The clerk sees the draft agenda, marked.
    let agenda = fetch(
        &app,
        &format!("/api/v1/meetings/{m}/agenda?format=txt"),
        Some(&app.clerk),
        None,
    )
    .await
    .ok()
    .text();
    assert!(
        agenda.starts_with("DRAFT — AGENDA NOT YET PUBLISHED\n"),
        "{agenda}"
    );
    app.publish(&m).await.expect(200);
    let agenda = fetch(
        &app,
        &format!("/api/v1/meetings/{m}/agenda?format=txt"),
        None,
        None,
    )
    .await
    .ok()
    .text();
    assert!(!agenda.contains("DRAFT"));
    assert!(agenda.contains("SSP/1/23 Matters Arising"));

    for status in ["draft", "sent_for_approval", "approved"] {
        set_minutes_status(&db, &m, status);
        let r = fetch(&app, &format!("/api/v1/meetings/{m}/minutes"), None, None).await;
        assert_eq!(r.status, 404, "{status}");
        assert_eq!(r.json()["detail"], "minutes not yet published");
    }
    for status in ["published", "confirmed"] {
        set_minutes_status(&db, &m, status);
        let text = fetch(
            &app,
            &format!("/api/v1/meetings/{m}/minutes?format=txt"),
            None,
            None,
        )
        .await
        .ok()
        .text();
        assert!(text.contains("Members noted the update."), "{status}");
        assert!(!text.contains("DRAFT"), "{status}");
    }
    let unknown = fetch(
        &app,
        "/api/v1/meetings/00000000-0000-4000-8000-000000000000/minutes",
        Some(&app.clerk),
        None,
    )
    .await;
    assert_eq!(unknown.status, 404);
}

#[tokio::test]
async fn unapproved_minutes_are_marked_draft_in_every_format() {
    let (app, db) = spawn().await;
    let m = house_style_meeting(&app).await;
    let path = format!("/api/v1/meetings/{m}/minutes");
    for status in ["draft", "sent_for_approval", "changes_requested"] {
        set_minutes_status(&db, &m, status);
        let txt = fetch(&app, &format!("{path}?format=txt"), Some(&app.clerk), None)
            .await
            .ok()
            .text();
        assert!(txt.starts_with("DRAFT"), "{status}: {txt}");
        let md = fetch(&app, &format!("{path}?format=md"), Some(&app.clerk), None)
            .await
            .ok()
            .text();
        assert!(md.starts_with("**DRAFT"), "{status}: {md}");
        let html = fetch(&app, &format!("{path}?format=html"), Some(&app.clerk), None)
            .await
            .ok()
            .text();
        assert!(html.contains("<title>DRAFT: Minutes — Safer Stockton Partnership"));
        assert!(html.contains("<div class=\"watermark\" aria-hidden=\"true\">DRAFT</div>"));
        // The mark sits in the table head that print repeats on every page.
        assert!(html.contains("<thead><tr><td><div class=\"marks\" role=\"note\">"));
        let docx = fetch(&app, &format!("{path}?format=docx"), Some(&app.clerk), None)
            .await
            .ok();
        assert!(
            docx_headers(&docx.bytes).contains("DRAFT — NOT YET APPROVED BY THE CHAIR"),
            "{status}"
        );
    }
    for status in ["approved", "published", "confirmed"] {
        set_minutes_status(&db, &m, status);
        for format in ["txt", "md", "html"] {
            let got = fetch(
                &app,
                &format!("{path}?format={format}"),
                Some(&app.clerk),
                None,
            )
            .await
            .ok()
            .text();
            assert!(!got.contains("DRAFT"), "{status} {format}");
        }
        let docx = fetch(&app, &format!("{path}?format=docx"), Some(&app.clerk), None)
            .await
            .ok();
        assert!(!docx_headers(&docx.bytes).contains("DRAFT"));
        assert!(!docx_body(&docx.bytes).contains("DRAFT"));
    }
}

#[tokio::test]
async fn html_is_a_standalone_printable_page() {
    let (app, _db) = spawn().await;
    let m = house_style_meeting(&app).await;
    let got = fetch(
        &app,
        &format!("/api/v1/meetings/{m}/minutes"),
        Some(&app.clerk),
        Some("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
    )
    .await
    .ok();
    assert_eq!(got.content_type, "text/html; charset=utf-8");
    let csp = got.headers["content-security-policy"].to_str().unwrap();
    assert!(csp.starts_with("default-src 'none'"));
    let html = got.text();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("@page { size: A4;"));
    assert!(html.contains("@media print"));
    assert!(!html.contains("<link"), "no external resources");
    assert!(!html.contains("<script"), "no scripts");
}

#[tokio::test]
async fn format_is_chosen_by_parameter_or_accept_and_refused_clearly() {
    let (app, _db) = spawn().await;
    let m = house_style_meeting(&app).await;
    let path = format!("/api/v1/meetings/{m}/agenda");
    for (accept, expected) in [
        ("text/plain", "text/plain; charset=utf-8"),
        ("text/markdown", "text/markdown; charset=utf-8"),
        (DOCX, DOCX),
        (
            "text/html;q=0.4, text/markdown;q=0.9",
            "text/markdown; charset=utf-8",
        ),
        ("*/*", "text/html; charset=utf-8"),
    ] {
        let got = fetch(&app, &path, None, Some(accept)).await.ok();
        assert_eq!(got.content_type, expected, "{accept}");
    }
    let got = fetch(&app, &format!("{path}?format=txt"), None, Some(DOCX))
        .await
        .ok();
    assert_eq!(got.content_type, "text/plain; charset=utf-8");
    let refused = fetch(&app, &path, None, Some("application/pdf")).await;
    assert_eq!(refused.status, 406);
    assert_eq!(refused.content_type, "application/problem+json");
    assert!(refused.json()["detail"]
        .as_str()
        .unwrap()
        .contains("?format="));
    let bad = fetch(&app, &format!("{path}?format=pdf"), None, None).await;
    assert_eq!(bad.status, 422);
    assert_eq!(bad.content_type, "application/problem+json");
    assert_eq!(bad.json()["errors"][0]["field"], "format");
}

#[tokio::test]
async fn typed_html_never_reaches_a_page_unescaped() {
    let (app, db) = spawn().await;
    ssp_body(&app).await;
    let m = ssp_meeting(&app).await;
    let evil = item(
        &app,
        &m,
        json!({"title": "<script>alert('title')</script>", "presenter": "<b>Bold</b> & co",
            "minutes": "<script>alert(\"x\")</script>\n\nHello <img src=x onerror=alert(1)> and [click](javascript:alert(2))\n\n- <iframe src=//evil>"}),
    )
    .await;
    outcome(
        &app,
        &evil,
        json!({"verb": "AGREED", "text": "<svg onload=alert(3)>", "parts": ["<style>body{display:none}</style>"]}),
    )
    .await;
    app.publish(&m).await.expect(200);
    set_minutes_status(&db, &m, "published");
    for doc in ["minutes", "agenda"] {
        let html = fetch(
            &app,
            &format!("/api/v1/meetings/{m}/{doc}?format=html"),
            None,
            None,
        )
        .await
        .ok()
        .text();
        for raw in [
            "<script",
            "<img",
            "<iframe",
            "<svg",
            "<b>",
            "href=\"javascript",
            "<style>body",
        ] {
            assert!(!html.contains(raw), "{doc} html contains {raw:?}:\n{html}");
        }
        assert!(html.contains("&lt;script&gt;alert("), "{doc}");
        // Markdown readers turn the Markdown into HTML: still nothing live.
        let md = fetch(
            &app,
            &format!("/api/v1/meetings/{m}/{doc}?format=md"),
            None,
            None,
        )
        .await
        .ok()
        .text();
        let mut rendered = String::new();
        pulldown_cmark::html::push_html(&mut rendered, pulldown_cmark::Parser::new(&md));
        for raw in [
            "<script",
            "<img",
            "<iframe",
            "<svg",
            "<b>",
            "href=\"javascript",
        ] {
            assert!(
                !rendered.contains(raw),
                "{doc} markdown renders {raw:?}:\n{rendered}"
            );
        }
        assert!(rendered.contains("&lt;script&gt;"), "{doc}: {rendered}");
    }
    let minutes = fetch(
        &app,
        &format!("/api/v1/meetings/{m}/minutes?format=html"),
        None,
        None,
    )
    .await
    .ok()
    .text();
    assert!(minutes.contains("click (javascript:alert(2))"));
    let docx = fetch(
        &app,
        &format!("/api/v1/meetings/{m}/minutes?format=docx"),
        None,
        None,
    )
    .await
    .ok();
    assert!(docx_body(&docx.bytes).contains("<script>alert(\"x\")</script>"));
}

#[tokio::test]
async fn the_agenda_lists_items_with_presenters_and_papers() {
    let (app, _db) = spawn().await;
    ssp_body(&app).await;
    let m = ssp_meeting(&app).await;
    let minutes = item(&app, &m, json!({"title": "Minutes"})).await;
    let form = reqwest::multipart::Form::new()
        .part(
            "file",
            reqwest::multipart::Part::bytes(vec![b'%'; 124 * 1024])
                .file_name("minutes.pdf")
                .mime_str("application/pdf")
                .unwrap(),
        )
        .text("title", "Minutes of 18 January 2023");
    let r = app
        .client
        .post(app.url(&format!("/api/v1/items/{minutes}/documents")))
        .bearer_auth(&app.clerk)
        .multipart(form)
        .send()
        .await
        .unwrap();
    Res::from(r).await.expect(201);
    let boards = item(
        &app,
        &m,
        json!({"title": "Minutes of other boards", "presenter": "Cleveland Police"}),
    )
    .await;
    item(
        &app,
        &m,
        json!({"title": "Youth Offending Board", "parent_id": boards}),
    )
    .await;
    app.publish(&m).await.expect(200);
    let text = fetch(
        &app,
        &format!("/api/v1/meetings/{m}/agenda?format=txt"),
        None,
        None,
    )
    .await
    .ok()
    .text();
    let expected = "\
Safer Stockton Partnership
==========================

Agenda

Date: Wednesday, 19th July, 2023

Time: 9.00 am

Venue: Meeting Room 1, Jim Cooke Conference Suite, Church Road, Stockton on Tees, TS18 1TU

Contact: Democratic Services Support Officer - John Devine (john.devine@stockton.gov.uk)

Items
-----

SSP/1/23 Minutes

  • Minutes of 18 January 2023 (PDF 124 KB)

SSP/2/23 Minutes of other boards

Presented by: Cleveland Police

(a) Youth Offending Board
";
    assert_eq!(text, expected);
    let html = fetch(
        &app,
        &format!("/api/v1/meetings/{m}/agenda?format=html"),
        None,
        None,
    )
    .await
    .ok()
    .text();
    assert!(
        html.contains("/content\">Minutes of 18 January 2023</a> (PDF 124 KB)"),
        "{html}"
    );
    assert!(html.contains("<span class=\"minute-number\">SSP/1/23</span>"));
    let word = fetch(
        &app,
        &format!("/api/v1/meetings/{m}/agenda?format=docx"),
        None,
        None,
    )
    .await
    .ok();
    let body = docx_body(&word.bytes);
    assert!(body
        .lines()
        .any(|l| l == "Minutes of 18 January 2023 (PDF 124 KB)"));
    assert!(body
        .lines()
        .any(|l| l == "SSP/2/23 Minutes of other boards"));
}

/// Where LibreOffice is installed (CI installs it), a Word document must
/// open in it and convert to text with the minutes intact.
#[tokio::test]
async fn word_documents_open_in_libreoffice() {
    if std::process::Command::new("soffice")
        .arg("--version")
        .output()
        .is_err()
    {
        println!("skipped: soffice (LibreOffice) is not installed here");
        return;
    }
    let (app, _db) = spawn().await;
    let m = house_style_meeting(&app).await;
    let word = fetch(
        &app,
        &format!("/api/v1/meetings/{m}/minutes?format=docx"),
        Some(&app.clerk),
        None,
    )
    .await
    .ok();
    let text = tokio::task::spawn_blocking(move || soffice_to_text(&word.bytes))
        .await
        .expect("conversion thread");
    for line in [
        "Safer Stockton Partnership",
        "A meeting of Safer Stockton Partnership was held on Wednesday, 19th July, 2023 at 9.00 am in Meeting Room 1, Jim Cooke Conference Suite, Church Road, Stockton on Tees, TS18 1TU.",
        "Also in attendance: None",
        "(a) Tees Valley Community Safety Board",
        "AGREED that:-",
        "RESOLVED the update be noted.",
    ] {
        assert!(
            text.lines().any(|l| l.trim() == line),
            "{line:?} not in LibreOffice's text:\n{text}"
        );
    }
    // The numbered outcome parts keep their numbers.
    let parts: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| l.ends_with("be noted.") || l.ends_with("be endorsed."))
        .collect();
    assert!(
        parts
            .iter()
            .any(|l| l.starts_with("1.") && l.contains("The content of the strategy be noted.")),
        "{parts:?}"
    );
    assert!(
        parts
            .iter()
            .any(|l| l.starts_with("2.") && l.contains("The strategic direction be endorsed.")),
        "{parts:?}"
    );
}

/// Converts a .docx to text with LibreOffice in a private profile.
fn soffice_to_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("minutes.docx");
    std::fs::write(&input, bytes).expect("write docx");
    let out = dir.path().join("out");
    let profile = format!("file://{}", dir.path().join("profile").display());
    let mut child = std::process::Command::new("soffice")
        .arg(format!("-env:UserInstallation={profile}"))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "txt:Text",
            "--outdir",
        ])
        .arg(&out)
        .arg(&input)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start soffice");
    let started = std::time::Instant::now();
    loop {
        if child.try_wait().expect("soffice status").is_some() {
            break;
        }
        if started.elapsed() > std::time::Duration::from_secs(180) {
            let _ = child.kill();
            panic!("soffice did not finish converting within 180 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let converted = out.join("minutes.txt");
    let raw =
        std::fs::read(&converted).expect("LibreOffice wrote no text: it could not open the .docx");
    String::from_utf8_lossy(&raw)
        .trim_start_matches('\u{feff}')
        .to_string()
}

#[tokio::test]
async fn openapi_describes_both_documents_and_their_formats() {
    let (app, _db) = spawn().await;
    let doc = app.get("/openapi.json", None).await.expect(200).body;
    for path in [
        "/api/v1/meetings/{id}/minutes",
        "/api/v1/meetings/{id}/agenda",
    ] {
        let op = &doc["paths"][path]["get"];
        let content = op["responses"]["200"]["content"]
            .as_object()
            .unwrap_or_else(|| panic!("{path} has no 200 content: {op}"));
        for media in ["text/html", "text/markdown", "text/plain", DOCX] {
            assert!(content.contains_key(media), "{path} lacks {media}");
        }
        let params: Vec<&str> = op["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p["name"].as_str())
            .collect();
        assert_eq!(params, ["id", "format", "audience"], "{path}");
        assert!(op["responses"]["406"].is_object());
        let word = &content[DOCX]["schema"];
        let word = match word["$ref"].as_str() {
            Some(r) => &doc["components"]["schemas"][r.rsplit('/').next().unwrap()],
            None => word,
        };
        assert_eq!(word["type"], "string", "{word}");
        assert_eq!(word["format"], "binary", "{word}");
    }
}

/// The seed: the public "Agenda and minutes" page of the Safer Stockton
/// Partnership for 19 July 2023, verbatim (`shared/seeds/ssp-2023-07-19-agenda-and-minutes.txt`).
const SEED: &str = r#"Agenda and minutes

Safer Stockton Partnership - Wednesday 19th July, 2023 9.00 am

Venue: Meeting Room 1, Jim Cooke Conference Suite, Church Road, Stockton on Tees, TS18 1TU

Contact: Democratic Services Support Officer - John Devine 

Items
No. Item

SSP/1/23

Minutes pdf icon PDF 124 KB

To approve the minutes for the last meeting held on 18th January 2023.

Minutes:

The minutes of the meeting held on the 18th January 2023 were agreed as a true record.

SSP/2/23

Matters Arising:

Minutes:

Officers made the members of the partnership aware that following the local elections nominations for a Chair and Vice Chair would be needed following the meeting.

With all interested members needing to contact the lead officer with any nominations.

In relation to the lead officer role members were informed that Marc Stephenson (SBC- Community Services) would be stepping down, with the reasonability’s for the partnership going to Sharon Cooney 

Members noted the update.

SSP/3/23

Serious Violence - Curve Update

Minutes:

An updated report was given to members by the Cleveland Unit for Reduction of Violence (CURV).

Curv updated members with work which had been undertaken with the help of partner organisations such as audits and joint readiness assessments.

Curv would continue to work with partners to co fund a statutory need assessment which the data collection would finish in September 2023. In addition, Curv would be funding an enhanced youth survey on behalf of partners, which they took the opportunity to appeal to member for help in accessing Schools and other organisations for the survey.

Work around serious violence and the night time economy would soon be available, with a date in February being proposed for a summit in which an action plan would be delivered. From there CURV would look to work with partners in the local area to deliver the action plan, an example given would be to standardise training for schemes such as the Ask Angela Scheme.

CURV highlighted their Navigator programme and its expansion, with four navigators working in custody targeting repeat offenders. And the development of A&E navigators which were currently working alongside the South Tees Hospitals NHS Foundation Trust.

Members asked if the programme had plans to expand to work alongside the North Tees Hospitals NHS Foundation Trust, which CURV confirmed but advised that they had moved forward with South Tees first due to information access already being in place.

Community Sport mapping was discussed with members of the partnership as a scheme involving Middlesbrough had yielded a treasure trove of useful data for CURV to utilise. Work had begun to form a similar map for Stockton and Members were keen to Liaise with representatives from Middlesbrough to see if any lessons learned could be passed on. The possibility of connecting with a Youth Council if one existed in Stockton was a priority for CURV, this would be arranged by members to put CURV in contact with the Bright Minds Big Futures group.

AGREED that the update be noted.

SSP/4/23

Anti-Social Behaviour Action Plan pdf icon PDF 237 KB

Minutes:

Officers from the Police and Crime Commissioner for Cleveland presented a Anti-Social Behaviour Action Plan to members.

Taking members through the ASB Hotspot Patrol plan which had been published by the Government in March 2023 Officers highlighted the following points:

              Cleveland would be one of the pilot forces in the action plan, with 1 million in funding being allocated for March 23 to March 24.

              The plan would be using lessons learnt from pilots rolled out across England and Wales.

              The funding allocation for Cleveland in 24/25 was not known yet.

              Patrols would not target areas in which GRIP patrols are already taking place.

              19 Antisocial Behaviour hotspots had been identified across the Cleveland area.

              All areas in the pilot would sign up to Community Safety Accreditation Scheme to maximise enforcement capabilities – Stockton was already CSAS accredited.

Members of the partnership voiced concerns over some of the Immediate Justice program outlined in the presentation. With questioned being raised over the use of high visibility jackets by offenders in the program and being seen as a badge of honour, which had been the case in other schemes.

That funding for the programme had been limited to one year with a question over the funding for the second year had some members concerned. Officers agreed with members concerns and assured them that a plan to secure further funding would be in place, with the some of the funding for 2023/2024 period being absorbed by the Police and Crime Commissioners office. Officers would keep members up to date on any information on funding going forward.

The definition of what a “Hotspot” was explained as an area smaller than a ward boundary size, and able to be patrolled within half an hour.

AGREED that the report be noted.

 

SSP/5/23

Public Space Protection Order Update

Minutes:

The update on the Public Space Protection Order which was introduced in April 2023 and focusing on areas within Stockton and Norton.

People who had been contacted gave overwhelmingly positive feedback to Officers through social media and in person during the Councils Coronation Big Lunch. The partnerships had raised concerns over displacement, but it had not been seen to any significant degree, it would be monitored closing going forward.

The priority going forward for members would be to keep the momentum of the PSPO and make it a success.

Members reiterated that the PSPO in place had not made begging illegal but had been set up to punish the reported aggressive behaviour which had been reported.

RESOLVED the update be noted.

SSP/6/23

Off-Road Bikes and E-Scooters pdf icon PDF 472 KB

Minutes:

Representatives from Cleveland Police presented a report on Off-Road Bikes and E-Scooters to members.

In the report Officers highlighted several sections to members, some examples of the highlighted sections are as follows:

              The legal requirements to ride a Bike or E Scooter on the road, E.G. Driving Licence, Insurance, Road Tax, and number plate.

              Another section of the report outlined the legal position regarding the electric bikes/scooters.

              Officers also informed members of the power to seize and in which scenarios items would be seized.

              Stockton’s monthly analysis, which showed the number of incidents of Off-Road Bikes/ Quad Bikes during July 2021 to June 2023.

The education of the public of the legality around the use and purchase of Off-Road Bikes and E-Scooters, Police were hopeful that the more the public are educated on the issue the need for policing of the issue would decrease.

Members enquired if any work had been undertaken to make retailers provide notice of the legal responsibilities that go along with purchasing the scooters. It was pointed out by Officers that the Scooters and Bikes are readily available for purchase, and don’t require proof of licence to purchase like for an car.

Members praised the work of Stg Cookland, and the social media posts related to the issue.

AGREED the report be noted

SSP/7/23

Recorded Crime and Disorder Report pdf icon PDF 257 KB

Minutes:

Members discussed the update outlining the Recorded Crime and Disorder statistics.

Police representatives brought to members attention a programme which had been rolled out by the Met Police, first developed by Humberside Police, know as Right Care, Right Person (RCRP).

The aim of the operational model was to change the way the emergency services respond to calls involving concerns about mental health. Cleveland Police would be looking at replicating the programme locally.

The crime figures for the 12 months shown in the report show a vast difference in levels, Members noted that reductions could be seen in the month-by-month figures and those figures would be reflected in the 12 monthly comparisons going forward.

Police and other members of the partnership were confident that the crime statistics would continue to improve as they went forward.

Stop and Search measures were discussed in the meeting, with members asking how scrutiny of those searches was done and what are the usual results. Police explained that the figures for the Stockton local authority area showed as having a 30% success rate, Police did state that the stop and search model works as a successful deterrent. The scrutiny of stop and searches had been handled at a national level review.

AGREED that the report be noted.

SSP/8/23

08 iQuanta Report 19.7.23

Minutes:

Members were presented with a restricted report that provided an overview on crime comparisons against other similar CSPs utilising iQuanta.

This report was a restricted document due to the statistical information only made available as an intelligence tool for partnerships until released by the Home Office.

 

AGREED that the report be noted."#;

/// The seed's items as lines: "SSP/1/23 Minutes", then the minute text and
/// outcome, one line per paragraph. The page's noise is dropped: the PDF
/// links ("pdf icon PDF 124 KB"), the "Minutes:" labels, the agenda's own
/// description of an item (between its title and "Minutes:"), a title's
/// trailing colon, and whitespace.
fn seed_item_lines(seed: &str) -> Vec<String> {
    let is_number = |l: &str| {
        l.strip_prefix("SSP/")
            .and_then(|r| r.strip_suffix("/23"))
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
    };
    let mut out = Vec::new();
    let mut lines = seed
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .skip_while(|l| !is_number(l));
    let mut in_minutes = false;
    while let Some(line) = lines.next() {
        if is_number(&line) {
            let title = lines.next().unwrap_or_default();
            let title = match title.find(" pdf icon PDF ") {
                Some(i) => title[..i].to_string(),
                None => title,
            };
            out.push(format!("{line} {}", title.trim_end_matches(':')));
            in_minutes = false;
        } else if line == "Minutes:" {
            in_minutes = true;
        } else if in_minutes {
            out.push(line);
        }
    }
    out
}

/// A rendered text document's items as lines, list markers dropped.
fn rendered_item_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .skip_while(|l| !l.starts_with("SSP/1/23 "))
        .map(|l| l.strip_prefix("• ").map(str::to_string).unwrap_or(l))
        .collect()
}

#[tokio::test]
async fn the_demo_meeting_as_text_reproduces_the_seed_line_for_line() {
    let (app, db) = spawn().await;
    let mut conn = minutebook::db::establish(&db).expect("connect");
    let settings = minutebook::config::Settings {
        database_url: db.clone(),
        ..minutebook::config::Settings::default()
    };
    minutebook::demo::load(&mut conn, &settings).expect("load the demo");
    let meetings = app
        .get(
            &format!("/api/v1/bodies/{}/meetings", minutebook::demo::SLUG),
            None,
        )
        .await
        .expect(200);
    let m = meetings.body["items"][0]["id"]
        .as_str()
        .expect("the demo meeting");
    let expected = seed_item_lines(SEED);
    assert_eq!(expected.len(), 58, "the seed as read: {expected:#?}");
    // The public page is what the seed is; the clerk's copy says the same.
    for token in [None, Some(app.clerk.as_str())] {
        let text = fetch(
            &app,
            &format!("/api/v1/meetings/{m}/minutes?format=txt"),
            token,
            None,
        )
        .await
        .ok()
        .text();
        let got = rendered_item_lines(&text);
        for (i, (g, e)) in got.iter().zip(&expected).enumerate() {
            assert_eq!(g, e, "line {i} differs ({token:?}); rendered:\n{text}");
        }
        assert_eq!(got.len(), expected.len(), "rendered:\n{text}");
        assert!(text.contains(
            "A meeting of Safer Stockton Partnership was held on Wednesday, 19th July, 2023 at 9.00 am in Meeting Room 1, Jim Cooke Conference Suite, Church Road, Stockton on Tees, TS18 1TU."
        ));
    }
    // The agenda carries the seed's heading facts.
    let agenda = fetch(
        &app,
        &format!("/api/v1/meetings/{m}/agenda?format=txt"),
        None,
        None,
    )
    .await
    .ok()
    .text();
    for line in [
        "Date: Wednesday, 19th July, 2023",
        "Time: 9.00 am",
        "Venue: Meeting Room 1, Jim Cooke Conference Suite, Church Road, Stockton on Tees, TS18 1TU",
        "Contact: Democratic Services Support Officer - John Devine",
        "SSP/8/23 08 iQuanta Report 19.7.23",
    ] {
        assert!(agenda.lines().any(|l| l == line), "{line:?} not in:\n{agenda}");
    }
}

#[tokio::test]
async fn documents_show_substitutes_actions_closing_time_and_cancellation() {
    let (app, _db) = spawn().await;
    ssp_body(&app).await;
    let m = app
        .post(
            "/api/v1/bodies/ssp/meetings",
            json!({"starts_at": "2023-07-19T09:00:00+01:00", "ends_at": "2023-07-19T10:30:00+01:00"}),
        )
        .await
        .expect(201)
        .id();
    let jane = person(&app, None, "Jane Smith", "Thirteen Group").await;
    let ann = person(&app, None, "Ann Jones", "Thirteen Group").await;
    attend(&app, &m, json!({"person_id": jane, "status": "apologies"})).await;
    attend(
        &app,
        &m,
        json!({"person_id": ann, "status": "present", "substitute_for": jane}),
    )
    .await;
    let pspo = item(
        &app,
        &m,
        json!({"title": "Public Space Protection Order Update"}),
    )
    .await;
    app.post(
        &format!("/api/v1/items/{pspo}/actions"),
        json!({"description": "Report displacement figures", "owner": "Community Safety Manager", "due_date": "2023-10-18"}),
    )
    .await
    .expect(201);
    app.publish(&m).await.expect(200);
    let text = fetch(
        &app,
        &format!("/api/v1/meetings/{m}/minutes?format=txt"),
        Some(&app.clerk),
        None,
    )
    .await
    .ok()
    .text();
    for line in [
        "Present: Ann Jones (Thirteen Group) (substitute for Jane Smith)",
        "Apologies: Jane Smith (Thirteen Group)",
        "Action: Report displacement figures (Community Safety Manager, by 18 October 2023)",
    ] {
        assert!(text.lines().any(|l| l == line), "{line:?} not in:\n{text}");
    }
    assert!(
        text.ends_with("The meeting closed at 10.30 am.\n"),
        "{text}"
    );

    app.patch(
        &format!("/api/v1/meetings/{m}"),
        json!({"status": "cancelled"}),
    )
    .await
    .expect(200);
    let agenda = fetch(
        &app,
        &format!("/api/v1/meetings/{m}/agenda?format=txt"),
        None,
        None,
    )
    .await
    .ok()
    .text();
    assert!(
        agenda
            .lines()
            .any(|l| l == "This meeting has been cancelled."),
        "{agenda}"
    );
}

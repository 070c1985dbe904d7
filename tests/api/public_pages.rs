//! The public committee pages: `/`, `/bodies/{slug}`, `/meetings/{id}`,
//! the embeddable fragment, their headers, and HTML errors. Also the
//! seed-like meeting the feed, search and browser tests share.

use crate::helpers::{spawn_app, Res, TestApp};
use diesel::prelude::*;
use serde_json::json;

/// Uploads a document to an item; answers its id.
pub async fn upload(
    app: &TestApp,
    item: &str,
    filename: &str,
    mime: &str,
    bytes: Vec<u8>,
    title: &str,
    restricted: bool,
) -> String {
    let mut form = reqwest::multipart::Form::new()
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes)
                .file_name(filename.to_string())
                .mime_str(mime)
                .unwrap(),
        )
        .text("title", title.to_string());
    if restricted {
        form = form.text("restricted", "true");
    }
    let r = app
        .client
        .post(app.url(&format!("/api/v1/items/{item}/documents")))
        .bearer_auth(&app.clerk)
        .multipart(form)
        .send()
        .await
        .unwrap();
    Res::from(r).await.expect(201).id()
}

/// Puts a meeting's minutes into a state directly in the database (the
/// chair's approval needs email; see tests/api/approval.rs for that flow).
pub fn set_minutes_status(app: &TestApp, meeting: &str, status: &str) {
    use minutebook::db::schema::meetings;
    let mut conn = minutebook::db::establish(&app.database_url).unwrap();
    let n = diesel::update(meetings::table.find(meeting))
        .set((
            meetings::minutes_status.eq(status),
            meetings::version.eq(meetings::version + 1),
            meetings::updated_at.eq(chrono::Utc::now().naive_utc()),
        ))
        .execute(&mut conn)
        .unwrap();
    assert_eq!(n, 1);
    // Changed behind the service's back: reindex it as the background job
    // (or `minutebook reindex`) would.
    minutebook::search::flush_dirty(&mut conn, 100).unwrap();
}

pub async fn add_outcome(app: &TestApp, item: &str, verb: &str, text: &str) -> String {
    app.post(
        &format!("/api/v1/items/{item}/outcomes"),
        json!({"verb": verb, "text": text}),
    )
    .await
    .expect(201)
    .id()
}

pub async fn set_minutes(app: &TestApp, item: &str, text: &str) {
    app.patch(&format!("/api/v1/items/{item}"), json!({"minutes": text}))
        .await
        .expect(200);
}

/// The Safer Stockton Partnership meeting of 19 July 2023 (the seed), with
/// its restricted iQuanta report.
pub struct Ssp {
    pub meeting: String,
    pub minutes_item: String,
    pub curv: String,
    pub asb: String,
    pub iquanta: String,
    pub minutes_pdf: String,
    pub asb_pdf: String,
    pub secret_doc: String,
    pub iquanta_doc: String,
}

/// Words that only restricted content carries.
pub const SSP_SECRETS: [&str; 5] = [
    "Burglary in Norton rose",
    "Home Office intelligence only",
    "comparator figures",
    "iquanta-figures.xlsx",
    "Officer briefing notes",
];

/// Seeds the Safer Stockton Partnership meeting with its items, papers,
/// minutes and attendance; answers the ids the tests need.
pub async fn seed_ssp(app: &TestApp) -> Ssp {
    let meeting = create_ssp_meeting(app).await;
    let items = add_ssp_items(app, &meeting).await;
    let docs = upload_ssp_documents(app, &items).await;
    write_ssp_minutes(app, &items).await;
    record_ssp_attendance(app, &meeting).await;
    Ssp {
        meeting,
        minutes_item: items.minutes_item,
        curv: items.curv,
        asb: items.asb,
        iquanta: items.iquanta,
        minutes_pdf: docs.minutes_pdf,
        asb_pdf: docs.asb_pdf,
        secret_doc: docs.secret_doc,
        iquanta_doc: docs.iquanta_doc,
    }
}

/// The agenda items of the seeded SSP meeting.
struct SspItems {
    minutes_item: String,
    matters: String,
    curv: String,
    asb: String,
    pspo: String,
    iquanta: String,
}

/// The documents uploaded to the seeded SSP meeting.
struct SspDocs {
    minutes_pdf: String,
    asb_pdf: String,
    secret_doc: String,
    iquanta_doc: String,
}

/// Creates the partnership body and its meeting of 19 July 2023; answers the meeting id.
async fn create_ssp_meeting(app: &TestApp) -> String {
    app.post(
        "/api/v1/bodies",
        json!({"name": "Safer Stockton Partnership", "slug": "ssp", "minute_prefix": "SSP", "kind": "partnership"}),
    )
    .await
    .expect(201);
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

/// Adds the six agenda items, the last one restricted.
async fn add_ssp_items(app: &TestApp, meeting: &str) -> SspItems {
    let item = |title: &str, kind: &str| {
        let m = meeting.to_string();
        let title = title.to_string();
        let kind = kind.to_string();
        async move {
            app.post(
                &format!("/api/v1/meetings/{m}/items"),
                json!({"title": title, "kind": kind}),
            )
            .await
            .expect(201)
            .id()
        }
    };
    let minutes_item = item("Minutes", "previous_minutes").await;
    let matters = item("Matters Arising", "matters_arising").await;
    let curv = item("Serious Violence - Curve Update", "report").await;
    let asb = item("Anti-Social Behaviour Action Plan", "report").await;
    let pspo = item("Public Space Protection Order Update", "report").await;
    let iquanta = app
        .post(
            &format!("/api/v1/meetings/{meeting}/items"),
            json!({"title": "iQuanta Report", "kind": "report",
                   "restricted": {"paragraph": 7, "reason": "Home Office intelligence only"},
                   "public_summary": "Members were presented with a restricted report on crime comparisons. AGREED that the report be noted."}),
        )
        .await
        .expect(201)
        .id();
    SspItems {
        minutes_item,
        matters,
        curv,
        asb,
        pspo,
        iquanta,
    }
}

/// Uploads the two public PDFs, the restricted briefing and the iQuanta sheet.
async fn upload_ssp_documents(app: &TestApp, items: &SspItems) -> SspDocs {
    let minutes_pdf = upload(
        app,
        &items.minutes_item,
        "minutes-18-jan-2023.pdf",
        "application/pdf",
        b"%PDF-1.4 minutes ".repeat(7469),
        "Minutes",
        false,
    )
    .await;
    let asb_pdf = upload(
        app,
        &items.asb,
        "asb-action-plan.pdf",
        "application/pdf",
        b"%PDF-1.4 plan ".repeat(17000),
        "Anti-Social Behaviour Action Plan",
        false,
    )
    .await;
    let secret_doc = upload(
        app,
        &items.asb,
        "briefing.txt",
        "text/plain",
        b"not for the public".to_vec(),
        "Officer briefing notes",
        true,
    )
    .await;
    let iquanta_doc = upload(
        app,
        &items.iquanta,
        "iquanta-figures.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        b"stats".to_vec(),
        "08 iQuanta Report 19.7.23",
        false,
    )
    .await;
    SspDocs {
        minutes_pdf,
        asb_pdf,
        secret_doc,
        iquanta_doc,
    }
}

/// Writes the minutes and outcomes of every item.
async fn write_ssp_minutes(app: &TestApp, items: &SspItems) {
    set_minutes(
        app,
        &items.minutes_item,
        "The minutes of the meeting held on the 18th January 2023 were agreed as a true record.",
    )
    .await;
    set_minutes(
        app,
        &items.matters,
        "Officers made the members of the partnership aware that nominations for a Chair and Vice Chair would be needed.",
    )
    .await;
    set_minutes(
        app,
        &items.curv,
        "An updated report was given to members by the Cleveland Unit for Reduction of Violence (CURV).\n\nCURV highlighted their Navigator programme.",
    )
    .await;
    add_outcome(app, &items.curv, "AGREED", "that the update be noted.").await;
    set_minutes(
        app,
        &items.asb,
        "Officers highlighted the following points:\n\n- Cleveland would be one of the pilot forces.\n- 19 Antisocial Behaviour hotspots had been identified.",
    )
    .await;
    add_outcome(app, &items.asb, "AGREED", "that the report be noted.").await;
    set_minutes(
        app,
        &items.pspo,
        "Members reiterated that the PSPO had not made begging illegal.",
    )
    .await;
    add_outcome(app, &items.pspo, "RESOLVED", "the update be noted.").await;
    set_minutes(
        app,
        &items.iquanta,
        "Burglary in Norton rose by 40 per cent according to the comparator figures.",
    )
    .await;
    add_outcome(
        app,
        &items.iquanta,
        "AGREED",
        "that the comparator figures be shared with the police only.",
    )
    .await;
}

/// Records the chair present, an officer in attendance and one apology.
async fn record_ssp_attendance(app: &TestApp, meeting: &str) {
    let chair = app
        .person("Steve Nelson", "Stockton-on-Tees Borough Council")
        .await;
    let officer = app
        .person("Marc Stephenson", "SBC Community Services")
        .await;
    let apologies = app.person("Jane Humphreys", "Cleveland Police").await;
    for (p, status, chair) in [
        (&chair, "present", true),
        (&officer, "officer", false),
        (&apologies, "apologies", false),
    ] {
        app.post(
            &format!("/api/v1/meetings/{meeting}/attendance"),
            json!({"person_id": p, "status": status, "chair": chair}),
        )
        .await
        .expect(201);
    }
}

/// Publishes the agenda, marks the meeting held and publishes the minutes.
pub async fn publish_all(app: &TestApp, meeting: &str) {
    app.publish(meeting).await.expect(200);
    app.patch(
        &format!("/api/v1/meetings/{meeting}"),
        json!({"status": "held"}),
    )
    .await
    .expect(200);
    set_minutes_status(app, meeting, "published");
}

/// A meeting `days` from now (London time 18:00), for "upcoming" lists.
pub async fn future_meeting(app: &TestApp, body: &str, days: i64) -> String {
    let t = (chrono::Utc::now() + chrono::Duration::days(days))
        .date_naive()
        .and_hms_opt(17, 0, 0)
        .unwrap()
        .and_utc();
    app.meeting(body, &t.to_rfc3339()).await
}

pub async fn page(app: &TestApp, path: &str) -> Res {
    app.get(path, None).await
}

#[track_caller]
fn assert_html(r: &Res) {
    assert_eq!(
        r.header("content-type").as_deref(),
        Some("text/html; charset=utf-8"),
        "{}",
        r.text
    );
}

#[tokio::test]
async fn pages_lead_from_the_bodies_to_a_meeting_with_its_agenda_papers_and_minutes() {
    let app = spawn_app().await;
    let ssp = seed_ssp(&app).await;
    publish_all(&app, &ssp.meeting).await;
    let upcoming = future_meeting(&app, "ssp", 20).await;
    app.item(&upcoming, "Apologies for absence").await;
    app.publish(&upcoming).await.expect(200);

    the_home_page_lists_bodies_and_the_next_meeting(&app, &upcoming).await;

    the_body_page_lists_upcoming_then_past_meetings(&app, &ssp, &upcoming).await;

    the_meeting_page_shows_the_public_record_only(&app, &ssp).await;

    the_link_on_the_page_downloads_the_paper(&app, &ssp).await;
    let _ = (ssp.minutes_item, ssp.asb, ssp.iquanta);
}

/// Checks the home page links the body and the upcoming meeting and has a search box.
async fn the_home_page_lists_bodies_and_the_next_meeting(app: &TestApp, upcoming: &str) {
    let home = page(app, "/").await.expect(200);
    assert_html(&home);
    assert!(home
        .text
        .contains("<a href=\"/bodies/ssp\">Safer Stockton Partnership</a>"));
    assert!(home.text.contains(&format!("/meetings/{upcoming}")));
    assert!(home.text.contains("<label for=\"site-q\">"));
}

/// Checks the body's page lists upcoming then past meetings with its calendar and feed.
async fn the_body_page_lists_upcoming_then_past_meetings(app: &TestApp, ssp: &Ssp, upcoming: &str) {
    let body = page(app, "/bodies/ssp").await.expect(200);
    assert_html(&body);
    assert!(body.text.contains("<h1>Safer Stockton Partnership</h1>"));
    assert!(body.text.contains("Municipal year 2023/24"));
    let upcoming_at = body.text.find("Upcoming meetings").unwrap();
    let past_at = body.text.find("Past meetings").unwrap();
    let up_link = body.text.find(&format!("/meetings/{upcoming}")).unwrap();
    let past_link = body
        .text
        .find(&format!("/meetings/{}", ssp.meeting))
        .unwrap();
    assert!(upcoming_at < up_link && up_link < past_at && past_at < past_link);
    assert!(body.text.contains("Wednesday, 19th July, 2023 9.00 am"));
    assert!(body.text.contains("Minutes published"));
    assert!(body.text.contains("/bodies/ssp/meetings.ics"));
    assert!(body.text.contains("/bodies/ssp/feed.atom"));
}

/// Checks the meeting page carries its agenda, papers, minutes and attendance and nothing restricted.
async fn the_meeting_page_shows_the_public_record_only(app: &TestApp, ssp: &Ssp) {
    let m = page(app, &format!("/meetings/{}", ssp.meeting))
        .await
        .expect(200);
    assert_html(&m);
    let t = &m.text;
    for want in [
        "<h1>Safer Stockton Partnership — Wednesday, 19th July, 2023 9.00 am</h1>",
        "Meeting Room 1, Jim Cooke Conference Suite, Church Road, Stockton on Tees, TS18 1TU",
        "Democratic Services Support Officer - John Devine",
        "mailto:john.devine@stockton.gov.uk",
        "<span class=\"minute-number\">SSP/1/23</span>",
        "<span class=\"minute-number\">SSP/6/23</span> <span class=\"item-title\">iQuanta Report</span>",
        "Restricted — exempt under paragraph 7 of Schedule 12A to the Local Government Act 1972",
        "Members were presented with a restricted report on crime comparisons.",
        "(PDF 124 KB)",
        "(PDF 233 KB)",
        "CURV highlighted their Navigator programme.",
        "<li>19 Antisocial Behaviour hotspots had been identified.</li>",
        "<strong class=\"verb\">AGREED</strong> that the update be noted.",
        "<strong class=\"verb\">RESOLVED</strong> the update be noted.",
        "Steve Nelson (Stockton-on-Tees Borough Council) (Chair)",
        "Marc Stephenson",
        "Jane Humphreys",
        "Agenda and minutes",
    ] {
        assert!(t.contains(want), "meeting page lacks {want:?}:\n{t}");
    }
    assert!(t.contains(&format!(
        "<a href=\"/api/v1/documents/{}/content\" download=\"minutes-18-jan-2023.pdf\">Minutes</a>",
        ssp.minutes_pdf
    )));
    assert!(t.contains(&format!("id=\"item-{}\"", ssp.curv)));
    for secret in SSP_SECRETS {
        assert!(!t.contains(secret), "meeting page leaked {secret:?}");
    }
    assert!(!t.contains(&ssp.secret_doc) && !t.contains(&ssp.iquanta_doc));
    // The apologies come after "Apologies" and the chair is marked.
    let apologies = t.find("<dt>Apologies</dt>").unwrap();
    assert!(t[apologies..].contains("Jane Humphreys"));
}

/// Checks the paper link on the page downloads the whole paper.
async fn the_link_on_the_page_downloads_the_paper(app: &TestApp, ssp: &Ssp) {
    // The link on the page downloads the paper.
    let pdf = app
        .client
        .get(app.url(&format!("/api/v1/documents/{}/content", ssp.asb_pdf)))
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.status(), 200);
    assert_eq!(pdf.bytes().await.unwrap().len(), 14 * 17000);
}

#[tokio::test]
async fn draft_minutes_are_never_on_the_public_page() {
    let app = spawn_app().await;
    let ssp = seed_ssp(&app).await;
    app.publish(&ssp.meeting).await.expect(200);
    for status in [
        "draft",
        "sent_for_approval",
        "changes_requested",
        "approved",
    ] {
        set_minutes_status(&app, &ssp.meeting, status);
        let m = page(&app, &format!("/meetings/{}", ssp.meeting))
            .await
            .expect(200);
        let t = &m.text;
        assert!(t.contains("Anti-Social Behaviour Action Plan"), "{t}");
        assert!(t.contains("The minutes of this meeting have not been published yet."));
        for unpublished in [
            "Navigator programme",
            "that the update be noted",
            "Steve Nelson",
            "Jane Humphreys",
            "Members were presented with a restricted report",
            "Agenda and minutes",
        ] {
            assert!(
                !t.contains(unpublished),
                "{status} minutes leaked {unpublished:?}"
            );
        }
    }
    set_minutes_status(&app, &ssp.meeting, "confirmed");
    let m = page(&app, &format!("/meetings/{}", ssp.meeting))
        .await
        .expect(200);
    assert!(m.text.contains("Navigator programme"));
    assert!(m.text.contains("confirmed as a true record"));
}

#[tokio::test]
async fn drafts_and_unknown_addresses_answer_an_html_404() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    let draft = app.meeting("ssp", "2023-07-19T09:00:00+01:00").await;
    app.item(&draft, "Secret draft agenda item").await;
    for path in [
        format!("/meetings/{draft}"),
        "/meetings/not-a-uuid".to_string(),
        format!("/meetings/{}", uuid::Uuid::new_v4()),
        "/bodies/nope".to_string(),
        "/bodies/nope/embed".to_string(),
    ] {
        let r = page(&app, &path).await.expect(404);
        assert_html(&r);
        assert!(
            r.text.contains("<h1>Page not found</h1>"),
            "{path}: {}",
            r.text
        );
        assert!(!r.text.contains("Secret draft"));
        assert!(r.header("content-security-policy").is_some());
    }
    // The draft meeting is not listed either.
    let body = page(&app, "/bodies/ssp").await.expect(200);
    assert!(!body.text.contains(&draft));
}

#[tokio::test]
async fn pages_deny_framing_and_the_fragment_allows_it_with_caching_headers() {
    let app = spawn_app().await;
    let ssp = seed_ssp(&app).await;
    publish_all(&app, &ssp.meeting).await;
    let next = future_meeting(&app, "ssp", 10).await;
    app.item(&next, "Apologies for absence").await;
    app.publish(&next).await.expect(200);

    for path in [
        "/".to_string(),
        "/bodies/ssp".to_string(),
        format!("/meetings/{}", ssp.meeting),
        "/search?q=curv".to_string(),
    ] {
        let r = page(&app, &path).await.expect(200);
        let csp = r.header("content-security-policy").unwrap();
        assert!(csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(csp.contains("default-src 'none'"));
        assert!(!csp.contains("script-src"));
        assert_eq!(r.header("x-frame-options").as_deref(), Some("DENY"));
        assert!(r.header("etag").is_some());
    }

    let r = page(&app, "/bodies/ssp/embed").await.expect(200);
    assert_html(&r);
    let csp = r.header("content-security-policy").unwrap();
    assert!(csp.contains("frame-ancestors *"), "{csp}");
    assert!(r.header("x-frame-options").is_none());
    assert!(r.header("cache-control").unwrap().contains("max-age="));
    let etag = r.header("etag").unwrap();
    assert!(r.text.contains(&format!("{}/meetings/{next}", app.base)));
    assert!(r.text.contains("target=\"_top\""));
    // Only upcoming meetings.
    assert!(!r.text.contains(&ssp.meeting));
    let again = app
        .client
        .get(app.url("/bodies/ssp/embed"))
        .header("If-None-Match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), 304);
    assert_eq!(
        again.headers()["etag"].to_str().unwrap(),
        etag,
        "a 304 repeats the ETag"
    );

    let css = page(&app, "/assets/public.css").await.expect(200);
    assert!(css.header("content-type").unwrap().starts_with("text/css"));
}

#[tokio::test]
async fn text_from_clerks_is_escaped_on_every_page() {
    let app = spawn_app().await;
    app.post(
        "/api/v1/bodies",
        json!({"name": "Board <b>&amp;</b>", "slug": "board", "minute_prefix": "B", "kind": "board",
               "description": "<script>alert('d')</script>"}),
    )
    .await
    .expect(201);
    let m = app.meeting("board", "2023-07-19T09:00:00+01:00").await;
    let i = app
        .post(
            &format!("/api/v1/meetings/{m}/items"),
            json!({"title": "<img src=x onerror=alert(1)>", "presenter": "\"><svg onload=alert(2)>"}),
        )
        .await
        .expect(201)
        .id();
    set_minutes(
        &app,
        &i,
        "<script>alert(3)</script>\n\n[click](javascript:alert(4))",
    )
    .await;
    add_outcome(&app, &i, "AGREED", "<iframe src=//evil>").await;
    publish_all(&app, &m).await;
    for path in [
        "/".to_string(),
        "/bodies/board".to_string(),
        format!("/meetings/{m}"),
        "/bodies/board/embed".to_string(),
        "/search?q=alert".to_string(),
        "/search?q=%3Cscript%3E".to_string(),
    ] {
        let r = page(&app, &path).await.expect(200);
        for raw in [
            "<script>",
            "<img src=x",
            "<svg",
            "<iframe",
            "href=\"javascript",
            "<b>&amp;</b>",
        ] {
            assert!(!r.text.contains(raw), "{path} has raw {raw:?}:\n{}", r.text);
        }
    }
    let page_text = page(&app, &format!("/meetings/{m}")).await.text;
    assert!(page_text.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(page_text.contains("&lt;script&gt;alert(3)&lt;/script&gt;"));
}

use crate::helpers::{spawn_app_with, Res, TestApp};
use crate::smtp::SmtpServer;
use reqwest::Method;
use serde_json::{json, Value};
use steps::*;

#[path = "approval_steps.rs"]
mod steps;

/// The service with a real SMTP server beside it, and a fast outbox worker.
async fn app_with_mail() -> (TestApp, SmtpServer) {
    let smtp = SmtpServer::start();
    let url = smtp.url();
    let app = spawn_app_with(|s| {
        s.smtp_url = Some(url);
        s.mail_poll_ms = 50;
    })
    .await;
    (app, smtp)
}

/// A held meeting with a chair who has an email, ready for approval.
pub async fn held_meeting(app: &TestApp) -> (String, String) {
    app.body("ssp", "SSP", json!({})).await;
    let chair = app
        .post("/api/v1/people", json!({"name": "Steve Nelson", "honorific": "Cllr", "organisation": "SBC", "email": "chair@example.gov.uk"}))
        .await
        .expect(201)
        .id();
    let m = app
        .post(
            "/api/v1/bodies/ssp/meetings",
            json!({"starts_at": "2023-07-19T09:00:00+01:00", "contact": {"name": "John Devine", "role": "Clerk", "email": "clerk@example.gov.uk"}}),
        )
        .await
        .expect(201)
        .id();
    let item = app.item(&m, "Serious Violence - Curve Update").await;
    app.publish(&m).await.expect(200);
    app.patch(&format!("/api/v1/meetings/{m}"), json!({"status": "held"}))
        .await
        .expect(200);
    app.post(
        &format!("/api/v1/meetings/{m}/attendance"),
        json!({"person_id": chair, "status": "present", "chair": true}),
    )
    .await
    .expect(201);
    app.patch(
        &format!("/api/v1/items/{item}"),
        json!({"minutes": "An updated report was given to members by CURV."}),
    )
    .await
    .expect(200);
    app.post(
        &format!("/api/v1/items/{item}/outcomes"),
        json!({"verb": "AGREED", "text": "that the update be noted."}),
    )
    .await
    .expect(201);
    (m, item)
}

async fn minutes_status(app: &TestApp, m: &str) -> String {
    let r = app
        .get(&format!("/api/v1/meetings/{m}"), Some(&app.clerk))
        .await
        .expect(200);
    r.body["minutes_status"].as_str().unwrap().to_string()
}

/// Opens the approval page like a browser: answers the page, its cookie and CSRF field.
pub(crate) async fn open(
    app: &TestApp,
    link: &str,
) -> (u16, String, Option<String>, Option<String>) {
    let r = app.client.get(app.url(link)).send().await.unwrap();
    let status = r.status().as_u16();
    let cookie = r
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|c| c.starts_with("mb_approval_csrf="))
        .map(|c| c.split(';').next().unwrap().to_string());
    let html = r.text().await.unwrap();
    let csrf = html
        .split("name=\"csrf\" value=\"")
        .nth(1)
        .map(|t| t.split('"').next().unwrap().to_string());
    (status, html, cookie, csrf)
}

pub(crate) async fn submit(
    app: &TestApp,
    link: &str,
    cookie: Option<&str>,
    form: &[(&str, &str)],
) -> (u16, String) {
    let mut r = app.client.post(app.url(link)).form(form);
    if let Some(c) = cookie {
        r = r.header("cookie", c);
    }
    let r = r.send().await.unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

async fn send_for_approval(app: &TestApp, m: &str) -> Res {
    app.send(
        Method::POST,
        &format!("/api/v1/meetings/{m}/minutes/approval-requests"),
        Some(&app.clerk),
        None,
    )
    .await
}

#[tokio::test]
async fn chair_approves_from_the_email_link_and_the_link_then_fails() {
    let (app, smtp) = app_with_mail().await;
    let (m, item) = held_meeting(&app).await;
    let link = sending_for_approval_mails_the_chair(&app, &smtp, &m).await;

    let (cookie, csrf) = a_mail_scanners_get_decides_nothing(&app, &m, &link).await;

    a_forged_post_fails_and_the_chairs_approval_stands(&app, &smtp, &m, &link, &cookie, &csrf)
        .await;

    the_spent_link_fails_and_changes_nothing(&app, &m, &link, &cookie, &csrf).await;

    approved_text_cannot_change(&app, &item).await;

    publishing_shows_the_public_the_minutes(&app, &m).await;
}

/// Sends the minutes for approval and checks the mail to the chair; answers its link.
async fn sending_for_approval_mails_the_chair(app: &TestApp, smtp: &SmtpServer, m: &str) -> String {
    let req = send_for_approval(app, m).await.expect(201);
    assert_eq!(req.body["to_email"], "chair@example.gov.uk");
    assert_eq!(req.body["state"], "open");
    assert!(
        !req.text.contains("mb_"),
        "the token must not be in the API response"
    );

    let mail = smtp
        .wait_for("chair@example.gov.uk", "Draft minutes for approval")
        .await;
    let raw = mail.decoded();
    assert!(
        raw.contains("multipart/alternative"),
        "text and HTML alternatives"
    );
    assert!(raw.contains("text/plain") && raw.contains("text/html"));
    assert!(
        raw.contains("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        "DOCX attached"
    );
    assert!(raw.contains("Message-ID:") || raw.contains("Message-Id:"));
    mail.approval_link().expect("a link in the email")
}

/// Opens the link as a mail scanner would and checks nothing changed; answers the page's cookie and CSRF token.
async fn a_mail_scanners_get_decides_nothing(
    app: &TestApp,
    m: &str,
    link: &str,
) -> (Option<String>, Option<String>) {
    // A mail scanner's GET decides nothing.
    let (status, html, cookie, csrf) = open(app, link).await;
    assert_eq!(status, 200);
    assert!(html.contains("Approve the minutes") && html.contains("An updated report was given"));
    assert!(!html.contains("<script"), "no script on the page");
    assert_eq!(minutes_status(app, m).await, "sent_for_approval");
    (cookie, csrf)
}

/// Refuses a forged POST, then approves from the page and tells the clerk.
async fn a_forged_post_fails_and_the_chairs_approval_stands(
    app: &TestApp,
    smtp: &SmtpServer,
    m: &str,
    link: &str,
    cookie: &Option<String>,
    csrf: &Option<String>,
) {
    // A forged POST (no cookie from the page) is refused and changes nothing.
    let (status, _) = submit(
        app,
        link,
        None,
        &[("decision", "approve"), ("csrf", csrf.as_deref().unwrap())],
    )
    .await;
    assert_eq!(status, 403);
    assert_eq!(minutes_status(app, m).await, "sent_for_approval");

    let (status, body) = submit(
        app,
        link,
        cookie.as_deref(),
        &[("decision", "approve"), ("csrf", csrf.as_deref().unwrap())],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("approved"));
    assert_eq!(minutes_status(app, m).await, "approved");
    let requests = app
        .get(
            &format!("/api/v1/meetings/{m}/minutes/approval-requests"),
            Some(&app.clerk),
        )
        .await
        .expect(200);
    assert_eq!(requests.body[0]["state"], "approved");

    // The clerk hears of it.
    smtp.wait_for("clerk@example.gov.uk", "approved the draft minutes")
        .await;
}

/// Checks the spent link fails on GET and POST and nothing changes.
async fn the_spent_link_fails_and_changes_nothing(
    app: &TestApp,
    m: &str,
    link: &str,
    cookie: &Option<String>,
    csrf: &Option<String>,
) {
    // The link is spent: GET and POST both fail, nothing changes.
    let (status, html, _, _) = open(app, link).await;
    assert_eq!(status, 410);
    assert!(html.contains("has been used"));
    let (status, _) = submit(
        app,
        link,
        cookie.as_deref(),
        &[
            ("decision", "request_changes"),
            ("comment", "x"),
            ("csrf", csrf.as_deref().unwrap()),
        ],
    )
    .await;
    assert_eq!(status, 410);
    assert_eq!(minutes_status(app, m).await, "approved");
}

/// Checks approved text cannot change without reopening.
async fn approved_text_cannot_change(app: &TestApp, item: &str) {
    // Approved text cannot change without reopening and a new approval.
    app.patch(
        &format!("/api/v1/items/{item}"),
        json!({"minutes": "Changed after approval"}),
    )
    .await
    .expect(409);
    app.post(
        &format!("/api/v1/items/{item}/outcomes"),
        json!({"verb": "NOTED", "text": "x"}),
    )
    .await
    .expect(409);
}

/// Publishes the minutes and checks the public sees them.
async fn publishing_shows_the_public_the_minutes(app: &TestApp, m: &str) {
    // Publish; the public sees the minutes.
    app.send(
        Method::POST,
        &format!("/api/v1/meetings/{m}/minutes/publish"),
        Some(&app.clerk),
        None,
    )
    .await
    .expect(200);
    let public = app
        .get(&format!("/api/v1/meetings/{m}"), None)
        .await
        .expect(200);
    assert!(public.text.contains("An updated report was given"));
}

#[tokio::test]
async fn forged_or_altered_tokens_are_refused() {
    let (app, smtp) = app_with_mail().await;
    let (m, _) = held_meeting(&app).await;
    send_for_approval(&app, &m).await.expect(201);
    let link = smtp
        .wait_for("chair@example.gov.uk", "Draft minutes")
        .await
        .approval_link()
        .unwrap();
    let mut altered = link.clone();
    let last = altered.pop().unwrap();
    altered.push(if last == 'A' { 'B' } else { 'A' });
    let (status, html, _, _) = open(&app, &altered).await;
    assert_eq!(status, 404);
    assert!(html.contains("not valid"));
    let (status, _) = submit(
        &app,
        &altered,
        Some("mb_approval_csrf=x"),
        &[("decision", "approve"), ("csrf", "x")],
    )
    .await;
    assert_eq!(status, 404);
    let (status, _, _, _) = open(&app, "/approvals/mb_forged").await;
    assert_eq!(status, 404);
    assert_eq!(minutes_status(&app, &m).await, "sent_for_approval");
}

#[tokio::test]
async fn request_changes_needs_a_comment_and_a_new_draft_supersedes_old_links() {
    let (app, smtp) = app_with_mail().await;
    let (m, item) = held_meeting(&app).await;
    let first = the_chair_requests_changes_with_a_comment(&app, &smtp, &m).await;

    the_clerks_edit_makes_a_new_revision(&app, &m, &item).await;

    sending_again_supersedes_the_old_links(&app, &smtp, &m, &first).await;
}

#[tokio::test]
async fn mail_server_down_loses_nothing() {
    // Reserve a port, then leave it closed: the "down" mail server.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let app = spawn_app_with(|s| {
        s.smtp_url = Some(format!("smtp://127.0.0.1:{port}?tls=none"));
        s.mail_poll_ms = 50;
        s.mail_retry_base_ms = 100;
    })
    .await;
    let (m, _) = held_meeting(&app).await;
    send_for_approval(&app, &m).await.expect(201);
    // Wait for at least two failed attempts.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let ob = app
            .get("/api/v1/outbox", Some(&app.clerk))
            .await
            .expect(200);
        let msg: &Value = &ob.body["items"][0];
        if msg["attempts"].as_array().map(|a| a.len()).unwrap_or(0) >= 2 {
            assert_eq!(msg["status"], "pending");
            assert_eq!(msg["attempts"][0]["ok"], false);
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no failed attempts recorded: {}",
            ob.text
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    // The mail server comes back on the same port.
    let smtp = SmtpServer::start_on(std::net::TcpListener::bind(("127.0.0.1", port)).unwrap());
    let mail = smtp
        .wait_for("chair@example.gov.uk", "Draft minutes for approval")
        .await;
    assert!(mail.approval_link().is_some());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let ob = app
            .get("/api/v1/outbox", Some(&app.clerk))
            .await
            .expect(200);
        if ob.body["items"][0]["status"] == "sent" {
            break;
        }
        assert!(std::time::Instant::now() < deadline);
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn agreeing_the_previous_minutes_confirms_and_freezes_them() {
    let (app, smtp) = app_with_mail().await;
    let (m, item) = held_meeting(&app).await;
    the_chair_approves_and_the_clerk_publishes(&app, &smtp, &m).await;

    the_next_meeting_agrees_the_minutes(&app).await;
    the_confirmed_text_is_hashed_and_shown(&app, &m).await;
    confirmed_minutes_are_frozen_for_good(&app, &m, &item).await;
}

#[tokio::test]
async fn reopening_approved_minutes_needs_a_new_approval() {
    let (app, smtp) = app_with_mail().await;
    let (m, item) = held_meeting(&app).await;
    app.send(
        Method::POST,
        &format!("/api/v1/meetings/{m}/minutes/publish"),
        Some(&app.clerk),
        None,
    )
    .await
    .expect(409);
    send_for_approval(&app, &m).await.expect(201);
    let link = smtp
        .wait_for("chair@example.gov.uk", "Draft minutes")
        .await
        .approval_link()
        .unwrap();
    let (_, _, cookie, csrf) = open(&app, &link).await;
    submit(
        &app,
        &link,
        cookie.as_deref(),
        &[("decision", "approve"), ("csrf", csrf.as_deref().unwrap())],
    )
    .await;
    app.send(
        Method::POST,
        &format!("/api/v1/meetings/{m}/minutes/reopen"),
        Some(&app.clerk),
        None,
    )
    .await
    .expect(200);
    assert_eq!(minutes_status(&app, &m).await, "draft");
    app.patch(
        &format!("/api/v1/items/{item}"),
        json!({"minutes": "Corrected text."}),
    )
    .await
    .expect(200);
    app.send(
        Method::POST,
        &format!("/api/v1/meetings/{m}/minutes/publish"),
        Some(&app.clerk),
        None,
    )
    .await
    .expect(409);
}

#[tokio::test]
async fn without_smtp_mail_goes_to_eml_files() {
    let app = spawn_app_with(|s| s.mail_poll_ms = 50).await;
    let (m, _) = held_meeting(&app).await;
    send_for_approval(&app, &m).await.expect(201);
    let dir = app.data_dir.join("mail");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let files: Vec<_> = std::fs::read_dir(&dir)
            .map(|d| d.filter_map(|e| e.ok()).collect())
            .unwrap_or_default();
        if let Some(f) = files
            .iter()
            .find(|f| f.path().extension().map(|e| e == "eml").unwrap_or(false))
        {
            // lettre creates the file before it writes it: read until whole.
            let text = std::fs::read_to_string(f.path()).unwrap_or_default();
            if text.contains("chair@example.gov.uk") {
                break;
            }
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no .eml file to the chair in {}",
            dir.display()
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn chair_approves_in_a_real_browser_on_a_phone_sized_screen() {
    let Some(browser) = crate::webdriver::Browser::start(390, 844).await else {
        return;
    };
    let (app, smtp) = app_with_mail().await;
    let (m, _) = held_meeting(&app).await;
    send_for_approval(&app, &m).await.expect(201);
    let link = smtp
        .wait_for("chair@example.gov.uk", "Draft minutes")
        .await
        .approval_link()
        .unwrap();
    browser.goto(&app.url(&link)).await;
    browser.wait_for_text("Approve the minutes").await;
    let shot = browser.screenshot().await;
    assert!(shot.starts_with(b"\x89PNG"), "a PNG screenshot");
    std::fs::write(app.data_dir.join("approval-phone.png"), &shot).unwrap();
    // Looking at the page decided nothing.
    assert_eq!(minutes_status(&app, &m).await, "sent_for_approval");
    browser.click("button.approve").await;
    browser.wait_for_text("the minutes are approved").await;
    browser.quit().await;
    assert_eq!(minutes_status(&app, &m).await, "approved");
}

#[tokio::test]
async fn chairs_who_do_not_decide_are_reminded_with_a_fresh_link() {
    let smtp = SmtpServer::start();
    let url = smtp.url();
    let app = spawn_app_with(|s| {
        s.smtp_url = Some(url);
        s.mail_poll_ms = 50;
        s.reminder_days = 0;
    })
    .await;
    let (m, _) = held_meeting(&app).await;
    send_for_approval(&app, &m).await.expect(201);
    let first = smtp
        .wait_for("chair@example.gov.uk", "Draft minutes for approval")
        .await
        .approval_link()
        .unwrap();
    let reminder = smtp
        .wait_for("chair@example.gov.uk", "Reminder: Draft minutes")
        .await;
    let fresh = reminder.approval_link().unwrap();
    assert_ne!(first, fresh);
    let (status, _, _, _) = open(&app, &first).await;
    assert_eq!(
        status, 410,
        "the first link is superseded by the reminder's"
    );
    let (status, _, cookie, csrf) = open(&app, &fresh).await;
    assert_eq!(status, 200);
    let (status, _) = submit(
        &app,
        &fresh,
        cookie.as_deref(),
        &[("decision", "approve"), ("csrf", csrf.as_deref().unwrap())],
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(minutes_status(&app, &m).await, "approved");
    // One reminder only.
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let reminders = smtp
        .messages()
        .iter()
        .filter(|m| m.decoded().contains("Reminder: Draft minutes"))
        .count();
    assert_eq!(reminders, 1);
}

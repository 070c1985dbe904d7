//! The steps of the longer approval tests in approval.rs: requesting
//! changes and a new draft, and confirming the previous minutes.

use super::{minutes_status, open, send_for_approval, submit};
use crate::helpers::TestApp;
use crate::smtp::SmtpServer;
use reqwest::Method;
use serde_json::json;

/// Has the chair request changes, refused without a comment; answers the first link.
pub(super) async fn the_chair_requests_changes_with_a_comment(
    app: &TestApp,
    smtp: &SmtpServer,
    m: &str,
) -> String {
    send_for_approval(app, m).await.expect(201);
    let first = smtp
        .wait_for("chair@example.gov.uk", "revision")
        .await
        .approval_link()
        .unwrap();
    let (_, _, cookie, csrf) = open(app, &first).await;
    let (status, html) = submit(
        app,
        &first,
        cookie.as_deref(),
        &[
            ("decision", "request_changes"),
            ("csrf", csrf.as_deref().unwrap()),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(html.contains("say in the comment"));
    let (status, _) = submit(
        app,
        &first,
        cookie.as_deref(),
        &[
            ("decision", "request_changes"),
            ("comment", "Please name CURV in full."),
            ("csrf", csrf.as_deref().unwrap()),
        ],
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(minutes_status(app, m).await, "changes_requested");
    smtp.wait_for("clerk@example.gov.uk", "Please name CURV in full.")
        .await;
    first
}

/// Has the clerk edit the minutes and checks the new revision's diff.
pub(super) async fn the_clerks_edit_makes_a_new_revision(app: &TestApp, m: &str, item: &str) {
    // The clerk edits: a new revision; sends again; the old link is dead.
    app.patch(&format!("/api/v1/items/{item}"), json!({"minutes": "An updated report was given to members by the Cleveland Unit for Reduction of Violence (CURV)."}))
        .await
        .expect(200);
    let revs = app
        .get(
            &format!("/api/v1/meetings/{m}/minutes/revisions"),
            Some(&app.clerk),
        )
        .await
        .expect(200);
    let numbers: Vec<i64> = revs
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["number"].as_i64().unwrap())
        .collect();
    assert!(numbers.len() >= 2, "{numbers:?}");
    let (a, b) = (numbers[numbers.len() - 2], numbers[numbers.len() - 1]);
    let diff = app
        .client
        .get(app.url(&format!(
            "/api/v1/meetings/{m}/minutes/diff?from={a}&to={b}"
        )))
        .bearer_auth(&app.clerk)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        diff.contains("+An updated report was given to members by the Cleveland Unit"),
        "{diff}"
    );
}

/// Sends the new draft twice and checks each send supersedes the link before.
pub(super) async fn sending_again_supersedes_the_old_links(
    app: &TestApp,
    smtp: &SmtpServer,
    m: &str,
    first: &str,
) {
    let before = smtp.messages().len();
    send_for_approval(app, m).await.expect(201);
    let second_mail = {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        loop {
            let msgs = smtp.messages();
            if let Some(m) = msgs
                .iter()
                .skip(before)
                .find(|m| m.to.iter().any(|t| t.contains("chair@")))
            {
                break m.clone();
            }
            assert!(std::time::Instant::now() < deadline);
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    };
    let second = second_mail.approval_link().unwrap();
    assert_ne!(first, second);
    // Sending once more supersedes the second link too.
    send_for_approval(app, m).await.expect(201);
    let (status, html, _, _) = open(app, &second).await;
    assert_eq!(status, 410);
    assert!(html.contains("newer draft"));
}

/// Sends the minutes, has the chair approve them from the link, and publishes them.
pub(super) async fn the_chair_approves_and_the_clerk_publishes(
    app: &TestApp,
    smtp: &SmtpServer,
    m: &str,
) {
    send_for_approval(app, m).await.expect(201);
    let link = smtp
        .wait_for("chair@example.gov.uk", "Draft minutes")
        .await
        .approval_link()
        .unwrap();
    let (_, _, cookie, csrf) = open(app, &link).await;
    submit(
        app,
        &link,
        cookie.as_deref(),
        &[("decision", "approve"), ("csrf", csrf.as_deref().unwrap())],
    )
    .await;
    app.send(
        Method::POST,
        &format!("/api/v1/meetings/{m}/minutes/publish"),
        Some(&app.clerk),
        None,
    )
    .await
    .expect(200);
}

/// Has the next meeting agree the minutes of the last as a true record.
pub(super) async fn the_next_meeting_agrees_the_minutes(app: &TestApp) {
    let next = app.meeting("ssp", "2023-10-18T09:00:00+01:00").await;
    let prev_item = app
        .post(
            &format!("/api/v1/meetings/{next}/items"),
            json!({"title": "Minutes", "kind": "previous_minutes"}),
        )
        .await
        .expect(201)
        .id();
    app.post(&format!("/api/v1/items/{prev_item}/outcomes"), json!({"verb": "AGREED", "text": "that the minutes of the meeting held on 19th July 2023 be confirmed as a true record."}))
        .await
        .expect(201);
}

/// Checks the confirmed text's hash is a kept revision's and the document shows it.
pub(super) async fn the_confirmed_text_is_hashed_and_shown(app: &TestApp, m: &str) {
    let got = app
        .get(&format!("/api/v1/meetings/{m}"), Some(&app.clerk))
        .await
        .expect(200);
    assert_eq!(got.body["minutes_status"], "confirmed");
    let sha = got.body["minutes_record"]["confirmed_sha256"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(sha.len(), 64);
    // The hash is of a kept revision's text, and the document shows it.
    let revs = app
        .get(
            &format!("/api/v1/meetings/{m}/minutes/revisions"),
            Some(&app.clerk),
        )
        .await
        .expect(200);
    assert!(revs
        .body
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["sha256"] == sha.as_str()));
    let doc = app
        .client
        .get(app.url(&format!("/api/v1/meetings/{m}/minutes?format=txt")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        doc.contains(&format!("SHA-256 of the confirmed text: {sha}")),
        "{doc}"
    );
    assert!(!doc.contains("DRAFT"));
}

/// Checks confirmed minutes can be neither edited nor reopened.
pub(super) async fn confirmed_minutes_are_frozen_for_good(app: &TestApp, m: &str, item: &str) {
    // Frozen for good: no edit, no reopen.
    app.patch(&format!("/api/v1/items/{item}"), json!({"minutes": "x"}))
        .await
        .expect(409);
    app.send(
        Method::POST,
        &format!("/api/v1/meetings/{m}/minutes/reopen"),
        Some(&app.clerk),
        None,
    )
    .await
    .expect(409);
}

//! Two instances on one database with one real SMTP server: every email is
//! sent once, every reminder once (the outbox and reminders are claimed).

use crate::helpers::{spawn_app_with, spawn_peer, TestApp};
use crate::smtp::SmtpServer;
use reqwest::Method;
use serde_json::json;
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

/// A held meeting of body `ssp` chaired by `chair`, with minutes, ready to
/// send for approval; built through `app`.
async fn held_meeting(app: &TestApp, chair: &str, n: usize) -> String {
    let m = app
        .post(
            "/api/v1/bodies/ssp/meetings",
            json!({"starts_at": format!("2023-07-{:02}T09:00:00+01:00", n + 1),
                   "contact": {"name": "John Devine", "role": "Clerk", "email": "clerk@example.gov.uk"}}),
        )
        .await
        .expect(201)
        .id();
    let item = app.item(&m, &format!("Item of meeting {n}")).await;
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
        json!({"minutes": format!("Minutes of meeting {n}.")}),
    )
    .await
    .expect(200);
    m
}

/// Two instances (fast workers on both) on one database and one SMTP
/// server, and `n` held meetings built alternately through each.
async fn two_instances(
    n: usize,
    reminder_days: i64,
) -> (TestApp, TestApp, SmtpServer, Vec<String>) {
    let smtp = SmtpServer::start_serving(8);
    let url = smtp.url();
    let tweak = move |s: &mut minutebook::config::Settings| {
        s.smtp_url = Some(url);
        s.mail_poll_ms = 10;
        s.reminder_days = reminder_days;
    };
    let a = spawn_app_with(tweak.clone()).await;
    let b = spawn_peer(&a, tweak).await;
    a.body("ssp", "SSP", json!({})).await;
    let chair = a
        .post("/api/v1/people", json!({"name": "Steve Nelson", "honorific": "Cllr", "organisation": "SBC", "email": "chair@example.gov.uk"}))
        .await
        .expect(201)
        .id();
    let mut meetings = Vec::new();
    for i in 0..n {
        let via = if i % 2 == 0 { &a } else { &b };
        meetings.push(held_meeting(via, &chair, i).await);
    }
    (a, b, smtp, meetings)
}

fn count(smtp: &SmtpServer, needle: &str) -> usize {
    smtp.messages()
        .iter()
        .filter(|m| m.decoded().contains(needle))
        .count()
}

/// Waits until `want` messages containing `needle` arrived (20 s at most),
/// then a little longer for any duplicate.
async fn settle_at(smtp: &SmtpServer, needle: &str, want: usize) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while count(smtp, needle) < want && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    // Both workers poll every 10 ms: a second send would come at once.
    tokio::time::sleep(Duration::from_millis(1500)).await;
}

fn message_id(raw: &str) -> Option<String> {
    raw.lines()
        .find(|l| l.to_ascii_lowercase().starts_with("message-id:"))
        .map(|l| l["message-id:".len()..].trim().to_string())
}

#[tokio::test]
async fn two_instances_send_ten_approval_requests_as_exactly_ten_emails() {
    let (a, b, smtp, meetings) = two_instances(10, 30).await;
    for (i, m) in meetings.iter().enumerate() {
        let via = if i % 2 == 0 { &b } else { &a };
        via.send(
            Method::POST,
            &format!("/api/v1/meetings/{m}/minutes/approval-requests"),
            Some(&via.clerk),
            None,
        )
        .await
        .expect(201);
    }
    settle_at(&smtp, "Draft minutes for approval", 10).await;
    let sent = smtp.messages();
    let outbox = a.get("/api/v1/outbox?limit=100", Some(&a.clerk)).await.body;
    let summary: Vec<String> = outbox["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| format!("{} {} {}", r["message_id"], r["status"], r["attempts"]))
        .collect();
    let got: Vec<_> = sent.iter().map(|m| message_id(&m.raw)).collect();
    assert_eq!(
        sent.len(),
        10,
        "exactly one email per approval request; outbox: {summary:#?}; received: {got:?}"
    );
    let ids: BTreeSet<_> = sent.iter().filter_map(|m| message_id(&m.raw)).collect();
    assert_eq!(ids.len(), 10, "ten different messages: {ids:?}");
    let links: BTreeSet<_> = sent.iter().filter_map(|m| m.approval_link()).collect();
    assert_eq!(links.len(), 10, "each with its own approval link");
    // The outbox agrees: ten sent, each after one attempt.
    let outbox = a
        .get("/api/v1/outbox?status=sent&limit=100", Some(&a.clerk))
        .await
        .expect(200);
    let rows = outbox.body["items"].as_array().expect("outbox rows");
    assert_eq!(rows.len(), 10);
    assert!(
        rows.iter()
            .all(|r| r["attempts"].as_array().map(Vec::len) == Some(1)),
        "no message was attempted twice: {rows:?}"
    );
}

#[tokio::test]
async fn two_instances_remind_each_chair_once() {
    let (a, b, smtp, meetings) = two_instances(4, 0).await;
    for (i, m) in meetings.iter().enumerate() {
        let via = if i % 2 == 0 { &a } else { &b };
        via.send(
            Method::POST,
            &format!("/api/v1/meetings/{m}/minutes/approval-requests"),
            Some(&via.clerk),
            None,
        )
        .await
        .expect(201);
    }
    settle_at(&smtp, "Reminder: Draft minutes", 4).await;
    assert_eq!(
        count(&smtp, "Reminder: Draft minutes"),
        4,
        "one reminder per request"
    );
    assert_eq!(smtp.messages().len(), 8, "four requests, four reminders");
}

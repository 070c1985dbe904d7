//! The per-recipient limit on approval emails holds when many meetings
//! send to one chair at once, on SQLite and on PostgreSQL: the count and
//! the new request are one turn per address.

use crate::helpers::{spawn_app_with, TestApp};
use reqwest::Method;
use serde_json::json;

/// A held meeting of `ssp` with `chair` in the chair and minutes to send.
async fn held_meeting(app: &TestApp, chair: &str, day: u32) -> String {
    let m = app
        .post(
            "/api/v1/bodies/ssp/meetings",
            json!({"starts_at": format!("2023-07-{day:02}T09:00:00+01:00")}),
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
    m
}

#[tokio::test]
async fn concurrent_requests_to_one_chair_send_exactly_the_limit() {
    let app = spawn_app_with(|s| {
        s.limits.approvals_per_recipient = 3;
        s.limits.approvals_per_meeting = 50;
    })
    .await;
    app.body("ssp", "SSP", json!({})).await;
    let chair = app
        .post(
            "/api/v1/people",
            json!({"name": "Steve Nelson", "email": "chair@example.gov.uk"}),
        )
        .await
        .expect(201)
        .id();
    let mut meetings = Vec::new();
    for day in 1..=8 {
        meetings.push(held_meeting(&app, &chair, day).await);
    }
    let paths: Vec<String> = meetings
        .iter()
        .map(|m| format!("/api/v1/meetings/{m}/minutes/approval-requests"))
        .collect();
    let sends = paths
        .iter()
        .map(|p| app.send(Method::POST, p, Some(&app.clerk), None));
    let answers = futures_util::future::join_all(sends).await;
    let statuses: Vec<u16> = answers.iter().map(|r| r.status.as_u16()).collect();
    let sent = statuses.iter().filter(|s| **s < 300).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!((sent, refused), (3, 5), "{statuses:?}");
}

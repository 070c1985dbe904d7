//! Limits on costly operations (issue 14, item 2): approval emails per
//! meeting and per recipient (`429` with `Retry-After`), drafts only to
//! members of the body or people recorded at the meeting, and document
//! rendering refused with `503` and `Retry-After` when the instance is full.

use crate::approval::held_meeting;
use crate::helpers::{spawn_app_with, Res, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

async fn send(app: &TestApp, m: &str, body: Option<Value>) -> Res {
    app.send(
        Method::POST,
        &format!("/api/v1/meetings/{m}/minutes/approval-requests"),
        Some(&app.clerk),
        body,
    )
    .await
}

async fn outbox_count(app: &TestApp) -> usize {
    let r = app
        .get("/api/v1/outbox?limit=500", Some(&app.clerk))
        .await
        .expect(200);
    r.body["items"].as_array().map(Vec::len).unwrap_or(0)
}

fn assert_limited(r: &Res) {
    assert_eq!(r.status.as_u16(), 429, "{}", r.text);
    assert_eq!(
        r.header("content-type").as_deref(),
        Some("application/problem+json")
    );
    let wait: u64 = r
        .header("retry-after")
        .expect("Retry-After")
        .parse()
        .expect("whole seconds");
    assert!((1..=3600).contains(&wait), "{wait}");
}

#[tokio::test]
async fn a_burst_of_approval_requests_is_answered_429_with_retry_after() {
    let app = spawn_app_with(|s| s.limits.approvals_per_meeting = 3).await;
    let (m, _) = held_meeting(&app).await;
    for _ in 0..3 {
        send(&app, &m, None).await.expect(201);
    }
    for _ in 0..5 {
        assert_limited(&send(&app, &m, None).await);
    }
    assert_eq!(
        outbox_count(&app).await,
        3,
        "refused requests queue nothing"
    );
    let requests = app
        .get(
            &format!("/api/v1/meetings/{m}/minutes/approval-requests"),
            Some(&app.clerk),
        )
        .await
        .expect(200);
    assert_eq!(requests.body.as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn one_recipient_is_limited_whichever_meeting_sends() {
    let app = spawn_app_with(|s| {
        s.limits.approvals_per_meeting = 100;
        s.limits.approvals_per_recipient = 2;
    })
    .await;
    let (m, _) = held_meeting(&app).await;
    send(&app, &m, None).await.expect(201);
    send(&app, &m, None).await.expect(201);
    let r = send(&app, &m, None).await;
    assert_limited(&r);
    assert!(r.body["detail"]
        .as_str()
        .unwrap()
        .contains("chair@example.gov.uk"));
    assert_eq!(outbox_count(&app).await, 2);
}

#[tokio::test]
async fn a_draft_goes_only_to_members_of_the_body_or_people_at_the_meeting() {
    let app = spawn_app_with(|_| {}).await;
    let (m, _) = held_meeting(&app).await;
    let person = |name: &'static str, email: &'static str| {
        let app = &app;
        async move {
            app.post("/api/v1/people", json!({"name": name, "email": email}))
                .await
                .expect(201)
                .id()
        }
    };
    let stranger = person("Sam Stranger", "sam@example.com").await;
    let r = send(&app, &m, Some(json!({"to_person_id": stranger}))).await;
    assert_eq!(r.status.as_u16(), 422, "{}", r.text);
    assert_eq!(r.error_fields(), vec!["to_person_id"]);
    assert!(r.body["detail"]
        .as_str()
        .unwrap()
        .contains("current member of the body"));
    assert_eq!(outbox_count(&app).await, 0, "nothing is queued");

    // Sent apologies only: still not at the meeting.
    let apologies = person("Ann Apologies", "ann@example.com").await;
    app.post(
        &format!("/api/v1/meetings/{m}/attendance"),
        json!({"person_id": apologies, "status": "apologies"}),
    )
    .await
    .expect(201);
    send(&app, &m, Some(json!({"to_person_id": apologies})))
        .await
        .expect(422);

    // A former member: not current.
    let former = person("Fay Former", "fay@example.com").await;
    app.post(
        "/api/v1/bodies/ssp/memberships",
        json!({"person_id": former, "role": "member", "start_date": "2019-05-01", "end_date": "2020-05-01"}),
    )
    .await
    .expect(201);
    send(&app, &m, Some(json!({"to_person_id": former})))
        .await
        .expect(422);

    // A current member, and an officer recorded at the meeting: allowed.
    let member = person("Mo Member", "mo@example.com").await;
    app.post(
        "/api/v1/bodies/ssp/memberships",
        json!({"person_id": member, "role": "vice_chair", "start_date": "2020-05-01"}),
    )
    .await
    .expect(201);
    let r = send(&app, &m, Some(json!({"to_person_id": member})))
        .await
        .expect(201);
    assert_eq!(r.body["to_email"], "mo@example.com");
    let officer = person("Olu Officer", "olu@example.com").await;
    app.post(
        &format!("/api/v1/meetings/{m}/attendance"),
        json!({"person_id": officer, "status": "officer"}),
    )
    .await
    .expect(201);
    send(&app, &m, Some(json!({"to_person_id": officer})))
        .await
        .expect(201);
    assert_eq!(outbox_count(&app).await, 2);
}

#[tokio::test]
async fn rendering_beyond_the_instance_limit_is_refused_with_retry_after() {
    let app = spawn_app_with(|s| s.limits.render_concurrency = 0).await;
    let (m, _) = held_meeting(&app).await;
    let r = app
        .get(
            &format!("/api/v1/meetings/{m}/agenda?format=txt"),
            Some(&app.clerk),
        )
        .await;
    assert_eq!(r.status.as_u16(), 503, "{}", r.text);
    assert_eq!(r.header("retry-after").as_deref(), Some("1"));
    assert_eq!(
        r.header("content-type").as_deref(),
        Some("application/problem+json")
    );
}

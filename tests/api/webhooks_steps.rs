//! The steps of the longer webhook tests in webhooks.rs.

use super::{deliveries, signed, verify, Receiver};
use crate::helpers::TestApp;
use crate::mgws::{World, SECRETS};
use crate::public_pages::upload;
use serde_json::{json, Value};
use std::time::Duration;

/// Checks the world's agendas and cancellation arrive signed, with nothing restricted.
pub(super) async fn the_worlds_changes_are_delivered_signed_and_public(
    app: &TestApp,
    rx: &Receiver,
    secret: &str,
    w: &World,
) {
    let got = rx.wait_for(4).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let got_all = rx.requests();
    assert_eq!(got_all.len(), got.len(), "nothing more");
    let mut types = Vec::new();
    for r in &got_all {
        assert_eq!(r.headers["content-type"], "application/json");
        assert!(r.headers["webhook-id"].starts_with("msg_"));
        let v = verify(secret, r);
        types.push(v["type"].as_str().unwrap().to_string());
        for s in SECRETS {
            assert!(!r.body.contains(s), "{s} leaked in {}", r.body);
        }
    }
    types.sort();
    assert_eq!(
        types,
        [
            "agenda.published",
            "agenda.published",
            "agenda.published",
            "meeting.cancelled"
        ]
    );
    let agenda: Value = got_all
        .iter()
        .map(|r| serde_json::from_str::<Value>(&r.body).unwrap())
        .find(|v| {
            v["type"] == "agenda.published" && v["data"]["meeting"]["id"] == w.meeting.as_str()
        })
        .unwrap();
    let items = agenda["data"]["agenda"].as_array().unwrap();
    assert_eq!(items.len(), 4);
    assert_eq!(items[1]["title"], "Restricted Crime Report");
    assert_eq!(items[1]["restricted"], true);
    assert_eq!(items[1]["minute_number"], "SSP/2/23");
    let m = &agenda["data"]["meeting"];
    assert!(m["url"]
        .as_str()
        .unwrap()
        .ends_with(&format!("/meetings/{}", w.meeting)));
    assert_eq!(m["modern_gov_id"], crate::mgws::mgws_id(app, &w.meeting));
    assert_eq!(m["body"]["slug"], "ssp");
}

/// Checks each delivery is recorded as delivered at the first attempt.
pub(super) async fn each_delivery_is_recorded_with_one_attempt(app: &TestApp, hook: &str) {
    // Recorded: delivered, one attempt each.
    let ds = deliveries(app, hook).await;
    assert_eq!(ds.len(), 4);
    for d in &ds {
        assert_eq!(d["status"], "delivered", "{d}");
        assert_eq!(d["attempts"], 1);
        assert_eq!(d["attempt_log"][0]["status_code"], 200);
        assert_eq!(d["attempt_log"][0]["ok"], true);
    }
}

/// Adds three papers and checks only the public one on a published agenda is told, signed.
pub(super) async fn only_a_public_paper_added_is_told(
    app: &TestApp,
    rx: &Receiver,
    secret: &str,
    w: &World,
) {
    // A paper added to a published agenda is told; a restricted one is not.
    upload(
        app,
        &w.plan_item,
        "annex.pdf",
        "application/pdf",
        b"%PDF-1.4 annex".to_vec(),
        "Annex A",
        false,
    )
    .await;
    upload(
        app,
        &w.plan_item,
        "annex-b.pdf",
        "application/pdf",
        b"%PDF-1.4 b".to_vec(),
        "Secretpaperword",
        true,
    )
    .await;
    upload(
        app,
        &w.restricted_item,
        "c.pdf",
        "application/pdf",
        b"%PDF-1.4 c".to_vec(),
        "Secretpaperword",
        false,
    )
    .await;
    let got = rx.wait_for(5).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(rx.requests().len(), 5, "only the public paper is told");
    let paper = verify(secret, &got[4]);
    assert_eq!(paper["type"], "paper.added");
    assert_eq!(paper["data"]["paper"]["title"], "Annex A");
    let url = paper["data"]["paper"]["url"].as_str().unwrap();
    let r = app.client.get(url).send().await.unwrap();
    assert_eq!(r.status(), 200, "the paper downloads");
    // A tampered body does not verify.
    let mut tampered = got[4].clone();
    tampered.body = tampered.body.replace("Annex A", "Annex B");
    assert!(
        !signed(secret, &tampered),
        "a tampered body fails verification"
    );
}

/// Refuses private, non-HTTP and malformed receiver URLs.
pub(super) async fn private_and_bad_urls_are_refused(app: &TestApp) {
    for url in [
        "http://127.0.0.1:9000/hook",
        "http://localhost/hook",
        "http://10.1.2.3/hook",
        "http://192.168.0.10/hook",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]:8080/",
        "ftp://example.org/x",
        "not a url",
        "",
    ] {
        let r = app
            .send(
                reqwest::Method::POST,
                "/api/v1/webhooks",
                Some(&app.admin),
                Some(json!({"url": url})),
            )
            .await
            .expect(422);
        assert_eq!(r.error_fields(), ["url"], "{url}: {}", r.text);
    }
}

/// Refuses unknown or no events, a chosen secret and a wrongly typed URL.
pub(super) async fn bad_events_secrets_and_types_are_refused(app: &TestApp) {
    let r = app
        .send(
            reqwest::Method::POST,
            "/api/v1/webhooks",
            Some(&app.admin),
            Some(json!({"url": "https://hooks.example.org/x", "events": ["agenda.published", "minutes.burned"]})),
        )
        .await
        .expect(422);
    assert_eq!(r.error_fields(), ["events[1]"]);
    app.send(
        reqwest::Method::POST,
        "/api/v1/webhooks",
        Some(&app.admin),
        Some(json!({"url": "https://hooks.example.org/x", "events": []})),
    )
    .await
    .expect(422);
    let r = app
        .send(
            reqwest::Method::POST,
            "/api/v1/webhooks",
            Some(&app.admin),
            Some(json!({"url": "https://hooks.example.org/x", "secret": "mine"})),
        )
        .await
        .expect(422);
    assert_eq!(r.error_fields(), ["secret"]);
    app.send(
        reqwest::Method::POST,
        "/api/v1/webhooks",
        Some(&app.admin),
        Some(json!({"url": 7})),
    )
    .await
    .expect(422);
}

/// Refuses a body that is not JSON or not JSON content.
pub(super) async fn malformed_subscription_bodies_are_refused(app: &TestApp) {
    assert_eq!(post_raw(app, "application/json", "{not json").await, 400);
    assert_eq!(post_raw(app, "text/plain", "url=https://x.org").await, 415);
}

/// Posts `body` as a subscription, typed `content_type`; answers the status.
async fn post_raw(app: &TestApp, content_type: &str, body: &'static str) -> reqwest::StatusCode {
    app.client
        .post(app.url("/api/v1/webhooks"))
        .bearer_auth(&app.admin)
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap()
        .status()
}

/// Creates two subscriptions and checks the secret shows only on creation; answers the first id.
pub(super) async fn an_admin_subscribes_and_sees_the_secret_once(app: &TestApp) -> String {
    let r = app
        .send(
            reqwest::Method::POST,
            "/api/v1/webhooks",
            Some(&app.admin),
            Some(json!({"url": "https://www.example.gov.uk/hooks/minutebook", "events": ["agenda.published", "paper.added"]})),
        )
        .await
        .expect(201);
    let id = r.id();
    assert!(r.header("location").unwrap().ends_with(&id));
    assert!(r.body["secret"].as_str().unwrap().starts_with("whsec_"));
    assert_eq!(r.body["events"], json!(["agenda.published", "paper.added"]));
    assert_eq!(r.body["url"], "https://www.example.gov.uk/hooks/minutebook");
    let all = app
        .send(
            reqwest::Method::POST,
            "/api/v1/webhooks",
            Some(&app.admin),
            Some(json!({"url": "https://hooks.example.org/all"})),
        )
        .await
        .expect(201);
    assert_eq!(
        all.body["events"].as_array().unwrap().len(),
        7,
        "all events (decision.effective too)"
    );
    let list = app
        .get("/api/v1/webhooks", Some(&app.admin))
        .await
        .expect(200);
    assert_eq!(list.body["items"].as_array().unwrap().len(), 2);
    assert!(!list.text.contains("whsec_"), "the secret is shown once");
    let one = app
        .get(&format!("/api/v1/webhooks/{id}"), Some(&app.admin))
        .await
        .expect(200);
    assert!(!one.text.contains("whsec_"));
    id
}

/// Checks only admins may list, create and delete subscriptions.
pub(super) async fn only_admins_manage_subscriptions(app: &TestApp, id: &str) {
    // Admins only.
    app.get("/api/v1/webhooks", None).await.expect(401);
    app.get("/api/v1/webhooks", Some(&app.clerk))
        .await
        .expect(403);
    app.send(
        reqwest::Method::POST,
        "/api/v1/webhooks",
        Some(&app.clerk),
        Some(json!({"url": "https://hooks.example.org/x"})),
    )
    .await
    .expect(403);
    app.send(
        reqwest::Method::DELETE,
        &format!("/api/v1/webhooks/{id}"),
        Some(&app.clerk),
        None,
    )
    .await
    .expect(403);
    app.send(
        reqwest::Method::DELETE,
        &format!("/api/v1/webhooks/{id}"),
        Some(&app.admin),
        None,
    )
    .await
    .expect(204);
    app.get(&format!("/api/v1/webhooks/{id}"), Some(&app.admin))
        .await
        .expect(404);
    app.send(
        reqwest::Method::DELETE,
        &format!("/api/v1/webhooks/{id}"),
        Some(&app.admin),
        None,
    )
    .await
    .expect(404);
}

/// Checks a deleted subscription's deliveries stay readable.
pub(super) async fn a_deleted_subscriptions_history_stays_readable(app: &TestApp, id: &str) {
    // Its history stays readable.
    app.get(
        &format!("/api/v1/webhooks/{id}/deliveries"),
        Some(&app.admin),
    )
    .await
    .expect(200);
    app.get("/api/v1/webhooks/not-a-uuid/deliveries", Some(&app.admin))
        .await
        .expect(404);
}

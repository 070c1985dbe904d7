//! Signed webhooks: subscriptions (admin), deliveries written in the same
//! transaction as the change, signed per Standard Webhooks, retried with
//! backoff and every attempt recorded, carrying public data only, and never
//! sent to a private address unless the operator allows it. A real HTTP
//! receiver runs in the test process.

use crate::helpers::{spawn_app, spawn_app_with, TestApp};
use crate::mgws::world;
use crate::public_pages::{set_minutes_status, upload};
use base64::Engine;
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use steps::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[path = "webhooks_steps.rs"]
mod steps;

/// One request the receiver got.
#[derive(Debug, Clone)]
pub struct Received {
    pub headers: HashMap<String, String>,
    pub body: String,
}

/// A tiny HTTP receiver on 127.0.0.1:0: answers `fail_first` requests with
/// 503, then 200; keeps every request.
pub struct Receiver {
    pub url: String,
    pub got: Arc<Mutex<Vec<Received>>>,
}

async fn read_request(s: &mut tokio::net::TcpStream) -> Option<Received> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        let n = s.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).to_string();
    let mut headers = HashMap::new();
    for line in head.lines().skip(1) {
        if let Some((k, v)) = line.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
        }
    }
    let len: usize = headers
        .get("content-length")
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    while buf.len() < head_end + len {
        let n = s.read(&mut chunk).await.ok()?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let body = String::from_utf8_lossy(&buf[head_end..]).to_string();
    Some(Received { headers, body })
}

pub async fn receiver(fail_first: usize) -> Receiver {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    let got: Arc<Mutex<Vec<Received>>> = Arc::default();
    let seen = got.clone();
    tokio::spawn(async move {
        loop {
            let Ok((mut s, _)) = listener.accept().await else {
                return;
            };
            let seen = seen.clone();
            tokio::spawn(async move {
                let Some(r) = read_request(&mut s).await else {
                    return;
                };
                let n = {
                    let mut g = seen.lock().unwrap();
                    g.push(r);
                    g.len()
                };
                let status = if n <= fail_first {
                    "503 Service Unavailable"
                } else {
                    "200 OK"
                };
                let _ = s
                    .write_all(
                        format!(
                            "HTTP/1.1 {status}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                        )
                        .as_bytes(),
                    )
                    .await;
            });
        }
    });
    Receiver { url, got }
}

impl Receiver {
    pub fn requests(&self) -> Vec<Received> {
        self.got.lock().unwrap().clone()
    }

    /// Waits until `n` requests have arrived (10 s at most).
    pub async fn wait_for(&self, n: usize) -> Vec<Received> {
        for _ in 0..200 {
            let got = self.requests();
            if got.len() >= n {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("expected {n} deliveries, got {:?}", self.requests());
    }
}

/// An app that may deliver to the test's loopback receiver, quickly.
pub async fn hook_app() -> TestApp {
    spawn_app_with(|s| {
        s.webhooks_allow_private = true;
        s.webhook_poll_ms = 50;
        s.webhook_retry_base_ms = 200;
    })
    .await
}

pub async fn subscribe(app: &TestApp, url: &str, events: Option<Vec<&str>>) -> (String, String) {
    let mut body = json!({"url": url});
    if let Some(e) = events {
        body["events"] = json!(e);
    }
    let r = app
        .send(
            reqwest::Method::POST,
            "/api/v1/webhooks",
            Some(&app.admin),
            Some(body),
        )
        .await
        .expect(201);
    (r.id(), r.body["secret"].as_str().unwrap().to_string())
}

/// Whether a delivery's signature verifies as the Standard Webhooks
/// specification says.
fn signed(secret: &str, r: &Received) -> bool {
    let key = base64::engine::general_purpose::STANDARD
        .decode(secret.strip_prefix("whsec_").unwrap())
        .unwrap();
    let (id, ts) = (&r.headers["webhook-id"], &r.headers["webhook-timestamp"]);
    let mut mac = Hmac::<Sha256>::new_from_slice(&key).unwrap();
    mac.update(format!("{id}.{ts}.{}", r.body).as_bytes());
    let expected = base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes());
    r.headers["webhook-signature"]
        .split(' ')
        .any(|s| s == format!("v1,{expected}"))
}

/// Verifies a delivery and reads its payload.
fn verify(secret: &str, r: &Received) -> Value {
    assert!(signed(secret, r), "signature verifies: {r:?}");
    let t: i64 = r.headers["webhook-timestamp"].parse().unwrap();
    assert!(
        (chrono::Utc::now().timestamp() - t).abs() < 300,
        "timestamp is now"
    );
    serde_json::from_str(&r.body).unwrap()
}

async fn deliveries(app: &TestApp, hook: &str) -> Vec<Value> {
    app.get(
        &format!("/api/v1/webhooks/{hook}/deliveries"),
        Some(&app.admin),
    )
    .await
    .expect(200)
    .body["items"]
        .as_array()
        .unwrap()
        .clone()
}

#[tokio::test]
async fn a_subscription_shows_its_secret_once_and_only_to_admins() {
    let app = spawn_app().await;
    let id = an_admin_subscribes_and_sees_the_secret_once(&app).await;
    only_admins_manage_subscriptions(&app, &id).await;
    a_deleted_subscriptions_history_stays_readable(&app, &id).await;
}

#[tokio::test]
async fn private_receivers_and_bad_input_are_refused() {
    let app = spawn_app().await;
    private_and_bad_urls_are_refused(&app).await;
    bad_events_secrets_and_types_are_refused(&app).await;
    malformed_subscription_bodies_are_refused(&app).await;
}

#[tokio::test]
async fn a_published_agenda_is_delivered_signed_with_nothing_restricted() {
    let app = hook_app().await;
    let rx = receiver(0).await;
    let (hook, secret) = subscribe(&app, &rx.url, None).await;
    let w = world(&app).await;
    // The world publishes three agendas, adds papers to a draft (not told)
    // and cancels one meeting.
    the_worlds_changes_are_delivered_signed_and_public(&app, &rx, &secret, &w).await;

    each_delivery_is_recorded_with_one_attempt(&app, &hook).await;
    only_a_public_paper_added_is_told(&app, &rx, &secret, &w).await;
}

#[tokio::test]
async fn a_receiver_that_is_down_is_retried_with_backoff_and_every_attempt_is_recorded() {
    let app = hook_app().await;
    let rx = receiver(2).await;
    let (hook, secret) = subscribe(&app, &rx.url, Some(vec!["agenda.published"])).await;
    app.body("ssp", "SSP", json!({})).await;
    let m = app.meeting("ssp", "2023-07-19T09:00:00+01:00").await;
    app.item(&m, "Apologies").await;
    app.publish(&m).await.expect(200);
    let got = rx.wait_for(3).await;
    // The same message each time, signed afresh.
    assert_eq!(got[0].headers["webhook-id"], got[2].headers["webhook-id"]);
    assert_eq!(got[0].body, got[2].body);
    for r in &got {
        verify(&secret, r);
    }
    let mut d = Value::Null;
    for _ in 0..100 {
        d = deliveries(&app, &hook).await[0].clone();
        if d["status"] == "delivered" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(d["status"], "delivered", "{d}");
    assert_eq!(d["attempts"], 3);
    let log = d["attempt_log"].as_array().unwrap();
    assert_eq!(log.len(), 3);
    assert_eq!(log[0]["status_code"], 503);
    assert_eq!(log[0]["ok"], false);
    assert!(log[0]["error"].as_str().unwrap().contains("503"));
    assert_eq!(log[2]["ok"], true);
    // Backoff: the second retry waited longer than the first.
    let at =
        |i: usize| chrono::DateTime::parse_from_rfc3339(log[i]["at"].as_str().unwrap()).unwrap();
    let first = at(1) - at(0);
    let second = at(2) - at(1);
    assert!(first.num_milliseconds() >= 190, "{first}");
    assert!(second > first, "{first} then {second}");
}

#[tokio::test]
async fn subscribers_get_only_the_events_they_chose_and_nothing_about_drafts() {
    let app = hook_app().await;
    let papers = receiver(0).await;
    let meetings = receiver(0).await;
    subscribe(&app, &papers.url, Some(vec!["paper.added"])).await;
    subscribe(
        &app,
        &meetings.url,
        Some(vec!["meeting.updated", "meeting.cancelled"]),
    )
    .await;
    app.body("ssp", "SSP", json!({})).await;
    let m = app.meeting("ssp", "2023-07-19T09:00:00+01:00").await;
    let item = app.item(&m, "Report").await;
    // A draft: nothing is public, so nothing is told.
    app.patch(
        &format!("/api/v1/meetings/{m}"),
        json!({"title": "Draftmeetingword"}),
    )
    .await
    .expect(200);
    upload(
        &app,
        &item,
        "a.pdf",
        "application/pdf",
        b"%PDF".to_vec(),
        "Draft paper",
        false,
    )
    .await;
    // A failed change tells nothing either (same transaction).
    let empty = app.meeting("ssp", "2023-08-19T09:00:00+01:00").await;
    app.publish(&empty).await.expect(409);
    app.publish(&m).await.expect(200);
    app.patch(
        &format!("/api/v1/meetings/{m}"),
        json!({"title": "Public title"}),
    )
    .await
    .expect(200);
    app.patch(&format!("/api/v1/meetings/{m}"), json!({"status": "held"}))
        .await
        .expect(200);
    upload(
        &app,
        &item,
        "b.pdf",
        "application/pdf",
        b"%PDF".to_vec(),
        "Public paper",
        false,
    )
    .await;
    let got = meetings.wait_for(2).await;
    let p = papers.wait_for(1).await;
    tokio::time::sleep(Duration::from_millis(400)).await;
    assert_eq!(meetings.requests().len(), 2);
    assert_eq!(papers.requests().len(), 1);
    let first: Value = serde_json::from_str(&got[0].body).unwrap();
    let second: Value = serde_json::from_str(&got[1].body).unwrap();
    assert_eq!(first["type"], "meeting.updated");
    assert_eq!(first["data"]["meeting"]["title"], "Public title");
    assert_eq!(second["data"]["meeting"]["status"], "held");
    let paper: Value = serde_json::from_str(&p[0].body).unwrap();
    assert_eq!(paper["data"]["paper"]["title"], "Public paper");
    for r in meetings.requests().iter().chain(papers.requests().iter()) {
        assert!(!r.body.contains("Draftmeetingword") && !r.body.contains("Draft paper"));
    }
}

#[tokio::test]
async fn minutes_published_and_confirmed_are_told() {
    let app = hook_app().await;
    let rx = receiver(0).await;
    let (_, secret) = subscribe(
        &app,
        &rx.url,
        Some(vec!["minutes.published", "minutes.confirmed"]),
    )
    .await;
    app.body("ssp", "SSP", json!({})).await;
    let first = app.meeting("ssp", "2023-07-19T09:00:00+01:00").await;
    let item = app.item(&first, "Report").await;
    app.publish(&first).await.expect(200);
    app.patch(
        &format!("/api/v1/meetings/{first}"),
        json!({"status": "held"}),
    )
    .await
    .expect(200);
    app.patch(
        &format!("/api/v1/items/{item}"),
        json!({"minutes": "Members noted the report."}),
    )
    .await
    .expect(200);
    // The chair's approval is its own test (tests/api/approval.rs).
    set_minutes_status(&app, &first, "approved");
    app.send(
        reqwest::Method::POST,
        &format!("/api/v1/meetings/{first}/minutes/publish"),
        Some(&app.clerk),
        None,
    )
    .await
    .expect(200);
    let got = rx.wait_for(1).await;
    let v = verify(&secret, &got[0]);
    assert_eq!(v["type"], "minutes.published");
    assert!(v["data"]["minutes_url"].as_str().unwrap().contains(&first));
    // Confirmed as a true record at the next meeting.
    let next = app.meeting("ssp", "2023-09-20T09:00:00+01:00").await;
    let prev = app
        .post(
            &format!("/api/v1/meetings/{next}/items"),
            json!({"title": "Minutes of the last meeting", "kind": "previous_minutes"}),
        )
        .await
        .expect(201)
        .id();
    app.publish(&next).await.expect(200);
    app.patch(
        &format!("/api/v1/meetings/{next}"),
        json!({"status": "held"}),
    )
    .await
    .expect(200);
    app.post(
        &format!("/api/v1/items/{prev}/outcomes"),
        json!({"verb": "AGREED", "text": "that the minutes be confirmed as a true record."}),
    )
    .await
    .expect(201);
    let got = rx.wait_for(2).await;
    let v = verify(&secret, &got[1]);
    assert_eq!(v["type"], "minutes.confirmed");
    assert_eq!(v["data"]["meeting"]["id"], first.as_str());
    assert_eq!(v["data"]["meeting"]["minutes_status"], "confirmed");
    assert!(v["data"]["confirmed_at"].is_string());
}

#[tokio::test]
async fn a_claimed_delivery_is_not_claimed_again_while_its_lease_runs() {
    // The worker's claim, run twice as two instances would: the second gets
    // nothing while the first one's lease runs.
    let app = spawn_app_with(|s| {
        s.webhooks_allow_private = true;
        // This test's own claims, not the app's worker.
        s.webhook_poll_ms = 3_600_000;
    })
    .await;
    subscribe(&app, "http://127.0.0.1:9/hook", None).await;
    app.body("ssp", "SSP", json!({})).await;
    let m = app.meeting("ssp", "2023-07-19T09:00:00+01:00").await;
    app.item(&m, "Report").await;
    app.publish(&m).await.expect(200);
    let now = minutebook::store::now() + chrono::Duration::seconds(1);
    let mut a = minutebook::db::establish(&app.database_url).unwrap();
    let mut b = minutebook::db::establish(&app.database_url).unwrap();
    let lease = chrono::Duration::seconds(60);
    let first = minutebook::store::webhooks::claim_due(&mut a, now, lease, 10).unwrap();
    let second = minutebook::store::webhooks::claim_due(&mut b, now, lease, 10).unwrap();
    assert_eq!(first.len(), 1);
    assert_eq!(second.len(), 0, "claimed twice");
    let later = now + chrono::Duration::seconds(120);
    let third = minutebook::store::webhooks::claim_due(&mut b, later, lease, 10).unwrap();
    assert_eq!(third.len(), 1, "an expired lease is claimed again");
}

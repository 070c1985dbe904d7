//! Nothing from outside takes the service down, and no input crosses a
//! rule: a write's caller is known before its body is read, a body that
//! stops arriving is cut off, NUL in an address is 400, rendered pages are
//! not framed, nested objects are objects, a meeting cancelled before it
//! was announced stays private, anonymous renders keep to their own budget,
//! an idempotency key is the token's (however spelt) and is free again
//! when the request that claimed it died, and the per-recipient approval
//! limit holds under concurrency on both backends.

mod approvals;
mod bombs;
mod connections;

use crate::helpers::{spawn_app, spawn_app_with};
use serde_json::json;
use std::io::{Read, Write};
use std::time::{Duration, Instant};

/// Sends a request head and `sent` bytes of a body that promises
/// `promised`, then waits for an answer: (status line, seconds taken).
fn raw_post(
    base: &str,
    path: &str,
    token: Option<&str>,
    promised: usize,
    sent: &[u8],
) -> (String, f64) {
    let addr = base.trim_start_matches("http://").to_string();
    let mut s = std::net::TcpStream::connect(&addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Idempotency-Key: k-{promised}\r\n{auth}Content-Length: {promised}\r\n\r\n"
    );
    let started = Instant::now();
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(sent).unwrap();
    let mut buf = [0u8; 512];
    let n = s.read(&mut buf).unwrap_or(0);
    let text = String::from_utf8_lossy(&buf[..n]).to_string();
    let line = text.lines().next().unwrap_or("").to_string();
    (line, started.elapsed().as_secs_f64())
}

#[tokio::test]
async fn an_anonymous_write_is_refused_before_its_body_is_read() {
    let app = spawn_app().await;
    // 45 MB promised, 9 bytes sent: the answer comes at once, unread.
    let a = app.base.clone();
    let (line, secs) = tokio::task::spawn_blocking(move || {
        raw_post(&a, "/api/v1/people", None, 45 * 1024 * 1024, b"{\"name\":")
    })
    .await
    .unwrap();
    assert!(line.contains(" 401 "), "{line}");
    assert!(secs < 5.0, "answered after {secs} s");
    // A bad body without a token is 401 too, never 422.
    let r = app
        .client
        .post(app.url("/api/v1/people"))
        .json(&json!({"name": 7, "shoe_size": 44}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 401);
    // A revoked or unknown token likewise.
    let r = app
        .client
        .post(app.url("/api/v1/people"))
        .bearer_auth("mb_not_a_token")
        .json(&json!({"name": 7}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 401);
}

#[tokio::test]
async fn a_body_that_stops_arriving_is_cut_off_with_408() {
    let app = spawn_app().await;
    let a = app.base.clone();
    let clerk = app.clerk.clone();
    let (line, secs) = tokio::task::spawn_blocking(move || {
        raw_post(&a, "/api/v1/people", Some(&clerk), 100_000, b"{\"name\":")
    })
    .await
    .unwrap();
    assert!(line.contains(" 408 "), "{line}");
    assert!((9.0..20.0).contains(&secs), "cut off after {secs} s");
    // Nothing was made.
    let people = app
        .get("/api/v1/people", Some(&app.clerk))
        .await
        .expect(200);
    assert_eq!(people.body["items"].as_array().unwrap().len(), 0);
    assert_eq!(app.get("/healthz", None).await.status.as_u16(), 200);
}

#[tokio::test]
async fn a_nul_in_an_address_is_400_on_the_api_and_the_pages() {
    let app = spawn_app().await;
    for path in [
        "/api/v1/search?q=%00",
        "/api/v1/search?q=a%00b",
        "/search?q=council%00",
        "/api/v1/bodies/ss%00p",
    ] {
        let r = app.get(path, None).await;
        assert_eq!(r.status.as_u16(), 400, "{path}: {}", r.text);
    }
    assert_eq!(
        app.get("/api/v1/search?q=council", None)
            .await
            .status
            .as_u16(),
        200
    );
}

#[tokio::test]
async fn a_rendered_page_may_not_be_framed() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    let m = app.meeting("ssp", "2023-07-19T09:00:00+01:00").await;
    app.item(&m, "Apologies").await;
    let r = app
        .client
        .get(app.url(&format!("/api/v1/meetings/{m}/agenda?format=html")))
        .bearer_auth(&app.clerk)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    let csp = r.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_string();
    assert!(csp.contains("default-src 'none'"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(r.headers()["x-frame-options"], "DENY");
}

#[tokio::test]
async fn a_nested_object_sent_as_an_array_is_refused() {
    let app = spawn_app().await;
    let body = app.body("ssp", "SSP", json!({})).await;
    let id = body["id"].as_str().unwrap();
    let r = app
        .patch(
            &format!("/api/v1/bodies/{id}"),
            json!({"numbering": [null, null]}),
        )
        .await
        .expect(422);
    assert_eq!(r.error_fields(), vec!["numbering"], "{}", r.text);
    let m = app.meeting("ssp", "2023-07-19T09:00:00+01:00").await;
    let r = app
        .patch(
            &format!("/api/v1/meetings/{m}"),
            json!({"venue": ["Room 1"]}),
        )
        .await
        .expect(422);
    assert_eq!(r.error_fields(), vec!["venue"], "{}", r.text);
    // Objects still work.
    app.patch(
        &format!("/api/v1/bodies/{id}"),
        json!({"numbering": {"year_start_month": 4}}),
    )
    .await
    .expect(200);
}

#[tokio::test]
async fn a_meeting_cancelled_before_it_was_announced_stays_private() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    let m = app.meeting("ssp", "2031-03-04T10:00:00+00:00").await;
    app.patch(
        &format!("/api/v1/meetings/{m}"),
        json!({"status": "cancelled"}),
    )
    .await
    .expect(200);
    assert_eq!(
        app.get(&format!("/api/v1/meetings/{m}"), None)
            .await
            .status
            .as_u16(),
        404
    );
    assert_eq!(
        app.get(&format!("/meetings/{m}"), None)
            .await
            .status
            .as_u16(),
        404
    );
    let list = app
        .get("/api/v1/bodies/ssp/meetings", None)
        .await
        .expect(200);
    assert!(!list.text.contains(&m), "{}", list.text);
    let oparl = app.get("/oparl/v1/body/0/meetings", None).await.expect(200);
    assert!(!oparl.text.contains(&m), "{}", oparl.text);
    app.get(&format!("/oparl/v1/meeting/{m}"), None)
        .await
        .expect(404);
    let page = app.get("/bodies/ssp", None).await;
    assert!(!page.text.contains(&m));
    // The clerks still see it.
    app.get(&format!("/api/v1/meetings/{m}"), Some(&app.clerk))
        .await
        .expect(200);
    // Cancelled after its agenda was published, it is announced as cancelled.
    let m2 = app.meeting("ssp", "2031-04-04T10:00:00+00:00").await;
    app.item(&m2, "Apologies").await;
    app.publish(&m2).await.expect(200);
    app.patch(
        &format!("/api/v1/meetings/{m2}"),
        json!({"status": "cancelled"}),
    )
    .await
    .expect(200);
    let r = app
        .get(&format!("/api/v1/meetings/{m2}"), None)
        .await
        .expect(200);
    assert_eq!(r.body["status"], "cancelled");
}

#[tokio::test]
async fn anonymous_renders_keep_to_their_own_budget() {
    let app = spawn_app_with(|s| s.limits.public_renders_per_minute = 2).await;
    app.body("ssp", "SSP", json!({})).await;
    let m = app.meeting("ssp", "2023-07-19T09:00:00+01:00").await;
    app.item(&m, "Apologies").await;
    app.publish(&m).await.expect(200);
    let path = format!("/api/v1/meetings/{m}/agenda?format=pdf");
    app.get(&path, None).await.expect(200);
    app.get(&path, None).await.expect(200);
    let third = app.get(&path, None).await.expect(429);
    assert!(third.header("retry-after").is_some());
    // A clerk's render is not held back by them.
    app.get(&path, Some(&app.clerk)).await.expect(200);
}

#[tokio::test]
async fn an_idempotency_key_is_the_tokens_however_the_header_is_spelt() {
    let app = spawn_app().await;
    let post = |scheme: &'static str| {
        app.client
            .post(app.url("/api/v1/people"))
            .header("Authorization", format!("{scheme} {}", app.clerk))
            .header("Idempotency-Key", "one-person")
            .json(&json!({"name": "Jim Beall"}))
            .send()
    };
    let first = post("Bearer").await.unwrap();
    assert_eq!(first.status().as_u16(), 201);
    let again = post("bearer").await.unwrap();
    assert_eq!(again.status().as_u16(), 201);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    let people = app
        .get("/api/v1/people", Some(&app.clerk))
        .await
        .expect(200);
    assert_eq!(people.body["items"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn a_key_held_by_a_request_that_died_is_free_again() {
    use minutebook::store::idempotency::{claim, Claim, Request};
    let app = spawn_app().await;
    let tokens = app
        .get("/api/v1/tokens", Some(&app.admin))
        .await
        .expect(200);
    let clerk_id = tokens.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["role"] == "clerk")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    let caller = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(clerk_id.as_bytes()))
    };
    // Claims made as a request that then died would have left them: one a
    // few seconds ago (its request may still run), one long ago.
    let sha = minutebook::idempotency::body_sha256(br#"{"name":"Jim Beall"}"#, None);
    let mut conn = minutebook::db::establish(&app.database_url).unwrap();
    let now = minutebook::store::now();
    for (key, at) in [
        ("fresh", now - chrono::TimeDelta::seconds(5)),
        // Older than the claim's life (under a minute): its process died.
        ("dead", now - chrono::TimeDelta::seconds(50)),
    ] {
        let req = Request {
            caller: &caller,
            key,
            method: "POST",
            target: "/api/v1/people",
            request_sha256: &sha,
        };
        let c = claim(
            &mut conn,
            &req,
            at,
            at - chrono::TimeDelta::hours(24),
            at - minutebook::idempotency::CLAIM,
        )
        .unwrap();
        assert!(matches!(c, Claim::New));
    }
    let post = |key: &'static str| {
        app.client
            .post(app.url("/api/v1/people"))
            .bearer_auth(&app.clerk)
            .header("Idempotency-Key", key)
            .json(&json!({"name": "Jim Beall"}))
            .send()
    };
    assert_eq!(post("fresh").await.unwrap().status().as_u16(), 409);
    assert_eq!(post("dead").await.unwrap().status().as_u16(), 201);
    let again = post("dead").await.unwrap();
    assert_eq!(again.headers()["idempotent-replayed"], "true");
}

#[tokio::test]
async fn the_approval_page_judges_origin_by_the_host_the_browser_addressed() {
    let app = spawn_app().await;
    let post = |origin: String, forwarded: Option<&'static str>| {
        let mut r = app
            .client
            .post(app.url("/approvals/not-a-real-link"))
            .header("Origin", origin)
            .header("Cookie", "mb_approval_csrf=abc")
            .form(&[("decision", "approve"), ("csrf", "abc")]);
        if let Some(host) = forwarded {
            r = r.header("X-Forwarded-Host", host);
        }
        r.send()
    };
    // A cross-site form that names the attacker's host in X-Forwarded-Host.
    let r = post("https://evil.example".into(), Some("evil.example"))
        .await
        .unwrap();
    let text = r.text().await.unwrap();
    assert!(
        text.contains("did not come from the approval page"),
        "{text}"
    );
    // The page's own origin passes that check (and the link is then judged).
    let own = app.base.clone();
    let r = post(own, None).await.unwrap();
    let text = r.text().await.unwrap();
    assert!(
        !text.contains("did not come from the approval page"),
        "{text}"
    );
}

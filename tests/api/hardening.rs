//! Defects found by probing (issue 14): papers never served as pages, HTTP
//! semantics (405 with Allow, HEAD, framing, nosniff), and a way back for
//! an outbox message that failed for good.

use crate::helpers::{spawn_app, Res, TestApp};
use serde_json::json;

/// Uploads a paper with the declared type; answers the download response.
async fn upload_and_download(
    app: &TestApp,
    item: &str,
    filename: &str,
    declared: &str,
    bytes: &[u8],
) -> Res {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes.to_vec())
            .file_name(filename.to_string())
            .mime_str(declared)
            .unwrap(),
    );
    let r = app
        .client
        .post(app.url(&format!("/api/v1/items/{item}/documents")))
        .bearer_auth(&app.clerk)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let id = Res::from(r).await.expect(201).id();
    app.get(&format!("/api/v1/documents/{id}/content"), Some(&app.clerk))
        .await
        .expect(200)
}

#[tokio::test]
async fn papers_declared_as_html_or_svg_never_come_back_as_a_page() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    let m = app.meeting("ssp", "2023-07-19T09:00:00+01:00").await;
    let item = app.item(&m, "Papers").await;
    let attacks: [(&str, &str, &[u8]); 4] = [
        (
            "page.html",
            "text/html",
            b"<html><body><script>alert(document.cookie)</script></body></html>",
        ),
        (
            "evil.pdf",
            "text/html",
            b"<script>alert(document.cookie)</script>",
        ),
        ("img.pdf", "text/html", b"<img src=x onerror=alert(1)>"),
        (
            "logo.svg",
            "image/svg+xml",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
        ),
    ];
    for (name, declared, bytes) in attacks {
        let r = upload_and_download(&app, &item, name, declared, bytes).await;
        let ct = r.header("content-type").unwrap_or_default();
        assert_eq!(ct, "application/octet-stream", "{name}");
        let cd = r.header("content-disposition").unwrap_or_default();
        assert!(cd.starts_with("attachment"), "{name}: {cd}");
        assert_eq!(
            r.header("x-content-type-options").as_deref(),
            Some("nosniff")
        );
        assert_eq!(
            r.header("content-security-policy").as_deref(),
            Some("default-src 'none'; sandbox; frame-ancestors 'none'")
        );
        assert_eq!(r.text.as_bytes(), bytes, "the bytes come back unchanged");
    }

    let pdf = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n";
    let r = upload_and_download(&app, &item, "plan.pdf", "application/pdf", pdf).await;
    assert_eq!(r.header("content-type").as_deref(), Some("application/pdf"));
    assert!(r
        .header("content-disposition")
        .unwrap_or_default()
        .starts_with("inline"));
    assert_eq!(
        r.header("x-content-type-options").as_deref(),
        Some("nosniff")
    );
    assert_eq!(
        r.header("content-security-policy").as_deref(),
        Some("default-src 'none'; sandbox; frame-ancestors 'none'")
    );
}

/// The service with a mail server that is down and one attempt per message.
async fn app_with_mail_down() -> (TestApp, u16) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let app = crate::helpers::spawn_app_with(|s| {
        s.smtp_url = Some(format!("smtp://127.0.0.1:{port}?tls=none"));
        s.mail_poll_ms = 50;
        s.mail_retry_base_ms = 100;
        s.mail_max_attempts = 1;
    })
    .await;
    (app, port)
}

/// Waits until the only outbox message has the given status; answers it.
async fn outbox_message_with_status(app: &TestApp, status: &str) -> serde_json::Value {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let ob = app
            .get("/api/v1/outbox", Some(&app.clerk))
            .await
            .expect(200);
        if ob.body["items"][0]["status"] == status {
            return ob.body["items"][0].clone();
        }
        assert!(
            std::time::Instant::now() < deadline,
            "no {status} message: {}",
            ob.text
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_message_that_failed_for_good_can_be_queued_again_by_a_clerk() {
    let (app, port) = app_with_mail_down().await;
    let (m, _) = crate::approval::held_meeting(&app).await;
    app.send(
        reqwest::Method::POST,
        &format!("/api/v1/meetings/{m}/minutes/approval-requests"),
        Some(&app.clerk),
        None,
    )
    .await
    .expect(201);
    let failed = outbox_message_with_status(&app, "failed").await;
    let id = failed["id"].as_str().unwrap().to_string();
    assert_eq!(failed["attempts"].as_array().unwrap().len(), 1);

    // The list filters by status.
    let only = |status: &'static str| {
        let app = &app;
        async move {
            let r = app
                .get(&format!("/api/v1/outbox?status={status}"), Some(&app.clerk))
                .await
                .expect(200);
            r.body["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| m["id"].as_str().unwrap().to_string())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(only("failed").await, vec![id.clone()]);
    assert!(only("pending").await.is_empty());
    assert!(only("sent").await.is_empty());
    app.get("/api/v1/outbox?status=lost", Some(&app.clerk))
        .await
        .expect(400);

    // Readers may not; unknown ids are 404.
    let retry = format!("/api/v1/outbox/{id}/retry");
    app.send(reqwest::Method::POST, &retry, Some(&app.reader), None)
        .await
        .expect(403);
    app.send(
        reqwest::Method::POST,
        &format!("/api/v1/outbox/{}/retry", uuid::Uuid::new_v4()),
        Some(&app.clerk),
        None,
    )
    .await
    .expect(404);

    // The mail server comes back; the clerk queues the message again.
    let smtp = crate::smtp::SmtpServer::start_on(
        std::net::TcpListener::bind(("127.0.0.1", port)).unwrap(),
    );
    let r = app
        .send(reqwest::Method::POST, &retry, Some(&app.clerk), None)
        .await
        .expect(200);
    assert_eq!(r.body["id"], id.as_str());
    assert_eq!(r.body["status"], "pending");
    assert_eq!(
        r.body["attempts"].as_array().unwrap().len(),
        1,
        "attempts kept"
    );
    assert!(r.body["next_attempt_at"].is_string());
    smtp.wait_for("chair@example.gov.uk", "Draft minutes for approval")
        .await;
    let sent = outbox_message_with_status(&app, "sent").await;
    assert_eq!(sent["attempts"].as_array().unwrap().len(), 2);
    assert_eq!(only("sent").await, vec![id.clone()]);

    // A message that is not failed cannot be retried.
    app.send(reqwest::Method::POST, &retry, Some(&app.clerk), None)
        .await
        .expect(409);
}

#[tokio::test]
async fn the_openapi_description_names_the_retry_and_the_status_filter() {
    let app = spawn_app().await;
    let doc = app.get("/openapi.json", None).await.expect(200).body;
    let retry = &doc["paths"]["/api/v1/outbox/{id}/retry"]["post"];
    for status in ["200", "404", "409"] {
        assert!(retry["responses"][status].is_object(), "{status}");
    }
    let params = doc["paths"]["/api/v1/outbox"]["get"]["parameters"]
        .as_array()
        .unwrap();
    assert!(params.iter().any(|p| p["name"] == "status"));
    let status = &doc["components"]["schemas"]["OutboxStatus"]["enum"];
    assert_eq!(status, &json!(["pending", "sent", "failed"]));
}

#[tokio::test]
async fn an_unsupported_method_on_a_known_route_is_405_with_allow() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    let trace = reqwest::Method::from_bytes(b"TRACE").unwrap();
    let r = app
        .send(trace, "/api/v1/bodies", Some(&app.clerk), None)
        .await
        .expect(405);
    assert_eq!(r.header("allow").as_deref(), Some("GET, HEAD, POST"));
    assert_eq!(
        r.header("content-type").as_deref(),
        Some("application/problem+json")
    );
    let r = app
        .send(
            reqwest::Method::PUT,
            "/api/v1/bodies/ssp",
            Some(&app.clerk),
            None,
        )
        .await
        .expect(405);
    assert_eq!(r.header("allow").as_deref(), Some("GET, HEAD, PATCH"));
    let r = app
        .send(reqwest::Method::DELETE, "/bodies/ssp", None, None)
        .await
        .expect(405);
    assert_eq!(r.header("allow").as_deref(), Some("GET, HEAD"));
    // OParl's own routes too.
    let r = app
        .send(reqwest::Method::POST, "/oparl/v1/bodies", None, None)
        .await
        .expect(405);
    assert_eq!(r.header("allow").as_deref(), Some("GET, HEAD"));
    // An unknown address stays 404.
    app.send(reqwest::Method::DELETE, "/nowhere/at/all", None, None)
        .await
        .expect(404);
}

#[tokio::test]
async fn head_answers_wherever_get_does_without_a_body() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    for path in [
        "/api/v1/bodies",
        "/api/v1/bodies/ssp",
        "/bodies/ssp",
        "/bodies/ssp/embed",
        "/meetings.ics",
        "/openapi.json",
        "/healthz",
        "/oparl/v1/system",
    ] {
        let get = app.client.get(app.url(path)).send().await.unwrap();
        let head = app.client.head(app.url(path)).send().await.unwrap();
        assert_eq!(head.status(), get.status(), "{path}");
        assert_eq!(head.status().as_u16(), 200, "{path}");
        assert_eq!(
            head.headers().get("content-type"),
            get.headers().get("content-type"),
            "{path}"
        );
        assert!(head.bytes().await.unwrap().is_empty(), "{path}");
    }
    app.client
        .head(app.url("/api/v1/bodies/none"))
        .send()
        .await
        .map(|r| assert_eq!(r.status().as_u16(), 404))
        .unwrap();
}

#[tokio::test]
async fn the_api_docs_refuse_framing_and_the_embed_does_not() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    let docs = app.client.get(app.url("/api-docs/")).send().await.unwrap();
    assert_eq!(docs.status().as_u16(), 200);
    let h = |r: &reqwest::Response, n: &str| {
        r.headers()
            .get(n)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    assert_eq!(h(&docs, "x-frame-options"), "DENY");
    assert!(h(&docs, "content-security-policy").contains("frame-ancestors 'none'"));

    let embed = app
        .client
        .get(app.url("/bodies/ssp/embed"))
        .send()
        .await
        .unwrap();
    assert_eq!(embed.status().as_u16(), 200);
    assert!(h(&embed, "x-frame-options").is_empty());
    assert!(h(&embed, "content-security-policy").contains("frame-ancestors *"));
}

#[tokio::test]
async fn every_json_answer_says_nosniff() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    for (path, token, status) in [
        ("/api/v1/bodies", None, 200),
        ("/api/v1/bodies/ssp", None, 200),
        ("/openapi.json", None, 200),
        ("/api/v1/outbox", Some(app.clerk.as_str()), 200),
        ("/api/v1/outbox", None, 401),
        ("/api/v1/bodies/none", None, 404),
    ] {
        let r = app.get(path, token).await.expect(status);
        assert!(
            r.header("content-type")
                .unwrap_or_default()
                .contains("json"),
            "{path}"
        );
        assert_eq!(
            r.header("x-content-type-options").as_deref(),
            Some("nosniff"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn every_described_path_answers_trace_with_405_and_its_own_methods() {
    let app = spawn_app().await;
    let doc = app.get("/openapi.json", None).await.expect(200).body;
    let trace = reqwest::Method::from_bytes(b"TRACE").unwrap();
    let paths = doc["paths"].as_object().unwrap();
    assert!(paths.len() > 20, "{}", paths.len());
    for (template, item) in paths {
        let path = template
            .split('/')
            .map(|s| {
                if s.starts_with('{') {
                    "00000000-0000-4000-8000-000000000000"
                } else {
                    s
                }
            })
            .collect::<Vec<_>>()
            .join("/");
        let mut want: Vec<&str> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]
            .into_iter()
            .filter(|m| {
                let key = if *m == "HEAD" { "get" } else { m };
                item.get(key.to_ascii_lowercase()).is_some()
            })
            .collect();
        want.dedup();
        let r = app
            .send(trace.clone(), &path, Some(&app.clerk), None)
            .await
            .expect(405);
        assert_eq!(r.header("allow"), Some(want.join(", ")), "{template}");
    }
}

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
            Some("default-src 'none'; sandbox")
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
        Some("default-src 'none'; sandbox")
    );
}

use crate::helpers::{spawn_app, TestApp};
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn the_whole_meeting_comes_back_in_one_response() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    let r = app
        .post(
            "/api/v1/bodies/ssp/meetings",
            json!({"starts_at": "2023-07-19T09:00:00+01:00",
                   "venue": {"name": "Meeting Room 1, Jim Cooke Conference Suite", "address": "Church Road, Stockton on Tees", "postcode": "TS18 1TU"},
                   "contact": {"name": "John Devine", "role": "Democratic Services Support Officer", "email": "john.devine@stockton.gov.uk"}}),
        )
        .await
        .expect(201);
    let m = r.id();
    assert_eq!(r.body["starts_at"], "2023-07-19T08:00:00Z");
    assert_eq!(r.body["status"], "draft");
    assert_eq!(r.body["minutes_status"], "draft");
    let item = app
        .post(&format!("/api/v1/meetings/{m}/items"), json!({"title": "Serious Violence - Curve Update", "presenter": "CURV", "kind": "report"}))
        .await
        .expect(201)
        .id();
    app.post(
        &format!("/api/v1/items/{item}/outcomes"),
        json!({"verb": "AGREED", "text": "that the update be noted."}),
    )
    .await
    .expect(201);
    let p = app.person("Steve Nelson", "Cleveland Police").await;
    app.post(
        &format!("/api/v1/meetings/{m}/attendance"),
        json!({"person_id": p, "status": "present", "chair": true}),
    )
    .await
    .expect(201);
    let got = app
        .get(&format!("/api/v1/meetings/{m}"), Some(&app.clerk))
        .await
        .expect(200);
    let b = &got.body;
    assert_eq!(b["venue"]["postcode"], "TS18 1TU");
    assert_eq!(b["contact"]["role"], "Democratic Services Support Officer");
    assert_eq!(b["items"][0]["presenter"], "CURV");
    assert_eq!(b["items"][0]["outcomes"][0]["verb"], "AGREED");
    assert_eq!(b["attendance"][0]["organisation"], "Cleveland Police");
    assert_eq!(b["attendance"][0]["chair"], true);
    assert_eq!(b["attendance"][0]["person_name"], "Steve Nelson");
}

#[tokio::test]
async fn meeting_status_moves_only_along_allowed_transitions() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    let m = app.meeting("ssp", "2023-07-19T09:00:00+01:00").await;
    let r = app
        .patch(
            &format!("/api/v1/meetings/{m}"),
            json!({"status": "agenda_published"}),
        )
        .await
        .expect(409);
    assert!(r.body["detail"]
        .as_str()
        .unwrap()
        .contains("agenda/publish"));
    app.patch(&format!("/api/v1/meetings/{m}"), json!({"status": "held"}))
        .await
        .expect(409);
    app.patch(
        &format!("/api/v1/meetings/{m}"),
        json!({"status": "adjourned"}),
    )
    .await
    .expect(422);
    // Publishing an empty agenda is refused.
    app.publish(&m).await.expect(409);
    app.item(&m, "A").await;
    app.publish(&m).await.expect(200);
    app.patch(&format!("/api/v1/meetings/{m}"), json!({"status": "held"}))
        .await
        .expect(200);
    app.patch(
        &format!("/api/v1/meetings/{m}"),
        json!({"status": "cancelled"}),
    )
    .await
    .expect(409);
    let got = app
        .get(&format!("/api/v1/meetings/{m}"), None)
        .await
        .expect(200);
    assert_eq!(got.body["status"], "held");
}

#[tokio::test]
async fn meetings_are_listed_by_date_within_from_and_to() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    for d in ["2023-01-18", "2023-07-19", "2023-10-18"] {
        app.meeting("ssp", &format!("{d}T09:00:00Z")).await;
    }
    let r = app
        .get(
            "/api/v1/bodies/ssp/meetings?from=2023-02-01&to=2023-12-31",
            Some(&app.clerk),
        )
        .await
        .expect(200);
    let dates: Vec<&str> = r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["starts_at"].as_str().unwrap())
        .collect();
    assert_eq!(dates, vec!["2023-07-19T09:00:00Z", "2023-10-18T09:00:00Z"]);
    app.get(
        "/api/v1/bodies/ssp/meetings?from=yesterday",
        Some(&app.clerk),
    )
    .await
    .expect(422);
}

#[tokio::test]
async fn documents_are_stored_with_size_and_sha256_and_restricted_ones_stay_private() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    let m = app.meeting("ssp", "2023-07-19T09:00:00+01:00").await;
    let item = app.item(&m, "Anti-Social Behaviour Action Plan").await;
    let bytes = b"%PDF-1.4 fake but real bytes".repeat(5000);
    let doc = a_pdf_is_stored_with_size_and_sha256(&app, &item, &bytes).await;
    let secret = a_restricted_file_is_stored(&app, &item).await;

    only_public_documents_download_once_published(&app, &m, &doc, &secret, &bytes).await;

    an_empty_upload_is_refused_and_a_document_deleted(&app, &item, &doc).await;
}

/// Uploads a PDF and checks its size, type, label and SHA-256; answers its id.
async fn a_pdf_is_stored_with_size_and_sha256(app: &TestApp, item: &str, bytes: &[u8]) -> String {
    let form = reqwest::multipart::Form::new()
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes.to_vec())
                .file_name("asb-plan.pdf")
                .mime_str("application/pdf")
                .unwrap(),
        )
        .text("title", "ASB Action Plan");
    let r = app
        .client
        .post(app.url(&format!("/api/v1/items/{item}/documents")))
        .bearer_auth(&app.clerk)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let r = crate::helpers::Res::from(r).await.expect(201);
    assert_eq!(r.body["size_bytes"], bytes.len());
    assert_eq!(r.body["media_type"], "application/pdf");
    assert_eq!(r.body["size_label"], "PDF 137 KB");
    use sha2::Digest;
    assert_eq!(r.body["sha256"], hex::encode(sha2::Sha256::digest(bytes)));
    r.id()
}

/// Uploads a restricted file; answers its id.
async fn a_restricted_file_is_stored(app: &TestApp, item: &str) -> String {
    let secret_form = reqwest::multipart::Form::new()
        .part(
            "file",
            reqwest::multipart::Part::bytes(b"restricted stats".to_vec()).file_name("iquanta.xlsx"),
        )
        .text("restricted", "true");
    let s = app
        .client
        .post(app.url(&format!("/api/v1/items/{item}/documents")))
        .bearer_auth(&app.clerk)
        .multipart(secret_form)
        .send()
        .await
        .unwrap();
    crate::helpers::Res::from(s).await.expect(201).id()
}

/// Checks the public downloads only the public document and only after publication.
async fn only_public_documents_download_once_published(
    app: &TestApp,
    m: &str,
    doc: &str,
    secret: &str,
    bytes: &[u8],
) {
    // Before the agenda is published, the public cannot download.
    app.get(&format!("/api/v1/documents/{doc}/content"), None)
        .await
        .expect(404);
    app.publish(m).await.expect(200);
    let dl = app
        .client
        .get(app.url(&format!("/api/v1/documents/{doc}/content")))
        .send()
        .await
        .unwrap();
    assert_eq!(dl.status().as_u16(), 200);
    assert_eq!(dl.bytes().await.unwrap().to_vec(), bytes);
    app.get(&format!("/api/v1/documents/{secret}/content"), None)
        .await
        .expect(404);
    app.get(
        &format!("/api/v1/documents/{secret}/content"),
        Some(&app.reader),
    )
    .await
    .expect(200);
    let public = app
        .get(&format!("/api/v1/meetings/{m}"), None)
        .await
        .expect(200);
    assert_eq!(
        public.body["items"][0]["documents"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

/// Refuses an upload without a file and deletes a document.
async fn an_empty_upload_is_refused_and_a_document_deleted(app: &TestApp, item: &str, doc: &str) {
    // An upload without a file is refused.
    let empty = reqwest::multipart::Form::new().text("title", "nothing");
    let e = app
        .client
        .post(app.url(&format!("/api/v1/items/{item}/documents")))
        .bearer_auth(&app.clerk)
        .multipart(empty)
        .send()
        .await
        .unwrap();
    assert_eq!(e.status().as_u16(), 422);
    app.send(
        Method::DELETE,
        &format!("/api/v1/documents/{doc}"),
        Some(&app.clerk),
        None,
    )
    .await
    .expect(204);
    app.get(&format!("/api/v1/documents/{doc}"), Some(&app.clerk))
        .await
        .expect(404);
}

#[tokio::test]
async fn uploads_over_the_limit_are_refused() {
    let app = crate::helpers::spawn_app_with(|s| s.max_upload_bytes = 1000).await;
    app.body("ssp", "SSP", json!({})).await;
    let m = app.meeting("ssp", "2023-07-19T09:00:00+01:00").await;
    let item = app.item(&m, "A").await;
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(vec![b'x'; 5000]).file_name("big.pdf"),
    );
    let r = app
        .client
        .post(app.url(&format!("/api/v1/items/{item}/documents")))
        .bearer_auth(&app.clerk)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 413);
}

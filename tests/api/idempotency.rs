//! `Idempotency-Key` on creating `POST`s (issue 14, item 5): a retry gets
//! the first answer and creates nothing more; the same key with another
//! body is `422`; concurrent requests with one key create one record.

use crate::helpers::{spawn_app, Res, TestApp};
use serde_json::{json, Value};

async fn post_with_key(app: &TestApp, token: &str, path: &str, key: &str, body: &Value) -> Res {
    let r = app
        .client
        .post(app.url(path))
        .bearer_auth(token)
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .unwrap();
    Res::from(r).await
}

async fn people_named(app: &TestApp, name: &str) -> usize {
    let r = app
        .get("/api/v1/people?limit=500", Some(&app.clerk))
        .await
        .expect(200);
    r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["name"] == name)
        .count()
}

#[tokio::test]
async fn a_retried_create_with_the_same_key_creates_one_record() {
    let app = spawn_app().await;
    let body = json!({"name": "Rita Retry", "email": "rita@example.com"});
    let first = post_with_key(&app, &app.clerk, "/api/v1/people", "key-0001", &body)
        .await
        .expect(201);
    let again = post_with_key(&app, &app.clerk, "/api/v1/people", "key-0001", &body)
        .await
        .expect(201);
    assert_eq!(again.id(), first.id());
    assert_eq!(again.body, first.body, "the first answer, byte for byte");
    assert_eq!(again.header("location"), first.header("location"));
    assert!(first.header("location").is_some());
    assert_eq!(again.header("etag"), first.header("etag"));
    assert_eq!(again.header("idempotent-replayed").as_deref(), Some("true"));
    assert_eq!(first.header("idempotent-replayed"), None);
    assert_eq!(people_named(&app, "Rita Retry").await, 1);

    // Another key is another request.
    post_with_key(&app, &app.clerk, "/api/v1/people", "key-0002", &body)
        .await
        .expect(201);
    assert_eq!(people_named(&app, "Rita Retry").await, 2);
    // Another caller's key of the same name is theirs.
    post_with_key(&app, &app.admin, "/api/v1/people", "key-0001", &body)
        .await
        .expect(201);
    assert_eq!(people_named(&app, "Rita Retry").await, 3);
}

#[tokio::test]
async fn the_same_key_with_a_different_request_is_422() {
    let app = spawn_app().await;
    post_with_key(
        &app,
        &app.clerk,
        "/api/v1/people",
        "k-1",
        &json!({"name": "Dee One"}),
    )
    .await
    .expect(201);
    let r = post_with_key(
        &app,
        &app.clerk,
        "/api/v1/people",
        "k-1",
        &json!({"name": "Dee Two"}),
    )
    .await;
    assert_eq!(r.status.as_u16(), 422, "{}", r.text);
    assert_eq!(
        r.header("content-type").as_deref(),
        Some("application/problem+json")
    );
    assert_eq!(r.error_fields(), vec!["Idempotency-Key"]);
    assert_eq!(people_named(&app, "Dee Two").await, 0);
    // The same body to another path is another request too.
    app.body("ssp", "SSP", json!({})).await;
    let r = post_with_key(
        &app,
        &app.clerk,
        "/api/v1/bodies",
        "k-1",
        &json!({"name": "Dee One"}),
    )
    .await;
    assert_eq!(r.status.as_u16(), 422, "{}", r.text);
}

#[tokio::test]
async fn a_failed_request_releases_its_key_and_a_bad_key_is_400() {
    let app = spawn_app().await;
    let r = post_with_key(
        &app,
        &app.clerk,
        "/api/v1/people",
        "k-2",
        &json!({"name": ""}),
    )
    .await;
    assert_eq!(r.status.as_u16(), 422, "{}", r.text);
    post_with_key(
        &app,
        &app.clerk,
        "/api/v1/people",
        "k-2",
        &json!({"name": "Fixed Name"}),
    )
    .await
    .expect(201);
    let r = post_with_key(
        &app,
        &app.clerk,
        "/api/v1/people",
        "has space",
        &json!({"name": "X"}),
    )
    .await;
    assert_eq!(r.status.as_u16(), 400, "{}", r.text);
    assert_eq!(people_named(&app, "X").await, 0);
}

#[tokio::test]
async fn concurrent_requests_with_one_key_create_one_record() {
    let app = spawn_app().await;
    let body = json!({"name": "Connie Current"});
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let client = app.client.clone();
        let url = app.url("/api/v1/people");
        let token = app.clerk.clone();
        let body = body.clone();
        tasks.push(tokio::spawn(async move {
            let r = client
                .post(url)
                .bearer_auth(token)
                .header("Idempotency-Key", "same-key")
                .json(&body)
                .send()
                .await
                .unwrap();
            Res::from(r).await
        }));
    }
    let mut ids = std::collections::BTreeSet::new();
    for t in tasks {
        let r = t.await.unwrap();
        match r.status.as_u16() {
            201 => {
                ids.insert(r.id());
            }
            409 => assert_eq!(
                r.header("content-type").as_deref(),
                Some("application/problem+json")
            ),
            other => panic!("unexpected {other}: {}", r.text),
        }
    }
    assert_eq!(ids.len(), 1, "every 201 names the one record");
    assert_eq!(people_named(&app, "Connie Current").await, 1);
}

#[tokio::test]
async fn a_retried_upload_with_a_new_multipart_boundary_creates_one_paper() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    let m = app.meeting("ssp", "2023-07-19T09:00:00+01:00").await;
    let item = app.item(&m, "Papers").await;
    let pdf = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n".to_vec();
    let mut ids = Vec::new();
    for _ in 0..2 {
        // reqwest picks a new random boundary for each form.
        let form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(pdf.clone())
                .file_name("plan.pdf")
                .mime_str("application/pdf")
                .unwrap(),
        );
        let r = app
            .client
            .post(app.url(&format!("/api/v1/items/{item}/documents")))
            .bearer_auth(&app.clerk)
            .header("Idempotency-Key", "upload-1")
            .multipart(form)
            .send()
            .await
            .unwrap();
        ids.push(Res::from(r).await.expect(201).id());
    }
    assert_eq!(ids[0], ids[1]);
    let meeting = app
        .get(&format!("/api/v1/items/{item}"), Some(&app.clerk))
        .await
        .expect(200);
    assert_eq!(meeting.body["documents"].as_array().unwrap().len(), 1);
}

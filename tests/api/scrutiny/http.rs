//! Scrutiny over HTTP: who may read and write, If-Match, and the OpenAPI
//! description.

use super::enter_pspo;
use crate::helpers::{spawn_app, TestApp};
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn the_public_reads_a_reader_cannot_write_and_no_token_cannot_write() {
    let app = spawn_app().await;
    let p = enter_pspo(&app).await;
    for path in [
        format!("/api/v1/reviews/{}", p.review),
        "/api/v1/reviews".to_string(),
        format!("/api/v1/reviews/{}/recommendations", p.review),
        format!("/api/v1/recommendations/{}", p.recommendation),
        format!("/api/v1/recommendations/{}/updates", p.recommendation),
        format!("/api/v1/updates/{}", p.november),
        format!("/api/v1/reviews/{}/report?format=txt", p.review),
        format!("/api/v1/reviews/{}/action-plan?format=md", p.review),
        "/api/v1/scrutiny/overview".to_string(),
    ] {
        app.get(&path, None).await.expect(200);
    }
    let writes = [
        (
            Method::POST,
            "/api/v1/reviews".to_string(),
            Some(json!({"title": "X"})),
        ),
        (
            Method::PATCH,
            format!("/api/v1/reviews/{}", p.review),
            Some(json!({"title": "X"})),
        ),
        (
            Method::DELETE,
            format!("/api/v1/reviews/{}", p.review),
            None,
        ),
        (
            Method::POST,
            format!("/api/v1/reviews/{}/recommendations", p.review),
            Some(json!({"number": 9, "text": "X"})),
        ),
        (
            Method::PATCH,
            format!("/api/v1/recommendations/{}", p.recommendation),
            Some(json!({"text": "X"})),
        ),
        (
            Method::DELETE,
            format!("/api/v1/recommendations/{}", p.recommendation),
            None,
        ),
        (
            Method::POST,
            format!("/api/v1/recommendations/{}/updates", p.recommendation),
            Some(json!({"period": "May 2024", "evidence_of_progress": "x", "grade": 2})),
        ),
        (
            Method::PATCH,
            format!("/api/v1/updates/{}", p.november),
            Some(json!({"grade": 1})),
        ),
        (
            Method::DELETE,
            format!("/api/v1/updates/{}", p.november),
            None,
        ),
    ];
    for (method, path, body) in writes {
        app.send(method.clone(), &path, Some(&app.reader), body.clone())
            .await
            .expect(403);
        let r = app.send(method, &path, None, body).await.expect(401);
        assert_eq!(r.header("www-authenticate").unwrap(), "Bearer");
    }
    // Nothing changed.
    let r = app
        .get(&format!("/api/v1/reviews/{}", p.review), None)
        .await;
    assert_eq!(r.body["version"], 1);
    assert_eq!(r.body["recommendations"][0]["latest_grade"], 1);
}

async fn patch_if_match(app: &TestApp, path: &str, etag: &str, body: Value) -> u16 {
    app.client
        .patch(app.url(path))
        .bearer_auth(&app.clerk)
        .header("If-Match", etag)
        .json(&body)
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

#[tokio::test]
async fn a_stale_if_match_is_refused_with_412_and_changes_nothing() {
    let app = spawn_app().await;
    let p = enter_pspo(&app).await;
    for (path, field, value) in [
        (
            format!("/api/v1/reviews/{}", p.review),
            "title",
            json!("Renamed review"),
        ),
        (
            format!("/api/v1/recommendations/{}", p.recommendation),
            "responsibility",
            json!("Director of Community Services"),
        ),
        (
            format!("/api/v1/updates/{}", p.november),
            "evidence_of_impact",
            json!("Revised impact."),
        ),
    ] {
        let first = app.get(&path, None).await.expect(200);
        let etag = first.header("etag").unwrap();
        app.patch(&path, json!({ field: value })).await.expect(200);
        assert_eq!(
            patch_if_match(&app, &path, &etag, json!({ field: "Mine" })).await,
            412,
            "{path}"
        );
        let now = app.get(&path, None).await.expect(200);
        assert_eq!(now.body[field], value);
        assert_eq!(now.body["version"], 2);
        let current = now.header("etag").unwrap();
        assert_eq!(
            patch_if_match(&app, &path, &current, json!({ field: "Mine" })).await,
            200
        );
        // A stale DELETE is refused too.
        let r = app
            .client
            .delete(app.url(&path))
            .bearer_auth(&app.clerk)
            .header("If-Match", &etag)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 412);
    }
    // Every change is in the audit trail.
    let audit = app
        .get(
            &format!("/api/v1/audit?entity_id={}", p.recommendation),
            Some(&app.admin),
        )
        .await
        .expect(200);
    let actions: Vec<&str> = audit.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["create", "update", "update"]);
}

#[tokio::test]
async fn the_openapi_document_describes_the_scrutiny_endpoints() {
    let app = spawn_app().await;
    let doc = app.get("/openapi.json", None).await.expect(200);
    for path in [
        "/api/v1/reviews",
        "/api/v1/reviews/{id}",
        "/api/v1/reviews/{id}/recommendations",
        "/api/v1/recommendations/{id}",
        "/api/v1/recommendations/{id}/updates",
        "/api/v1/updates/{id}",
        "/api/v1/reviews/{id}/report",
        "/api/v1/reviews/{id}/action-plan",
        "/api/v1/scrutiny/overview",
    ] {
        assert!(doc.body["paths"][path].is_object(), "{path} not described");
    }
}

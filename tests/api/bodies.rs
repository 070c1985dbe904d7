use crate::helpers::spawn_app;
use serde_json::json;

#[tokio::test]
async fn create_body_with_defaults_answers_201_location_and_etag() {
    let app = spawn_app().await;
    let r = app
        .post("/api/v1/bodies", json!({"name": "Safer Stockton Partnership", "slug": "ssp", "minute_prefix": "SSP", "kind": "partnership"}))
        .await
        .expect(201);
    assert_eq!(
        r.header("location").unwrap(),
        format!("/api/v1/bodies/{}", r.id())
    );
    assert_eq!(r.header("etag").unwrap(), "\"1\"");
    assert_eq!(
        r.body["numbering"],
        json!({"format": "{prefix}/{n}/{yy}", "year_start_month": 5})
    );
    // By slug and by id.
    app.get("/api/v1/bodies/ssp", None).await.expect(200);
    app.get(&format!("/api/v1/bodies/{}", r.id()), None)
        .await
        .expect(200);
}

#[tokio::test]
async fn invalid_body_lists_every_bad_field() {
    let app = spawn_app().await;
    let r = app
        .post(
            "/api/v1/bodies",
            json!({"name": "", "slug": "Not A Slug", "minute_prefix": "SSP", "kind": "club", "numbering": {"format": "{prefix}/{yy}", "year_start_month": 13}}),
        )
        .await
        .expect(422);
    assert_eq!(
        r.header("content-type").unwrap(),
        "application/problem+json"
    );
    let fields = r.error_fields();
    for f in [
        "name",
        "slug",
        "kind",
        "numbering.format",
        "numbering.year_start_month",
    ] {
        assert!(
            fields.contains(&f.to_string()),
            "{f} missing from {fields:?}"
        );
    }
    assert_eq!(r.body["status"], 422);
}

#[tokio::test]
async fn duplicate_slug_is_a_conflict() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    let r = app
        .post(
            "/api/v1/bodies",
            json!({"name": "Other", "slug": "ssp", "minute_prefix": "X"}),
        )
        .await
        .expect(409);
    assert!(r.body["detail"].as_str().unwrap().contains("ssp"));
}

#[tokio::test]
async fn stale_if_match_is_refused_with_412_and_changes_nothing() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    let first = app.get("/api/v1/bodies/ssp", None).await.expect(200);
    let etag = first.header("etag").unwrap();
    // Someone else changes it.
    app.patch("/api/v1/bodies/ssp", json!({"name": "Renamed"}))
        .await
        .expect(200);
    let r = app
        .client
        .patch(app.url("/api/v1/bodies/ssp"))
        .bearer_auth(&app.clerk)
        .header("If-Match", &etag)
        .json(&json!({"name": "Mine"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 412);
    let now = app.get("/api/v1/bodies/ssp", None).await.expect(200);
    assert_eq!(now.body["name"], "Renamed");
    assert_eq!(now.body["version"], 2);
    // The current ETag works.
    let r = app
        .client
        .patch(app.url("/api/v1/bodies/ssp"))
        .bearer_auth(&app.clerk)
        .header("If-Match", now.header("etag").unwrap())
        .json(&json!({"name": "Mine"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
}

#[tokio::test]
async fn lists_are_paginated_with_an_opaque_cursor() {
    let app = spawn_app().await;
    for i in 0..7 {
        app.body(&format!("b{i}"), "B", json!({})).await;
    }
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/bodies?limit=3&cursor={c}"),
            None => "/api/v1/bodies?limit=3".to_string(),
        };
        let page = app.get(&path, None).await.expect(200);
        for b in page.body["items"].as_array().unwrap() {
            seen.push(b["slug"].as_str().unwrap().to_string());
        }
        match page.body["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    assert_eq!(seen.len(), 7);
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 7);
    app.get("/api/v1/bodies?limit=0", None).await.expect(422);
    app.get("/api/v1/bodies?limit=501", None).await.expect(422);
    app.get("/api/v1/bodies?cursor=garbage", None)
        .await
        .expect(422);
    app.get("/api/v1/bodies?limit=abc", None).await.expect(400);
}

#[tokio::test]
async fn memberships_record_roles_and_organisations() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    let p = app
        .person("Jim Beall", "Stockton-on-Tees Borough Council")
        .await;
    let r = app
        .post(
            "/api/v1/bodies/ssp/memberships",
            json!({"person_id": p, "role": "chair", "organisation": "SBC", "start_date": "2023-05-24"}),
        )
        .await
        .expect(201);
    assert_eq!(r.body["role"], "chair");
    let bad = app
        .post("/api/v1/bodies/ssp/memberships", json!({"person_id": p, "role": "chairman", "start_date": "2023-05-24", "end_date": "2023-01-01"}))
        .await
        .expect(422);
    let f = bad.error_fields();
    assert!(
        f.contains(&"role".to_string()) && f.contains(&"end_date".to_string()),
        "{f:?}"
    );
    let missing = app
        .post(
            "/api/v1/bodies/ssp/memberships",
            json!({"person_id": uuid::Uuid::new_v4().to_string(), "role": "member"}),
        )
        .await
        .expect(422);
    assert_eq!(missing.error_fields(), vec!["person_id"]);
    let list = app
        .get("/api/v1/bodies/ssp/memberships", None)
        .await
        .expect(200);
    assert_eq!(list.body["items"].as_array().unwrap().len(), 1);
}

use crate::helpers::{spawn_app, TestApp};
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn hostile_input_gets_clear_4xx_and_changes_nothing() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    wrong_types_and_unknown_fields_are_refused(&app).await;
    let m = app.meeting("ssp", "2023-07-19T09:00:00+01:00").await;
    fields_the_service_owns_are_refused(&app, &m).await;
    malformed_bodies_are_refused(&app).await;
    bad_text_sizes_numbers_and_dates_are_refused(&app, &m).await;
    unstorable_dates_are_refused(&app).await;
    nothing_else_was_created(&app, &m).await;
}

/// Refuses wrong types and unknown fields naming the field.
async fn wrong_types_and_unknown_fields_are_refused(app: &TestApp) {
    // Wrong types.
    let r = app
        .post(
            "/api/v1/bodies",
            json!({"name": 5, "slug": "x", "minute_prefix": "X"}),
        )
        .await
        .expect(422);
    assert_eq!(r.error_fields(), vec!["name"]);
    // Unknown fields and fields the service owns.
    let r = app
        .post(
            "/api/v1/bodies",
            json!({"name": "X", "slug": "x", "minute_prefix": "X", "colour": "red"}),
        )
        .await
        .expect(422);
    assert_eq!(r.error_fields(), vec!["colour"]);
}

/// Refuses fields the service owns on a meeting and an item.
async fn fields_the_service_owns_are_refused(app: &TestApp, m: &str) {
    let r = app
        .patch(
            &format!("/api/v1/meetings/{m}"),
            json!({"minutes_status": "approved"}),
        )
        .await
        .expect(422);
    assert_eq!(r.error_fields(), vec!["minutes_status"]);
    let r = app
        .post(
            &format!("/api/v1/meetings/{m}/items"),
            json!({"title": "X", "minute_number": "SSP/99/23"}),
        )
        .await
        .expect(422);
    assert_eq!(r.error_fields(), vec!["minute_number"]);
}

/// Refuses bodies that are not JSON, not an object or the wrong content type.
async fn malformed_bodies_are_refused(app: &TestApp) {
    // Not JSON, not an object, wrong content type.
    let raw = app
        .client
        .post(app.url("/api/v1/bodies"))
        .bearer_auth(&app.clerk)
        .header("content-type", "application/json")
        .body("{\"name\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status().as_u16(), 400);
    app.post("/api/v1/bodies", json!([1, 2])).await.expect(400);
    let form = app
        .client
        .post(app.url("/api/v1/bodies"))
        .bearer_auth(&app.clerk)
        .body("name=x")
        .send()
        .await
        .unwrap();
    assert_eq!(form.status().as_u16(), 415);
}

/// Refuses NUL characters, huge bodies and out-of-range numbers and dates.
async fn bad_text_sizes_numbers_and_dates_are_refused(app: &TestApp, m: &str) {
    // NUL characters (PostgreSQL would refuse them).
    app.post("/api/v1/people", json!({"name": "a\u{0}b"}))
        .await
        .expect(422);
    // Huge bodies.
    let huge = "x".repeat(2 * 1024 * 1024);
    let r = app.post("/api/v1/people", json!({"name": huge})).await;
    assert_eq!(r.status.as_u16(), 413);
    // Out-of-range numbers and dates.
    app.post(
        "/api/v1/bodies/ssp/meetings",
        json!({"starts_at": "2023-13-45T09:00:00Z"}),
    )
    .await
    .expect(422);
    app.post(
        "/api/v1/bodies/ssp/meetings",
        json!({"starts_at": "2023-07-19T09:00:00"}),
    )
    .await
    .expect(422);
    app.post(
        &format!("/api/v1/meetings/{m}/items"),
        json!({"title": "X", "position": 99999999999i64}),
    )
    .await
    .expect(422);
}

/// Refuses dates PostgreSQL cannot store with 422, not a 500.
async fn unstorable_dates_are_refused(app: &TestApp) {
    // Dates PostgreSQL cannot store are refused, not a 500.
    let p = app.person("Valid Person", "Org").await;
    for date in ["-4000-01-01", "+200000-01-01"] {
        app.post(
            "/api/v1/bodies/ssp/memberships",
            json!({"person_id": p, "role": "member", "start_date": date}),
        )
        .await
        .expect(422);
    }
}

/// Checks none of the refused requests created anything.
async fn nothing_else_was_created(app: &TestApp, m: &str) {
    // Nothing else was created by any of that.
    let people = app
        .get("/api/v1/people", Some(&app.clerk))
        .await
        .expect(200);
    assert_eq!(
        people.body["items"].as_array().unwrap().len(),
        1,
        "only the valid person"
    );
    let members = app
        .get("/api/v1/bodies/ssp/memberships", None)
        .await
        .expect(200);
    assert_eq!(members.body["items"].as_array().unwrap().len(), 0);
    let bodies = app.get("/api/v1/bodies", None).await.expect(200);
    assert_eq!(bodies.body["items"].as_array().unwrap().len(), 1);
    let meeting = app
        .get(&format!("/api/v1/meetings/{m}"), Some(&app.clerk))
        .await
        .expect(200);
    assert_eq!(meeting.body["items"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn sql_and_html_in_text_are_kept_as_text() {
    let app = spawn_app().await;
    let name = "Robert'); DROP TABLE people;-- <script>alert(1)</script>";
    let id = app.person(name, "O'Brien & Sons").await;
    let got = app
        .get(&format!("/api/v1/people/{id}"), Some(&app.clerk))
        .await
        .expect(200);
    assert_eq!(got.body["name"], name);
    assert_eq!(got.body["organisation"], "O'Brien & Sons");
    app.get("/api/v1/people", Some(&app.clerk))
        .await
        .expect(200);
}

#[tokio::test]
async fn unknown_ids_and_paths_are_404_problems() {
    let app = spawn_app().await;
    let r = app
        .get("/api/v1/meetings/not-a-uuid", None)
        .await
        .expect(404);
    assert_eq!(
        r.header("content-type").unwrap(),
        "application/problem+json"
    );
    app.get(&format!("/api/v1/meetings/{}", uuid::Uuid::new_v4()), None)
        .await
        .expect(404);
    app.get(&format!("/api/v1/items/{}", uuid::Uuid::new_v4()), None)
        .await
        .expect(404);
    app.get("/api/v1/bodies/no-such-body", None)
        .await
        .expect(404);
    app.get("/api/v1/nothing-here", None).await.expect(404);
    app.send(
        Method::PATCH,
        &format!("/api/v1/people/{}", uuid::Uuid::new_v4()),
        Some(&app.clerk),
        Some(json!({"name": "x"})),
    )
    .await
    .expect(404);
}

#[tokio::test]
async fn health_metrics_and_openapi_are_served() {
    let app = spawn_app().await;
    app.get("/healthz", None).await.expect(200);
    let metrics = app.get("/metrics", None).await.expect(200).text;
    assert!(metrics.contains("minutebook_http_requests_total"));
    // On SQLite: the checkpoints that follow writes, off the writer's thread.
    let sqlite = !app.database_url.starts_with("postgres");
    app.body("ssp", "SSP", json!({})).await;
    let checkpoints = || async {
        let metrics = app.get("/metrics", None).await.expect(200).text;
        metrics
            .lines()
            .find_map(|l| l.strip_prefix("minutebook_sqlite_checkpoints_total "))
            .map(|n| n.parse::<u64>().unwrap())
    };
    if sqlite {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
        while checkpoints().await.unwrap() == 0 {
            assert!(
                std::time::Instant::now() < deadline,
                "no checkpoint after a write"
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    } else {
        assert_eq!(checkpoints().await, None);
    }
    let spec = app.get("/openapi.json", None).await.expect(200);
    let paths = spec.body["paths"].as_object().unwrap();
    for p in [
        "/api/v1/bodies",
        "/api/v1/bodies/{body_id}",
        "/api/v1/people",
        "/api/v1/bodies/{body_id}/memberships",
        "/api/v1/bodies/{body_id}/meetings",
        "/api/v1/meetings/{id}",
        "/api/v1/meetings/{id}/items",
        "/api/v1/items/{id}",
        "/api/v1/items/{id}/outcomes",
        "/api/v1/items/{id}/declarations",
        "/api/v1/items/{id}/documents",
        "/api/v1/meetings/{id}/attendance",
        "/api/v1/meetings/{id}/agenda/publish",
        "/api/v1/tokens",
        "/api/v1/audit",
    ] {
        assert!(
            paths.contains_key(p),
            "{p} missing from the OpenAPI description"
        );
    }
    assert!(spec.body["components"]["schemas"]["Meeting"].is_object());
    let ui = app.client.get(app.url("/api-docs/")).send().await.unwrap();
    assert_eq!(ui.status().as_u16(), 200);
    assert!(ui.text().await.unwrap().contains("swagger"));
}

#[tokio::test]
async fn concurrent_writers_all_succeed() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    let m = app.meeting("ssp", "2023-07-19T09:00:00+01:00").await;
    let path = format!("/api/v1/meetings/{m}/items");
    let futs = (0..40).map(|i| app.post(&path, json!({"title": format!("Item {i}")})));
    let results = futures_util::future::join_all(futs).await;
    for r in &results {
        assert_eq!(r.status.as_u16(), 201, "{}", r.text);
    }
    let got = app
        .get(&format!("/api/v1/meetings/{m}"), Some(&app.clerk))
        .await
        .expect(200);
    let mut positions: Vec<i64> = got.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["position"].as_i64().unwrap())
        .collect();
    positions.sort();
    assert_eq!(positions, (1..=40).collect::<Vec<_>>());
}

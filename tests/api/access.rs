use crate::helpers::spawn_app;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn writes_need_a_token_and_the_right_role() {
    let app = spawn_app().await;
    let body = json!({"name": "X", "slug": "x", "minute_prefix": "X"});
    let r = app
        .send(Method::POST, "/api/v1/bodies", None, Some(body.clone()))
        .await
        .expect(401);
    assert_eq!(
        r.header("content-type").unwrap(),
        "application/problem+json"
    );
    app.send(
        Method::POST,
        "/api/v1/bodies",
        Some("mb_not_a_real_token"),
        Some(body.clone()),
    )
    .await
    .expect(401);
    app.send(
        Method::POST,
        "/api/v1/bodies",
        Some(&app.reader),
        Some(body.clone()),
    )
    .await
    .expect(403);
    app.send(Method::POST, "/api/v1/bodies", Some(&app.clerk), Some(body))
        .await
        .expect(201);
}

#[tokio::test]
async fn admin_creates_lists_and_revokes_tokens() {
    let app = spawn_app().await;
    // A clerk may not manage tokens.
    app.send(
        Method::POST,
        "/api/v1/tokens",
        Some(&app.clerk),
        Some(json!({"name": "x", "role": "clerk"})),
    )
    .await
    .expect(403);
    let (id, secret) = app.token("web team", "reader").await;
    app.get("/api/v1/bodies", Some(&secret)).await.expect(200);
    let list = app
        .get("/api/v1/tokens", Some(&app.admin))
        .await
        .expect(200);
    assert!(
        !list.text.contains(&secret),
        "the secret must not be listed"
    );
    assert!(list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["name"] == "web team"));
    app.send(
        Method::DELETE,
        &format!("/api/v1/tokens/{id}"),
        Some(&app.admin),
        None,
    )
    .await
    .expect(200);
    app.get("/api/v1/bodies", Some(&secret)).await.expect(401);
    let bad = app
        .send(
            Method::POST,
            "/api/v1/tokens",
            Some(&app.admin),
            Some(json!({"name": "x", "role": "superuser"})),
        )
        .await
        .expect(422);
    assert_eq!(bad.error_fields(), vec!["role"]);
}

#[tokio::test]
async fn audit_trail_records_who_changed_what() {
    let app = spawn_app().await;
    let b = app.body("ssp", "SSP", json!({})).await;
    app.patch("/api/v1/bodies/ssp", json!({"name": "Renamed"}))
        .await
        .expect(200);
    app.get("/api/v1/audit", Some(&app.clerk)).await.expect(403);
    let id = b["id"].as_str().unwrap();
    let log = app
        .get(
            &format!("/api/v1/audit?entity=body&entity_id={id}"),
            Some(&app.admin),
        )
        .await
        .expect(200);
    let entries = log.body["items"].as_array().unwrap();
    assert_eq!(entries.len(), 2, "{}", log.text);
    assert_eq!(entries[0]["action"], "create");
    assert_eq!(entries[0]["actor"], "test clerk");
    assert_eq!(entries[1]["action"], "update");
    assert_eq!(entries[1]["changes"], json!({"name": "Renamed"}));
}

#[tokio::test]
async fn the_public_never_sees_drafts_restricted_text_or_unpublished_minutes() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    let m = app.meeting("ssp", "2023-07-19T09:00:00+01:00").await;
    let open = app.item(&m, "Recorded Crime and Disorder Report").await;
    app.patch(
        &format!("/api/v1/items/{open}"),
        json!({"minutes": "Members discussed the statistics."}),
    )
    .await
    .expect(200);
    let secret = app
        .post(
            &format!("/api/v1/meetings/{m}/items"),
            json!({"title": "iQuanta Report", "restricted": {"paragraph": 7, "reason": "Home Office intelligence only"},
                   "public_summary": "A restricted report was noted.", "minutes": "Burglary in Norton rose by 40 per cent"}),
        )
        .await
        .expect(201);
    let secret_id = secret.id();
    app.post(
        &format!("/api/v1/items/{secret_id}/outcomes"),
        json!({"verb": "AGREED", "text": "that the confidential figures be shared"}),
    )
    .await
    .expect(201);

    // A draft meeting does not exist for the public.
    app.get(&format!("/api/v1/meetings/{m}"), None)
        .await
        .expect(404);
    let list = app
        .get("/api/v1/bodies/ssp/meetings", None)
        .await
        .expect(200);
    assert_eq!(list.body["items"].as_array().unwrap().len(), 0);

    app.publish(&m).await.expect(200);
    let public = app
        .get(&format!("/api/v1/meetings/{m}"), None)
        .await
        .expect(200);
    let text = &public.text;
    for leak in [
        "Burglary in Norton",
        "Home Office intelligence",
        "confidential figures",
        "Members discussed",
        "A restricted report was noted",
    ] {
        assert!(!text.contains(leak), "public view leaked {leak:?}: {text}");
    }
    let item = &public.body["items"][1];
    assert_eq!(item["title"], "iQuanta Report");
    assert_eq!(item["minute_number"], "SSP/2/23");
    assert_eq!(item["restricted"]["paragraph"], 7);
    assert!(item["restricted"].get("reason").is_none());
    app.get(&format!("/api/v1/items/{secret_id}"), None)
        .await
        .expect(200);
    let direct = app.get(&format!("/api/v1/items/{secret_id}"), None).await;
    assert!(!direct.text.contains("Burglary"));

    // A reader token sees everything.
    let internal = app
        .get(&format!("/api/v1/meetings/{m}"), Some(&app.reader))
        .await
        .expect(200);
    assert!(internal.text.contains("Burglary in Norton"));
    assert!(internal.text.contains("Home Office intelligence only"));
}

/// Never announced, it stays the clerks' own: nothing of it is public.
#[tokio::test]
async fn a_meeting_cancelled_before_its_agenda_was_published_shows_nothing() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    let m = app.meeting("ssp", "2023-07-19T09:00:00+01:00").await;
    let item = app.item(&m, "Draft agenda item never published").await;
    app.patch(
        &format!("/api/v1/meetings/{m}"),
        json!({"status": "cancelled"}),
    )
    .await
    .expect(200);
    app.get(&format!("/api/v1/meetings/{m}"), None)
        .await
        .expect(404);
    app.get(&format!("/api/v1/items/{item}"), None)
        .await
        .expect(404);
    let internal = app
        .get(&format!("/api/v1/meetings/{m}"), Some(&app.reader))
        .await
        .expect(200);
    assert!(internal.text.contains("Draft agenda item"));
}

/// The whole-meeting read judges the token in the same statement as the
/// meeting's tag: every answer must still be what judging them apart gives.
#[tokio::test]
async fn a_meeting_read_judges_the_token_first_and_the_meeting_after() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    let draft = app.meeting("ssp", "2023-07-19T09:00:00+01:00").await;
    let missing = "00000000-0000-4000-8000-000000000000";
    let (reader_id, reader) = app.token("web team", "reader").await;
    let url = |m: &str| format!("/api/v1/meetings/{m}");
    // A live token sees the draft; the public does not; no one sees a
    // meeting that is not there.
    let seen = app.get(&url(&draft), Some(&reader)).await.expect(200);
    assert_eq!(seen.body["id"], draft.as_str());
    app.get(&url(&draft), None).await.expect(404);
    app.get(&url(missing), Some(&reader)).await.expect(404);
    app.get(&url(missing), None).await.expect(404);
    // A token no one holds: 401 whether or not the meeting is there.
    app.get(&url(&draft), Some("mb_no_such_token"))
        .await
        .expect(401);
    app.get(&url(missing), Some("mb_no_such_token"))
        .await
        .expect(401);
    // Revoked: 401 at once, for a meeting read before (and kept) too.
    app.send(
        Method::DELETE,
        &format!("/api/v1/tokens/{reader_id}"),
        Some(&app.admin),
        None,
    )
    .await
    .expect(200);
    app.get(&url(&draft), Some(&reader)).await.expect(401);
    app.get(&url(missing), Some(&reader)).await.expect(401);
    // A deleted meeting is gone for a live token too.
    app.send(Method::DELETE, &url(&draft), Some(&app.clerk), None)
        .await
        .expect(204);
    app.get(&url(&draft), Some(&app.clerk)).await.expect(404);
}

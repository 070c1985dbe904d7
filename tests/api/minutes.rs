use crate::helpers::spawn_app;
use serde_json::json;

#[tokio::test]
async fn outcomes_hold_numbered_parts_and_verbs_are_checked() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    let m = app.meeting("ssp", "2023-07-19T09:00:00+01:00").await;
    let item = app.item(&m, "Community Safety Strategy").await;
    let r = app
        .post(
            &format!("/api/v1/items/{item}/outcomes"),
            json!({"verb": "AGREED", "text": "that:-", "parts": ["The content of the strategy be noted.", "The strategic direction be endorsed."]}),
        )
        .await
        .expect(201);
    assert_eq!(r.body["parts"][1], "The strategic direction be endorsed.");
    let bad = app
        .post(
            &format!("/api/v1/items/{item}/outcomes"),
            json!({"verb": "DECIDED", "text": "x"}),
        )
        .await
        .expect(422);
    assert_eq!(bad.error_fields(), vec!["verb"]);
    let empty = app
        .post(
            &format!("/api/v1/items/{item}/outcomes"),
            json!({"verb": "NOTED"}),
        )
        .await
        .expect(422);
    assert_eq!(empty.error_fields(), vec!["text"]);
    let id = r.id();
    app.patch(
        &format!("/api/v1/outcomes/{id}"),
        json!({"verb": "RESOLVED"}),
    )
    .await
    .expect(200);
    let got = app
        .get(&format!("/api/v1/items/{item}"), Some(&app.clerk))
        .await
        .expect(200);
    assert_eq!(got.body["outcomes"][0]["verb"], "RESOLVED");
    assert_eq!(got.body["outcomes"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn declarations_and_actions_are_recorded_on_items() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    let m = app.meeting("ssp", "2023-07-19T09:00:00+01:00").await;
    let item = app.item(&m, "Public Space Protection Order Update").await;
    let p = app
        .person("Cllr Steve Nelson", "Stockton-on-Tees Borough Council")
        .await;
    app.post(
        &format!("/api/v1/items/{item}/declarations"),
        json!({"person_id": p, "nature": "Personal non-prejudicial interest: Norton ward member"}),
    )
    .await
    .expect(201);
    app.post(
        &format!("/api/v1/items/{item}/declarations"),
        json!({"person_id": "nobody", "nature": "x"}),
    )
    .await
    .expect(422);
    let a = app
        .post(&format!("/api/v1/items/{item}/actions"), json!({"description": "Report displacement figures", "owner": "Community Safety Manager", "due_date": "2023-10-18"}))
        .await
        .expect(201);
    assert_eq!(a.body["status"], "open");
    app.patch(
        &format!("/api/v1/actions/{}", a.id()),
        json!({"status": "done"}),
    )
    .await
    .expect(200);
    app.post(
        &format!("/api/v1/items/{item}/actions"),
        json!({"description": "x", "due_date": "18/10/2023"}),
    )
    .await
    .expect(422);
    let got = app
        .get(&format!("/api/v1/meetings/{m}"), Some(&app.clerk))
        .await
        .expect(200);
    let it = &got.body["items"][0];
    assert_eq!(it["declarations"][0]["person_name"], "Cllr Steve Nelson");
    assert_eq!(it["actions"][0]["status"], "done");
}

#[tokio::test]
async fn attendance_rules_one_chair_present_and_no_duplicates() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    let m = app.meeting("ssp", "2023-07-19T09:00:00+01:00").await;
    let chair = app.person("Jim Beall", "SBC").await;
    let other = app.person("Jane Smith", "Thirteen Group").await;
    let sub = app.person("Ann Jones", "Thirteen Group").await;
    let officer = app.person("Marc Stephenson", "SBC").await;
    app.post(
        &format!("/api/v1/meetings/{m}/attendance"),
        json!({"person_id": chair, "status": "present", "chair": true}),
    )
    .await
    .expect(201);
    app.post(
        &format!("/api/v1/meetings/{m}/attendance"),
        json!({"person_id": chair, "status": "apologies"}),
    )
    .await
    .expect(409);
    app.post(
        &format!("/api/v1/meetings/{m}/attendance"),
        json!({"person_id": other, "status": "present", "chair": true}),
    )
    .await
    .expect(409);
    app.post(
        &format!("/api/v1/meetings/{m}/attendance"),
        json!({"person_id": other, "status": "apologies", "chair": true}),
    )
    .await
    .expect(422);
    app.post(
        &format!("/api/v1/meetings/{m}/attendance"),
        json!({"person_id": other, "status": "apologies"}),
    )
    .await
    .expect(201);
    let s = app
        .post(
            &format!("/api/v1/meetings/{m}/attendance"),
            json!({"person_id": sub, "status": "present", "substitute_for": other}),
        )
        .await
        .expect(201);
    assert_eq!(s.body["substitute_for_name"], "Jane Smith");
    app.post(&format!("/api/v1/meetings/{m}/attendance"), json!({"person_id": officer, "status": "officer", "organisation": "SBC - Community Services"}))
        .await
        .expect(201);
    app.post(
        &format!("/api/v1/meetings/{m}/attendance"),
        json!({"person_id": officer, "status": "late"}),
    )
    .await
    .expect(422);
    let got = app
        .get(&format!("/api/v1/meetings/{m}"), Some(&app.clerk))
        .await
        .expect(200);
    let statuses: Vec<&str> = got.body["attendance"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses, vec!["present", "apologies", "present", "officer"]);
}

#[tokio::test]
async fn items_can_be_reordered_and_restricted_later() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    let m = app.meeting("ssp", "2023-07-19T09:00:00+01:00").await;
    let a = app.item(&m, "A").await;
    app.item(&m, "B").await;
    app.item(&m, "C").await;
    app.patch(&format!("/api/v1/items/{a}"), json!({"position": 3}))
        .await
        .expect(200);
    let got = app
        .get(&format!("/api/v1/meetings/{m}"), Some(&app.clerk))
        .await
        .expect(200);
    let titles: Vec<&str> = got.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, vec!["B", "C", "A"]);
    app.patch(&format!("/api/v1/items/{a}"), json!({"position": 9}))
        .await
        .expect(422);
    let r = app
        .patch(
            &format!("/api/v1/items/{a}"),
            json!({"restricted": {"paragraph": 3}}),
        )
        .await
        .expect(200);
    assert_eq!(r.body["restricted"]["paragraph"], 3);
    app.patch(
        &format!("/api/v1/items/{a}"),
        json!({"restricted": {"paragraph": 8}}),
    )
    .await
    .expect(422);
    let r = app
        .patch(&format!("/api/v1/items/{a}"), json!({"restricted": null}))
        .await
        .expect(200);
    assert!(r.body["restricted"].is_null());
    // A part of a part is refused.
    let part = app
        .post(
            &format!("/api/v1/meetings/{m}/items"),
            json!({"title": "a", "parent_id": a}),
        )
        .await
        .expect(201)
        .id();
    app.post(
        &format!("/api/v1/meetings/{m}/items"),
        json!({"title": "aa", "parent_id": part}),
    )
    .await
    .expect(422);
}

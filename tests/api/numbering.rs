use crate::helpers::spawn_app;
use serde_json::json;

#[tokio::test]
async fn publishing_allocates_numbers_in_agenda_order() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    let m = app.meeting("ssp", "2023-07-19T09:00:00+01:00").await;
    for t in ["Minutes", "Matters Arising", "Serious Violence"] {
        app.item(&m, t).await;
    }
    // Inserted at the top: it must get number 1.
    app.post(
        &format!("/api/v1/meetings/{m}/items"),
        json!({"title": "Apologies", "kind": "apologies", "position": 1}),
    )
    .await
    .expect(201);
    assert_eq!(app.numbers(&m).await, vec!["", "", "", ""]);
    app.publish(&m).await.expect(200);
    assert_eq!(
        app.numbers(&m).await,
        vec!["SSP/1/23", "SSP/2/23", "SSP/3/23", "SSP/4/23"]
    );
    let meeting = app
        .get(&format!("/api/v1/meetings/{m}"), None)
        .await
        .expect(200);
    assert_eq!(meeting.body["items"][0]["title"], "Apologies");
}

#[tokio::test]
async fn numbers_continue_across_meetings_and_restart_in_a_new_year() {
    let app = spawn_app().await;
    app.body("csp", "CSP", json!({"year_start_month": 4})).await;
    let march = app.meeting("csp", "2024-03-31T10:00:00+01:00").await;
    app.item(&march, "A").await;
    app.item(&march, "B").await;
    app.publish(&march).await.expect(200);
    let june = app.meeting("csp", "2023-06-01T10:00:00+01:00").await;
    app.item(&june, "C").await;
    app.publish(&june).await.expect(200);
    let april = app.meeting("csp", "2024-04-01T10:00:00+01:00").await;
    app.item(&april, "D").await;
    app.publish(&april).await.expect(200);
    // 31 March 2024 is in the year that started April 2023; 1 April 2024 starts a new one.
    assert_eq!(app.numbers(&march).await, vec!["CSP/1/23", "CSP/2/23"]);
    assert_eq!(app.numbers(&june).await, vec!["CSP/3/23"]);
    assert_eq!(app.numbers(&april).await, vec!["CSP/1/24"]);
}

#[tokio::test]
async fn older_house_style_format_is_used() {
    let app = spawn_app().await;
    app.body("old", "SSP", json!({"format": "{prefix} {n}/{yy}"}))
        .await;
    let m = app.meeting("old", "2017-04-04T14:00:00+01:00").await;
    app.item(&m, "Apologies").await;
    app.publish(&m).await.expect(200);
    // April 2017 with a May start is in the year that began May 2016.
    assert_eq!(app.numbers(&m).await, vec!["SSP 1/16"]);
}

#[tokio::test]
async fn lettered_parts_share_their_parents_number() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    let m = app.meeting("ssp", "2023-07-19T09:00:00+01:00").await;
    app.item(&m, "Minutes").await;
    let parent = app.item(&m, "Minutes of other boards").await;
    for t in [
        "Health and Wellbeing Board",
        "Youth Offending Board",
        "Reducing Reoffending Group",
    ] {
        app.post(
            &format!("/api/v1/meetings/{m}/items"),
            json!({"title": t, "parent_id": parent}),
        )
        .await
        .expect(201);
    }
    app.item(&m, "Any other business").await;
    app.publish(&m).await.expect(200);
    let meeting = app
        .get(&format!("/api/v1/meetings/{m}"), Some(&app.clerk))
        .await
        .expect(200);
    let items = meeting.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    let parts = items[1]["parts"].as_array().unwrap();
    let got: Vec<(String, String)> = parts
        .iter()
        .map(|p| {
            (
                p["part_letter"].as_str().unwrap().into(),
                p["minute_number"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("a".into(), "SSP/2/23".into()),
            ("b".into(), "SSP/2/23".into()),
            ("c".into(), "SSP/2/23".into())
        ]
    );
    assert_eq!(items[2]["minute_number"], "SSP/3/23");
}

#[tokio::test]
async fn item_added_after_publication_takes_the_next_free_number() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    let m1 = app.meeting("ssp", "2023-07-19T09:00:00+01:00").await;
    app.item(&m1, "A").await;
    app.item(&m1, "B").await;
    app.publish(&m1).await.expect(200);
    let m2 = app.meeting("ssp", "2023-09-20T09:00:00+01:00").await;
    app.item(&m2, "C").await;
    app.publish(&m2).await.expect(200);
    // Urgent item added to the first meeting after the second was published.
    app.item(&m1, "Urgent item").await;
    assert_eq!(
        app.numbers(&m1).await,
        vec!["SSP/1/23", "SSP/2/23", "SSP/4/23"]
    );
}

#[tokio::test]
async fn publishing_twice_never_reuses_a_minute_number_and_withdrawn_numbers_stay_taken() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    let m = app.meeting("ssp", "2023-07-19T09:00:00+01:00").await;
    app.item(&m, "A").await;
    let b = app.item(&m, "B").await;
    app.item(&m, "C").await;
    app.publish(&m).await.expect(200);
    app.publish(&m).await.expect(409);
    // Withdraw B: its number is kept on the tombstone and never given again.
    app.delete(&format!("/api/v1/items/{b}")).await.expect(204);
    let gone = app
        .get(&format!("/api/v1/items/{b}"), Some(&app.clerk))
        .await
        .expect(200);
    assert_eq!(gone.body["minute_number"], "SSP/2/23");
    assert!(gone.body["deleted_at"].is_string());
    app.item(&m, "D").await;
    assert_eq!(
        app.numbers(&m).await,
        vec!["SSP/1/23", "SSP/3/23", "SSP/4/23"]
    );
}

#[tokio::test]
async fn concurrent_publications_of_one_body_never_share_numbers() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    let mut meetings = Vec::new();
    for day in 1..=6 {
        let m = app
            .meeting("ssp", &format!("2023-08-{day:02}T09:00:00+01:00"))
            .await;
        for t in ["A", "B", "C"] {
            app.item(&m, t).await;
        }
        meetings.push(m);
    }
    let results = futures_util::future::join_all(meetings.iter().map(|m| app.publish(m))).await;
    for r in results {
        assert_eq!(r.status.as_u16(), 200, "{}", r.text);
    }
    let mut all = Vec::new();
    for m in &meetings {
        all.extend(app.numbers(m).await);
    }
    let mut sorted = all.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), 18, "numbers reused: {all:?}");
    for n in 1..=18 {
        assert!(
            all.contains(&format!("SSP/{n}/23")),
            "missing SSP/{n}/23 in {all:?}"
        );
    }
}

#[tokio::test]
async fn short_notice_publication_warns() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    let soon = (chrono::Utc::now() + chrono::Duration::days(2)).to_rfc3339();
    let m = app.meeting("ssp", &soon).await;
    app.item(&m, "A").await;
    let r = app.publish(&m).await.expect(200);
    assert_eq!(r.body["warnings"][0]["code"], "short_notice", "{}", r.text);
    let later = (chrono::Utc::now() + chrono::Duration::days(30)).to_rfc3339();
    let m2 = app.meeting("ssp", &later).await;
    app.item(&m2, "A").await;
    let r = app.publish(&m2).await.expect(200);
    assert_eq!(r.body["warnings"], json!([]));
}

#[tokio::test]
async fn numbering_year_cannot_move_once_numbers_are_given() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    app.patch(
        "/api/v1/bodies/ssp",
        json!({"numbering": {"year_start_month": 4}}),
    )
    .await
    .expect(200);
    let m = app.meeting("ssp", "2023-07-19T09:00:00+01:00").await;
    app.item(&m, "A").await;
    app.publish(&m).await.expect(200);
    app.patch(
        "/api/v1/bodies/ssp",
        json!({"numbering": {"year_start_month": 5}}),
    )
    .await
    .expect(409);
}

/// The answer to adding an item is built from the row just written (not
/// read back): it must be what reading the item gives, byte for byte, in
/// a draft agenda, in a published one (with the number just allocated), a
/// restricted item with everything set, an item placed among others, and
/// a part; and its ETag must guard the item as a read's does.
#[tokio::test]
async fn adding_an_item_answers_what_reading_it_back_gives() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    let m = app.meeting("ssp", "2023-07-19T09:00:00+01:00").await;
    let add = |body: serde_json::Value| {
        let app = &app;
        let m = m.clone();
        async move {
            let made = app
                .post(&format!("/api/v1/meetings/{m}/items"), body)
                .await
                .expect(201);
            let id = made.id();
            let read = app
                .get(&format!("/api/v1/items/{id}"), Some(&app.clerk))
                .await;
            let read = read.expect(200);
            assert_eq!(made.body, read.body, "POST answer and GET differ");
            assert_eq!(made.header("etag"), read.header("etag"));
            assert_eq!(
                made.header("location").as_deref(),
                Some(format!("/api/v1/items/{id}").as_str())
            );
            made
        }
    };
    let first = add(json!({"title": "Apologies", "kind": "apologies"})).await;
    assert!(first.body["minute_number"].is_null());
    add(json!({"title": "Minutes", "minutes": "Agreed as a *true* record."})).await;
    app.publish(&m).await.expect(200);
    let numbered = add(json!({"title": "Urgent item", "presenter": "Jane Smith",
        "public_summary": "A summary.", "minutes": "Some text."}))
    .await;
    assert_eq!(numbered.body["minute_number"], "SSP/3/23");
    let restricted = add(json!({"title": "Contract award", "kind": "report",
        "restricted": {"paragraph": 3, "reason": "Commercially sensitive"}, "position": 1}))
    .await;
    assert_eq!(restricted.body["position"], 1);
    assert!(restricted.body["minute_number"].is_string());
    let parent = first.id();
    let part = add(json!({"title": "From members", "parent_id": parent})).await;
    assert_eq!(part.body["part_letter"], "a");
    // The whole meeting shows the same item (the last top-level one added:
    // placing it moved the others).
    let whole = app
        .get(&format!("/api/v1/meetings/{m}"), Some(&app.clerk))
        .await
        .expect(200);
    let items = whole.body["items"].as_array().unwrap();
    assert!(items.iter().any(|i| i == &restricted.body));
}

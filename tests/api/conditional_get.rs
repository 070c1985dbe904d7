//! Conditional GETs of a whole meeting (issue 12): an ETag that changes
//! whenever anything in the meeting changes, `304` on a match, different
//! tags for different audiences, and the meeting's `If-Match` unchanged.

use crate::helpers::{spawn_app, Res, TestApp};
use serde_json::json;

/// GETs `path` with `If-None-Match: tag` (and the clerk's token if `clerk`).
async fn get_if_none_match(app: &TestApp, path: &str, tag: &str, clerk: bool) -> Res {
    let mut r = app.client.get(app.url(path)).header("If-None-Match", tag);
    if clerk {
        r = r.bearer_auth(&app.clerk);
    }
    Res::from(r.send().await.unwrap()).await
}

/// The current tag of `path`, read with a full GET.
async fn tag(app: &TestApp, path: &str, clerk: bool) -> String {
    let token = clerk.then_some(app.clerk.as_str());
    app.get(path, token)
        .await
        .expect(200)
        .header("etag")
        .unwrap()
}

/// Asserts the tag of `path` changed from `before`, the old tag now gets a
/// full answer and the new one a `304`; answers the new tag.
async fn changed(app: &TestApp, path: &str, before: &str, clerk: bool, what: &str) -> String {
    let after = tag(app, path, clerk).await;
    assert_ne!(after, before, "{path}: the tag did not change after {what}");
    get_if_none_match(app, path, before, clerk)
        .await
        .expect(200);
    let r = get_if_none_match(app, path, &after, clerk)
        .await
        .expect(304);
    assert!(r.text.is_empty(), "a 304 has no body");
    after
}

async fn upload(app: &TestApp, item: &str) {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(b"%PDF-1.4\n%%EOF\n".to_vec())
            .file_name("report.pdf")
            .mime_str("application/pdf")
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
    Res::from(r).await.expect(201);
}

#[tokio::test]
async fn the_whole_meeting_answers_304_until_anything_in_it_changes() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    let m = app.meeting("ssp", "2023-07-19T09:00:00+01:00").await;
    let path = format!("/api/v1/meetings/{m}");
    let item = app.item(&m, "Apologies").await;
    let mut t = tag(&app, &path, true).await;
    assert!(t.starts_with('"') && t.ends_with('"'), "{t}");
    let r = get_if_none_match(&app, &path, &t, true).await.expect(304);
    assert_eq!(r.header("etag").as_deref(), Some(t.as_str()));
    get_if_none_match(&app, &path, "*", true).await.expect(304);
    get_if_none_match(&app, &path, &format!("\"x\", W/{t}"), true)
        .await
        .expect(304);

    app.item(&m, "Minutes of the last meeting").await;
    t = changed(&app, &path, &t, true, "adding an item").await;
    app.patch(
        &format!("/api/v1/items/{item}"),
        json!({"title": "Apologies for absence"}),
    )
    .await
    .expect(200);
    t = changed(&app, &path, &t, true, "changing an item").await;
    app.post(
        &format!("/api/v1/items/{item}/outcomes"),
        json!({"verb": "NOTED", "text": "the apologies."}),
    )
    .await
    .expect(201);
    t = changed(&app, &path, &t, true, "recording an outcome").await;
    let p = app.person("Jim Beall", "SBC").await;
    app.post(
        &format!("/api/v1/meetings/{m}/attendance"),
        json!({"person_id": p, "status": "present"}),
    )
    .await
    .expect(201);
    t = changed(&app, &path, &t, true, "recording attendance").await;
    app.post(
        &format!("/api/v1/items/{item}/declarations"),
        json!({"person_id": p, "nature": "personal"}),
    )
    .await
    .expect(201);
    t = changed(&app, &path, &t, true, "a declaration").await;
    let vote = app
        .post(
            &format!("/api/v1/items/{item}/votes"),
            json!({"named": [{"person_id": p, "vote": "for"}]}),
        )
        .await
        .expect(201);
    t = changed(&app, &path, &t, true, "recording a vote").await;
    let vote_id = vote.body["id"].as_str().unwrap().to_string();
    app.delete(&format!("/api/v1/votes/{vote_id}"))
        .await
        .expect(204);
    t = changed(&app, &path, &t, true, "withdrawing a vote").await;
    upload(&app, &item).await;
    t = changed(&app, &path, &t, true, "adding a paper").await;
    app.patch(
        &format!("/api/v1/people/{p}"),
        json!({"name": "James Beall"}),
    )
    .await
    .expect(200);
    t = changed(&app, &path, &t, true, "renaming someone present").await;
    app.patch("/api/v1/bodies/ssp", json!({"name": "Safer Streets"}))
        .await
        .expect(200);
    t = changed(&app, &path, &t, true, "renaming the body").await;
    app.publish(&m).await.expect(200);
    changed(&app, &path, &t, true, "publishing the agenda").await;
}

#[tokio::test]
async fn the_public_and_clerks_get_different_tags_and_the_page_its_own() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    let m = app.meeting("ssp", "2023-07-19T09:00:00+01:00").await;
    let api = format!("/api/v1/meetings/{m}");
    let page = format!("/meetings/{m}");
    app.item(&m, "Apologies").await;

    // A draft: the public gets 404 even when it claims to have a copy.
    get_if_none_match(&app, &api, "*", false).await.expect(404);
    get_if_none_match(&app, &page, "*", false).await.expect(404);

    app.publish(&m).await.expect(200);
    let clerk = tag(&app, &api, true).await;
    let public = tag(&app, &api, false).await;
    let mut page_tag = tag(&app, &page, false).await;
    assert_ne!(clerk, public);
    assert_ne!(public, page_tag);
    get_if_none_match(&app, &api, &clerk, false)
        .await
        .expect(200);
    get_if_none_match(&app, &api, &public, false)
        .await
        .expect(304);
    let r = get_if_none_match(&app, &page, &page_tag, false)
        .await
        .expect(304);
    assert!(r.text.is_empty());

    app.item(&m, "Any other business").await;
    page_tag = changed(&app, &page, &page_tag, false, "adding an item").await;
    let _ = changed(&app, &api, &public, false, "adding an item").await;
    let item = app.item(&m, "Finance").await;
    page_tag = changed(&app, &page, &page_tag, false, "adding an item").await;
    upload(&app, &item).await;
    changed(&app, &page, &page_tag, false, "adding a paper").await;
}

#[tokio::test]
async fn if_match_with_the_whole_meetings_tag_still_guards_the_meeting_row() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    let m = app.meeting("ssp", "2023-07-19T09:00:00+01:00").await;
    let path = format!("/api/v1/meetings/{m}");
    let old = tag(&app, &path, true).await;
    // An item changes the tag, not the meeting row: a PATCH based on the old
    // read of the row still applies.
    app.item(&m, "Apologies").await;
    let patch = |tag: String| {
        app.client
            .patch(app.url(&path))
            .bearer_auth(&app.clerk)
            .header("If-Match", tag)
            .json(&json!({"title": "Annual meeting"}))
            .send()
    };
    Res::from(patch(old.clone()).await.unwrap())
        .await
        .expect(200);
    // The row has moved on: the old tag is now refused.
    Res::from(patch(old).await.unwrap()).await.expect(412);
    let now = tag(&app, &path, true).await;
    Res::from(patch(now).await.unwrap()).await.expect(200);
}

/// Whole responses are kept by ETag (`read::response_cache`): a repeat read
/// answers the same bytes, a change answers the new content at once, and
/// what a clerk was answered is never answered to the public.
#[tokio::test]
async fn kept_responses_follow_every_change_and_never_cross_audiences() {
    let app = spawn_app().await;
    let ssp = crate::public_pages::seed_ssp(&app).await;
    let m = &ssp.meeting;
    crate::public_pages::publish_all(&app, m).await;
    let api = format!("/api/v1/meetings/{m}");
    let page = format!("/meetings/{m}");

    // The clerk reads first (restricted text included), then the public.
    for _ in 0..2 {
        let clerk = app.get(&api, Some(&app.clerk)).await.expect(200);
        assert!(clerk.text.contains("Home Office intelligence only"));
        let public = app.get(&api, None).await.expect(200);
        let html = app.get(&page, None).await.expect(200);
        for secret in crate::public_pages::SSP_SECRETS {
            assert!(!public.text.contains(secret), "{secret} in the public JSON");
            assert!(!html.text.contains(secret), "{secret} on the page");
        }
    }
    let first = app.get(&api, None).await.expect(200);
    let again = app.get(&api, None).await.expect(200);
    assert_eq!(first.text, again.text);
    assert_eq!(first.header("etag"), again.header("etag"));

    // A change (through the API, or behind its back by SQL: the triggers
    // count it) is answered at once, on both forms.
    app.patch(
        &format!("/api/v1/items/{}", ssp.asb),
        json!({"title": "Anti-Social Behaviour Plan 2024"}),
    )
    .await
    .expect(200);
    assert!(app
        .get(&api, None)
        .await
        .expect(200)
        .text
        .contains("Anti-Social Behaviour Plan 2024"));
    assert!(app
        .get(&page, None)
        .await
        .expect(200)
        .text
        .contains("Anti-Social Behaviour Plan 2024"));
    {
        use diesel::prelude::*;
        let mut c = minutebook::db::establish(&app.database_url).unwrap();
        diesel::sql_query(format!(
            "UPDATE items SET title = 'Renamed by SQL' WHERE id = '{}'",
            ssp.asb
        ))
        .execute(&mut c)
        .unwrap();
    }
    assert!(app
        .get(&page, None)
        .await
        .expect(200)
        .text
        .contains("Renamed by SQL"));
    assert!(app
        .get(&api, Some(&app.clerk))
        .await
        .expect(200)
        .text
        .contains("Renamed by SQL"));
}

//! The read model kept on write (issue 29): a meeting's public page, public
//! JSON and clerk's JSON are built by the background job after each change
//! and kept in `meeting_documents` under their tags; a read whose kept
//! document is current answers it as it is, on any instance; the public's
//! documents never hold restricted text, and a draft has none.

use crate::helpers::{spawn_app_with, spawn_peer, TestApp};
use diesel::prelude::*;
use minutebook::db::schema::meeting_documents;
use serde_json::json;
use std::time::Duration;

const REASON: &str = "Home Office intelligence only";

/// An instance whose jobs run every 50 ms and whose response cache is off,
/// so that every read that is not a 304 comes from the database.
async fn app() -> TestApp {
    spawn_app_with(|s| {
        s.mail_poll_ms = 50;
        s.response_cache_mb = 0;
    })
    .await
}

/// A meeting with a public item and a restricted one.
async fn meeting(app: &TestApp, slug: &str) -> String {
    app.body(slug, "KD", json!({})).await;
    let id = app.meeting(slug, "2026-01-18T17:00:00Z").await;
    app.item(&id, "Budget monitoring").await;
    app.post(
        &format!("/api/v1/meetings/{id}/items"),
        json!({"title": "Crime comparisons", "kind": "report",
               "restricted": {"paragraph": 7, "reason": REASON},
               "public_summary": "A restricted report was noted."}),
    )
    .await
    .expect(201);
    id
}

/// The kept documents of the meeting: (kind, tag, body).
fn kept(app: &TestApp, id: &str) -> Vec<(String, String, Vec<u8>)> {
    let mut c = minutebook::db::establish(&app.database_url).unwrap();
    meeting_documents::table
        .filter(meeting_documents::meeting_id.eq(id))
        .select((
            meeting_documents::kind,
            meeting_documents::tag,
            meeting_documents::body,
        ))
        .order(meeting_documents::kind)
        .load(&mut c)
        .unwrap()
}

/// Waits until the kept document of `kind` has the tag `tag`; answers its body.
async fn kept_under(app: &TestApp, id: &str, kind: &str, tag: &str) -> Vec<u8> {
    for _ in 0..300 {
        if let Some((_, _, body)) = kept(app, id)
            .into_iter()
            .find(|(k, t, _)| k == kind && t == tag)
        {
            return body;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no {kind} document kept under {tag}: {:?}", kinds(app, id));
}

fn kinds(app: &TestApp, id: &str) -> Vec<(String, String)> {
    kept(app, id).into_iter().map(|(k, t, _)| (k, t)).collect()
}

/// Waits until the background job has built the meeting's documents as of
/// its latest change (a read may have kept them first; the job would then
/// write them again).
async fn settled(app: &TestApp, id: &str) {
    use minutebook::db::schema::meeting_changes;
    for _ in 0..300 {
        let mut c = minutebook::db::establish(&app.database_url).unwrap();
        let (documented, changes): (i64, i64) = meeting_changes::table
            .filter(meeting_changes::meeting_id.eq(id))
            .select((meeting_changes::documented, meeting_changes::changes))
            .first(&mut c)
            .unwrap();
        if documented == changes {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the job did not build the documents of {id}");
}

/// Puts `body` in place of the kept document of `kind`, as if built so.
fn replace_kept(app: &TestApp, id: &str, kind: &str, body: &[u8]) {
    let mut c = minutebook::db::establish(&app.database_url).unwrap();
    let n = diesel::update(
        meeting_documents::table
            .filter(meeting_documents::meeting_id.eq(id))
            .filter(meeting_documents::kind.eq(kind)),
    )
    .set(meeting_documents::body.eq(body.to_vec()))
    .execute(&mut c)
    .unwrap();
    assert_eq!(n, 1, "{kind} is kept");
}

#[tokio::test]
async fn a_published_meetings_documents_are_kept_under_their_tags_and_answer_reads() {
    let app = app().await;
    let id = meeting(&app, "kept").await;
    app.publish(&id).await.expect(200);
    let page = format!("/meetings/{id}");
    let api = format!("/api/v1/meetings/{id}");

    // Built by the job after the change, under the tags a read sees (read
    // only once it is done: a read before would build and keep them too).
    settled(&app, &id).await;
    let page_tag = app
        .get(&page, None)
        .await
        .expect(200)
        .header("etag")
        .unwrap();
    let public_tag = app
        .get(&api, None)
        .await
        .expect(200)
        .header("etag")
        .unwrap();
    let clerk = app.get(&api, Some(&app.clerk)).await.expect(200);
    let clerk_tag = clerk.header("etag").unwrap();
    let kept_page = kept_under(&app, &id, "public-page", &page_tag).await;
    let kept_public = kept_under(&app, &id, "public-json", &public_tag).await;
    let kept_clerk = kept_under(&app, &id, "internal-json", &clerk_tag).await;

    // What is kept is what a read answers; the public's never holds the
    // restricted item's reason, the clerk's does.
    let page_text = String::from_utf8(kept_page).unwrap();
    assert!(page_text.contains("Budget monitoring"));
    assert!(!page_text.contains(REASON));
    assert!(!String::from_utf8(kept_public).unwrap().contains(REASON));
    assert_eq!(kept_clerk, clerk.text.as_bytes());
    assert!(clerk.text.contains(REASON));

    // A current kept document answers the read as it is (the response
    // cache is off): here one put in its place.
    replace_kept(&app, &id, "public-page", b"<p>kept page</p>");
    replace_kept(&app, &id, "internal-json", b"{\"kept\":true}");
    let r = app.get(&page, None).await.expect(200);
    assert_eq!(r.text, "<p>kept page</p>");
    assert_eq!(r.header("etag").as_deref(), Some(page_tag.as_str()));
    // On another instance too, which has never built it.
    let peer = spawn_peer(&app, |s| s.response_cache_mb = 0).await;
    let r = peer.get(&api, Some(&app.clerk)).await.expect(200);
    assert_eq!(r.text, "{\"kept\":true}");

    // A change makes it stale at once: the read builds the new page, and
    // the job keeps it under the new tag.
    app.patch(&api, json!({"venue": {"name": "Committee Room 2"}}))
        .await
        .expect(200);
    let r = app.get(&page, None).await.expect(200);
    assert!(r.text.contains("Committee Room 2"), "{}", r.text);
    let new_tag = r.header("etag").unwrap();
    assert_ne!(new_tag, page_tag);
    let rebuilt = kept_under(&app, &id, "public-page", &new_tag).await;
    assert_eq!(rebuilt, r.text.as_bytes());
}

#[tokio::test]
async fn a_draft_keeps_only_the_clerks_document_and_publishing_adds_the_publics() {
    let app = app().await;
    let id = meeting(&app, "draft").await;
    let api = format!("/api/v1/meetings/{id}");
    let clerk_tag = app
        .get(&api, Some(&app.clerk))
        .await
        .expect(200)
        .header("etag")
        .unwrap();
    kept_under(&app, &id, "internal-json", &clerk_tag).await;
    assert!(
        kinds(&app, &id).iter().all(|(k, _)| k == "internal-json"),
        "a draft has no public document: {:?}",
        kinds(&app, &id)
    );
    app.get(&format!("/meetings/{id}"), None).await.expect(404);

    app.publish(&id).await.expect(200);
    let tag = app
        .get(&api, None)
        .await
        .expect(200)
        .header("etag")
        .unwrap();
    kept_under(&app, &id, "public-json", &tag).await;
}

#[tokio::test]
async fn documents_kept_by_another_release_are_built_again() {
    let app = app().await;
    let id = meeting(&app, "upgrade").await;
    app.publish(&id).await.expect(200);
    let tag = app
        .get(&format!("/meetings/{id}"), None)
        .await
        .expect(200)
        .header("etag")
        .unwrap();
    kept_under(&app, &id, "public-page", &tag).await;
    let mut c = minutebook::db::establish(&app.database_url).unwrap();
    diesel::update(meeting_documents::table.filter(meeting_documents::meeting_id.eq(&id)))
        .set(meeting_documents::tag.eq("\"1-1-1-public-page-0.0.1\""))
        .execute(&mut c)
        .unwrap();
    let marked = minutebook::kept_documents::after_upgrade(&mut c).unwrap();
    assert_eq!(marked, 1, "the one meeting is marked to be built again");
    kept_under(&app, &id, "public-page", &tag).await;
}

//! Search: `GET /api/v1/search?q=` and the `/search` page, over SQLite FTS5
//! or PostgreSQL full-text search.

use crate::helpers::{spawn_app, Res, TestApp};
use crate::public_pages::{
    add_outcome, publish_all, seed_ssp, set_minutes, set_minutes_status, Ssp, SSP_SECRETS,
};
use serde_json::{json, Value};

async fn search(app: &TestApp, query: &str) -> Res {
    let url = format!(
        "/api/v1/search?{}",
        url::form_urlencoded::Serializer::new(String::new())
            .append_pair("q", query)
            .finish()
    );
    app.get(&url, None).await.expect(200)
}

fn items(r: &Res) -> &Vec<Value> {
    r.body["items"].as_array().expect("items")
}

#[tokio::test]
async fn search_finds_published_titles_minutes_outcomes_and_documents_with_marked_snippets() {
    let app = spawn_app().await;
    let ssp = seed_ssp(&app).await;
    publish_all(&app, &ssp.meeting).await;

    // Minute text, stemmed: "patrol" finds nothing, "hotspot" finds "hotspots".
    let r = search(&app, "hotspot").await;
    let hits = items(&r);
    assert_eq!(hits.len(), 1, "{}", r.text);
    let h = &hits[0];
    assert_eq!(h["kind"], "item");
    assert_eq!(h["title"], "Anti-Social Behaviour Action Plan");
    assert_eq!(h["minute_number"], "SSP/4/23");
    assert_eq!(h["item_id"], ssp.asb);
    assert_eq!(h["meeting_id"], ssp.meeting);
    assert_eq!(h["body"]["slug"], "ssp");
    assert_eq!(h["meeting_starts_at"], "2023-07-19T08:00:00Z");
    assert_eq!(
        h["url"],
        format!("{}/meetings/{}#item-{}", app.base, ssp.meeting, ssp.asb)
    );
    let snippet = h["snippet"].as_str().unwrap();
    assert!(snippet.contains("<mark>hotspots</mark>"), "{snippet}");
    assert!(!h["snippet_text"].as_str().unwrap().contains("<mark>"));
    assert!(h["rank"].as_f64().unwrap() > 0.0);
    assert!(r.body["next_cursor"].is_null());

    // Outcomes.
    let r = search(&app, "RESOLVED").await;
    let hits = items(&r);
    assert_eq!(hits.len(), 1, "{}", r.text);
    assert_eq!(hits[0]["kind"], "outcome");
    assert_eq!(hits[0]["title"], "Public Space Protection Order Update");
    assert!(hits[0]["url"].as_str().unwrap().contains("#outcome-"));

    // Documents by title, with a download link.
    let r = search(&app, "\"action plan\"").await;
    let doc = items(&r)
        .iter()
        .find(|h| h["kind"] == "document")
        .unwrap_or_else(|| panic!("{}", r.text));
    assert_eq!(doc["document_id"], ssp.asb_pdf);
    assert_eq!(
        doc["download_url"],
        format!("{}/api/v1/documents/{}/content", app.base, ssp.asb_pdf)
    );
    assert!(doc["title_html"].as_str().unwrap().contains("<mark>"));

    // A title match ranks above a passing mention in the text.
    let curv_text =
        "Members asked about the Navigator programme in custody, and about the protection order.";
    let other = app.item(&ssp.meeting, "Any Other Business").await;
    // The minutes are published: reopen them to edit, as a clerk would.
    set_minutes_status(&app, &ssp.meeting, "draft");
    set_minutes(&app, &other, curv_text).await;
    set_minutes_status(&app, &ssp.meeting, "published");
    let r = search(&app, "navigator").await;
    let hits = items(&r);
    assert!(hits.len() >= 2, "{}", r.text);
    let ranks: Vec<f64> = hits.iter().map(|h| h["rank"].as_f64().unwrap()).collect();
    assert!(ranks.windows(2).all(|w| w[0] >= w[1]), "ranked: {ranks:?}");
    // The item with "protection" in its title, above the one whose text
    // mentions it.
    let pspo = app
        .item(&ssp.meeting, "Public Space Protection Order Update")
        .await;
    let r = search(&app, "protection").await;
    let rank_of = |id: &str| {
        items(&r)
            .iter()
            .find(|h| h["kind"] == "item" && h["item_id"] == id)
            .and_then(|h| h["rank"].as_f64())
            .unwrap_or_else(|| panic!("{id} not found: {}", r.text))
    };
    assert!(rank_of(&pspo) > rank_of(&other), "{}", r.text);

    // Restricted text never matches; its title and public summary do.
    for secret in SSP_SECRETS {
        let r = search(&app, secret).await;
        assert!(items(&r).is_empty(), "{secret:?} found: {}", r.text);
    }
    let r = search(&app, "crime comparisons").await;
    assert_eq!(items(&r).len(), 1, "{}", r.text);
    assert_eq!(items(&r)[0]["item_id"], ssp.iquanta);
    let r = search(&app, "iquanta").await;
    assert!(items(&r).iter().all(|h| h["kind"] == "item"), "{}", r.text);
    let _ = (ssp.curv, ssp.minutes_item, ssp.minutes_pdf);
}

#[tokio::test]
async fn search_follows_every_change_to_what_is_public() {
    let app = spawn_app().await;
    let ssp = seed_ssp(&app).await;
    // Nothing before the agenda is published.
    assert!(items(&search(&app, "behaviour").await).is_empty());
    app.publish(&ssp.meeting).await.expect(200);
    // The agenda: titles, but not the draft minutes.
    // The item and its public paper (the restricted paper is not there).
    assert_eq!(items(&search(&app, "behaviour").await).len(), 2);
    assert!(items(&search(&app, "Navigator").await).is_empty());
    set_minutes_status(&app, &ssp.meeting, "published");
    assert_eq!(items(&search(&app, "Navigator").await).len(), 1);
    // Minutes taken back to draft: gone again.
    set_minutes_status(&app, &ssp.meeting, "draft");
    assert!(items(&search(&app, "Navigator").await).is_empty());
    set_minutes_status(&app, &ssp.meeting, "published");
    // An item restricted after publication disappears at once.
    set_minutes_status(&app, &ssp.meeting, "draft");
    app.patch(
        &format!("/api/v1/items/{}", ssp.curv),
        json!({"restricted": {"paragraph": 3}}),
    )
    .await
    .expect(200);
    set_minutes_status(&app, &ssp.meeting, "published");
    assert!(items(&search(&app, "Navigator").await).is_empty());
    let r = search(&app, "Curve").await;
    assert_eq!(items(&r).len(), 1, "the title stays public: {}", r.text);
    // A withdrawn outcome is gone.
    set_minutes_status(&app, &ssp.meeting, "draft");
    let o = add_outcome(&app, &ssp.asb, "NOTED", "the zebracrossing survey").await;
    set_minutes_status(&app, &ssp.meeting, "published");
    assert_eq!(items(&search(&app, "zebracrossing").await).len(), 1);
    set_minutes_status(&app, &ssp.meeting, "draft");
    app.delete(&format!("/api/v1/outcomes/{o}"))
        .await
        .expect(204);
    set_minutes_status(&app, &ssp.meeting, "published");
    assert!(items(&search(&app, "zebracrossing").await).is_empty());
}

#[tokio::test]
async fn search_pages_through_results_and_filters_by_body() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    app.body("cyp", "CYP", json!({})).await;
    let a = app.meeting("ssp", "2023-07-19T09:00:00+01:00").await;
    let b = app.meeting("cyp", "2023-07-20T09:00:00+01:00").await;
    for i in 0..5 {
        app.item(&a, &format!("Scooter report {i}")).await;
    }
    app.item(&b, "Scooter safety").await;
    app.publish(&a).await.expect(200);
    app.publish(&b).await.expect(200);

    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let mut path = "/api/v1/search?q=scooter&limit=2".to_string();
        if let Some(c) = &cursor {
            path.push_str(&format!("&cursor={c}"));
        }
        let r = app.get(&path, None).await.expect(200);
        let page = items(&r);
        assert!(page.len() <= 2);
        seen.extend(
            page.iter()
                .map(|h| h["item_id"].as_str().unwrap().to_string()),
        );
        match r.body["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    assert_eq!(seen.len(), 6);
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 6, "no result twice");

    let only = app
        .get("/api/v1/search?q=scooter&body=cyp", None)
        .await
        .expect(200);
    assert_eq!(items(&only).len(), 1);
    assert_eq!(items(&only)[0]["title"], "Scooter safety");
}

#[tokio::test]
async fn search_parameters_are_checked() {
    let app = spawn_app().await;
    for (path, field) in [
        ("/api/v1/search", "q"),
        ("/api/v1/search?q=%20%20", "q"),
        ("/api/v1/search?q=x&limit=0", "limit"),
        ("/api/v1/search?q=x&limit=101", "limit"),
        ("/api/v1/search?q=x&cursor=bogus", "cursor"),
    ] {
        let r = app.get(path, None).await.expect(422);
        assert_eq!(
            r.header("content-type").as_deref(),
            Some("application/problem+json")
        );
        assert_eq!(r.error_fields(), vec![field], "{path}");
    }
    let long = "a".repeat(301);
    app.get(&format!("/api/v1/search?q={long}"), None)
        .await
        .expect(422);
    app.get("/api/v1/search?q=x&body=nope", None)
        .await
        .expect(404);
    // Anything typed is words, never query syntax.
    for q in [
        "\"",
        "NEAR(",
        "a AND",
        "*",
        "-",
        "OR",
        "(x",
        "col:val",
        "'; DROP TABLE x",
    ] {
        let url = format!(
            "/api/v1/search?{}",
            url::form_urlencoded::Serializer::new(String::new())
                .append_pair("q", q)
                .finish()
        );
        app.get(&url, None).await.expect(200);
    }
}

#[tokio::test]
async fn the_search_page_marks_matches_and_escapes_everything_else() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    let m = app.meeting("ssp", "2023-07-19T09:00:00+01:00").await;
    let i = app.item(&m, "Stop and <b>search</b> scrutiny").await;
    set_minutes(
        &app,
        &i,
        "Police said the stop and search <script>model</script> works.",
    )
    .await;
    publish_all(&app, &m).await;
    let r = app.get("/search?q=search", None).await.expect(200);
    assert_eq!(
        r.header("content-type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert!(r.text.contains("<mark>search</mark>"), "{}", r.text);
    assert!(r.text.contains("&lt;script&gt;"));
    assert!(!r.text.contains("<script>"));
    assert!(!r.text.contains("<b>search</b>"));
    assert!(r.text.contains(&format!("/meetings/{m}#item-{i}")));
    assert!(r.text.contains("<label for=\"q\">"));
    let none = app.get("/search?q=zzzznothing", None).await.expect(200);
    assert!(none.text.contains("No results"));
    let empty = app.get("/search", None).await.expect(200);
    assert!(!empty.text.contains("No results"));
    // Whatever the query string holds, the page answers as a page.
    for odd in [
        "/search?q=%E0%A4%A&q=x",
        "/search?q=search&cursor=nope",
        "/search?body=nope&q=search",
    ] {
        let r = app.get(odd, None).await.expect(200);
        assert_eq!(
            r.header("content-type").as_deref(),
            Some("text/html; charset=utf-8"),
            "{odd}"
        );
    }
}

#[tokio::test]
async fn reindex_meeting_is_the_one_call_that_refreshes_a_meeting() {
    let app = spawn_app().await;
    let ssp = seed_ssp(&app).await;
    publish_all(&app, &ssp.meeting).await;
    let mut conn = minutebook::db::establish(&app.database_url).unwrap();
    let n = minutebook::search::reindex_meeting(&mut conn, &ssp.meeting).unwrap();
    // Six items, three public outcomes (the restricted one is left out),
    // two public papers.
    assert_eq!(n, 6 + 3 + 2);
    assert!(!minutebook::search::any_dirty(&mut conn).unwrap());
    let hits = minutebook::search::search(
        &mut conn,
        &minutebook::search::Query {
            text: "navigator".into(),
            body_id: None,
            limit: 10,
            offset: 0,
            time_limit: std::time::Duration::from_secs(2),
        },
    )
    .unwrap();
    assert_eq!(hits.hits.len(), 1);
    assert!(hits.hits[0].snippet_marked.contains('\u{27E6}'));
    assert_eq!(minutebook::search::reindex_all(&mut conn).unwrap(), 1);
}

/// The search rows of a meeting, as text that can be compared.
fn search_rows(database_url: &str, meeting: &str) -> Vec<String> {
    use diesel::prelude::*;
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Text)]
        row: String,
    }
    let mut c = minutebook::db::establish(database_url).unwrap();
    let mut rows: Vec<String> = diesel::sql_query(format!(
        "SELECT kind || '|' || COALESCE(item_id, '') || '|' || COALESCE(outcome_id, '') || '|' \
         || COALESCE(document_id, '') || '|' || COALESCE(minute_number, '') || '|' || heading \
         || '|' || title || '|' || content || '|' || CAST(position AS TEXT) AS row \
         FROM search_entries WHERE meeting_id = '{meeting}'"
    ))
    .load::<Row>(&mut c)
    .unwrap()
    .into_iter()
    .map(|r| r.row)
    .collect();
    rows.sort();
    rows
}

/// Checks that the rows written item by item are what a whole reindex of
/// the meeting writes.
fn same_as_whole_reindex(app: &TestApp, meeting: &str) -> Vec<String> {
    let by_items = search_rows(&app.database_url, meeting);
    let mut conn = minutebook::db::establish(&app.database_url).unwrap();
    assert!(!minutebook::search::any_dirty(&mut conn).unwrap());
    minutebook::search::reindex_meeting(&mut conn, meeting).unwrap();
    assert_eq!(by_items, search_rows(&app.database_url, meeting));
    by_items
}

#[tokio::test]
async fn item_by_item_reindexing_writes_what_a_whole_reindex_would() {
    let app = spawn_app().await;
    let ssp = seed_ssp(&app).await;
    let m = &ssp.meeting;
    app.publish(m).await.expect(200);
    app.patch(&format!("/api/v1/meetings/{m}"), json!({"status": "held"}))
        .await
        .expect(200);

    let second = each_write_reindexes_its_item_with_its_parts(&app, m).await;
    a_restricted_items_papers_leave_the_index(&app, &ssp).await;

    published_minutes_reindex_the_whole_meeting(&app, &ssp, &second).await;
}

/// Adds, renames, removes, minutes and moves items with parts, each reindexed alone; answers the remaining part.
async fn each_write_reindexes_its_item_with_its_parts(app: &TestApp, m: &str) -> String {
    // The agenda is public, the minutes a draft. Each write reindexes only
    // the item it touches, with its parts.
    let gullies = app.item(m, "Gullies and drains").await;
    let part = app
        .post(
            &format!("/api/v1/meetings/{m}/items"),
            json!({"title": "Blocked culverts", "parent_id": gullies}),
        )
        .await
        .expect(201)
        .id();
    let second = app
        .post(
            &format!("/api/v1/meetings/{m}/items"),
            json!({"title": "Flood wardens", "parent_id": gullies}),
        )
        .await
        .expect(201)
        .id();
    // The parent's title is in its parts' rows.
    app.patch(
        &format!("/api/v1/items/{gullies}"),
        json!({"title": "Gullies, drains and culverts"}),
    )
    .await
    .expect(200);
    // The first part goes: the second becomes (a).
    app.delete(&format!("/api/v1/items/{part}"))
        .await
        .expect(204);
    set_minutes(app, &second, "Wardens are recruited in each ward.").await;
    add_outcome(app, &second, "AGREED", "that wardens be thanked").await;
    // An item moved to the top moves the others down.
    app.patch(&format!("/api/v1/items/{gullies}"), json!({"position": 1}))
        .await
        .expect(200);
    second
}

/// Restricts an item and checks its papers leave the index and the rows match a whole reindex.
async fn a_restricted_items_papers_leave_the_index(app: &TestApp, ssp: &Ssp) {
    let m = &ssp.meeting;
    // Restricting an item takes its papers out of the index.
    assert!(search_rows(&app.database_url, m)
        .iter()
        .any(|r| r.contains(&ssp.asb_pdf)));
    app.patch(
        &format!("/api/v1/items/{}", ssp.asb),
        json!({"restricted": {"paragraph": 3, "reason": "Commercial terms"}}),
    )
    .await
    .expect(200);
    let rows = same_as_whole_reindex(app, m);
    assert!(!rows.iter().any(|r| r.contains(&ssp.asb_pdf)));
    assert!(rows
        .iter()
        .any(|r| r.contains("Gullies, drains and culverts (a) Flood wardens")));
    assert!(!rows.iter().any(|r| r.contains("Blocked culverts")));
    // Draft minutes are not public.
    assert!(!rows.iter().any(|r| r.contains("wardens be thanked")));
}

/// Publishes the minutes and renames an item, checking the rows match a whole reindex.
async fn published_minutes_reindex_the_whole_meeting(app: &TestApp, ssp: &Ssp, second: &str) {
    let m = &ssp.meeting;
    // The minutes are published (the meeting row changes: the whole
    // meeting is reindexed); a title can still change, item by item.
    set_minutes_status(app, m, "published");
    assert!(search_rows(&app.database_url, m)
        .iter()
        .any(|r| r.contains(&ssp.curv) && r.contains("CURV")));
    app.patch(
        &format!("/api/v1/items/{second}"),
        json!({"title": "Flood wardens and sandbags"}),
    )
    .await
    .expect(200);
    let rows = same_as_whole_reindex(app, m);
    assert!(rows.iter().any(|r| r.contains("wardens be thanked")));
    assert!(rows
        .iter()
        .any(|r| r.contains("(a) Flood wardens and sandbags")));
    assert!(rows.iter().any(|r| r.contains("CURV")));
    assert_eq!(items(&search(app, "culverts").await).len(), 2);
    assert_eq!(items(&search(app, "sandbags").await).len(), 1);
}

/// Items changed behind the service's back (in SQL) are marked one by one
/// and out of the results; `minutebook reindex` rebuilds every meeting
/// whole and leaves no mark, its rows what a meeting's reindex writes.
/// (It now drops the items' marks at the start rather than reading them
/// again batch after batch: what that saves is measured by
/// `bench/scale.sh`, not here.)
#[tokio::test]
async fn a_whole_reindex_clears_the_marks_items_changed_in_sql_left() {
    use diesel::prelude::*;
    let app = spawn_app().await;
    let ssp = seed_ssp(&app).await;
    let m = &ssp.meeting;
    publish_all(&app, m).await;
    let mut conn = minutebook::db::establish(&app.database_url).unwrap();
    diesel::sql_query(format!(
        "UPDATE items SET title = 'Zebra crossing on Yarm Road' WHERE meeting_id = '{m}' \
         AND parent_id IS NULL AND restricted = false"
    ))
    .execute(&mut conn)
    .unwrap();
    assert!(minutebook::search::any_dirty(&mut conn).unwrap());
    let find = |conn: &mut minutebook::db::DbConn| {
        minutebook::search::search(
            conn,
            &minutebook::search::Query {
                text: "zebra".into(),
                body_id: None,
                limit: 50,
                offset: 0,
                time_limit: std::time::Duration::from_secs(2),
            },
        )
        .unwrap()
        .hits
        .len()
    };
    // Marked, so out of the results until it is caught up.
    assert_eq!(find(&mut conn), 0);
    minutebook::search::reindex_all(&mut conn).unwrap();
    assert!(!minutebook::search::any_dirty(&mut conn).unwrap());
    assert!(find(&mut conn) > 0);
    let rows = search_rows(&app.database_url, m);
    minutebook::search::reindex_meeting(&mut conn, m).unwrap();
    assert_eq!(rows, search_rows(&app.database_url, m));
}

/// Writers side by side on one agenda: new items, parts of one item and
/// renames of others at once (on PostgreSQL each write indexes what it
/// marked after it commits, in a transaction of its own, and takes the
/// marks others have not). Every new item is found exactly once, nothing
/// stays marked, and the rows are what a whole reindex writes.
#[tokio::test]
async fn writers_side_by_side_leave_the_rows_a_whole_reindex_would() {
    let app = spawn_app().await;
    let ssp = seed_ssp(&app).await;
    let m = &ssp.meeting;
    app.publish(m).await.expect(200);
    let gullies = app.item(m, "Gullies and drains").await;
    let path = format!("/api/v1/meetings/{m}/items");
    let adds = (0..12).map(|i| {
        app.post(
            &path,
            json!({"title": format!("Parallel crossing number{i}")}),
        )
    });
    let parts = (0..4).map(|i| {
        app.post(
            &path,
            json!({"title": format!("Culvert number{i}"), "parent_id": gullies}),
        )
    });
    let item_path = format!("/api/v1/items/{gullies}");
    let renames = (0..4).map(|i| {
        app.patch(
            &item_path,
            json!({"title": format!("Gullies renamed number{i}")}),
        )
    });
    let (adds, parts, renames) = tokio::join!(
        futures_util::future::join_all(adds),
        futures_util::future::join_all(parts),
        futures_util::future::join_all(renames),
    );
    for r in adds.iter().chain(&parts).chain(&renames) {
        assert!(r.status.is_success(), "{} {}", r.status, r.text);
    }
    let mut conn = minutebook::db::establish(&app.database_url).unwrap();
    assert!(!minutebook::search::any_dirty(&mut conn).unwrap());
    for i in 0..12 {
        let found = search(&app, &format!("number{i} crossing")).await;
        let titles: Vec<_> = items(&found)
            .iter()
            .filter(|h| h["title"] == format!("Parallel crossing number{i}"))
            .collect();
        assert_eq!(titles.len(), 1, "{}", found.text);
    }
    same_as_whole_reindex(&app, m);
}

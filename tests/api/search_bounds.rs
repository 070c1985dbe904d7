//! Search at bounded cost: a common word ranks a bounded candidate set with
//! an estimated total; the index is kept on the write path, so a search
//! only reads; searches never take every connection.

use crate::helpers::{spawn_app, spawn_app_with, TestApp};
use diesel::prelude::*;
use serde_json::{json, Value};

async fn search(app: &TestApp, query: &str) -> Value {
    // A fresh connection each time: a kept-alive one may have been closed
    // by the server while the test wrote to the database.
    let r = reqwest::Client::new()
        .get(app.url(&format!("/api/v1/search?{query}")))
        .send()
        .await
        .unwrap();
    crate::helpers::Res::from(r).await.expect(200).body
}

fn conn(app: &TestApp) -> minutebook::db::PooledConn {
    minutebook::db::connect(&app.database_url, 1)
        .unwrap()
        .get()
        .unwrap()
}

fn count(c: &mut minutebook::db::DbConn, sql: &str) -> i64 {
    #[derive(QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    diesel::sql_query(sql).get_result::<N>(c).unwrap().n
}

/// A published meeting with one item, and its body's id.
async fn published(app: &TestApp, title: &str) -> (String, String) {
    let body = app.body("ssp", "SSP", json!({})).await;
    let m = app.meeting("ssp", "2023-07-19T09:00:00+01:00").await;
    app.item(&m, title).await;
    app.publish(&m).await.expect(200);
    (m, body["id"].as_str().unwrap().to_string())
}

#[tokio::test]
async fn a_common_word_ranks_a_bounded_set_and_estimates_the_total() {
    let app = spawn_app().await;
    let (m, body) = published(&app, "Quarterly budget monitoring").await;
    // 1,500 more rows holding the common word, as a large council's index
    // would (written directly: the API would take minutes to make them).
    let mut c = conn(&app);
    let at = if app.database_url.starts_with("postgres") {
        "TIMESTAMP '2023-07-19 08:00:00'"
    } else {
        "'2023-07-19 08:00:00'"
    };
    diesel::sql_query(format!(
        "INSERT INTO search_entries (meeting_id, body_id, kind, heading, title, content, \
         starts_at, position, indexed_at) \
         WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 1499) \
         SELECT '{m}', '{body}', 'item', 'Budget line ' || i, 'Budget line ' || i, \
         'The budget for line ' || i, {at}, i + 10, {at} FROM n"
    ))
    .execute(&mut c)
    .unwrap();
    assert_eq!(
        count(&mut c, "SELECT count(*) AS n FROM search_entries"),
        1501
    );

    let r = search(&app, "q=budget").await;
    assert_eq!(r["items"].as_array().unwrap().len(), 20, "{r}");
    assert_eq!(r["total_exact"], false, "{r}");
    assert!(r["total"].as_i64().unwrap() >= 1000, "{r}");
    assert!(
        r["total_label"].as_str().unwrap().starts_with("about "),
        "{r}"
    );
    // Paging ends within the candidate set.
    let mut seen = 0;
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let q = match &cursor {
            Some(c) => format!("q=budget&limit=100&cursor={c}"),
            None => "q=budget&limit=100".into(),
        };
        let r = search(&app, &q).await;
        seen += r["items"].as_array().unwrap().len();
        pages += 1;
        assert!(pages <= 11, "paging does not end");
        match r["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    assert_eq!(seen, minutebook::search::query::CANDIDATES as usize);

    // A rare word: an exact total.
    let r = search(&app, "q=quarterly").await;
    assert_eq!(r["total"], 1, "{r}");
    assert_eq!(r["total_exact"], true);
    assert_eq!(r["total_label"], "1 result");
    // The search page says how many.
    let page = app.get("/search?q=budget", None).await.expect(200);
    assert!(page.text.contains("about "), "{}", page.text);
}

#[tokio::test]
async fn writes_keep_the_index_and_a_search_never_writes() {
    // The background job effectively never runs: only writes index.
    let app = spawn_app_with(|s| s.mail_poll_ms = 3_600_000).await;
    let (m, _) = published(&app, "Winter gritting routes").await;
    let r = search(&app, "q=gritting").await;
    assert_eq!(r["items"].as_array().unwrap().len(), 1, "{r}");
    let item = r["items"][0]["item_id"].as_str().unwrap().to_string();
    app.patch(
        &format!("/api/v1/items/{item}"),
        json!({"title": "Winter salting routes"}),
    )
    .await
    .expect(200);
    assert_eq!(search(&app, "q=salting").await["total"], 1);
    assert_eq!(search(&app, "q=gritting").await["total"], 0);

    // A change behind the service's back leaves the meeting out of search
    // until it is reindexed; searching does not reindex it.
    let mut c = conn(&app);
    diesel::sql_query(format!(
        "INSERT INTO search_dirty (meeting_id) VALUES ('{m}')"
    ))
    .execute(&mut c)
    .unwrap();
    assert_eq!(search(&app, "q=salting").await["total"], 0);
    app.get("/search?q=salting", None).await.expect(200);
    assert_eq!(count(&mut c, "SELECT count(*) AS n FROM search_dirty"), 1);
    minutebook::search::flush_dirty(&mut c, 10).unwrap();
    assert_eq!(search(&app, "q=salting").await["total"], 1);
}

#[tokio::test]
async fn searches_at_once_leave_health_and_writes_answering() {
    let app = spawn_app().await;
    let (m, _) = published(&app, "Common budget item").await;
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let client = app.client.clone();
        let url = app.url("/api/v1/search?q=budget");
        tasks.push(tokio::spawn(async move {
            client.get(url).send().await.unwrap().status().as_u16()
        }));
    }
    app.get("/healthz", None).await.expect(200);
    app.item(&m, "Added while searching").await;
    for t in tasks {
        assert_eq!(t.await.unwrap(), 200);
    }
}

#[tokio::test]
async fn a_search_past_its_time_limit_answers_503_and_holds_nothing() {
    // No time at all: on SQLite the first row the search reads is already
    // past its deadline; on PostgreSQL (where the least limit is 1 ms) the
    // search waits on a lock another connection holds, longer than that.
    let app = spawn_app_with(|s| s.search_timeout_ms = 0).await;
    published(&app, "Planning applications").await;
    let mut lock = None;
    if app.database_url.starts_with("postgres") {
        let mut c = diesel::PgConnection::establish(&app.database_url).unwrap();
        diesel::sql_query("BEGIN").execute(&mut c).unwrap();
        diesel::sql_query("LOCK TABLE search_entries IN ACCESS EXCLUSIVE MODE")
            .execute(&mut c)
            .unwrap();
        lock = Some(c);
    }
    let r = app.get("/api/v1/search?q=planning", None).await;
    assert_eq!(r.status.as_u16(), 503, "{}", r.text);
    assert_eq!(
        r.header("content-type").as_deref(),
        Some("application/problem+json")
    );
    assert_eq!(r.body["status"], 503);
    assert!(
        r.body["detail"].as_str().unwrap().contains("took too long"),
        "{}",
        r.text
    );
    assert_eq!(r.header("retry-after").as_deref(), Some("1"));
    // The page answers the same, as a page.
    let page = app.get("/search?q=planning", None).await;
    assert_eq!(page.status.as_u16(), 503, "{}", page.text);
    if let Some(mut c) = lock {
        diesel::sql_query("ROLLBACK").execute(&mut c).unwrap();
    }
    // The connections went back to the pool: everything else answers.
    app.get("/healthz", None).await.expect(200);
    app.get("/bodies/ssp", None).await.expect(200);
}

#[tokio::test]
async fn odd_queries_answer_cleanly() {
    let app = spawn_app().await;
    published(&app, "Planning applications").await;
    for q in [
        "a*",
        "pl*",
        "\"",
        "-",
        "OR",
        "NEAR(a b)",
        "{title}:x",
        "body_id:x",
    ] {
        let url = format!(
            "/api/v1/search?{}",
            url::form_urlencoded::Serializer::new(String::new())
                .append_pair("q", q)
                .finish()
        );
        let r = app.get(&url, None).await;
        assert_eq!(r.status.as_u16(), 200, "{q}: {}", r.text);
    }
    // A prefix of three letters or more is a prefix.
    assert_eq!(search(&app, "q=plan*").await["total"], 1);
}

#[tokio::test]
async fn a_word_common_long_ago_but_rare_lately_is_found_at_bounded_cost() {
    let app = spawn_app().await;
    let (m, body) = published(&app, "Quarterly budget monitoring").await;
    // 30,000 rows at one time (the newest are the last written): "flood" in
    // each of the oldest 10,000 and in one row of 133 after them (30 of the
    // newest 4,000), "drought" in the oldest 10,000 only.
    let mut c = conn(&app);
    let pg = app.database_url.starts_with("postgres");
    let at = if pg {
        "TIMESTAMP '2023-07-19 08:00:00'"
    } else {
        "'2023-07-19 08:00:00'"
    };
    diesel::sql_query(format!(
        "INSERT INTO search_entries (meeting_id, body_id, kind, heading, title, content, \
         starts_at, position, indexed_at) \
         WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 29999) \
         SELECT '{m}', '{body}', 'item', 'Line ' || i, 'Line ' || i, \
         CASE WHEN i < 10000 THEN 'flood and drought' \
              WHEN i % 133 = 0 THEN 'flood' ELSE 'weather' END, \
         {at}, i + 10, {at} FROM n"
    ))
    .execute(&mut c)
    .unwrap();
    if pg {
        diesel::sql_query("ANALYZE search_entries")
            .execute(&mut c)
            .unwrap();
    }
    let all = |q: &'static str| {
        let app = &app;
        async move {
            let mut seen = 0;
            let mut cursor: Option<String> = None;
            let mut first = Value::Null;
            loop {
                let query = match &cursor {
                    Some(c) => format!("q={q}&limit=100&cursor={c}"),
                    None => format!("q={q}&limit=100"),
                };
                let r = search(app, &query).await;
                if first.is_null() {
                    first = r.clone();
                }
                seen += r["items"].as_array().unwrap().len();
                match r["next_cursor"].as_str() {
                    Some(c) => cursor = Some(c.to_string()),
                    None => break,
                }
            }
            (seen, first)
        }
    };
    let (seen, first) = all("flood").await;
    assert_eq!(first["total_exact"], false, "{first}");
    assert!(first["total"].as_i64().unwrap() >= 1000, "{first}");
    if pg {
        // Many matches expected: only the newest 4,000 rows were read.
        assert_eq!(seen, 30);
    } else {
        assert_eq!(seen, minutebook::search::query::CANDIDATES as usize);
    }
    // None lately: its newest matches, wherever they are.
    let (seen, first) = all("drought").await;
    assert_eq!(seen, minutebook::search::query::CANDIDATES as usize);
    assert_eq!(first["total_exact"], false, "{first}");
    // The newest thousand of them: lines 9,000 to 9,999.
    for hit in first["items"].as_array().unwrap() {
        let n: i64 = hit["title"].as_str().unwrap()[5..].parse().unwrap();
        assert!((9000..10000).contains(&n), "{hit}");
    }
}

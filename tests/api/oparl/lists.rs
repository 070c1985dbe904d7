//! OParl lists: pagination, the created/modified filters, a meeting's
//! `modified` following what it shows, and legislative terms.

use super::{get_json, read_list, safer_stockton, urlencode, Schemas};
use crate::helpers::{spawn_app, TestApp};
use diesel::prelude::*;
use serde_json::{json, Value};

#[tokio::test]
async fn lists_paginate_and_filter_by_created_and_modified() {
    let app = spawn_app().await;
    let people = a_panel_of_five_members(&app).await;
    let api = format!("{}/oparl/v1", app.base);
    let list_url = format!("{api}/body/0/people");
    let mut texts = Vec::new();
    let all = the_list_pages_in_creation_order(&app, &api, &list_url, &people, &mut texts).await;
    created_filters_include_their_bounds(&app, &list_url, &all, &mut texts).await;
    a_change_shows_up_with_modified_since(&app, &list_url, &all, &people).await;
    bad_filters_are_the_clients_error(&app).await;
}

/// Members of a body: the public sees people with a public role.
async fn a_panel_of_five_members(app: &TestApp) -> Vec<String> {
    app.post(
        "/api/v1/bodies",
        json!({"name": "Panel", "slug": "panel", "minute_prefix": "P", "kind": "committee"}),
    )
    .await
    .expect(201);
    let mut people = Vec::new();
    for n in 0..5 {
        let p = app.person(&format!("Person {n}"), "Council").await;
        app.post(
            "/api/v1/bodies/panel/memberships",
            json!({"person_id": p, "role": "member"}),
        )
        .await
        .expect(201);
        people.push(p);
    }
    people
}

/// The people list, two a page: in creation order, each once, over three
/// pages, with a next link; returns every person read.
async fn the_list_pages_in_creation_order(
    app: &TestApp,
    api: &str,
    list_url: &str,
    people: &[String],
    texts: &mut Vec<String>,
) -> Vec<Value> {
    let all = read_list(app, list_url, 2, texts).await;
    let ids: Vec<String> = all
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect();
    let expect: Vec<String> = people.iter().map(|p| format!("{api}/person/{p}")).collect();
    assert_eq!(
        ids, expect,
        "in creation order, each once, over three pages"
    );
    assert_eq!(texts.len(), 3);
    let first = get_json(app, &format!("{list_url}?limit=2")).await.body;
    assert_eq!(first["pagination"]["elementsPerPage"], 2);
    assert!(first["links"]["next"]
        .as_str()
        .unwrap()
        .starts_with(&format!("{list_url}?limit=2&cursor=")));
    all
}

/// created_since / created_until include their bounds; filters survive
/// into the next links.
async fn created_filters_include_their_bounds(
    app: &TestApp,
    list_url: &str,
    all: &[Value],
    texts: &mut Vec<String>,
) {
    let third = all[2]["created"].as_str().unwrap();
    let since = get_json(
        app,
        &format!("{list_url}?created_since={}", urlencode(third)),
    )
    .await
    .body;
    let got: Vec<&Value> = since["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["id"])
        .collect();
    assert_eq!(got, vec![&all[2]["id"], &all[3]["id"], &all[4]["id"]]);
    let until = get_json(
        app,
        &format!("{list_url}?created_until={}", urlencode(third)),
    )
    .await
    .body;
    let got: Vec<&Value> = until["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| &p["id"])
        .collect();
    assert_eq!(got, vec![&all[0]["id"], &all[1]["id"], &all[2]["id"]]);
    // Filters survive into the next links.
    let paged = read_list(
        app,
        &format!("{list_url}?created_since={}", urlencode(third)),
        1,
        texts,
    )
    .await;
    assert_eq!(paged.len(), 3);
}

/// A change shows up with modified_since; earlier objects do not; an
/// offset other than Z means the same instant.
async fn a_change_shows_up_with_modified_since(
    app: &TestApp,
    list_url: &str,
    all: &[Value],
    people: &[String],
) {
    let before = all[4]["modified"].as_str().unwrap().to_string();
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    app.patch(
        &format!("/api/v1/people/{}", people[0]),
        json!({"honorific": "Cllr"}),
    )
    .await
    .expect(200);
    let changed = get_json(
        app,
        &format!("{list_url}?modified_since={}", urlencode(&before)),
    )
    .await
    .body;
    let data = changed["data"].as_array().unwrap();
    let got: Vec<&Value> = data.iter().map(|p| &p["id"]).collect();
    assert_eq!(got, vec![&all[0]["id"], &all[4]["id"]]);
    assert_eq!(data[0]["formOfAddress"], "Cllr");
    assert!(data
        .iter()
        .all(|p| p["modified"].as_str().unwrap() >= before.as_str()));
    let unchanged = get_json(
        app,
        &format!("{list_url}?modified_until={}", urlencode(&before)),
    )
    .await
    .body;
    assert_eq!(unchanged["data"].as_array().unwrap().len(), 4);
    // An offset other than Z means the same instant.
    let plus_one = chrono::DateTime::parse_from_rfc3339(&before)
        .unwrap()
        .with_timezone(&chrono::FixedOffset::east_opt(3600).unwrap())
        .to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false);
    let same = get_json(
        app,
        &format!("{list_url}?modified_since={}", urlencode(&plus_one)),
    )
    .await
    .body;
    assert_eq!(same["data"], changed["data"]);
}

/// Bad filters are the client's error, as problem+json.
async fn bad_filters_are_the_clients_error(app: &TestApp) {
    let bad = app
        .get("/oparl/v1/body/0/people?created_since=yesterday", None)
        .await
        .expect(400);
    assert_eq!(
        bad.header("content-type").as_deref(),
        Some("application/problem+json")
    );
    app.get("/oparl/v1/body/0/people?cursor=!!!", None)
        .await
        .expect(400);
    app.get("/oparl/v1/body/1/people", None).await.expect(404);
}

#[tokio::test]
async fn a_meeting_is_modified_when_anything_it_shows_changes() {
    let app = spawn_app().await;
    let f = safer_stockton(&app).await;
    let api = format!("{}/oparl/v1", app.base);
    let meeting = get_json(&app, &format!("{api}/meeting/{}", f.meeting))
        .await
        .body;
    let before = meeting["modified"].as_str().unwrap().to_string();
    // Just after the meeting's last change: nothing of it is that new yet.
    let after_before =
        chrono::DateTime::parse_from_rfc3339(&before).unwrap() + chrono::Duration::microseconds(1);
    let since = urlencode(&after_before.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true));
    let nothing = get_json(
        &app,
        &format!("{api}/body/0/agenda-items?modified_since={since}"),
    )
    .await
    .body;
    assert_eq!(nothing["data"], json!([]));
    tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    // An outcome of one item changes (the published minutes are frozen to
    // the API, so the row is touched directly, as a reopen-and-edit would).
    use minutebook::db::schema::outcomes;
    {
        let mut conn = minutebook::db::establish(&app.database_url).unwrap();
        diesel::update(outcomes::table.filter(outcomes::item_id.eq(&f.report_item)))
            .set(outcomes::updated_at.eq(minutebook::store::now()))
            .execute(&mut conn)
            .unwrap();
    }
    let changed = get_json(
        &app,
        &format!("{api}/body/0/meetings?modified_since={since}"),
    )
    .await
    .body;
    let ids: Vec<&Value> = changed["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| &m["id"])
        .collect();
    assert_eq!(ids, vec![&meeting["id"]]);
    let after = &changed["data"][0]["modified"];
    assert!(after.as_str().unwrap() > before.as_str());
    let item = get_json(&app, &format!("{api}/agenda-item/{}", f.report_item))
        .await
        .body;
    assert_eq!(&item["modified"], after);
    let items = get_json(
        &app,
        &format!("{api}/body/0/agenda-items?modified_since={since}"),
    )
    .await
    .body;
    let ids: Vec<&Value> = items["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| &i["id"])
        .collect();
    assert_eq!(ids, vec![&item["id"]]);
    let older = get_json(
        &app,
        &format!("{api}/body/0/meetings?modified_until={since}"),
    )
    .await
    .body;
    assert_eq!(older["data"], json!([]));
}

#[tokio::test]
async fn numbering_years_are_legislative_terms_per_start_month() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({"year_start_month": 5})).await;
    app.body("chc", "CHC", json!({"year_start_month": 4})).await;
    for (body, date) in [
        ("ssp", "2023-07-19T09:00:00Z"),
        ("chc", "2023-07-20T09:00:00Z"),
        ("ssp", "2024-06-01T09:00:00Z"),
    ] {
        let m = app.meeting(body, date).await;
        app.item(&m, "Report").await;
        app.publish(&m).await.expect(200);
    }
    let api = format!("{}/oparl/v1", app.base);
    let terms = get_json(&app, &format!("{api}/body/0/legislative-terms"))
        .await
        .body;
    let schemas = Schemas::load();
    let data = terms["data"].as_array().unwrap();
    for t in data {
        schemas.check(t);
        let own = get_json(&app, t["id"].as_str().unwrap()).await.body;
        assert_eq!(&own, t);
    }
    let names: Vec<(&str, &str, &str)> = data
        .iter()
        .map(|t| {
            (
                t["name"].as_str().unwrap(),
                t["startDate"].as_str().unwrap(),
                t["endDate"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        names,
        vec![
            ("2023/24 (from May)", "2023-05-01", "2024-04-30"),
            ("2023/24 (from April)", "2023-04-01", "2024-03-31"),
            ("2024/25", "2024-05-01", "2025-04-30"),
        ]
    );
    let body = get_json(&app, &format!("{api}/body/0")).await.body;
    schemas.check(&body);
    assert_eq!(body["legislativeTerm"].as_array().unwrap(), data);
    let orgs = get_json(&app, &format!("{api}/body/0/organizations"))
        .await
        .body;
    assert_eq!(orgs["data"].as_array().unwrap().len(), 2);
}

/// Lists that embed objects (a meeting holds its agenda items) stop a page
/// at about 100 kB of JSON and go on at `links.next`, each object once.
#[tokio::test]
async fn list_pages_stop_at_about_100_kb_and_go_on_at_the_next_link() {
    use minutebook::db::schema::items;
    let app = spawn_app().await;
    app.body("big", "BIG", json!({})).await;
    let mut meetings = Vec::new();
    for day in 1..=12 {
        let m = app
            .meeting("big", &format!("2024-03-{day:02}T09:00:00Z"))
            .await;
        app.item(&m, "Report").await;
        app.publish(&m).await.expect(200);
        meetings.push(m);
    }
    // Every third meeting's item gets a 30,000-character title (more than
    // the API takes, as a long agenda's texts would add up to): a page
    // holds several small meetings and stops at the fourth long one, past
    // the eight meetings the list builds at a time.
    let long: Vec<&String> = meetings.iter().step_by(3).collect();
    let mut conn = minutebook::db::establish(&app.database_url).unwrap();
    let n = diesel::update(items::table.filter(items::meeting_id.eq_any(&long)))
        .set(items::title.eq("Long report ".repeat(2500)))
        .execute(&mut conn)
        .unwrap();
    assert_eq!(n, 4);
    let api = format!("{}/oparl/v1", app.base);
    for (list, ids) in [("meetings", &meetings), ("agenda-items", &Vec::new())] {
        let mut next = Some(format!("{api}/body/0/{list}"));
        let mut seen = Vec::new();
        let mut pages = 0;
        while let Some(url) = next {
            let r = get_json(&app, &url).await;
            assert!(
                r.text.len() <= 100 * 1024,
                "{url} is {} bytes",
                r.text.len()
            );
            let data = r.body["data"].as_array().unwrap();
            assert!(!data.is_empty(), "{url}");
            seen.extend(data.iter().map(|o| o["id"].as_str().unwrap().to_string()));
            next = r.body["links"]["next"].as_str().map(str::to_string);
            pages += 1;
        }
        assert!(pages >= 2, "{list} took {pages} page(s)");
        assert_eq!(seen.len(), 12, "{list}: each object once");
        let mut unique = seen.clone();
        unique.dedup();
        assert_eq!(unique, seen, "{list}: in order, no repeats");
        if !ids.is_empty() {
            let expect: Vec<String> = ids.iter().map(|m| format!("{api}/meeting/{m}")).collect();
            assert_eq!(seen, expect, "{list}: in creation order");
        }
    }
}

/// The numbering years the triggers keep agree with the numbered items
/// (the earliest, over a year's numbered items, of the later of the item's
/// creation and its meeting's agenda publication), through publication, a
/// late item numbered as it is made, and items made long before their
/// meeting's publication.
#[tokio::test]
async fn the_numbering_years_kept_by_triggers_agree_with_the_items() {
    use chrono::NaiveDateTime;
    use minutebook::db::schema::numbering_years as ny;
    use minutebook::db::schema::{items, meetings};
    use std::collections::BTreeMap;
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({"year_start_month": 5})).await;
    app.body("chc", "CHC", json!({"year_start_month": 4})).await;
    let mut published = Vec::new();
    for (body, date) in [
        ("ssp", "2024-07-19T09:00:00Z"),
        ("ssp", "2023-07-19T09:00:00Z"),
        ("chc", "2023-07-20T09:00:00Z"),
        ("ssp", "2024-06-01T09:00:00Z"),
    ] {
        let m = app.meeting(body, date).await;
        app.item(&m, "Report").await;
        app.item(&m, "Another report").await;
        app.publish(&m).await.expect(200);
        published.push(m);
    }
    // An item added after publication is numbered as it is made.
    app.item(&published[1], "Late report").await;
    // A meeting whose items were made long before it was published.
    let early = app.meeting("chc", "2023-09-01T09:00:00Z").await;
    app.item(&early, "Early report").await;
    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    app.publish(&early).await.expect(200);

    let mut conn = minutebook::db::establish(&app.database_url).unwrap();
    let rows: Vec<(String, Option<i32>, NaiveDateTime, Option<NaiveDateTime>)> = items::table
        .inner_join(meetings::table)
        .select((
            meetings::body_id,
            items::minute_year,
            items::created_at,
            meetings::agenda_published_at,
        ))
        .load(&mut conn)
        .unwrap();
    let mut expect: BTreeMap<(String, i32), NaiveDateTime> = BTreeMap::new();
    for (body, year, created, published) in rows {
        let Some(year) = year else { continue };
        let at = published.map_or(created, |p| p.max(created));
        let e = expect.entry((body, year)).or_insert(at);
        *e = (*e).min(at);
    }
    let kept: BTreeMap<(String, i32), NaiveDateTime> = ny::table
        .select((ny::body_id, ny::numbering_year, ny::first_numbered_at))
        .load::<(String, i32, NaiveDateTime)>(&mut conn)
        .unwrap()
        .into_iter()
        .map(|(b, y, at)| ((b, y), at))
        .collect();
    assert_eq!(expect.len(), 3, "{expect:?}");
    assert_eq!(kept, expect);
}

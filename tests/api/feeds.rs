//! iCalendar and Atom feeds, read back by independent parsers: the `ical`
//! crate for RFC 5545 and `feed-rs` for Atom (RFC 4287).

use crate::helpers::{spawn_app, Res, TestApp};
use crate::public_pages::{publish_all, seed_ssp, set_minutes_status, Ssp, SSP_SECRETS};
use serde_json::json;
use std::collections::HashMap;

/// One event: its properties' values by name.
pub(crate) type Event = HashMap<String, String>;

/// The events of a calendar, checked to be one valid VCALENDAR.
pub(crate) fn parse_ics(text: &str) -> Vec<Event> {
    let mut parser = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
    let cal = parser
        .next()
        .expect("one calendar")
        .unwrap_or_else(|e| panic!("not valid iCalendar: {e}\n{text}"));
    assert!(parser.next().is_none(), "one calendar only");
    let version = cal
        .properties
        .iter()
        .find(|p| p.name == "VERSION")
        .and_then(|p| p.value.clone());
    assert_eq!(version.as_deref(), Some("2.0"));
    assert!(cal.properties.iter().any(|p| p.name == "PRODID"));
    cal.events
        .into_iter()
        .map(|e| {
            e.properties
                .into_iter()
                .map(|p| (p.name, p.value.unwrap_or_default()))
                .collect()
        })
        .collect()
}

async fn get_ok(app: &TestApp, path: &str) -> Res {
    app.get(path, None).await.expect(200)
}

fn prop<'a>(ev: &'a Event, name: &str) -> &'a str {
    ev.get(name)
        .map(|v| v.as_str())
        .unwrap_or_else(|| panic!("no {name} in {ev:?}"))
}

#[tokio::test]
async fn calendars_parse_and_carry_uids_utc_times_location_url_and_cancellation() {
    let app = spawn_app().await;
    let ssp = seed_ssp(&app).await;
    publish_all(&app, &ssp.meeting).await;
    let (winter, cancelled, draft, other) =
        meetings_winter_cancelled_draft_and_elsewhere(&app).await;

    let r = the_body_calendar_carries_each_meeting(&app, &ssp, &winter, &cancelled, &draft).await;

    every_bodys_calendar_has_one_more_event(&app, &other, &r).await;

    an_unchanged_calendar_keeps_its_etag(&app, &r).await;
}

/// Adds a winter meeting, a cancelled one, a draft and another body's; answers (winter, cancelled, draft, other).
async fn meetings_winter_cancelled_draft_and_elsewhere(
    app: &TestApp,
) -> (String, String, String, String) {
    // A winter meeting with an end time, on GMT.
    let winter = app
        .post(
            "/api/v1/bodies/ssp/meetings",
            json!({"starts_at": "2024-01-17T14:00:00Z", "ends_at": "2024-01-17T15:30:00Z",
                   "title": "Budget; priorities, and \"more\"", "venue": {"name": "Council Chamber"}}),
        )
        .await
        .expect(201)
        .id();
    app.item(&winter, "Budget").await;
    app.publish(&winter).await.expect(200);
    // A cancelled meeting, and a draft one that must not appear.
    let cancelled = app.meeting("ssp", "2024-03-20T09:00:00Z").await;
    app.item(&cancelled, "Apologies").await;
    app.publish(&cancelled).await.expect(200);
    app.patch(
        &format!("/api/v1/meetings/{cancelled}"),
        json!({"status": "cancelled"}),
    )
    .await
    .expect(200);
    let draft = app.meeting("ssp", "2024-06-19T09:00:00Z").await;
    // Another body, in the all-bodies calendar only.
    app.body("cyp", "CYP", json!({})).await;
    let other = app.meeting("cyp", "2024-02-01T10:00:00Z").await;
    app.item(&other, "Apologies").await;
    app.publish(&other).await.expect(200);
    (winter, cancelled, draft, other)
}

/// Checks the body's calendar is valid iCalendar with each meeting's UID, times, place, link and status; answers it.
async fn the_body_calendar_carries_each_meeting(
    app: &TestApp,
    ssp: &Ssp,
    winter: &str,
    cancelled: &str,
    draft: &str,
) -> Res {
    // These meetings are older than the default window (the last twelve
    // months and the future): asked for from 2023.
    let r = get_ok(app, "/bodies/ssp/meetings.ics?from=2023-01-01").await;
    assert_eq!(
        r.header("content-type").as_deref(),
        Some("text/calendar; charset=utf-8")
    );
    assert!(r.text.contains("\r\n"), "lines end in CRLF");
    let events = parse_ics(&r.text);
    assert_eq!(events.len(), 3, "{}", r.text);
    let by_uid: HashMap<&str, _> = events.iter().map(|e| (prop(e, "UID"), e)).collect();
    assert!(!by_uid.contains_key(format!("{draft}@127.0.0.1").as_str()));

    let seed = by_uid[format!("{}@127.0.0.1", ssp.meeting).as_str()];
    // 9.00 am BST is 08:00 UTC; no end recorded: two hours.
    assert_eq!(prop(seed, "DTSTART"), "20230719T080000Z");
    assert_eq!(prop(seed, "DTEND"), "20230719T100000Z");
    assert_eq!(
        prop(seed, "LOCATION"),
        "Meeting Room 1\\, Jim Cooke Conference Suite\\, Church Road\\, Stockton on Tees\\, TS18 1TU"
    );
    assert_eq!(
        prop(seed, "URL"),
        format!("{}/meetings/{}", app.base, ssp.meeting)
    );
    assert_eq!(prop(seed, "STATUS"), "CONFIRMED");
    assert_eq!(prop(seed, "SUMMARY"), "Safer Stockton Partnership");
    assert!(prop(seed, "DTSTAMP").ends_with('Z'));

    let w = by_uid[format!("{winter}@127.0.0.1").as_str()];
    assert_eq!(prop(w, "DTSTART"), "20240117T140000Z");
    assert_eq!(prop(w, "DTEND"), "20240117T153000Z");
    assert_eq!(
        prop(w, "SUMMARY"),
        "Safer Stockton Partnership: Budget\\; priorities\\, and \"more\""
    );

    let c = by_uid[format!("{cancelled}@127.0.0.1").as_str()];
    assert_eq!(prop(c, "STATUS"), "CANCELLED");
    r
}

/// Checks every body's calendar adds the other body's meeting and nothing restricted shows.
async fn every_bodys_calendar_has_one_more_event(app: &TestApp, other: &str, r: &Res) {
    // Every body: one more event; the same UIDs.
    let all = parse_ics(&get_ok(app, "/meetings.ics?from=2023-01-01").await.text);
    assert_eq!(all.len(), 4);
    assert!(all
        .iter()
        .any(|e| prop(e, "UID") == format!("{other}@127.0.0.1")));
    for secret in SSP_SECRETS {
        assert!(!r.text.contains(secret));
    }
}

/// Checks an unchanged calendar is the same bytes and answers 304 to its ETag.
async fn an_unchanged_calendar_keeps_its_etag(app: &TestApp, r: &Res) {
    // Unchanged, the calendar is the same bytes: the ETag holds.
    let again = get_ok(app, "/bodies/ssp/meetings.ics?from=2023-01-01").await;
    assert_eq!(again.text, r.text);
    assert_eq!(again.header("etag"), r.header("etag"));
    let not_modified = app
        .client
        .get(app.url("/bodies/ssp/meetings.ics?from=2023-01-01"))
        .header("If-None-Match", r.header("etag").unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(not_modified.status(), 304);
    app.get("/bodies/nope/meetings.ics", None).await.expect(404);
}

/// A built calendar is kept under a tag of everything it is written from:
/// it must follow every change (through the API or by SQL), never answer
/// an old copy, and keep one body's and every body's calendars apart.
#[tokio::test]
async fn a_kept_calendar_follows_every_change() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    let m = app.meeting("ssp", "2024-01-17T14:00:00Z").await;
    app.item(&m, "Apologies").await;
    app.publish(&m).await.expect(200);
    let path = "/bodies/ssp/meetings.ics?from=2023-01-01";
    let first = the_body_and_every_body_calendars_are_kept_apart(&app, path).await;

    a_change_through_the_api_shows(&app, path, &m, &first).await;

    a_renamed_body_and_a_change_by_sql_show(&app, path, &m).await;

    a_new_meeting_appears_and_a_cancelled_one_says_so(&app, path).await;
}

/// Checks one body's and every body's calendars are kept apart; answers the first.
async fn the_body_and_every_body_calendars_are_kept_apart(
    app: &TestApp,
    path: &'static str,
) -> Res {
    let get = |p: &'static str| async move { get_ok(app, p).await };
    let first = get(path).await;
    let all = get("/meetings.ics?from=2023-01-01").await;
    assert_ne!(first.header("etag"), all.header("etag"));
    assert_eq!(get(path).await.text, first.text);
    first
}

/// Checks a venue changed through the API shows in both calendars and the old tag is stale.
async fn a_change_through_the_api_shows(app: &TestApp, path: &'static str, m: &str, first: &Res) {
    let get = |p: &'static str| async move { get_ok(app, p).await };
    // A change through the API.
    app.patch(
        &format!("/api/v1/meetings/{m}"),
        json!({"venue": {"name": "Civic Centre"}}),
    )
    .await
    .expect(200);
    let moved = get(path).await;
    assert_ne!(moved.header("etag"), first.header("etag"));
    assert!(
        moved.text.contains("LOCATION:Civic Centre"),
        "{}",
        moved.text
    );
    assert!(get("/meetings.ics?from=2023-01-01")
        .await
        .text
        .contains("LOCATION:Civic Centre"));
    let stale = app
        .client
        .get(app.url(path))
        .header("If-None-Match", first.header("etag").unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), 200);
}

/// Checks the body's new name and a title changed by SQL show.
async fn a_renamed_body_and_a_change_by_sql_show(app: &TestApp, path: &'static str, m: &str) {
    let get = |p: &'static str| async move { get_ok(app, p).await };
    // The body's name is in every event.
    app.patch("/api/v1/bodies/ssp", json!({"name": "Safer Streets"}))
        .await
        .expect(200);
    let renamed = get(path).await;
    assert!(
        renamed.text.contains("SUMMARY:Safer Streets"),
        "{}",
        renamed.text
    );

    // A change made by SQL, behind the service's back: no version bumped.
    {
        use diesel::RunQueryDsl;
        let mut c = minutebook::db::establish(&app.database_url).unwrap();
        diesel::sql_query(format!(
            "UPDATE meetings SET title = 'Budget by SQL' WHERE id = '{m}'"
        ))
        .execute(&mut c)
        .unwrap();
    }
    let by_sql = get(path).await;
    assert!(by_sql.text.contains("Budget by SQL"), "{}", by_sql.text);
    assert_ne!(by_sql.header("etag"), renamed.header("etag"));
}

/// Checks a newly published meeting appears and says so once cancelled.
async fn a_new_meeting_appears_and_a_cancelled_one_says_so(app: &TestApp, path: &'static str) {
    let get = |p: &'static str| async move { get_ok(app, p).await };
    // A new meeting appears; a cancelled one says so.
    let next = app.meeting("ssp", "2024-02-21T14:00:00Z").await;
    app.item(&next, "Apologies").await;
    app.publish(&next).await.expect(200);
    assert!(get(path).await.text.contains(&format!("UID:{next}@")));
    app.patch(
        &format!("/api/v1/meetings/{next}"),
        json!({"status": "cancelled"}),
    )
    .await
    .expect(200);
    assert!(get(path).await.text.contains("STATUS:CANCELLED"));
}

#[tokio::test]
async fn a_calendar_holds_the_last_year_and_the_future_and_other_windows_when_asked() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    let day = |days: i64| {
        (chrono::Utc::now() + chrono::Duration::days(days))
            .format("%Y-%m-%dT10:00:00Z")
            .to_string()
    };
    let mut at = HashMap::new();
    for (name, days) in [
        ("two years ago", -730),
        ("last summer", -300),
        ("last week", -7),
        ("next year", 400),
    ] {
        let m = app.meeting("ssp", &day(days)).await;
        app.item(&m, "Apologies").await;
        app.publish(&m).await.expect(200);
        at.insert(name, format!("{m}@127.0.0.1"));
    }
    let uids = |text: &str| -> Vec<String> {
        parse_ics(text)
            .iter()
            .map(|e| prop(e, "UID").to_string())
            .collect()
    };
    let has = |uids: &[String], name: &str| uids.contains(&at[name]);

    let default = uids(&get_ok(&app, "/bodies/ssp/meetings.ics").await.text);
    assert_eq!(default.len(), 3, "{default:?}");
    assert!(!has(&default, "two years ago"));
    assert!(
        has(&default, "last summer") && has(&default, "last week") && has(&default, "next year")
    );

    // An older window, both ends inclusive London dates.
    let old = (chrono::Utc::now() - chrono::Duration::days(730)).format("%Y-%m-%d");
    let window = uids(
        &get_ok(
            &app,
            &format!("/bodies/ssp/meetings.ics?from={old}&to={old}"),
        )
        .await
        .text,
    );
    assert_eq!(window, vec![at["two years ago"].clone()]);
    let all = uids(&get_ok(&app, "/meetings.ics?from=2000-01-01").await.text);
    assert_eq!(all.len(), 4);

    // A window that cannot be is a 400, not an empty calendar.
    let bad = app
        .get(
            "/bodies/ssp/meetings.ics?from=2024-02-01&to=2024-01-01",
            None,
        )
        .await;
    assert_eq!(bad.status.as_u16(), 400, "{}", bad.text);
    let bad = app.get("/meetings.ics?from=yesterday", None).await;
    assert_eq!(bad.status.as_u16(), 400, "{}", bad.text);
}

pub(crate) fn parse_atom(text: &str) -> feed_rs::model::Feed {
    let feed = feed_rs::parser::parse(text.as_bytes())
        .unwrap_or_else(|e| panic!("not a valid feed: {e}\n{text}"));
    assert_eq!(feed.feed_type, feed_rs::model::FeedType::Atom);
    feed
}

fn entry_titles(feed: &feed_rs::model::Feed) -> Vec<String> {
    feed.entries
        .iter()
        .map(|e| {
            e.title
                .as_ref()
                .map(|t| t.content.clone())
                .unwrap_or_default()
        })
        .collect()
}

#[tokio::test]
async fn atom_feeds_parse_and_list_published_agendas_minutes_and_decisions() {
    let app = spawn_app().await;
    let ssp = seed_ssp(&app).await;
    app.publish(&ssp.meeting).await.expect(200);

    a_published_agenda_alone_is_one_entry(&app).await;

    let feed = published_minutes_add_their_public_decisions(&app, &ssp).await;
    every_entry_has_an_id_a_date_and_a_link(&app, &ssp, &feed);

    ids_are_stable(&app, &feed).await;

    another_bodys_feed_is_its_own(&app, &feed).await;
}

/// Checks a feed with the agenda published and the minutes a draft has one entry and no decisions.
async fn a_published_agenda_alone_is_one_entry(app: &TestApp) {
    // Agenda published, minutes still a draft: one entry, no decisions.
    let r = get_ok(app, "/bodies/ssp/feed.atom").await;
    assert_eq!(
        r.header("content-type").as_deref(),
        Some("application/atom+xml; charset=utf-8")
    );
    let feed = parse_atom(&r.text);
    assert_eq!(
        entry_titles(&feed),
        vec!["Agenda: Safer Stockton Partnership — Wednesday, 19th July, 2023 9.00 am"]
    );
    assert!(!r.text.contains("AGREED that the update be noted"));
    assert!(!r.text.contains("Navigator"));
}

/// Publishes the minutes and checks the feed lists them and three public decisions only; answers the feed.
async fn published_minutes_add_their_public_decisions(
    app: &TestApp,
    ssp: &Ssp,
) -> feed_rs::model::Feed {
    app.patch(
        &format!("/api/v1/meetings/{}", ssp.meeting),
        json!({"status": "held"}),
    )
    .await
    .expect(200);
    set_minutes_status(app, &ssp.meeting, "published");
    let r = get_ok(app, "/bodies/ssp/feed.atom").await;
    let feed = parse_atom(&r.text);
    let titles = entry_titles(&feed);
    assert!(titles
        .iter()
        .any(|t| t == "Minutes: Safer Stockton Partnership — Wednesday, 19th July, 2023 9.00 am"));
    assert!(titles
        .iter()
        .any(|t| t == "SSP/3/23 Serious Violence - Curve Update: AGREED"));
    assert!(titles
        .iter()
        .any(|t| t == "SSP/5/23 Public Space Protection Order Update: RESOLVED"));
    // Three public decisions; the restricted item's is not one of them.
    assert_eq!(
        feed.entries
            .iter()
            .filter(|e| e.categories.iter().any(|c| c.term == "decision"))
            .count(),
        3
    );
    for secret in SSP_SECRETS {
        assert!(!r.text.contains(secret), "feed leaked {secret:?}");
    }
    feed
}

/// Checks every entry's id, date and link to the meeting page, and a decision's summary.
fn every_entry_has_an_id_a_date_and_a_link(app: &TestApp, ssp: &Ssp, feed: &feed_rs::model::Feed) {
    let page = format!("{}/meetings/{}", app.base, ssp.meeting);
    for e in &feed.entries {
        assert!(
            e.id.starts_with("tag:127.0.0.1,2026:minutebook:"),
            "{}",
            e.id
        );
        assert!(e.updated.is_some());
        assert!(
            e.links.iter().any(|l| l.href.starts_with(&page)),
            "entry {} links to the meeting page",
            e.id
        );
    }
    let decision = feed
        .entries
        .iter()
        .find(|e| e.title.as_ref().unwrap().content.starts_with("SSP/3/23"))
        .unwrap();
    assert!(decision
        .summary
        .as_ref()
        .unwrap()
        .content
        .contains("AGREED that the update be noted."));
    assert!(feed.updated.is_some());
}

/// Checks the entry ids are kept in the overall feed.
async fn ids_are_stable(app: &TestApp, feed: &feed_rs::model::Feed) {
    // Ids are stable.
    let again = parse_atom(&get_ok(app, "/feeds/minutes.atom").await.text);
    let ids: Vec<&str> = feed.entries.iter().map(|e| e.id.as_str()).collect();
    for id in &ids {
        assert!(again.entries.iter().any(|e| e.id == *id), "{id} kept");
    }
}

/// Checks another body's feed is its own and the overall one has both.
async fn another_bodys_feed_is_its_own(app: &TestApp, feed: &feed_rs::model::Feed) {
    // Another body's feed is its own; the overall one has both.
    app.body("cyp", "CYP", json!({})).await;
    let other = app.meeting("cyp", "2024-02-01T10:00:00Z").await;
    app.item(&other, "Apologies").await;
    app.publish(&other).await.expect(200);
    let cyp = parse_atom(&get_ok(app, "/bodies/cyp/feed.atom").await.text);
    assert_eq!(cyp.entries.len(), 1);
    let all = parse_atom(&get_ok(app, "/feeds/minutes.atom").await.text);
    assert_eq!(all.entries.len(), feed.entries.len() + 1);
    app.get("/bodies/nope/feed.atom", None).await.expect(404);
}

/// A feed is kept between requests only while nothing it shows changes: an
/// item renamed, another meeting published, the body renamed each show at
/// the next request.
#[tokio::test]
async fn a_kept_feed_follows_every_change_to_what_it_shows() {
    let app = spawn_app().await;
    let ssp = seed_ssp(&app).await;
    app.publish(&ssp.meeting).await.expect(200);
    let first = get_ok(&app, "/bodies/ssp/feed.atom").await.text;
    assert_eq!(get_ok(&app, "/bodies/ssp/feed.atom").await.text, first);
    assert!(first.contains("Serious Violence - Curve Update"));

    app.patch(
        &format!("/api/v1/items/{}", ssp.curv),
        json!({"title": "Serious Violence - Zebra Update"}),
    )
    .await
    .expect(200);
    let renamed = get_ok(&app, "/bodies/ssp/feed.atom").await.text;
    assert!(
        renamed.contains("Serious Violence - Zebra Update"),
        "{renamed}"
    );
    assert!(!renamed.contains("Serious Violence - Curve Update"));
    let all = get_ok(&app, "/feeds/minutes.atom").await.text;
    assert!(all.contains("Serious Violence - Zebra Update"));

    let next = app.meeting("ssp", "2023-09-20T09:00:00Z").await;
    app.item(&next, "Okapi sightings").await;
    app.publish(&next).await.expect(200);
    assert!(get_ok(&app, "/bodies/ssp/feed.atom")
        .await
        .text
        .contains("Okapi sightings"));
    assert!(get_ok(&app, "/feeds/minutes.atom")
        .await
        .text
        .contains("Okapi sightings"));

    app.patch(
        "/api/v1/bodies/ssp",
        json!({"name": "Safer Tees Partnership"}),
    )
    .await
    .expect(200);
    let feed = parse_atom(&get_ok(&app, "/bodies/ssp/feed.atom").await.text);
    assert!(feed
        .title
        .as_ref()
        .unwrap()
        .content
        .starts_with("Safer Tees Partnership"));
    assert!(entry_titles(&feed)
        .iter()
        .all(|t| !t.contains("Safer Stockton")));
}

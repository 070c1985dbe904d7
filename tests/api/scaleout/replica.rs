//! Public reads from a real PostgreSQL hot standby (`pg_basebackup -R`,
//! made by `tests/scaleout/run.sh`): an instance with the standby as its
//! replica answers the public pages, feeds, calendars, OParl, the web
//! service and search with data published through another instance, reads
//! the standby for them (shown by pausing its replay), and still writes
//! through the primary with a token.

use crate::helpers::{postgres_base, spawn_app, spawn_peer, TestApp};
use diesel::sql_types::{Bool, Text};
use diesel::{Connection, PgConnection, RunQueryDsl};
use serde_json::json;
use std::time::{Duration, Instant};

const MARKER: &str = "Skatepark floodlighting";

/// The standby's URL for the database `database_url` names on the primary.
fn on_standby(standby: &str, database_url: &str) -> String {
    let name = database_url
        .split('?')
        .next()
        .and_then(|u| u.rsplit('/').next())
        .unwrap();
    let (head, query) = standby.split_once('?').unwrap_or((standby, ""));
    let root = head.rsplit_once('/').map_or(head, |(r, _)| r);
    if query.is_empty() {
        format!("{root}/{name}")
    } else {
        format!("{root}/{name}?{query}")
    }
}

/// Waits (30 s at most) until the standby has replayed everything the
/// primary has written so far.
fn wait_replayed(primary: &str, standby: &str) {
    let mut p = PgConnection::establish(primary).unwrap();
    let lsn: String = diesel::select(diesel::dsl::sql::<Text>("pg_current_wal_lsn()::text"))
        .get_result(&mut p)
        .unwrap();
    let mut s = PgConnection::establish(standby).unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let done: bool = diesel::select(diesel::dsl::sql::<Bool>(&format!(
            "coalesce(pg_last_wal_replay_lsn() >= '{lsn}'::pg_lsn, false)"
        )))
        .get_result(&mut s)
        .unwrap();
        if done {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the standby did not replay {lsn} in 30 s"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Pauses the standby's replay; resumes it when dropped (even on failure).
struct Paused(String);

impl Paused {
    fn new(standby: &str) -> Paused {
        let mut s = PgConnection::establish(standby).unwrap();
        diesel::sql_query("SELECT pg_wal_replay_pause()")
            .execute(&mut s)
            .unwrap();
        Paused(standby.to_string())
    }
}

impl Drop for Paused {
    fn drop(&mut self) {
        if let Ok(mut s) = PgConnection::establish(&self.0) {
            let _ = diesel::sql_query("SELECT pg_wal_replay_resume()").execute(&mut s);
        }
    }
}

async fn public_text(app: &TestApp, path: &str) -> String {
    let r = app.get(path, None).await;
    assert_eq!(r.status.as_u16(), 200, "{path}: {}", r.text);
    r.text
}

#[tokio::test]
async fn an_instance_with_a_hot_standby_answers_public_reads_from_it_with_fresh_data() {
    let (Some(primary), Ok(standby)) = (
        postgres_base(),
        std::env::var("MINUTEBOOK_TEST_REPLICA_URL"),
    ) else {
        eprintln!(
            "skipped: needs MINUTEBOOK_TEST_DATABASE_URL (PostgreSQL) and \
             MINUTEBOOK_TEST_REPLICA_URL (its hot standby; tests/scaleout/run.sh makes one)"
        );
        return;
    };
    let a = spawn_app().await;
    let standby_db = on_standby(&standby, &a.database_url);
    wait_replayed(&primary, &standby);
    let replica = standby_db.clone();
    let c = spawn_peer(&a, move |s| s.replica_url = Some(replica)).await;

    let m = a_meeting_is_published_through_the_primary(&a, &standby_db).await;
    public_reads_through_the_replica_show_it(&c, &m).await;
    let m2 = a_meeting_published_while_replay_is_paused(&a, &c, &standby_db).await;
    after_replay_the_replica_shows_it(&a, &c, &standby_db, (&m, &m2)).await;
    search_on_the_standby_finds_the_published_item(&c).await;
}

/// Published through A (the primary), then replayed on the standby;
/// returns the meeting's id.
async fn a_meeting_is_published_through_the_primary(a: &TestApp, standby_db: &str) -> String {
    a.body("ssp", "SSP", json!({})).await;
    let m = a.meeting("ssp", "2023-07-19T09:00:00+01:00").await;
    a.item(&m, MARKER).await;
    a.publish(&m).await.expect(200);
    wait_replayed(&a.database_url, standby_db);
    m
}

/// Read through C, without a token: from the standby, every public output
/// has the meeting and its item.
async fn public_reads_through_the_replica_show_it(c: &TestApp, m: &str) {
    for path in [
        format!("/meetings/{m}"),
        "/bodies/ssp/feed.atom".to_string(),
        "/feeds/minutes.atom".to_string(),
        "/oparl/v1/body/0/agenda-items".to_string(),
        format!("/api/v1/meetings/{m}"),
        format!("/api/v1/meetings/{m}/agenda?format=html"),
    ] {
        let text = public_text(c, &path).await;
        assert!(text.contains(MARKER), "{path} lacks the published item");
    }
    for path in [
        "/bodies/ssp".to_string(),
        "/api/v1/bodies/ssp/meetings".to_string(),
        // The meeting is in 2023: outside a calendar's default window
        // (the last twelve months and the future).
        "/meetings.ics?from=2023-01-01".to_string(),
        "/bodies/ssp/meetings.ics?from=2023-01-01".to_string(),
        "/oparl/v1/body/0/meetings".to_string(),
        format!("/oparl/v1/meeting/{m}"),
    ] {
        let text = public_text(c, &path).await;
        assert!(text.contains(m), "{path} lacks the published meeting");
    }
    let ws = public_text(
        c,
        "/mgWebService.asmx/GetMeetings?lCommitteeId=0&sFromDate=0&sToDate=0",
    )
    .await;
    assert!(
        ws.contains("19/07/2023"),
        "the web service lacks the meeting: {ws}"
    );
    public_text(c, "/").await;
}

/// With the standby's replay paused, a meeting published now is on the
/// primary only: C's public reads do not see it (they read the standby),
/// its token reads and writes do (the primary). Returns the meeting's id.
async fn a_meeting_published_while_replay_is_paused(
    a: &TestApp,
    c: &TestApp,
    standby_db: &str,
) -> String {
    let _paused = Paused::new(standby_db);
    let m2 = a.meeting("ssp", "2023-09-20T09:00:00+01:00").await;
    a.item(&m2, "Library opening hours").await;
    a.publish(&m2).await.expect(200);
    c.get(&format!("/meetings/{m2}"), None).await.expect(404);
    c.get(&format!("/api/v1/meetings/{m2}"), None)
        .await
        .expect(404);
    c.get(&format!("/api/v1/meetings/{m2}"), Some(&c.clerk))
        .await
        .expect(200);
    let added = c
        .item(&m2, "Added through the replica-configured instance")
        .await;
    c.get(&format!("/api/v1/items/{added}"), Some(&c.clerk))
        .await
        .expect(200);
    m2
}

/// Once replayed, the second meeting `ms.1` is on C's public pages and the
/// first `ms.0` still answers.
async fn after_replay_the_replica_shows_it(
    a: &TestApp,
    c: &TestApp,
    standby_db: &str,
    ms: (&str, &str),
) {
    let (m, m2) = ms;
    wait_replayed(&a.database_url, standby_db);
    let page = public_text(c, "/bodies/ssp").await;
    assert!(
        page.contains(m2),
        "after replay the body page lists the second meeting"
    );
    c.get(&format!("/meetings/{m2}"), None).await.expect(200);
    c.get(&format!("/api/v1/meetings/{m}"), None)
        .await
        .expect(200);
}

/// Search, last: the public search must not write (the standby refuses),
/// so the index has to be kept on the write path; a search that builds
/// it on GET finds nothing here.
async fn search_on_the_standby_finds_the_published_item(c: &TestApp) {
    let found = c
        .get(&format!("/api/v1/search?q={}", "floodlighting"), None)
        .await;
    assert_eq!(
        found.status.as_u16(),
        200,
        "search on the standby: {}",
        found.text
    );
    assert!(
        found.text.contains("floodlighting"),
        "search on the standby lacks the published item (is the index still built by GET?): {}",
        found.text
    );
    let page = public_text(c, "/search?q=floodlighting").await;
    assert!(page.contains("floodlighting"));
}

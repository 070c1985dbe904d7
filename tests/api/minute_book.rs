//! Confirmed minutes are frozen by the database and chained in the body's
//! minute book: raw SQL cannot change them on either backend; with the
//! triggers dropped and a row edited, the public verify names the meeting.

use crate::helpers::TestApp;
use crate::public_pages::set_minutes_status;
use crate::votes::{outcome, partnership, record_votes, Partnership};
use diesel::connection::SimpleConnection;
use diesel::RunQueryDsl;
use serde_json::json;

/// A partnership meeting with votes, a declaration and an action, approved
/// and then confirmed by the next meeting's "minutes of the last meeting".
async fn confirmed(app: &TestApp) -> (Partnership, String) {
    let p = partnership(app).await;
    record_votes(app, &p).await;
    app.post(
        &format!("/api/v1/items/{}/declarations", p.budget),
        json!({"person_id": p.people[1], "nature": "Trustee of a grant applicant", "kind": "other_registrable", "withdrew": false}),
    )
    .await
    .expect(201);
    app.patch(
        &format!("/api/v1/items/{}", p.budget),
        json!({"minutes": "The treasurer presented the budget."}),
    )
    .await
    .expect(200);
    let action = app
        .post(
            &format!("/api/v1/items/{}/actions", p.grant),
            json!({"description": "Write to the grant recipient", "owner": "Clerk"}),
        )
        .await
        .expect(201)
        .id();
    set_minutes_status(app, &p.meeting, "approved");
    let next = app.meeting("ssp", "2023-10-18T09:00:00+01:00").await;
    let item = app
        .post(
            &format!("/api/v1/meetings/{next}/items"),
            json!({"title": "Minutes of the last meeting", "kind": "previous_minutes"}),
        )
        .await
        .expect(201)
        .id();
    outcome(
        app,
        &item,
        "AGREED",
        "that the minutes of the meeting held on 19 July 2023 be confirmed as a true record.",
    )
    .await;
    let m = app
        .get(&format!("/api/v1/meetings/{}", p.meeting), Some(&app.clerk))
        .await
        .expect(200);
    assert_eq!(m.body["minutes_status"], "confirmed");
    (p, action)
}

fn is_postgres(app: &TestApp) -> bool {
    app.database_url.starts_with("postgres")
}

/// Runs one statement as a database administrator would.
fn raw(app: &TestApp, sql: &str) -> Result<usize, String> {
    let mut conn = minutebook::db::establish(&app.database_url).unwrap();
    diesel::sql_query(sql)
        .execute(&mut conn)
        .map_err(|e| e.to_string())
}

fn drop_freezing_triggers(app: &TestApp) {
    let backend = if is_postgres(app) {
        "postgres"
    } else {
        "sqlite"
    };
    let down = std::fs::read_to_string(format!(
        "{}/migrations/{backend}/2026-12-02-000031_frozen_minutes/down.sql",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let mut conn = minutebook::db::establish(&app.database_url).unwrap();
    // The papers' trigger first: on PostgreSQL it uses the functions
    // the frozen minutes' migration made.
    let papers = if is_postgres(app) {
        "DROP TRIGGER frozen_documents ON documents;"
    } else {
        "DROP TRIGGER frozen_documents_bi; DROP TRIGGER frozen_documents_bu; DROP TRIGGER frozen_documents_bd;"
    };
    conn.batch_execute(papers).unwrap();
    conn.batch_execute(&down).unwrap();
}

/// Uploads a small PDF paper to an item: its id.
async fn paper(app: &TestApp, item: &str, body: &[u8]) -> crate::helpers::Res {
    let form = reqwest::multipart::Form::new()
        .text("title", "Budget report")
        .part(
            "file",
            reqwest::multipart::Part::bytes(body.to_vec())
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
    crate::helpers::Res::from(r).await
}

#[tokio::test]
async fn the_papers_of_confirmed_minutes_cannot_change_and_verify_names_one_changed() {
    let app = crate::helpers::spawn_app().await;
    let p = partnership(&app).await;
    let doc = paper(&app, &p.budget, b"%PDF-1.4\n% budget\n%%EOF\n")
        .await
        .expect(201)
        .id();
    let meeting = p.meeting.clone();
    // Confirm the minutes (as `confirmed` does, with the paper in place).
    set_minutes_status(&app, &meeting, "approved");
    let next = app.meeting("ssp", "2023-10-18T09:00:00+01:00").await;
    let item = app
        .post(
            &format!("/api/v1/meetings/{next}/items"),
            json!({"title": "Minutes of the last meeting", "kind": "previous_minutes"}),
        )
        .await
        .expect(201)
        .id();
    outcome(
        &app,
        &item,
        "AGREED",
        "that the minutes of the meeting held on 19 July 2023 be confirmed as a true record.",
    )
    .await;
    let v = app
        .get("/api/v1/bodies/ssp/minute-book/verify", None)
        .await
        .expect(200);
    assert_eq!(v.body["ok"], true, "{}", v.text);

    // The API refuses to add, replace or remove a paper: 409.
    let r = paper(&app, &p.budget, b"%PDF-1.4\n% late\n%%EOF\n")
        .await
        .expect(409);
    assert!(r.text.contains("confirmed"), "{}", r.text);
    app.send(
        reqwest::Method::DELETE,
        &format!("/api/v1/documents/{doc}"),
        Some(&app.clerk),
        None,
    )
    .await
    .expect(409);
    // So does the database, to anyone.
    for sql in [
        format!("UPDATE documents SET sha256 = 'x' WHERE id = '{doc}'"),
        format!("DELETE FROM documents WHERE id = '{doc}'"),
    ] {
        let e = raw(&app, &sql).unwrap_err();
        assert!(e.contains("confirmed minutes are frozen"), "{sql}: {e}");
    }
    // With the triggers dropped, a paper changed behind the service's back
    // is named by verify.
    drop_freezing_triggers(&app);
    raw(
        &app,
        &format!(
            "UPDATE documents SET sha256 = '{}' WHERE id = '{doc}'",
            "0".repeat(64)
        ),
    )
    .unwrap();
    let v = app
        .get("/api/v1/bodies/ssp/minute-book/verify", None)
        .await
        .expect(200);
    assert_eq!(v.body["ok"], false, "{}", v.text);
    let problem = &v.body["problems"][0];
    assert!(
        problem["what"].as_str().unwrap().contains("papers"),
        "{}",
        v.text
    );
    assert_eq!(problem["differences"][0], format!("paper {doc} changed"));
}

#[tokio::test]
async fn raw_sql_cannot_change_confirmed_minutes_and_verify_names_a_change_behind_its_back() {
    let app = crate::helpers::spawn_app().await;
    let (p, action) = confirmed(&app).await;

    let head = the_chain_holds_one_entry_with_its_head_in_the_feed(&app).await;

    the_api_refuses_to_change_confirmed_minutes(&app, &p, &action).await;

    raw_sql_is_refused(&app, &p).await;

    change_the_minutes_behind_the_services_back(&app, &p);

    verify_names_the_changed_meeting(&app, &p, &head).await;
}

/// Checks the chain holds one entry whose head is in the body's Atom feed; answers the head.
async fn the_chain_holds_one_entry_with_its_head_in_the_feed(app: &TestApp) -> String {
    // The chain holds one entry; its head is in the body's Atom feed.
    let v = app
        .get("/api/v1/bodies/ssp/minute-book/verify", None)
        .await
        .expect(200);
    assert_eq!(v.body["ok"], true, "{}", v.text);
    assert_eq!(v.body["entries"], 1);
    let head = v.body["head"].as_str().unwrap().to_string();
    assert_eq!(head.len(), 64);
    let feed = app.get("/bodies/ssp/feed.atom", None).await.expect(200);
    assert!(
        feed.text.contains("entries=\"1\"") && feed.text.contains(&head),
        "{}",
        feed.text
    );
    head
}

/// Checks the API refuses changes with 409 but still lets an action's progress change.
async fn the_api_refuses_to_change_confirmed_minutes(app: &TestApp, p: &Partnership, action: &str) {
    // The API refuses, with 409, even where it asks the database only.
    app.patch(
        &format!("/api/v1/items/{}", p.budget),
        json!({"minutes": "Changed."}),
    )
    .await
    .expect(409);
    let r = app
        .patch(
            &format!("/api/v1/meetings/{}", p.meeting),
            json!({"title": "A new title"}),
        )
        .await
        .expect(409);
    assert!(r.text.contains("confirmed"), "{}", r.text);
    app.patch(
        &format!("/api/v1/items/{}", p.budget),
        json!({"title": "Another title"}),
    )
    .await
    .expect(409);
    // An action's progress is not part of the frozen record.
    app.patch(
        &format!("/api/v1/actions/{action}"),
        json!({"status": "done"}),
    )
    .await
    .expect(200);
}

/// Checks a database administrator's raw SQL is refused and the minutes unchanged.
async fn raw_sql_is_refused(app: &TestApp, p: &Partnership) {
    // A database administrator's raw SQL is refused too.
    for sql in [
        format!(
            "UPDATE items SET minutes = 'The treasurer withdrew the budget.' WHERE id = '{}'",
            p.budget
        ),
        format!("DELETE FROM outcomes WHERE item_id = '{}'", p.budget),
        format!(
            "UPDATE votes SET for_count = 5 WHERE item_id = '{}'",
            p.grant
        ),
        format!(
            "UPDATE vote_records SET vote = 'for' WHERE person_id = '{}'",
            p.people[3]
        ),
        format!("DELETE FROM attendance WHERE meeting_id = '{}'", p.meeting),
        format!(
            "UPDATE declarations SET nature = 'none' WHERE item_id = '{}'",
            p.budget
        ),
        format!(
            "UPDATE minutes_revisions SET content = 'x' WHERE meeting_id = '{}'",
            p.meeting
        ),
        format!(
            "UPDATE minutes_milestones SET confirmed_sha256 = 'x' WHERE meeting_id = '{}'",
            p.meeting
        ),
        format!(
            "UPDATE meetings SET minutes_status = 'draft' WHERE id = '{}'",
            p.meeting
        ),
        "UPDATE minute_book_entries SET hash = 'x'".to_string(),
        "DELETE FROM audit_log".to_string(),
    ] {
        let err = raw(app, &sql).expect_err(&sql);
        assert!(
            err.contains("confirmed minutes are frozen") || err.contains("append-only"),
            "{sql}: {err}"
        );
    }
    let doc = app
        .get(&format!("/api/v1/items/{}", p.budget), Some(&app.clerk))
        .await
        .expect(200);
    assert_eq!(doc.body["minutes"], "The treasurer presented the budget.");
}

/// Drops the triggers and changes the text and a recorded vote in the database.
fn change_the_minutes_behind_the_services_back(app: &TestApp, p: &Partnership) {
    // Behind the service's back: the triggers dropped, the text and a
    // recorded vote changed.
    drop_freezing_triggers(app);
    raw(
        app,
        &format!(
            "UPDATE items SET minutes = 'The treasurer withdrew the budget.' WHERE id = '{}'",
            p.budget
        ),
    )
    .unwrap();
    raw(
        app,
        &format!(
            "UPDATE vote_records SET vote = 'for' WHERE person_id = '{}'",
            p.people[3]
        ),
    )
    .unwrap();
}

/// Checks verify names the changed meeting, shows lines only to token holders and keeps the head.
async fn verify_names_the_changed_meeting(app: &TestApp, p: &Partnership, head: &str) {
    let v = app
        .get("/api/v1/bodies/ssp/minute-book/verify", None)
        .await
        .expect(200);
    assert_eq!(v.body["ok"], false, "{}", v.text);
    let problem = &v.body["problems"][0];
    assert_eq!(problem["meeting_id"], p.meeting.as_str());
    assert!(problem["meeting"]
        .as_str()
        .unwrap()
        .contains("19th July, 2023"));
    assert!(problem["what"].as_str().unwrap().contains("differ"));
    let public_lines = problem["differences"].as_array().unwrap();
    assert!(!public_lines.is_empty());
    assert!(
        !v.text.contains("withdrew the budget"),
        "the public sees line numbers only: {}",
        v.text
    );
    // A token holder sees the lines.
    let v = app
        .get("/api/v1/bodies/ssp/minute-book/verify", Some(&app.reader))
        .await
        .expect(200);
    assert!(v.text.contains("withdrew the budget"), "{}", v.text);
    assert!(v.text.contains("presented the budget"), "{}", v.text);
    // The head itself is unchanged: the change is in the records.
    assert_eq!(v.body["head"], head);
    app.get("/api/v1/bodies/nobody/minute-book/verify", None)
        .await
        .expect(404);
}

#[tokio::test]
async fn each_confirmation_extends_the_chain_from_the_one_before() {
    let app = crate::helpers::spawn_app().await;
    let (p, _) = confirmed(&app).await;
    let first = app
        .get("/api/v1/bodies/ssp/minute-book/verify", None)
        .await
        .expect(200);
    // The October meeting is held, approved, then confirmed in January.
    let october: String = {
        let m = app
            .get("/api/v1/bodies/ssp/meetings", Some(&app.clerk))
            .await
            .expect(200);
        m.body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x["id"].as_str().unwrap().to_string())
            .find(|id| *id != p.meeting)
            .unwrap()
    };
    app.publish(&october).await.expect(200);
    app.patch(
        &format!("/api/v1/meetings/{october}"),
        json!({"status": "held"}),
    )
    .await
    .expect(200);
    set_minutes_status(&app, &october, "approved");
    let january = app.meeting("ssp", "2024-01-17T09:00:00+00:00").await;
    let item = app
        .post(
            &format!("/api/v1/meetings/{january}/items"),
            json!({"title": "Minutes", "kind": "previous_minutes"}),
        )
        .await
        .expect(201)
        .id();
    outcome(&app, &item, "RESOLVED", "that the minutes be confirmed.").await;
    let second = app
        .get("/api/v1/bodies/ssp/minute-book/verify", None)
        .await
        .expect(200);
    assert_eq!(second.body["ok"], true, "{}", second.text);
    assert_eq!(second.body["entries"], 2);
    assert_ne!(second.body["head"], first.body["head"]);
    // The stored chain: entry 2 points at entry 1.
    let mut conn = minutebook::db::establish(&app.database_url).unwrap();
    let body = app.get("/api/v1/bodies/ssp", None).await.expect(200);
    let entries =
        minutebook::store::minute_book::for_body(&mut conn, body.body["id"].as_str().unwrap())
            .unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[1].prev_hash, entries[0].hash);
    assert_eq!(entries[0].prev_hash, "0".repeat(64));
    assert_eq!(entries[0].meeting_id, p.meeting);
}

#[tokio::test]
async fn the_frozen_check_finds_a_meeting_by_its_key_whatever_the_caller_s_collation() {
    // The triggers pass TG_TABLE_NAME (a `name`, collation "C") beside the
    // meeting id, which made the id "C" too and the primary key unusable:
    // every row written scanned every meeting. Called the same way, with
    // sequential scans made as dear as they can be, the check must read
    // meetings through an index.
    let app = crate::helpers::spawn_app().await;
    if !app.database_url.starts_with("postgres") {
        return; // SQLite compares with the column's collation.
    }
    #[derive(diesel::QueryableByName)]
    struct Scans {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        seq_scan: i64,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        idx_scan: i64,
    }
    let mut c = minutebook::db::establish(&app.database_url).unwrap();
    c.batch_execute(
        "SET enable_seqscan = off; BEGIN; \
         SELECT refuse_if_confirmed('0d3f3c8e-0000-4000-8000-000000000000', 'items'::name);",
    )
    .unwrap();
    // This transaction's own scans, not yet reported.
    let scans: Scans = diesel::sql_query(
        "SELECT seq_scan, coalesce(idx_scan, 0) AS idx_scan FROM pg_stat_xact_user_tables \
         WHERE relname = 'meetings'",
    )
    .get_result(&mut c)
    .unwrap();
    c.batch_execute("ROLLBACK").unwrap();
    assert_eq!((scans.seq_scan, scans.idx_scan), (0, 1));
}

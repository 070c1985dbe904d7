//! The attendance record: per member and per body, as JSON and CSV, with
//! virtual attendance, substitutes, a cancelled meeting and partner
//! organisations; and the six-month rule, with an approved absence.

use crate::helpers::{spawn_app, TestApp};
use chrono::{Duration, NaiveDate, Utc};
use serde_json::{json, Value};

fn day(n: i64) -> NaiveDate {
    Utc::now().date_naive() + Duration::days(n)
}

async fn held_meeting(app: &TestApp, body: &str, days: i64) -> String {
    let m = app.meeting(body, &format!("{}T18:00:00Z", day(days))).await;
    app.item(&m, "Minutes of the last meeting").await;
    app.publish(&m).await.expect(200);
    m
}

async fn mark(app: &TestApp, meeting: &str, person: &str, extra: Value) {
    let mut body = json!({"person_id": person});
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    app.post(&format!("/api/v1/meetings/{meeting}/attendance"), body)
        .await
        .expect(201);
}

struct World {
    ann: String,
    bob: String,
    cat: String,
    dan: String,
}

async fn world(app: &TestApp) -> World {
    let w = members_of_the_plan_body(app).await;
    hold_meetings_and_mark_attendance(app, &w).await;
    w
}

/// Creates the plan body and four councillors, three of them its members.
async fn members_of_the_plan_body(app: &TestApp) -> World {
    app.body("plan", "PL", json!({"format": "{prefix}/{n}/{yy}"}))
        .await;
    let ward = app
        .post("/api/v1/wards", json!({"name": "Abbey"}))
        .await
        .expect(201)
        .id();
    let party = app
        .post("/api/v1/parties", json!({"name": "Labour"}))
        .await
        .expect(201)
        .id();
    let mut ids = Vec::new();
    for (name, org) in [
        ("Ann Able", "Borough Council"),
        ("Bob Bell", "Police"),
        ("Cat Cole", "Borough Council"),
        ("Dan Dale", "Police"),
    ] {
        let id = app.person(name, org).await;
        app.post(
            &format!("/api/v1/people/{id}/terms"),
            json!({"ward_id": ward, "party_id": party, "start_date": day(-900)}),
        )
        .await
        .expect(201);
        if name != "Dan Dale" {
            let role = if name == "Cat Cole" {
                "chair"
            } else {
                "member"
            };
            app.post(
                "/api/v1/bodies/plan/memberships",
                json!({"person_id": id, "role": role, "organisation": org, "start_date": day(-400)}),
            )
            .await
            .expect(201);
        }
        ids.push(id);
    }
    World {
        ann: ids[0].clone(),
        bob: ids[1].clone(),
        cat: ids[2].clone(),
        dan: ids[3].clone(),
    }
}

/// Holds five meetings (one cancelled), marks who came, and schedules one more.
async fn hold_meetings_and_mark_attendance(app: &TestApp, w: &World) {
    let p = json!({"status": "present"});
    let m1 = held_meeting(app, "plan", -170).await;
    mark(app, &m1, &w.ann, p.clone()).await;
    mark(
        app,
        &m1,
        &w.bob,
        json!({"status": "present", "virtual": true}),
    )
    .await;
    mark(
        app,
        &m1,
        &w.cat,
        json!({"status": "present", "chair": true}),
    )
    .await;
    let m2 = held_meeting(app, "plan", -140).await;
    mark(
        app,
        &m2,
        &w.ann,
        json!({"status": "apologies", "absence_reason": "illness"}),
    )
    .await;
    mark(app, &m2, &w.bob, json!({"status": "apologies"})).await;
    mark(app, &m2, &w.cat, p.clone()).await;
    let m3 = held_meeting(app, "plan", -90).await;
    mark(app, &m3, &w.ann, p.clone()).await;
    mark(app, &m3, &w.bob, json!({"status": "apologies"})).await;
    mark(
        app,
        &m3,
        &w.dan,
        json!({"status": "present", "substitute_for": w.bob}),
    )
    .await;
    mark(app, &m3, &w.cat, json!({"status": "absent"})).await;
    let m4 = held_meeting(app, "plan", -60).await;
    mark(app, &m4, &w.ann, p.clone()).await;
    app.patch(
        &format!("/api/v1/meetings/{m4}"),
        json!({"status": "cancelled"}),
    )
    .await
    .expect(200);
    let m5 = held_meeting(app, "plan", -25).await;
    mark(app, &m5, &w.ann, p.clone()).await;
    mark(app, &m5, &w.cat, json!({"status": "apologies"})).await;
    // Not yet held.
    let m6 = app.meeting("plan", &format!("{}T18:00:00Z", day(30))).await;
    app.item(&m6, "Planning applications").await;
}

fn columns(v: &Value) -> [i64; 7] {
    [
        "expected",
        "present",
        "present_virtually",
        "present_as_substitute",
        "in_attendance",
        "apologies",
        "absent",
    ]
    .map(|k| v[k].as_i64().unwrap_or(-1))
}

#[tokio::test]
async fn a_members_record_counts_what_the_minutes_recorded() {
    let app = spawn_app().await;
    let w = world(&app).await;
    let range = format!("from={}&to={}", day(-200), day(0));
    each_members_totals_count_what_was_recorded(&app, &w, &range).await;

    the_body_lists_every_member_and_organisation(&app, &range).await;

    the_csv_adds_up_to_the_json(&app, &w, &range).await;

    the_public_sees_no_unpublished_meetings_or_reasons(&app, &w, &range).await;
}

/// Checks each member's totals and percentages, leaving out the cancelled meeting.
async fn each_members_totals_count_what_was_recorded(app: &TestApp, w: &World, range: &str) {
    let get = |who: &str| {
        let url = format!("/api/v1/people/{who}/attendance?{range}");
        async move { app.get(&url, Some(&app.clerk)).await.expect(200).body }
    };
    let ann = get(&w.ann).await;
    assert_eq!(columns(&ann["total"]), [4, 3, 0, 0, 0, 1, 0], "{ann:#}");
    assert_eq!(ann["total"]["percent"], 75);
    assert_eq!(
        ann["meetings"].as_array().unwrap().len(),
        4,
        "the cancelled meeting is not counted"
    );
    let bob = get(&w.bob).await;
    assert_eq!(columns(&bob["total"]), [4, 0, 1, 0, 0, 2, 1], "{bob:#}");
    assert_eq!(bob["total"]["percent"], 25);
    let cat = get(&w.cat).await;
    assert_eq!(columns(&cat["total"]), [4, 2, 0, 0, 0, 1, 1]);
    let dan = get(&w.dan).await;
    assert_eq!(columns(&dan["total"]), [0, 0, 0, 1, 0, 0, 0]);
    assert!(dan["total"]["percent"].is_null());
    assert_eq!(ann["by_body"][0]["body"], "plan body");
}

/// Checks the body's record lists every member and each organisation represented.
async fn the_body_lists_every_member_and_organisation(app: &TestApp, range: &str) {
    // The body: every member, and each organisation represented or not.
    let b = app
        .get(
            &format!("/api/v1/bodies/plan/attendance?{range}"),
            Some(&app.clerk),
        )
        .await
        .expect(200)
        .body;
    assert_eq!(b["meetings_held"], 4);
    let names: Vec<&str> = b["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Ann Able", "Bob Bell", "Cat Cole"]);
    let orgs: Vec<(String, i64)> = b["organisations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["organisation"].as_str().unwrap().to_string(),
                o["represented"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        orgs,
        [
            ("Borough Council".to_string(), 4),
            ("Police".to_string(), 2)
        ]
    );
}

/// Checks the CSV has one row a member and columns adding up to the JSON's.
async fn the_csv_adds_up_to_the_json(app: &TestApp, w: &World, range: &str) {
    // CSV: one row a member; the columns add up to the JSON's.
    let r = app
        .client
        .get(app.url(&format!(
            "/api/v1/bodies/plan/attendance?{range}&format=csv"
        )))
        .bearer_auth(&app.clerk)
        .send()
        .await
        .unwrap();
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let text = r.text().await.unwrap();
    let rows: Vec<Vec<&str>> = text.lines().map(|l| l.split(',').collect()).collect();
    assert_eq!(rows[0][..3], ["member", "expected", "present"]);
    assert_eq!(rows.len(), 4);
    let expected: i64 = rows[1..].iter().map(|r| r[1].parse::<i64>().unwrap()).sum();
    assert_eq!(expected, 12);
    let csv = app
        .client
        .get(app.url(&format!(
            "/api/v1/people/{}/attendance?{range}&format=csv",
            w.ann
        )))
        .bearer_auth(&app.clerk)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        csv.lines().last().unwrap().starts_with("Total,4,3,"),
        "{csv}"
    );
}

/// Checks the public sees only published minutes, never a reason, and bad queries fail.
async fn the_public_sees_no_unpublished_meetings_or_reasons(app: &TestApp, w: &World, range: &str) {
    // The public sees only meetings whose minutes are published (none yet),
    // and never a reason for absence.
    let public = app
        .get(
            &format!("/api/v1/people/{}/attendance?{range}", w.ann),
            None,
        )
        .await
        .expect(200);
    assert_eq!(public.body["total"]["expected"], 0);
    assert!(!public.text.contains("illness"));
    app.get(
        &format!("/api/v1/people/{}/attendance?format=xml", w.ann),
        None,
    )
    .await
    .expect(400);
    app.get(
        &format!(
            "/api/v1/people/{}/attendance?from=2025-02-01&to=2025-01-01",
            w.ann
        ),
        None,
    )
    .await
    .expect(422);
}

#[tokio::test]
async fn virtual_and_absence_reasons_keep_their_rules() {
    let app = spawn_app().await;
    app.body("plan", "PL", json!({"format": "{prefix}/{n}/{yy}"}))
        .await;
    let p = app.person("Eve Eden", "Borough Council").await;
    let m = held_meeting(&app, "plan", -3).await;
    let r = app
        .post(
            &format!("/api/v1/meetings/{m}/attendance"),
            json!({"person_id": p, "status": "apologies", "virtual": true}),
        )
        .await
        .expect(422);
    assert_eq!(r.error_fields(), vec!["virtual"]);
    let r = app
        .post(
            &format!("/api/v1/meetings/{m}/attendance"),
            json!({"person_id": p, "status": "present", "absence_reason": "x"}),
        )
        .await
        .expect(422);
    assert_eq!(r.error_fields(), vec!["absence_reason"]);
    let r = app
        .post(
            &format!("/api/v1/meetings/{m}/attendance"),
            json!({"person_id": p, "status": "present", "virtual": true}),
        )
        .await
        .expect(201);
    assert_eq!(r.body["virtual"], true);
}

#[tokio::test]
async fn the_six_month_list_names_who_is_running_out_and_an_approval_stops_the_clock() {
    let app = spawn_app().await;
    let w = world(&app).await;
    app.get("/api/v1/attendance/six-month-rule", None)
        .await
        .expect(401);
    let list = app
        .get("/api/v1/attendance/six-month-rule", Some(&app.clerk))
        .await
        .expect(200);
    let names: Vec<&str> = list.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    // Bob last attended 170 days ago (virtually), Cat 140: both within
    // eight weeks; Ann (25 days) and Dan (90, as a substitute) are clear.
    assert_eq!(names, ["Bob Bell", "Cat Cole"], "{:#}", list.body);
    let bob = &list.body["data"][0];
    assert_eq!(bob["last_attended"], day(-170).to_string());
    assert_eq!(bob["status"], "warning");
    let all = app
        .get(
            "/api/v1/attendance/six-month-rule?all=true",
            Some(&app.clerk),
        )
        .await
        .expect(200);
    assert_eq!(all.body["data"].as_array().unwrap().len(), 4);

    app.post(
        &format!("/api/v1/people/{}/approved-absences", w.bob),
        json!({"approved_on": day(-1), "resolution": "C/12/26: the absence of Cllr Bell through illness is approved"}),
    )
    .await
    .expect(201);
    app.post(
        &format!("/api/v1/people/{}/approved-absences", w.bob),
        json!({"resolution": "x"}),
    )
    .await
    .expect(422);
    let list = app
        .get("/api/v1/attendance/six-month-rule", Some(&app.clerk))
        .await
        .expect(200);
    let bob = list.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["person_id"] == w.bob.as_str())
        .unwrap()
        .clone();
    assert_eq!(bob["status"], "approved");
    let _ = (&w.ann, &w.cat);
}

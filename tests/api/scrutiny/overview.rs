//! The scrutiny overview: overdue recommendations and reviews due for their
//! progress update.

use super::{enter_pspo, select_committee};
use crate::helpers::{spawn_app, Res, TestApp};
use serde_json::{json, Value};

/// A review with recommendations at every grade, for the overview tests.
async fn portfolio(app: &TestApp) -> (String, String, String) {
    let body = select_committee(app).await;
    let review = |title: &str, agreed: &str| json!({"title": title, "body_id": body, "link_officers": "A. Officer", "action_plan_agreed": agreed});
    let old = app
        .post(
            "/api/v1/reviews",
            review("Highway Maintenance", "March 2022"),
        )
        .await
        .expect(201)
        .id();
    let new = app
        .post("/api/v1/reviews", review("Fly-tipping", "January 2024"))
        .await
        .expect(201)
        .id();
    let rec = |n: i64, target: &str| json!({"number": n, "text": format!("Recommendation {n} text."), "target": target});
    let mut ids = Vec::new();
    for (n, target, grade) in [
        (1, "1st October 2022", Some(1)),
        (
            2,
            "May 2022 (Development of protocol) September 2022 (Assessment of protocol)",
            Some(2),
        ),
        (3, "December 2030", Some(3)),
        (4, "Ongoing", Some(4)),
        (5, "March 2023", None),
    ] {
        let id = app
            .post(
                &format!("/api/v1/reviews/{old}/recommendations"),
                rec(n, target),
            )
            .await
            .expect(201)
            .id();
        if let Some(g) = grade {
            app.post(
                &format!("/api/v1/recommendations/{id}/updates"),
                json!({"period": "November 2022", "evidence_of_progress": "Progress.", "grade": g, "grade_explanation": "Because."}),
            )
            .await
            .expect(201);
        }
        ids.push(id);
    }
    app.post(
        &format!("/api/v1/reviews/{new}/recommendations"),
        rec(1, "December 2024"),
    )
    .await
    .expect(201);
    (old, new, ids[1].clone())
}

fn numbers(list: &Value) -> Vec<(String, i64)> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["review_title"].as_str().unwrap().to_string(),
                r["number"].as_i64().unwrap(),
            )
        })
        .collect()
}

#[tokio::test]
async fn the_overview_lists_overdue_recommendations_not_fully_achieved() {
    let app = spawn_app().await;
    let (_, _, on_track) = portfolio(&app).await;
    let o = app
        .get("/api/v1/scrutiny/overview?on=2023-06-01", None)
        .await
        .expect(200);
    let hw = |n| ("Highway Maintenance".to_string(), n);
    // 1 is achieved, 3's target is 2030, 4 is "Ongoing" (no date).
    assert_eq!(numbers(&o.body["overdue"]), vec![hw(2), hw(5)]);
    assert_eq!(o.body["overdue"][0]["target_date"], "2022-09-30");
    assert_eq!(o.body["overdue"][0]["id"], on_track.as_str());
    let groups: Vec<(Value, i64)> = o.body["by_grade"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["grade"].clone(), g["count"].as_i64().unwrap()))
        .collect();
    assert_eq!(
        groups,
        vec![
            (json!(1), 1),
            (json!(2), 1),
            (json!(3), 1),
            (json!(4), 1),
            (Value::Null, 2)
        ]
    );
    // Achieving it takes it off the list.
    app.post(
        &format!("/api/v1/recommendations/{on_track}/updates"),
        json!({"period": "March 2023", "evidence_of_progress": "Done.", "grade": 1}),
    )
    .await
    .expect(201);
    let o = app
        .get("/api/v1/scrutiny/overview?on=2023-06-01", None)
        .await
        .expect(200);
    assert_eq!(numbers(&o.body["overdue"]), vec![hw(5)]);
}

#[tokio::test]
async fn the_overview_lists_reviews_due_for_their_progress_update() {
    let app = spawn_app().await;
    let (old, new, _) = portfolio(&app).await;
    // Agreed March 2022, last round November 2022: due November 2023.
    let due = |o: &Res| -> Vec<String> {
        o.body["due_for_update"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect()
    };
    let o = app
        .get(
            "/api/v1/scrutiny/overview?on=2023-10-01&within_days=60",
            None,
        )
        .await
        .expect(200);
    assert_eq!(due(&o), vec![old.clone()]);
    let d = &o.body["due_for_update"][0];
    assert_eq!(d["update_due"], "2023-11-01");
    assert_eq!(d["last_update_period"], "November 2022");
    assert_eq!(d["overdue"], false);
    assert_eq!(d["outstanding"], 4);
    assert_eq!(d["committee"], "Crime and Disorder Select Committee");
    // Not yet within a shorter window.
    let o = app
        .get(
            "/api/v1/scrutiny/overview?on=2023-10-01&within_days=7",
            None,
        )
        .await
        .expect(200);
    assert!(due(&o).is_empty());
    // Agreed January 2024, no round yet: due January 2025; both due by then.
    let o = app
        .get(
            "/api/v1/scrutiny/overview?on=2025-01-15&within_days=0",
            None,
        )
        .await
        .expect(200);
    assert_eq!(due(&o), vec![old.clone(), new.clone()]);
    assert_eq!(o.body["due_for_update"][1]["update_due"], "2025-01-01");
    assert_eq!(o.body["due_for_update"][1]["overdue"], true);
    // A review whose recommendations are all Fully Achieved is not due.
    let p = enter_pspo(&app).await;
    let o = app
        .get("/api/v1/scrutiny/overview?on=2030-01-01", None)
        .await
        .expect(200);
    assert!(!due(&o).contains(&p.review));
    // Filters and bad parameters.
    app.get("/api/v1/scrutiny/overview?within_days=-1", None)
        .await
        .expect(422);
    app.get("/api/v1/scrutiny/overview?body_id=nobody", None)
        .await
        .expect(404);
    app.get("/api/v1/scrutiny/overview?on=yesterday", None)
        .await
        .expect(400);
}

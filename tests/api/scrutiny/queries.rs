//! Reading a review and the overview run a fixed number of queries.

use crate::helpers::spawn_app;
use diesel::connection::{Connection, InstrumentationEvent};
use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// Counts the queries a closure runs on a fresh connection.
fn count_queries<T>(database_url: &str, f: impl FnOnce(&mut minutebook::db::DbConn) -> T) -> usize {
    let mut conn = minutebook::db::establish(database_url).unwrap();
    let count = Arc::new(AtomicUsize::new(0));
    let c = count.clone();
    conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
        if let InstrumentationEvent::StartQuery { .. } = event {
            c.fetch_add(1, Ordering::SeqCst);
        }
    });
    f(&mut conn);
    count.load(Ordering::SeqCst)
}

#[tokio::test]
async fn reading_a_review_and_the_overview_take_the_same_queries_for_2_or_12_recommendations() {
    let app = spawn_app().await;
    let mut review_counts = Vec::new();
    let mut overview_counts = Vec::new();
    for n in [2, 12] {
        let review = app
            .post(
                "/api/v1/reviews",
                json!({"title": format!("Review of {n}"), "action_plan_agreed": "March 2022"}),
            )
            .await
            .expect(201)
            .id();
        for i in 0..n {
            let rec = app
                .post(
                    &format!("/api/v1/reviews/{review}/recommendations"),
                    json!({"number": i + 1, "text": "x", "target": "May 2022"}),
                )
                .await
                .expect(201)
                .id();
            for period in ["November 2022", "March 2023"] {
                app.post(
                    &format!("/api/v1/recommendations/{rec}/updates"),
                    json!({"period": period, "evidence_of_progress": "x", "grade": 1 + i % 4}),
                )
                .await
                .expect(201);
            }
        }
        review_counts.push(count_queries(&app.database_url, |c| {
            minutebook::store::scrutiny::load_review(c, &review)
                .unwrap()
                .recommendations
                .len()
        }));
        overview_counts.push(count_queries(&app.database_url, |c| {
            let on = chrono::NaiveDate::from_ymd_opt(2024, 1, 1).unwrap();
            minutebook::api::scrutiny::load_overview(c, None, on, 60)
                .unwrap()
                .overdue
                .len()
        }));
    }
    assert_eq!(review_counts[0], review_counts[1], "{review_counts:?}");
    assert!(review_counts[0] <= 4, "{review_counts:?}");
    assert_eq!(
        overview_counts[0], overview_counts[1],
        "{overview_counts:?}"
    );
    assert!(overview_counts[0] <= 4, "{overview_counts:?}");
}

use crate::helpers::spawn_app;
use diesel::connection::{Connection, InstrumentationEvent};
use minutebook::domain::visibility::Viewer;
use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// Counts the queries `load_meeting` runs for a meeting.
fn queries_to_load(database_url: &str, meeting: &str) -> usize {
    let mut conn = minutebook::db::establish(database_url).unwrap();
    let count = Arc::new(AtomicUsize::new(0));
    let c = count.clone();
    conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
        if let InstrumentationEvent::StartQuery { .. } = event {
            c.fetch_add(1, Ordering::SeqCst);
        }
    });
    let m =
        minutebook::read::meeting::load_meeting(&mut conn, meeting, Viewer::Internal, "http://x")
            .unwrap();
    assert!(!m.items.is_empty());
    count.load(Ordering::SeqCst)
}

#[tokio::test]
async fn whole_meeting_read_runs_the_same_number_of_queries_for_2_or_15_items() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    let p = app.person("Jim Beall", "SBC").await;
    let mut counts = Vec::new();
    for n in [2, 15] {
        let m = app.meeting("ssp", "2023-07-19T09:00:00+01:00").await;
        app.post(
            &format!("/api/v1/meetings/{m}/attendance"),
            json!({"person_id": p, "status": "present"}),
        )
        .await
        .expect(201);
        for i in 0..n {
            let item = app.item(&m, &format!("Item {i}")).await;
            app.post(
                &format!("/api/v1/items/{item}/outcomes"),
                json!({"verb": "AGREED", "text": "that the report be noted."}),
            )
            .await
            .expect(201);
            app.post(
                &format!("/api/v1/items/{item}/declarations"),
                json!({"person_id": p, "nature": "personal"}),
            )
            .await
            .expect(201);
            app.post(
                &format!("/api/v1/meetings/{m}/items"),
                json!({"title": "part", "parent_id": item}),
            )
            .await
            .expect(201);
        }
        counts.push(queries_to_load(&app.database_url, &m));
    }
    assert_eq!(
        counts[0], counts[1],
        "queries grew with the number of items: {counts:?}"
    );
    assert!(counts[0] <= 12, "{counts:?}");
}

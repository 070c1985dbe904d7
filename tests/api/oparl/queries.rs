//! OParl list pages run a fixed number of queries, whatever their size.

use super::upload;
use crate::helpers::spawn_app;
use serde_json::json;

/// Counts the queries one page loader runs.
fn queries_for_page(
    database_url: &str,
    loader: minutebook::oparl::handlers::Loader,
) -> (usize, usize) {
    use diesel::connection::{Connection, InstrumentationEvent};
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;
    let mut conn = minutebook::db::establish(database_url).unwrap();
    let count = Arc::new(AtomicUsize::new(0));
    let c = count.clone();
    conn.set_instrumentation(move |event: InstrumentationEvent<'_>| {
        if let InstrumentationEvent::StartQuery { .. } = event {
            c.fetch_add(1, Ordering::SeqCst);
        }
    });
    let w = minutebook::store::oparl_queries::Window {
        fetch: 101,
        ..Default::default()
    };
    let rows = loader(
        &mut conn,
        &w,
        &minutebook::oparl::objects::Urls::new("http://x"),
    )
    .unwrap();
    let shown = rows.iter().filter(|r| r.value.is_some()).count();
    (count.load(Ordering::SeqCst), shown)
}

#[tokio::test]
async fn list_pages_run_the_same_number_of_queries_for_1_or_4_meetings() {
    use minutebook::oparl::handlers as h;
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    let p = app.person("Jim Beall", "SBC").await;
    let loaders: [(&str, minutebook::oparl::handlers::Loader); 4] = [
        ("meetings", h::meetings_page),
        ("agenda items", h::agenda_items_page),
        ("files", h::files_page),
        ("locations", h::locations_page),
    ];
    let mut counts: Vec<Vec<(usize, usize)>> = Vec::new();
    for n in [1, 3] {
        for _ in 0..n {
            let m = app
                .post(
                    "/api/v1/bodies/ssp/meetings",
                    json!({"starts_at": "2023-07-19T09:00:00+01:00", "venue": {"name": "Room 1"}}),
                )
                .await
                .expect(201)
                .id();
            app.post(
                &format!("/api/v1/meetings/{m}/attendance"),
                json!({"person_id": p, "status": "present"}),
            )
            .await
            .expect(201);
            for i in 0..3 {
                let item = app.item(&m, &format!("Item {i}")).await;
                app.post(
                    &format!("/api/v1/items/{item}/outcomes"),
                    json!({"verb": "AGREED", "text": "that the report be noted."}),
                )
                .await
                .expect(201);
                app.post(
                    &format!("/api/v1/meetings/{m}/items"),
                    json!({"title": "part", "parent_id": item}),
                )
                .await
                .expect(201);
                upload(&app, &item, "r.pdf", "Report", b"%PDF-1.4", false).await;
            }
            app.publish(&m).await.expect(200);
        }
        counts.push(
            loaders
                .iter()
                .map(|(_, l)| queries_for_page(&app.database_url, *l))
                .collect(),
        );
    }
    for (i, (name, _)) in loaders.iter().enumerate() {
        let (few, many) = (counts[0][i], counts[1][i]);
        assert!(many.1 > few.1, "{name}: the second page shows more objects");
        assert_eq!(
            few.0, many.0,
            "{name}: queries grow with the page ({few:?} vs {many:?})"
        );
    }
}

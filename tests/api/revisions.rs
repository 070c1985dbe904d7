//! The minutes' revision trail: every change is recorded, whichever path
//! wrote it.

use serde_json::json;

/// Every change to what the minutes contain is recorded, whichever path
/// wrote it: the database marks it, the next checkpoint records it.
#[tokio::test]
async fn every_change_to_the_minutes_becomes_a_revision_even_one_written_by_sql() {
    let app = crate::helpers::spawn_app().await;
    let (m, item) = crate::approval::held_meeting(&app).await;
    let count = |body: &serde_json::Value| body.as_array().unwrap().len();
    let revisions = format!("/api/v1/meetings/{m}/minutes/revisions");
    let first = count(&app.get(&revisions, Some(&app.clerk)).await.expect(200).body);
    assert!(first >= 1);
    // Reading again records nothing new.
    let again = count(&app.get(&revisions, Some(&app.clerk)).await.expect(200).body);
    assert_eq!(again, first);
    // An outcome through the API.
    app.post(
        &format!("/api/v1/items/{item}/outcomes"),
        json!({"verb": "AGREED", "text": "that the update be noted."}),
    )
    .await
    .expect(201);
    let after_api = app.get(&revisions, Some(&app.clerk)).await.expect(200).body;
    assert_eq!(count(&after_api), first + 1);
    // A change written behind the API's back is marked by the database too.
    {
        use diesel::prelude::*;
        use minutebook::db::schema::items;
        let mut conn = minutebook::db::establish(&app.database_url).unwrap();
        diesel::update(items::table.find(&item))
            .set(items::minutes.eq("Members heard a report written by SQL."))
            .execute(&mut conn)
            .unwrap();
    }
    let after_sql = app.get(&revisions, Some(&app.clerk)).await.expect(200).body;
    assert_eq!(count(&after_sql), first + 2);
    let latest = after_sql.as_array().unwrap().last().unwrap()["number"]
        .as_i64()
        .unwrap();
    let text = app
        .get(
            &format!("/api/v1/meetings/{m}/minutes/revisions/{latest}"),
            Some(&app.clerk),
        )
        .await
        .expect(200);
    assert!(
        text.text.contains("written by SQL"),
        "the latest revision holds the change: {}",
        text.text
    );
}

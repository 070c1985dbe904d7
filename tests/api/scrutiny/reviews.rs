//! Reviews, recommendations and progress rounds: reading them, grades,
//! flags, one round per period, validation and deletion.

use super::{enter_pspo, NOV_EVIDENCE, NOV_IMPACT};
use crate::helpers::{spawn_app, TestApp};
use serde_json::{json, Value};

#[tokio::test]
async fn a_review_reads_with_each_recommendations_latest_grade() {
    let app = spawn_app().await;
    let p = enter_pspo(&app).await;
    let r = app
        .get(&format!("/api/v1/reviews/{}", p.review), None)
        .await
        .expect(200);
    assert_eq!(r.header("etag").unwrap(), "\"1\"");
    assert_eq!(r.body["title"], "Public Spaces Protection Orders (PSPOs)");
    assert_eq!(r.body["link_officers"], json!(["Marc Stephenson"]));
    assert_eq!(r.body["action_plan_agreed"], "March 2022");
    assert_eq!(r.body["action_plan_agreed_date"], "2022-03-01");
    assert_eq!(r.body["committee"]["slug"], "cdsc");
    let recs = r.body["recommendations"].as_array().unwrap();
    assert_eq!(recs.len(), 1);
    assert_eq!(recs[0]["number"], 2);
    assert_eq!(recs[0]["latest_grade"], 1);
    assert_eq!(recs[0]["latest_grade_label"], "Fully Achieved");
    assert_eq!(recs[0]["latest_period"], "March 2023");
    assert_eq!(recs[0]["target_date"], "2022-10-01");
    assert_eq!(recs[0]["overdue"], false);
    assert_eq!(r.body["grades"]["fully_achieved"], 1);
    // All achieved: no further update due.
    assert_eq!(r.body["next_update_due"], Value::Null);
    // The recommendation carries its rounds, oldest first.
    let rec = app
        .get(
            &format!("/api/v1/recommendations/{}", p.recommendation),
            None,
        )
        .await
        .expect(200);
    let rounds = rec.body["updates"].as_array().unwrap();
    assert_eq!(rounds.len(), 2);
    assert_eq!(rounds[0]["period"], "November 2022");
    assert_eq!(rounds[0]["grade"], 2);
    assert_eq!(rounds[0]["grade_label"], "On-Track");
    assert_eq!(rounds[0]["period_date"], "2022-11-01");
    assert_eq!(rounds[0]["evidence_of_progress"], NOV_EVIDENCE);
    assert_eq!(rounds[1]["grade_explanation"], Value::Null);
    // Lists.
    let list = app
        .get(
            &format!(
                "/api/v1/recommendations/{}/updates?limit=1",
                p.recommendation
            ),
            None,
        )
        .await
        .expect(200);
    assert_eq!(list.body["items"][0]["period"], "November 2022");
    let cursor = list.body["next_cursor"].as_str().unwrap().to_string();
    let next = app
        .get(
            &format!(
                "/api/v1/recommendations/{}/updates?limit=1&cursor={cursor}",
                p.recommendation
            ),
            None,
        )
        .await
        .expect(200);
    assert_eq!(next.body["items"][0]["period"], "March 2023");
    assert_eq!(next.body["next_cursor"], Value::Null);
    let reviews = app
        .get("/api/v1/reviews?body_id=cdsc", None)
        .await
        .expect(200);
    assert_eq!(reviews.body["items"].as_array().unwrap().len(), 1);
    let one = app
        .get(&format!("/api/v1/updates/{}", p.november), None)
        .await
        .expect(200);
    assert_eq!(one.body["evidence_of_impact"], NOV_IMPACT);
}

#[tokio::test]
async fn a_grade_outside_one_to_four_is_refused_naming_grade() {
    let app = spawn_app().await;
    let p = enter_pspo(&app).await;
    let path = format!("/api/v1/recommendations/{}/updates", p.recommendation);
    for bad in [
        json!(0),
        json!(5),
        json!(-1),
        json!(2.5),
        json!("two"),
        Value::Null,
    ] {
        let r = app
            .post(&path, json!({"period": format!("Round {bad}"), "evidence_of_progress": "x", "grade": bad}))
            .await
            .expect(422);
        assert_eq!(r.error_fields(), vec!["grade"], "{bad}");
        assert!(r
            .text
            .contains("1 (Fully Achieved), 2 (On-Track), 3 (Slipped) or 4 (Not Achieved)"));
        assert_eq!(
            r.header("content-type").unwrap(),
            "application/problem+json"
        );
    }
    // A PATCH to a bad grade is refused too, and changes nothing.
    let r = app
        .patch(
            &format!("/api/v1/updates/{}", p.november),
            json!({"grade": 9}),
        )
        .await
        .expect(422);
    assert_eq!(r.error_fields(), vec!["grade"]);
    let u = app
        .get(&format!("/api/v1/updates/{}", p.november), None)
        .await;
    assert_eq!(u.body["grade"], 2);
}

#[tokio::test]
async fn a_slipped_grade_without_explanation_is_accepted_but_flagged() {
    let app = spawn_app().await;
    let p = enter_pspo(&app).await;
    let r = app
        .post(
            &format!("/api/v1/recommendations/{}/updates", p.recommendation),
            json!({"period": "September 2023", "evidence_of_progress": "Recruitment paused.", "grade": 3}),
        )
        .await
        .expect(201);
    assert_eq!(r.body["flags"], json!(["slipped_without_explanation"]));
    assert_eq!(r.body["evidence_of_impact"], "");
    let flagged_id = r.id();
    // The recommendation and the overview show it.
    let rec = app
        .get(
            &format!("/api/v1/recommendations/{}", p.recommendation),
            None,
        )
        .await
        .expect(200);
    assert_eq!(rec.body["latest_grade"], 3);
    assert_eq!(rec.body["flags"], json!(["slipped_without_explanation"]));
    let o = app
        .get("/api/v1/scrutiny/overview?on=2023-10-01", None)
        .await
        .expect(200);
    let flagged = o.body["flagged"].as_array().unwrap();
    assert_eq!(flagged.len(), 1);
    assert_eq!(flagged[0]["id"], flagged_id.as_str());
    assert_eq!(flagged[0]["flags"], json!(["slipped_without_explanation"]));
    let slipped = o.body["by_grade"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["key"] == "slipped")
        .unwrap();
    assert_eq!(slipped["count"], 1);
    assert_eq!(
        slipped["recommendations"][0]["flags"],
        json!(["slipped_without_explanation"])
    );
    // Explaining it clears the flag.
    let fixed = app
        .patch(
            &format!("/api/v1/updates/{flagged_id}"),
            json!({"grade_explanation": "Two posts vacant since June; recruitment resumes in October."}),
        )
        .await
        .expect(200);
    assert_eq!(fixed.body["flags"], json!([]));
    assert_eq!(fixed.body["version"], 2);
}

#[tokio::test]
async fn a_round_can_be_added_only_once_per_recommendation_and_period() {
    let app = spawn_app().await;
    let p = enter_pspo(&app).await;
    let path = format!("/api/v1/recommendations/{}/updates", p.recommendation);
    for same in ["November 2022", " november  2022 "] {
        let r = app
            .post(
                &path,
                json!({"period": same, "evidence_of_progress": "again", "grade": 2}),
            )
            .await
            .expect(409);
        assert!(r.text.contains(&p.november), "{}", r.text);
    }
    // Renaming a round onto another period is refused too.
    let march = app.get(&path, None).await.body["items"][1]["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.patch(
        &format!("/api/v1/updates/{march}"),
        json!({"period": "November 2022"}),
    )
    .await
    .expect(409);
    // Another recommendation may have its own November 2022 round.
    let other = app
        .post(
            &format!("/api/v1/reviews/{}/recommendations", p.review),
            json!({"number": 3, "text": "Another recommendation."}),
        )
        .await
        .expect(201)
        .id();
    app.post(
        &format!("/api/v1/recommendations/{other}/updates"),
        json!({"period": "November 2022", "evidence_of_progress": "x", "grade": 2}),
    )
    .await
    .expect(201);
    // Once deleted, the period is free again.
    app.delete(&format!("/api/v1/updates/{}", p.november))
        .await
        .expect(204);
    app.post(
        &path,
        json!({"period": "November 2022", "evidence_of_progress": "re-entered", "grade": 2}),
    )
    .await
    .expect(201);
    // And a duplicate recommendation number is a conflict.
    app.post(
        &format!("/api/v1/reviews/{}/recommendations", p.review),
        json!({"number": "2", "text": "Duplicate."}),
    )
    .await
    .expect(409);
}

#[tokio::test]
async fn invalid_scrutiny_input_lists_every_bad_field() {
    let app = spawn_app().await;
    an_invalid_review_names_every_bad_field(&app).await;
    let review = app
        .post("/api/v1/reviews", json!({"title": "T"}))
        .await
        .expect(201)
        .id();
    invalid_recommendations_name_every_bad_field(&app, &review).await;
    an_invalid_round_names_its_missing_fields(&app, &review).await;
}

/// Refuses an invalid review naming each bad field, then the unknown body.
async fn an_invalid_review_names_every_bad_field(app: &TestApp) {
    let r = app
        .post(
            "/api/v1/reviews",
            json!({"title": "", "body_id": "nope", "link_officers": [1], "action_plan_agreed_date": "2500-01-01"}),
        )
        .await
        .expect(422);
    let f = r.error_fields();
    for want in ["title", "link_officers[0]", "action_plan_agreed_date"] {
        assert!(f.contains(&want.to_string()), "{want} missing from {f:?}");
    }
    // An unknown body is named once the rest is valid.
    let r = app
        .post("/api/v1/reviews", json!({"title": "T", "body_id": "nope"}))
        .await
        .expect(422);
    assert_eq!(r.error_fields(), vec!["body_id"]);
}

/// Refuses invalid recommendations naming each bad field.
async fn invalid_recommendations_name_every_bad_field(app: &TestApp, review: &str) {
    let r = app
        .post(
            &format!("/api/v1/reviews/{review}/recommendations"),
            json!({"number": "two; drop", "parts": [{"letter": "a", "text": "x", "colour": "red"}, 7], "target_date": "not a date"}),
        )
        .await
        .expect(422);
    assert_eq!(r.error_fields(), vec!["target_date"]);
    let r = app
        .post(
            &format!("/api/v1/reviews/{review}/recommendations"),
            json!({"number": "two; drop", "parts": [{"letter": "a", "text": "x", "colour": "red"}, 7, {"letter": "a", "text": "y"}]}),
        )
        .await
        .expect(422);
    let f = r.error_fields();
    for want in ["number", "parts[0].colour", "parts[1]", "parts"] {
        assert!(f.contains(&want.to_string()), "{want} missing from {f:?}");
    }
    let r = app
        .post(
            &format!("/api/v1/reviews/{review}/recommendations"),
            json!({"number": 1}),
        )
        .await
        .expect(422);
    assert_eq!(r.error_fields(), vec!["text"]);
    let r = app
        .post(
            &format!("/api/v1/reviews/{review}/recommendations"),
            json!({"number": 1, "text": "x", "id": "mine"}),
        )
        .await
        .expect(422);
    assert_eq!(r.error_fields(), vec!["id"]);
}

/// Refuses a round missing its period and evidence, and one for no recommendation.
async fn an_invalid_round_names_its_missing_fields(app: &TestApp, review: &str) {
    let rec = app
        .post(
            &format!("/api/v1/reviews/{review}/recommendations"),
            json!({"number": 1, "text": "x"}),
        )
        .await
        .expect(201)
        .id();
    let r = app
        .post(
            &format!("/api/v1/recommendations/{rec}/updates"),
            json!({"grade": 2}),
        )
        .await
        .expect(422);
    let f = r.error_fields();
    assert!(
        f.contains(&"period".to_string()) && f.contains(&"evidence_of_progress".to_string()),
        "{f:?}"
    );
    app.post(
        "/api/v1/recommendations/not-an-id/updates",
        json!({"period": "x", "evidence_of_progress": "x", "grade": 1}),
    )
    .await
    .expect(404);
}

#[tokio::test]
async fn deleting_a_review_takes_its_recommendations_and_rounds_with_it() {
    let app = spawn_app().await;
    let p = enter_pspo(&app).await;
    app.delete(&format!("/api/v1/reviews/{}", p.review))
        .await
        .expect(204);
    app.get(&format!("/api/v1/reviews/{}", p.review), None)
        .await
        .expect(404);
    app.get(
        &format!("/api/v1/recommendations/{}", p.recommendation),
        None,
    )
    .await
    .expect(404);
    app.get(&format!("/api/v1/updates/{}", p.november), None)
        .await
        .expect(404);
    let o = app.get("/api/v1/scrutiny/overview", None).await.expect(200);
    assert!(o.body["by_grade"]
        .as_array()
        .unwrap()
        .iter()
        .all(|g| g["count"] == 0));
    let list = app.get("/api/v1/reviews", None).await.expect(200);
    assert_eq!(list.body["items"], json!([]));
}

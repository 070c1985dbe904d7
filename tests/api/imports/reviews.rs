//! Scrutiny documents in: every round a graded progress update.

use super::*;
use crate::helpers::spawn_app;

const UPDATE: &str = include_str!("../../fixtures/import/progress-update-pspo.txt");
const PLAN: &str = include_str!("../../fixtures/import/action-plan-enforcement.txt");

async fn import_review(app: &TestApp, query: &str, text: &str) -> Res {
    let r = app
        .client
        .post(app.url(&format!("/api/v1/reviews/imports{query}")))
        .bearer_auth(&app.clerk)
        .header("Content-Type", "text/plain")
        .body(text.to_string())
        .send()
        .await
        .expect("request");
    Res::from(r).await
}

#[tokio::test]
async fn a_progress_update_becomes_a_review_with_graded_rounds() {
    let app = spawn_app().await;
    ssp_body(&app, "ssp", "{prefix}/{n}/{yy}").await;
    let dry = import_review(&app, "?body_id=ssp&dry_run=true", UPDATE)
        .await
        .expect(200);
    assert_eq!(
        dry.body["review"]["title"],
        "Public Spaces Protection Orders (PSPOs)"
    );
    let list = app
        .get("/api/v1/reviews", Some(&app.clerk))
        .await
        .expect(200);
    assert!(
        list.body["items"].as_array().unwrap().is_empty(),
        "a dry run stored a review"
    );

    let r = import_review(&app, "?body_id=ssp", UPDATE)
        .await
        .expect(201);
    let id = r.body["review"]["id"].as_str().unwrap().to_string();
    assert_eq!(
        r.header("location").unwrap(),
        format!("/api/v1/reviews/{id}")
    );
    let recs = app
        .get(
            &format!("/api/v1/reviews/{id}/recommendations"),
            Some(&app.clerk),
        )
        .await
        .expect(200);
    let rec = &recs.body["items"][0];
    assert_eq!(rec["number"], 2);
    let rec_id = rec["id"].as_str().unwrap();
    let rounds = app
        .get(
            &format!("/api/v1/recommendations/{rec_id}/updates"),
            Some(&app.clerk),
        )
        .await
        .expect(200);
    let rounds = rounds.body["items"].as_array().unwrap().clone();
    assert_eq!(rounds.len(), 2);
    let grade_of = |period: &str| {
        rounds
            .iter()
            .find(|u| u["period"] == period)
            .map(|u| u["grade"].clone())
            .unwrap()
    };
    assert_eq!(grade_of("November 2022"), 2);
    assert_eq!(grade_of("March 2023"), 1);
    assert!(rounds.iter().all(|u| !u["evidence_of_progress"]
        .as_str()
        .unwrap()
        .contains("APPENDIX")));

    import_review(&app, "?body_id=ssp", UPDATE)
        .await
        .expect(409);
    import_review(&app, "", UPDATE).await.expect(422);
    import_review(&app, "?body_id=ssp", "eggs, milk, bread")
        .await
        .expect(422);
}

#[tokio::test]
async fn an_action_plan_becomes_a_review_with_lettered_parts() {
    let app = spawn_app().await;
    ssp_body(&app, "ccsp", "{prefix}/{n}/{yy}").await;
    let r = import_review(&app, "?body_id=ccsp", PLAN).await.expect(201);
    let id = r.body["review"]["id"].as_str().unwrap().to_string();
    let recs = app
        .get(
            &format!("/api/v1/reviews/{id}/recommendations"),
            Some(&app.clerk),
        )
        .await
        .expect(200);
    let parts = recs.body["items"][0]["parts"].as_array().unwrap().clone();
    assert_eq!(parts.len(), 6);
    assert_eq!(parts[2]["budget_cost"], "????");
}

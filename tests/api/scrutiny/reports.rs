//! Reports beyond the seeds: several recommendations with parts, a long
//! slipped explanation, one period; formats chosen and HTML escaped.

use super::{get_doc, normalise, text_of};
use crate::helpers::{spawn_app, TestApp};
use serde_json::json;

#[tokio::test]
async fn several_recommendations_with_parts_a_long_slipped_explanation_and_empty_impact() {
    let app = spawn_app().await;
    let rid = a_review_with_two_recommendations_and_a_slipped_round(&app).await;
    the_report_lists_everything_in_order(&app, &rid).await;
    a_report_can_be_for_one_period(&app, &rid).await;
    the_action_plan_numbers_several_recommendations(&app, &rid).await;
}

/// Enters a review with two recommendations with parts and a round, one slipped with a long explanation; answers its id.
async fn a_review_with_two_recommendations_and_a_slipped_round(app: &TestApp) -> String {
    let review = app
        .post(
            "/api/v1/reviews",
            json!({"title": "Review of Household Waste Recycling", "link_officers": ["Jane Smith", "Tom Brown"], "action_plan_agreed": "2023-01-18", "select_committee": "Place Select Committee"}),
        )
        .await
        .expect(201);
    assert_eq!(review.body["action_plan_agreed_date"], "2023-01-18");
    let rid = review.id();
    let explanation = "Procurement of the new collection vehicles slipped by six months because the framework agreement lapsed.\n\nA new tender was issued in March 2024 and the contract is expected to be awarded in September 2024, after which the trial of separate food waste collections will begin in two wards.";
    let r1 = app
        .post(
            &format!("/api/v1/reviews/{rid}/recommendations"),
            json!({"number": 1, "text": "That the Council:", "parts": ["a) promotes recycling through schools;", "b) reviews the bring-bank sites."],
                   "responsibility": "Head of Environment", "target": "March 2024", "agreed_action": "Campaign and site review.", "success_measure": "Recycling rate up 5%."}),
        )
        .await
        .expect(201)
        .id();
    let r3 = app
        .post(
            &format!("/api/v1/reviews/{rid}/recommendations"),
            json!({"number": 3, "text": "That food waste collections be trialled:", "parts": [{"text": "in two wards;"}, {"text": "with a report back to the committee."}],
                   "responsibility": "Waste Services Manager", "target": "September 2023", "budget_cost": 25000, "timescale": "2024"}),
        )
        .await
        .expect(201);
    assert_eq!(r3.body["budget_cost"], "25000");
    assert_eq!(r3.body["parts"][1]["letter"], "b");
    let r3 = r3.id();
    app.post(
        &format!("/api/v1/recommendations/{r1}/updates"),
        json!({"period": "January 2024", "evidence_of_progress": "Schools campaign launched.", "grade": 2, "evidence_of_impact": ""}),
    )
    .await
    .expect(201);
    let slipped = app
        .post(
            &format!("/api/v1/recommendations/{r3}/updates"),
            json!({"period": "January 2024", "evidence_of_progress": "Vehicles not yet procured.", "grade": 3, "grade_explanation": explanation}),
        )
        .await
        .expect(201);
    assert_eq!(slipped.body["flags"], json!([]));
    rid
}

/// Checks the text report carries everything in order and keeps the paragraphs.
async fn the_report_lists_everything_in_order(app: &TestApp, rid: &str) {
    let txt = text_of(app, &format!("/api/v1/reviews/{rid}/report?format=txt")).await;
    let n = normalise(&txt);
    let order = [
        "PROGRESS UPDATE: Review of Household Waste Recycling",
        "Link Officer/s: Jane Smith, Tom Brown",
        "Action Plan Agreed: 18th January 2023",
        "Recommendation 1: That the Council: a) promotes recycling through schools; b) reviews the bring-bank sites.",
        "Date: March 2024",
        "Evidence of Progress (January 2024): Schools campaign launched.",
        "Assessment of Progress (January 2024): (include explanation if required) 2 (On-Track)",
        "Evidence of Impact (January 2024): Recommendation 3: That food waste collections be trialled: a) in two wards; b) with a report back to the committee.",
        "Assessment of Progress (January 2024): (include explanation if required) 3 (Slipped) Procurement of the new collection vehicles",
        "the trial of separate food waste collections will begin in two wards. Evidence of Impact (January 2024): Assessment of 1 2 3 4",
    ];
    let mut at = 0;
    for o in order {
        let found = n[at..]
            .find(o)
            .unwrap_or_else(|| panic!("{o:?} not found in order in:\n{txt}"));
        at += found + o.len();
    }
    // The explanation keeps its paragraphs.
    assert!(txt.contains("framework agreement lapsed.\n\nA new tender"));
}

/// Checks ?period= gives one round and an unknown period is not found.
async fn a_report_can_be_for_one_period(app: &TestApp, rid: &str) {
    // Only one round: ?period=.
    let one = text_of(
        app,
        &format!("/api/v1/reviews/{rid}/report?format=txt&period=january%202024"),
    )
    .await;
    assert!(one.contains("Recommendation 3:"));
    let (missing, _) = get_doc(
        app,
        &format!("/api/v1/reviews/{rid}/report?format=txt&period=May%202030"),
        None,
    )
    .await;
    missing.expect(404);
}

/// Checks the action plan numbers recommendations when there are several.
async fn the_action_plan_numbers_several_recommendations(app: &TestApp, rid: &str) {
    // The action plan numbers recommendations when there are several.
    let plan = text_of(
        app,
        &format!("/api/v1/reviews/{rid}/action-plan?format=txt"),
    )
    .await;
    assert!(plan.contains("PLACE SELECT COMMITTEE"), "{plan}");
    assert!(plan.contains("3. That food waste collections be trialled: a) in two wards; b) with a report back to the committee.\t\t\t25000\t2024"), "{plan}");
}

#[tokio::test]
async fn report_formats_are_chosen_by_parameter_or_accept_and_html_is_escaped() {
    let app = spawn_app().await;
    let review = app
        .post("/api/v1/reviews", json!({"title": "<script>alert('x')</script> & Co", "link_officers": ["O'Brien <ob@x>"]}))
        .await
        .expect(201)
        .id();
    app.post(
        &format!("/api/v1/reviews/{review}/recommendations"),
        json!({"number": 1, "text": "<img src=x onerror=alert(1)>", "budget_cost": "N/A"}),
    )
    .await
    .expect(201);
    let path = format!("/api/v1/reviews/{review}/report");
    let (html, _) = get_doc(&app, &path, None).await;
    let html = html.expect(200);
    assert!(html
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    assert!(html.header("content-security-policy").is_some());
    assert!(!html.text.contains("<script>alert"));
    assert!(!html.text.contains("<img src=x"));
    assert!(html
        .text
        .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co"));
    assert!(html.text.contains("O&#39;Brien &lt;ob@x&gt;"));
    let r = app
        .client
        .get(app.url(&path))
        .header("Accept", "text/markdown")
        .send()
        .await
        .unwrap();
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/markdown"));
    let (docx, bytes) = get_doc(&app, &format!("{path}?format=docx"), None).await;
    let docx = docx.expect(200);
    assert!(docx
        .header("content-disposition")
        .unwrap()
        .contains(".docx"));
    assert_eq!(&bytes[..2], b"PK");
    let (bad, _) = get_doc(&app, &format!("{path}?format=odt"), None).await;
    assert_eq!(bad.expect(422).error_fields(), vec!["format"]);
    let r = app
        .client
        .get(app.url(&path))
        .header("Accept", "application/rtf")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 406);
    app.get(
        "/api/v1/reviews/00000000-0000-0000-0000-000000000000/report",
        None,
    )
    .await
    .expect(404);
}

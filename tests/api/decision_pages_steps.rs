//! The steps of decision_pages.rs's test of a decision's papers,
//! dispensations and declared conflicts.

use crate::decisions::{day, decision};
use crate::helpers::TestApp;
use serde_json::json;

/// Publishes a cabinet item with a pecuniary declaration, a public and a restricted paper; answers (item, open, shut).
pub(super) async fn a_cabinet_item_with_a_declaration_and_two_papers(
    app: &TestApp,
    m: &[String],
) -> (String, String, String) {
    let meeting = app
        .meeting("cabinet", &format!("{}T10:00:00Z", day(-1)))
        .await;
    let item = app.item(&meeting, "Sale of the depot").await;
    app.post(
        &format!("/api/v1/items/{item}/declarations"),
        json!({"person_id": m[0], "nature": "Owns land next to the depot", "kind": "disclosable_pecuniary"}),
    )
    .await
    .expect(201);
    let open = crate::public_pages::upload(
        app,
        &item,
        "report.pdf",
        "application/pdf",
        crate::render::pdf_read::make_paper(&["depot"]),
        "Report of the Director",
        false,
    )
    .await;
    let shut = crate::public_pages::upload(
        app,
        &item,
        "valuation.pdf",
        "application/pdf",
        crate::render::pdf_read::make_paper(&["depot"]),
        "Valuation",
        true,
    )
    .await;
    app.publish(&meeting).await.expect(200);
    (item, open, shut)
}

/// Grants a dispensation and refuses a decision naming an unknown paper; answers the dispensation.
pub(super) async fn a_dispensation_is_granted_and_an_unknown_paper_refused(
    app: &TestApp,
    m: &[String],
) -> String {
    let disp = app
        .post(
            &format!("/api/v1/people/{}/dispensations", m[0]),
            json!({"scope": "To speak and vote on the depot", "grounds": "Without it the cabinet is inquorate",
                   "granted_by": "Standards Committee", "start_date": day(-10), "end_date": day(300)}),
        )
        .await
        .expect(201)
        .id();
    app.post(
        "/api/v1/decisions",
        json!({"title": "Sell the depot", "kind": "executive", "maker_body_id": "cabinet", "made_on": day(0),
               "decision": "RESOLVED.", "reasons": "x", "document_ids": ["00000000-0000-4000-8000-000000000000"]}),
    )
    .await
    .expect(422);
    disp
}

/// Records and publishes the decision with its papers and dispensation; answers its id.
pub(super) async fn the_decision_links_papers_dispensation_and_declaration(
    app: &TestApp,
    item: &str,
    open: &str,
    shut: &str,
    disp: &str,
) -> String {
    let d = decision(
        app,
        "Sale of the depot",
        "executive",
        json!({"item_id": item, "document_ids": [open, shut], "dispensation_ids": [disp]}),
    )
    .await;
    let id = d["id"].as_str().unwrap().to_string();
    assert_eq!(d["documents"].as_array().unwrap().len(), 2, "{d:#}");
    assert_eq!(
        d["declarations"][0]["nature"],
        "Owns land next to the depot"
    );
    app.post(&format!("/api/v1/decisions/{id}/publish"), json!({}))
        .await
        .expect(200);
    id
}

/// Checks the public decision and page show the open paper and the dispensation only.
pub(super) async fn the_public_sees_only_the_open_paper_and_no_declaration(
    app: &TestApp,
    id: &str,
) {
    let public = app
        .get(&format!("/api/v1/decisions/{id}"), None)
        .await
        .expect(200)
        .body;
    let titles: Vec<&str> = public["documents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Report of the Director"]);
    assert_eq!(
        public["dispensations"][0]["granted_by"],
        "Standards Committee"
    );
    // The declaration is in the minutes, which are not yet published.
    assert_eq!(public["declarations"], json!([]));
    let page = app
        .get(&format!("/decisions/{id}"), None)
        .await
        .expect(200)
        .text;
    assert!(page.contains("Report of the Director") && !page.contains("Valuation"));
    assert!(page.contains("To speak and vote on the depot"));
    assert!(!page.contains("Owns land next to the depot"));
}

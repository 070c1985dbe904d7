//! The no-leak world beyond meetings: councillors with secrets of their
//! own, and the executive's decisions and forward plan.

use super::{post, World};
use crate::helpers::TestApp;
use serde_json::json;

/// A councillor per body: a private address and a sensitive interest
/// (secret), a published address and an ordinary interest (public).
pub(super) async fn build_councillors(app: &TestApp, w: &mut World) {
    let ward = post(app, "/api/v1/wards", json!({"name": "Abbey"})).await;
    let party = post(app, "/api/v1/parties", json!({"name": "Labour"})).await;
    for b in w.bodies.clone() {
        let private = w.marker(false, false, "", "private email");
        let published = w.marker(true, false, "", "public email");
        let p = post(
            app,
            "/api/v1/people",
            json!({"name": format!("Councillor of {b}"), "email": format!("{private}@home.example"),
                   "public_email": format!("{published}@council.example.gov.uk")}),
        )
        .await;
        post(
            app,
            &format!("/api/v1/people/{p}/terms"),
            json!({"ward_id": ward, "party_id": party, "start_date": "2022-05-05"}),
        )
        .await;
        app.post(
            &format!("/api/v1/bodies/{b}/memberships"),
            json!({"person_id": p, "role": "member"}),
        )
        .await
        .expect(201);
        let sensitive = w.marker(false, false, "", "sensitive interest");
        post(
            app,
            &format!("/api/v1/people/{p}/interests"),
            json!({"category": "land", "description": sensitive, "sensitive": true}),
        )
        .await;
        let ordinary = w.marker(true, false, "", "interest");
        post(app, &format!("/api/v1/people/{p}/interests"), json!({"category": "employment", "description": ordinary, "whose": "spouse_or_partner"})).await;
        w.people.push(p);
    }
}

/// A private matter in the forward plan (its reasons secret) and a
/// published decision with an exempt part (secret).
pub(super) async fn build_decisions(app: &TestApp, w: &mut World) {
    let reasons = w.marker(false, false, "", "private reasons");
    let entry = post(
        app,
        "/api/v1/forward-plan",
        json!({"matter": "Sale of the depot", "decision_maker": "Cabinet", "due_date": "2023-09-01",
               "key_decision": true, "private": true, "exempt_paragraph": 3, "private_reasons": reasons,
               "first_published_on": "2023-06-01"}),
    )
    .await;
    let exempt = w.marker(false, false, "", "exempt part of a decision");
    let d = post(
        app,
        "/api/v1/decisions",
        json!({"title": "Sale of the depot", "kind": "executive", "maker_body_id": w.bodies[0], "made_on": "2023-09-01",
               "decision": "RESOLVED that the depot be sold.", "reasons": "Surplus to need.", "key_decision": true,
               "forward_plan_id": entry, "exempt_paragraph": 3, "exempt_text": exempt,
               // Every paper, restricted or not: the public sees only its own.
               "document_ids": w.papers.iter().take(50).map(|p| p.0.clone()).collect::<Vec<_>>()}),
    )
    .await;
    app.post(&format!("/api/v1/decisions/{d}/publish"), json!({}))
        .await
        .expect(200);
    // A decision recorded and not yet published: none of it is public.
    let unpublished = w.marker(false, false, "", "unpublished decision");
    post(
        app,
        "/api/v1/decisions",
        json!({"title": unpublished, "kind": "executive", "maker_body_id": w.bodies[0], "made_on": "2023-09-02",
               "decision": format!("RESOLVED that {unpublished} be done."), "reasons": "Reasons."}),
    )
    .await;
    w.decisions.push((d, entry));
}

//! The register of members' interests: sensitive entries withheld, whose
//! interest never said in public, entries closed and kept; gifts;
//! dispensations (at most four years) and the votes they allow; the 28-day
//! duty's list.

use crate::helpers::{spawn_app, Res, TestApp};
use chrono::{Duration, NaiveDate, Utc};
use serde_json::json;

const WITHHELD: &str = "Withheld under section 32 of the Localism Act 2011";

fn day(n: i64) -> NaiveDate {
    Utc::now().date_naive() + Duration::days(n)
}

/// A councillor who took office `days` ago.
async fn councillor(app: &TestApp, name: &str, days: i64) -> String {
    let ward = app
        .post("/api/v1/wards", json!({"name": format!("{name} ward")}))
        .await
        .expect(201)
        .id();
    let party = app
        .post("/api/v1/parties", json!({"name": format!("{name} party")}))
        .await
        .expect(201)
        .id();
    let id = app
        .post("/api/v1/people", json!({"name": name, "honorific": "Cllr"}))
        .await
        .expect(201)
        .id();
    app.post(
        &format!("/api/v1/people/{id}/terms"),
        json!({"ward_id": ward, "party_id": party, "start_date": day(-days)}),
    )
    .await
    .expect(201);
    id
}

#[tokio::test]
async fn the_public_register_withholds_sensitive_entries_and_never_says_whose() {
    let app = spawn_app().await;
    let id = councillor(&app, "Ann Able", 100).await;
    let path = format!("/api/v1/people/{id}/interests");
    records_entries_and_refuses_bad_ones(&app, &path).await;

    let public = the_public_register_withholds_the_sensitive_entry(&app, &path).await;

    the_printed_register_is_the_public_one(&app, &path).await;

    a_closed_entry_leaves_the_register_and_stays_in_history(&app, &path, &public).await;

    gifts_are_public(&app, &id).await;

    interest_categories_are_admin_data(&app).await;
}

/// Records three entries (one sensitive) and refuses bad categories, relations and anonymous writes.
async fn records_entries_and_refuses_bad_ones(app: &TestApp, path: &str) {
    app.post(
        path,
        json!({"category": "employment", "description": "Solicitor, Able & Co"}),
    )
    .await
    .expect(201);
    app.post(path, json!({"category": "land", "description": "Flat 2, 5 Mill Lane", "whose": "spouse_or_partner"}))
        .await
        .expect(201);
    let secret = app
        .post(
            path,
            json!({"category": "land", "description": "12 Refuge Road", "sensitive": true}),
        )
        .await
        .expect(201);
    assert_eq!(
        secret.body["description"], "12 Refuge Road",
        "the clerk sees it"
    );
    let r = app
        .post(path, json!({"category": "hobbies", "description": "x"}))
        .await
        .expect(422);
    assert!(
        r.text.contains("employment"),
        "names the categories: {}",
        r.text
    );
    app.post(
        path,
        json!({"category": "land", "description": "x", "whose": "cousin"}),
    )
    .await
    .expect(422);
    app.send(
        reqwest::Method::POST,
        path,
        None,
        Some(json!({"category": "land", "description": "x"})),
    )
    .await
    .expect(401);
}

/// Checks the public register withholds the sensitive entry and never says whose; answers it.
async fn the_public_register_withholds_the_sensitive_entry(app: &TestApp, path: &str) -> Res {
    let public = app.get(path, None).await.expect(200);
    assert!(!public.text.contains("12 Refuge Road"), "{}", public.text);
    assert!(!public.text.contains("spouse"), "{}", public.text);
    let descriptions: Vec<&str> = public.body["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["description"].as_str().unwrap())
        .collect();
    assert_eq!(
        descriptions,
        ["Solicitor, Able & Co", "Flat 2, 5 Mill Lane", WITHHELD]
    );
    assert_eq!(public.body["entries"][0]["disclosable"], true);
    public
}

/// Checks the printed register is the public one, as tagged PDF.
async fn the_printed_register_is_the_public_one(app: &TestApp, path: &str) {
    // The printed register: the public one, as tagged PDF.
    let pdf = app
        .client
        .get(app.url(&format!("{path}?format=pdf")))
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.status(), 200);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let text = crate::render::pdf_read::text(&pdf.bytes().await.unwrap());
    assert!(
        text.contains("Register of interests") && text.contains("Solicitor, Able & Co"),
        "{text}"
    );
    assert!(text.contains("Withheld under section 32"), "{text}");
    assert!(
        !text.contains("Refuge Road") && !text.to_lowercase().contains("spouse_or"),
        "{text}"
    );
    app.get(&format!("{path}?format=docx"), None)
        .await
        .expect(400);
}

/// Closes an entry: gone from the current register, kept in history.
async fn a_closed_entry_leaves_the_register_and_stays_in_history(
    app: &TestApp,
    path: &str,
    public: &Res,
) {
    // Closed, not deleted: gone from the current register, kept in history.
    let entry = public.body["entries"][0]["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.patch(&format!("{path}/{entry}"), json!({"end_date": day(-1)}))
        .await
        .expect(200);
    let now = app.get(path, None).await.expect(200);
    assert_eq!(now.body["entries"].as_array().unwrap().len(), 2);
    let history = app
        .get(&format!("{path}?history=true"), None)
        .await
        .expect(200);
    assert_eq!(history.body["entries"].as_array().unwrap().len(), 3);
    let r = app
        .patch(&format!("{path}/{entry}"), json!({"start_date": day(0)}))
        .await
        .expect(422);
    assert_eq!(r.error_fields(), vec!["end_date"]);
}

/// Records a gift and shows it publicly; refuses one without a value.
async fn gifts_are_public(app: &TestApp, id: &str) {
    // Gifts and hospitality are public.
    app.post(
        &format!("/api/v1/people/{id}/gifts"),
        json!({"donor": "Acme Ltd", "description": "Dinner at the awards", "value_pence": 8500, "received_on": day(-10), "accepted": true}),
    )
    .await
    .expect(201);
    app.post(
        &format!("/api/v1/people/{id}/gifts"),
        json!({"donor": "Acme Ltd", "description": "x", "received_on": day(-10)}),
    )
    .await
    .expect(422);
    let gifts = app
        .get(&format!("/api/v1/people/{id}/gifts"), None)
        .await
        .expect(200);
    assert_eq!(gifts.body["data"][0]["value_pence"], 8500);
}

/// Lets only an admin add another code's interest category.
async fn interest_categories_are_admin_data(app: &TestApp) {
    // A Welsh or Scottish code's categories are data (admin only).
    app.post(
        "/api/v1/interest-categories",
        json!({"code": "membership_of_bodies", "name": "Membership of bodies"}),
    )
    .await
    .expect(403);
    app.send(
        reqwest::Method::POST,
        "/api/v1/interest-categories",
        Some(&app.admin),
        Some(json!({"code": "membership_of_bodies", "name": "Membership of bodies"})),
    )
    .await
    .expect(201);
    let cats = app
        .get("/api/v1/interest-categories", None)
        .await
        .expect(200);
    assert_eq!(cats.body["data"].as_array().unwrap().len(), 10);
    assert_eq!(
        cats.body["data"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["disclosable"] == true)
            .count(),
        7
    );
}

#[tokio::test]
async fn a_member_with_a_pecuniary_interest_votes_only_under_a_dispensation() {
    let app = spawn_app().await;
    let (ann, bob, item, decl) = a_meeting_where_ann_declares_a_pecuniary_interest(&app).await;
    only_a_dispensation_for_the_item_lets_her_vote(&app, &ann, &bob, &item).await;

    the_declaration_is_overdue_until_registered(&app, &ann, &decl).await;
}

/// Sets up a held meeting where Ann declares a pecuniary interest; answers (ann, bob, item, declaration).
async fn a_meeting_where_ann_declares_a_pecuniary_interest(
    app: &TestApp,
) -> (String, String, String, String) {
    app.body("plan", "PL", json!({"format": "{prefix}/{n}/{yy}"}))
        .await;
    let ann = councillor(app, "Ann Able", 400).await;
    let bob = councillor(app, "Bob Bell", 400).await;
    let m = app.meeting("plan", &format!("{}T18:00:00Z", day(-2))).await;
    let item = app.item(&m, "Land at Mill Lane").await;
    app.publish(&m).await.expect(200);
    for p in [&ann, &bob] {
        app.post(
            &format!("/api/v1/meetings/{m}/attendance"),
            json!({"person_id": p, "status": "present"}),
        )
        .await
        .expect(201);
    }
    let decl = app
        .post(
            &format!("/api/v1/items/{item}/declarations"),
            json!({"person_id": ann, "nature": "Owns land adjoining the site", "kind": "disclosable_pecuniary"}),
        )
        .await
        .expect(201)
        .id();
    (ann, bob, item, decl)
}

/// Refuses her vote until a dispensation covering this item on the day exists.
async fn only_a_dispensation_for_the_item_lets_her_vote(
    app: &TestApp,
    ann: &str,
    bob: &str,
    item: &str,
) {
    let votes = format!("/api/v1/items/{item}/votes");
    let named =
        json!({"named": [{"person_id": ann, "vote": "for"}, {"person_id": bob, "vote": "for"}]});
    app.post(&votes, named.clone()).await.expect(422);

    // More than four years, or ended before the meeting: no use.
    let disp = format!("/api/v1/people/{ann}/dispensations");
    let r = app
        .post(&disp, json!({"scope": "x", "grounds": "y", "granted_by": "Standards Committee", "start_date": day(-30), "end_date": day(1500)}))
        .await
        .expect(422);
    assert_eq!(r.error_fields(), vec!["end_date"]);
    app.post(&disp, json!({"scope": "Local Plan", "grounds": "so many members are affected that business would be impeded", "granted_by": "Standards Committee", "start_date": day(-300), "end_date": day(-5)}))
        .await
        .expect(201);
    app.post(&votes, named.clone()).await.expect(422);
    // One for another body: no use either.
    app.body("audit", "AU", json!({"format": "{prefix}/{n}/{yy}"}))
        .await;
    app.post(&disp, json!({"scope": "Audit business", "body_id": "audit", "grounds": "g", "granted_by": "Monitoring Officer", "start_date": day(-30), "end_date": day(30)}))
        .await
        .expect(201);
    app.post(&votes, named.clone()).await.expect(422);
    // One covering this item on the day: the vote stands.
    app.post(&disp, json!({"scope": "To speak and vote on the Mill Lane application", "item_id": item, "grounds": "g", "granted_by": "Standards Committee", "start_date": day(-30), "end_date": day(30)}))
        .await
        .expect(201);
    app.post(&votes, named).await.expect(201);
    let list = app.get(&disp, None).await.expect(200);
    assert_eq!(list.body["data"].as_array().unwrap().len(), 3);
}

/// Lists the unregistered declaration as overdue until it is on her register.
async fn the_declaration_is_overdue_until_registered(app: &TestApp, ann: &str, decl: &str) {
    // The declared interest is not on Ann's register: she is listed until
    // it is registered.
    let overdue = app
        .get("/api/v1/interests/overdue", Some(&app.clerk))
        .await
        .expect(200);
    let mine: Vec<&serde_json::Value> = overdue.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["person_id"] == ann)
        .collect();
    assert!(
        mine.iter()
            .any(|o| o["reason"] == "declaration" && o["declaration_id"] == decl),
        "{:#}",
        overdue.body
    );
    app.post(
        &format!("/api/v1/people/{ann}/interests"),
        json!({"category": "land", "description": "Land adjoining Mill Lane", "declaration_id": decl}),
    )
    .await
    .expect(201);
    let overdue = app
        .get("/api/v1/interests/overdue", Some(&app.clerk))
        .await
        .expect(200);
    assert!(!overdue.text.contains(decl), "{:#}", overdue.body);
}

#[tokio::test]
async fn registers_not_notified_within_28_days_of_taking_office_are_late() {
    let app = spawn_app().await;
    let late = councillor(&app, "Late Lee", 60).await;
    let fresh = councillor(&app, "New Nye", 5).await;
    let done = councillor(&app, "Done Dee", 60).await;
    app.post(
        &format!("/api/v1/people/{done}/interests"),
        json!({"category": "employment", "description": "Teacher", "notified_on": day(-50)}),
    )
    .await
    .expect(201);
    app.get("/api/v1/interests/overdue", None).await.expect(401);
    let r = app
        .get("/api/v1/interests/overdue", Some(&app.clerk))
        .await
        .expect(200);
    let rows: Vec<(String, bool)> = r.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["person_id"].as_str().unwrap().to_string(),
                o["late"].as_bool().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [(late.clone(), true), (fresh.clone(), false)],
        "{:#}",
        r.body
    );
    assert_eq!(
        r.body["data"][0]["due"],
        (day(-60) + Duration::days(28)).to_string()
    );
    // A nil return (the date notified) meets the duty.
    app.patch(
        &format!("/api/v1/people/{late}"),
        json!({"register_notified_on": day(0)}),
    )
    .await
    .expect(200);
    let r = app
        .get("/api/v1/interests/overdue", Some(&app.clerk))
        .await
        .expect(200);
    assert!(!r.text.contains(&late));
}

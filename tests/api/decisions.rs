//! Decisions, call-in and the forward plan: the clock starts at
//! publication and the decision takes effect by itself; a call-in needs
//! enough eligible members inside the window; scrutiny's outcome leads
//! where it should; officer and urgent decisions are not called in; the
//! 28-day rule and its notices; a matter's history in order; nothing
//! exempt in public.

use crate::helpers::{spawn_app, TestApp};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use diesel::prelude::*;
use serde_json::{json, Value};

pub(crate) fn day(n: i64) -> NaiveDate {
    Utc::now().date_naive() + Duration::days(n)
}

/// A scrutiny committee of six members, the call-in rules naming it, and a
/// cabinet.
pub(crate) async fn council(app: &TestApp) -> (Vec<String>, String) {
    app.body("scrutiny", "OS", json!({"format": "{prefix}/{n}/{yy}"}))
        .await;
    app.body("cabinet", "CAB", json!({"format": "{prefix}/{n}/{yy}"}))
        .await;
    let mut members = Vec::new();
    for n in ["Ann", "Bob", "Cat", "Dan", "Eve", "Fay"] {
        let p = app.person(&format!("{n} Member"), "Borough Council").await;
        let role = if n == "Ann" { "chair" } else { "member" };
        app.post(
            "/api/v1/bodies/scrutiny/memberships",
            json!({"person_id": p, "role": role}),
        )
        .await
        .expect(201);
        members.push(p);
    }
    let outsider = app.person("Olly Outsider", "Borough Council").await;
    let body = app
        .get("/api/v1/bodies/scrutiny", Some(&app.clerk))
        .await
        .expect(200)
        .body["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.send(
        reqwest::Method::PUT,
        "/api/v1/settings/call-in",
        Some(&app.admin),
        Some(json!({"window_working_days": 5, "cutoff": "16:00", "clear_days": false, "signatories": 5,
                    "chair_must_sign": false, "scrutiny_body_id": body, "kinds": ["executive"],
                    "meeting_within_working_days": 10, "reconsider_within_working_days": 10})),
    )
    .await
    .expect(200);
    (members, outsider)
}

pub(crate) async fn decision(app: &TestApp, title: &str, kind: &str, extra: Value) -> Value {
    let mut body = json!({"title": title, "kind": kind, "maker_body_id": "cabinet", "made_on": day(0),
                          "decision": format!("RESOLVED that {title} be approved."), "reasons": "Value for money."});
    for (k, v) in extra.as_object().unwrap() {
        body[k] = v.clone();
    }
    app.post("/api/v1/decisions", body).await.expect(201).body
}

fn set_deadline(app: &TestApp, id: &str, at: chrono::NaiveDateTime) {
    use minutebook::db::schema::decisions;
    let mut conn = minutebook::db::establish(&app.database_url).unwrap();
    diesel::update(decisions::table.find(id))
        .set(decisions::call_in_deadline.eq(Some(at)))
        .execute(&mut conn)
        .unwrap();
}

#[tokio::test]
async fn a_published_decision_takes_effect_by_itself_when_its_window_closes() {
    let app = spawn_app().await;
    council(&app).await;
    let d = decision(&app, "Leisure Strategy", "executive", json!({})).await;
    let id = d["id"].as_str().unwrap().to_string();
    assert_eq!(d["status"], "made");
    assert!(d["subject_to_call_in"].as_bool().unwrap());
    app.get(&format!("/api/v1/decisions/{id}"), None)
        .await
        .expect(404);
    let p = app
        .post(&format!("/api/v1/decisions/{id}/publish"), json!({}))
        .await
        .expect(200)
        .body;
    assert_eq!(p["status"], "published");
    let published: DateTime<Utc> = p["published_at"].as_str().unwrap().parse().unwrap();
    let deadline: DateTime<Utc> = p["call_in_deadline"].as_str().unwrap().parse().unwrap();
    let rules = minutebook::domain::decisions::CallInRules::default();
    assert_eq!(
        deadline,
        minutebook::domain::decisions::call_in_deadline(published, &rules)
    );
    app.post(&format!("/api/v1/decisions/{id}/publish"), json!({}))
        .await
        .expect(409);
    // The window closes: the background job takes it into effect, once.
    set_deadline(&app, &id, (Utc::now() - Duration::minutes(1)).naive_utc());
    let mut status = String::new();
    for _ in 0..100 {
        status = app.get(&format!("/api/v1/decisions/{id}"), None).await.body["status"]
            .as_str()
            .unwrap_or("")
            .to_string();
        if status == "effective" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(status, "effective");
}

#[tokio::test]
async fn a_call_in_needs_five_eligible_signatories_and_scrutiny_decides_what_follows() {
    let app = spawn_app().await;
    let (m, outsider) = council(&app).await;
    let c = a_call_in_needs_five_eligible_signatories(&app, &m, &outsider).await;
    no_further_action_takes_effect_now(&app, &c).await;
    let again = referred_back_the_maker_reconsiders(&app, &m).await;
    a_call_in_outside_the_window_is_refused(&app, &m, &again).await;
}

/// Refuses call-ins with four eligible signatories or an outsider, accepts five; answers the call-in.
async fn a_call_in_needs_five_eligible_signatories(
    app: &TestApp,
    m: &[String],
    outsider: &str,
) -> Value {
    let a = decision(app, "Parking Charges", "executive", json!({})).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.post(&format!("/api/v1/decisions/{a}/publish"), json!({}))
        .await
        .expect(200);
    let path = format!("/api/v1/decisions/{a}/call-ins");
    let r = app
        .post(
            &path,
            json!({"signatories": [m[0], m[1], m[2], m[3]], "grounds": "Inadequate consultation"}),
        )
        .await
        .expect(422);
    assert!(
        r.text
            .contains("4 eligible signatories; the rules need 5 (1 more)"),
        "{}",
        r.text
    );
    let r = app
        .post(&path, json!({"signatories": [m[0], m[1], m[2], m[3], outsider], "grounds": "Inadequate consultation"}))
        .await
        .expect(422);
    assert!(
        r.text.contains("not entitled to call in: Olly Outsider"),
        "{}",
        r.text
    );
    let c = app
        .post(&path, json!({"signatories": [m[0], m[1], m[2], m[3], m[4]], "grounds": "Inadequate consultation"}))
        .await
        .expect(201)
        .body;
    let d = app.get(&format!("/api/v1/decisions/{a}"), None).await.body;
    assert_eq!(d["status"], "called_in");
    assert_eq!(d["call_ins"][0]["grounds"], "Inadequate consultation");
    c
}

/// Records no further action and checks the decision takes effect now.
async fn no_further_action_takes_effect_now(app: &TestApp, c: &Value) {
    // No further action: it takes effect now.
    let d = app
        .post(
            &format!("/api/v1/call-ins/{}/outcome", c["id"].as_str().unwrap()),
            json!({"outcome": "no_further_action"}),
        )
        .await
        .expect(200)
        .body;
    assert_eq!(d["status"], "effective");
}

/// Refers a called-in decision back and records the reconsidered one naming it; answers that.
async fn referred_back_the_maker_reconsiders(app: &TestApp, m: &[String]) -> Value {
    // Referred back: the maker reconsiders in a new decision naming the first.
    let b = decision(app, "Library Closures", "executive", json!({})).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.post(&format!("/api/v1/decisions/{b}/publish"), json!({}))
        .await
        .expect(200);
    let c = app
        .post(
            &format!("/api/v1/decisions/{b}/call-ins"),
            json!({"signatories": [m[1], m[2], m[3], m[4], m[5]], "grounds": "Equality impact"}),
        )
        .await
        .expect(201)
        .body;
    let d = app
        .post(
            &format!("/api/v1/call-ins/{}/outcome", c["id"].as_str().unwrap()),
            json!({"outcome": "referred_back"}),
        )
        .await
        .expect(200)
        .body;
    assert_eq!(d["status"], "referred_back");
    assert!(d["call_ins"][0]["reconsider_due"].is_string());
    let again = decision(
        app,
        "Library Closures (reconsidered)",
        "executive",
        json!({"reconsiders_id": b}),
    )
    .await;
    assert_eq!(again["reconsiders_id"], b.as_str());
    again
}

/// Refuses a call-in once the window has closed.
async fn a_call_in_outside_the_window_is_refused(app: &TestApp, m: &[String], again: &Value) {
    // Outside the window: refused (422 naming when it closed, or 409 once
    // the background job has taken it into effect).
    let late = again["id"].as_str().unwrap().to_string();
    app.post(&format!("/api/v1/decisions/{late}/publish"), json!({}))
        .await
        .expect(200);
    set_deadline(app, &late, (Utc::now() - Duration::seconds(5)).naive_utc());
    let r = app
        .post(
            &format!("/api/v1/decisions/{late}/call-ins"),
            json!({"signatories": m, "grounds": "x"}),
        )
        .await;
    assert!(r.status == 422 || r.status == 409, "{}", r.text);
}

#[tokio::test]
async fn officer_and_urgent_decisions_are_not_called_in_and_say_so() {
    let app = spawn_app().await;
    let (m, _) = council(&app).await;
    let o = decision(&app, "Grant to a charity", "officer", json!({})).await;
    assert_eq!(o["subject_to_call_in"], false);
    let id = o["id"].as_str().unwrap();
    let p = app
        .post(&format!("/api/v1/decisions/{id}/publish"), json!({}))
        .await
        .expect(200)
        .body;
    assert_eq!(p["status"], "effective", "takes effect on publication");
    let r = app
        .post(
            &format!("/api/v1/decisions/{id}/call-ins"),
            json!({"signatories": m, "grounds": "x"}),
        )
        .await
        .expect(409);
    assert!(
        r.text
            .contains("officer decisions are not subject to call-in"),
        "{}",
        r.text
    );
    let u = decision(&app, "Emergency repairs", "executive", json!({"urgent": {"agreed_by": "Cllr Ann Member, chair of scrutiny", "reason": "Unsafe building"}})).await;
    assert_eq!(u["subject_to_call_in"], false);
    assert_eq!(u["urgency_agreed_by"], "Cllr Ann Member, chair of scrutiny");
    let id = u["id"].as_str().unwrap();
    app.post(&format!("/api/v1/decisions/{id}/publish"), json!({}))
        .await
        .expect(200);
    let r = app
        .post(
            &format!("/api/v1/decisions/{id}/call-ins"),
            json!({"signatories": m, "grounds": "x"}),
        )
        .await
        .expect(409);
    assert!(r.text.contains("urgent"), "{}", r.text);
}

/// A notice of the given kind published on the given day.
fn notice(on: NaiveDate, kind: &str) -> Value {
    json!({"kind": kind, "chair_name": "Cllr Ann Member", "reasons": "The contract expires.", "published_on": on})
}

#[tokio::test]
async fn a_key_decision_needs_28_clear_days_notice_or_a_notice_that_allows_less() {
    let app = spawn_app().await;
    council(&app).await;
    let (e, key) = a_key_matter_first_published_21_days_ago(&app).await;
    too_little_notice_is_refused_until_an_exception_allows_it(&app, &e, &key).await;
    let year = day(0).format("%Y").to_string();
    no_special_urgency_is_reported(&app, &year).await;
    special_urgency_is_allowed_and_reported(&app, &year).await;
}

/// Puts a key decision on the plan 21 days ahead of today; answers its id and a decision's key fields.
async fn a_key_matter_first_published_21_days_ago(app: &TestApp) -> (String, Value) {
    let entry = app
        .post(
            "/api/v1/forward-plan",
            json!({"matter": "Waste collection contract", "decision_maker": "Cabinet", "maker_body_id": "cabinet",
                   "due_date": day(0), "key_decision": true, "key_reason": "Spending over £500,000",
                   "first_published_on": day(-21)}),
        )
        .await
        .expect(201)
        .body;
    let e = entry["id"].as_str().unwrap().to_string();
    let key = json!({"key_decision": true, "forward_plan_id": e});
    (e, key)
}

/// Refuses the decision on 20 or 4 clear days, allows it after 5 clear days of general exception notice.
async fn too_little_notice_is_refused_until_an_exception_allows_it(
    app: &TestApp,
    e: &str,
    key: &Value,
) {
    // 20 clear days: refused.
    let r = app
        .post("/api/v1/decisions", json!({"title": "Award the waste contract", "kind": "executive", "maker_body_id": "cabinet",
                                          "made_on": day(0), "decision": "RESOLVED to award.", "reasons": "Best value.",
                                          "key_decision": true, "forward_plan_id": e}))
        .await
        .expect(409);
    assert!(r.text.contains("20 clear days"), "{}", r.text);
    // A general exception given 4 clear days before: still refused.
    app.post(
        &format!("/api/v1/forward-plan/{e}/notices"),
        notice(day(-5), "general_exception"),
    )
    .await
    .expect(201);
    app.post("/api/v1/decisions", json!({"title": "Award", "kind": "executive", "maker_body_id": "cabinet", "made_on": day(0),
                                         "decision": "RESOLVED.", "reasons": "x", "key_decision": true, "forward_plan_id": e}))
        .await
        .expect(409);
    // One given 5 clear days before: allowed.
    app.post(
        &format!("/api/v1/forward-plan/{e}/notices"),
        notice(day(-6), "general_exception"),
    )
    .await
    .expect(201);
    let d = decision(app, "Award the waste contract", "executive", key.clone()).await;
    assert_eq!(d["forward_plan_id"], e);
}

/// Checks the special urgency report for the year is empty.
async fn no_special_urgency_is_reported(app: &TestApp, year: &str) {
    let report = app
        .get(
            &format!("/api/v1/reports/special-urgency?year={year}"),
            None,
        )
        .await
        .expect(200);
    assert_eq!(
        report.body["notices"].as_array().unwrap().len(),
        0,
        "no special urgency used"
    );
}

/// Allows a decision under a special urgency notice and reports it.
async fn special_urgency_is_allowed_and_reported(app: &TestApp, year: &str) {
    // Special urgency, for a matter with no notice at all in time.
    let late = app
        .post("/api/v1/forward-plan", json!({"matter": "Flood defences", "decision_maker": "Cabinet", "due_date": day(0), "key_decision": true}))
        .await
        .expect(201)
        .body["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.post(
        &format!("/api/v1/forward-plan/{late}/notices"),
        notice(day(0), "special_urgency"),
    )
    .await
    .expect(201);
    let su = decision(
        app,
        "Flood defences",
        "executive",
        json!({"key_decision": true, "forward_plan_id": late}),
    )
    .await;
    app.post(
        &format!("/api/v1/decisions/{}/publish", su["id"].as_str().unwrap()),
        json!({}),
    )
    .await
    .expect(200);
    let report = app
        .get(
            &format!("/api/v1/reports/special-urgency?year={year}"),
            None,
        )
        .await
        .expect(200);
    assert_eq!(report.body["notices"].as_array().unwrap().len(), 1);
    assert_eq!(report.body["notices"][0]["matter"], "Flood defences");
    assert_eq!(report.body["notices"][0]["decisions"][0], su["reference"]);
}

#[tokio::test]
async fn a_matter_is_followed_from_notice_to_effect_and_nothing_exempt_leaks() {
    let app = spawn_app().await;
    let (m, _) = council(&app).await;
    let (e, cab) = a_private_matter_on_two_agendas(&app).await;
    let id = an_exempt_decision_is_published_and_called_in(&app, &m, &e, &cab).await;
    the_matters_history_is_in_order(&app, &e).await;
    nothing_exempt_leaks_to_the_public(&app, &e, &id).await;
}

/// Puts a private key matter on the plan and links a scrutiny and a cabinet item to it; answers (matter, cabinet item).
async fn a_private_matter_on_two_agendas(app: &TestApp) -> (String, String) {
    let e = app
        .post(
            "/api/v1/forward-plan",
            json!({"matter": "Sale of the depot", "decision_maker": "Cabinet", "due_date": day(0), "key_decision": true,
                   "private": true, "exempt_paragraph": 3, "private_reasons": "Secretvaluationword",
                   "first_published_on": day(-40)}),
        )
        .await
        .expect(201)
        .body["id"]
        .as_str()
        .unwrap()
        .to_string();
    let scrutiny_meeting = app
        .meeting("scrutiny", &format!("{}T18:00:00Z", day(-20)))
        .await;
    let pre = app
        .item(
            &scrutiny_meeting,
            "Sale of the depot: pre-decision scrutiny",
        )
        .await;
    app.publish(&scrutiny_meeting).await.expect(200);
    let cabinet_meeting = app
        .meeting("cabinet", &format!("{}T10:00:00Z", day(-1)))
        .await;
    let cab = app.item(&cabinet_meeting, "Sale of the depot").await;
    app.publish(&cabinet_meeting).await.expect(200);
    for item in [&pre, &cab] {
        app.post(
            &format!("/api/v1/forward-plan/{e}/items"),
            json!({"item_id": item}),
        )
        .await
        .expect(204);
    }
    (e, cab)
}

/// Records an exempt decision on the matter, publishes it and calls it in; answers its id.
async fn an_exempt_decision_is_published_and_called_in(
    app: &TestApp,
    m: &[String],
    e: &str,
    cab: &str,
) -> String {
    let d = decision(app, "Sale of the depot", "executive", json!({"key_decision": true, "forward_plan_id": e, "item_id": cab,
                                                                     "exempt_paragraph": 3, "exempt_text": "Secretpriceword"})).await;
    let id = d["id"].as_str().unwrap().to_string();
    app.post(&format!("/api/v1/decisions/{id}/publish"), json!({}))
        .await
        .expect(200);
    app.post(
        &format!("/api/v1/decisions/{id}/call-ins"),
        json!({"signatories": [m[0], m[1], m[2], m[3], m[4]], "grounds": "Undervalue"}),
    )
    .await
    .expect(201);
    id
}

/// Checks the matter's history runs notice, items, decision, call-in.
async fn the_matters_history_is_in_order(app: &TestApp, e: &str) {
    let matter = app
        .get(&format!("/api/v1/forward-plan/{e}"), None)
        .await
        .expect(200);
    let steps: Vec<&str> = matter.body["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["what"].as_str().unwrap())
        .collect();
    assert_eq!(
        steps,
        ["notice", "item", "item", "decision", "call_in"],
        "{:#}",
        matter.body
    );
    assert_eq!(matter.body["exempt_paragraph"], 3);
}

/// Checks no public answer carries exempt text while the clerk still sees it.
async fn nothing_exempt_leaks_to_the_public(app: &TestApp, e: &str, id: &str) {
    for (path, token) in [
        (format!("/api/v1/forward-plan/{e}"), None),
        ("/api/v1/forward-plan".to_string(), None),
        (format!("/api/v1/decisions/{id}"), None),
        ("/api/v1/decisions".to_string(), None),
    ] {
        let r = app.get(&path, token).await.expect(200);
        assert!(
            !r.text.contains("Secretvaluationword") && !r.text.contains("Secretpriceword"),
            "{path}: {}",
            r.text
        );
    }
    let internal = app
        .get(&format!("/api/v1/decisions/{id}"), Some(&app.clerk))
        .await
        .expect(200);
    assert_eq!(internal.body["exempt_text"], "Secretpriceword");
}

#[tokio::test]
async fn an_executive_agenda_on_a_key_decision_waits_for_its_notice() {
    let app = spawn_app().await;
    council(&app).await;
    let e = app
        .post(
            "/api/v1/forward-plan",
            json!({"matter": "Local Plan adoption", "decision_maker": "Cabinet", "maker_body_id": "cabinet",
                   "due_date": day(5), "key_decision": true, "first_published_on": day(-10)}),
        )
        .await
        .expect(201)
        .body["id"]
        .as_str()
        .unwrap()
        .to_string();
    // Scrutiny may look at it first; only the cabinet's agenda waits.
    let pre = app
        .meeting("scrutiny", &format!("{}T18:00:00Z", day(3)))
        .await;
    let pre_item = app.item(&pre, "Local Plan: pre-decision scrutiny").await;
    app.post(
        &format!("/api/v1/forward-plan/{e}/items"),
        json!({"item_id": pre_item}),
    )
    .await
    .expect(204);
    app.publish(&pre).await.expect(200);
    let cab = app
        .meeting("cabinet", &format!("{}T10:00:00Z", day(5)))
        .await;
    let item = app.item(&cab, "Local Plan adoption").await;
    app.post(
        &format!("/api/v1/forward-plan/{e}/items"),
        json!({"item_id": item}),
    )
    .await
    .expect(204);
    let r = app.publish(&cab).await.expect(409);
    assert!(r.text.contains("28 clear days"), "{}", r.text);
    // A general exception published 5 clear days before the meeting.
    app.post(
        &format!("/api/v1/forward-plan/{e}/notices"),
        json!({"kind": "general_exception", "chair_name": "Cllr Ann Member", "reasons": "The inspector's report came late.", "published_on": day(-1)}),
    )
    .await
    .expect(201);
    app.publish(&cab).await.expect(200);
}

#[tokio::test]
async fn webhooks_are_told_when_a_decision_takes_effect_and_never_its_exempt_part() {
    let app = crate::webhooks::hook_app().await;
    council(&app).await;
    let rx = crate::webhooks::receiver(0).await;
    crate::webhooks::subscribe(&app, &rx.url, Some(vec!["decision.effective"])).await;
    let d = decision(
        &app,
        "Sale of land",
        "executive",
        json!({"exempt_paragraph": 3, "exempt_text": "Secretpriceword"}),
    )
    .await;
    let id = d["id"].as_str().unwrap().to_string();
    app.post(&format!("/api/v1/decisions/{id}/publish"), json!({}))
        .await
        .expect(200);
    set_deadline(&app, &id, (Utc::now() - Duration::minutes(1)).naive_utc());
    let got = rx.wait_for(1).await;
    let payload: Value = serde_json::from_str(&got[0].body).unwrap();
    assert_eq!(payload["type"], "decision.effective");
    assert_eq!(payload["data"]["decision"]["id"], id.as_str());
    assert!(!got[0].body.contains("Secretpriceword"), "{}", got[0].body);
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(rx.requests().len(), 1, "told once");
}

#[tokio::test]
async fn a_published_decision_is_revoked_with_its_reason_and_never_takes_effect() {
    let app = spawn_app().await;
    council(&app).await;
    let d = decision(&app, "Close the museum", "executive", json!({})).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let path = format!("/api/v1/decisions/{d}/revoke");
    // An unpublished record is not yet a decision to revoke.
    app.post(&path, json!({"reason": "Mistake"}))
        .await
        .expect(409);
    app.post(&format!("/api/v1/decisions/{d}/publish"), json!({}))
        .await
        .expect(200);
    app.post(&path, json!({"reason": "  "})).await.expect(422);
    app.post(&path, json!({"reason": "x", "revoked_by_id": d}))
        .await
        .expect(422);
    let later = decision(&app, "Keep the museum open", "executive", json!({})).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = app
        .post(
            &path,
            json!({"reason": "The council found the money.", "revoked_by_id": later}),
        )
        .await
        .expect(200)
        .body;
    assert_eq!(r["status"], "revoked");
    assert_eq!(r["revocation"]["reason"], "The council found the money.");
    assert_eq!(r["revocation"]["revoked_by_id"], json!(later));
    app.post(&path, json!({"reason": "again"}))
        .await
        .expect(409);
    // The window closing does not take it into effect.
    set_deadline(&app, &d, (Utc::now() - Duration::minutes(1)).naive_utc());
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    let now = app
        .get(&format!("/api/v1/decisions/{d}"), None)
        .await
        .expect(200)
        .body;
    assert_eq!(now["status"], "revoked");
    assert!(now["effective_at"].is_null());
    let page = app
        .get(&format!("/decisions/{d}"), None)
        .await
        .expect(200)
        .text;
    assert!(
        page.contains("This decision was revoked on")
            && page.contains("The council found the money.")
    );
    let feed = app
        .get("/feeds/decisions.atom", None)
        .await
        .expect(200)
        .text;
    assert!(feed.contains("Revoked: The council found the money."));
}

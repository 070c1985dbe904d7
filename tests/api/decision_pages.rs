//! Decisions and the forward plan where the public reads them: the pages
//! (with their filters and a matter's history in order), the decision
//! notice as PDF, Atom and iCalendar read back by independent parsers,
//! OParl papers and consultations checked against the OParl schemas, and
//! the modern.gov web service's decision flags; a clerk defers and
//! withdraws a matter. Nothing exempt, private or unpublished in any of it.

use crate::decisions::{council, day, decision};
use crate::feeds::{parse_atom, parse_ics};
use crate::helpers::{spawn_app, TestApp};
use crate::mgws::{mgws_id, ws_xml};
use crate::oparl::Schemas;
use serde_json::{json, Value};
use steps::*;

#[path = "decision_pages_steps.rs"]
mod steps;

const SECRET_REASONS: &str = "Secretvaluationword";
const SECRET_PART: &str = "Secretpriceword";
const UNPUBLISHED: &str = "Unpublishedplansword";

/// What the scenario made.
struct Matter {
    entry: String,
    decision: String,
    officer: String,
    unpublished: String,
    scrutiny_meeting: String,
    cabinet_meeting: String,
    cabinet_item: String,
}

/// A private key matter noticed 40 days ago, looked at by scrutiny 20 days
/// ago, decided by the cabinet yesterday (with an exempt part), published
/// and called in; an officer's decision, published; one decision not yet
/// published.
async fn matter(app: &TestApp) -> Matter {
    let (m, _) = council(app).await;
    let (entry, scrutiny_meeting, cabinet_meeting, cabinet_item) =
        a_private_matter_on_two_agendas(app).await;
    let d = the_cabinet_decides_and_is_called_in(app, &m, &entry, &cabinet_item).await;
    let (officer, unpublished) = an_officer_decision_and_an_unpublished_one(app).await;
    Matter {
        entry,
        decision: d,
        officer,
        unpublished,
        scrutiny_meeting,
        cabinet_meeting,
        cabinet_item,
    }
}

/// Notices a private matter and puts it on a scrutiny and a cabinet agenda; answers (entry, scrutiny meeting, cabinet meeting, cabinet item).
async fn a_private_matter_on_two_agendas(app: &TestApp) -> (String, String, String, String) {
    let entry = app
        .post(
            "/api/v1/forward-plan",
            json!({"matter": "Sale of the depot", "decision_maker": "Cabinet", "maker_body_id": "cabinet",
                   "due_date": day(0), "key_decision": true, "key_reason": "Income over £500,000",
                   "private": true, "exempt_paragraph": 3, "private_reasons": SECRET_REASONS,
                   "objections": "Write to the monitoring officer.", "first_published_on": day(-40)}),
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
    let cabinet_item = app.item(&cabinet_meeting, "Sale of the depot").await;
    app.publish(&cabinet_meeting).await.expect(200);
    for item in [&pre, &cabinet_item] {
        app.post(
            &format!("/api/v1/forward-plan/{entry}/items"),
            json!({"item_id": item}),
        )
        .await
        .expect(204);
    }
    (entry, scrutiny_meeting, cabinet_meeting, cabinet_item)
}

/// Records the cabinet decision with an exempt part, publishes it and calls it in; answers its id.
async fn the_cabinet_decides_and_is_called_in(
    app: &TestApp,
    m: &[String],
    entry: &str,
    cabinet_item: &str,
) -> String {
    let d = decision(
        app,
        "Sale of the depot",
        "executive",
        json!({"key_decision": true, "key_reason": "Income over £500,000", "forward_plan_id": entry,
               "item_id": cabinet_item, "parts": ["the depot be sold", "the receipt fund the new depot"],
               "alternatives": "Keeping the depot: repairs cost more than a new one.",
               "exempt_paragraph": 3, "exempt_text": SECRET_PART}),
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.post(&format!("/api/v1/decisions/{d}/publish"), json!({}))
        .await
        .expect(200);
    app.post(
        &format!("/api/v1/decisions/{d}/call-ins"),
        json!({"signatories": [m[0], m[1], m[2], m[3], m[4]], "grounds": "Undervalue"}),
    )
    .await
    .expect(201);
    d
}

/// Records a published officer decision and an unpublished one; answers their ids.
async fn an_officer_decision_and_an_unpublished_one(app: &TestApp) -> (String, String) {
    let officer = decision(
        app,
        "Grass cutting contract extension",
        "officer",
        json!({}),
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.post(&format!("/api/v1/decisions/{officer}/publish"), json!({}))
        .await
        .expect(200);
    let unpublished = decision(app, UNPUBLISHED, "executive", json!({})).await["id"]
        .as_str()
        .unwrap()
        .to_string();
    (officer, unpublished)
}

#[track_caller]
fn clean(what: &str, text: &str) {
    for s in [SECRET_REASONS, SECRET_PART, UNPUBLISHED] {
        assert!(!text.contains(s), "{what} shows {s}:\n{text}");
    }
}

/// Where each of `needles` first appears in `text`, in order (panics if one
/// is missing).
fn positions(text: &str, needles: &[&str]) -> Vec<usize> {
    needles
        .iter()
        .map(|n| {
            text.find(n)
                .unwrap_or_else(|| panic!("{n:?} is not in:\n{text}"))
        })
        .collect()
}

#[tokio::test]
async fn the_public_pages_list_decisions_and_the_plan_and_follow_a_matter_in_order() {
    let app = spawn_app().await;
    let w = matter(&app).await;
    the_decision_list_filters(&app).await;

    the_decision_pages_show_the_public_record(&app, &w).await;

    the_plan_lists_the_matter_as_private(&app).await;

    the_matter_page_follows_it_in_order(&app, &w).await;
}

/// Checks the decisions page lists and filters decisions, showing nothing secret.
async fn the_decision_list_filters(app: &TestApp) {
    let list = app.get("/decisions", None).await.expect(200).text;
    assert!(
        list.contains("Sale of the depot") && list.contains("Grass cutting contract extension")
    );
    clean("/decisions", &list);
    let key = app.get("/decisions?key=yes", None).await.expect(200).text;
    assert!(key.contains("Sale of the depot") && !key.contains("Grass cutting"));
    let by_maker = app
        .get("/decisions?maker=cabinet&status=called_in", None)
        .await
        .expect(200)
        .text;
    assert!(by_maker.contains("Sale of the depot") && by_maker.contains("1 decision<"));
    let none = app
        .get(&format!("/decisions?from={}", day(30)), None)
        .await
        .expect(200)
        .text;
    assert!(none.contains("No decisions match"));
}

/// Checks a decision's page carries its public record and an unpublished one has none.
async fn the_decision_pages_show_the_public_record(app: &TestApp, w: &Matter) {
    let page = app
        .get(&format!("/decisions/{}", w.decision), None)
        .await
        .expect(200)
        .text;
    clean("the decision page", &page);
    for s in [
        "Reasons for the decision",
        "Value for money.",
        "Keeping the depot: repairs cost more than a new one.",
        "the receipt fund the new depot",
        "paragraph 3 of Part 1 of Schedule 12A",
        "Called in on",
        "Undervalue",
        &format!("/forward-plan/{}", w.entry),
        &format!("/meetings/{}", w.cabinet_meeting),
        "Income over £500,000",
    ] {
        assert!(page.contains(s), "the decision page lacks {s:?}");
    }
    let officer = app
        .get(&format!("/decisions/{}", w.officer), None)
        .await
        .expect(200)
        .text;
    assert!(officer.contains("This decision is not subject to call-in."));
    app.get(&format!("/decisions/{}", w.unpublished), None)
        .await
        .expect(404);
    app.get(&format!("/decisions/{}/notice.pdf", w.unpublished), None)
        .await
        .expect(404);
}

/// Checks the forward plan lists the private matter and groups by maker.
async fn the_plan_lists_the_matter_as_private(app: &TestApp) {
    let plan = app.get("/forward-plan", None).await.expect(200).text;
    assert!(plan.contains("Sale of the depot") && plan.contains("Private: paragraph 3"));
    clean("/forward-plan", &plan);
    let by_maker = app
        .get("/forward-plan?by=maker", None)
        .await
        .expect(200)
        .text;
    assert!(
        by_maker.contains("<h2 id=\"g-1\">Cabinet</h2>"),
        "{by_maker}"
    );
}

/// Checks the matter page's history runs in order.
async fn the_matter_page_follows_it_in_order(app: &TestApp, w: &Matter) {
    let matter = app
        .get(&format!("/forward-plan/{}", w.entry), None)
        .await
        .expect(200)
        .text;
    clean("the matter page", &matter);
    assert!(matter.contains("Write to the monitoring officer."));
    let history = &matter[matter.find("id=\"history-heading\"").unwrap()..];
    let p = positions(
        history,
        &[
            "Published in the forward plan",
            "Considered by scrutiny body",
            "Considered by cabinet body",
            "Decision ",
            "Called in",
        ],
    );
    assert!(
        p.windows(2).all(|w| w[0] < w[1]),
        "history out of order: {history}"
    );
}

#[tokio::test]
async fn the_decision_notice_is_a_pdf_of_the_public_record() {
    let app = spawn_app().await;
    let w = matter(&app).await;
    let r = app
        .client
        .get(app.url(&format!("/decisions/{}/notice.pdf", w.decision)))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 200);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    let text = crate::render::pdf_read::text(&r.bytes().await.unwrap());
    clean("the decision notice", &text);
    for s in [
        "Record of decision",
        "Sale of the depot",
        "Reasons for the decision",
        "Alternative options considered",
        "Undervalue",
    ] {
        assert!(text.contains(s), "the notice lacks {s:?}:\n{text}");
    }
}

#[tokio::test]
async fn feeds_and_the_calendar_are_read_back_by_independent_parsers() {
    let app = spawn_app().await;
    let w = matter(&app).await;
    let decisions = app.get("/feeds/decisions.atom", None).await.expect(200);
    clean("the decisions feed", &decisions.text);
    let feed = parse_atom(&decisions.text);
    let titles: Vec<String> = feed
        .entries
        .iter()
        .filter_map(|e| e.title.as_ref().map(|t| t.content.clone()))
        .collect();
    assert_eq!(titles.len(), 2, "{titles:?}");
    assert!(titles.iter().any(|t| t.ends_with(": Sale of the depot")));
    assert!(feed.entries.iter().any(|e| e
        .links
        .iter()
        .any(|l| l.href.ends_with(&format!("/decisions/{}", w.decision)))));
    let plan = app.get("/feeds/forward-plan.atom", None).await.expect(200);
    clean("the forward plan feed", &plan.text);
    let feed = parse_atom(&plan.text);
    assert_eq!(feed.entries.len(), 1);
    let summary = feed.entries[0].summary.as_ref().unwrap().content.clone();
    assert!(summary.contains("paragraph 3"), "{summary}");

    let ics = app.get("/forward-plan.ics", None).await.expect(200);
    clean("the forward plan calendar", &ics.text);
    let events = parse_ics(&ics.text);
    assert_eq!(events.len(), 1);
    assert!(events[0]["SUMMARY"].contains("Sale of the depot"));
    assert_eq!(events[0]["DTSTART"], day(0).format("%Y%m%d").to_string());
}

#[tokio::test]
async fn oparl_carries_the_matter_as_a_paper_with_its_consultations() {
    let app = spawn_app().await;
    let w = matter(&app).await;
    let schemas = Schemas::load();
    let list = app
        .get("/oparl/v1/body/0/papers", None)
        .await
        .expect(200)
        .body;
    clean("OParl papers", &list.to_string());
    let data = list["data"].as_array().unwrap();
    assert_eq!(data.len(), 1, "{list:#}");
    let paper = &data[0];
    schemas.check(paper);
    assert_eq!(paper["name"], "Sale of the depot");
    assert_eq!(paper["minutebook:exemptParagraph"], 3);
    let consultations = paper["consultation"].as_array().unwrap();
    assert_eq!(consultations.len(), 2, "{paper:#}");
    for c in consultations {
        schemas.check(c);
        let one = app
            .get(
                c["id"]
                    .as_str()
                    .unwrap()
                    .split_once("/oparl")
                    .map(|(_, p)| format!("/oparl{p}"))
                    .unwrap()
                    .as_str(),
                None,
            )
            .await
            .expect(200)
            .body;
        assert_eq!(&one, c);
    }
    let authoritative: Vec<bool> = consultations
        .iter()
        .map(|c| c["authoritative"].as_bool().unwrap())
        .collect();
    assert_eq!(authoritative, [false, true]);
    assert!(consultations[0]["meeting"]
        .as_str()
        .unwrap()
        .ends_with(&w.scrutiny_meeting));
    let one = app
        .get(&format!("/oparl/v1/paper/{}", w.entry), None)
        .await
        .expect(200)
        .body;
    assert_eq!(&one, paper);
    // The agenda item says what was decided, from the decision record.
    let item = app
        .get(&format!("/oparl/v1/agenda-item/{}", w.cabinet_item), None)
        .await
        .expect(200)
        .body;
    schemas.check(&item);
    let text = item["resolutionText"].as_str().unwrap();
    assert!(
        text.contains("Sale of the depot be approved")
            && text.contains("2. the receipt fund the new depot")
    );
    assert!(item["consultation"].as_str().unwrap().contains(&w.entry));
    clean("the OParl agenda item", &item.to_string());
}

#[tokio::test]
async fn the_modern_gov_service_flags_an_item_decided_and_called_in() {
    let app = spawn_app().await;
    let w = matter(&app).await;
    let id = mgws_id(&app, &w.cabinet_meeting);
    let m = ws_xml(&app, &format!("GetMeeting?lMeetingId={id}")).await;
    let items = m.child("agendaitems").all("agendaitem");
    let item = items
        .iter()
        .find(|i| i.get("agendaitemtitle") == "Sale of the depot")
        .unwrap();
    assert_eq!(item.get("isdecision"), "True");
    assert_eq!(item.get("isdecisionpublished"), "True");
    assert_eq!(item.get("iscallin"), "True");
    let sid = mgws_id(&app, &w.scrutiny_meeting);
    let s = ws_xml(&app, &format!("GetMeeting?lMeetingId={sid}")).await;
    for i in s.child("agendaitems").all("agendaitem") {
        assert_eq!(i.get("iscallin"), "False");
    }
}

#[tokio::test]
async fn a_clerk_defers_and_withdraws_a_matter_and_a_decided_one_stays_decided() {
    let app = spawn_app().await;
    council(&app).await;
    let path = an_upcoming_key_matter(&app).await;
    it_cannot_be_marked_decided_and_is_deferred(&app, &path).await;
    a_stale_if_match_changes_nothing(&app, &path).await;
    a_dateless_or_anonymous_change_is_refused(&app, &path).await;
    a_withdrawn_matter_is_cancelled_in_the_calendar(&app, &path).await;
}

/// Puts an upcoming key matter on the plan; answers its API path.
async fn an_upcoming_key_matter(app: &TestApp) -> String {
    let e = app
        .post(
            "/api/v1/forward-plan",
            json!({"matter": "Leisure centre roof", "decision_maker": "Cabinet", "due_month": "2027-03",
                   "key_decision": true, "first_published_on": day(-5)}),
        )
        .await
        .expect(201)
        .body;
    let id = e["id"].as_str().unwrap().to_string();
    let path = format!("/api/v1/forward-plan/{id}");
    assert_eq!(e["status"], "upcoming");
    path
}

/// Refuses marking it decided by hand and defers it to a date.
async fn it_cannot_be_marked_decided_and_is_deferred(app: &TestApp, path: &str) {
    let r = app
        .send(
            reqwest::Method::PATCH,
            path,
            Some(&app.clerk),
            Some(json!({"status": "decided"})),
        )
        .await
        .expect(422);
    assert!(r.text.contains("status"), "{}", r.text);
    let deferred = app
        .send(
            reqwest::Method::PATCH,
            path,
            Some(&app.clerk),
            Some(json!({"status": "deferred", "due_date": day(60), "due_month": null})),
        )
        .await
        .expect(200)
        .body;
    assert_eq!(deferred["status"], "deferred");
    assert_eq!(deferred["due_date"], json!(day(60)));
}

/// Refuses a stale If-Match and checks the matter is still deferred.
async fn a_stale_if_match_changes_nothing(app: &TestApp, path: &str) {
    // A stale If-Match is refused and changes nothing.
    let stale = app
        .client
        .patch(app.url(path))
        .bearer_auth(&app.clerk)
        .header("If-Match", "\"1\"")
        .json(&json!({"status": "withdrawn"}))
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status().as_u16(), 412);
    let now = app.get(path, None).await.expect(200).body;
    assert_eq!(now["status"], "deferred");
    app.get("/forward-plan", None).await.expect(200);
    let ics = app.get("/forward-plan.ics", None).await.expect(200).text;
    assert!(ics.contains("STATUS:TENTATIVE"), "{ics}");
}

/// Refuses a matter with neither date nor month and a change by a reader.
async fn a_dateless_or_anonymous_change_is_refused(app: &TestApp, path: &str) {
    // Neither date nor month: refused.
    app.send(
        reqwest::Method::PATCH,
        path,
        Some(&app.clerk),
        Some(json!({"due_date": null})),
    )
    .await
    .expect(422);
    // Readers may not change the plan.
    app.send(
        reqwest::Method::PATCH,
        path,
        None,
        Some(json!({"status": "withdrawn"})),
    )
    .await
    .expect(401);
}

/// Withdraws the matter and checks the calendar cancels it.
async fn a_withdrawn_matter_is_cancelled_in_the_calendar(app: &TestApp, path: &str) {
    let w = app
        .send(
            reqwest::Method::PATCH,
            path,
            Some(&app.clerk),
            Some(json!({"status": "withdrawn"})),
        )
        .await
        .expect(200)
        .body;
    assert_eq!(w["status"], "withdrawn");
    let ics = app.get("/forward-plan.ics", None).await.expect(200).text;
    assert!(ics.contains("STATUS:CANCELLED"), "{ics}");
    let history = app.get(path, None).await.expect(200).body;
    assert_eq!(history["status"], "withdrawn");
}

#[tokio::test]
async fn the_decisions_list_filters_and_refuses_an_unknown_status() {
    let app = spawn_app().await;
    let w = matter(&app).await;
    let all = app.get("/api/v1/decisions", None).await.expect(200).body;
    let ids = |v: &Value| -> Vec<String> {
        v["data"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&all).len(), 2);
    assert_eq!(all["data"][0]["decision_maker"], "cabinet body");
    let key = app
        .get("/api/v1/decisions?key=true", None)
        .await
        .expect(200)
        .body;
    assert_eq!(ids(&key), std::slice::from_ref(&w.decision));
    let officer = app
        .get("/api/v1/decisions?status=effective", None)
        .await
        .expect(200)
        .body;
    assert_eq!(ids(&officer), std::slice::from_ref(&w.officer));
    let clerk = app
        .get("/api/v1/decisions?status=made", Some(&app.clerk))
        .await
        .expect(200)
        .body;
    assert_eq!(ids(&clerk), std::slice::from_ref(&w.unpublished));
    let r = app
        .get("/api/v1/decisions?status=bogus", None)
        .await
        .expect(422);
    assert!(r.text.contains("status"), "{}", r.text);
    app.get("/api/v1/decisions?from=notadate", None)
        .await
        .expect(400);
}

#[tokio::test]
async fn a_decision_links_its_papers_dispensations_and_the_conflicts_declared_and_the_public_sees_only_what_it_may(
) {
    let app = spawn_app().await;
    let (m, _) = council(&app).await;
    let (item, open, shut) = a_cabinet_item_with_a_declaration_and_two_papers(&app, &m).await;
    let disp = a_dispensation_is_granted_and_an_unknown_paper_refused(&app, &m).await;
    let id =
        the_decision_links_papers_dispensation_and_declaration(&app, &item, &open, &shut, &disp)
            .await;
    the_public_sees_only_the_open_paper_and_no_declaration(&app, &id).await;
}

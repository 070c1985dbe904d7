//! The whole meeting cycle at the desk, in headless Chromium, as a new
//! clerk would do it, each control found by its visible label or button
//! text: an admin makes the clerk's account; the clerk signs in from the
//! emailed link, schedules a meeting, builds an agenda of six items (one
//! restricted, one with a paper) and publishes it; takes attendance;
//! writes minutes for every item (leaving the page mid-sentence once);
//! records an outcome and a vote; marks the meeting held and sends the
//! draft to the chair, who approves it from the email; publishes. The
//! public page then shows what was written and nothing restricted.

use crate::decisions::day;
use crate::desk::{app_with_smtp, link_for, make_account};
use crate::helpers::TestApp;
use crate::smtp::SmtpServer;
use crate::webdriver::Browser;
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// Sets the control a visible label names (inside `scope`), as typing and
/// choosing would, with the events a page hears.
async fn fill(b: &Browser, scope: &str, label: &str, value: &str) {
    let js = format!(
        "var scope = document.querySelector({scope}) || document;\
         var l = Array.from(scope.querySelectorAll('label')).find(function (l) {{ return l.textContent.trim().indexOf({label}) === 0; }});\
         if (!l) {{ return 'no label ' + {label}; }}\
         var c = document.getElementById(l.htmlFor);\
         if (c.type === 'checkbox') {{ c.checked = true; }} else {{ c.value = {value}; }}\
         c.dispatchEvent(new Event('input', {{bubbles: true}}));\
         c.dispatchEvent(new Event('change', {{bubbles: true}}));\
         return 'ok';",
        scope = json!(scope),
        label = json!(label),
        value = json!(value),
    );
    assert_eq!(b.script(&js).await, json!("ok"), "{label}");
}

/// Presses the button (inside `scope`) whose visible text begins so,
/// opening the `<details>` it is in first.
async fn press(b: &Browser, scope: &str, text: &str) {
    let js = format!(
        "var scope = document.querySelector({scope}) || document;\
         var btn = Array.from(scope.querySelectorAll('button')).find(function (x) {{ return x.textContent.trim().indexOf({text}) === 0; }});\
         if (!btn) {{ return 'no button ' + {text}; }}\
         var d = btn.closest('details'); if (d) {{ d.open = true; }}\
         setTimeout(function () {{ btn.click(); }}, 0);\
         return 'ok';",
        scope = json!(scope),
        text = json!(text),
    );
    assert_eq!(b.script(&js).await, json!("ok"), "{text}");
}

/// Opens the `<details>` whose summary begins so (inside `scope`).
async fn open(b: &Browser, scope: &str, summary: &str) {
    let js = format!(
        "var scope = document.querySelector({scope}) || document;\
         var s = Array.from(scope.querySelectorAll('summary')).find(function (x) {{ return x.textContent.trim().indexOf({summary}) === 0; }});\
         if (!s) {{ return 'no summary'; }} s.parentNode.open = true; return 'ok';",
        scope = json!(scope),
        summary = json!(summary),
    );
    assert_eq!(b.script(&js).await, json!("ok"), "{summary}");
}

async fn meeting_json(app: &TestApp, id: &str) -> Value {
    app.get(&format!("/api/v1/meetings/{id}"), Some(&app.clerk))
        .await
        .expect(200)
        .body
}

async fn wait_until<F: Fn(&Value) -> bool>(app: &TestApp, id: &str, ok: F) -> Value {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let m = meeting_json(app, id).await;
        if ok(&m) || Instant::now() > deadline {
            return m;
        }
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// The browser, the app and its mail server a cycle runs against.
struct Desk<'a> {
    b: &'a Browser,
    app: &'a TestApp,
    smtp: &'a SmtpServer,
}

#[tokio::test]
async fn a_new_clerk_takes_a_meeting_from_agenda_to_published_minutes_in_a_browser() {
    let Some(b) = Browser::start(1280, 900).await else {
        assert!(std::env::var_os("CI").is_none(), "CI must have Chromium");
        return;
    };
    let (app, smtp) = app_with_smtp().await;
    let members = the_licensing_committee_and_an_admin(&app).await;
    let d = Desk {
        b: &b,
        app: &app,
        smtp: &smtp,
    };
    the_admin_adds_the_clerk_who_signs_in(&d).await;
    let meeting = the_clerk_schedules_the_meeting(&d).await;
    the_clerk_adds_six_items(&d).await;
    let (titles, items) = an_item_is_dragged_into_place(&d, &meeting).await;
    a_paper_is_added_and_the_agenda_published(&d, &items).await;
    attendance_is_saved_as_ticked(&d, &meeting, &members).await;
    let texts = minutes_are_typed_for_every_item(&d, &meeting, &titles, &items).await;
    an_outcome_and_a_vote_are_recorded_on_the_fees(&d, &items).await;
    the_minutes_are_held_approved_and_published(&d, &meeting).await;
    the_cycles_pages_pass_axe(&d, &meeting).await;
    b.quit().await;
    the_public_page_shows_the_minutes_but_not_the_restricted_item(&app, &meeting, &texts).await;
}

/// The licensing committee with a chair and two members, and an admin account.
async fn the_licensing_committee_and_an_admin(app: &TestApp) -> Vec<String> {
    app.body("licensing", "LIC", json!({"format": "{prefix}/{n}/{yy}"}))
        .await;
    let mut members = Vec::new();
    for (name, role, email) in [
        (
            "Cllr Ann Chair",
            "chair",
            "ann.chair@council.example.gov.uk",
        ),
        ("Cllr Ben Member", "member", "ben@council.example.gov.uk"),
        ("Cllr Cy Member", "member", "cy@council.example.gov.uk"),
    ] {
        let id = app
            .post("/api/v1/people", json!({"name": name, "email": email}))
            .await
            .expect(201)
            .id();
        app.post(
            "/api/v1/bodies/licensing/memberships",
            json!({"person_id": id, "role": role, "start_date": day(-300)}),
        )
        .await
        .expect(201);
        members.push(id);
    }
    make_account(app, "admin@council.example.gov.uk", "admin");
    members
}

/// Signs `email` in through the desk's form and the emailed link.
async fn sign_in(d: &Desk<'_>, email: &'static str) {
    let (b, app, smtp) = (d.b, d.app, d.smtp);
    b.goto(&app.url("/desk")).await;
    fill(b, "main", "Work email address", email).await;
    press(b, "main", "Email me a sign-in link").await;
    b.wait_for_text("Check your email").await;
    let link = link_for(smtp, email, 0).await;
    b.goto(&app.url(&link)).await;
    press(b, "main", "Sign in").await;
    b.wait_for_text("Signed in as").await;
}

/// The admin signs in and makes the clerk's account, then signs out; the
/// clerk signs in.
async fn the_admin_adds_the_clerk_who_signs_in(d: &Desk<'_>) {
    let (b, app) = (d.b, d.app);
    sign_in(d, "admin@council.example.gov.uk").await;
    b.goto(&app.url("/desk/accounts")).await;
    fill(b, "main", "Name", "Cath Clerk").await;
    fill(b, "main", "Work email", "cath@council.example.gov.uk").await;
    press(b, "main", "Add account").await;
    b.wait_for_text("can now sign in as clerk").await;
    press(b, "footer", "Sign out").await;
    b.wait_for_text("Work email address").await;
    sign_in(d, "cath@council.example.gov.uk").await;
}

/// Schedule the meeting (yesterday: the minutes follow at once); returns its id.
async fn the_clerk_schedules_the_meeting(d: &Desk<'_>) -> String {
    let (b, app) = (d.b, d.app);
    b.goto(&app.url("/desk/meetings/new?body=licensing")).await;
    fill(b, "main", "Date", &day(-1).to_string()).await;
    fill(b, "main", "Start time", "10:00").await;
    fill(b, "main", "Venue", "Committee Room 2").await;
    press(b, "main", "Schedule the meeting").await;
    b.wait_for_text("Add an item").await;
    let url = b.url().await;
    url.split("/desk/meetings/")
        .nth(1)
        .unwrap()
        .split(['?', '#'])
        .next()
        .unwrap()
        .to_string()
}

/// Six items through the add form, the last one restricted.
async fn the_clerk_adds_six_items(d: &Desk<'_>) {
    let b = d.b;
    let titles = [
        "Apologies for absence",
        "Declarations of interest",
        "Minutes of the last meeting",
        "Statement of licensing policy",
        "Taxi licensing fees",
        "Review of a premises licence",
    ];
    let add = "form[action$='/items']";
    for t in titles {
        fill(b, add, "Title", t).await;
        if t == "Review of a premises licence" {
            fill(b, add, "This item is to be considered in private", "").await;
            fill(b, add, "Schedule 12A paragraph", "1").await;
            fill(
                b,
                add,
                "What the public is told instead",
                "A licence review.",
            )
            .await;
        }
        press(b, add, "Add the item").await;
        b.wait_for_text(&format!("</strong> {t} <span")).await;
        b.wait_for_text("The item is added.").await;
    }
}

/// "Declarations of interest" dragged below "Minutes of the last meeting";
/// returns the titles and ids in their new order.
async fn an_item_is_dragged_into_place(d: &Desk<'_>, meeting: &str) -> (Vec<String>, Vec<String>) {
    let b = d.b;
    let dragged = b
        .script(
            "var li = document.querySelectorAll('ol.desk-items > li');\
             var dt = new DataTransfer();\
             li[1].dispatchEvent(new DragEvent('dragstart', {bubbles: true, dataTransfer: dt}));\
             var r = li[2].getBoundingClientRect();\
             li[2].dispatchEvent(new DragEvent('dragover', {bubbles: true, cancelable: true, dataTransfer: dt, clientY: r.bottom - 2}));\
             li[1].dispatchEvent(new DragEvent('dragend', {bubbles: true, dataTransfer: dt}));\
             return document.querySelectorAll('ol.desk-items > li').length;",
        )
        .await;
    assert_eq!(dragged, json!(6));
    let m = wait_until(d.app, meeting, |m| {
        m["items"][2]["title"] == "Declarations of interest"
    })
    .await;
    let order: Vec<&str> = m["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        order,
        [
            "Apologies for absence",
            "Minutes of the last meeting",
            "Declarations of interest",
            "Statement of licensing policy",
            "Taxi licensing fees",
            "Review of a premises licence"
        ],
        "dragged into place"
    );
    let titles: Vec<String> = order.iter().map(|t| t.to_string()).collect();
    b.wait_for_text("The item is moved.").await;
    let items: Vec<String> = m["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(items.len(), 6);
    (titles, items)
}

/// A paper for the policy item, chosen as a file; then the agenda is published.
async fn a_paper_is_added_and_the_agenda_published(d: &Desk<'_>, items: &[String]) {
    let b = d.b;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("licensing-policy.pdf");
    std::fs::write(
        &file,
        crate::search_papers::pdf_with_text("Draft statement of policy"),
    )
    .unwrap();
    let policy = format!("#item-{}", items[3]);
    b.script(&format!(
        "document.querySelector('{policy}').open = true; return 1;"
    ))
    .await;
    b.type_into(&format!("#f-{}-file", items[3]), file.to_str().unwrap())
        .await;
    press(b, &policy, "Add the paper").await;
    b.wait_for_text("The paper is added.").await;
    b.wait_for_text("licensing-policy.pdf").await;
    press(b, "main", "Publish the agenda").await;
    b.wait_for_text("The agenda is published.").await;
}

/// In the room: attendance, saved as ticked, with the chair chosen.
async fn attendance_is_saved_as_ticked(d: &Desk<'_>, meeting: &str, members: &[String]) {
    let b = d.b;
    b.goto(&d.app.url(&format!("/desk/meetings/{meeting}/room")))
        .await;
    fill(b, "#attendance", "Cllr Ann Chair", "present").await;
    b.wait_for_text("Attendance saved.").await;
    fill(b, "#attendance", "Cllr Ben Member", "present").await;
    b.wait_for_text("Attendance saved.").await;
    fill(b, "#attendance", "Cllr Cy Member", "apologies").await;
    b.wait_for_text("Attendance saved.").await;
    b.script(&format!(
        "var r = document.getElementById('f-chair-{}'); r.checked = true; \
         r.dispatchEvent(new Event('change', {{bubbles: true}})); return 1;",
        members[0]
    ))
    .await;
    let m = wait_until(d.app, meeting, |m| {
        m["attendance"]
            .as_array()
            .is_some_and(|a| a.len() == 3 && a.iter().any(|x| x["chair"] == true))
    })
    .await;
    assert_eq!(m["attendance"].as_array().unwrap().len(), 3);
}

/// Minutes for every item, typed; the last one left mid-sentence. Returns
/// the texts typed, every keystroke of which is kept.
async fn minutes_are_typed_for_every_item(
    d: &Desk<'_>,
    meeting: &str,
    titles: &[String],
    items: &[String],
) -> Vec<String> {
    let (b, app) = (d.b, d.app);
    let texts: Vec<String> = titles
        .iter()
        .map(|t| format!("The Committee considered the item: {}.", t.to_lowercase()))
        .collect();
    for (i, (item, text)) in items.iter().zip(&texts).enumerate() {
        let (first, rest) = text.split_at(text.len() / 2);
        b.type_into(&format!("#f-{item}-minutes"), first).await;
        if i == items.len() - 1 {
            // The tab goes mid-sentence, and comes back.
            b.type_into(&format!("#f-{item}-minutes"), rest).await;
            b.goto(&app.url("/desk")).await;
            b.goto(&app.url(&format!("/desk/meetings/{meeting}/room")))
                .await;
        } else {
            b.type_into(&format!("#f-{item}-minutes"), rest).await;
            b.wait_for_text("Minutes saved at").await;
        }
    }
    let m = wait_until(app, meeting, |m| {
        m["items"]
            .as_array()
            .unwrap()
            .iter()
            .zip(&texts)
            .all(|(i, t)| i["minutes"].as_str() == Some(t.as_str()))
    })
    .await;
    for (i, t) in m["items"].as_array().unwrap().iter().zip(&texts) {
        assert_eq!(
            i["minutes"].as_str(),
            Some(t.as_str()),
            "every keystroke kept"
        );
    }
    texts
}

/// An outcome and a vote on the fees.
async fn an_outcome_and_a_vote_are_recorded_on_the_fees(d: &Desk<'_>, items: &[String]) {
    let b = d.b;
    let fees = format!("#item-{}", items[4]);
    open(b, &fees, "Record an outcome").await;
    fill(b, &fees, "Outcome", "RESOLVED").await;
    fill(b, &fees, "What was decided", "That the fees be approved.").await;
    press(b, &fees, "Record the outcome").await;
    b.wait_for_text("The outcome is recorded.").await;
    open(b, &fees, "Record a vote").await;
    fill(b, &fees, "For", "2").await;
    fill(b, &fees, "Against", "0").await;
    press(b, &fees, "Record the vote").await;
    b.wait_for_text("The vote is recorded.").await;
}

/// After the meeting: held, to the chair, approved from the email, published.
async fn the_minutes_are_held_approved_and_published(d: &Desk<'_>, meeting: &str) {
    let (b, app) = (d.b, d.app);
    b.goto(&app.url(&format!("/desk/meetings/{meeting}/minutes")))
        .await;
    press(b, "main", "Mark the meeting as held").await;
    b.wait_for_text("The meeting is marked as held.").await;
    press(b, "main", "Send the draft to the chair").await;
    b.wait_for_text("The draft minutes are on their way to the chair.")
        .await;
    let mail = d
        .smtp
        .wait_for(
            "ann.chair@council.example.gov.uk",
            "Draft minutes for approval",
        )
        .await;
    let link = mail.approval_link().expect("a link in the email");
    b.goto(&app.url(&link)).await;
    press(b, "main", "Approve the minutes").await;
    b.wait_for_text("approved").await;
    b.goto(&app.url(&format!("/desk/meetings/{meeting}/minutes")))
        .await;
    b.wait_for_text("Approved on").await;
    press(b, "main", "Publish the minutes").await;
    b.wait_for_text("The minutes are published.").await;
}

/// The pages of this cycle pass axe-core: after the meeting, what changed
/// between two revisions, and an old document checked for import.
async fn the_cycles_pages_pass_axe(d: &Desk<'_>, meeting: &str) {
    let (b, app) = (d.b, d.app);
    if let Some(axe) = crate::accessibility::axe_source() {
        let mut failures = Vec::new();
        b.goto(&app.url(&format!(
            "/desk/meetings/{meeting}/minutes/diff?from=1&to=1"
        )))
        .await;
        b.wait_for_text("What changed from revision").await;
        failures.extend(crate::accessibility::violations(b, &axe).await);
        b.goto(&app.url("/desk/import")).await;
        fill(b, "main", "Committee or body", "licensing").await;
        let kent = crate::imports::corpus::corpus_dir()
            .join("council-printed-pdf/kent-cc-corporate-parenting-panel-2024-12-10.txt")
            .canonicalize()
            .unwrap();
        b.type_into("#f-file", kent.to_str().unwrap()).await;
        press(b, "main", "Check the document").await;
        b.wait_for_text("Nothing is made yet").await;
        failures.extend(crate::accessibility::violations(b, &axe).await);
        assert!(
            failures.is_empty(),
            "axe-core found:\n{}",
            failures.join("\n")
        );
    }
}

/// The public page shows the minutes written and not the restricted item's.
async fn the_public_page_shows_the_minutes_but_not_the_restricted_item(
    app: &TestApp,
    meeting: &str,
    texts: &[String],
) {
    let public = app
        .client
        .get(app.url(&format!("/meetings/{meeting}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for t in &texts[..5] {
        assert!(public.contains(t.as_str()), "{t} on the public page");
    }
    assert!(public.contains("That the fees be approved.") && public.contains("A licence review."));
    assert!(
        !public.contains(texts[5].as_str()),
        "the restricted item's minutes stay private"
    );
}

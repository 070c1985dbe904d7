//! WCAG 2.2 AA in a real browser: axe-core (the npm package, pinned in
//! `.ci/run`, never in the repository) runs in headless Chromium on every
//! public page, at phone and desktop width, and no serious or critical
//! violation may remain.
//!
//! `MINUTEBOOK_AXE_JS` names `axe.min.js`; without it, or without Chromium,
//! the test says so and skips, except under CI (`CI` set), where it fails.

use crate::helpers::{spawn_app, TestApp};
use crate::public_pages::{future_meeting, publish_all, seed_ssp};
use crate::smtp::SmtpServer;
use crate::webdriver::Browser;
use serde_json::{json, Value};

pub(crate) fn axe_source() -> Option<String> {
    let path = std::env::var("MINUTEBOOK_AXE_JS").ok();
    match path.as_deref().map(std::fs::read_to_string) {
        Some(Ok(src)) => Some(src),
        _ => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI must run axe-core: set MINUTEBOOK_AXE_JS to axe.min.js"
            );
            eprintln!(
                "SKIPPED: MINUTEBOOK_AXE_JS does not name axe.min.js (npm install axe-core@4.10.3)"
            );
            None
        }
    }
}

/// The serious and critical violations on the page now shown.
pub(crate) async fn violations(browser: &Browser, axe: &str) -> Vec<String> {
    browser.script(&format!("{axe}\n;return true;")).await;
    let r = browser
        .script_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})
                .then(r => done(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                    .map(v => v.id + ': ' + v.help + ' at ' + v.nodes.map(n => n.target.join(' ')).join('; '))))
                .catch(e => done(['axe failed: ' + e]));",
            vec![],
        )
        .await;
    r.as_array()
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_else(|| vec![format!("unexpected answer: {r}")])
}

#[tokio::test]
async fn every_public_page_passes_axe_at_phone_and_desktop_width() {
    let Some(axe) = axe_source() else { return };
    let Some(browser) = Browser::start(1280, 900).await else {
        assert!(std::env::var_os("CI").is_none(), "CI must have Chromium");
        return;
    };
    let app = spawn_app().await;
    let ssp = seed_ssp(&app).await;
    publish_all(&app, &ssp.meeting).await;
    let next = future_meeting(&app, "ssp", 14).await;
    app.item(&next, "Apologies for absence").await;
    app.publish(&next).await.expect(200);
    let (party, ann) = a_councillor_with_a_ward_party_and_interest(&app).await;
    let (entry, decision) = a_matter_decided_published_and_called_in(&app).await;

    let pages = [
        "/decisions".to_string(),
        format!("/decisions/{decision}"),
        "/forward-plan".to_string(),
        "/forward-plan?by=maker".to_string(),
        format!("/forward-plan/{entry}"),
        "/".to_string(),
        "/bodies/ssp".to_string(),
        format!("/meetings/{}", ssp.meeting),
        format!("/meetings/{next}"),
        "/search?q=community".to_string(),
        "/people".to_string(),
        format!("/people?party={party}&by=party"),
        format!("/people/{ann}"),
        "/no-such-page".to_string(),
    ];
    let failures = axe_on_every_page_at_both_widths(&browser, &app, &axe, &pages).await;
    browser.quit().await;
    assert!(
        failures.is_empty(),
        "axe-core found:\n{}",
        failures.join("\n")
    );
}

/// Cllr Ann Able of Abbey ward, Labour, on the partnership, with an
/// interest; returns the party's and her ids.
async fn a_councillor_with_a_ward_party_and_interest(app: &TestApp) -> (String, String) {
    let ward = app
        .post("/api/v1/wards", json!({"name": "Abbey"}))
        .await
        .expect(201)
        .id();
    let party = app
        .post(
            "/api/v1/parties",
            json!({"name": "Labour", "colour": "#E4003B"}),
        )
        .await
        .expect(201)
        .id();
    let ann = app
        .post("/api/v1/people", json!({"name": "Ann Able", "honorific": "Cllr", "public_email": "ann.able@council.example.gov.uk", "posts": ["Leader of the Council"]}))
        .await
        .expect(201)
        .id();
    app.post(
        &format!("/api/v1/people/{ann}/terms"),
        json!({"ward_id": ward, "party_id": party, "start_date": "2022-05-05"}),
    )
    .await
    .expect(201);
    app.post(
        "/api/v1/bodies/ssp/memberships",
        json!({"person_id": ann, "role": "member"}),
    )
    .await
    .expect(201);
    app.post(
        &format!("/api/v1/people/{ann}/interests"),
        json!({"category": "employment", "description": "Teacher"}),
    )
    .await
    .expect(201);
    (party, ann)
}

/// A matter in the forward plan, decided, published and called in;
/// returns the plan entry's and the decision's ids.
async fn a_matter_decided_published_and_called_in(app: &TestApp) -> (String, String) {
    let (members, _) = crate::decisions::council(app).await;
    let entry = app
        .post(
            "/api/v1/forward-plan",
            json!({"matter": "Sale of the depot", "decision_maker": "Cabinet", "maker_body_id": "cabinet",
                   "due_date": crate::decisions::day(0), "key_decision": true, "private": true, "exempt_paragraph": 3,
                   "first_published_on": crate::decisions::day(-40)}),
        )
        .await
        .expect(201)
        .id();
    let decision = crate::decisions::decision(
        app,
        "Sale of the depot",
        "executive",
        json!({"key_decision": true, "forward_plan_id": entry, "parts": ["the depot be sold"]}),
    )
    .await["id"]
        .as_str()
        .unwrap()
        .to_string();
    app.post(&format!("/api/v1/decisions/{decision}/publish"), json!({}))
        .await
        .expect(200);
    app.post(
        &format!("/api/v1/decisions/{decision}/call-ins"),
        json!({"signatories": members[..5], "grounds": "Undervalue"}),
    )
    .await
    .expect(201);
    (entry, decision)
}

/// Runs axe-core on every page at phone and desktop width; returns what it found.
async fn axe_on_every_page_at_both_widths(
    browser: &Browser,
    app: &TestApp,
    axe: &str,
    pages: &[String],
) -> Vec<String> {
    let mut failures = Vec::new();
    for (w, h) in [(390, 844), (1280, 900)] {
        browser.window(w, h).await;
        for page in pages {
            browser.goto(&app.url(page)).await;
            for v in violations(browser, axe).await {
                failures.push(format!("{page} at {w}px: {v}"));
            }
        }
    }
    failures
}

/// The browser, the app and axe-core's source, for the desk's pages.
struct Desk<'a> {
    browser: &'a Browser,
    app: &'a TestApp,
    axe: &'a str,
}

impl Desk<'_> {
    /// Runs axe-core on the page now shown and notes what it found under `page`.
    async fn check(&self, failures: &mut Vec<String>, page: &str) {
        let found = violations(self.browser, self.axe).await;
        failures.extend(found.into_iter().map(|v| format!("{page}: {v}")));
    }
}

#[tokio::test]
async fn the_desk_signs_in_in_a_real_browser_and_every_desk_page_passes_axe() {
    let Some(axe) = axe_source() else { return };
    let Some(browser) = Browser::start(1280, 900).await else {
        assert!(std::env::var_os("CI").is_none(), "CI must have Chromium");
        eprintln!("SKIPPED: no Chromium/chromedriver");
        return;
    };
    let (app, smtp) = crate::desk::app_with_smtp().await;
    crate::desk::make_account(&app, "ann@council.example.gov.uk", "admin");
    let ssp = seed_ssp(&app).await;
    publish_all(&app, &ssp.meeting).await;
    let mut failures = Vec::new();
    let d = Desk {
        browser: &browser,
        app: &app,
        axe: &axe,
    };
    sign_in_as_a_person_would(&d, &smtp, &mut failures).await;
    add_an_account_from_the_form(&d, &mut failures).await;
    the_agenda_pages(&d, &ssp.meeting, &mut failures).await;
    the_room_after_and_import_pages(&d, &ssp.meeting, &mut failures).await;
    browser.quit().await;
    assert!(
        failures.is_empty(),
        "axe-core found:\n{}",
        failures.join("\n")
    );
}

/// Sign in as a person would: type the address, press the button,
/// open the link from the email, press "Sign in"; each page checked.
async fn sign_in_as_a_person_would(d: &Desk<'_>, smtp: &SmtpServer, failures: &mut Vec<String>) {
    let (browser, app) = (d.browser, d.app);
    browser.goto(&app.url("/desk")).await;
    d.check(failures, "/desk (sign in)").await;
    browser
        .type_into("#email", "ann@council.example.gov.uk")
        .await;
    browser.click("form[action='/desk/sign-in'] button").await;
    browser.wait_for_text("Check your email").await;
    d.check(failures, "/desk/sign-in (sent)").await;
    let link = crate::desk::link_for(smtp, "ann@", 0).await;
    browser.goto(&app.url(&link)).await;
    d.check(failures, "the sign-in link").await;
    browser.click("main form button").await;
    browser.wait_for_text("Signed in as").await;
    d.check(failures, "/desk (board)").await;
}

/// The accounts page, before and after an account is added from its form.
async fn add_an_account_from_the_form(d: &Desk<'_>, failures: &mut Vec<String>) {
    let (browser, app) = (d.browser, d.app);
    browser.goto(&app.url("/desk/accounts")).await;
    d.check(failures, "/desk/accounts").await;
    // A bad address is named on the form, and the page still passes.
    browser.type_into("#f-name", "Bob").await;
    browser
        .type_into("#f-email", "bob@council.example.gov.uk")
        .await;
    browser.click("form[action='/desk/accounts'] button").await;
    browser
        .wait_for_text("bob@council.example.gov.uk can now sign in as clerk.")
        .await;
    d.check(failures, "/desk/accounts (added)").await;
}

/// A new meeting's form, a draft agenda before and after an item is
/// added from the form, and the published agenda of `meeting`.
async fn the_agenda_pages(d: &Desk<'_>, meeting: &str, failures: &mut Vec<String>) {
    let (browser, app) = (d.browser, d.app);
    browser.goto(&app.url("/desk/meetings/new?body=ssp")).await;
    d.check(failures, "/desk/meetings/new").await;
    let next = future_meeting(app, "ssp", 3).await;
    app.item(&next, "Apologies for absence").await;
    app.item(&next, "Community safety plan").await;
    browser
        .goto(&app.url(&format!("/desk/meetings/{next}")))
        .await;
    d.check(failures, "/desk/meetings/{id} (draft agenda)")
        .await;
    // Add an item from the form, as a clerk would.
    browser.type_into("#f-title", "Any other business").await;
    browser.click("form[action$='/items'] button").await;
    browser.wait_for_text("The item is added.").await;
    d.check(failures, "/desk/meetings/{id} (item added)").await;
    browser
        .goto(&app.url(&format!("/desk/meetings/{meeting}")))
        .await;
    d.check(failures, "/desk/meetings/{id} (published)").await;
}

/// In the room and after the meeting, with a whole meeting's records, and
/// the import page.
async fn the_room_after_and_import_pages(d: &Desk<'_>, meeting: &str, failures: &mut Vec<String>) {
    for (page, name) in [
        (format!("/desk/meetings/{meeting}/room"), "room"),
        (format!("/desk/meetings/{meeting}/minutes"), "after"),
        ("/desk/import".to_string(), "import"),
    ] {
        d.browser.goto(&d.app.url(&page)).await;
        d.check(failures, name).await;
    }
}

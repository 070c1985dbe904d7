//! WCAG 2.2 AA in a real browser: axe-core (the npm package, pinned in
//! `.ci/run`, never in the repository) runs in headless Chromium on every
//! public page, at phone and desktop width, and no serious or critical
//! violation may remain.
//!
//! `MINUTEBOOK_AXE_JS` names `axe.min.js`; without it, or without Chromium,
//! the test says so and skips, except under CI (`CI` set), where it fails.

use crate::helpers::spawn_app;
use crate::public_pages::{future_meeting, publish_all, seed_ssp};
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

    // A matter in the forward plan, decided, published and called in.
    let (members, _) = crate::decisions::council(&app).await;
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
        &app,
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
    let mut failures = Vec::new();
    for (w, h) in [(390, 844), (1280, 900)] {
        browser.window(w, h).await;
        for page in &pages {
            browser.goto(&app.url(page)).await;
            for v in violations(&browser, &axe).await {
                failures.push(format!("{page} at {w}px: {v}"));
            }
        }
    }
    browser.quit().await;
    assert!(
        failures.is_empty(),
        "axe-core found:\n{}",
        failures.join("\n")
    );
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
    let mut check = |page: &str, found: Vec<String>| {
        failures.extend(found.into_iter().map(|v| format!("{page}: {v}")));
    };
    // Sign in as a person would: type the address, press the button,
    // open the link from the email, press "Sign in".
    browser.goto(&app.url("/desk")).await;
    check("/desk (sign in)", violations(&browser, &axe).await);
    browser
        .type_into("#email", "ann@council.example.gov.uk")
        .await;
    browser.click("form[action='/desk/sign-in'] button").await;
    browser.wait_for_text("Check your email").await;
    check("/desk/sign-in (sent)", violations(&browser, &axe).await);
    let link = crate::desk::link_for(&smtp, "ann@", 0).await;
    browser.goto(&app.url(&link)).await;
    check("the sign-in link", violations(&browser, &axe).await);
    browser.click("main form button").await;
    browser.wait_for_text("Signed in as").await;
    check("/desk (board)", violations(&browser, &axe).await);
    browser.goto(&app.url("/desk/accounts")).await;
    check("/desk/accounts", violations(&browser, &axe).await);
    // A bad address is named on the form, and the page still passes.
    browser.type_into("#f-name", "Bob").await;
    browser
        .type_into("#f-email", "bob@council.example.gov.uk")
        .await;
    browser.click("form[action='/desk/accounts'] button").await;
    browser
        .wait_for_text("bob@council.example.gov.uk can now sign in as clerk.")
        .await;
    check("/desk/accounts (added)", violations(&browser, &axe).await);
    browser.goto(&app.url("/desk/meetings/new?body=ssp")).await;
    check("/desk/meetings/new", violations(&browser, &axe).await);
    let next = future_meeting(&app, "ssp", 3).await;
    app.item(&next, "Apologies for absence").await;
    app.item(&next, "Community safety plan").await;
    browser
        .goto(&app.url(&format!("/desk/meetings/{next}")))
        .await;
    check(
        "/desk/meetings/{id} (draft agenda)",
        violations(&browser, &axe).await,
    );
    // Add an item from the form, as a clerk would.
    browser.type_into("#f-title", "Any other business").await;
    browser.click("form[action$='/items'] button").await;
    browser.wait_for_text("The item is added.").await;
    check(
        "/desk/meetings/{id} (item added)",
        violations(&browser, &axe).await,
    );
    browser
        .goto(&app.url(&format!("/desk/meetings/{}", ssp.meeting)))
        .await;
    check(
        "/desk/meetings/{id} (published)",
        violations(&browser, &axe).await,
    );
    // In the room and after the meeting, with a whole meeting's records.
    for (page, name) in [
        (format!("/desk/meetings/{}/room", ssp.meeting), "room"),
        (format!("/desk/meetings/{}/minutes", ssp.meeting), "after"),
        ("/desk/import".to_string(), "import"),
    ] {
        browser.goto(&app.url(&page)).await;
        check(name, violations(&browser, &axe).await);
    }
    browser.quit().await;
    assert!(
        failures.is_empty(),
        "axe-core found:\n{}",
        failures.join("\n")
    );
}

//! In the room, in headless Chromium, with the page's script: a clerk
//! signs in from the emailed link, ticks attendance (saved as ticked),
//! types minutes (saved as typed, the preview following), leaves the page
//! mid-sentence and finds the text saved; when another clerk (a second
//! desk session) saves the same item first, the page says so with both
//! texts and overwrites nothing until the clerk chooses; the room fits a
//! tablet's width. Every room and after-the-meeting page
//! passes axe-core (no serious or critical violation).

use crate::desk::{app_with_smtp, csrf_of, link_for, make_account, signed_in};
use crate::desk_room::{committee, version_of};
use crate::helpers::TestApp;
use crate::webdriver::Browser;
use serde_json::json;
use std::time::{Duration, Instant};

/// Signs in as a person would: the address typed, the link from the mail.
async fn sign_in(browser: &Browser, app: &TestApp, smtp: &crate::smtp::SmtpServer, email: &str) {
    browser.goto(&app.url("/desk")).await;
    browser.type_into("#email", email).await;
    browser.click("form[action='/desk/sign-in'] button").await;
    browser.wait_for_text("Check your email").await;
    let link = link_for(smtp, email, 0).await;
    browser.goto(&app.url(&link)).await;
    browser.click("main form button").await;
    browser.wait_for_text("Signed in as").await;
}

/// The item's minutes as the API has them, once they equal `want` (or
/// what they are after 10 s).
async fn minutes_become(app: &TestApp, item: &str, want: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let got = app
            .get(&format!("/api/v1/items/{item}"), Some(&app.clerk))
            .await
            .expect(200);
        let text = got.body["minutes"].as_str().unwrap_or("").to_string();
        if text == want || Instant::now() > deadline {
            return text;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn minutes_are_saved_as_typed_survive_a_closed_tab_and_never_overwrite_another_clerk() {
    let Some(browser) = Browser::start(1280, 900).await else {
        assert!(std::env::var_os("CI").is_none(), "CI must have Chromium");
        return;
    };
    let (app, smtp) = app_with_smtp().await;
    let (meeting, people, items) = committee(&app).await;
    make_account(&app, "clerk@council.example.gov.uk", "clerk");
    sign_in(&browser, &app, &smtp, "clerk@council.example.gov.uk").await;
    let room = app.url(&format!("/desk/meetings/{meeting}/room"));
    browser.goto(&room).await;

    attendance_is_saved_as_ticked(&browser, &app, &meeting, &people[0].0).await;
    minutes_are_saved_as_typed_and_survive_a_closed_tab(&browser, &app, &room, &items[1]).await;
    let second = signed_in(&app, &smtp, "second@council.example.gov.uk", "clerk").await;
    another_clerks_save_is_never_overwritten_unasked(&browser, &app, second, &meeting, &items[0])
        .await;
    the_room_fits_a_tablet(&browser, &room).await;
    the_room_and_minutes_pages_pass_axe(&browser, &app, &meeting).await;
    browser.quit().await;
}

/// Attendance saved as it is ticked.
async fn attendance_is_saved_as_ticked(
    browser: &Browser,
    app: &TestApp,
    meeting: &str,
    person: &str,
) {
    browser
        .script(&format!(
            "var s = document.getElementById('f-mark-{}'); s.value = 'present'; \
             s.dispatchEvent(new Event('change', {{bubbles: true}}));",
            person
        ))
        .await;
    browser.wait_for_text("Attendance saved.").await;
    let m = app
        .get(&format!("/api/v1/meetings/{meeting}"), Some(&app.clerk))
        .await
        .expect(200);
    assert_eq!(m.body["attendance"][0]["status"], "present");
}

/// Minutes saved as typed, with the preview; mid-sentence, the tab goes:
/// the text is saved all the same.
async fn minutes_are_saved_as_typed_and_survive_a_closed_tab(
    browser: &Browser,
    app: &TestApp,
    room: &str,
    item: &str,
) {
    let first = format!("#f-{item}-minutes");
    browser
        .type_into(&first, "The review was introduced.\n\n- housing")
        .await;
    browser.wait_for_text("Minutes saved at").await;
    browser.wait_for_text("<li>housing</li>").await;
    assert_eq!(
        minutes_become(app, item, "The review was introduced.\n\n- housing").await,
        "The review was introduced.\n\n- housing"
    );

    // Mid-sentence, the tab goes: the text is saved all the same.
    browser.type_into(&first, "\n- the green belt and").await;
    browser.goto(&app.url("/desk")).await;
    browser.goto(room).await;
    let want = "The review was introduced.\n\n- housing\n- the green belt and";
    assert_eq!(minutes_become(app, item, want).await, want);
    let shown = browser
        .script(&format!("return document.querySelector('{first}').value;"))
        .await;
    assert_eq!(shown, json!(want));
}

/// Another clerk, in a session of their own, saves the same item first:
/// the page says so with both texts, overwrites nothing, and keeps the
/// clerk's text only when the clerk chooses.
async fn another_clerks_save_is_never_overwritten_unasked(
    browser: &Browser,
    app: &TestApp,
    mut second: crate::desk::Browser,
    meeting: &str,
    item: &str,
) {
    let other = format!("#f-{item}-minutes");
    let (_, theirs) = second.get(&format!("/desk/meetings/{meeting}/room")).await;
    let (s, _) = second
        .post(
            &format!("/desk/items/{item}/minutes"),
            &[
                ("csrf", &csrf_of(&theirs)),
                ("version", &version_of(&theirs, item)),
                ("minutes", "Apologies from Cllr Ann Ames (their text)."),
            ],
        )
        .await;
    assert_eq!(s.as_u16(), 303);
    browser
        .type_into(&other, "Apologies: none (my text).")
        .await;
    browser
        .wait_for_text("Someone else saved this item's minutes since you opened it")
        .await;
    browser
        .wait_for_text("Apologies from Cllr Ann Ames (their text).")
        .await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        minutes_become(app, item, "Apologies from Cllr Ann Ames (their text).").await,
        "Apologies from Cllr Ann Ames (their text).",
        "nothing overwritten"
    );
    browser.click(".desk-clash button").await;
    assert_eq!(
        minutes_become(app, item, "Apologies: none (my text).").await,
        "Apologies: none (my text).",
        "the clerk chose to keep theirs"
    );
}

/// At a tablet's width the room fits without sideways scrolling.
async fn the_room_fits_a_tablet(browser: &Browser, room: &str) {
    browser.window(768, 1024).await;
    browser.goto(room).await;
    assert!(!browser.overflows().await, "the room fits a tablet");
    browser.window(1280, 900).await;
}

/// The room and after-the-meeting pages pass axe-core.
async fn the_room_and_minutes_pages_pass_axe(browser: &Browser, app: &TestApp, meeting: &str) {
    if let Some(axe) = crate::accessibility::axe_source() {
        let mut failures = Vec::new();
        for page in [
            format!("/desk/meetings/{meeting}/room"),
            format!("/desk/meetings/{meeting}/minutes"),
        ] {
            browser.goto(&app.url(&page)).await;
            for v in crate::accessibility::violations(browser, &axe).await {
                failures.push(format!("{page}: {v}"));
            }
        }
        assert!(
            failures.is_empty(),
            "axe-core found:\n{}",
            failures.join("\n")
        );
    }
}

//! Before the meeting, at the desk, without script: a clerk schedules a
//! meeting (a bad field named on the form, what was typed kept), builds
//! its agenda (a restricted item needs its paragraph; items move and are
//! withdrawn), sees the short-notice warning before publishing, and
//! publishes; the public page then shows the agenda, the restricted item
//! as restricted. A reader may look but not change.

use crate::decisions::day;
use crate::desk::{app_with_smtp, csrf_of, signed_in, Browser};
use crate::helpers::TestApp;
use crate::smtp::SmtpServer;
use reqwest::StatusCode;
use serde_json::json;

/// The meeting being built: the app, the clerk's token, its id and desk page.
struct Agenda<'a> {
    app: &'a TestApp,
    csrf: String,
    meeting: String,
    page_url: String,
}

#[tokio::test]
async fn a_clerk_schedules_a_meeting_builds_its_agenda_and_publishes_it() {
    let (app, smtp) = app_with_smtp().await;
    let (mut clerk, csrf) = the_clerk_opens_a_new_meeting_form(&app, &smtp).await;
    a_bad_date_is_named_and_what_was_typed_kept(&mut clerk, &csrf).await;
    let a = the_meeting_is_scheduled(&app, &mut clerk, csrf).await;
    three_items_are_added_one_restricted(&a, &mut clerk).await;
    let apologies_id = an_item_moves_up_and_another_is_withdrawn(&a, &mut clerk).await;
    a_lettered_part_and_a_new_title_and_a_stale_edit_refused(&a, &mut clerk, &apologies_id).await;
    a_reader_may_not_add_an_item(&a, &smtp).await;
    the_published_agenda_is_on_the_public_page(&a, &mut clerk).await;
}

/// The cabinet and a signed-in clerk at the new-meeting form; returns the
/// clerk and its token.
async fn the_clerk_opens_a_new_meeting_form(app: &TestApp, smtp: &SmtpServer) -> (Browser, String) {
    app.body("cabinet", "CAB", json!({"format": "{prefix}/{n}/{yy}"}))
        .await;
    let clerk = signed_in(app, smtp, "clerk@council.example.gov.uk", "clerk").await;
    let board = clerk.get("/desk").await.1;
    assert!(board.contains("/desk/meetings/new?body=cabinet"));
    let (s, form) = clerk.get("/desk/meetings/new?body=cabinet").await;
    assert_eq!(s, StatusCode::OK);
    let csrf = csrf_of(&form);
    (clerk, csrf)
}

/// A bad field is named on the form, and what was typed is kept.
async fn a_bad_date_is_named_and_what_was_typed_kept(clerk: &mut Browser, csrf: &str) {
    let (s, bad) = clerk
        .post(
            "/desk/meetings",
            &[
                ("csrf", csrf),
                ("body", "cabinet"),
                ("date", "2026-02-30"),
                ("start", "18:00"),
                ("venue_name", "Room 1"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        bad.contains("give the date of the meeting")
            && bad.contains("href=\"#f-date\"")
            && bad.contains("value=\"Room 1\""),
        "{bad}"
    );
}

/// The meeting is scheduled two days ahead; the clerk is sent to its page.
async fn the_meeting_is_scheduled<'a>(
    app: &'a TestApp,
    clerk: &mut Browser,
    csrf: String,
) -> Agenda<'a> {
    let when = day(2).to_string();
    let (s, to) = clerk
        .post(
            "/desk/meetings",
            &[
                ("csrf", &csrf),
                ("body", "cabinet"),
                ("date", &when),
                ("start", "18:00"),
                ("end", "20:00"),
                ("venue_name", "Council Chamber"),
                ("contact_name", "Ann Clerk"),
                ("contact_email", "ann@council.example.gov.uk"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{to}");
    let page_url = to.clone();
    let meeting = to.trim_start_matches("/desk/meetings/").to_string();
    Agenda {
        app,
        csrf,
        meeting,
        page_url,
    }
}

/// Three items; the restricted one needs its paragraph before it is added.
async fn three_items_are_added_one_restricted(a: &Agenda<'_>, clerk: &mut Browser) {
    let (csrf, meeting) = (&a.csrf, &a.meeting);
    for title in [
        "Apologies for absence",
        "Budget monitoring",
        "Sale of the depot",
    ] {
        let mut f = vec![
            ("csrf", csrf.as_str()),
            ("title", title),
            ("kind", "report"),
        ];
        if title == "Sale of the depot" {
            f.push(("restricted", "yes"));
            let (s, page) = clerk
                .post(&format!("/desk/meetings/{meeting}/items"), &f)
                .await;
            assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
            assert!(page.contains("choose the Schedule 12A paragraph"));
            f.push(("paragraph", "3"));
            f.push(("public_summary", "The sale of a council property."));
        }
        let (s, _) = clerk
            .post(&format!("/desk/meetings/{meeting}/items"), &f)
            .await;
        assert_eq!(s, StatusCode::SEE_OTHER);
    }
    let page = clerk.get(&a.page_url).await.1;
    assert!(page.contains("Restricted: paragraph 3"));
}

/// Move "Sale of the depot" up one; withdraw "Budget monitoring". Returns
/// the id of "Apologies for absence".
async fn an_item_moves_up_and_another_is_withdrawn(a: &Agenda<'_>, clerk: &mut Browser) -> String {
    let (app, csrf) = (a.app, &a.csrf);
    let items = app
        .get(&format!("/api/v1/meetings/{}", a.meeting), Some(&app.clerk))
        .await
        .expect(200)
        .body["items"]
        .clone();
    let id_of = |t: &str| {
        items
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["title"] == t)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let (s, _) = clerk
        .post(
            &format!("/desk/items/{}/move", id_of("Sale of the depot")),
            &[("csrf", csrf), ("direction", "up")],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (s, _) = clerk
        .post(
            &format!("/desk/items/{}/withdraw", id_of("Budget monitoring")),
            &[("csrf", csrf)],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let page = clerk.get(&a.page_url).await.1;
    let depot = page.find("Sale of the depot").unwrap();
    let apologies = page.find("Apologies for absence").unwrap();
    assert!(apologies < depot && !page.contains("Budget monitoring"));
    id_of("Apologies for absence")
}

/// A lettered part of the first item, and a change of its title; the same
/// form again is stale: refused, nothing overwritten. The short-notice
/// warning is there before the publish button.
async fn a_lettered_part_and_a_new_title_and_a_stale_edit_refused(
    a: &Agenda<'_>,
    clerk: &mut Browser,
    apologies_id: &str,
) {
    let (csrf, meeting, page_url) = (&a.csrf, &a.meeting, &a.page_url);
    let (s, _) = clerk
        .post(
            &format!("/desk/meetings/{meeting}/items"),
            &[
                ("csrf", csrf.as_str()),
                ("title", "Substitutions"),
                ("kind", "other"),
                ("parent", apologies_id),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let page = clerk.get(page_url).await.1;
    assert!(page.contains("(a) Substitutions"), "{page}");
    let version = {
        let form = page
            .find(&format!("action=\"/desk/items/{apologies_id}/edit\""))
            .unwrap();
        let at = page[form..].find("name=\"version\" value=\"").unwrap() + form + 22;
        page[at..].split('"').next().unwrap().to_string()
    };
    let (s, _) = clerk
        .post(
            &format!("/desk/items/{apologies_id}/edit"),
            &[
                ("csrf", csrf.as_str()),
                ("version", version.as_str()),
                ("title", "Apologies for absence and substitutions"),
                ("kind", "apologies"),
                ("presenter", ""),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (s, stale) = clerk
        .post(
            &format!("/desk/items/{apologies_id}/edit"),
            &[
                ("csrf", csrf.as_str()),
                ("version", version.as_str()),
                ("title", "An older title"),
                ("kind", "apologies"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(stale.contains("someone changed this item since you opened the page"));
    let page = clerk.get(page_url).await.1;
    assert!(
        page.contains("Apologies for absence and substitutions")
            && !page.contains("An older title")
    );
    // The warning is there before the button.
    let warning = page
        .find("clear working day")
        .expect("the short-notice warning");
    assert!(warning < page.find("Publish the agenda</button>").unwrap());
}

/// A reader looks but may not change.
async fn a_reader_may_not_add_an_item(a: &Agenda<'_>, smtp: &SmtpServer) {
    let mut reader = signed_in(a.app, smtp, "reader@council.example.gov.uk", "reader").await;
    let rcsrf = csrf_of(&reader.get("/desk").await.1);
    let (s, _) = reader
        .post(
            &format!("/desk/meetings/{}/items", a.meeting),
            &[("csrf", &rcsrf), ("title", "Sneaky")],
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}

/// The clerk publishes; the public page shows the agenda with numbers and
/// the lettered part, not the withdrawn item; the desk says it is published.
async fn the_published_agenda_is_on_the_public_page(a: &Agenda<'_>, clerk: &mut Browser) {
    let (app, meeting) = (a.app, &a.meeting);
    let (s, _) = clerk
        .post(
            &format!("/desk/meetings/{meeting}/publish"),
            &[("csrf", &a.csrf)],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let public = app
        .get(&format!("/meetings/{meeting}"), None)
        .await
        .expect(200)
        .text;
    assert!(public.contains("Apologies for absence") && public.contains("Sale of the depot"));
    assert!(public.contains("Substitutions"), "the lettered part");
    assert!(public.contains("CAB/1/"), "minute numbers allocated");
    assert!(!public.contains("Budget monitoring") && !public.contains("Sneaky"));
    let after = clerk.get(&a.page_url).await.1;
    assert!(after.contains("Agenda published") && !after.contains("Add the item"));
}

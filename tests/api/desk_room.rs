//! In the room and after the meeting, at the desk, without script: the
//! clerk ticks attendance from the body's members (the chair among them)
//! and adds an officer; writes minutes for each item; records an outcome,
//! a declaration, a vote by name and an action; a second clerk's save over
//! a newer text is refused with both texts shown and nothing overwritten;
//! the meeting is marked held and the draft sent to the chair, who
//! approves it from the email; the clerk publishes; the public page shows
//! what was written and nothing of the restricted item's minutes.

use crate::decisions::day;
use crate::desk::{app_with_smtp, csrf_of, signed_in, Browser};
use crate::helpers::TestApp;
use crate::smtp::SmtpServer;
use reqwest::StatusCode;
use serde_json::json;

/// A committee with a chair (with an email) and two members, and a meeting
/// yesterday whose agenda (three items, one restricted) is published.
pub(crate) async fn committee(app: &TestApp) -> (String, Vec<(String, &'static str)>, Vec<String>) {
    app.body("planning", "PL", json!({"format": "{prefix}/{n}/{yy}"}))
        .await;
    let mut people = Vec::new();
    for (name, role) in [
        ("Cllr Cat Cole", "chair"),
        ("Cllr Bob Best", "member"),
        ("Cllr Ann Ames", "member"),
    ] {
        let email = format!(
            "{}@council.example.gov.uk",
            name.split(' ').nth(1).unwrap().to_lowercase()
        );
        let id = app
            .post("/api/v1/people", json!({"name": name, "email": email}))
            .await
            .expect(201)
            .id();
        app.post(
            "/api/v1/bodies/planning/memberships",
            json!({"person_id": id, "role": role, "start_date": day(-400)}),
        )
        .await
        .expect(201);
        people.push((id, name));
    }
    let when = format!("{}T18:00:00Z", day(-1));
    let meeting = app.meeting("planning", &when).await;
    let mut items = Vec::new();
    for title in [
        "Apologies for absence",
        "Local plan review",
        "Land at Mill Lane",
    ] {
        let mut body = json!({"title": title});
        if title == "Land at Mill Lane" {
            body["restricted"] = json!({"paragraph": 3});
        }
        let id = app
            .post(&format!("/api/v1/meetings/{meeting}/items"), body)
            .await
            .expect(201)
            .id();
        items.push(id);
    }
    app.publish(&meeting).await.expect(200);
    (meeting, people, items)
}

pub(crate) fn version_of(page: &str, item: &str) -> String {
    let form = page
        .find(&format!("action=\"/desk/items/{item}/minutes\""))
        .expect("the item's minutes form");
    let at = page[form..].find("name=\"version\" value=\"").unwrap() + form + 22;
    page[at..].split('"').next().unwrap().to_string()
}

/// The meeting under way: its ids, the room's address and the clerk's token.
struct Room<'a> {
    app: &'a TestApp,
    smtp: &'a SmtpServer,
    meeting: String,
    people: Vec<(String, &'static str)>,
    items: Vec<String>,
    room: String,
    csrf: String,
}

/// The second clerk's browser, the page it opened early and what it showed.
struct Second {
    browser: Browser,
    page: String,
    csrf: String,
    stale: String,
}

#[tokio::test]
async fn a_clerk_takes_the_meeting_in_the_room_and_sees_it_through_to_publication() {
    let (app, smtp) = app_with_smtp().await;
    let (r, mut clerk) = the_clerk_opens_the_room(&app, &smtp).await;
    a_paper_is_uploaded_only_with_the_sessions_token(&r, &clerk).await;
    the_clerk_downloads_the_agenda_and_pack(&r, &clerk).await;
    attendance_is_taken_and_apologies_cannot_chair(&r, &mut clerk).await;
    an_officer_is_added_to_attendance(&r, &mut clerk).await;
    minutes_are_written_for_every_item(&r, &mut clerk).await;
    let mut second = a_second_clerk_opens_the_room(&r).await;
    a_stale_attendance_page_writes_only_its_changes(&r, &mut clerk, &mut second).await;
    a_stale_minutes_save_is_refused_with_both_texts(&r, &mut clerk, &mut second).await;
    outcome_declaration_vote_and_action_are_recorded(&r, &mut clerk).await;
    a_readers_session_may_look_but_not_write(&r).await;
    the_minutes_are_held_sent_and_approved_from_the_email(&r, &mut clerk).await;
    approved_minutes_are_frozen_and_published(&r, &mut clerk).await;
    the_public_page_shows_the_minutes_and_nothing_restricted(&r).await;
}

/// Sets up the committee, signs the clerk in and checks the room lists everyone.
async fn the_clerk_opens_the_room<'a>(
    app: &'a TestApp,
    smtp: &'a SmtpServer,
) -> (Room<'a>, Browser) {
    let (meeting, people, items) = committee(app).await;
    let room = format!("/desk/meetings/{meeting}/room");
    let clerk = signed_in(app, smtp, "clerk@council.example.gov.uk", "clerk").await;
    let (s, page) = clerk.get(&room).await;
    assert_eq!(s, StatusCode::OK, "{page}");
    for (_, name) in &people {
        assert!(page.contains(name), "{name} on the checklist");
    }
    let csrf = csrf_of(&page);
    let r = Room {
        app,
        smtp,
        meeting,
        people,
        items,
        room,
        csrf,
    };
    (r, clerk)
}

/// The upload form for the local plan report, carrying `csrf`.
fn paper(csrf: &str) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new()
        .text("csrf", csrf.to_string())
        .part(
            "file",
            reqwest::multipart::Part::bytes(crate::search_papers::pdf_with_text(
                "Local plan review report",
            ))
            .file_name("local-plan.pdf")
            .mime_str("application/pdf")
            .unwrap(),
        )
        .text("title", "Local plan review: report")
}

/// A paper on the agenda, shown with its type and size; a form without
/// the session's token is refused and keeps nothing.
async fn a_paper_is_uploaded_only_with_the_sessions_token(r: &Room<'_>, clerk: &Browser) {
    let (app, meeting, items, csrf) = (r.app, &r.meeting, &r.items, &r.csrf);
    let (s, _) = clerk
        .post_multipart(&format!("/desk/items/{}/papers", items[1]), paper("forged"))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, to) = clerk
        .post_multipart(&format!("/desk/items/{}/papers", items[1]), paper(csrf))
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{to}");
    let (_, agenda) = clerk.get(&format!("/desk/meetings/{meeting}")).await;
    assert!(
        agenda.contains("Local plan review: report") && agenda.contains("PDF 1 KB"),
        "{agenda}"
    );
    let papers = app
        .get(&format!("/api/v1/items/{}", items[1]), Some(&app.clerk))
        .await
        .expect(200);
    assert_eq!(papers.body["documents"].as_array().unwrap().len(), 1);
}

/// The clerk's documents: the agenda as a page, PDF and Word, the pack.
async fn the_clerk_downloads_the_agenda_and_pack(r: &Room<'_>, clerk: &Browser) {
    let meeting = &r.meeting;
    for (path, want) in [
        ("agenda/html", "Land at Mill Lane"),
        ("agenda/pdf", "%PDF"),
        ("agenda/docx", "PK"),
        ("pack/pdf", "%PDF"),
    ] {
        let (s, body) = clerk
            .get(&format!("/desk/meetings/{meeting}/download/{path}"))
            .await;
        assert_eq!(s, StatusCode::OK, "{path}");
        assert!(body.starts_with(want) || body.contains(want), "{path}");
    }
    let (s, _) = clerk
        .get(&format!("/desk/meetings/{meeting}/download/pack/docx"))
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}

/// Attendance: the chair and Bob present (Bob virtually), Ann's apologies;
/// apologies cannot chair: the error is named, nothing changes.
async fn attendance_is_taken_and_apologies_cannot_chair(r: &Room<'_>, clerk: &mut Browser) {
    let (app, meeting, people, csrf) = (r.app, &r.meeting, &r.people, &r.csrf);
    let marks = [
        ("csrf", csrf.clone()),
        (&*format!("mark-{}", people[0].0), "present".to_string()),
        (&*format!("mark-{}", people[1].0), "virtual".to_string()),
        (&*format!("mark-{}", people[2].0), "apologies".to_string()),
        ("chair", people[0].0.clone()),
    ]
    .map(|(k, v)| (k.to_string(), v));
    let form: Vec<(&str, &str)> = marks
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let (s, to) = clerk
        .post(&format!("/desk/meetings/{meeting}/attendance"), &form)
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{to}");
    let chair_away = [
        ("csrf", csrf.as_str()),
        (&*format!("mark-{}", people[2].0), "apologies"),
    ];
    let mut bad: Vec<(&str, &str)> = chair_away.to_vec();
    bad.push(("chair", &people[2].0));
    let (s, page) = clerk
        .post(&format!("/desk/meetings/{meeting}/attendance"), &bad)
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains("only a member who is present can chair"),
        "{page}"
    );
    let got = app
        .get(&format!("/api/v1/meetings/{meeting}"), Some(&app.clerk))
        .await
        .expect(200);
    let att = got.body["attendance"].as_array().unwrap();
    assert_eq!(att.len(), 3);
    let chair = att.iter().find(|a| a["chair"] == true).unwrap();
    assert_eq!(chair["person_id"], people[0].0.as_str());
    assert!(att.iter().any(|a| a["virtual"] == true), "{att:?}");
}

/// An officer who is not a member is added and shown in the room.
async fn an_officer_is_added_to_attendance(r: &Room<'_>, clerk: &mut Browser) {
    let (meeting, csrf) = (&r.meeting, &r.csrf);
    let (s, to) = clerk
        .post(
            &format!("/desk/meetings/{meeting}/attendance/others"),
            &[
                ("csrf", csrf),
                ("name", "Dee Dent"),
                ("organisation", "Head of Planning"),
                ("role", "officer"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{to}");
    let (_, page) = clerk.get(&r.room).await;
    assert!(page.contains("Dee Dent: Officer"), "{page}");
}

/// Minutes for every item, the restricted one too, with a rendered preview.
async fn minutes_are_written_for_every_item(r: &Room<'_>, clerk: &mut Browser) {
    let texts = [
        "Apologies were received from Cllr Ann Ames.",
        "The Head of Planning introduced the review.\n\n- housing numbers\n- the green belt",
        "Members considered the offer for the land in private.",
    ];
    for (item, text) in r.items.iter().zip(texts) {
        let (_, page) = clerk.get(&r.room).await;
        let version = version_of(&page, item);
        let (s, to) = clerk
            .post(
                &format!("/desk/items/{item}/minutes"),
                &[("csrf", &r.csrf), ("version", &version), ("minutes", text)],
            )
            .await;
        assert_eq!(s, StatusCode::SEE_OTHER, "{to}");
    }
    let (_, page) = clerk.get(&r.room).await;
    assert!(page.contains("<li>the green belt</li>"), "the preview");
}

/// A second clerk opened the page before the first saved again.
async fn a_second_clerk_opens_the_room(r: &Room<'_>) -> Second {
    let browser = signed_in(r.app, r.smtp, "second@council.example.gov.uk", "clerk").await;
    let (_, page) = browser.get(&r.room).await;
    let csrf = csrf_of(&page);
    let stale = version_of(&page, &r.items[1]);
    Second {
        browser,
        page,
        csrf,
        stale,
    }
}

/// The value of the hidden field `name` as the page shows it.
fn shown(page: &str, name: &str) -> String {
    let at = page.find(&format!("name=\"{name}\" value=\"")).unwrap() + name.len() + 15;
    page[at..].split('"').next().unwrap().to_string()
}

/// The attendance checklist as posted from `page`, with only `changes` made.
fn checklist(
    people: &[(String, &'static str)],
    page: &str,
    csrf: &str,
    changes: &[(&str, &str)],
) -> Vec<(String, String)> {
    let mut f = vec![("csrf".to_string(), csrf.to_string())];
    f.push(("was-chair".into(), shown(page, "was-chair")));
    f.push(("chair".into(), people[0].0.clone()));
    for (id, _) in people {
        let was = shown(page, &format!("was-{id}"));
        let mark = changes
            .iter()
            .find(|(p, _)| p == id)
            .map_or(was.clone(), |(_, m)| m.to_string());
        f.push((format!("was-{id}"), was));
        f.push((format!("mark-{id}"), mark));
    }
    f
}

/// Attendance from a page open elsewhere writes only what its clerk
/// changed: the first clerk marks Ann absent; the second, whose page
/// still shows her apologies, changes only Bob; Ann stays absent.
async fn a_stale_attendance_page_writes_only_its_changes(
    r: &Room<'_>,
    clerk: &mut Browser,
    second: &mut Second,
) {
    let (app, meeting, people) = (r.app, &r.meeting, &r.people);
    let (_, mine) = clerk.get(&r.room).await;
    let f = checklist(people, &mine, &r.csrf, &[(people[2].0.as_str(), "absent")]);
    let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (s, _) = clerk
        .post(&format!("/desk/meetings/{meeting}/attendance"), &f)
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let f = checklist(
        people,
        &second.page,
        &second.csrf,
        &[(people[1].0.as_str(), "present")],
    );
    let f: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (s, _) = second
        .browser
        .post(&format!("/desk/meetings/{meeting}/attendance"), &f)
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let got = app
        .get(&format!("/api/v1/meetings/{meeting}"), Some(&app.clerk))
        .await
        .expect(200);
    let status_of = |id: &str| {
        got.body["attendance"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["person_id"] == id)
            .unwrap()["status"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(
        status_of(&people[2].0),
        "absent",
        "not undone by a stale page"
    );
    assert_eq!(status_of(&people[1].0), "present");
}

/// The first clerk saves agreed wording; the second clerk's save over it
/// is refused with both texts shown and nothing overwritten.
async fn a_stale_minutes_save_is_refused_with_both_texts(
    r: &Room<'_>,
    clerk: &mut Browser,
    second: &mut Second,
) {
    let (app, items, csrf) = (r.app, &r.items, &r.csrf);
    let (_, page) = clerk.get(&r.room).await;
    let (s, _) = clerk
        .post(
            &format!("/desk/items/{}/minutes", items[1]),
            &[
                ("csrf", csrf),
                ("version", &version_of(&page, &items[1])),
                (
                    "minutes",
                    "The Head of Planning introduced the review. Agreed wording.",
                ),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let stale = &second.stale;
    let (s, clash) = second
        .browser
        .post(
            &format!("/desk/items/{}/minutes", items[1]),
            &[
                ("csrf", &second.csrf),
                ("version", stale),
                ("minutes", "My own version of the review."),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT, "stale {stale}: {clash}");
    assert!(
        clash.contains("someone else saved this item")
            && clash.contains("Agreed wording.")
            && clash.contains("My own version of the review."),
        "both texts shown"
    );
    let got = app
        .get(&format!("/api/v1/items/{}", items[1]), Some(&app.clerk))
        .await
        .expect(200);
    assert!(got.body["minutes"]
        .as_str()
        .unwrap()
        .ends_with("Agreed wording."));
}

/// Outcome, declaration, a recorded vote, an action; a bad outcome and a
/// vote by someone who sent apologies are refused.
async fn outcome_declaration_vote_and_action_are_recorded(r: &Room<'_>, clerk: &mut Browser) {
    let (people, csrf) = (&r.people, r.csrf.as_str());
    let item = &r.items[1];
    let (s, to) = clerk
        .post(
            &format!("/desk/items/{item}/outcomes"),
            &[
                ("csrf", csrf),
                ("verb", "RESOLVED"),
                ("text", "That the Committee"),
                ("parts", "notes the review\napproves the timetable"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{to}");
    let (s, page) = clerk
        .post(
            &format!("/desk/items/{item}/outcomes"),
            &[("csrf", csrf), ("verb", "DECIDED"), ("text", "")],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        page.contains(&format!("href=\"#f-{item}-outcome-verb\"")),
        "error linked to its field"
    );
    let (s, _) = clerk
        .post(
            &format!("/desk/items/{item}/declarations"),
            &[
                ("csrf", csrf),
                ("person", &people[1].0),
                ("nature", "Owns land near the plan area"),
                ("kind", "other_registrable"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (s, to) = clerk
        .post(
            &format!("/desk/items/{item}/votes"),
            &[
                ("csrf", csrf),
                (&format!("named-{}", people[0].0), "for"),
                (&format!("named-{}", people[1].0), "against"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{to}");
    // Ann sent apologies: she cannot vote.
    let (s, _) = clerk
        .post(
            &format!("/desk/items/{item}/votes"),
            &[("csrf", csrf), (&format!("named-{}", people[2].0), "for")],
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = clerk
        .post(
            &format!("/desk/items/{item}/actions"),
            &[
                ("csrf", csrf),
                ("description", "Publish the timetable"),
                ("owner", "Dee Dent"),
                ("due", &day(30).to_string()),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, page) = clerk.get(&r.room).await;
    assert!(
        page.contains("approves the timetable")
            && page.contains("Owns land near the plan area")
            && page.contains("Publish the timetable (owner: Dee Dent"),
        "{page}"
    );
}

/// A reader's session may look but not write.
async fn a_readers_session_may_look_but_not_write(r: &Room<'_>) {
    let (meeting, item) = (&r.meeting, &r.items[1]);
    let mut reader = signed_in(r.app, r.smtp, "reader@council.example.gov.uk", "reader").await;
    let (s, _) = reader.get(&r.room).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let reader_csrf = csrf_of(&reader.get("/desk").await.1);
    let (s, _) = reader
        .post(
            &format!("/desk/items/{item}/minutes"),
            &[
                ("csrf", &reader_csrf),
                ("version", ""),
                ("minutes", "A reader's text"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "a reader's session may not write");
    let (s, _) = reader
        .get(&format!("/desk/meetings/{meeting}/download/agenda/html"))
        .await;
    assert_eq!(
        s,
        StatusCode::OK,
        "a reader may read, as a reader's token may"
    );
}

/// After the meeting: held, sent to the chair, opened and approved from the email.
async fn the_minutes_are_held_sent_and_approved_from_the_email(r: &Room<'_>, clerk: &mut Browser) {
    let (app, smtp, meeting, csrf) = (r.app, r.smtp, &r.meeting, &r.csrf);
    let after = format!("/desk/meetings/{meeting}/minutes");
    let (_, page) = clerk.get(&after).await;
    assert!(page.contains("Mark the meeting as held"));
    let version = {
        let at = page.find("name=\"version\" value=\"").unwrap() + 22;
        page[at..].split('"').next().unwrap().to_string()
    };
    let (s, _) = clerk
        .post(
            &format!("/desk/meetings/{meeting}/held"),
            &[("csrf", csrf), ("version", &version)],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (s, to) = clerk
        .post(
            &format!("/desk/meetings/{meeting}/minutes/send"),
            &[("csrf", csrf), ("to", "")],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{to}");
    let (_, page) = clerk.get(&after).await;
    assert!(
        page.contains("Not opened yet") && page.contains("cat@council.example.gov.uk"),
        "{page}"
    );
    let mail = smtp
        .wait_for("cat@council.example.gov.uk", "Draft minutes for approval")
        .await;
    let link = mail.approval_link().expect("a link in the email");
    let (status, _, cookie, chair_csrf) = crate::approval::open(app, &link).await;
    let (_, page) = clerk.get(&after).await;
    assert!(page.contains("Opened on"), "sent, then opened: {page}");
    assert_eq!(status, 200);
    let (status, body) = crate::approval::submit(
        app,
        &link,
        cookie.as_deref(),
        &[
            ("decision", "approve"),
            ("csrf", chair_csrf.as_deref().unwrap()),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let (_, page) = clerk.get(&after).await;
    assert!(
        page.contains("Approved on") && page.contains("Publish the minutes"),
        "{page}"
    );
}

/// Approved minutes no longer change in the room; the clerk publishes them.
async fn approved_minutes_are_frozen_and_published(r: &Room<'_>, clerk: &mut Browser) {
    let (meeting, csrf) = (&r.meeting, &r.csrf);
    let (s, _) = clerk
        .post(
            &format!("/desk/items/{}/minutes", r.items[0]),
            &[
                ("csrf", csrf),
                ("version", ""),
                ("minutes", "Changed after approval"),
            ],
        )
        .await;
    assert_eq!(s, StatusCode::CONFLICT);
    let (s, _) = clerk
        .post(
            &format!("/desk/meetings/{meeting}/minutes/publish"),
            &[("csrf", csrf)],
        )
        .await;
    assert_eq!(s, StatusCode::SEE_OTHER);
    let (_, page) = clerk
        .get(&format!("/desk/meetings/{meeting}/minutes"))
        .await;
    assert!(page.contains("Published"));
}

/// The public page shows what was written and nothing of the restricted
/// item's minutes nor the refused text.
async fn the_public_page_shows_the_minutes_and_nothing_restricted(r: &Room<'_>) {
    let public = r
        .app
        .client
        .get(r.app.url(&format!("/meetings/{}", r.meeting)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        public.contains("Apologies were received from Cllr Ann Ames.")
            && public.contains("Agreed wording.")
            && public.contains("approves the timetable")
            && public.contains("Land at Mill Lane"),
        "{public}"
    );
    assert!(
        !public.contains("offer for the land") && !public.contains("My own version"),
        "nothing restricted, nothing refused"
    );
}

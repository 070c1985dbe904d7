//! The documents' layout in the house style: the minutes as text, Markdown,
//! HTML and Word, older numbering, the agenda, and the extras (substitutes,
//! actions, closing time, cancellation).

use super::{
    attend, docx_body, docx_part, fetch, house_style_meeting, item, person, spawn, ssp_body,
    ssp_meeting, DOCX,
};
use crate::helpers::{Res, TestApp};
use serde_json::json;

const HOUSE_STYLE_TEXT: &str = "\
DRAFT — NOT YET APPROVED BY THE CHAIR

Safer Stockton Partnership
==========================

Minutes

A meeting of Safer Stockton Partnership was held on Wednesday, 19th July, 2023 at 9.00 am in Meeting Room 1, Jim Cooke Conference Suite, Church Road, Stockton on Tees, TS18 1TU.

Present: Cllr Jim Beall (Stockton-on-Tees Borough Council) (Chair), Cllr Steve Nelson (Stockton-on-Tees Borough Council)

Officers: Marc Stephenson (SBC - Community Services)

Also in attendance: None

Apologies: Jane Smith (Thirteen Group)

SSP/1/23 Minutes

The minutes of the meeting held on the 18th January 2023 were agreed as a true record.

SSP/2/23 Minutes of other boards

(a) Tees Valley Community Safety Board

(b) Youth Offending Board

Members noted the minutes of the boards.

AGREED that the minutes be noted.

SSP/3/23 Community Safety Strategy

Officers presented the strategy.

  • Reduce reoffending
  • Tackle anti-social behaviour

Priorities were ranked:

  1. Serious violence
  2. Drugs

Members welcomed the focus on prevention.

Declaration of interest: Cllr Steve Nelson — Personal non-prejudicial interest: Norton ward member

AGREED that:-
  1. The content of the strategy be noted.
  2. The strategic direction be endorsed.

SSP/4/23 Public Space Protection Order Update

RESOLVED the update be noted.
";

#[tokio::test]
async fn minutes_as_text_follow_the_house_layout_in_order() {
    let (app, _db) = spawn().await;
    let m = house_style_meeting(&app).await;
    let got = fetch(
        &app,
        &format!("/api/v1/meetings/{m}/minutes?format=txt"),
        Some(&app.clerk),
        None,
    )
    .await
    .ok();
    assert_eq!(got.content_type, "text/plain; charset=utf-8");
    assert_eq!(got.text(), HOUSE_STYLE_TEXT);
}

#[tokio::test]
async fn minutes_in_markdown_html_and_word_carry_the_same_content() {
    let (app, _db) = spawn().await;
    let m = house_style_meeting(&app).await;
    let path = format!("/api/v1/meetings/{m}/minutes");
    let md = fetch(&app, &format!("{path}?format=md"), Some(&app.clerk), None)
        .await
        .ok();
    assert_eq!(md.content_type, "text/markdown; charset=utf-8");
    let md = md.text();
    for line in [
        "# Safer Stockton Partnership",
        "### SSP/3/23 Community Safety Strategy",
        "#### (a) Tees Valley Community Safety Board",
        "**Also in attendance:** None",
        "- Reduce reoffending",
        "1. Serious violence",
        "Members *welcomed* the focus on prevention.",
        "**AGREED** that:-",
        "2. The strategic direction be endorsed.",
        "**RESOLVED** the update be noted.",
    ] {
        assert!(md.lines().any(|l| l == line), "{line:?} not in:\n{md}");
    }

    let html = fetch(&app, &format!("{path}?format=html"), Some(&app.clerk), None)
        .await
        .ok()
        .text();
    for fragment in [
        "<h1>Safer Stockton Partnership</h1>",
        "<span class=\"minute-number\">SSP/3/23</span>",
        "<strong>Also in attendance:</strong> None",
        "<li>Reduce reoffending</li>",
        "<em>welcomed</em>",
        "<strong class=\"verb\">AGREED</strong> that:-",
        "<li>The strategic direction be endorsed.</li>",
    ] {
        assert!(html.contains(fragment), "{fragment:?} not in:\n{html}");
    }

    let word = fetch(&app, &format!("{path}?format=docx"), Some(&app.clerk), None)
        .await
        .ok();
    assert_eq!(word.content_type, DOCX);
    let disposition = word.headers["content-disposition"].to_str().unwrap();
    assert_eq!(
        disposition,
        "attachment; filename=\"ssp-2023-07-19-minutes.docx\""
    );
    let body = docx_body(&word.bytes);
    for line in [
        "Safer Stockton Partnership",
        "SSP/3/23 Community Safety Strategy",
        "(b) Youth Offending Board",
        "Present: Cllr Jim Beall (Stockton-on-Tees Borough Council) (Chair), Cllr Steve Nelson (Stockton-on-Tees Borough Council)",
        "Also in attendance: None",
        "Reduce reoffending",
        "AGREED that:-",
        "The content of the strategy be noted.",
        "RESOLVED the update be noted.",
    ] {
        assert!(body.lines().any(|l| l == line), "{line:?} not in:\n{body}");
    }
    // Lists are real Word lists: the outcome parts and the minute text's
    // numbered list each restart at 1, the bullets use a bullet format.
    let xml = docx_part(&word.bytes, "word/document.xml");
    assert!(xml.contains("<w:numPr>"), "no numbered paragraphs");
    let numbering = docx_part(&word.bytes, "word/numbering.xml");
    assert!(numbering.contains("w:val=\"bullet\""));
    assert!(numbering.contains("<w:startOverride w:val=\"1\""));
    let styles = docx_part(&word.bytes, "word/styles.xml");
    assert!(styles.contains("w:styleId=\"Heading2\""));
}

#[tokio::test]
async fn older_house_style_numbering_and_dates_appear_in_the_documents() {
    let (app, _db) = spawn().await;
    app.post(
        "/api/v1/bodies",
        json!({"name": "Safer Stockton Partnership", "slug": "ssp", "minute_prefix": "SSP", "kind": "partnership",
               "numbering": {"format": "{prefix} {n}/{yy}", "year_start_month": 4}}),
    )
    .await
    .expect(201);
    let m = app
        .post(
            "/api/v1/bodies/ssp/meetings",
            json!({"starts_at": "2017-04-04T14:00:00+01:00"}),
        )
        .await
        .expect(201)
        .id();
    for t in [
        "Apologies for Absence",
        "Declarations of Interest",
        "Minutes",
        "Matters Arising",
        "Anti-Social Behaviour Update",
    ] {
        app.item(&m, t).await;
    }
    app.publish(&m).await.expect(200);
    let text = fetch(
        &app,
        &format!("/api/v1/meetings/{m}/minutes?format=txt"),
        Some(&app.clerk),
        None,
    )
    .await
    .ok()
    .text();
    assert!(
        text.contains(
            "A meeting of Safer Stockton Partnership was held on Tuesday, 4th April, 2017 at 2.00 pm."
        ),
        "{text}"
    );
    assert!(text.lines().any(|l| l == "SSP 1/17 Apologies for Absence"));
    assert!(text
        .lines()
        .any(|l| l == "SSP 5/17 Anti-Social Behaviour Update"));
    let agenda = fetch(
        &app,
        &format!("/api/v1/meetings/{m}/agenda?format=txt"),
        None,
        None,
    )
    .await
    .ok()
    .text();
    assert!(agenda
        .lines()
        .any(|l| l == "SSP 5/17 Anti-Social Behaviour Update"));
    assert!(agenda
        .lines()
        .any(|l| l == "Date: Tuesday, 4th April, 2017"));
    assert!(agenda.lines().any(|l| l == "Time: 2.00 pm"));
}

#[tokio::test]
async fn the_agenda_lists_items_with_presenters_and_papers() {
    let (app, _db) = spawn().await;
    ssp_body(&app).await;
    let m = ssp_meeting(&app).await;
    items_with_a_paper_a_presenter_and_a_part(&app, &m).await;
    app.publish(&m).await.expect(200);
    the_text_agenda_lists_them_in_the_house_style(&app, &m).await;
    the_html_and_word_agendas_list_the_paper_and_numbers(&app, &m).await;
}

/// An item with a 124 KB paper, an item with a presenter and a lettered part.
async fn items_with_a_paper_a_presenter_and_a_part(app: &TestApp, m: &str) {
    let minutes = item(app, m, json!({"title": "Minutes"})).await;
    let form = reqwest::multipart::Form::new()
        .part(
            "file",
            reqwest::multipart::Part::bytes(vec![b'%'; 124 * 1024])
                .file_name("minutes.pdf")
                .mime_str("application/pdf")
                .unwrap(),
        )
        .text("title", "Minutes of 18 January 2023");
    let r = app
        .client
        .post(app.url(&format!("/api/v1/items/{minutes}/documents")))
        .bearer_auth(&app.clerk)
        .multipart(form)
        .send()
        .await
        .unwrap();
    Res::from(r).await.expect(201);
    let boards = item(
        app,
        m,
        json!({"title": "Minutes of other boards", "presenter": "Cleveland Police"}),
    )
    .await;
    item(
        app,
        m,
        json!({"title": "Youth Offending Board", "parent_id": boards}),
    )
    .await;
}

/// The agenda as text, exactly.
async fn the_text_agenda_lists_them_in_the_house_style(app: &TestApp, m: &str) {
    let text = fetch(
        app,
        &format!("/api/v1/meetings/{m}/agenda?format=txt"),
        None,
        None,
    )
    .await
    .ok()
    .text();
    let expected = "\
Safer Stockton Partnership
==========================

Agenda

Date: Wednesday, 19th July, 2023

Time: 9.00 am

Venue: Meeting Room 1, Jim Cooke Conference Suite, Church Road, Stockton on Tees, TS18 1TU

Contact: Democratic Services Support Officer - John Devine (john.devine@stockton.gov.uk)

Items
-----

SSP/1/23 Minutes

  • Minutes of 18 January 2023 (PDF 124 KB)

SSP/2/23 Minutes of other boards

Presented by: Cleveland Police

(a) Youth Offending Board
";
    assert_eq!(text, expected);
}

/// The agenda as HTML links the paper with its size and numbers the items;
/// the Word agenda lists them too.
async fn the_html_and_word_agendas_list_the_paper_and_numbers(app: &TestApp, m: &str) {
    let html = fetch(
        app,
        &format!("/api/v1/meetings/{m}/agenda?format=html"),
        None,
        None,
    )
    .await
    .ok()
    .text();
    assert!(
        html.contains("/content\">Minutes of 18 January 2023</a> (PDF 124 KB)"),
        "{html}"
    );
    assert!(html.contains("<span class=\"minute-number\">SSP/1/23</span>"));
    let word = fetch(
        app,
        &format!("/api/v1/meetings/{m}/agenda?format=docx"),
        None,
        None,
    )
    .await
    .ok();
    let body = docx_body(&word.bytes);
    assert!(body
        .lines()
        .any(|l| l == "Minutes of 18 January 2023 (PDF 124 KB)"));
    assert!(body
        .lines()
        .any(|l| l == "SSP/2/23 Minutes of other boards"));
}

#[tokio::test]
async fn documents_show_substitutes_actions_closing_time_and_cancellation() {
    let (app, _db) = spawn().await;
    ssp_body(&app).await;
    let m = app
        .post(
            "/api/v1/bodies/ssp/meetings",
            json!({"starts_at": "2023-07-19T09:00:00+01:00", "ends_at": "2023-07-19T10:30:00+01:00"}),
        )
        .await
        .expect(201)
        .id();
    let jane = person(&app, None, "Jane Smith", "Thirteen Group").await;
    let ann = person(&app, None, "Ann Jones", "Thirteen Group").await;
    attend(&app, &m, json!({"person_id": jane, "status": "apologies"})).await;
    attend(
        &app,
        &m,
        json!({"person_id": ann, "status": "present", "substitute_for": jane}),
    )
    .await;
    let pspo = item(
        &app,
        &m,
        json!({"title": "Public Space Protection Order Update"}),
    )
    .await;
    app.post(
        &format!("/api/v1/items/{pspo}/actions"),
        json!({"description": "Report displacement figures", "owner": "Community Safety Manager", "due_date": "2023-10-18"}),
    )
    .await
    .expect(201);
    app.publish(&m).await.expect(200);
    let text = fetch(
        &app,
        &format!("/api/v1/meetings/{m}/minutes?format=txt"),
        Some(&app.clerk),
        None,
    )
    .await
    .ok()
    .text();
    for line in [
        "Present: Ann Jones (Thirteen Group) (substitute for Jane Smith)",
        "Apologies: Jane Smith (Thirteen Group)",
        "Action: Report displacement figures (Community Safety Manager, by 18 October 2023)",
    ] {
        assert!(text.lines().any(|l| l == line), "{line:?} not in:\n{text}");
    }
    assert!(
        text.ends_with("The meeting closed at 10.30 am.\n"),
        "{text}"
    );

    app.patch(
        &format!("/api/v1/meetings/{m}"),
        json!({"status": "cancelled"}),
    )
    .await
    .expect(200);
    let agenda = fetch(
        &app,
        &format!("/api/v1/meetings/{m}/agenda?format=txt"),
        None,
        None,
    )
    .await
    .ok()
    .text();
    assert!(
        agenda
            .lines()
            .any(|l| l == "This meeting has been cancelled."),
        "{agenda}"
    );
}

//! The minutes and the agenda as archival, tagged PDF, read back by poppler
//! and lopdf: the text is the text rendering's, DRAFT is on every page of
//! unapproved minutes, and the file is PDF/A-2a, tagged, in British
//! English, titled, its fonts embedded.

use super::pdf_read::{self, assert_archival, fold, squash};
use super::{fetch, house_style_meeting, item, set_minutes_status, spawn, ssp_body, ssp_meeting};
use serde_json::json;

const PDF: &str = "application/pdf";

/// Lines of the text rendering, squashed, less the underlines.
fn text_lines(txt: &str) -> Vec<String> {
    txt.lines()
        .filter(|l| !l.trim().chars().all(|c| c == '=' || c == '-'))
        .map(squash)
        .filter(|l| !l.is_empty())
        .collect()
}

/// The PDF's text squashed into one line, less the page furniture.
fn pdf_body(pdf: &[u8], draft: Option<&str>) -> String {
    let text = pdf_read::text(pdf);
    let kept: Vec<&str> = text
        .lines()
        .map(|l| l.trim_matches('\u{c}').trim())
        .filter(|l| !(l.starts_with("Page ") && l.contains(" of ")))
        .filter(|l| Some(*l) != draft)
        .collect();
    squash(&kept.join("\n"))
}

#[tokio::test]
async fn minutes_pdf_holds_the_text_of_the_minutes_and_is_archival_and_tagged() {
    let (app, _db) = spawn().await;
    let m = house_style_meeting(&app).await;
    let path = format!("/api/v1/meetings/{m}/minutes");
    let txt = fetch(&app, &format!("{path}?format=txt"), Some(&app.clerk), None)
        .await
        .ok()
        .text();
    let got = fetch(&app, &format!("{path}?format=pdf"), Some(&app.clerk), None)
        .await
        .ok();
    assert_eq!(got.content_type, PDF);
    let disposition = got.headers["content-disposition"].to_str().unwrap();
    assert!(
        disposition.contains("ssp-2023-07-19-minutes.pdf"),
        "{disposition}"
    );
    let draft_mark = txt.lines().next().unwrap().to_string();
    assert!(draft_mark.starts_with("DRAFT"), "{txt}");
    let body = pdf_body(&got.bytes, Some(&draft_mark));
    let mut from = 0;
    for line in text_lines(&txt).iter().skip(1) {
        let at = body[from..]
            .find(line.as_str())
            .unwrap_or_else(|| panic!("{line:?} not in the PDF after {from}:\n{body}"));
        from += at;
    }
    assert_archival(
        &got.bytes,
        Some("DRAFT: Minutes — Safer Stockton Partnership — Wednesday, 19th July, 2023"),
    );
    // The same by Accept.
    let by_accept = fetch(&app, &path, Some(&app.clerk), Some(PDF)).await.ok();
    assert_eq!(by_accept.content_type, PDF);
    assert!(pdf_read::pages(&by_accept.bytes) >= 1);
}

#[tokio::test]
async fn draft_minutes_say_draft_on_every_page_and_approved_ones_nowhere() {
    let (app, db) = spawn().await;
    ssp_body(&app).await;
    let m = ssp_meeting(&app).await;
    let long: Vec<String> = (1..=40)
        .map(|n| format!("Paragraph {n} of a long discussion that members had about the budget, the reserves and the savings needed next year."))
        .collect();
    item(
        &app,
        &m,
        json!({"title": "Budget", "minutes": long.join("\n\n")}),
    )
    .await;
    app.publish(&m).await.expect(200);
    let path = format!("/api/v1/meetings/{m}/minutes?format=pdf");
    let pdf = fetch(&app, &path, Some(&app.clerk), None).await.ok().bytes;
    let pages = pdf_read::pages(&pdf);
    assert!(pages >= 2, "a long draft runs over pages: {pages}");
    for p in 1..=pages {
        let text = pdf_read::page_text(&pdf, p);
        assert!(
            text.contains("DRAFT — NOT YET APPROVED BY THE CHAIR"),
            "page {p}:\n{text}"
        );
        assert!(
            text.contains(&format!("Page {p} of {pages}")),
            "page {p}:\n{text}"
        );
    }
    assert!(pdf_read::text(&pdf).contains("Paragraph 40 of a long discussion"));
    set_minutes_status(&db, &m, "approved");
    let pdf = fetch(&app, &path, Some(&app.clerk), None).await.ok().bytes;
    assert!(!pdf_read::text(&pdf).contains("DRAFT"));
    assert_archival(
        &pdf,
        Some("Minutes — Safer Stockton Partnership — Wednesday, 19th July, 2023"),
    );
}

#[tokio::test]
async fn agenda_pdf_is_archival_and_holds_the_items() {
    let (app, _db) = spawn().await;
    let m = house_style_meeting(&app).await;
    let got = fetch(
        &app,
        &format!("/api/v1/meetings/{m}/agenda?format=pdf"),
        None,
        None,
    )
    .await
    .ok();
    assert_eq!(got.content_type, PDF);
    let text = fold(&pdf_read::text(&got.bytes));
    for want in [
        "SSP/1/23 Minutes",
        "SSP/4/23 Public Space Protection Order Update",
        "(a) Tees Valley Community Safety Board",
    ] {
        assert!(text.contains(want), "{want:?} in:\n{text}");
    }
    assert_archival(
        &got.bytes,
        Some("Agenda — Safer Stockton Partnership — Wednesday, 19th July, 2023"),
    );
}

#[tokio::test]
async fn text_that_looks_like_typst_code_is_printed_as_it_is() {
    let (app, _db) = spawn().await;
    ssp_body(&app).await;
    let m = ssp_meeting(&app).await;
    let hostile = r##"#read("/etc/passwd") $x^2$ *star* _under_ ] [ } { #let a = 1 <lbl> @ref \ // `raw` = head #"##;
    item(
        &app,
        &m,
        json!({"title": hostile, "minutes": format!("{hostile}\n\n- {hostile}")}),
    )
    .await;
    app.publish(&m).await.expect(200);
    let pdf = fetch(
        &app,
        &format!("/api/v1/meetings/{m}/minutes?format=pdf"),
        Some(&app.clerk),
        None,
    )
    .await
    .ok()
    .bytes;
    let text = fold(&pdf_read::text(&pdf));
    assert!(!text.contains("root:"), "no file was read");
    for piece in [
        r#"#read("/etc/passwd")"#,
        "$x^2$",
        "#let a = 1 <lbl> @ref",
        "`raw` = head #",
    ] {
        assert!(text.contains(piece), "{piece:?} printed in:\n{text}");
    }
}

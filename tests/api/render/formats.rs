//! The formats: a standalone printable HTML page, content negotiation,
//! escaping of typed HTML, and the OpenAPI description.

use super::{
    docx_body, fetch, house_style_meeting, item, outcome, set_minutes_status, spawn, ssp_body,
    ssp_meeting, DOCX,
};
use crate::helpers::TestApp;
use serde_json::json;

#[tokio::test]
async fn html_is_a_standalone_printable_page() {
    let (app, _db) = spawn().await;
    let m = house_style_meeting(&app).await;
    let got = fetch(
        &app,
        &format!("/api/v1/meetings/{m}/minutes"),
        Some(&app.clerk),
        Some("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"),
    )
    .await
    .ok();
    assert_eq!(got.content_type, "text/html; charset=utf-8");
    let csp = got.headers["content-security-policy"].to_str().unwrap();
    assert!(csp.starts_with("default-src 'none'"));
    let html = got.text();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("@page { size: A4;"));
    assert!(html.contains("@media print"));
    assert!(!html.contains("<link"), "no external resources");
    assert!(!html.contains("<script"), "no scripts");
}

#[tokio::test]
async fn format_is_chosen_by_parameter_or_accept_and_refused_clearly() {
    let (app, _db) = spawn().await;
    let m = house_style_meeting(&app).await;
    let path = format!("/api/v1/meetings/{m}/agenda");
    for (accept, expected) in [
        ("text/plain", "text/plain; charset=utf-8"),
        ("text/markdown", "text/markdown; charset=utf-8"),
        (DOCX, DOCX),
        ("application/pdf", "application/pdf"),
        (
            "text/html;q=0.4, text/markdown;q=0.9",
            "text/markdown; charset=utf-8",
        ),
        ("*/*", "text/html; charset=utf-8"),
    ] {
        let got = fetch(&app, &path, None, Some(accept)).await.ok();
        assert_eq!(got.content_type, expected, "{accept}");
    }
    let got = fetch(&app, &format!("{path}?format=txt"), None, Some(DOCX))
        .await
        .ok();
    assert_eq!(got.content_type, "text/plain; charset=utf-8");
    let refused = fetch(&app, &path, None, Some("application/rtf")).await;
    assert_eq!(refused.status, 406);
    assert_eq!(refused.content_type, "application/problem+json");
    assert!(refused.json()["detail"]
        .as_str()
        .unwrap()
        .contains("?format="));
    let bad = fetch(&app, &format!("{path}?format=odt"), None, None).await;
    assert_eq!(bad.status, 422);
    assert_eq!(bad.content_type, "application/problem+json");
    assert_eq!(bad.json()["errors"][0]["field"], "format");
}

#[tokio::test]
async fn typed_html_never_reaches_a_page_unescaped() {
    let (app, db) = spawn().await;
    ssp_body(&app).await;
    let m = ssp_meeting(&app).await;
    an_item_typed_full_of_html(&app, &m).await;
    app.publish(&m).await.expect(200);
    set_minutes_status(&db, &m, "published");
    for doc in ["minutes", "agenda"] {
        the_html_document_shows_it_escaped(&app, &m, doc).await;
        the_markdown_renders_nothing_live(&app, &m, doc).await;
    }
    a_javascript_link_is_text_and_word_keeps_what_was_typed(&app, &m).await;
}

/// An item whose title, presenter, minutes and outcome are typed HTML.
async fn an_item_typed_full_of_html(app: &TestApp, m: &str) {
    let evil = item(
        app,
        m,
        json!({"title": "<script>alert('title')</script>", "presenter": "<b>Bold</b> & co",
            "minutes": "<script>alert(\"x\")</script>\n\nHello <img src=x onerror=alert(1)> and [click](javascript:alert(2))\n\n- <iframe src=//evil>"}),
    )
    .await;
    outcome(
        app,
        &evil,
        json!({"verb": "AGREED", "text": "<svg onload=alert(3)>", "parts": ["<style>body{display:none}</style>"]}),
    )
    .await;
}

/// The `doc` as HTML has no live tag, and the script shows as text.
async fn the_html_document_shows_it_escaped(app: &TestApp, m: &str, doc: &str) {
    let html = fetch(
        app,
        &format!("/api/v1/meetings/{m}/{doc}?format=html"),
        None,
        None,
    )
    .await
    .ok()
    .text();
    for raw in LIVE_MARKUP.iter().chain(&["<style>body"]) {
        assert!(!html.contains(raw), "{doc} html contains {raw:?}:\n{html}");
    }
    assert!(html.contains("&lt;script&gt;alert("), "{doc}");
}

/// Markup that would run or show live if typed text reached a page unescaped.
const LIVE_MARKUP: [&str; 6] = [
    "<script",
    "<img",
    "<iframe",
    "<svg",
    "<b>",
    "href=\"javascript",
];

/// Markdown readers turn the Markdown into HTML: still nothing live.
async fn the_markdown_renders_nothing_live(app: &TestApp, m: &str, doc: &str) {
    let md = fetch(
        app,
        &format!("/api/v1/meetings/{m}/{doc}?format=md"),
        None,
        None,
    )
    .await
    .ok()
    .text();
    let mut rendered = String::new();
    pulldown_cmark::html::push_html(&mut rendered, pulldown_cmark::Parser::new(&md));
    for raw in LIVE_MARKUP {
        assert!(
            !rendered.contains(raw),
            "{doc} markdown renders {raw:?}:\n{rendered}"
        );
    }
    assert!(rendered.contains("&lt;script&gt;"), "{doc}: {rendered}");
}

/// A javascript: link is shown as text; Word keeps what was typed as text.
async fn a_javascript_link_is_text_and_word_keeps_what_was_typed(app: &TestApp, m: &str) {
    let minutes = fetch(
        app,
        &format!("/api/v1/meetings/{m}/minutes?format=html"),
        None,
        None,
    )
    .await
    .ok()
    .text();
    assert!(minutes.contains("click (javascript:alert(2))"));
    let docx = fetch(
        app,
        &format!("/api/v1/meetings/{m}/minutes?format=docx"),
        None,
        None,
    )
    .await
    .ok();
    assert!(docx_body(&docx.bytes).contains("<script>alert(\"x\")</script>"));
}

#[tokio::test]
async fn openapi_describes_both_documents_and_their_formats() {
    let (app, _db) = spawn().await;
    let doc = app.get("/openapi.json", None).await.expect(200).body;
    for path in [
        "/api/v1/meetings/{id}/minutes",
        "/api/v1/meetings/{id}/agenda",
    ] {
        let op = &doc["paths"][path]["get"];
        let content = op["responses"]["200"]["content"]
            .as_object()
            .unwrap_or_else(|| panic!("{path} has no 200 content: {op}"));
        for media in [
            "text/html",
            "text/markdown",
            "text/plain",
            DOCX,
            "application/pdf",
        ] {
            assert!(content.contains_key(media), "{path} lacks {media}");
        }
        let params: Vec<&str> = op["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|p| p["name"].as_str())
            .collect();
        assert_eq!(params, ["id", "format", "audience"], "{path}");
        assert!(op["responses"]["406"].is_object());
        let word = &content[DOCX]["schema"];
        let word = match word["$ref"].as_str() {
            Some(r) => &doc["components"]["schemas"][r.rsplit('/').next().unwrap()],
            None => word,
        };
        assert_eq!(word["type"], "string", "{word}");
        assert_eq!(word["format"], "binary", "{word}");
    }
}

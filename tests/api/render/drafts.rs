//! Drafts: public minutes exist only once published, and unapproved minutes
//! carry a DRAFT mark in every format.

use super::{
    docx_body, docx_headers, fetch, house_style_meeting, item, set_minutes_status, spawn, ssp_body,
    ssp_meeting,
};
use serde_json::json;

#[tokio::test]
async fn public_minutes_exist_only_once_published_and_drafts_are_hidden() {
    let (app, db) = spawn().await;
    ssp_body(&app).await;
    let m = ssp_meeting(&app).await;
    item(
        &app,
        &m,
        json!({"title": "Matters Arising", "minutes": "Members noted the update."}),
    )
    .await;
    // A draft meeting does not exist for the public, agenda or minutes.
    for doc in ["agenda", "minutes"] {
        let r = fetch(&app, &format!("/api/v1/meetings/{m}/{doc}"), None, None).await;
        assert_eq!(r.status, 404, "{doc}");
        assert_eq!(r.content_type, "application/problem+json");
    }
    // The clerk sees the draft agenda, marked.
    let agenda = fetch(
        &app,
        &format!("/api/v1/meetings/{m}/agenda?format=txt"),
        Some(&app.clerk),
        None,
    )
    .await
    .ok()
    .text();
    assert!(
        agenda.starts_with("DRAFT — AGENDA NOT YET PUBLISHED\n"),
        "{agenda}"
    );
    app.publish(&m).await.expect(200);
    let agenda = fetch(
        &app,
        &format!("/api/v1/meetings/{m}/agenda?format=txt"),
        None,
        None,
    )
    .await
    .ok()
    .text();
    assert!(!agenda.contains("DRAFT"));
    assert!(agenda.contains("SSP/1/23 Matters Arising"));

    for status in ["draft", "sent_for_approval", "approved"] {
        set_minutes_status(&db, &m, status);
        let r = fetch(&app, &format!("/api/v1/meetings/{m}/minutes"), None, None).await;
        assert_eq!(r.status, 404, "{status}");
        assert_eq!(r.json()["detail"], "minutes not yet published");
    }
    for status in ["published", "confirmed"] {
        set_minutes_status(&db, &m, status);
        let text = fetch(
            &app,
            &format!("/api/v1/meetings/{m}/minutes?format=txt"),
            None,
            None,
        )
        .await
        .ok()
        .text();
        assert!(text.contains("Members noted the update."), "{status}");
        assert!(!text.contains("DRAFT"), "{status}");
    }
    let unknown = fetch(
        &app,
        "/api/v1/meetings/00000000-0000-4000-8000-000000000000/minutes",
        Some(&app.clerk),
        None,
    )
    .await;
    assert_eq!(unknown.status, 404);
}

#[tokio::test]
async fn unapproved_minutes_are_marked_draft_in_every_format() {
    let (app, db) = spawn().await;
    let m = house_style_meeting(&app).await;
    let path = format!("/api/v1/meetings/{m}/minutes");
    for status in ["draft", "sent_for_approval", "changes_requested"] {
        set_minutes_status(&db, &m, status);
        let txt = fetch(&app, &format!("{path}?format=txt"), Some(&app.clerk), None)
            .await
            .ok()
            .text();
        assert!(txt.starts_with("DRAFT"), "{status}: {txt}");
        let md = fetch(&app, &format!("{path}?format=md"), Some(&app.clerk), None)
            .await
            .ok()
            .text();
        assert!(md.starts_with("**DRAFT"), "{status}: {md}");
        let html = fetch(&app, &format!("{path}?format=html"), Some(&app.clerk), None)
            .await
            .ok()
            .text();
        assert!(html.contains("<title>DRAFT: Minutes — Safer Stockton Partnership"));
        assert!(html.contains("<div class=\"watermark\" aria-hidden=\"true\">DRAFT</div>"));
        // The mark sits in the table head that print repeats on every page.
        assert!(html.contains("<thead><tr><td><div class=\"marks\" role=\"note\">"));
        let docx = fetch(&app, &format!("{path}?format=docx"), Some(&app.clerk), None)
            .await
            .ok();
        assert!(
            docx_headers(&docx.bytes).contains("DRAFT — NOT YET APPROVED BY THE CHAIR"),
            "{status}"
        );
    }
    for status in ["approved", "published", "confirmed"] {
        set_minutes_status(&db, &m, status);
        for format in ["txt", "md", "html"] {
            let got = fetch(
                &app,
                &format!("{path}?format={format}"),
                Some(&app.clerk),
                None,
            )
            .await
            .ok()
            .text();
            assert!(!got.contains("DRAFT"), "{status} {format}");
        }
        let docx = fetch(&app, &format!("{path}?format=docx"), Some(&app.clerk), None)
            .await
            .ok();
        assert!(!docx_headers(&docx.bytes).contains("DRAFT"));
        assert!(!docx_body(&docx.bytes).contains("DRAFT"));
    }
}

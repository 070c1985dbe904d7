//! The reports pack, `GET /api/v1/meetings/{id}/agenda/pack.pdf`, read back
//! by poppler: contents, the agenda, the public papers page by page in
//! agenda order, page numbers across the pack; never a restricted item's
//! paper in the public pack; the clerk's internal pack holds it, marked.

use crate::helpers::TestApp;
use crate::public_pages::upload;
use crate::render::pdf_read::{self, fold, make_paper};
use serde_json::json;

struct PackMeeting {
    id: String,
    report: String,
}

/// A published agenda: a public report with a two-page PDF paper and a
/// Word paper, a restricted item with its PDF paper, and a public item
/// with a restricted PDF paper.
async fn pack_meeting(app: &TestApp) -> PackMeeting {
    app.post(
        "/api/v1/bodies",
        json!({"name": "Safer Stockton Partnership", "slug": "ssp", "minute_prefix": "SSP", "kind": "partnership"}),
    )
    .await
    .expect(201);
    let id = app.meeting("ssp", "2023-07-19T09:00:00+01:00").await;
    let report = app.item(&id, "Anti-Social Behaviour Action Plan").await;
    upload(
        app,
        &report,
        "asb.pdf",
        "application/pdf",
        make_paper(&["Pelicanpublic", "Flamingopublic"]),
        "ASB Action Plan report",
        false,
    )
    .await;
    upload(
        app,
        &report,
        "notes.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        b"PK\x03\x04 not really word".to_vec(),
        "Speaking notes",
        false,
    )
    .await;
    let secret = app
        .post(
            &format!("/api/v1/meetings/{id}/items"),
            json!({"title": "iQuanta Report", "restricted": {"paragraph": 7}}),
        )
        .await
        .expect(201)
        .id();
    upload(
        app,
        &secret,
        "iquanta.pdf",
        "application/pdf",
        make_paper(&["Tangerinesecret"]),
        "Tangerine statistics",
        false,
    )
    .await;
    let open = app.item(&id, "Recorded Crime and Disorder Report").await;
    upload(
        app,
        &open,
        "annex.pdf",
        "application/pdf",
        make_paper(&["Walrusannex"]),
        "Walrus annex",
        true,
    )
    .await;
    PackMeeting { id, report }
}

async fn get_pack(
    app: &TestApp,
    m: &str,
    query: &str,
    token: Option<&str>,
) -> (u16, Vec<u8>, String) {
    let mut r = app
        .client
        .get(app.url(&format!("/api/v1/meetings/{m}/agenda/pack.pdf{query}")));
    if let Some(t) = token {
        r = r.bearer_auth(t);
    }
    let r = r.send().await.unwrap();
    let status = r.status().as_u16();
    let etag = r
        .headers()
        .get("etag")
        .map(|v| v.to_str().unwrap().to_string())
        .unwrap_or_default();
    if status == 200 {
        assert_eq!(r.headers()["content-type"], "application/pdf");
    }
    (status, r.bytes().await.unwrap().to_vec(), etag)
}

#[tokio::test]
async fn the_public_pack_holds_the_agenda_and_public_papers_only() {
    let app = crate::helpers::spawn_app().await;
    let m = pack_meeting(&app).await;
    // Nothing for the public before the agenda is published.
    assert_eq!(get_pack(&app, &m.id, "", None).await.0, 404);
    app.publish(&m.id).await.expect(200);

    let (status, pdf, etag) = get_pack(&app, &m.id, "", None).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&pdf));
    let text = fold(&pdf_read::text(&pdf));
    assert!(
        text.contains("Public reports pack — Safer Stockton Partnership"),
        "{text}"
    );
    assert!(text.contains("Contents"));
    assert!(
        text.contains("SSP/1/23 Anti-Social Behaviour Action Plan"),
        "{text}"
    );
    assert!(
        text.contains("Pelicanpublic") && text.contains("Flamingopublic"),
        "{text}"
    );
    assert!(text.contains("Speaking notes"), "the Word paper is listed");
    assert!(text.contains("not included"), "{text}");
    for secret in [
        "Tangerinesecret",
        "Tangerine statistics",
        "Walrusannex",
        "Walrus annex",
    ] {
        assert!(
            !text.contains(secret),
            "public pack leaked {secret}:\n{text}"
        );
    }
    assert!(!text.contains("EXEMPT"));
    // Contents, the agenda, the paper's two pages; numbers across the pack.
    let pages = pdf_read::pages(&pdf);
    assert!(pages >= 4, "{pages}");
    for p in 1..=pages {
        let page = pdf_read::page_text(&pdf, p);
        assert!(
            page.contains(&format!("Page {p} of {pages}")),
            "page {p}:\n{page}"
        );
    }
    let last_two = pdf_read::page_text(&pdf, pages - 1) + &pdf_read::page_text(&pdf, pages);
    assert!(last_two.contains("Pelicanpublic") && last_two.contains("Flamingopublic"));
    assert!(pdf_read::page_text(&pdf, 1).contains("Contents"));
    // The agenda is the public agenda: the restricted item by its title only.
    assert!(text.contains("iQuanta Report"));

    // Asked again: the same pack, from the cache.
    let (_, again, etag2) = get_pack(&app, &m.id, "", None).await;
    assert_eq!(etag, etag2);
    assert_eq!(pdf, again);
    // A new paper changes the pack.
    upload(
        &app,
        &m.report,
        "late.pdf",
        "application/pdf",
        make_paper(&["Ospreylate"]),
        "Late paper",
        false,
    )
    .await;
    let (_, newer, etag3) = get_pack(&app, &m.id, "", None).await;
    assert_ne!(etag, etag3);
    assert!(pdf_read::text(&newer).contains("Ospreylate"));
}

#[tokio::test]
async fn the_internal_pack_holds_restricted_papers_marked_and_needs_a_token() {
    let app = crate::helpers::spawn_app().await;
    let m = pack_meeting(&app).await;
    assert_eq!(
        get_pack(&app, &m.id, "?audience=internal", None).await.0,
        401
    );
    assert_eq!(
        get_pack(&app, &m.id, "?audience=secret", Some(&app.clerk))
            .await
            .0,
        422
    );
    // A token holder gets the public pack unless asking for the internal one.
    app.publish(&m.id).await.expect(200);
    let (_, public, _) = get_pack(&app, &m.id, "", Some(&app.clerk)).await;
    assert!(!pdf_read::text(&public).contains("Tangerinesecret"));

    let (status, pdf, _) = get_pack(&app, &m.id, "?audience=internal", Some(&app.clerk)).await;
    assert_eq!(status, 200);
    let text = fold(&pdf_read::text(&pdf));
    assert!(text.contains("Reports pack (internal)"), "{text}");
    for want in [
        "Pelicanpublic",
        "Tangerinesecret",
        "Tangerine statistics",
        "Walrusannex",
    ] {
        assert!(text.contains(want), "internal pack lacks {want}:\n{text}");
    }
    // Every page of a restricted paper says so.
    let pages = pdf_read::pages(&pdf);
    let mut seen = 0;
    for p in 1..=pages {
        let page = pdf_read::page_text(&pdf, p);
        if page.contains("Tangerinesecret") || page.contains("Walrusannex") {
            seen += 1;
            assert!(
                fold(&page).contains("CONTAINS EXEMPT INFORMATION — NOT FOR PUBLICATION"),
                "page {p}:\n{page}"
            );
        }
    }
    assert_eq!(seen, 2);
}

#[tokio::test]
async fn an_unknown_or_draft_meeting_has_no_public_pack() {
    let app = crate::helpers::spawn_app().await;
    let (status, _, _) = get_pack(&app, "00000000-0000-4000-8000-000000000000", "", None).await;
    assert_eq!(status, 404);
    assert_eq!(get_pack(&app, "not-a-uuid", "", None).await.0, 404);
}

//! Restricted items in the documents: the public version shows no word of
//! them, the internal version shows everything, marked, and needs a token.

use super::{
    docx_body, docx_headers, fetch, item, outcome, set_minutes_status, spawn, ssp_body, ssp_meeting,
};
use crate::helpers::{Res, TestApp};
use serde_json::json;

/// A meeting with one open and one restricted item whose every detail is
/// a word that must never reach the public.
async fn restricted_meeting(app: &TestApp) -> String {
    ssp_body(app).await;
    let m = ssp_meeting(app).await;
    item(
        app,
        &m,
        json!({"title": "Recorded Crime and Disorder Report", "minutes": "Members discussed the statistics."}),
    )
    .await;
    let secret = item(
        app,
        &m,
        json!({"title": "iQuanta Report",
            "restricted": {"paragraph": 7, "reason": "Zanzibar intelligence only"},
            "public_summary": "A restricted report on crime comparisons was noted.",
            "presenter": "Quokka Analytics",
            "minutes": "Burglary in Norton rose by *forty* per cent.\n\n- Xylophone estate\n- Yodel street"}),
    )
    .await;
    item(
        app,
        &m,
        json!({"title": "Covert operations", "parent_id": secret, "minutes": "Walrus details."}),
    )
    .await;
    outcome(
        app,
        &secret,
        json!({"verb": "AGREED", "text": "that the Vermilion figures be shared", "parts": ["Umbrella partners be told."]}),
    )
    .await;
    let form = reqwest::multipart::Form::new()
        .part(
            "file",
            reqwest::multipart::Part::bytes(b"restricted stats".to_vec())
                .file_name("iquanta.pdf")
                .mime_str("application/pdf")
                .unwrap(),
        )
        .text("title", "Tangerine statistics");
    let r = app
        .client
        .post(app.url(&format!("/api/v1/items/{secret}/documents")))
        .bearer_auth(&app.clerk)
        .multipart(form)
        .send()
        .await
        .unwrap();
    Res::from(r).await.expect(201);
    app.publish(&m).await.expect(200);
    m
}

const SECRETS: [&str; 10] = [
    "Burglary",
    "forty",
    "Xylophone",
    "Yodel",
    "Zanzibar",
    "Walrus",
    "Vermilion",
    "Umbrella",
    "Tangerine",
    "Quokka",
];

#[tokio::test]
async fn public_documents_show_no_word_of_a_restricted_item() {
    let (app, db) = spawn().await;
    let m = restricted_meeting(&app).await;
    set_minutes_status(&db, &m, "published");
    let notice =
        "Restricted — exempt under paragraph 7 of Schedule 12A to the Local Government Act 1972";
    for doc in ["minutes", "agenda"] {
        for format in ["txt", "md", "html", "docx"] {
            let got = fetch(
                &app,
                &format!("/api/v1/meetings/{m}/{doc}?format={format}"),
                None,
                None,
            )
            .await
            .ok();
            let text = if format == "docx" {
                docx_body(&got.bytes) + &docx_headers(&got.bytes)
            } else {
                got.text()
            };
            for secret in SECRETS {
                assert!(
                    !text.contains(secret),
                    "public {doc} ({format}) leaked {secret:?}:\n{text}"
                );
            }
            assert!(text.contains("iQuanta Report"), "{doc} {format}: {text}");
            assert!(text.contains("(Restricted)"), "{doc} {format}");
            assert!(text.contains(notice), "{doc} {format}: {text}");
            assert!(
                !text.contains("EXEMPT INFORMATION"),
                "the public version is not the exempt one"
            );
            if doc == "minutes" {
                assert!(text.contains("A restricted report on crime comparisons was noted."));
                assert!(text.contains("Members discussed the statistics."));
            }
        }
    }
}

#[tokio::test]
async fn the_clerks_version_shows_everything_and_is_marked_exempt() {
    let (app, _db) = spawn().await;
    let m = restricted_meeting(&app).await;
    for format in ["txt", "md", "html", "docx"] {
        let got = fetch(
            &app,
            &format!("/api/v1/meetings/{m}/minutes?format={format}&audience=internal"),
            Some(&app.reader),
            None,
        )
        .await
        .ok();
        assert_eq!(
            got.headers["cache-control"].to_str().unwrap(),
            "private, no-store"
        );
        let (text, marks) = if format == "docx" {
            (docx_body(&got.bytes), docx_headers(&got.bytes))
        } else {
            let t = got.text();
            (t.clone(), t)
        };
        for secret in [
            "Burglary",
            "forty",
            "Xylophone",
            "Zanzibar",
            "Walrus",
            "Vermilion",
            "Umbrella",
        ] {
            assert!(text.contains(secret), "{format} lacks {secret:?}");
        }
        assert!(
            marks.contains("CONTAINS EXEMPT INFORMATION — NOT FOR PUBLICATION"),
            "{format}: {marks}"
        );
    }
    let agenda = fetch(
        &app,
        &format!("/api/v1/meetings/{m}/agenda?format=txt"),
        Some(&app.clerk),
        None,
    )
    .await
    .ok()
    .text();
    assert!(agenda.contains("Tangerine statistics (PDF 1 KB) (Restricted)"));
    assert!(agenda.contains("Presented by: Quokka Analytics"));
    assert!(agenda.starts_with("CONTAINS EXEMPT INFORMATION — NOT FOR PUBLICATION\n"));
}

#[tokio::test]
async fn the_internal_version_needs_a_token() {
    let (app, _db) = spawn().await;
    let m = restricted_meeting(&app).await;
    let r = fetch(
        &app,
        &format!("/api/v1/meetings/{m}/minutes?audience=internal"),
        None,
        None,
    )
    .await;
    assert_eq!(r.status, 401);
    assert_eq!(r.content_type, "application/problem+json");
    let r = fetch(
        &app,
        &format!("/api/v1/meetings/{m}/agenda?audience=internal&format=txt"),
        None,
        None,
    )
    .await;
    assert_eq!(r.status, 401);
    let bad = fetch(
        &app,
        &format!("/api/v1/meetings/{m}/agenda?audience=everyone"),
        Some(&app.clerk),
        None,
    )
    .await;
    assert_eq!(bad.status, 422);
    assert_eq!(bad.json()["errors"][0]["field"], "audience");
    // A token holder may ask for the public version: exactly what the
    // public sees, here nothing yet because the minutes are unpublished.
    let public = fetch(
        &app,
        &format!("/api/v1/meetings/{m}/minutes?audience=public"),
        Some(&app.clerk),
        None,
    )
    .await;
    assert_eq!(public.status, 404);
    let agenda = fetch(
        &app,
        &format!("/api/v1/meetings/{m}/agenda?audience=public&format=txt"),
        Some(&app.clerk),
        None,
    )
    .await
    .ok()
    .text();
    assert!(!agenda.contains("Tangerine"));
}

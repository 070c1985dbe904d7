//! Importing minutes through the API: house styles, the round trip (import
//! → render as text → the same lines), PDF and Word made with LibreOffice,
//! dry runs, the second import refused, the numbering continuing, and bad
//! input refused with nothing stored.

mod archives_and_votes;
mod bad_input;
pub mod cli;
pub mod corpus;
mod reviews;
mod round_trip;

use crate::helpers::{Res, TestApp};
use serde_json::{json, Value};

pub const SSP_TEXT: &str = include_str!("../../fixtures/import/ssp-2017-04-04.txt");
pub const SSP_PDF_STYLE: &str = include_str!("../../fixtures/import/ssp-pdf-style.txt");
pub const MODERNGOV: &str = include_str!("../../fixtures/import/moderngov-ssp-2023-07-19.txt");

pub const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// A body named as the partnership, numbering "SSP 7/17" from April.
pub async fn ssp_body(app: &TestApp, slug: &str, format: &str) -> Value {
    app.post(
        "/api/v1/bodies",
        json!({"name": "Safer Stockton Partnership", "slug": slug, "minute_prefix": "SSP",
               "kind": "partnership", "numbering": {"format": format, "year_start_month": 4}}),
    )
    .await
    .expect(201)
    .body
}

/// Posts a document as the request body with its media type.
pub async fn import(app: &TestApp, body: &str, query: &str, media: &str, bytes: Vec<u8>) -> Res {
    let r = app
        .client
        .post(app.url(&format!("/api/v1/bodies/{body}/imports{query}")))
        .bearer_auth(&app.clerk)
        .header("Content-Type", media)
        .header("Content-Length", bytes.len())
        .body(bytes)
        .send()
        .await
        .expect("request");
    Res::from(r).await
}

/// The minutes of a meeting as the clerk's text.
pub async fn minutes_text(app: &TestApp, meeting: &str) -> String {
    let r = app
        .client
        .get(app.url(&format!("/api/v1/meetings/{meeting}/minutes?format=txt")))
        .bearer_auth(&app.clerk)
        .send()
        .await
        .expect("request");
    assert_eq!(r.status().as_u16(), 200);
    r.text().await.expect("text")
}

/// How many meetings a body has (as the clerk sees them).
pub async fn meeting_count(app: &TestApp, body: &str) -> usize {
    app.get(&format!("/api/v1/bodies/{body}/meetings"), Some(&app.clerk))
        .await
        .expect(200)
        .body["items"]
        .as_array()
        .expect("items")
        .len()
}

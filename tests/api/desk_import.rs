//! An old minutes document imported from the desk, as a clerk would: a
//! real council's minutes (Kent County Council's Corporate Parenting
//! Panel, from the corpus) chosen with its committee; the desk shows what
//! the import understood and makes nothing; "Import" then makes the
//! meeting. A form without the session's token keeps nothing.

use crate::desk::{app_with_smtp, csrf_of, signed_in};
use crate::imports::corpus::corpus_dir;
use reqwest::multipart::{Form, Part};
use reqwest::StatusCode;
use serde_json::json;

fn form(csrf: &str, bytes: Vec<u8>) -> Form {
    Form::new()
        .text("csrf", csrf.to_string())
        .text("body", "cpp")
        .text("date", "")
        .text("status", "published")
        .part(
            "file",
            Part::bytes(bytes)
                .file_name("kent-cc-corporate-parenting-panel-2024-12-10.txt")
                .mime_str("text/plain")
                .unwrap(),
        )
}

#[tokio::test]
async fn a_clerk_checks_an_old_minutes_document_then_imports_it() {
    let (app, smtp) = app_with_smtp().await;
    app.body("cpp", "CPP", json!({})).await;
    let bytes = std::fs::read(
        corpus_dir().join("council-printed-pdf/kent-cc-corporate-parenting-panel-2024-12-10.txt"),
    )
    .unwrap();
    let mut clerk = signed_in(&app, &smtp, "clerk@council.example.gov.uk", "clerk").await;
    let (s, page) = clerk.get("/desk/import").await;
    assert_eq!(s, StatusCode::OK);
    let csrf = csrf_of(&page);
    let meetings = || async {
        app.get("/api/v1/bodies/cpp/meetings", Some(&app.clerk))
            .await
            .expect(200)
            .body["items"]
            .as_array()
            .map_or(0, Vec::len)
    };

    let (s, _) = clerk
        .post_multipart("/desk/import", form("forged", bytes.clone()))
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, report) = clerk
        .post_multipart("/desk/import", form(&csrf, bytes.clone()))
        .await;
    assert_eq!(s, StatusCode::OK, "{report}");
    assert!(
        report.contains("Nothing is made yet")
            && report.contains("Chairman’s Announcements")
            && report.contains("10th December, 2024"),
        "{report}"
    );
    assert_eq!(meetings().await, 0, "the check makes nothing");

    let field = |name: &str| {
        let at = report.find(&format!("name=\"{name}\" value=\"")).unwrap() + name.len() + 15;
        report[at..].split('"').next().unwrap().to_string()
    };
    let confirm: Vec<(String, String)> = [
        "csrf",
        "body",
        "sha256",
        "filename",
        "media_type",
        "date",
        "status",
    ]
    .iter()
    .map(|n| (n.to_string(), field(n)))
    .collect();
    let confirm: Vec<(&str, &str)> = confirm
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let (s, to) = clerk.post("/desk/import/confirm", &confirm).await;
    assert_eq!(s, StatusCode::SEE_OTHER, "{to}");
    assert!(to.ends_with("/minutes?done=imported"), "{to}");
    assert_eq!(meetings().await, 1);
    let (_, after) = clerk.get(&to).await;
    assert!(after.contains("The minutes are imported as this meeting."));
    // The same document again is refused as already imported, named on the form.
    let (s, again) = clerk.post("/desk/import/confirm", &confirm).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{again}");
    assert!(again.contains("already"), "{again}");
    assert_eq!(meetings().await, 1);
}

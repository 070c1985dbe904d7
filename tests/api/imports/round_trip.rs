//! Minutes in, the same minutes out.

use super::*;
use crate::helpers::{spawn_app, Res, TestApp};

/// The lines of a text that carry something (blank lines and the title's
/// underline apart), trimmed.
fn lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.chars().all(|c| c == '='))
        .map(str::to_string)
        .collect()
}

/// What the clerk's text adds to the original: the heading "Minutes", the
/// exempt banner and the restricted item's notice.
fn added_by_the_renderer(l: &str) -> bool {
    l == "Minutes" || l.starts_with("CONTAINS EXEMPT") || l.starts_with("Restricted — exempt under")
}

fn assert_same_lines(original: &str, rendered: &str) {
    let want = lines(original);
    let got: Vec<String> = lines(rendered)
        .into_iter()
        .filter(|l| !added_by_the_renderer(l))
        .collect();
    for (i, (w, g)) in want.iter().zip(got.iter()).enumerate() {
        assert_eq!(w, g, "line {} differs\n--- rendered ---\n{rendered}", i + 1);
    }
    assert_eq!(want.len(), got.len(), "--- rendered ---\n{rendered}");
}

#[tokio::test]
async fn text_minutes_come_out_line_for_line_with_every_fact_structured() {
    let app = spawn_app().await;
    ssp_body(&app, "ssp", "{prefix} {n}/{yy}").await;
    let r = import(
        &app,
        "ssp",
        "",
        "text/plain; charset=utf-8",
        SSP_TEXT.into(),
    )
    .await
    .expect(201);
    let m = &r.body["meeting"];
    let id = m["id"].as_str().unwrap().to_string();
    the_meeting_is_held_published_and_numbered(&r, m, &id);
    the_attendance_is_structured_and_the_minutes_searchable(&app, m).await;
    the_items_carry_kinds_parts_outcomes_and_restriction(&r, m);

    // The restricted item's text is not public.
    let public = app
        .get(&format!("/api/v1/meetings/{id}"), None)
        .await
        .expect(200);
    assert!(!public.text.contains("crime comparisons"));

    assert_same_lines(SSP_TEXT, &minutes_text(&app, &id).await);
}

/// Checks the imported meeting is held, its minutes published and its items numbered.
fn the_meeting_is_held_published_and_numbered(r: &Res, m: &Value, id: &str) {
    assert_eq!(
        r.header("location").unwrap(),
        format!("/api/v1/meetings/{id}")
    );
    assert_eq!(r.body["source_sha256"].as_str().unwrap().len(), 64);
    assert_eq!(m["status"], "held");
    assert_eq!(m["minutes_status"], "published");
    let numbers: Vec<&str> = m["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["minute_number"].as_str().unwrap())
        .collect();
    assert_eq!(
        numbers,
        [
            "SSP 7/17",
            "SSP 8/17",
            "SSP 9/17",
            "SSP 10/17",
            "SSP 11/17",
            "SSP 12/17"
        ]
    );
}

/// Checks who was present, chaired, sent apologies or attended as an officer, and that the minutes are searchable.
async fn the_attendance_is_structured_and_the_minutes_searchable(app: &TestApp, m: &Value) {
    let att = m["attendance"].as_array().unwrap();
    let present: Vec<&Value> = att.iter().filter(|a| a["status"] == "present").collect();
    assert_eq!(present.len(), 16);
    // Searchable as soon as the import answers (indexed in its transaction).
    let found = app
        .get("/api/v1/search?q=re-offending", None)
        .await
        .expect(200);
    assert!(
        found.text.contains("SSP 10/17"),
        "the imported minutes are not searchable: {}",
        found.text
    );
    let chair: Vec<&Value> = present
        .iter()
        .filter(|a| a["chair"] == true)
        .copied()
        .collect();
    assert_eq!(chair.len(), 1);
    assert_eq!(chair[0]["person_name"], "Cllr Steve Nelson");
    let org_of = |name: &str| {
        att.iter()
            .find(|a| a["person_name"] == name)
            .map(|a| a["organisation"].clone())
            .unwrap()
    };
    assert_eq!(org_of("Jamie McCann"), "Stockton Council");
    assert_eq!(org_of("Lee Rukin"), "Cleveland Police");
    assert_eq!(org_of("Dave Allan"), "Probation Service");
    assert_eq!(att.iter().filter(|a| a["status"] == "officer").count(), 2);
    assert_eq!(att.iter().filter(|a| a["status"] == "apologies").count(), 2);
}

/// Checks the items carry their kinds, parts, outcomes and restriction, with a Schedule 12A warning.
fn the_items_carry_kinds_parts_outcomes_and_restriction(r: &Res, m: &Value) {
    let items = m["items"].as_array().unwrap();
    assert_eq!(items[0]["kind"], "declarations");
    assert_eq!(items[1]["kind"], "previous_minutes");
    assert_eq!(items[5]["kind"], "any_other_business");
    let parts = items[2]["parts"].as_array().unwrap();
    assert_eq!(parts.len(), 2);
    assert_eq!(parts[1]["title"], "Youth Offending Board");
    let outcome = &items[3]["outcomes"][0];
    assert_eq!(outcome["verb"], "AGREED");
    assert_eq!(
        outcome["parts"],
        json!([
            "The content of the plan be noted.",
            "The strategic direction be endorsed."
        ])
    );
    assert!(items[4]["restricted"].is_object(), "{}", items[4]);
    assert!(r.body["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w["message"].as_str().unwrap().contains("Schedule 12A")));
}

#[tokio::test]
async fn a_dry_run_stores_nothing_a_second_import_is_refused_and_numbering_continues() {
    let app = spawn_app().await;
    ssp_body(&app, "ssp", "{prefix} {n}/{yy}").await;
    let dry = import(&app, "ssp", "?dry_run=true", "text/plain", SSP_TEXT.into())
        .await
        .expect(200);
    assert!(dry.header("location").is_none());
    assert_eq!(dry.body["meeting"]["items"].as_array().unwrap().len(), 6);
    assert_eq!(meeting_count(&app, "ssp").await, 0);
    let people = app
        .get("/api/v1/people", Some(&app.clerk))
        .await
        .expect(200);
    assert_eq!(
        people.body["items"].as_array().unwrap().len(),
        0,
        "a dry run made people"
    );

    import(
        &app,
        "ssp",
        "?minutes_status=draft",
        "text/plain",
        SSP_TEXT.into(),
    )
    .await
    .expect(201);
    let again = import(&app, "ssp", "", "text/plain", SSP_TEXT.into())
        .await
        .expect(409);
    assert!(
        again.text.contains("imported into this body already"),
        "{}",
        again.text
    );
    assert_eq!(
        again.header("content-type").unwrap(),
        "application/problem+json"
    );
    // The dry run of a document already imported says so too.
    import(&app, "ssp", "?dry_run=true", "text/plain", SSP_TEXT.into())
        .await
        .expect(409);
    assert_eq!(meeting_count(&app, "ssp").await, 1);

    // The next meeting of the numbering year (April 2017 on) continues at 13.
    let next = app.meeting("ssp", "2017-06-06T09:30:00+01:00").await;
    app.item(&next, "Matters Arising").await;
    app.publish(&next).await.expect(200);
    assert_eq!(app.numbers(&next).await, ["SSP 13/17"]);
}

#[tokio::test]
async fn people_already_of_the_body_are_matched_by_name() {
    let app = spawn_app().await;
    ssp_body(&app, "ssp", "{prefix} {n}/{yy}").await;
    import(&app, "ssp", "", "text/plain", SSP_TEXT.into())
        .await
        .expect(201);
    let before = app
        .get("/api/v1/people?limit=500", Some(&app.clerk))
        .await
        .expect(200);
    let n = before.body["items"].as_array().unwrap().len();
    assert_eq!(n, 20);
    // The next meeting names two of them again and one newcomer.
    let next = "A meeting of Safer Stockton Partnership was held on Tuesday, 6th June, 2017 at 9.30 am.\n\n\
        Present: Cllr Steve Nelson (Chair), Steve Hume (Stockton Council), Nora Newcomer (Thirteen Group)\n\n\
        SSP 13/17 Minutes\n\nThe minutes of the meeting held on 4th April 2017 were agreed as a correct record.\n";
    let r = import(&app, "ssp", "", "text/markdown", next.into())
        .await
        .expect(201);
    let after = app
        .get("/api/v1/people?limit=500", Some(&app.clerk))
        .await
        .expect(200);
    assert_eq!(after.body["items"].as_array().unwrap().len(), n + 1);
    let att = r.body["meeting"]["attendance"].as_array().unwrap();
    let nelson = before.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Steve Nelson")
        .unwrap();
    assert_eq!(att[0]["person_id"], nelson["id"]);
}

/// The importer records attendance through the same use case as the API:
/// a member the minutes name without an organisation represents their
/// membership's, a second chair is a warning, and the rows keep the order
/// of the list.
#[tokio::test]
async fn imported_attendance_keeps_the_rules_of_recorded_attendance() {
    let app = spawn_app().await;
    ssp_body(&app, "ssp", "{prefix} {n}/{yy}").await;
    let p = app
        .person("Jim Beall", "Stockton-on-Tees Borough Council")
        .await;
    app.post(
        "/api/v1/bodies/ssp/memberships",
        json!({"person_id": p, "role": "member", "organisation": "Cleveland Fire Brigade"}),
    )
    .await
    .expect(201);
    let text = "A meeting of Safer Stockton Partnership was held on Tuesday, 6th June, 2017 at 9.30 am.\n\n\
        Present: Cllr Steve Nelson (Chair), Nora Newcomer (Thirteen Group), Cllr Ann Rowe (Chair), Jim Beall\n\n\
        SSP 13/17 Minutes\n\nThe minutes of the meeting held on 4th April 2017 were agreed as a correct record.\n";
    let r = import(&app, "ssp", "", "text/markdown", text.into())
        .await
        .expect(201);
    let att = r.body["meeting"]["attendance"].as_array().unwrap();
    let names: Vec<&str> = att
        .iter()
        .map(|a| a["person_name"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        names,
        [
            "Cllr Steve Nelson",
            "Nora Newcomer",
            "Cllr Ann Rowe",
            "Jim Beall"
        ],
        "{}",
        r.text
    );
    assert_eq!(att[3]["person_id"], p);
    assert_eq!(
        att[3]["organisation"], "Cleveland Fire Brigade",
        "{}",
        r.text
    );
    assert_eq!(att[1]["organisation"], "Thirteen Group");
    let chairs: Vec<bool> = att.iter().map(|a| a["chair"] == true).collect();
    assert_eq!(chairs, [true, false, false, false]);
    assert!(
        r.text.contains("another chair"),
        "the second chair is warned of: {}",
        r.text
    );
}

#[tokio::test]
async fn the_moderngov_page_imports_with_its_numbers_and_papers() {
    let app = spawn_app().await;
    ssp_body(&app, "ssp", "{prefix}/{n}/{yy}").await;
    let r = import(&app, "ssp", "", "text/plain", MODERNGOV.into())
        .await
        .expect(201);
    let m = &r.body["meeting"];
    let numbers: Vec<&str> = m["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["minute_number"].as_str().unwrap())
        .collect();
    assert_eq!(
        numbers,
        (1..=8).map(|n| format!("SSP/{n}/23")).collect::<Vec<_>>()
    );
    assert_eq!(
        m["venue"]["name"],
        "Meeting Room 1, Jim Cooke Conference Suite, Church Road, Stockton on Tees, TS18 1TU"
    );
    assert!(r.body["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .any(|w| w["message"].as_str().unwrap().contains("PDF 124 KB")));
    let text = minutes_text(&app, m["id"].as_str().unwrap()).await;
    assert!(text.contains("A meeting of Safer Stockton Partnership was held on Wednesday, 19th July, 2023 at 9.00 am in Meeting Room 1"), "{text}");
    assert!(
        text.contains("\n  • Cleveland would be one of the pilot forces"),
        "{text}"
    );
}

/// LibreOffice converts `text` to `to` ("pdf" or "docx"), or None where it
/// is not installed.
fn soffice(text: &str, to: &str) -> Option<Vec<u8>> {
    std::process::Command::new("soffice")
        .arg("--version")
        .output()
        .ok()?;
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("minutes.txt");
    std::fs::write(&input, text).expect("write");
    let profile = format!("file://{}", dir.path().join("profile").display());
    let filter = if to == "pdf" {
        "pdf"
    } else {
        "docx:MS Word 2007 XML"
    };
    let status = std::process::Command::new("soffice")
        .arg(format!("-env:UserInstallation={profile}"))
        .args([
            "--headless",
            "--norestore",
            "--infilter=Text (encoded):UTF8,LF,,,",
            "--convert-to",
            filter,
            "--outdir",
        ])
        .arg(dir.path())
        .arg(&input)
        .output()
        .expect("soffice");
    assert!(status.status.success(), "{status:?}");
    Some(std::fs::read(dir.path().join(format!("minutes.{to}"))).expect("converted file"))
}

#[tokio::test]
async fn pdf_and_word_made_from_the_minutes_import_to_the_same_minutes() {
    let Some(pdf) = tokio::task::spawn_blocking(|| soffice(SSP_TEXT, "pdf"))
        .await
        .unwrap()
    else {
        println!("skipped: soffice (LibreOffice) is not installed here");
        return;
    };
    let docx = tokio::task::spawn_blocking(|| soffice(SSP_TEXT, "docx"))
        .await
        .unwrap()
        .unwrap();
    let app = spawn_app().await;
    for (slug, media, bytes) in [("as-pdf", "application/pdf", pdf), ("as-word", DOCX, docx)] {
        ssp_body(&app, slug, "{prefix} {n}/{yy}").await;
        let r = import(&app, slug, "", media, bytes).await;
        assert_eq!(r.status.as_u16(), 201, "{slug}: {}", r.text);
        let id = r.body["meeting"]["id"].as_str().unwrap().to_string();
        assert_same_lines(SSP_TEXT, &minutes_text(&app, &id).await);
    }
}

#[tokio::test]
async fn a_multipart_upload_imports_like_the_raw_body() {
    let app = spawn_app().await;
    ssp_body(&app, "ssp", "{prefix} {n}/{yy}").await;
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(SSP_PDF_STYLE.as_bytes().to_vec())
            .file_name("ssp-2017-04-04.txt"),
    );
    let r = app
        .client
        .post(app.url("/api/v1/bodies/ssp/imports"))
        .bearer_auth(&app.clerk)
        .multipart(form)
        .send()
        .await
        .unwrap();
    let r = Res::from(r).await.expect(201);
    assert_eq!(r.body["meeting"]["items"].as_array().unwrap().len(), 6);
    assert_eq!(r.body["meeting"]["items"][0]["minute_number"], "SSP 7/17");
}

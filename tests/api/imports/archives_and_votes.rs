//! Archives, recorded votes and Word's own numbering through the API: a
//! zip with its documents each on their own, a folder read recursively,
//! "For (n)" lists and "all agreed" as votes, and items numbered by Word.

use super::corpus::{count, documents, numbers, outcomes, Doc};
use super::*;
use crate::helpers::spawn_app;

fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in files {
        w.start_file(*name, zip::write::SimpleFileOptions::default())
            .expect("entry");
        w.write_all(bytes).expect("write");
    }
    w.finish().expect("zip").into_inner()
}

#[tokio::test]
async fn an_archive_goes_in_as_a_zip_each_document_on_its_own() {
    let app = spawn_app().await;
    let docs: Vec<Doc> = documents()
        .into_iter()
        .filter(|d| d.name.contains("wretton"))
        .collect();
    app.post(
        "/api/v1/bodies",
        json!({"name": "Wretton Parish Council", "slug": "wretton", "kind": "council", "minute_prefix": "WPC"}),
    )
    .await
    .expect(201);
    // One of them imported already: skipped, not doubled.
    import(&app, "wretton", "", docs[0].media, docs[0].bytes.clone())
        .await
        .expect(201);
    let archive = zip_of(&[
        ("2019/05/minutes.md", &docs[0].bytes),
        ("2019/11/minutes.md", &docs[1].bytes),
        ("2019/notes.md", b"eggs, milk, bread"),
        ("2019/accounts.xlsx", b"not a document"),
    ]);
    let r = import(&app, "wretton", "", "application/zip", archive)
        .await
        .expect(207);
    assert_eq!(r.body["imported"], 1, "{}", r.text);
    assert_eq!(r.body["skipped"], 1);
    assert_eq!(r.body["failed"], 1);
    assert_eq!(r.body["not_imported"], json!(["2019/accounts.xlsx"]));
    let d = r.body["documents"].as_array().expect("documents");
    assert_eq!(d[0]["name"], "2019/05/minutes.md");
    assert_eq!(d[0]["outcome"], "skipped");
    assert_eq!(d[1]["outcome"], "imported");
    assert_eq!(d[1]["items"], 12);
    assert_eq!(d[2]["outcome"], "failed");
    assert!(d[2]["error"]
        .as_str()
        .unwrap_or("")
        .contains("does not read as minutes"));
    assert_eq!(meeting_count(&app, "wretton").await, 2);
    // Not a zip at all, though declared one: refused, nothing stored.
    let bad = import(&app, "wretton", "", "application/zip", b"PK no".to_vec()).await;
    assert_eq!(bad.status.as_u16(), 422, "{}", bad.text);
    assert_eq!(meeting_count(&app, "wretton").await, 2);
}

#[test]
fn a_folder_is_read_recursively_for_documents() {
    let dir = tempfile::tempdir().expect("temp dir");
    let sub = dir.path().join("2019").join("11");
    std::fs::create_dir_all(&sub).expect("folders");
    for (path, text) in [
        (dir.path().join("b.md"), "b"),
        (sub.join("a.pdf"), "a"),
        (dir.path().join("notes.xlsx"), "x"),
        (dir.path().join(".hidden.txt"), "h"),
    ] {
        std::fs::write(path, text).expect("write");
    }
    let files = minutebook::cli::import::expand(&[dir.path().to_path_buf()]).expect("expanded");
    let names: Vec<String> = files
        .iter()
        .map(|p| {
            p.strip_prefix(dir.path())
                .expect("inside")
                .display()
                .to_string()
        })
        .collect();
    assert_eq!(names, ["2019/11/a.pdf", "b.md"]);
}

#[tokio::test]
async fn a_recorded_vote_in_the_minutes_becomes_a_named_vote() {
    // One rule, composed in the layout county minutes print a recorded
    // vote in (modern.gov): the lists under "For (n)", "Against (n)".
    let app = spawn_app().await;
    app.post(
        "/api/v1/bodies",
        json!({"name": "County Council", "slug": "county", "kind": "council", "minute_prefix": "CC"}),
    )
    .await
    .expect(201);
    let minutes = "Minutes of the meeting of the County Council held on Thursday 13th February 2025 at 10.00 am.\n\n\
        PRESENT: Ann Allen (Chair), Mike Angell, Bob Bird, Carol Cole, Dan Doe\n\n\
        1. Budget 2025-26\n\n\
        The amendment was put to the vote and the voting was as follows:\n\n\
        For (3)\n\
        Mike Angell, Bob Bird and Ann Allen\n\n\
        Against (1)\n\
        Carol Cole\n\n\
        Abstain (1)\n\
        Dan Doe\n\n\
        Amendment carried\n\n\
        RESOLVED that the budget be approved as amended.\n";
    let r = import(
        &app,
        "county",
        "",
        "text/plain",
        minutes.as_bytes().to_vec(),
    )
    .await
    .expect(201);
    let item = &r.body["meeting"]["items"][0];
    let vote = &item["votes"][0];
    assert_eq!(
        (
            vote["for"].as_i64(),
            vote["against"].as_i64(),
            vote["abstained"].as_i64()
        ),
        (Some(3), Some(1), Some(1)),
        "{}",
        r.text
    );
    assert_eq!(vote["named"].as_array().map(Vec::len), Some(5), "{vote}");
    assert_eq!(item["outcomes"].as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn proposed_seconded_and_all_agreed_is_a_vote_of_everyone_present() {
    // One rule, composed in the way parish minutes record a show of hands.
    let app = spawn_app().await;
    app.post(
        "/api/v1/bodies",
        json!({"name": "Parish Council", "slug": "parish", "kind": "council", "minute_prefix": "PC"}),
    )
    .await
    .expect(201);
    let minutes = "Minutes of the Parish Council meeting held on 3rd March 2020 at 7.30pm.\n\n\
        Present: Cllrs Jo Bird, Gary Kemp and Ann Lowe\n\n\
        1. Grass cutting\n\nThe quote from CGM was accepted. Prop. JB, 2nd GK, all agreed.\n\n\
        2. Any other business\n\nNone.\n";
    let r = import(
        &app,
        "parish",
        "",
        "text/plain",
        minutes.as_bytes().to_vec(),
    )
    .await
    .expect(201);
    let vote = &r.body["meeting"]["items"][0]["votes"][0];
    assert_eq!(
        (vote["for"].as_i64(), vote["against"].as_i64()),
        (Some(3), Some(0)),
        "{}",
        r.text
    );
    assert!(r.body["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .any(|w| w["message"]
            .as_str()
            .unwrap_or("")
            .contains("all 3 members present")));
}

#[tokio::test]
async fn word_minutes_numbered_by_word_itself_keep_their_numbers() {
    if std::process::Command::new("soffice")
        .arg("--version")
        .output()
        .is_err()
    {
        println!("skipped: soffice (LibreOffice) is not installed here");
        return;
    }
    // One rule: a Word file whose item numbers are Word's list numbering
    // (not typed), made by LibreOffice from a numbered HTML list.
    let html = "<html><body><p>Minutes of the meeting of the Parish Council held on 4th May 2021.</p>\
        <p>Present: Cllrs Jo Bird, Gary Kemp and Ann Lowe</p><ol start=\"46\">\
        <li><b>Apologies</b><p>None.</p></li><li><b>Planning</b><ol type=\"a\"><li>First application</li>\
        <li>Second application</li></ol></li><li><b>Finance</b><p>RESOLVED that the accounts be paid.</p></li></ol></body></html>";
    let word = tokio::task::spawn_blocking(move || {
        let dir = tempfile::tempdir().expect("temp dir");
        let input = dir.path().join("minutes.html");
        std::fs::write(&input, html).expect("write");
        let profile = format!("file://{}", dir.path().join("profile").display());
        let ok = std::process::Command::new("soffice")
            .arg(format!("-env:UserInstallation={profile}"))
            .args([
                "--headless",
                "--norestore",
                "--convert-to",
                "docx:MS Word 2007 XML",
                "--outdir",
            ])
            .arg(dir.path())
            .arg(&input)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .expect("soffice")
            .success();
        assert!(ok);
        std::fs::read(dir.path().join("minutes.docx")).expect("docx")
    })
    .await
    .expect("converted");
    let app = spawn_app().await;
    app.post(
        "/api/v1/bodies",
        json!({"name": "Parish Council", "slug": "parish", "kind": "council", "minute_prefix": "PC"}),
    )
    .await
    .expect(201);
    let r = import(&app, "parish", "", DOCX, word).await.expect(201);
    let m = &r.body["meeting"];
    assert_eq!(numbers(m), ["46", "47", "48"], "{}", r.text);
    assert_eq!(m["items"][1]["title"], "Planning");
    assert_eq!(count(m, "present"), 3);
    assert_eq!(outcomes(m), 1);
}

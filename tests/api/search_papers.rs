//! Search inside papers: the text of public PDF and Word papers is read off
//! the request path and searched; a restricted paper's, or a paper of a
//! restricted item, never.

use crate::helpers::{spawn_app, Res, TestApp};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

/// A one-page PDF showing `text` in Helvetica.
pub fn pdf_with_text(text: &str) -> Vec<u8> {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('(', "\\(")
        .replace(')', "\\)");
    let content = format!("BT /F1 12 Tf 72 720 Td ({escaped}) Tj ET");
    let objects = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .to_string(),
        format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
            .to_string(),
    ];
    let objects: Vec<Vec<u8>> = objects.into_iter().map(String::into_bytes).collect();
    pdf_of(&objects)
}

/// A PDF of `objects` (object 1 the catalog) with a correct cross-reference table.
pub fn pdf_of(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objects.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// A Word document with one paragraph of `text`.
pub fn docx_with_text(text: &str) -> Vec<u8> {
    use std::io::Write;
    let mut out = std::io::Cursor::new(Vec::new());
    let mut z = zip::ZipWriter::new(&mut out);
    z.start_file(
        "word/document.xml",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    write!(
        z,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"
    )
    .unwrap();
    z.finish().unwrap();
    out.into_inner()
}

pub async fn upload(
    app: &TestApp,
    item: &str,
    filename: &str,
    media_type: &str,
    bytes: Vec<u8>,
    title: &str,
    restricted: bool,
) -> String {
    let mut form = reqwest::multipart::Form::new()
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes)
                .file_name(filename.to_string())
                .mime_str(media_type)
                .unwrap(),
        )
        .text("title", title.to_string());
    if restricted {
        form = form.text("restricted", "true");
    }
    let r = app
        .client
        .post(app.url(&format!("/api/v1/items/{item}/documents")))
        .bearer_auth(&app.clerk)
        .multipart(form)
        .send()
        .await
        .unwrap();
    Res::from(r).await.expect(201).id()
}

/// Waits until the background job has read every paper waiting to be read.
pub async fn papers_read(app: &TestApp) {
    let pool = minutebook::db::connect(&app.database_url, 1).unwrap();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let waiting = {
            let mut conn = pool.get().unwrap();
            minutebook::search::papers::pending(&mut conn, 1).unwrap()
        };
        if waiting.is_empty() {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "papers still unread: {waiting:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn search(app: &TestApp, q: &str) -> Value {
    app.get(&format!("/api/v1/search?q={q}"), None)
        .await
        .expect(200)
        .body
}

#[tokio::test]
async fn public_papers_are_searched_and_named_restricted_ones_never() {
    let app = spawn_app().await;
    let (m, pdf, docx) = an_open_and_a_restricted_item_with_four_papers(&app).await;
    papers_read(&app).await;

    // Before the agenda is published nothing is found.
    assert_eq!(search(&app, "zanzibarquux").await["items"], json!([]));
    app.publish(&m).await.expect(200);

    public_papers_are_found_with_a_snippet_and_a_link(&app, &pdf, &docx).await;

    restricted_papers_are_never_found(&app).await;

    // The paper removed, its text is no longer found.
    app.delete(&format!("/api/v1/documents/{pdf}")).await;
    assert_eq!(search(&app, "zanzibarquux").await["items"], json!([]));
}

/// Makes a meeting with two public papers, a restricted one and one on a restricted item; answers (meeting, pdf, docx).
async fn an_open_and_a_restricted_item_with_four_papers(app: &TestApp) -> (String, String, String) {
    app.body("ssp", "SSP", json!({})).await;
    let m = app.meeting("ssp", "2023-07-19T09:00:00+01:00").await;
    let open = app.item(&m, "Knife crime").await;
    let closed = app
        .post(
            &format!("/api/v1/meetings/{m}/items"),
            json!({"title": "Staffing", "restricted": {"paragraph": 1, "reason": "Named staff"}}),
        )
        .await
        .expect(201)
        .id();
    let pdf = upload(
        app,
        &open,
        "knife-crime.pdf",
        "application/pdf",
        pdf_with_text("Hotspot zanzibarquux analysis for the town centre"),
        "Knife crime report",
        false,
    )
    .await;
    let docx = upload(
        app,
        &open,
        "plan.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        docx_with_text("The wordyquuxplan action plan"),
        "Action plan",
        false,
    )
    .await;
    upload(
        app,
        &open,
        "secret.pdf",
        "application/pdf",
        pdf_with_text("Hushpaperquux figures"),
        "Restricted figures",
        true,
    )
    .await;
    upload(
        app,
        &closed,
        "staff.pdf",
        "application/pdf",
        pdf_with_text("Hushitemquux names"),
        "Staff paper",
        false,
    )
    .await;
    (m, pdf, docx)
}

/// Checks the public PDF and Word papers are found with a snippet and a download link.
async fn public_papers_are_found_with_a_snippet_and_a_link(app: &TestApp, pdf: &str, docx: &str) {
    let r = search(app, "zanzibarquux").await;
    let hits = r["items"].as_array().unwrap();
    assert_eq!(hits.len(), 1, "{r}");
    assert_eq!(hits[0]["kind"], "document");
    assert_eq!(hits[0]["title"], "Knife crime report");
    assert_eq!(hits[0]["document_id"], pdf);
    assert!(hits[0]["snippet"]
        .as_str()
        .unwrap()
        .contains("<mark>zanzibarquux</mark>"));
    assert_eq!(
        hits[0]["download_url"],
        format!("{}/api/v1/documents/{pdf}/content", app.base)
    );
    let r = search(app, "wordyquuxplan").await;
    assert_eq!(r["items"][0]["document_id"], docx, "{r}");
}

/// Checks neither restricted paper is found by the API or the search page.
async fn restricted_papers_are_never_found(app: &TestApp) {
    for secret in ["hushpaperquux", "hushitemquux"] {
        assert_eq!(search(app, secret).await["items"], json!([]), "{secret}");
        let page = app.get(&format!("/search?q={secret}"), None).await;
        assert!(!page.text.contains("Hush"), "{secret} on the search page");
    }
}

#[tokio::test]
async fn a_paper_that_cannot_be_read_is_recorded_and_the_rest_still_work() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    let m = app.meeting("ssp", "2023-07-19T09:00:00+01:00").await;
    let item = app.item(&m, "Papers").await;
    upload(
        &app,
        &item,
        "broken.pdf",
        "application/pdf",
        b"%PDF-1.4 not really a PDF".to_vec(),
        "Broken",
        false,
    )
    .await;
    upload(
        &app,
        &item,
        "bomb.docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        b"PK\x03\x04 not a zip".to_vec(),
        "Not a zip",
        false,
    )
    .await;
    upload(
        &app,
        &item,
        "good.pdf",
        "application/pdf",
        pdf_with_text("Readable quuxgoodword"),
        "Good",
        false,
    )
    .await;
    papers_read(&app).await;
    app.publish(&m).await.expect(200);
    let r = search(&app, "quuxgoodword").await;
    assert_eq!(r["items"].as_array().unwrap().len(), 1, "{r}");
    // Titles of unreadable papers are still searched.
    let r = search(&app, "broken").await;
    assert_eq!(r["items"][0]["kind"], "document", "{r}");
}

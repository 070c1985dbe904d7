//! Files built to break their reader: a page tree that is its own parent
//! (the PDF text extractor climbs it until its stack overflows, which
//! aborts the process it runs in) and a stream that inflates past any
//! memory. Each is read in a process of
//! its own that is killed or dies at its limits: an import answers 4xx in
//! seconds, a paper is marked failed once, and the other papers are read.

use crate::helpers::spawn_app;
use crate::imports::import;
use crate::search_papers::{papers_read, pdf_of, pdf_with_text, upload};
use serde_json::json;
use std::time::{Duration, Instant};

/// A page tree whose root names its own page as its parent, with no
/// resources anywhere: a reader that climbs the tree for the inherited
/// resources never stops (pdf-extract overflows its stack, which aborts
/// the process it runs in).
pub fn cyclic_pdf() -> Vec<u8> {
    let content = b"BT /F1 12 Tf 72 720 Td (cycle) Tj ET";
    let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
    stream.extend_from_slice(content);
    stream.extend_from_slice(b"\nendstream");
    pdf_of(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 3 0 R >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>".to_vec(),
        stream,
    ])
}

/// A page whose content stream inflates to `mb` megabytes of spaces (about
/// a thousandth of that on disk); its checksum is wrong, which a reader
/// only finds out once it has inflated the lot.
pub fn zlib_bomb(mb: usize) -> Vec<u8> {
    // One megabyte of spaces as self-contained, non-final deflate blocks
    // (a sync flush), repeated, then an empty final block.
    let mut c = flate2::Compress::new(flate2::Compression::best(), false);
    let mut block = Vec::with_capacity(64 * 1024);
    c.compress_vec(
        &vec![b' '; 1024 * 1024],
        &mut block,
        flate2::FlushCompress::Sync,
    )
    .unwrap();
    let mut data = vec![0x78, 0x9c];
    data.extend_from_slice(&block.repeat(mb));
    data.extend_from_slice(&[0x03, 0x00, 0, 0, 0, 0]);
    let mut stream = format!(
        "<< /Length {} /Filter /FlateDecode >>\nstream\n",
        data.len()
    )
    .into_bytes();
    stream.extend_from_slice(&data);
    stream.extend_from_slice(b"\nendstream");
    pdf_of(&[
        b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>".to_vec(),
        stream,
    ])
}

#[tokio::test]
async fn a_cyclic_pdf_import_ends_with_a_4xx_in_seconds() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    let started = Instant::now();
    let r = import(&app, "ssp", "", "application/pdf", cyclic_pdf()).await;
    let took = started.elapsed();
    assert!(r.status.is_client_error(), "{} {}", r.status, r.text);
    assert!(took < Duration::from_secs(15), "answered after {took:?}");
    assert_eq!(app.get("/healthz", None).await.status.as_u16(), 200);
}

#[tokio::test]
async fn papers_built_to_break_the_reader_fail_once_and_the_rest_are_read() {
    let app = spawn_app().await;
    app.body("ssp", "SSP", json!({})).await;
    let m = app.meeting("ssp", "2023-07-19T09:00:00+01:00").await;
    let item = app.item(&m, "Papers").await;
    upload(
        &app,
        &item,
        "cycle.pdf",
        "application/pdf",
        cyclic_pdf(),
        "Cycle",
        false,
    )
    .await;
    upload(
        &app,
        &item,
        "bomb.pdf",
        "application/pdf",
        zlib_bomb(1536),
        "Bomb",
        false,
    )
    .await;
    upload(
        &app,
        &item,
        "good.pdf",
        "application/pdf",
        pdf_with_text("Readable zorbgoodword"),
        "Good",
        false,
    )
    .await;
    papers_read(&app).await;
    app.publish(&m).await.expect(200);
    let r = app
        .get("/api/v1/search?q=zorbgoodword", None)
        .await
        .expect(200);
    assert_eq!(r.body["items"].as_array().unwrap().len(), 1, "{}", r.text);
    // Each hostile paper was marked failed, once.
    let mut conn = minutebook::db::establish(&app.database_url).unwrap();
    use diesel::prelude::*;
    use minutebook::db::schema::document_texts as t;
    let all: Vec<(String, String, Option<String>)> = t::table
        .select((t::document_id, t::status, t::error))
        .load(&mut conn)
        .unwrap();
    let failed: Vec<(String, Option<String>)> = t::table
        .filter(t::status.eq("failed"))
        .select((t::status, t::error))
        .load(&mut conn)
        .unwrap();
    assert_eq!(failed.len(), 2, "{all:?}");
    assert_eq!(app.get("/healthz", None).await.status.as_u16(), 200);
}

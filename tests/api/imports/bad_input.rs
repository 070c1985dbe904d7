//! Bad documents get a clear 4xx problem and change nothing.

use super::*;
use crate::helpers::spawn_app;

fn pdf_bomb() -> Vec<u8> {
    use flate2::write::ZlibEncoder;
    use std::io::Write;
    let mut enc = ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0u8; 1024 * 1024];
    for _ in 0..40 {
        enc.write_all(&zeros).unwrap();
    }
    let z = enc.finish().unwrap();
    let mut pdf = b"%PDF-1.7\n1 0 obj\n<< /Length ".to_vec();
    pdf.extend_from_slice(z.len().to_string().as_bytes());
    pdf.extend_from_slice(b" /Filter /FlateDecode >>\nstream\n");
    pdf.extend_from_slice(&z);
    pdf.extend_from_slice(b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n");
    pdf
}

#[tokio::test]
async fn bad_documents_are_refused_with_a_problem_and_nothing_is_stored() {
    let png = [
        &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A][..],
        &[0u8; 64],
    ]
    .concat();
    let random: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    let cases: Vec<(&str, &str, Vec<u8>, u16, &str)> = vec![
        (
            "random as PDF",
            "application/pdf",
            random.clone(),
            422,
            "not a PDF",
        ),
        ("random as Word", DOCX, random.clone(), 422, "not a .docx"),
        ("an image", "image/png", png.clone(), 415, "image/png"),
        ("an image declared as text", "text/plain", png, 422, "PNG"),
        (
            "no minutes",
            "text/plain",
            b"eggs, milk, bread".to_vec(),
            422,
            "does not read as minutes",
        ),
        ("a PDF bomb", "application/pdf", pdf_bomb(), 422, "bomb"),
        ("empty", "text/plain", Vec::new(), 422, "empty"),
        (
            "a damaged PDF",
            "application/pdf",
            b"%PDF-1.7\n1 0 obj << /Type /Catalog".to_vec(),
            422,
            "PDF",
        ),
    ];
    // Built first: a pooled connection idle while the bomb was compressed
    // would be closed by the server's keep-alive timeout.
    let app = spawn_app().await;
    ssp_body(&app, "ssp", "{prefix} {n}/{yy}").await;
    for (what, media, bytes, status, says) in cases {
        let r = import(&app, "ssp", "", media, bytes).await;
        assert_eq!(r.status.as_u16(), status, "{what}: {}", r.text);
        assert_eq!(
            r.header("content-type").as_deref(),
            Some("application/problem+json"),
            "{what}"
        );
        assert!(r.text.contains(says), "{what}: {}", r.text);
    }
    assert_eq!(meeting_count(&app, "ssp").await, 0);
    let people = app
        .get("/api/v1/people", Some(&app.clerk))
        .await
        .expect(200);
    assert!(people.body["items"].as_array().unwrap().is_empty());
}

#[tokio::test]
async fn a_50_mb_upload_is_too_large() {
    let app = spawn_app().await;
    ssp_body(&app, "ssp", "{prefix} {n}/{yy}").await;
    let big = vec![b'a'; 50 * 1000 * 1000];
    let r = app
        .client
        .post(app.url("/api/v1/bodies/ssp/imports"))
        .bearer_auth(&app.clerk)
        .header("Content-Type", "text/plain")
        .body(big)
        .send()
        .await;
    // The service answers before reading the body; a client still sending
    // may see the connection close instead of the answer.
    if let Ok(r) = r {
        let r = Res::from(r).await;
        assert_eq!(r.status.as_u16(), 413, "{}", r.text);
        assert!(r.text.contains("at most 20 MB"));
    }
    assert_eq!(meeting_count(&app, "ssp").await, 0);
}

#[tokio::test]
async fn only_a_clerk_imports() {
    let app = spawn_app().await;
    ssp_body(&app, "ssp", "{prefix} {n}/{yy}").await;
    let anon = app
        .client
        .post(app.url("/api/v1/bodies/ssp/imports"))
        .header("Content-Type", "text/plain")
        .body(SSP_TEXT)
        .send()
        .await
        .unwrap();
    assert_eq!(anon.status().as_u16(), 401);
    let reader = app
        .client
        .post(app.url("/api/v1/bodies/ssp/imports"))
        .bearer_auth(&app.reader)
        .header("Content-Type", "text/plain")
        .body(SSP_TEXT)
        .send()
        .await
        .unwrap();
    assert_eq!(reader.status().as_u16(), 403);
    import(&app, "nobody", "", "text/plain", SSP_TEXT.into())
        .await
        .expect(404);
    import(
        &app,
        "ssp",
        "?minutes_status=approved",
        "text/plain",
        SSP_TEXT.into(),
    )
    .await
    .expect(422);
    assert_eq!(meeting_count(&app, "ssp").await, 0);
}

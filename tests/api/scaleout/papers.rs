//! Papers in object storage: uploaded through one instance to a real
//! S3-compatible server (moto's, started by `tests/scaleout/run.sh`),
//! downloaded byte for byte through another; no copy on either's disk.

use crate::helpers::{spawn_app_with, spawn_peer, TestApp};
use serde_json::json;
use sha2::{Digest, Sha256};

/// The `s3://BUCKET/PREFIX` to test against (the bucket exists), or why not.
fn store_url() -> Option<String> {
    let url = std::env::var("MINUTEBOOK_TEST_S3_URL").ok()?;
    std::env::var("AWS_ENDPOINT_URL").ok()?;
    // A prefix of its own, so runs never share keys.
    Some(format!(
        "{}/run-{}",
        url.trim_end_matches('/'),
        uuid::Uuid::new_v4().simple()
    ))
}

async fn upload(app: &TestApp, item: &str, name: &str, bytes: Vec<u8>) -> String {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()),
    );
    let r = app
        .client
        .post(app.url(&format!("/api/v1/items/{item}/documents")))
        .bearer_auth(&app.clerk)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 201, "{}", r.text().await.unwrap());
    r.json::<serde_json::Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string()
}

async fn download(app: &TestApp, doc: &str, token: Option<&str>) -> Vec<u8> {
    let mut r = app
        .client
        .get(app.url(&format!("/api/v1/documents/{doc}/content")));
    if let Some(t) = token {
        r = r.bearer_auth(t);
    }
    let r = r.send().await.unwrap();
    assert_eq!(r.status().as_u16(), 200);
    r.bytes().await.unwrap().to_vec()
}

/// Every regular file under `dir` (none if it does not exist).
fn files_under(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p);
            }
        }
    }
    out
}

#[tokio::test]
async fn a_paper_uploaded_through_one_instance_downloads_through_another_from_object_storage() {
    let Some(url) = store_url() else {
        eprintln!(
            "skipped: set MINUTEBOOK_TEST_S3_URL=s3://BUCKET/PREFIX and the AWS_* variables \
             (tests/scaleout/run.sh starts a moto server and does)"
        );
        return;
    };
    let (u1, u2) = (url.clone(), url.clone());
    let a = spawn_app_with(move |s| s.document_store = Some(u1)).await;
    let b = spawn_peer(&a, move |s| s.document_store = Some(u2)).await;
    a.body("ssp", "SSP", json!({})).await;
    let m = a.meeting("ssp", "2023-07-19T09:00:00+01:00").await;
    let item = a.item(&m, "Budget").await;
    let small = b"%PDF-1.7\n% a paper in object storage\n%%EOF\n".to_vec();
    // Over object_store's one-PUT size: a multipart upload.
    let large: Vec<u8> = (0..11 * 1024 * 1024u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let small_id = upload(&a, &item, "paper.pdf", small.clone()).await;
    let large_id = upload(&a, &item, "appendix.bin", large.clone()).await;
    a.publish(&m).await.expect(200);

    assert_eq!(
        download(&b, &small_id, None).await,
        small,
        "public download via B"
    );
    assert_eq!(download(&b, &small_id, Some(&b.clerk)).await, small);
    let got = download(&b, &large_id, None).await;
    assert_eq!(got.len(), large.len());
    assert!(got == large, "the large paper downloads byte for byte");
    assert_eq!(download(&a, &large_id, None).await.len(), large.len());

    // The bytes are in the bucket under their SHA-256 (read back with the
    // same AWS variables) ...
    let (bucket, prefix) = url.strip_prefix("s3://").unwrap().split_once('/').unwrap();
    let bucket_store = object_store::aws::AmazonS3Builder::from_env()
        .with_bucket_name(bucket)
        .build()
        .unwrap();
    let key = hex::encode(Sha256::digest(&small));
    let path = object_store::path::Path::from(format!("{prefix}/{}/{key}", &key[..2]));
    let direct = object_store::ObjectStore::get(&bucket_store, &path)
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(direct.to_vec(), small);
    // ... and on neither instance's disk.
    for app in [&a, &b] {
        let left = files_under(&app.data_dir.join("documents"));
        assert!(left.is_empty(), "local copies left: {left:?}");
    }
}

#[tokio::test]
async fn the_command_line_import_keeps_its_source_in_object_storage_and_is_searchable_at_once() {
    use crate::imports::cli::{cli_settings, import_with_cli, searchable};
    let Some(url) = store_url() else {
        eprintln!("skipped: set MINUTEBOOK_TEST_S3_URL and the AWS_* variables");
        return;
    };
    let u = url.clone();
    let app = spawn_app_with(move |s| s.document_store = Some(u)).await;
    crate::imports::ssp_body(&app, "ssp", "{prefix} {n}/{yy}").await;
    let settings = cli_settings(&app, Some(url.clone()));
    assert!(import_with_cli(settings, "ssp", crate::imports::SSP_TEXT));
    assert!(
        searchable(&app).await,
        "not searchable when the command returned"
    );
    // The source is in the bucket under its SHA-256 ...
    let (bucket, prefix) = url.strip_prefix("s3://").unwrap().split_once('/').unwrap();
    let bucket_store = object_store::aws::AmazonS3Builder::from_env()
        .with_bucket_name(bucket)
        .build()
        .unwrap();
    let key = hex::encode(Sha256::digest(crate::imports::SSP_TEXT.as_bytes()));
    let path = object_store::path::Path::from(format!("{prefix}/{}/{key}", &key[..2]));
    let direct = object_store::ObjectStore::get(&bucket_store, &path)
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(direct.to_vec(), crate::imports::SSP_TEXT.as_bytes());
    // ... and no copy is left on the disk.
    let left = files_under(&app.data_dir.join("documents"));
    assert!(left.is_empty(), "local copies left: {left:?}");
}

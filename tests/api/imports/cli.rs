//! `minutebook import`: the same import as the API's (`import::run`) — the
//! source kept in the configured document store, the meeting searchable
//! when the command returns.

use super::{ssp_body, SSP_TEXT};
use crate::helpers::{spawn_app, TestApp};
use minutebook::config::Settings;
use sha2::{Digest, Sha256};

/// The settings the command line would run with against `app`'s database
/// and data folder, papers in `document_store`.
pub fn cli_settings(app: &TestApp, document_store: Option<String>) -> Settings {
    Settings {
        database_url: app.database_url.clone(),
        data_dir: app.data_dir.clone(),
        document_store,
        ..Settings::default()
    }
}

/// Runs `minutebook import --body SLUG FILE` with `text` as the file (on a
/// thread of its own, as the command runs outside any async runtime);
/// answers whether everything went in.
pub fn import_with_cli(settings: Settings, slug: &str, text: &str) -> bool {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("minutes-2017-04-04.txt");
    std::fs::write(&file, text).unwrap();
    let slug = slug.to_string();
    std::thread::spawn(move || {
        minutebook::cli::import::run(&settings, &slug, &[file], false, false, None).unwrap()
    })
    .join()
    .unwrap()
}

/// Whether the public search finds the imported minutes.
pub async fn searchable(app: &TestApp) -> bool {
    let found = app
        .get("/api/v1/search?q=re-offending", None)
        .await
        .expect(200);
    found.text.contains("SSP 10/17")
}

#[tokio::test]
async fn the_command_line_import_keeps_the_source_and_is_searchable_at_once() {
    let app = spawn_app().await;
    ssp_body(&app, "ssp", "{prefix} {n}/{yy}").await;
    assert!(!searchable(&app).await);
    assert!(import_with_cli(cli_settings(&app, None), "ssp", SSP_TEXT));
    assert!(
        searchable(&app).await,
        "the command line's import is not searchable when it returns"
    );
    let sha = hex::encode(Sha256::digest(SSP_TEXT.as_bytes()));
    let kept = app.data_dir.join("documents").join(&sha[..2]).join(&sha);
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), SSP_TEXT);
    let incoming = app.data_dir.join("documents").join("incoming");
    let left: Vec<_> = std::fs::read_dir(&incoming)
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "left in the incoming folder: {left:?}");
    // The same file again is skipped, as the API answers 409.
    assert!(import_with_cli(cli_settings(&app, None), "ssp", SSP_TEXT));
    let meetings = app
        .get("/api/v1/bodies/ssp/meetings", None)
        .await
        .expect(200);
    assert_eq!(meetings.body["items"].as_array().unwrap().len(), 1);
}

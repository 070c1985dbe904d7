//! A Word document opens in LibreOffice (where it is installed).

use super::{fetch, house_style_meeting, spawn};

/// Where LibreOffice is installed (CI installs it), a Word document must
/// open in it and convert to text with the minutes intact.
#[tokio::test]
async fn word_documents_open_in_libreoffice() {
    if std::process::Command::new("soffice")
        .arg("--version")
        .output()
        .is_err()
    {
        println!("skipped: soffice (LibreOffice) is not installed here");
        return;
    }
    let (app, _db) = spawn().await;
    let m = house_style_meeting(&app).await;
    let word = fetch(
        &app,
        &format!("/api/v1/meetings/{m}/minutes?format=docx"),
        Some(&app.clerk),
        None,
    )
    .await
    .ok();
    let text = tokio::task::spawn_blocking(move || soffice_to_text(&word.bytes))
        .await
        .expect("conversion thread");
    for line in [
        "Safer Stockton Partnership",
        "A meeting of Safer Stockton Partnership was held on Wednesday, 19th July, 2023 at 9.00 am in Meeting Room 1, Jim Cooke Conference Suite, Church Road, Stockton on Tees, TS18 1TU.",
        "Also in attendance: None",
        "(a) Tees Valley Community Safety Board",
        "AGREED that:-",
        "RESOLVED the update be noted.",
    ] {
        assert!(
            text.lines().any(|l| l.trim() == line),
            "{line:?} not in LibreOffice's text:\n{text}"
        );
    }
    // The numbered outcome parts keep their numbers.
    let parts: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| l.ends_with("be noted.") || l.ends_with("be endorsed."))
        .collect();
    assert!(
        parts
            .iter()
            .any(|l| l.starts_with("1.") && l.contains("The content of the strategy be noted.")),
        "{parts:?}"
    );
    assert!(
        parts
            .iter()
            .any(|l| l.starts_with("2.") && l.contains("The strategic direction be endorsed.")),
        "{parts:?}"
    );
}

/// Converts a .docx to text with LibreOffice in a private profile.
/// The text LibreOffice reads out of a Word file (headless, its own profile).
pub(crate) fn soffice_to_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("minutes.docx");
    std::fs::write(&input, bytes).expect("write docx");
    let out = dir.path().join("out");
    let profile = format!("file://{}", dir.path().join("profile").display());
    let mut child = std::process::Command::new("soffice")
        .arg(format!("-env:UserInstallation={profile}"))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            "txt:Text",
            "--outdir",
        ])
        .arg(&out)
        .arg(&input)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start soffice");
    let started = std::time::Instant::now();
    loop {
        if child.try_wait().expect("soffice status").is_some() {
            break;
        }
        if started.elapsed() > std::time::Duration::from_secs(180) {
            let _ = child.kill();
            panic!("soffice did not finish converting within 180 s");
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let converted = out.join("minutes.txt");
    let raw =
        std::fs::read(&converted).expect("LibreOffice wrote no text: it could not open the .docx");
    String::from_utf8_lossy(&raw)
        .trim_start_matches('\u{feff}')
        .to_string()
}

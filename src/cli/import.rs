//! `minutebook import --body SLUG FILE…` (and `--reviews`): a folder of an
//! archive in one go, each document in its own transaction (a failed one
//! changes nothing; the others still go in), with a progress bar and a
//! summary; the exit is non-zero only when something failed.

use crate::api::imports::{EXTRACT_TIME_LIMIT, MAX_IMPORT_BYTES};
use crate::config::Settings;
use crate::db::DbConn;
use crate::domain::access::Actor;
use crate::domain::lifecycle::MinutesStatus;
use crate::error::AppError;
use crate::import::apply::{self, Source};
use crate::import::extract::{self, ExtractError, Format};
use crate::store;
use indicatif::{ProgressBar, ProgressStyle};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

enum Result1 {
    Imported(String, usize),
    Skipped,
    Failed(String),
}

/// Imports the files; answers whether every one went in or was already there.
pub fn run(
    settings: &Settings,
    body: &str,
    files: &[PathBuf],
    reviews: bool,
    draft: bool,
) -> anyhow::Result<bool> {
    let pool = crate::db::connect(&settings.database_url, 1)?;
    let mut conn = pool.get()?;
    let body =
        store::bodies::get(&mut conn, body).map_err(|e| anyhow::anyhow!("body {body}: {e}"))?;
    let actor = Actor::system("import");
    let bar = ProgressBar::new(files.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let (mut imported, mut skipped, mut failed) = (Vec::new(), Vec::new(), Vec::new());
    for f in files {
        bar.set_message(f.display().to_string());
        match one(settings, &mut conn, &actor, &body, f, reviews, draft) {
            Result1::Imported(id, warnings) => imported.push((f.clone(), id, warnings)),
            Result1::Skipped => skipped.push(f.clone()),
            Result1::Failed(why) => failed.push((f.clone(), why)),
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    println!(
        "imported {}, skipped as already there {}, failed {}",
        imported.len(),
        skipped.len(),
        failed.len()
    );
    for (f, id, w) in &imported {
        println!(
            "  imported {} → {} {id} ({w} warnings)",
            f.display(),
            if reviews { "review" } else { "meeting" }
        );
    }
    for f in &skipped {
        println!(
            "  skipped  {} (the same document is already imported)",
            f.display()
        );
    }
    for (f, why) in &failed {
        println!("  failed   {}: {why}", f.display());
    }
    Ok(failed.is_empty())
}

/// The text of a file, extracted on a thread of its own within the time limit.
fn text_of(bytes: Vec<u8>, format: Format) -> Result<String, String> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(extract::text(&bytes, format));
    });
    match rx.recv_timeout(EXTRACT_TIME_LIMIT) {
        Ok(Ok(t)) => Ok(t),
        Ok(Err(ExtractError::Unsupported(m) | ExtractError::Unreadable(m))) => Err(m),
        Err(_) => Err("reading the document took too long or failed".into()),
    }
}

fn keep(settings: &Settings, sha: &str, bytes: &[u8]) -> std::io::Result<()> {
    let path = settings
        .data_dir
        .join("documents")
        .join(&sha[..2])
        .join(sha);
    if path.exists() {
        return Ok(());
    }
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p)?;
    }
    std::fs::write(&path, bytes)
}

fn one(
    settings: &Settings,
    conn: &mut DbConn,
    actor: &Actor,
    body: &store::bodies::BodyRow,
    path: &Path,
    reviews: bool,
    draft: bool,
) -> Result1 {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let Some(format) = Format::from_file_name(&name) else {
        return Result1::Failed("not a .txt, .md, .html, .pdf or .docx file".into());
    };
    let bytes = match std::fs::metadata(path) {
        Ok(m) if m.len() > MAX_IMPORT_BYTES as u64 => {
            return Result1::Failed(format!(
                "larger than {} MB",
                MAX_IMPORT_BYTES / (1024 * 1024)
            ))
        }
        Ok(_) => match std::fs::read(path) {
            Ok(b) => b,
            Err(e) => return Result1::Failed(e.to_string()),
        },
        Err(e) => return Result1::Failed(e.to_string()),
    };
    let sha = hex::encode(Sha256::digest(&bytes));
    let source = Source {
        sha256: sha.clone(),
        filename: name,
        media_type: format.media_type().into(),
        size_bytes: bytes.len() as i64,
    };
    let text = match text_of(bytes.clone(), format) {
        Ok(t) => t,
        Err(m) => return Result1::Failed(m),
    };
    let made = crate::db::write_tx(conn, |c| -> Result<(String, usize), AppError> {
        apply::ensure_new(c, &body.id, &sha)?;
        let (id, warnings) = if reviews {
            let parsed = crate::import::scrutiny::review(&text)
                .map_err(|m| AppError::field("document", m))?;
            crate::import::review::review(c, actor, body, &parsed)?
        } else {
            let parsed = crate::import::parse::minutes(&text, &body.minute_prefix)
                .map_err(|e| AppError::field("document", e.0))?;
            let status = if draft {
                MinutesStatus::Draft
            } else {
                MinutesStatus::Published
            };
            apply::meeting(c, actor, settings, body, &parsed, status)?
        };
        let made = if reviews {
            (None, Some(id.clone()))
        } else {
            (Some(id.clone()), None)
        };
        apply::record_source(c, actor, &body.id, made, &source, &warnings)?;
        crate::minutes::revisions::after_write(c, settings)?;
        Ok((id, warnings.len()))
    });
    match made {
        Ok((id, w)) => match keep(settings, &sha, &bytes) {
            Ok(()) => Result1::Imported(id, w),
            Err(e) => Result1::Failed(format!(
                "imported, but the source file could not be kept: {e}"
            )),
        },
        Err(AppError::Conflict(m)) if m.contains("imported into this body already") => {
            Result1::Skipped
        }
        Err(e) => Result1::Failed(e.problem().detail),
    }
}

//! `minutebook import --body SLUG FILE…` (and `--reviews`): a folder of an
//! archive in one go, each document in its own transaction (a failed one
//! changes nothing; the others still go in), with a progress bar and a
//! summary; the exit is non-zero only when something failed. Each document
//! goes through the same import as the API's (`import::run`): kept in the
//! configured document store (object storage included) and searchable when
//! its transaction commits.

use crate::config::Settings;
use crate::db::DbConn;
use crate::domain::access::Actor;
use crate::domain::lifecycle::MinutesStatus;
use crate::error::AppError;
use crate::import::apply::Source;
use crate::import::extract::Format;
use crate::import::run::{self, Target, MAX_IMPORT_BYTES};
use crate::store;
use crate::store::blobs::DocumentStore;
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
    date: Option<chrono::NaiveDate>,
) -> anyhow::Result<bool> {
    let pool = crate::db::connect(&settings.database_url, 1)?;
    let mut conn = pool.get()?;
    let documents = DocumentStore::open(&settings.data_dir, settings.document_store.as_deref())?;
    // Keeping a source is asynchronous (object storage); one small runtime
    // serves the whole run.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let doors = Doors {
        settings,
        documents: &documents,
        runtime: &runtime,
    };
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
        match one(&doors, &mut conn, &actor, &body, f, (reviews, draft), date) {
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

/// The documents named: files as given, folders read recursively for every
/// file an import takes (in name order), so an archive goes in by folder.
pub fn expand(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found = Vec::new();
            walk(p, &mut found, 0)?;
            found.sort();
            if found.is_empty() {
                anyhow::bail!(
                    "{} holds no .txt, .md, .html, .pdf or .docx file",
                    p.display()
                );
            }
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) -> anyhow::Result<()> {
    if depth > 32 {
        anyhow::bail!("{} is nested too deeply", dir.display());
    }
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        if path.is_dir() {
            walk(&path, out, depth + 1)?;
        } else if Format::from_file_name(&name).is_some() {
            out.push(path);
        }
    }
    Ok(())
}

/// What each document's import needs besides the database.
struct Doors<'a> {
    settings: &'a Settings,
    documents: &'a DocumentStore,
    runtime: &'a tokio::runtime::Runtime,
}

fn one(
    doors: &Doors,
    conn: &mut DbConn,
    actor: &Actor,
    body: &store::bodies::BodyRow,
    path: &Path,
    (reviews, draft): (bool, bool),
    date: Option<chrono::NaiveDate>,
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
            return Result1::Failed(run::too_large().problem().detail)
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
    let target = if reviews {
        Target::Review
    } else if draft {
        Target::Minutes(MinutesStatus::Draft)
    } else {
        Target::Minutes(MinutesStatus::Published)
    };
    let made = run::read_text(
        bytes.clone(),
        format,
        doors.settings.extract_program.as_deref(),
    )
    .and_then(|text| run::parse(&text, target, &body.minute_prefix, date))
    .and_then(|parsed| {
        doors
            .runtime
            .block_on(run::keep_source(doors.documents, &sha, &bytes))?;
        let (made, left) = crate::db::write_tx(conn, |c| -> Result<_, AppError> {
            let (id, warnings) =
                run::write(c, actor, doors.settings, body, &parsed, target, &source)?;
            let left = crate::usecases::commit::before_commit(c, doors.settings)?;
            Ok(((id, warnings.len()), left))
        })?;
        crate::usecases::commit::after_commit(conn, left);
        Ok(made)
    });
    match made {
        Ok((id, w)) => Result1::Imported(id, w),
        Err(AppError::Conflict(m)) if m.contains("imported into this body already") => {
            Result1::Skipped
        }
        Err(e) => Result1::Failed(e.problem().detail),
    }
}

//! `minutebook import-members FILE.csv`: a council's members from a
//! spreadsheet (name, ward, party, email, start date, …), a row at a time,
//! each in its own transaction: a bad row is reported with its line and
//! changes nothing; the others still go in. A progress bar while it runs, a
//! line a row after it; the exit is non-zero only when a row failed.
//!
//! Columns are found by their heading (any case; spaces or underscores):
//! `name` (or `full name`), `honorific`, `title`, `given name` (`first
//! name`, `forename`), `family name` (`surname`, `last name`), `ward`
//! (`division`), `party` (`group`, `political party`), `email`, `public
//! email` (`official email`), `phone` (`public phone`, `telephone`),
//! `address` (`public address`), `posts` (separated by `;`), `start date`
//! (`term start`, `elected`) and `end date` (`term end`), dates as
//! YYYY-MM-DD or DD/MM/YYYY.

use crate::config::Settings;
use crate::domain::access::Actor;
use crate::error::AppError;
use crate::usecases::people::load::{load, Loaded, MemberRow};
use chrono::NaiveDate;
use indicatif::{ProgressBar, ProgressStyle};
use std::collections::HashMap;
use std::path::Path;

const COLUMNS: &[(&str, &[&str])] = &[
    ("name", &["name", "full_name"]),
    ("honorific", &["honorific"]),
    ("title", &["title"]),
    ("given_name", &["given_name", "first_name", "forename"]),
    ("family_name", &["family_name", "surname", "last_name"]),
    ("ward", &["ward", "division"]),
    ("party", &["party", "group", "political_party"]),
    ("email", &["email", "private_email"]),
    ("public_email", &["public_email", "official_email"]),
    ("public_phone", &["phone", "public_phone", "telephone"]),
    ("public_address", &["address", "public_address"]),
    ("posts", &["posts", "post"]),
    ("start_date", &["start_date", "term_start", "elected"]),
    ("end_date", &["end_date", "term_end"]),
];

fn key(heading: &str) -> String {
    heading.trim().to_lowercase().replace([' ', '-'], "_")
}

/// Which column holds each field.
fn columns(headers: &csv::StringRecord) -> anyhow::Result<HashMap<&'static str, usize>> {
    let mut at = HashMap::new();
    for (i, h) in headers.iter().enumerate() {
        let k = key(h);
        if let Some((field, _)) = COLUMNS
            .iter()
            .find(|(_, names)| names.contains(&k.as_str()))
        {
            at.entry(*field).or_insert(i);
        }
    }
    for needed in ["name", "ward", "party", "start_date"] {
        if !at.contains_key(needed) {
            anyhow::bail!(
                "the file has no '{needed}' column (its headings: {})",
                headers.iter().collect::<Vec<_>>().join(", ")
            );
        }
    }
    Ok(at)
}

fn date(field: &str, v: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(v.trim(), "%d/%m/%Y"))
        .map_err(|_| format!("{field}: '{v}' is not a date (YYYY-MM-DD or DD/MM/YYYY)"))
}

/// A row as a member, or why it cannot be one.
fn member(rec: &csv::StringRecord, at: &HashMap<&'static str, usize>) -> Result<MemberRow, String> {
    let get = |f: &str| {
        at.get(f)
            .and_then(|i| rec.get(*i))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    };
    let start = get("start_date").ok_or("start_date: is required")?;
    Ok(MemberRow {
        name: get("name").unwrap_or_default(),
        honorific: get("honorific"),
        title: get("title"),
        given_name: get("given_name"),
        family_name: get("family_name"),
        ward: get("ward").unwrap_or_default(),
        party: get("party").unwrap_or_default(),
        email: get("email"),
        public_email: get("public_email"),
        public_phone: get("public_phone"),
        public_address: get("public_address"),
        posts: get("posts")
            .map(|p| {
                p.split(';')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default(),
        start_date: date("start_date", &start)?,
        end_date: get("end_date").map(|e| date("end_date", &e)).transpose()?,
    })
}

/// A refusal as the clerk reads it: the fields and what is wrong with them.
fn why(e: &AppError) -> String {
    match e {
        AppError::Validation(fields) => fields
            .iter()
            .map(|f| format!("{}: {}", f.field, f.message))
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

/// Loads the file; answers whether every row went in (or was there).
pub fn run(settings: &Settings, file: &Path) -> anyhow::Result<bool> {
    let pool = crate::db::connect(&settings.database_url, 1)?;
    let mut conn = pool.get()?;
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(file)
        .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
    let at = columns(reader.headers()?)?;
    let records: Vec<(u64, Result<csv::StringRecord, csv::Error>)> = reader
        .records()
        .map(|r| {
            (
                r.as_ref()
                    .ok()
                    .and_then(|r| r.position())
                    .map(|p| p.line())
                    .unwrap_or(0),
                r,
            )
        })
        .collect();
    let actor = Actor::system("import-members");
    let bar = ProgressBar::new(records.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let (mut added, mut there, mut failed) = (0, 0, 0);
    let mut report = Vec::new();
    for (line, rec) in records {
        let outcome = rec
            .map_err(|e| e.to_string())
            .and_then(|r| member(&r, &at))
            .and_then(|m| {
                bar.set_message(m.name.clone());
                let name = m.name.clone();
                crate::db::write_tx(&mut conn, |c| load(c, &actor, m))
                    .map(|l| (name, l))
                    .map_err(|e| why(&e))
            });
        match outcome {
            Ok((name, Loaded::Added { person_id })) => {
                added += 1;
                report.push(format!("  line {line}: added {name} ({person_id})"));
            }
            Ok((name, Loaded::AlreadyThere { person_id })) => {
                there += 1;
                report.push(format!(
                    "  line {line}: {name} is already loaded ({person_id})"
                ));
            }
            Err(why) => {
                failed += 1;
                report.push(format!("  line {line}: refused: {why}"));
            }
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    println!("added {added}, already loaded {there}, refused {failed}");
    for l in report {
        println!("{l}");
    }
    Ok(failed == 0)
}

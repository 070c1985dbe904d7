//! Real minutes of other councils (`../shared/corpus/minutes/`, read in
//! place, never copied here) read by the parser and compared with what a
//! careful reader counted by hand (`truth.json`). The same documents go
//! through the HTTP API on both backends in `tests/api/imports/corpus.rs`;
//! this is the fast check of the reading itself, document by document.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test: a failure is a panic"
)]

use minutebook_usecases::import::extract::{self, Format};
use minutebook_usecases::import::parse::{self, Minutes};
use serde_json::Value;
use std::path::PathBuf;

fn corpus() -> PathBuf {
    std::env::var_os("MINUTEBOOK_CORPUS").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/corpus/minutes"),
        PathBuf::from,
    )
}

/// Each document of the corpus in the form it was published (HTML and
/// Markdown where there is one, else the PDF's text), with its truth.
fn documents() -> Vec<(String, PathBuf, Format, Value)> {
    let dir = corpus();
    let truth: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("truth.json")).expect("the corpus's truth.json"),
    )
    .expect("truth.json is JSON");
    let mut out = Vec::new();
    for (name, t) in truth.as_object().expect("an object") {
        if name.starts_with('_') || t.get("same_as").is_some() {
            continue;
        }
        let stem = name.trim_end_matches(".txt");
        let (path, format) = [("html", Format::Html), ("md", Format::Markdown)]
            .into_iter()
            .map(|(ext, f)| (dir.join(format!("{stem}.{ext}")), f))
            .find(|(p, _)| p.exists())
            .unwrap_or_else(|| {
                let f = Format::from_file_name(name).unwrap_or(Format::Text);
                (dir.join(name), f)
            });
        out.push((name.clone(), path, format, t.clone()));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn read(path: &PathBuf, format: Format) -> Minutes {
    let bytes = std::fs::read(path).expect("a corpus document");
    let text = extract::text(&bytes, format).expect("the document's text");
    parse::minutes(&text, "").unwrap_or_else(|e| panic!("{}: refused: {}", path.display(), e.0))
}

fn count(m: &Minutes, status: &str) -> usize {
    m.attendance.iter().filter(|p| p.status == status).count()
}

fn outcomes(m: &Minutes) -> usize {
    m.items
        .iter()
        .map(|i| {
            i.record.outcomes.len()
                + i.parts
                    .iter()
                    .map(|p| p.record.outcomes.len())
                    .sum::<usize>()
        })
        .sum()
}

/// A found count against the hand count: the share found (at most 1) and
/// the share found beyond it.
fn share(found: usize, truth: usize) -> (f64, f64) {
    if truth == 0 {
        return (1.0, found as f64);
    }
    (
        (found.min(truth) as f64) / truth as f64,
        found.saturating_sub(truth) as f64 / truth as f64,
    )
}

#[test]
fn real_minutes_of_other_councils_read_as_counted_by_hand() {
    let docs = documents();
    assert!(docs.len() >= 8, "the corpus has its eight documents");
    let mut failures = Vec::new();
    let (mut numbers_ok, mut numbers_all) = (0usize, 0usize);
    for (name, path, format, t) in docs {
        let m = read(&path, format);
        let printed: Vec<String> = m
            .items
            .iter()
            .map(|i| {
                i.number
                    .as_ref()
                    .map(|n| n.number.clone())
                    .unwrap_or_default()
            })
            .collect();
        let want: Vec<String> = t["item_numbers"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|v| v.as_str().unwrap_or("").to_string())
                    .collect()
            })
            .unwrap_or_default();
        let rendered: Vec<String> = t["item_numbers_rendered"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|v| v.as_str().unwrap_or("").to_string())
                    .collect()
            })
            .unwrap_or_default();
        let matched = want
            .iter()
            .enumerate()
            .filter(|(k, w)| {
                // Where none is printed, the item is counted; "1." is "1".
                let w = w.trim_end_matches('.');
                printed.get(*k).is_some_and(|p| {
                    w.is_empty() || p == w || rendered.get(*k).is_some_and(|r| r == p)
                })
            })
            .count();
        numbers_ok += matched;
        numbers_all += want.len();
        let present = share(
            count(&m, "present"),
            t["present"].as_u64().unwrap_or(0) as usize,
        );
        let apologies = share(
            count(&m, "apologies"),
            t["apologies"].as_u64().unwrap_or(0) as usize,
        );
        let outc = share(outcomes(&m), t["outcomes"].as_u64().unwrap_or(0) as usize);
        let declared: std::collections::HashSet<String> = m
            .items
            .iter()
            .flat_map(|i| i.record.declarations.iter().map(|d| d.name.clone()))
            .collect();
        if declared.len() != t["declarations"].as_u64().unwrap_or(0) as usize {
            failures.push(format!("{name}: declarations {declared:?}"));
        }
        let date_ok = m.date().map(|d| d.to_string()) == t["date"].as_str().map(str::to_string);
        println!(
            "{name}: items {}/{} numbers {matched}/{} present {}/{} apologies {}/{} outcomes {}/{} date {}",
            m.items.len(),
            t["items"],
            want.len(),
            count(&m, "present"),
            t["present"],
            count(&m, "apologies"),
            t["apologies"],
            outcomes(&m),
            t["outcomes"],
            if date_ok { "ok" } else { "WRONG" },
        );
        if m.items.len() != t["items"].as_u64().unwrap_or(0) as usize {
            failures.push(format!(
                "{name}: {} items, {} counted: {printed:?}",
                m.items.len(),
                t["items"]
            ));
        }
        if !date_ok {
            failures.push(format!("{name}: date {:?}", m.date()));
        }
        if present.0 < 0.85 || present.1 > 0.2 {
            failures.push(format!("{name}: present {present:?} {:#?}", m.attendance));
        }
        if apologies.0 < 0.85 || apologies.1 > 0.2 {
            failures.push(format!("{name}: apologies {apologies:?}"));
        }
        if outc.0 < 0.8 {
            failures.push(format!("{name}: outcomes {outc:?}"));
        }
    }
    println!("numbers as printed: {numbers_ok}/{numbers_all}");
    assert!(
        numbers_ok * 10 >= numbers_all * 9,
        "numbers as printed: {numbers_ok}/{numbers_all}"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// `MINUTEBOOK_SHOW=wretton cargo test -p minutebook-usecases --test corpus show -- --ignored --nocapture`
/// prints what the parser made of the documents whose name holds the word.
#[test]
#[ignore = "a tool for looking, not a check"]
fn show() {
    let want = std::env::var("MINUTEBOOK_SHOW").unwrap_or_default();
    for (name, path, format, _) in documents() {
        if !name.contains(&want) {
            continue;
        }
        let m = read(&path, format);
        println!("== {name}\n{:?}\npreamble: {:?}", m.opening, m.preamble);
        for p in &m.attendance {
            println!(
                "  {} {:?} {} {:?} chair={} reason={:?}",
                p.status, p.honorific, p.name, p.organisation, p.chair, p.reason
            );
        }
        for i in &m.items {
            println!(
                "- [{}] {:?} {:?} ({}) outcomes {:?}\n    {}",
                i.line,
                i.number.as_ref().map(|n| n.number.as_str()),
                i.title,
                i.kind,
                i.record
                    .outcomes
                    .iter()
                    .map(|o| format!("{} {}", o.verb, o.text))
                    .collect::<Vec<_>>(),
                i.record
                    .minutes
                    .chars()
                    .take(200)
                    .collect::<String>()
                    .replace('\n', " / ")
            );
            for p in &i.parts {
                println!(
                    "      ({}) {} / {}",
                    p.letter,
                    p.title,
                    p.record.minutes.chars().take(60).collect::<String>()
                );
            }
        }
        for w in &m.warnings {
            println!("  ! {:?} {}", w.line, w.message);
        }
    }
}

/// `MINUTEBOOK_EXTRACT=file.docx cargo test -p minutebook-usecases --test corpus extract -- --ignored --nocapture`
/// prints the text the importer reads out of a document.
#[test]
#[ignore = "a tool for looking, not a check"]
fn extract() {
    let Some(path) = std::env::var_os("MINUTEBOOK_EXTRACT").map(PathBuf::from) else {
        return;
    };
    let format = Format::from_file_name(&path.to_string_lossy()).unwrap_or(Format::Text);
    let text = extract::text(&std::fs::read(&path).unwrap(), format).unwrap();
    println!("{text}");
    let m = parse::minutes(&text, "").unwrap();
    for p in &m.attendance {
        println!("  {} {:?} {}", p.status, p.honorific, p.name);
    }
    println!("preamble: {}", m.preamble);
}

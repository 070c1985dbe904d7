//! Real minutes of other councils through the API (`../shared/corpus/
//! minutes/`, read in place and never copied here), on whichever backend
//! the suite runs on: every document goes in (none refused, no 5xx), and
//! what comes out is checked against the hand counts in `truth.json`:
//! items and their numbers as printed, members present, apologies,
//! formal resolutions, and line fidelity (the share of the source's
//! non-empty lines found in the imported meeting's `?format=txt`).

use super::*;
use crate::helpers::spawn_app;
use std::path::PathBuf;

pub fn corpus_dir() -> PathBuf {
    std::env::var_os("MINUTEBOOK_CORPUS").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/minutes"),
        PathBuf::from,
    )
}

/// One document as published (HTML or Markdown where there is one, else
/// the PDF's text), its media type, the text the hand counts were made
/// from, and the counts.
pub struct Doc {
    pub name: String,
    pub media: &'static str,
    pub bytes: Vec<u8>,
    pub counted_text: String,
    pub truth: Value,
}

pub fn documents() -> Vec<Doc> {
    let dir = corpus_dir();
    let truth: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("truth.json")).expect("the corpus's truth.json"),
    )
    .expect("truth.json");
    let mut out = Vec::new();
    for (name, t) in truth.as_object().expect("an object") {
        if name.starts_with('_') || t.get("same_as").is_some() {
            continue;
        }
        let stem = name.trim_end_matches(".txt");
        let (path, media) = [("html", "text/html"), ("md", "text/markdown")]
            .into_iter()
            .map(|(ext, m)| (dir.join(format!("{stem}.{ext}")), m))
            .find(|(p, _)| p.exists())
            .unwrap_or_else(|| {
                let media = match name.rsplit('.').next() {
                    Some("html") => "text/html",
                    Some("md") => "text/markdown",
                    _ => "text/plain",
                };
                (dir.join(name), media)
            });
        let counted = dir.join(name);
        out.push(Doc {
            name: name.clone(),
            media,
            bytes: std::fs::read(&path).expect("a corpus document"),
            counted_text: std::fs::read_to_string(&counted).expect("its text"),
            truth: t.clone(),
        });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// The words of a text, lower-cased, without punctuation or markup.
fn words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// A run-on paragraph's sentences (not cut after an initial, "Mr." or
/// "Cllr.").
fn sentences(l: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    for piece in l.split_inclusive(". ") {
        cur.push_str(piece);
        let last = piece
            .trim_end()
            .trim_end_matches('.')
            .rsplit(' ')
            .next()
            .unwrap_or("");
        let abbreviation =
            last.chars().count() <= 2 || ["Mrs", "Cllr", "Cllrs", "Prof", "Rev"].contains(&last);
        if !abbreviation {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// The share of the source's lines (page numbers apart; a run-on line of
/// a whole paragraph counted by its sentences) whose words are found, in
/// their order and together, in the rendered text: a line "held" by the
/// minutes, whether it became a heading, a paragraph or an outcome.
pub fn fidelity(source: &str, rendered: &str) -> f64 {
    let hay = format!(" {} ", words(rendered).join(" "));
    let mut lines: Vec<String> = Vec::new();
    for l in source.lines() {
        let pieces: Vec<String> = if l.len() > 300 {
            sentences(l)
        } else {
            vec![l.to_string()]
        };
        for p in &pieces {
            let w = words(p);
            let page_number = w.len() == 1 && w[0].chars().all(|c| c.is_ascii_digit());
            if !w.is_empty() && !page_number {
                lines.push(w.join(" "));
            }
        }
    }
    if lines.is_empty() {
        return 1.0;
    }
    let held = |l: &String| hay.contains(&format!(" {l} "));
    let found = lines.iter().filter(|l| held(l)).count();
    if std::env::var_os("MINUTEBOOK_SHOW_MISSING").is_some() {
        for l in lines.iter().filter(|l| !held(l)) {
            println!("    missing: {}", l.chars().take(140).collect::<String>());
        }
    }
    found as f64 / lines.len() as f64
}

pub fn count(meeting: &Value, status: &str) -> usize {
    meeting["attendance"]
        .as_array()
        .map_or(0, |a| a.iter().filter(|p| p["status"] == status).count())
}

pub fn outcomes(meeting: &Value) -> usize {
    fn of(items: &Value) -> usize {
        items.as_array().map_or(0, |a| {
            a.iter()
                .map(|i| i["outcomes"].as_array().map_or(0, Vec::len) + of(&i["parts"]))
                .sum()
        })
    }
    of(&meeting["items"])
}

pub fn numbers(meeting: &Value) -> Vec<String> {
    meeting["items"].as_array().map_or(Vec::new(), |a| {
        a.iter()
            .map(|i| i["minute_number"].as_str().unwrap_or("").to_string())
            .collect()
    })
}

/// Numbers as printed matched in order ("" in the truth: none printed, so
/// the item is counted); (matched, all).
pub fn numbers_matched(got: &[String], truth: &Value) -> (usize, usize) {
    let want: Vec<&str> = truth["item_numbers"].as_array().map_or(Vec::new(), |a| {
        a.iter().map(|v| v.as_str().unwrap_or("")).collect()
    });
    let rendered: Vec<&str> = truth["item_numbers_rendered"]
        .as_array()
        .map_or(Vec::new(), |a| {
            a.iter().map(|v| v.as_str().unwrap_or("")).collect()
        });
    let ok = want
        .iter()
        .enumerate()
        .filter(|(k, w)| {
            let w = w.trim_end_matches('.');
            got.get(*k)
                .is_some_and(|g| w.is_empty() || g == w || rendered.get(*k).is_some_and(|r| r == g))
        })
        .count();
    (ok, want.len())
}

/// The meeting's date in London (its start is kept in UTC; London is an
/// hour ahead at most, and no meeting starts in the hour before midnight).
pub fn london_date(meeting: &Value) -> String {
    let utc = chrono::DateTime::parse_from_rfc3339(meeting["starts_at"].as_str().unwrap_or(""))
        .expect("starts_at");
    (utc + chrono::Duration::hours(1)).date_naive().to_string()
}

fn initials(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

fn slug_of(name: &str) -> String {
    let stem = name.rsplit('/').next().unwrap_or(name);
    stem.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .take(60)
        .collect()
}

/// A body for one document, named as the document's council names it.
pub async fn body_for(app: &TestApp, doc: &Doc) -> String {
    let slug = slug_of(&doc.name);
    let name = doc.truth["committee"]
        .as_str()
        .unwrap_or("Council")
        .to_string();
    app.post(
        "/api/v1/bodies",
        json!({"name": name, "slug": slug, "kind": "committee", "minute_prefix": initials(&name)}),
    )
    .await
    .expect(201);
    slug
}

#[tokio::test]
async fn real_minutes_of_other_councils_go_in_whole_through_the_api() {
    let app = spawn_app().await;
    let (mut numbers_ok, mut numbers_all) = (0, 0);
    let (mut fidelity_sum, mut docs) = (0.0, 0);
    let mut failures = Vec::new();
    for doc in documents() {
        let slug = body_for(&app, &doc).await;
        let r = import(&app, &slug, "", doc.media, doc.bytes.clone()).await;
        assert_eq!(r.status.as_u16(), 201, "{}: {}", doc.name, r.text);
        let m = &r.body["meeting"];
        let t = &doc.truth;
        assert_eq!(
            Some(london_date(m)),
            t["date"].as_str().map(str::to_string),
            "{}: the date",
            doc.name
        );
        let got = numbers(m);
        let (ok, all) = numbers_matched(&got, t);
        numbers_ok += ok;
        numbers_all += all;
        let id = m["id"].as_str().expect("id");
        let text = minutes_text(&app, id).await;
        let f = fidelity(&doc.counted_text, &text);
        fidelity_sum += f;
        docs += 1;
        let want = |k: &str| t[k].as_u64().unwrap_or(0) as usize;
        let (present, apologies) = (count(m, "present"), count(m, "apologies"));
        println!(
            "{}: items {}/{} numbers {ok}/{all} present {present}/{} apologies {apologies}/{} outcomes {}/{} fidelity {:.3}",
            doc.name,
            got.len(),
            want("items"),
            want("present"),
            want("apologies"),
            outcomes(m),
            want("outcomes"),
            f
        );
        if got.len() != want("items") {
            failures.push(format!(
                "{}: {} items, {} counted: {got:?}",
                doc.name,
                got.len(),
                want("items")
            ));
        }
        for (what, found, truth) in [
            ("present", present, want("present")),
            ("apologies", apologies, want("apologies")),
        ] {
            if found * 100 < truth * 85 || found * 100 > truth * 120 {
                failures.push(format!("{}: {what} {found}, {truth} counted", doc.name));
            }
        }
        if outcomes(m) * 10 < want("outcomes") * 8 {
            failures.push(format!(
                "{}: {} outcomes, {} counted",
                doc.name,
                outcomes(m),
                want("outcomes")
            ));
        }
    }
    let mean = fidelity_sum / f64::from(docs);
    println!("numbers as printed {numbers_ok}/{numbers_all}; mean line fidelity {mean:.3}");
    assert!(
        numbers_ok * 10 >= numbers_all * 9,
        "numbers {numbers_ok}/{numbers_all}"
    );
    assert!(mean >= 0.95, "mean line fidelity {mean:.3}");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn minutes_without_a_date_take_the_clerk_s_and_the_dry_run_says_so() {
    let app = spawn_app().await;
    let doc = documents()
        .into_iter()
        .find(|d| d.name.contains("stoke-ferry"))
        .expect("the liaison committee's minutes");
    let slug = body_for(&app, &doc).await;
    // The same minutes with their only date taken out.
    let text = String::from_utf8(doc.bytes.clone())
        .expect("text")
        .replace("Wednesday 9th of May 2018", "");
    let r = import(&app, &slug, "", doc.media, text.clone().into_bytes()).await;
    assert_eq!(r.status.as_u16(), 422, "{}", r.text);
    assert!(r.text.contains("?date=YYYY-MM-DD"), "{}", r.text);
    let bad = import(
        &app,
        &slug,
        "?date=9/5/2018",
        doc.media,
        text.clone().into_bytes(),
    )
    .await;
    assert_eq!(bad.status.as_u16(), 422, "{}", bad.text);
    assert!(bad.text.contains("YYYY-MM-DD"), "{}", bad.text);

    let dry = import(
        &app,
        &slug,
        "?date=2018-05-09&dry_run=true",
        doc.media,
        text.clone().into_bytes(),
    )
    .await
    .expect(200);
    assert!(dry.body["report"]["date_given"].as_bool().unwrap_or(false));
    assert!(dry.body["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .any(|w| w["message"]
            .as_str()
            .unwrap_or("")
            .contains("gives no date")));
    let items = dry.body["report"]["items"]
        .as_array()
        .expect("report items");
    assert_eq!(items.len(), 10);
    assert_eq!(items[0]["number"], "1");
    assert!(items[0]["lines"][0].as_u64().unwrap_or(0) >= 1);
    // (This document is one long line: every item is on it.)
    assert!(items
        .windows(2)
        .all(|w| w[0]["lines"][1].as_u64() <= w[1]["lines"][0].as_u64()));
    assert_eq!(
        meeting_count(&app, &slug).await,
        0,
        "a dry run stores nothing"
    );

    // The form's field does the same.
    let form = reqwest::multipart::Form::new()
        .text("date", "2018-05-09")
        .part(
            "file",
            reqwest::multipart::Part::bytes(text.into_bytes())
                .file_name("minutes.md")
                .mime_str("text/markdown")
                .expect("mime"),
        );
    let r = app
        .client
        .post(app.url(&format!("/api/v1/bodies/{slug}/imports")))
        .bearer_auth(&app.clerk)
        .multipart(form)
        .send()
        .await
        .expect("request");
    let r = crate::helpers::Res::from(r).await.expect(201);
    assert_eq!(london_date(&r.body["meeting"]), "2018-05-09");
}

#[tokio::test]
async fn two_meetings_of_a_parish_both_numbered_from_one_go_in() {
    // Parish minutes number from 1 at every meeting: a printed "1" is the
    // item's, not the body's scheme, and never refused as used.
    let app = spawn_app().await;
    let docs: Vec<Doc> = documents()
        .into_iter()
        .filter(|d| d.name.contains("wretton"))
        .collect();
    assert_eq!(docs.len(), 2);
    app.post(
        "/api/v1/bodies",
        json!({"name": "Wretton Parish Council", "slug": "wretton", "kind": "council", "minute_prefix": "WPC"}),
    )
    .await
    .expect(201);
    for d in &docs {
        let r = import(&app, "wretton", "", d.media, d.bytes.clone())
            .await
            .expect(201);
        assert_eq!(numbers(&r.body["meeting"])[0], "1");
    }
    assert_eq!(meeting_count(&app, "wretton").await, 2);
}

/// Converts a text to PDF or Word with LibreOffice (headless, its own profile).
fn office(text: &str, to: &str) -> Vec<u8> {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("minutes.txt");
    std::fs::write(&input, text).expect("write");
    let profile = format!("file://{}", dir.path().join("profile").display());
    let status = std::process::Command::new("soffice")
        .arg(format!("-env:UserInstallation={profile}"))
        .args(["--headless", "--norestore", "--convert-to", to, "--outdir"])
        .arg(dir.path())
        .arg(&input)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("soffice runs");
    assert!(status.success(), "soffice converts to {to}");
    let ext = to.split(':').next().unwrap_or(to);
    std::fs::read(dir.path().join(format!("minutes.{ext}"))).expect("the converted file")
}

#[tokio::test]
async fn the_same_minutes_as_pdf_and_word_made_by_libreoffice_go_in_as_well() {
    if std::process::Command::new("soffice")
        .arg("--version")
        .output()
        .is_err()
    {
        println!("skipped: soffice (LibreOffice) is not installed here");
        return;
    }
    let app = spawn_app().await;
    let mut failures = Vec::new();
    for doc in documents() {
        let slug = body_for(&app, &doc).await;
        let text = doc.counted_text.clone();
        let forms = tokio::task::spawn_blocking(move || {
            [
                ("application/pdf", office(&text, "pdf")),
                (DOCX, office(&text, "docx:MS Word 2007 XML")),
            ]
        })
        .await
        .expect("converted");
        for (media, bytes) in forms {
            let r = import(&app, &slug, "?dry_run=true", media, bytes).await;
            assert_eq!(
                r.status.as_u16(),
                200,
                "{} as {media}: {}",
                doc.name,
                r.text
            );
            let m = &r.body["meeting"];
            let t = &doc.truth;
            let want = |k: &str| t[k].as_u64().unwrap_or(0) as usize;
            let got = numbers(m);
            let (ok, all) = numbers_matched(&got, t);
            let (present, apologies) = (count(m, "present"), count(m, "apologies"));
            println!(
                "{} as {media}: items {}/{} numbers {ok}/{all} present {present}/{} apologies {apologies}/{} outcomes {}/{}",
                doc.name,
                got.len(),
                want("items"),
                want("present"),
                want("apologies"),
                outcomes(m),
                want("outcomes"),
            );
            if got.len() != want("items") || ok * 10 < all * 9 {
                failures.push(format!("{} as {media}: items {got:?}", doc.name));
            }
            if present * 100 < want("present") * 85 || apologies * 100 < want("apologies") * 85 {
                failures.push(format!(
                    "{} as {media}: present {present}, apologies {apologies}",
                    doc.name
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

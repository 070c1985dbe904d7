//! Minutes as lines of text → their structure: plain functions over lines,
//! one module per rule, each with unit tests. Nothing here touches the
//! database; `import::apply` turns the result into records.

pub mod attendance;
pub mod body;
pub mod heading;
pub mod opening;

use body::Record;
use chrono::{NaiveDate, NaiveTime};
use heading::Numbered;
use opening::Opening;
use regex::Regex;
use serde::Serialize;
use std::sync::LazyLock;
use utoipa::ToSchema;

/// Something the clerk should look at: a line of the source (1-based) or
/// the document as a whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Warning {
    pub line: Option<usize>,
    pub message: String,
}

impl Warning {
    pub fn at(line: Option<usize>, message: impl Into<String>) -> Warning {
        Warning {
            line,
            message: message.into(),
        }
    }
}

/// One person in an attendance list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub status: &'static str,
    pub honorific: Option<String>,
    pub name: String,
    pub organisation: Option<String>,
    pub chair: bool,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part {
    pub letter: String,
    pub title: String,
    pub restricted: bool,
    pub record: Record,
    pub line: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub number: Option<Numbered>,
    pub title: String,
    pub kind: &'static str,
    pub restricted: bool,
    pub record: Record,
    pub parts: Vec<Part>,
    /// Papers listed beside the title: (title, "PDF 124 KB").
    pub papers: Vec<(String, String)>,
    pub line: usize,
}

/// What a minutes document says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Minutes {
    pub opening: Opening,
    pub ends: Option<NaiveTime>,
    pub contact: Option<(Option<String>, String)>,
    pub attendance: Vec<Person>,
    pub items: Vec<Item>,
    pub warnings: Vec<Warning>,
}

impl Minutes {
    pub fn date(&self) -> Option<NaiveDate> {
        self.opening.date
    }
}

/// Why a text cannot be read as minutes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotMinutes(pub String);

static PAGE_FURNITURE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:page\s+\d+(?:\s+of\s+\d+)?|-\s*\d+\s*-|\d{1,3})\s*$")
        .unwrap_or_else(|_| unreachable!())
});

static BROKEN_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\d{1,4}\s*/\s*(\d{2}|\d{4})\b").unwrap_or_else(|_| unreachable!())
});

static CLOSED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^the meeting (?:closed|ended|finished) at (.+)$")
        .unwrap_or_else(|_| unreachable!())
});

/// The lines of a text with their 1-based line numbers: bold markers and
/// Markdown heading marks removed, page numbers dropped, and a minute
/// number broken over two lines (`**SSP` / `8/17**`) joined again.
pub fn normalise(text: &str, prefix: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let mut l: String = raw
            .chars()
            .map(|c| match c {
                '\u{a0}' | '\u{2007}' | '\u{202f}' => ' ',
                c => c,
            })
            .filter(|c| !matches!(c, '\u{200b}' | '\u{feff}' | '\u{0c}' | '\r'))
            .collect();
        l = l.replace("**", "").replace("__", "");
        let trimmed = l.trim_start();
        if trimmed.starts_with('#') {
            let t = trimmed.trim_start_matches('#');
            if t.starts_with(' ') {
                l = t.trim().to_string();
            }
        }
        let l = l.trim_end().to_string();
        if PAGE_FURNITURE.is_match(&l) {
            continue;
        }
        out.push((i + 1, l));
    }
    // Join "SSP" + "8/17 Title" (and "SSP/" + "8/17").
    let mut joined: Vec<(usize, String)> = Vec::with_capacity(out.len());
    let mut k = 0;
    while k < out.len() {
        let t = out[k].1.trim();
        let bare = t.trim_end_matches('/');
        let is_prefix = !bare.is_empty()
            && (bare.eq_ignore_ascii_case(prefix)
                || (bare.len() <= 8
                    && bare.chars().all(|c| c.is_ascii_uppercase())
                    && bare.len() >= 2));
        if is_prefix {
            let mut j = k + 1;
            while j < out.len() && out[j].1.trim().is_empty() && j - k <= 2 {
                j += 1;
            }
            if j < out.len() && BROKEN_NUMBER.is_match(out[j].1.trim()) {
                let sep = if t.ends_with('/') { "" } else { " " };
                let sep = if sep == " " && prefix_uses_slash(prefix, &out, k) {
                    "/"
                } else {
                    sep
                };
                joined.push((out[k].0, format!("{bare}{sep}{}", out[j].1.trim())));
                k = j + 1;
                continue;
            }
        }
        joined.push(out[k].clone());
        k += 1;
    }
    joined
}

/// Whether other headings of the document write "SSP/8/17" (so a broken
/// "SSP" / "8/17" is joined with a slash).
fn prefix_uses_slash(prefix: &str, lines: &[(usize, String)], _at: usize) -> bool {
    let slash = format!("{prefix}/");
    let space = format!("{prefix} ");
    let with_slash = lines
        .iter()
        .filter(|(_, l)| l.trim_start().starts_with(&slash))
        .count();
    let with_space = lines
        .iter()
        .filter(|(_, l)| l.trim_start().starts_with(&space))
        .count();
    !prefix.is_empty() && with_slash > with_space
}

fn is_heading(n: &Numbered, prefix: &str) -> bool {
    prefix.is_empty() || n.prefix.eq_ignore_ascii_case(prefix)
}

/// Reads minutes. `prefix` is the body's minute prefix (e.g. `SSP`).
pub fn minutes(text: &str, prefix: &str) -> Result<Minutes, NotMinutes> {
    let lines = normalise(text, prefix);
    // The dominant prefix of the document's numbered headings.
    let mut found: Vec<(usize, Numbered)> = Vec::new();
    for (idx, (_, l)) in lines.iter().enumerate() {
        if l.starts_with([' ', '\t']) && l.trim_start().len() + 8 < l.len() {
            continue;
        }
        if let Some(n) = heading::prefixed_number(l, Some(prefix)) {
            found.push((idx, n));
        }
    }
    let dominant = dominant_prefix(&found, prefix);
    found.retain(|(_, n)| is_heading(n, &dominant));
    let mut m = Minutes::default();
    let first = found.first().map_or(lines.len(), |(i, _)| *i);
    preamble(&lines[..first], &mut m);
    for (k, (idx, n)) in found.iter().enumerate() {
        let end = found.get(k + 1).map_or(lines.len(), |(i, _)| *i);
        let item = item(&lines[*idx..end], n.clone(), &mut m);
        m.items.push(item);
    }
    if m.items.is_empty() && m.opening.date.is_none() {
        return Err(NotMinutes(
            "this does not read as minutes: no minute numbers (such as SSP/5/23) and no \
             'A meeting of … was held on …' line were found"
                .into(),
        ));
    }
    if m.opening.date.is_none() {
        return Err(NotMinutes(
            "no meeting date was found: minutes open with 'A meeting of … was held on \
             Tuesday, 4th April, 2017' or a modern.gov header with the date"
                .into(),
        ));
    }
    if m.items.is_empty() {
        m.warnings.push(Warning::at(
            None,
            "no items with minute numbers were found; only the meeting and attendance were read",
        ));
    }
    for it in &m.items {
        if it.restricted && it.record.paragraph.is_none() {
            m.warnings.push(Warning::at(
                Some(it.line),
                format!(
                    "item {} '{}' is restricted but no paragraph of Schedule 12A was found: \
                     set restricted.paragraph (1–7) on the item; nothing of it is public until then",
                    it.number.as_ref().map_or("", |n| n.number.as_str()),
                    it.title
                ),
            ));
        }
        for (title, size) in &it.papers {
            m.warnings.push(Warning::at(
                Some(it.line),
                format!("the paper '{title}' ({size}) is listed but not in this document: upload it to the item"),
            ));
        }
    }
    Ok(m)
}

fn dominant_prefix(found: &[(usize, Numbered)], prefix: &str) -> String {
    if found
        .iter()
        .any(|(_, n)| n.prefix.eq_ignore_ascii_case(prefix))
    {
        return found
            .iter()
            .find(|(_, n)| n.prefix.eq_ignore_ascii_case(prefix))
            .map(|(_, n)| n.prefix.clone())
            .unwrap_or_default();
    }
    let mut counts: Vec<(String, usize)> = Vec::new();
    for (_, n) in found {
        match counts.iter_mut().find(|(p, _)| *p == n.prefix) {
            Some(c) => c.1 += 1,
            None => counts.push((n.prefix.clone(), 1)),
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    counts.first().map(|c| c.0.clone()).unwrap_or_default()
}

/// Lines before the first item: opening, venue, contact, attendance.
fn preamble(lines: &[(usize, String)], m: &mut Minutes) {
    let mut k = 0;
    while k < lines.len() {
        let (no, l) = (&lines[k].0, lines[k].1.trim());
        k += 1;
        if l.is_empty() {
            continue;
        }
        if m.opening.date.is_none() {
            if let Some(o) = opening::held_sentence(l).or_else(|| {
                // The sentence may be wrapped over two lines.
                lines
                    .get(k)
                    .and_then(|next| opening::held_sentence(&format!("{l} {}", next.1.trim())))
            }) {
                m.opening = o;
                continue;
            }
            if let Some(o) = opening::moderngov_header(l) {
                m.opening = o;
                continue;
            }
        }
        let lower = l.to_ascii_lowercase();
        if let Some(v) = lower
            .strip_prefix("venue:")
            .or_else(|| lower.strip_prefix("place:"))
            .map(|_| l[l.find(':').map_or(0, |i| i + 1)..].trim())
        {
            let v = if v.is_empty() {
                lines.get(k).map(|x| x.1.trim()).unwrap_or("")
            } else {
                v
            };
            if !v.is_empty() {
                m.opening.venue = Some(v.to_string());
            }
            continue;
        }
        if let Some(d) = lower.strip_prefix("date:").map(|_| l[5..].trim()) {
            let d = if d.is_empty() {
                lines.get(k).map(|x| x.1.trim()).unwrap_or("")
            } else {
                d
            };
            if let Some((date, _)) = opening::find_date(d) {
                m.opening.date.get_or_insert(date);
            }
            continue;
        }
        if let Some(t) = lower.strip_prefix("time:").map(|_| l[5..].trim()) {
            let t = if t.is_empty() {
                lines.get(k).map(|x| x.1.trim()).unwrap_or("")
            } else {
                t
            };
            if let Some((time, _)) = opening::find_time(t) {
                m.opening.time.get_or_insert(time);
            }
            continue;
        }
        if lower.starts_with("contact:") {
            let c = l[8..].trim();
            m.contact = Some(match c.rsplit_once(" - ") {
                Some((role, name)) => (Some(role.trim().to_string()), name.trim().to_string()),
                None => (None, c.to_string()),
            });
            continue;
        }
        if let Some((status, mut text)) = attendance::label(l) {
            // The list runs on over wrapped lines until a blank or a label.
            while k < lines.len() {
                let next = lines[k].1.trim();
                if next.is_empty() && !text.trim().is_empty() {
                    break;
                }
                if attendance::label(next).is_some()
                    || heading::prefixed_number(next, None).is_some()
                {
                    break;
                }
                if !next.is_empty() {
                    if !text.is_empty() && !text.ends_with(' ') {
                        text.push(' ');
                    }
                    text.push_str(next);
                }
                k += 1;
            }
            let text = attendance::clean_apologies(text.trim());
            for p in attendance::people(&text) {
                m.attendance.push(Person {
                    status,
                    honorific: p.honorific,
                    name: p.name,
                    organisation: p.organisation,
                    chair: p.chair,
                    line: *no,
                });
            }
        }
    }
}

/// One item: its heading line(s), its own record and its lettered parts.
fn item(lines: &[(usize, String)], n: Numbered, m: &mut Minutes) -> Item {
    let line_no = lines[0].0;
    let mut k = 1;
    let mut title = n.rest.clone();
    if title.is_empty() {
        while k < lines.len() && lines[k].1.trim().is_empty() {
            k += 1;
        }
        if k < lines.len() {
            title = lines[k].1.trim().to_string();
            k += 1;
        }
    }
    let mut papers = Vec::new();
    if let Some((t, size)) = heading::paper(&title) {
        papers.push((t.clone(), size));
        title = t;
    }
    let title = title.trim().trim_end_matches(':').trim().to_string();
    let (title, marked) = heading::restriction(&title);
    // Split the rest at lettered part headings (after a blank line).
    let mut own: Vec<&str> = Vec::new();
    let mut parts: Vec<(usize, String, String, Vec<&str>)> = Vec::new();
    let mut prev_blank = true;
    for (no, l) in &lines[k..] {
        if let Some(c) = CLOSED.captures(l.trim()) {
            m.ends = opening::find_time(&c[1]).map(|(t, _)| t);
            continue;
        }
        if l.trim().starts_with("Confirmed as a true record on") {
            continue;
        }
        let part = if prev_blank {
            heading::part_heading(l)
        } else {
            None
        };
        prev_blank = l.trim().is_empty();
        if let Some((letter, t)) = part {
            parts.push((*no, letter, t, Vec::new()));
            continue;
        }
        match parts.last_mut() {
            Some(p) => p.3.push(l.as_str()),
            None => own.push(l.as_str()),
        }
    }
    let record = body::record(&own);
    let restricted = marked || record.restricted_notice;
    let parts = parts
        .into_iter()
        .map(|(no, letter, t, ls)| {
            let (t, marked) = heading::restriction(&t);
            let record = body::record(&ls);
            Part {
                letter,
                title: t,
                restricted: marked || record.restricted_notice,
                record,
                line: no,
            }
        })
        .collect();
    Item {
        kind: heading::kind(&title),
        number: Some(n),
        title,
        restricted,
        record,
        parts,
        papers,
        line: line_no,
    }
}

#[cfg(test)]
mod tests;

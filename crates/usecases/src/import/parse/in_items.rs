//! What the items say about the meeting as a whole: attendance recorded
//! inside an "Apologies" or "Attendance" item, declarations listed without
//! a sentence, and the press and public excluded for a private part.

use super::{attendance, body, preamble, Minutes, Person, Warning};
use regex::Regex;
use std::sync::LazyLock;

/// A resolution that excludes the press and public ("… under Section
/// 100A(4) … the public be excluded … exempt information as defined in
/// paragraph 3 …"), a "Part 2" or "Confidential" heading: what follows is
/// marked restricted for the clerk to review (never published until then).
pub fn private_part(m: &mut Minutes) {
    static EXCLUDES: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:press and (?:the )?public|public and (?:the )?press|the public)\s+(?:be|were|are)\s+excluded|exclu(?:de|sion of)\s+(?:the\s+)?(?:press|public)|\bpart\s+(?:2|ii|two)\b|\bconfidential (?:business|items?|session)\b")
            .unwrap_or_else(|_| unreachable!())
    });
    static PARAGRAPH: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)paragraphs?\s+(\d)\b").unwrap_or_else(|_| unreachable!())
    });
    // In a title, "Part 2" or "Confidential" is enough; in text, only the
    // exclusion itself ("part two of the report" is not a private part).
    let excluded = |t: &str| {
        EXCLUDES
            .find_iter(t)
            .any(|f| f.as_str().to_lowercase().contains("exclu"))
    };
    let Some(at) = m.items.iter().position(|it| {
        EXCLUDES.is_match(&it.title)
            || excluded(&it.raw)
            || it.record.outcomes.iter().any(|o| excluded(&o.text))
    }) else {
        return;
    };
    let from = &m.items[at];
    let said = format!(
        "{} {}",
        from.raw,
        from.record
            .outcomes
            .iter()
            .map(|o| o.text.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    );
    let paragraph = PARAGRAPH
        .captures(&said)
        .and_then(|c| c[1].parse::<i32>().ok())
        .filter(|p| (1..=7).contains(p));
    // The heading itself ("Part 2", "Exclusion of the press and public")
    // is public; the items after it are not, nor the heading's own text
    // when the heading says it is the private part.
    let heading_is_part =
        EXCLUDES.is_match(&from.title) && !from.title.to_lowercase().contains("exclu");
    let start = if heading_is_part { at } else { at + 1 };
    let line = from.line;
    let mut marked = 0;
    for it in m.items.iter_mut().skip(start) {
        if !it.restricted {
            it.restricted = true;
            if it.record.paragraph.is_none() {
                it.record.paragraph = paragraph;
            }
            marked += 1;
        }
    }
    if marked > 0 {
        m.warnings.push(Warning::at(
            Some(line),
            format!(
                "the press and public were excluded here: the {marked} item(s) after it are marked restricted{} for you to review",
                paragraph.map_or(String::new(), |p| format!(" (paragraph {p} of Schedule 12A)"))
            ),
        ));
    }
}

/// Attendance recorded inside an item ("1. Attendance and Apologies —
/// Attending: … Apologies: …", "Apologies were received from X, Y and
/// Z who was substituted by W"), for each list the opening did not give.
pub fn apologies(m: &mut Minutes) {
    static LABEL: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:^|\s)(?i:present|attending|apologies(?:\s+for\s+absence)?|also\s+present|in\s+attendance)\s*:")
            .unwrap_or_else(|_| unreachable!())
    });
    let had_present = m.attendance.iter().any(|p| p.status == "present");
    let had_apologies = m.attendance.iter().any(|p| p.status == "apologies");
    let mut found: Vec<(usize, &'static str, Vec<attendance::Named>, String)> = Vec::new();
    for it in m.items.iter().take(4) {
        let t = it.title.to_lowercase();
        let about = it.kind == "apologies" || t.contains("attendance") || t.contains("present");
        if !about {
            continue;
        }
        let starts: Vec<usize> = LABEL.find_iter(&it.raw).map(|f| f.start()).collect();
        let mut labelled = false;
        for (k, &at) in starts.iter().enumerate() {
            let end = starts.get(k + 1).copied().unwrap_or(it.raw.len());
            if let Some((status, text)) = attendance::label(it.raw[at..end].trim()) {
                labelled = true;
                let wanted = match status {
                    "present" | "in_attendance" | "officer" => !had_present,
                    "apologies" => !had_apologies,
                    _ => false,
                };
                if wanted {
                    found.push((
                        it.line,
                        status,
                        attendance::people(&attendance::clean_apologies(&text)),
                        String::new(),
                    ));
                }
            }
        }
        if !labelled && it.kind == "apologies" && !had_apologies {
            found.push((
                it.line,
                "apologies",
                attendance::apologies_in_text(&it.raw),
                it.raw.clone(),
            ));
        }
    }
    for (line, status, people, text) in found {
        for sub in substitutes(&text) {
            if m.attendance
                .iter()
                .any(|p| p.name.eq_ignore_ascii_case(&sub))
            {
                continue;
            }
            m.attendance.push(Person {
                status: "present",
                honorific: None,
                name: sub,
                organisation: None,
                chair: false,
                line,
                reason: None,
            });
        }
        preamble::add_people(m, status, people, line);
    }
}

/// Declarations an item headed "Declarations of interest" lists without a
/// sentence ("No. 2573 – LWVBPT – Cllrs Hayward & Hillard"): each
/// councillor named, on the item the number names.
pub fn declarations(m: &mut Minutes) {
    static NAMED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:Cllrs?\.?|Councillors?)\s+[A-Z][^.;:()\x{2013}\x{2014}]*")
            .unwrap_or_else(|_| unreachable!())
    });
    for it in m.items.iter_mut().filter(|i| i.kind == "declarations") {
        let lower = it.raw.trim().to_lowercase();
        if !it.record.declarations.is_empty()
            || lower.is_empty()
            || lower.starts_with("there were no")
            || lower.starts_with("no ")
            || lower.starts_with("none")
            || lower.starts_with("nil")
        {
            continue;
        }
        let reference = body::item_reference(&it.raw);
        for group in NAMED.find_iter(&it.raw) {
            for p in attendance::people(group.as_str()) {
                it.record.declarations.push(body::Declaration {
                    name: p.name,
                    nature: it.raw.chars().take(300).collect(),
                    item: reference.clone(),
                });
            }
        }
    }
}

/// "X who was substituted by Y" → Y.
fn substitutes(text: &str) -> Vec<String> {
    static SUB: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)substituted by ((?:[A-Z][\w'’.-]*\s?){1,4})")
            .unwrap_or_else(|_| unreachable!())
    });
    SUB.captures_iter(text)
        .filter_map(|c| {
            let n = attendance::people(c[1].trim()).into_iter().next()?;
            Some(n.name)
        })
        .collect()
}

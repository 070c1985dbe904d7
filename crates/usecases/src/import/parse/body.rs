//! The text of one item: paragraphs (lines wrapped by a PDF joined again),
//! bullet and numbered lists, outcomes ("AGREED that …", "RESOLVED that:-"
//! with numbered parts), declarations, and the restriction notices the
//! renderer writes. The text is kept as the light markup minute text uses.

pub use super::votes::{named_votes, vote_counts, VoteCount};
use regex::Regex;
use std::sync::LazyLock;

static NUMBERED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(\d{1,2})[.)]\s+(\S.*)$").unwrap_or_else(|_| unreachable!()));

/// A lettered part of a resolution: "a) The Council approve …", "(b) …".
static LETTERED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*\(?([a-z])\)\s+(\S.*)$").unwrap_or_else(|_| unreachable!()));

/// An outcome at the start of a line, after a paragraph's number or
/// letter and an "It was (unanimously)": "RESOLVED that", "3. RESOLVED
/// that", "It was RESOLVED that:", "Resolved 16/05/8.1", "AGREED".
static OUTCOME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\(?(?:\d{1,2}|[a-z])[.)]\s+)?(?:(?i:it\s+(?:was|had\s+been)|the\s+(?:meeting|council|committee|panel|board)|members)\s+(?:(?i:also|unanimously|duly|therefore)\s+)?)?(AGREED|RESOLVED|NOTED|Agreed|Resolved|resolved)\b[\s:,-]*(.*)$")
        .unwrap_or_else(|_| unreachable!())
});

/// An outcome that starts in the middle of a line: "… investigate. It was
/// resolved to approve …", "… this report it was AGREED to write …".
static MID_OUTCOME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:[.!?]\s+((?:It\s+was\s+(?:unanimously\s+)?)?(?:RESOLVED|[Rr]esolved)\b)|\s((?i:it\s+(?:was|had\s+been)|the\s+meeting|the\s+council|the\s+committee)\s+(?:(?i:also|unanimously|duly)\s+)?(?:AGREED|RESOLVED)\s+(?:that|to)\b))")
        .unwrap_or_else(|_| unreachable!())
});

static PARAGRAPH_OF_12A: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)paragraphs?\s+(\d)\b").unwrap_or_else(|_| unreachable!()));

static DECLARED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(.{3,80}?)\s+declared\s+(?:an?\s+)?(.*?interest.*)$")
        .unwrap_or_else(|_| unreachable!())
});

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub verb: String,
    pub text: String,
    pub parts: Vec<String>,
}

static PROPOSED_RESOLUTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:proposed|moved)\s+(?:a\s+|the\s+)?(?:resolution|motion)\s+(that\b[^.]*\.?)",
    )
    .unwrap_or_else(|_| unreachable!())
});

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declaration {
    pub name: String,
    pub nature: String,
    /// The item it concerns, by the number printed ("in item 12", "No. 2573").
    pub item: Option<String>,
}

static ITEM_REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:items?|minutes?|no\.)\s*(\d{1,4}(?:\.\d{1,2})?)\b")
        .unwrap_or_else(|_| unreachable!())
});

/// The item a declaration names: "in item 12" → "12".
pub fn item_reference(text: &str) -> Option<String> {
    ITEM_REFERENCE.captures(text).map(|c| c[1].to_string())
}

/// What was minuted on one item (or part).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Record {
    /// Minute text as light markup; empty when none.
    pub minutes: String,
    pub outcomes: Vec<Outcome>,
    pub declarations: Vec<Declaration>,
    /// Votes reported by their count.
    pub votes: Vec<VoteCount>,
    /// From a "Restricted — exempt under paragraph N …" notice or the text.
    pub restricted_notice: bool,
    pub paragraph: Option<i32>,
    pub reason: Option<String>,
    pub public_summary: Option<String>,
}

const BULLETS: &[char] = &['•', '\u{f0b7}', '·', '▪', '●', '◦', '-', '–', '*', '○'];

/// A bullet line: its text.
fn bullet(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let first = t.chars().next()?;
    if BULLETS.contains(&first) {
        let rest = &t[first.len_utf8()..];
        if rest.starts_with([' ', '\t']) || (first != '-' && first != '*' && first != '–') {
            let r = rest.trim();
            return (!r.is_empty()).then_some(r);
        }
    }
    if let Some(rest) = t.strip_prefix("o ") {
        if line.starts_with([' ', '\t']) {
            return Some(rest.trim());
        }
    }
    None
}

/// A line set far in (PDF bullets whose mark was lost, as in the seed).
fn deep_indent(line: &str) -> bool {
    line.starts_with('\t') || line.starts_with("      ")
}

/// Escapes what the markup would otherwise read as emphasis, code, links
/// or an entity, and a start that would read as a list or heading.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\\' | '*' | '`' | '[' | ']' | '<' | '_' => {
                out.push('\\');
                out.push(c);
            }
            '&' => {
                let rest: String = chars[i + 1..].iter().take(12).collect();
                if rest.split(';').next().is_some_and(|e| {
                    rest.contains(';')
                        && !e.is_empty()
                        && e.chars().all(|c| c.is_alphanumeric() || c == '#')
                }) {
                    out.push('\\');
                }
                out.push('&');
            }
            _ => out.push(c),
        }
    }
    let t = out.as_str();
    if NUMBERED.is_match(t) {
        // "1. " would start a list: escape its full stop or bracket.
        let digits = t.chars().take_while(char::is_ascii_digit).count();
        return format!("{}\\{}", &t[..digits], &t[digits..]);
    }
    if t.starts_with(['#', '>', '+', '-', '=', '|', '~']) {
        format!("\\{out}")
    } else {
        out
    }
}

enum Block {
    Paragraph(String),
    Bullets(Vec<String>),
    Numbered(Vec<(u64, String)>),
}

fn join(a: &mut String, b: &str) {
    let b = b.trim();
    if b.is_empty() {
        return;
    }
    if !a.is_empty() {
        a.push(' ');
    }
    a.push_str(b);
}

/// Reads the lines of one item (or part) into its record.
pub fn record(lines: &[&str]) -> Record {
    let owned = outcomes_on_lines_of_their_own(lines);
    let lines: Vec<&str> = owned.iter().map(String::as_str).collect();
    let lines = lines.as_slice();
    let mut rec = Record::default();
    let mut blocks: Vec<Block> = Vec::new();
    // Whether the last block may take a continuation line.
    let mut open = false;
    let mut i = 0;
    while i < lines.len() {
        let raw = lines[i];
        let line = raw.trim();
        i += 1;
        if line.is_empty() {
            open = false;
            continue;
        }
        if labelled(line, &mut rec) {
            open = false;
            continue;
        }
        if line == "Minutes:" {
            // modern.gov: what came before was the agenda's description.
            blocks.clear();
            open = false;
            continue;
        }
        if let Some(c) = OUTCOME.captures(line) {
            let (outcome, next) = outcome(&c, lines, i);
            rec.outcomes.push(outcome);
            i = next;
            open = false;
            continue;
        }
        if let Some(c) = DECLARED.captures(line) {
            if !line.to_ascii_lowercase().starts_with("there were no") {
                rec.declarations.push(Declaration {
                    name: c[1].trim().to_string(),
                    nature: c[2].trim().trim_end_matches('.').to_string(),
                    item: item_reference(&c[2]),
                });
            }
        }
        open = add_to_blocks(&mut blocks, raw, line, open);
    }
    rec.minutes = minutes_text(&blocks);
    votes_and_proposals(&mut rec, lines);
    rec
}

/// An outcome that begins mid-line begins a line of its own.
fn outcomes_on_lines_of_their_own(lines: &[&str]) -> Vec<String> {
    let mut owned: Vec<String> = Vec::with_capacity(lines.len());
    for l in lines {
        match MID_OUTCOME
            .captures(l)
            .and_then(|c| c.get(1).or_else(|| c.get(2)))
        {
            Some(m) => {
                owned.push(l[..m.start()].trim_end().to_string());
                owned.push(l[m.start()..].to_string());
            }
            None => owned.push((*l).to_string()),
        }
    }
    owned
}

/// The labelled lines the service's own documents print (a restriction,
/// its reason, the public summary, a declaration): whether `line` was one.
fn labelled(line: &str, rec: &mut Record) -> bool {
    if line.starts_with("Restricted — exempt") || line.starts_with("Restricted - exempt") {
        rec.restricted_notice = true;
        if let Some(c) = PARAGRAPH_OF_12A.captures(line) {
            rec.paragraph = c[1].parse().ok();
        }
    } else if let Some(r) = line.strip_prefix("Reason for restriction:") {
        rec.reason = Some(r.trim().to_string());
    } else if let Some(s) = line.strip_prefix("Public summary:") {
        rec.public_summary = Some(s.trim().to_string());
    } else if let Some(d) = line.strip_prefix("Declaration of interest:") {
        let d = d.trim();
        let (name, nature) = d
            .split_once(" — ")
            .or_else(|| d.split_once(" - "))
            .unwrap_or((d, ""));
        rec.declarations.push(Declaration {
            name: name.trim().to_string(),
            nature: nature.trim().to_string(),
            item: None,
        });
    } else {
        return false;
    }
    true
}

/// The outcome a line opens (`c`: its [`OUTCOME`] match) with the lines
/// after it that belong to it (`i` is the next line): its wrapped text and
/// its numbered or lettered parts. Answers the outcome and the next line.
fn outcome(c: &regex::Captures<'_>, lines: &[&str], mut i: usize) -> (Outcome, usize) {
    let verb = match c[1].to_ascii_uppercase().as_str() {
        "NOTED" => "NOTED",
        "AGREED" => "AGREED",
        _ => "RESOLVED",
    }
    .to_string();
    let mut text = c[2].trim().to_string();
    // Continuation lines of the outcome (a PDF wraps them).
    while i < lines.len() {
        let next = lines[i].trim();
        if next.is_empty() || NUMBERED.is_match(next) || OUTCOME.is_match(next) {
            break;
        }
        join(&mut text, next);
        i += 1;
    }
    let takes_parts =
        text.is_empty() || text.ends_with(":-") || text.ends_with(':') || text.ends_with("–");
    let mut parts = Vec::new();
    if takes_parts {
        let (found, after) = outcome_parts(lines, i);
        parts = found;
        if !parts.is_empty() {
            i = after;
        } else if let Some((body, after)) = resolution_after_a_blank(lines, i) {
            // "RESOLVED that:" and, after a blank, the resolution.
            join(&mut text, &body);
            i = after;
        }
    }
    (Outcome { verb, text, parts }, i)
}

fn is_part(l: &str) -> bool {
    NUMBERED.is_match(l) || LETTERED.is_match(l)
}

fn part_text(l: &str) -> Option<String> {
    NUMBERED
        .captures(l)
        .or_else(|| LETTERED.captures(l))
        .map(|c| c[2].trim().to_string())
}

/// The first line at or after `j` that is not blank.
fn skip_blanks(lines: &[&str], mut j: usize) -> usize {
    while j < lines.len() && lines[j].trim().is_empty() {
        j += 1;
    }
    j
}

/// An outcome's numbered or lettered parts from line `i` (possibly after a
/// blank line), each with its wrapped lines; and the line after them.
fn outcome_parts(lines: &[&str], i: usize) -> (Vec<String>, usize) {
    let mut parts: Vec<String> = Vec::new();
    let mut j = skip_blanks(lines, i);
    while j < lines.len() {
        let next = lines[j].trim();
        if let Some(p) = part_text(next) {
            parts.push(p);
            j += 1;
        } else if next.is_empty() {
            // A blank between parts; stop unless a part follows.
            let k = skip_blanks(lines, j);
            if k < lines.len() && is_part(lines[k].trim()) {
                j = k;
            } else {
                break;
            }
        } else if let Some(last) = parts.last_mut() {
            if OUTCOME.is_match(next) {
                break;
            }
            join(last, next);
            j += 1;
        } else {
            break;
        }
    }
    (parts, j)
}

/// The paragraph after a blank that an outcome ending in a colon
/// introduces, and the line after it.
fn resolution_after_a_blank(lines: &[&str], i: usize) -> Option<(String, usize)> {
    let mut k = skip_blanks(lines, i);
    let mut body = String::new();
    while k < lines.len() && !lines[k].trim().is_empty() && !OUTCOME.is_match(lines[k].trim()) {
        join(&mut body, lines[k]);
        k += 1;
    }
    (!body.is_empty()).then_some((body, k))
}

/// Adds a line of minute text to the blocks: a bullet, a numbered point,
/// a deeply set-in line, a continuation of the open block, or a new
/// paragraph. Answers whether the last block may take a continuation.
fn add_to_blocks(blocks: &mut Vec<Block>, raw: &str, line: &str, open: bool) -> bool {
    if let Some(b) = bullet(raw) {
        match blocks.last_mut() {
            Some(Block::Bullets(items)) => items.push(b.to_string()),
            _ => blocks.push(Block::Bullets(vec![b.to_string()])),
        }
        return true;
    }
    if let Some(c) = NUMBERED.captures(line) {
        let n: u64 = c[1].parse().unwrap_or(1);
        let text = c[2].trim().to_string();
        match blocks.last_mut() {
            Some(Block::Numbered(items)) => items.push((n, text)),
            _ => blocks.push(Block::Numbered(vec![(n, text)])),
        }
        return true;
    }
    if deep_indent(raw) && !open {
        match blocks.last_mut() {
            Some(Block::Bullets(items)) => items.push(line.to_string()),
            _ => blocks.push(Block::Bullets(vec![line.to_string()])),
        }
        return false;
    }
    if open {
        match blocks.last_mut() {
            Some(Block::Paragraph(p)) => join(p, line),
            Some(Block::Bullets(items)) => {
                if let Some(last) = items.last_mut() {
                    join(last, line)
                }
            }
            Some(Block::Numbered(items)) => {
                if let Some(last) = items.last_mut() {
                    join(&mut last.1, line)
                }
            }
            None => blocks.push(Block::Paragraph(line.to_string())),
        }
        return true;
    }
    blocks.push(Block::Paragraph(line.to_string()));
    true
}

/// The blocks as the house markup: paragraphs, `- ` bullets, `n. ` points.
fn minutes_text(blocks: &[Block]) -> String {
    blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph(p) => escape(p),
            Block::Bullets(items) => items
                .iter()
                .map(|t| format!("- {}", escape(t)))
                .collect::<Vec<_>>()
                .join("\n"),
            Block::Numbered(items) => items
                .iter()
                .map(|(n, t)| format!("{n}. {}", escape(t)))
                .collect::<Vec<_>>()
                .join("\n"),
        })
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The votes the lines report (named, else counted), and a resolution put
/// to a vote as an outcome when none was minuted: "The Chairman proposed a
/// resolution that …" (its words stay in the text as well).
fn votes_and_proposals(rec: &mut Record, lines: &[&str]) {
    let all = lines.join(" ");
    rec.votes = named_votes(lines);
    if rec.votes.is_empty() {
        rec.votes = vote_counts(&all);
    }
    if rec.votes.is_empty() || !rec.outcomes.is_empty() {
        return;
    }
    let joined = all.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(c) = PROPOSED_RESOLUTION.captures(&joined) {
        let v = &rec.votes[0];
        rec.outcomes.push(Outcome {
            verb: if v.unanimous || v.for_ > v.against {
                "RESOLVED"
            } else {
                "NOTED"
            }
            .into(),
            text: format!("{} ({})", c[1].trim(), v.text.trim()),
            parts: Vec::new(),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(s: &str) -> Record {
        let lines: Vec<&str> = s.lines().collect();
        record(&lines)
    }

    #[test]
    fn wrapped_lines_make_one_paragraph() {
        let r =
            rec("Members discussed the update\noutlining the statistics.\n\nA second paragraph.");
        assert_eq!(
            r.minutes,
            "Members discussed the update outlining the statistics.\n\nA second paragraph."
        );
    }

    #[test]
    fn bullets_in_several_marks() {
        for mark in ["•", "\u{f0b7}", "-", "·"] {
            let r = rec(&format!(
                "Points:\n\n  {mark} First point\n  {mark} Second point\n\nAfter."
            ));
            assert_eq!(
                r.minutes, "Points:\n\n- First point\n- Second point\n\nAfter.",
                "{mark}"
            );
        }
        let seed = rec("Highlights:\n\n              Cleveland would be a pilot.\n\n              The plan would use lessons.\n\nMembers voiced concerns.");
        assert_eq!(seed.minutes, "Highlights:\n\n- Cleveland would be a pilot.\n- The plan would use lessons.\n\nMembers voiced concerns.");
    }

    #[test]
    fn numbered_list_in_text() {
        let r = rec("The plan:\n\n  1. First.\n  2. Second.");
        assert_eq!(r.minutes, "The plan:\n\n1. First.\n2. Second.");
    }

    #[test]
    fn outcome_with_text() {
        let r = rec("Text.\n\nAGREED that the report be noted.");
        assert_eq!(r.minutes, "Text.");
        assert_eq!(
            r.outcomes,
            vec![Outcome {
                verb: "AGREED".into(),
                text: "that the report be noted.".into(),
                parts: vec![]
            }]
        );
        let r = rec("RESOLVED the update be noted.");
        assert_eq!(r.outcomes[0].verb, "RESOLVED");
        assert_eq!(r.outcomes[0].text, "the update be noted.");
        let r = rec("AGREED");
        assert_eq!(r.outcomes[0].text, "");
    }

    #[test]
    fn outcome_with_numbered_parts() {
        let r = rec("AGREED that:-\n\n1. The content of the strategy be noted.\n\n2. The strategic direction be\nendorsed.\n\nNext paragraph.");
        assert_eq!(r.outcomes[0].text, "that:-");
        assert_eq!(
            r.outcomes[0].parts,
            vec![
                "The content of the strategy be noted.",
                "The strategic direction be endorsed."
            ]
        );
        assert_eq!(r.minutes, "Next paragraph.");
        let rendered = rec("AGREED that:-\n  1. One.\n  2. Two.");
        assert_eq!(rendered.outcomes[0].parts, vec!["One.", "Two."]);
    }

    #[test]
    fn a_recorded_vote_with_names() {
        let r = rec("The amendment was put to the vote.\n\nFor (3)\nCllrs Ann Allen, Mike Angell and Bob Bird\n\nAgainst (1)\nCllr Carol Cole\n\nAbstain: Cllr Dan Doe\n\nAmendment carried");
        assert_eq!(r.votes.len(), 1, "{r:#?}");
        let v = &r.votes[0];
        assert_eq!((v.for_, v.against, v.abstained), (3, 1, Some(1)));
        assert_eq!(v.named.len(), 5);
        assert_eq!(v.named[3], ("Carol Cole".to_string(), "against"));
        assert!(
            r.minutes.contains("Ann Allen"),
            "the lists stay in the text"
        );
        let counted = rec("Voting was 3 for the resolution, 1 against and 2 abstained.");
        assert_eq!(
            (counted.votes[0].for_, counted.votes[0].abstained),
            (3, Some(2))
        );
        assert!(rec("For the avoidance of doubt the report was noted.")
            .votes
            .is_empty());
    }

    #[test]
    fn declarations_none_and_some() {
        assert!(rec("There were no declarations of interest.")
            .declarations
            .is_empty());
        let r = rec("Declaration of interest: Cllr Jo Bloggs — personal, a trustee of the charity");
        assert_eq!(r.declarations[0].name, "Cllr Jo Bloggs");
        assert_eq!(
            r.declarations[0].nature,
            "personal, a trustee of the charity"
        );
        let p = rec("Councillor Jo Bloggs declared a personal interest in item 5 as a trustee.");
        assert_eq!(p.declarations[0].name, "Councillor Jo Bloggs");
        assert!(p.minutes.contains("declared a personal interest"));
    }

    #[test]
    fn restriction_notices_are_read_not_kept() {
        let r = rec("Restricted — exempt under paragraph 7 of Schedule 12A to the Local Government Act 1972\n\nReason for restriction: Home Office statistics\n\nMembers were presented.");
        assert!(r.restricted_notice);
        assert_eq!(r.paragraph, Some(7));
        assert_eq!(r.reason.as_deref(), Some("Home Office statistics"));
        assert_eq!(r.minutes, "Members were presented.");
    }

    #[test]
    fn moderngov_minutes_block_drops_the_agenda_description() {
        let r = rec(
            "To approve the minutes of the last meeting.\n\nMinutes:\n\nThe minutes were agreed.",
        );
        assert_eq!(r.minutes, "The minutes were agreed.");
    }

    #[test]
    fn markup_characters_are_escaped() {
        assert_eq!(
            escape("a *b* [c] &amp; A&E"),
            "a \\*b\\* \\[c\\] \\&amp; A&E"
        );
        assert_eq!(escape("1. not a list"), "1\\. not a list");
        assert_eq!(escape("- not a bullet"), "\\- not a bullet");
    }
}

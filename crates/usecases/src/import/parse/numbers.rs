//! Where the items begin: every way a council numbers its minutes is a
//! *style* ("SSP/5/23", "70/17", "14.", "14 Title", "1.0", "18.11.1",
//! "(Item 5)"), each line that could open an item is a candidate, and the
//! headings are the longest run of one style that counts up (a number
//! missed is allowed, a list inside an item is not a run of headings).
//! A heading printed out of order or twice is kept as printed, with a
//! warning. Documents with no numbers fall back to headings by their look
//! (a Markdown or HTML heading, bold, capitals, a short line on its own).

use super::heading::{self, Numbered};
use super::lines::Line;
use regex::Regex;
use std::sync::LazyLock;

static SLASH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,4})\s*/\s*(\d{2}|\d{4})(?:[.:)]|\s|$)\s*(.*)$")
        .unwrap_or_else(|_| unreachable!())
});
static DOT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,4})(?:\.|\))(\s*)(.*)$").unwrap_or_else(|_| unreachable!())
});
static DEC_ZERO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,4})\.0\.?(?:\s+(.*))?$").unwrap_or_else(|_| unreachable!())
});
static TRIPLE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(\d{1,2})\.(\d{1,2})\.(\d{1,3})\.?\s+(\S.*)$").unwrap_or_else(|_| unreachable!())
});
static BARE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,4})\s+([A-Z].*)$").unwrap_or_else(|_| unreachable!()));
static ITEM_WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:item)\s+(\d{1,3})\s*(?:[.:\x{2013}\x{2014}-]\s*|\s+)(\S.*)$")
        .unwrap_or_else(|_| unreachable!())
});
static ITEM_REF: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(.*?)\s*\((?i:item)\s+(\d{1,3})\)\s*$").unwrap_or_else(|_| unreachable!())
});
static MONTH_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?i:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b")
        .unwrap_or_else(|_| unreachable!())
});

/// How a number is written; headings are a run of one style.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Style {
    Prefixed(String),
    Slash,
    Dot,
    Bare,
    DecZero,
    Triple(u32, u32),
    ItemWord,
    ItemRef,
    Look,
}

#[derive(Debug, Clone)]
pub struct Candidate {
    pub idx: usize,
    pub style: Style,
    pub value: i64,
    pub number: Option<Numbered>,
    pub reference: Option<String>,
    pub rest: String,
    pub indent: usize,
    pub heading_like: bool,
}

/// An item's heading as found.
#[derive(Debug, Clone)]
pub struct Heading {
    /// The first line of the item (its title may stand before the number).
    pub start: usize,
    /// The line with the number; the item's text follows it.
    pub head: usize,
    pub number: Option<Numbered>,
    /// "(Item 5)" where the document numbers by reference only.
    pub reference: Option<String>,
    /// The heading line after its number.
    pub rest: String,
    /// Why this heading is a guess, if it is.
    pub doubt: Option<String>,
}

fn weight(c: &Candidate, min_indent: usize, known_prefix: bool) -> f64 {
    let mut w = if c.heading_like { 2.5 } else { 0.3 };
    if c.indent <= min_indent + 1 {
        w += 0.5;
    }
    match &c.style {
        Style::Prefixed(_) => w += if known_prefix { 3.0 } else { 1.0 },
        Style::ItemRef | Style::ItemWord => w += 2.0,
        Style::Slash | Style::Triple(..) | Style::DecZero => w += 0.5,
        Style::Bare => w -= 0.5,
        _ => {}
    }
    w
}

/// Whether the text after a number reads as a heading rather than a
/// sentence of a list.
pub fn heading_like(rest: &str, next: Option<&Line>, marked: bool) -> bool {
    if marked {
        return true;
    }
    let rest = rest.trim();
    let title = match rest.find(':') {
        Some(i) if i <= 100 => &rest[..i],
        _ => rest,
    };
    let Some(first) = title.chars().next() else {
        // The title is on the next line.
        return next.is_some_and(|n| {
            let t = n.trimmed();
            !t.is_empty() && t.chars().next().is_some_and(|c| !c.is_lowercase())
        });
    };
    if first.is_lowercase() || first.is_ascii_digit() {
        return false;
    }
    let caps = !title.chars().any(char::is_lowercase) && title.chars().any(char::is_alphabetic);
    if caps {
        return true;
    }
    let words = title.split_whitespace().count();
    if title.len() > 120 || words > 14 {
        return false;
    }
    if title.ends_with('.') && words > 6 && !rest[title.len()..].starts_with(':') {
        return false;
    }
    // A sentence wrapped onto the next line is a paragraph, not a heading.
    let continues =
        next.is_some_and(|n| n.trimmed().chars().next().is_some_and(char::is_lowercase));
    !(continues && title.len() == rest.len() && words > 6)
}

/// The candidate headings of one line.
fn candidate(lines: &[Line], idx: usize, prefix: &str) -> Option<Candidate> {
    let line = &lines[idx];
    let t = line.trimmed();
    if t.is_empty() {
        return None;
    }
    let next = lines[idx + 1..].iter().find(|l| !l.trimmed().is_empty());
    let mut c = Candidate {
        idx,
        style: Style::Dot,
        value: 0,
        number: None,
        reference: None,
        rest: String::new(),
        indent: line.indent,
        heading_like: false,
    };
    if let Some(n) = heading::prefixed_number(t, Some(prefix)) {
        c.style = Style::Prefixed(n.prefix.to_ascii_uppercase());
        c.value = i64::from(n.n);
        c.rest = n.rest.clone();
        c.number = Some(n);
    } else if let Some(m) = ITEM_REF.captures(t) {
        c.style = Style::ItemRef;
        c.value = m[2].parse().ok()?;
        c.reference = Some(format!("(Item {})", &m[2]));
        c.rest = m[1].trim().to_string();
        c.heading_like = true;
        return Some(c);
    } else {
        plain_number(t, &mut c)?;
    }
    c.heading_like = heading_like(&c.rest, next, line.marked);
    Some(c)
}

/// Reads a number without the body's prefix ("Item 5", "18.11.1", "1.0",
/// "70/17", "14.", "14 Title") into `c`; None if the line has none.
fn plain_number(t: &str, c: &mut Candidate) -> Option<()> {
    if let Some(m) = ITEM_WORD.captures(t) {
        c.style = Style::ItemWord;
        c.value = m[1].parse().ok()?;
        c.rest = m[2].trim().to_string();
        c.number = Some(Numbered::bare(&m[1], c.value, &c.rest));
    } else if let Some(m) = TRIPLE.captures(t) {
        c.style = Style::Triple(m[1].parse().ok()?, m[2].parse().ok()?);
        c.value = m[3].parse().ok()?;
        c.rest = m[4].trim().to_string();
        let printed = t[..m.get(4)?.start()].trim().trim_end_matches('.');
        c.number = Some(Numbered::bare(printed, c.value, &c.rest));
    } else if let Some(m) = DEC_ZERO.captures(t) {
        c.style = Style::DecZero;
        c.value = m[1].parse().ok()?;
        c.rest = m.get(2).map_or("", |x| x.as_str()).trim().to_string();
        c.number = Some(Numbered::bare(&format!("{}.0", &m[1]), c.value, &c.rest));
    } else if let Some(m) = SLASH.captures(t) {
        let (a, b) = (&m[1], &m[2]);
        // "2023/45": the year first; "70/17": the number first.
        let (n, year) = if a.len() == 4 && (a.starts_with("19") || a.starts_with("20")) {
            (b, a)
        } else {
            (a, b)
        };
        c.style = Style::Slash;
        c.value = n.parse().ok()?;
        c.rest = m[3].trim().to_string();
        let mut num = Numbered::bare(&format!("{a}/{b}"), c.value, &c.rest);
        num.year = year.parse().ok();
        c.number = Some(num);
    } else if let Some(m) = DOT.captures(t).filter(|m| {
        !m[2].is_empty()
            || m[3].is_empty()
            || m[3].starts_with(|c: char| c.is_uppercase() || "\u{2018}\u{201c}'\"(".contains(c))
    }) {
        c.style = Style::Dot;
        c.value = m[1].parse().ok()?;
        c.rest = m[3].trim().to_string();
        c.number = Some(Numbered::bare(&m[1], c.value, &c.rest));
    } else if let Some(m) = BARE.captures(t) {
        if MONTH_START.is_match(&m[2]) {
            return None;
        }
        c.style = Style::Bare;
        c.value = m[1].parse().ok()?;
        c.rest = m[2].trim().to_string();
        c.number = Some(Numbered::bare(&m[1], c.value, &c.rest));
    } else {
        return None;
    }
    Some(())
}

/// The best run of one style: (score, members in order).
fn best_run(cands: &[&Candidate], prefix: &str) -> (f64, Vec<usize>) {
    let min_indent = cands
        .iter()
        .filter(|c| c.heading_like)
        .map(|c| c.indent)
        .min()
        .unwrap_or(0);
    let known = |c: &Candidate| match &c.style {
        Style::Prefixed(p) => !prefix.is_empty() && p.eq_ignore_ascii_case(prefix),
        _ => false,
    };
    let w: Vec<f64> = cands
        .iter()
        .map(|c| weight(c, min_indent, known(c)))
        .collect();
    let mut score = w.clone();
    let mut prev: Vec<Option<usize>> = vec![None; cands.len()];
    for i in 0..cands.len() {
        // Only the nearest few hundred earlier candidates can precede.
        for j in i.saturating_sub(400)..i {
            let d = cands[i].value - cands[j].value;
            let penalty = match d {
                1 => 0.0,
                2 | 3 => 0.75,
                _ => continue,
            };
            let s = score[j] + w[i] - penalty;
            if s > score[i] {
                score[i] = s;
                prev[i] = Some(j);
            }
        }
    }
    let Some((end, best)) = score
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map(|(i, s)| (i, *s))
    else {
        return (0.0, Vec::new());
    };
    let mut run = vec![end];
    let mut at = end;
    while let Some(p) = prev[at] {
        run.push(p);
        at = p;
    }
    run.reverse();
    (best, run)
}

/// A run of headings of one style, and how well it reads as the headings.
struct Run {
    score: f64,
    style: Style,
    /// The lines of its members.
    members: Vec<usize>,
}

/// The headings of a document: the best numbered run, else headings by
/// look after line `after` (the end of the opening).
pub fn headings(lines: &[Line], prefix: &str, after: usize) -> Vec<Heading> {
    let cands: Vec<Candidate> = (0..lines.len())
        .filter_map(|i| candidate(lines, i, prefix))
        .collect();
    let Some(run) = best_style_run(&cands, prefix).or_else(|| single_first_item(&cands)) else {
        return by_look(lines, after);
    };
    let mut chosen = with_strays(lines, &cands, &run);
    // A number missing from the run, printed in another style ("2 MATTERS
    // ARISING" between "1." and "3."), is the run's own.
    let mut filled: Vec<&Candidate> = Vec::new();
    for w in chosen.windows(2) {
        let (a, b) = (w[0], w[1]);
        if b.value == a.value + 2 {
            if let Some(c) = cands.iter().find(|c| {
                c.idx > a.idx
                    && c.idx < b.idx
                    && c.value == a.value + 1
                    && c.heading_like
                    && c.style != run.style
            }) {
                filled.push(c);
            }
        }
    }
    chosen.append(&mut filled);
    chosen.sort_by_key(|c| c.idx);
    as_headings(lines, chosen)
}

/// The best run of the styles the candidates use, if one is good enough.
fn best_style_run(cands: &[Candidate], prefix: &str) -> Option<Run> {
    let mut styles: Vec<Style> = Vec::new();
    for c in cands {
        if !styles.contains(&c.style) {
            styles.push(c.style.clone());
        }
    }
    let mut best: Option<Run> = None;
    for s in styles {
        let group: Vec<&Candidate> = cands.iter().filter(|c| c.style == s).collect();
        let (score, run) = best_run(&group, prefix);
        let members: Vec<usize> = run.iter().map(|&k| group[k].idx).collect();
        let one_is_enough = matches!(s, Style::Prefixed(_) | Style::ItemRef)
            && group.iter().any(|c| c.heading_like);
        if members.len() < 2 && !one_is_enough {
            continue;
        }
        if score < 4.0 && !one_is_enough {
            continue;
        }
        if best.as_ref().is_none_or(|b| score > b.score) {
            best = Some(Run {
                score,
                style: s,
                members,
            });
        }
    }
    best
}

/// Minutes of one item ("1. Budget"): a single heading numbered 1.
fn single_first_item(cands: &[Candidate]) -> Option<Run> {
    let ones: Vec<&Candidate> = cands
        .iter()
        .filter(|c| c.heading_like && c.indent == 0 && matches!(c.style, Style::Dot))
        .collect();
    match ones.as_slice() {
        [one] if one.value == 1 => Some(Run {
            score: 0.0,
            style: one.style.clone(),
            members: vec![one.idx],
        }),
        _ => None,
    }
}

/// The run's members with the headings of the same style printed out of
/// order or twice, in the order of the lines.
fn with_strays<'a>(lines: &[Line], cands: &'a [Candidate], run: &Run) -> Vec<&'a Candidate> {
    let members = &run.members;
    let mut chosen: Vec<&Candidate> = cands.iter().filter(|c| members.contains(&c.idx)).collect();
    // Headings of the same style printed out of order or twice.
    let indent = chosen.iter().map(|c| c.indent).min().unwrap_or(0);
    let first = chosen.first().map_or(0, |c| c.idx);
    let highest = chosen.iter().map(|c| c.value).max().unwrap_or(0);
    let lowest = chosen.iter().map(|c| c.value).min().unwrap_or(0);
    let mut extra: Vec<&Candidate> = cands
        .iter()
        .filter(|c| {
            c.style == run.style
                && !members.contains(&c.idx)
                && c.idx > first
                && c.heading_like
                && c.indent <= indent + 1
                && c.value <= highest + 1
                && c.value >= lowest
                && title_words(&c.rest) <= 10
                && !lines[c.idx].split
        })
        .collect();
    chosen.append(&mut extra);
    chosen.sort_by_key(|c| c.idx);
    chosen
}

/// The chosen candidates as headings, each with a doubt where its number
/// repeats, goes back or jumps.
fn as_headings(lines: &[Line], chosen: Vec<&Candidate>) -> Vec<Heading> {
    let mut out = Vec::new();
    let mut last: Option<i64> = None;
    for c in chosen {
        let doubt = doubt(c, last);
        last = Some(last.map_or(c.value, |l| l.max(c.value)));
        let start = if c.style == Style::ItemRef && c.rest.is_empty() {
            title_above(lines, c.idx)
        } else {
            c.idx
        };
        out.push(Heading {
            start,
            head: c.idx,
            number: c.number.clone(),
            reference: c.reference.clone(),
            rest: c.rest.clone(),
            doubt,
        });
    }
    out
}

/// Why a heading's number is in doubt after the highest so far (`last`).
fn doubt(c: &Candidate, last: Option<i64>) -> Option<String> {
    match last {
        Some(l) if c.value == l => Some(format!(
            "number {} is printed twice; both are kept as printed",
            c.number.as_ref().map_or("", |n| n.number.as_str())
        )),
        Some(l) if c.value < l => Some(format!(
            "number {} is printed out of order (after {}); it is kept as printed",
            c.number.as_ref().map_or("", |n| n.number.as_str()),
            l
        )),
        Some(l) if c.value > l + 1 => Some(format!(
            "the numbering jumps from {l} to {}; kept as printed",
            c.value
        )),
        _ => None,
    }
}

/// The words of a heading's title (before a colon that starts its text).
fn title_words(rest: &str) -> usize {
    match rest.find(':') {
        Some(i) if i <= 100 => rest[..i].split_whitespace().count(),
        _ => rest.split_whitespace().count(),
    }
}

/// The title lines above an "(Item 5)" line: up to three lines back to
/// the blank line before them.
fn title_above(lines: &[Line], idx: usize) -> usize {
    let mut start = idx;
    while start > 0 && idx - start < 3 {
        let prev = lines[start - 1].trimmed();
        if prev.is_empty() || prev.len() > 160 {
            break;
        }
        start -= 1;
    }
    start
}

fn is_caps_heading(t: &str) -> bool {
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    letters >= 4
        && !t.chars().any(char::is_lowercase)
        && t.split_whitespace().count() <= 14
        && !t.ends_with([',', ';'])
}

/// A short line standing alone that reads as a title: capitalised words,
/// no full stop, a blank line before it.
fn is_title_line(lines: &[Line], i: usize) -> bool {
    let t = lines[i].trimmed();
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.is_empty() || words.len() > 9 || t.len() > 80 {
        return false;
    }
    if t.ends_with(['.', ',', ';']) || !t.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    let capitalised = words
        .iter()
        .filter(|w| {
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || !c.is_alphabetic())
        })
        .count();
    let blank_before = i == 0 || lines[i - 1].trimmed().is_empty();
    let next_text = lines.get(i + 1).is_some_and(|l| !l.trimmed().is_empty());
    blank_before && capitalised * 2 >= words.len() && (next_text || lines.get(i + 2).is_some())
}

/// Headings by look, for a document without numbers: marked lines, lines
/// in capitals, else short title lines standing alone.
fn by_look(lines: &[Line], after: usize) -> Vec<Heading> {
    let pick = |f: &dyn Fn(usize) -> bool| -> Vec<Heading> {
        (after..lines.len())
            .filter(|&i| !lines[i].trimmed().is_empty() && f(i))
            .filter(|&i| {
                // "APOLOGIES" alone is a heading; "Present:" a list.
                let t = lines[i].trimmed();
                super::attendance::label(t)
                    .is_none_or(|(status, _)| status == "apologies" && !t.contains(':'))
            })
            .map(|i| Heading {
                start: i,
                head: i,
                number: None,
                reference: None,
                rest: lines[i].trimmed().to_string(),
                doubt: None,
            })
            .collect()
    };
    // Marked headings of the top level used more than once ("##" over
    // "###"), else lines in capitals as well.
    let mut levels: Vec<u8> = (after..lines.len())
        .map(|i| lines[i].level)
        .filter(|l| *l > 0)
        .collect();
    levels.sort_unstable();
    let top = levels
        .iter()
        .find(|l| levels.iter().filter(|x| x == l).count() >= 2)
        .copied();
    if let Some(top) = top {
        let by_level = pick(&|i| lines[i].level == top);
        if by_level.len() >= 2 {
            return by_level;
        }
    }
    let marked = pick(&|i| lines[i].marked || is_caps_heading(lines[i].trimmed()));
    if marked.len() >= 2 {
        return marked;
    }
    let titled = pick(&|i| is_title_line(lines, i));
    if titled.len() >= 2 {
        titled
    } else {
        marked
    }
}

#[cfg(test)]
mod tests {
    use super::super::lines::normalise;
    use super::*;

    fn printed(text: &str) -> Vec<String> {
        let lines = normalise(text);
        headings(&lines, "", 0)
            .iter()
            .map(|h| {
                h.number
                    .as_ref()
                    .map(|n| n.number.clone())
                    .or_else(|| h.reference.clone())
                    .unwrap_or_else(|| h.rest.clone())
            })
            .collect()
    }

    #[test]
    fn dotted_numbers_with_a_list_inside() {
        let doc = "46. APOLOGIES FOR ABSENCE\n\n    Cllrs A and B\n\n47. PLANNING\n\n    1. The first application was\n    discussed at length.\n    2. The second was\n    refused.\n\n48. FINANCE\n";
        assert_eq!(printed(doc), ["46", "47", "48"]);
    }

    #[test]
    fn out_of_order_and_twice() {
        let doc = "1. Apologies\ntext\n2. Minutes\ntext\n3. Planning\ntext\n2. Finance\ntext\n";
        let lines = normalise(doc);
        let h = headings(&lines, "", 0);
        assert_eq!(h.len(), 4);
        assert!(h[3].doubt.as_ref().unwrap().contains("out of order"));
    }

    #[test]
    fn slash_triple_decimal_and_item_refs() {
        assert_eq!(
            printed("70/17 Apologies\ntext\n71/17 Minutes\ntext\n"),
            ["70/17", "71/17"]
        );
        assert_eq!(
            printed("18.11.1 Apologies\ntext\n18.11.2 Minutes\n"),
            ["18.11.1", "18.11.2"]
        );
        assert_eq!(
            printed("60.0 Apologies\n60.1 None.\n61.0 Minutes\n61.1 Agreed.\n"),
            ["60.0", "61.0"]
        );
        assert_eq!(
            printed("Apologies\n(Item 1)\ntext\n\nMinutes\n(Item 2)\ntext\n"),
            ["(Item 1)", "(Item 2)"]
        );
        assert_eq!(
            printed("C048/23 Apologies\ntext\nC049/23 Minutes\n"),
            ["C048/23", "C049/23"]
        );
    }

    #[test]
    fn no_numbers_headings_by_look() {
        assert_eq!(
            printed("APOLOGIES\nNone.\n\nMINUTES\nAgreed.\n"),
            ["APOLOGIES", "MINUTES"]
        );
        assert_eq!(
            printed("## Apologies\nNone.\n\n## Minutes\nAgreed.\n"),
            ["Apologies", "Minutes"]
        );
    }
}

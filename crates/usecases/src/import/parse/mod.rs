//! Minutes as lines of text → their structure: plain functions over lines,
//! one module per rule, each with unit tests. Nothing here touches the
//! database; `import::apply` turns the result into records.

pub mod attendance;
pub mod body;
pub mod heading;
pub mod in_items;
pub mod lines;
pub mod names;
pub mod numbers;
pub mod opening;
pub mod preamble;
pub mod votes;

use body::Record;
use chrono::{NaiveDate, NaiveTime};
use heading::Numbered;
use lines::Line;
use numbers::Heading;
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
    /// Why an apology was given, where the minutes say.
    pub reason: Option<String>,
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
    /// "(Item 5)" where the minutes number by reference only.
    pub reference: Option<String>,
    pub title: String,
    pub kind: &'static str,
    pub restricted: bool,
    pub record: Record,
    pub parts: Vec<Part>,
    /// Papers listed beside the title: (title, "PDF 124 KB").
    pub papers: Vec<(String, String)>,
    pub line: usize,
    /// The last line of the source the item took.
    pub last_line: usize,
    /// The item's own text as printed, on one line.
    pub raw: String,
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
    /// What stands before the first item that is neither the date nor an
    /// attendance list (the title, an opening sentence, public
    /// participation), as printed.
    pub preamble: String,
}

impl Minutes {
    pub fn date(&self) -> Option<NaiveDate> {
        self.opening.date
    }
}

/// Why a text cannot be read as minutes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotMinutes(pub String);

static BROKEN_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\d{1,4}\s*/\s*(\d{2}|\d{4})\b").unwrap_or_else(|_| unreachable!())
});

static CLOSED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^the meeting (?:closed|ended|finished|concluded|terminated) at (.+)$")
        .unwrap_or_else(|_| unreachable!())
});

/// A later lettered part in a line: "(b) Youth Offending Board".
static LATER_PART: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:^|\s)\([b-h]\)\s").unwrap_or_else(|_| unreachable!()));

/// Words without which a document is not minutes of a meeting (in
/// English or Welsh: cofnodion, cyfarfod, presennol, ymddiheuriadau,
/// penderfynwyd, cyngor, cynghorydd, cadeirydd).
static MINUTES_WORDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:minutes?|meeting|present|apologies|resolved|agreed|council|committee|panel|board|chair(?:man)?|councillors?|cllrs?|attendance|agenda|cofnodion|cyfarfod|presennol|ymddiheuriadau|penderfynwyd|cyngor|cynghorydd|cynghorwyr|cadeirydd)\b")
        .unwrap_or_else(|_| unreachable!())
});

/// The lines of a text, read as [`lines::normalise`] does, with a minute
/// number broken over two lines (`**SSP` / `8/17**`) joined again.
pub fn normalise(text: &str, prefix: &str) -> Vec<Line> {
    let out = lines::normalise(text);
    let mut joined: Vec<Line> = Vec::with_capacity(out.len());
    let mut k = 0;
    while k < out.len() {
        let t = out[k].trimmed();
        let bare = t.trim_end_matches('/');
        let is_prefix = !bare.is_empty()
            && (bare.eq_ignore_ascii_case(prefix)
                || (bare.len() <= 8
                    && bare.chars().all(|c| c.is_ascii_uppercase())
                    && bare.len() >= 2));
        if is_prefix {
            let mut j = k + 1;
            while j < out.len() && out[j].trimmed().is_empty() && j - k <= 2 {
                j += 1;
            }
            if j < out.len() && BROKEN_NUMBER.is_match(out[j].trimmed()) {
                let sep = if t.ends_with('/') { "" } else { " " };
                let sep = if sep == " " && prefix_uses_slash(prefix, &out) {
                    "/"
                } else {
                    sep
                };
                let mut l = out[k].clone();
                l.text = format!("{bare}{sep}{}", out[j].trimmed());
                joined.push(l);
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
fn prefix_uses_slash(prefix: &str, lines: &[Line]) -> bool {
    let slash = format!("{prefix}/");
    let space = format!("{prefix} ");
    let with_slash = lines
        .iter()
        .filter(|l| l.text.trim_start().starts_with(&slash))
        .count();
    let with_space = lines
        .iter()
        .filter(|l| l.text.trim_start().starts_with(&space))
        .count();
    !prefix.is_empty() && with_slash > with_space
}

/// Reads minutes. `prefix` is the body's minute prefix (e.g. `SSP`).
pub fn minutes(text: &str, prefix: &str) -> Result<Minutes, NotMinutes> {
    minutes_on(text, prefix, None)
}

/// Reads minutes; `date` is the meeting's date as the clerk gives it, for
/// a document that does not print one (it wins over a printed one, with
/// a warning when they differ).
pub fn minutes_on(
    text: &str,
    prefix: &str,
    date: Option<NaiveDate>,
) -> Result<Minutes, NotMinutes> {
    let lines = normalise(text, prefix);
    reads_as_minutes(&lines)?;
    let look_after = preamble::opening_end(&lines);
    let mut heads = numbers::headings(&lines, prefix, look_after);
    let before = unnumbered_before(&lines, &heads);
    if !before.is_empty() {
        heads.splice(0..0, before);
    }
    let mut m = Minutes::default();
    let first = heads.first().map_or(lines.len(), |h| h.start);
    preamble::read(&lines[..first], &mut m);
    if m.opening.date.is_none() {
        // A date printed elsewhere near the top (a header, a title).
        m.opening.date = lines
            .iter()
            .filter(|l| !l.trimmed().is_empty())
            .take(20)
            .find_map(|l| opening::find_worded_date(&l.text).map(|(d, _)| d));
    }
    for (k, h) in heads.iter().enumerate() {
        // A title standing above the next "(Item N)" may reach back to
        // this heading's own line: an item never ends before it begins.
        let end = heads
            .get(k + 1)
            .map_or(lines.len(), |n| n.start)
            .max(h.head + 1);
        if let Some(doubt) = &h.doubt {
            m.warnings
                .push(Warning::at(Some(lines[h.head].no), doubt.clone()));
        }
        let item = item(&lines, h, end, &mut m);
        m.items.push(item);
    }
    in_items::apologies(&mut m);
    in_items::private_part(&mut m);
    in_items::declarations(&mut m);
    settle_date(date, &mut m)?;
    warn_of_gaps(&mut m);
    Ok(m)
}

/// Refuses a text with almost no words, or none that minutes of a meeting
/// use.
fn reads_as_minutes(lines: &[Line]) -> Result<(), NotMinutes> {
    let words = lines
        .iter()
        .flat_map(|l| l.text.split_whitespace())
        .filter(|w| w.chars().filter(|c| c.is_alphabetic()).count() >= 2)
        .count();
    if words < 8 {
        return Err(NotMinutes(
            "this does not read as minutes: it has almost no text (a scanned image or an empty \
             file has none to read). Import a document with the text of the minutes (text, \
             Markdown, HTML, Word, or a PDF with a text layer)"
                .into(),
        ));
    }
    if !lines.iter().any(|l| MINUTES_WORDS.is_match(&l.text)) {
        return Err(NotMinutes(
            "this does not read as minutes of a meeting: it never mentions a meeting, minutes, \
             those present, apologies or a decision"
                .into(),
        ));
    }
    Ok(())
}

/// The meeting's date: the one given with the import wins over the printed
/// one (with a warning); without either the minutes cannot be read.
fn settle_date(date: Option<NaiveDate>, m: &mut Minutes) -> Result<(), NotMinutes> {
    match (date, m.opening.date) {
        (Some(given), Some(printed)) if given != printed => {
            m.warnings.push(Warning::at(
                None,
                format!("the document gives the date {printed}; the date given with the import, {given}, is used"),
            ));
            m.opening.date = Some(given);
        }
        (Some(given), None) => {
            m.warnings.push(Warning::at(
                None,
                format!(
                    "the document gives no date; the date given with the import, {given}, is used"
                ),
            ));
            m.opening.date = Some(given);
        }
        (None, None) => {
            return Err(NotMinutes(
                "no meeting date was found in the document: give the meeting's date with the \
                 import (?date=YYYY-MM-DD, the form field 'date', or --date on the command line)"
                    .into(),
            ));
        }
        _ => {}
    }
    Ok(())
}

/// Warns of what the clerk must supply: items (none found), the paragraph
/// of a restricted item, papers listed but not in the document.
fn warn_of_gaps(m: &mut Minutes) {
    if m.items.is_empty() {
        m.warnings.push(Warning::at(
            None,
            "no items were found (no numbered or titled headings); the text is kept as the meeting's preamble",
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
}

/// Items before the first numbered one that were printed without a number
/// ("Police Report: Attached. …" where a web page's list numbers were
/// lost): after the attendance list, two or more lines "Title: text" that
/// are not attendance lists, each with what follows it.
fn unnumbered_before(lines: &[Line], heads: &[Heading]) -> Vec<Heading> {
    static TITLED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[A-Z][A-Za-z\x{2019}'&/ -]{2,50}:\s*\S").unwrap_or_else(|_| unreachable!())
    });
    let Some(first) = heads
        .first()
        .filter(|h| h.number.is_some())
        .map(|h| h.start)
    else {
        return Vec::new();
    };
    let Some((present, text)) = (0..first).find_map(|i| {
        attendance::label(lines[i].trimmed())
            .filter(|(status, _)| *status == "present")
            .map(|(_, text)| (i, text))
    }) else {
        return Vec::new();
    };
    let (after, _) = preamble::list_extent(lines, present + 1, text);
    let titled: Vec<usize> = (after.max(present + 1)..first)
        .filter(|&i| TITLED.is_match(lines[i].trimmed()))
        .collect();
    let lists = |i: &usize| attendance::label(lines[*i].trimmed()).is_some();
    if titled.iter().filter(|i| !lists(i)).count() < 2 {
        return Vec::new();
    }
    let from = titled.iter().position(|i| !lists(i)).unwrap_or(0);
    titled[from..]
        .iter()
        .map(|&i| Heading {
            start: i,
            head: i,
            number: None,
            reference: None,
            rest: lines[i].trimmed().to_string(),
            doubt: Some("an item printed without a number, before the numbered ones".into()),
        })
        .collect()
}

/// One item: its heading (its title, and the text that runs on from it),
/// its own record and its lettered parts. `end` is where the next item
/// begins.
fn item(lines: &[Line], h: &Heading, end: usize, m: &mut Minutes) -> Item {
    let line_no = lines[h.start].no;
    let run_on = lines[h.head].split;
    let (mut rest, k) = heading_text(lines, h, end);
    let mut papers = Vec::new();
    if let Some((t, size)) = heading::paper(&rest) {
        papers.push((t.clone(), size));
        rest = t;
    }
    let (mut title, mut lead) = heading::split_title(&rest, run_on);
    if heading::kind(&title) == "apologies" && lead.is_none() {
        // "Apologies Tony Leggett working at the mill".
        (title, lead) = split_apologies_title(&title);
    }
    let title = title.trim().trim_end_matches(':').trim().to_string();
    let (title, in_title) = heading::parts_in_title(&title);
    let (title, marked) = heading::restriction(&title);
    // The item's own text, then its lettered parts (after a blank line).
    let mut own: Vec<&str> = Vec::new();
    if let Some(lead) = &lead {
        own.push(lead.as_str());
    }
    // Parts printed in the heading ("… Boards (a) Adults (b) Youth (c) …"),
    // whose text may follow under the same letters.
    let mut parts: Vec<PartLines<'_>> = in_title
        .into_iter()
        .map(|(letter, t)| (line_no, letter, t, Vec::new()))
        .collect();
    body_lines(&lines[k..end], &mut own, &mut parts, m);
    let raw = own
        .iter()
        .map(|l| l.trim())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let record = body::record(&own);
    let restricted = marked || record.restricted_notice;
    Item {
        kind: heading::kind(&title),
        number: h.number.clone(),
        reference: h.reference.clone(),
        title,
        restricted,
        record,
        parts: parts.into_iter().map(part).collect(),
        papers,
        line: line_no,
        last_line: lines[h.start..end]
            .iter()
            .rev()
            .find(|l| !l.trimmed().is_empty())
            .map_or(line_no, |l| l.no),
        raw,
    }
}

/// A lettered part as read: its line, letter, title and text lines.
type PartLines<'a> = (usize, String, String, Vec<&'a str>);

/// The whole heading of an item, as printed over one line or several (the
/// title above a "(Item 5)" reference, on the line after a bare number,
/// wrapped in capitals, or with its lettered parts wrapped), and the first
/// line after it.
fn heading_text(lines: &[Line], h: &Heading, end: usize) -> (String, usize) {
    let mut k = h.head + 1;
    let mut rest = h.rest.clone();
    if h.reference.is_some() && h.start < h.head && rest.is_empty() {
        // "Title" / "(Item 5)": the title stands above the reference.
        rest = lines[h.start..h.head]
            .iter()
            .map(Line::trimmed)
            .collect::<Vec<_>>()
            .join(" ");
    }
    if rest.is_empty() {
        while k < end && lines[k].trimmed().is_empty() {
            k += 1;
        }
        if k < end {
            rest = lines[k].trimmed().to_string();
            k += 1;
        }
    }
    // A heading in capitals wrapped onto a second line in capitals.
    if k < end
        && is_caps(&rest)
        && is_caps(lines[k].trimmed())
        && !lines[k].trimmed().is_empty()
        && numbers::heading_like(lines[k].trimmed(), None, false)
    {
        rest = format!("{rest} {}", lines[k].trimmed());
        k += 1;
    }
    // Lettered parts in a heading wrapped over lines ("(a) …" / "(b) …").
    while k < end
        && rest.contains("(a) ")
        && LATER_PART.is_match(lines[k].trimmed())
        && lines[k].trimmed().len() <= 160
    {
        rest = format!("{rest} {}", lines[k].trimmed());
        k += 1;
    }
    (rest, k)
}

/// Sorts an item's lines into its own text and its lettered parts (a part
/// begins after a blank line; one the heading named takes its text from
/// there); the closing time goes to the meeting.
fn body_lines<'a>(
    lines: &'a [Line],
    own: &mut Vec<&'a str>,
    parts: &mut Vec<PartLines<'a>>,
    m: &mut Minutes,
) {
    let from_title = parts.len();
    let mut current: Option<usize> = None;
    let mut prev_blank = true;
    for l in lines {
        let t = l.trimmed();
        if let Some(c) = CLOSED.captures(t.trim_end_matches('.')) {
            if let Some((end, _)) = opening::find_time(&c[1]) {
                // The minutes print the closing time from the meeting's end.
                m.ends = Some(end);
                continue;
            }
        }
        if t.starts_with("Confirmed as a true record on") {
            continue;
        }
        let part = if prev_blank {
            heading::part_heading(&l.text)
        } else {
            None
        };
        prev_blank = t.is_empty();
        if let Some((letter, t)) = part {
            let named = parts[..from_title]
                .iter()
                .position(|p| p.1 == letter && p.3.is_empty());
            current = Some(match named {
                Some(i) => {
                    // The heading named it; its text starts here.
                    if !t.eq_ignore_ascii_case(&parts[i].2) {
                        parts[i].3.push(l.text.as_str());
                    }
                    i
                }
                None => {
                    parts.push((l.no, letter, t, Vec::new()));
                    parts.len() - 1
                }
            });
            continue;
        }
        match current {
            Some(i) => parts[i].3.push(l.text.as_str()),
            None => own.push(l.text.as_str()),
        }
    }
}

/// A lettered part's record.
fn part((no, letter, t, ls): PartLines<'_>) -> Part {
    let (t, marked) = heading::restriction(&t);
    let record = body::record(&ls);
    Part {
        letter,
        title: t,
        restricted: marked || record.restricted_notice,
        record,
        line: no,
    }
}

fn is_caps(t: &str) -> bool {
    t.chars().any(char::is_alphabetic) && !t.chars().any(char::is_lowercase)
}

/// "Apologies Tony Leggett working at the mill" → ("Apologies", the rest).
fn split_apologies_title(title: &str) -> (String, Option<String>) {
    let lower = title.to_lowercase();
    for lead in ["apologies for absence", "apologies"] {
        if lower.starts_with(lead) {
            let rest = title[lead.len()..].trim();
            if !rest.is_empty()
                && rest.chars().next().is_some_and(char::is_uppercase)
                && !attendance::people(rest).is_empty()
            {
                return (title[..lead.len()].to_string(), Some(rest.to_string()));
            }
        }
    }
    (title.to_string(), None)
}

#[cfg(test)]
mod tests;

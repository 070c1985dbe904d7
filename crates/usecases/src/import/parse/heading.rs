//! Item headings: a minute number in the body's house style ("SSP/5/23",
//! "SSP 5/17", "SSP 144/10", also broken over lines as PDF extraction
//! leaves it), the title, the standard kind by its usual title, the
//! restriction mark, and the papers a modern.gov page lists with their size.

use regex::Regex;
use std::sync::LazyLock;

/// "SSP/5/23 Title", "SSP 5/17 Title", "CAB 12/23: Title", "HWB/3/2022 Title".
static PREFIXED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^([A-Z][A-Za-z]{0,9})(\s*/\s*|\s+|)(\d{1,4})\s*/\s*(\d{2}|\d{4})(?:[.:]|\s|$)\s*(.*)$",
    )
    .unwrap_or_else(|_| unreachable!())
});

/// "(a) Title", "a) Title", "(A) TITLE".
static PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\(?([a-zA-Z])\s?\)\s+(\S.*)$").unwrap_or_else(|_| unreachable!())
});

/// "Minutes pdf icon PDF 124 KB", "Report PDF 2 MB".
static PAPER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(.*?)\s*(?:pdf icon\s+|word icon\s+|docx icon\s+)?\b(PDF|DOCX?|XLSX?|PPTX?)\s+(\d+(?:\.\d+)?\s*(?:KB|MB|GB))\s*$")
        .unwrap_or_else(|_| unreachable!())
});

/// A minute number at the start of a line: (number as printed, running
/// number, two- or four-digit year, the rest of the line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Numbered {
    pub number: String,
    pub prefix: String,
    pub n: i32,
    /// The year printed in the number ("SSP/5/23"), if it has one.
    pub year: Option<i32>,
    pub rest: String,
}

impl Numbered {
    /// A number printed without a prefix ("46", "60.0", "18.11.1", "70/17").
    pub fn bare(printed: &str, value: i64, rest: &str) -> Numbered {
        Numbered {
            number: printed.to_string(),
            prefix: String::new(),
            n: i32::try_from(value).unwrap_or(i32::MAX),
            year: None,
            rest: rest.to_string(),
        }
    }
}

pub fn prefixed_number(line: &str, prefix: Option<&str>) -> Option<Numbered> {
    let c = PREFIXED.captures(line.trim())?;
    let p = &c[1];
    let known = prefix.is_some_and(|x| !x.is_empty() && x.eq_ignore_ascii_case(p));
    // A one-letter prefix only written tight to its number ("C048/23").
    if p.len() == 1 && !c.get(2).is_some_and(|m| m.as_str().is_empty()) {
        return None;
    }
    // Another prefix counts only in capitals (not "Covid 19/20").
    if !known && p.chars().any(|ch| ch.is_lowercase()) {
        return None;
    }
    let sep = c.get(2).map_or("", |m| m.as_str());
    let sep = if sep.contains('/') {
        "/"
    } else if sep.is_empty() {
        ""
    } else {
        " "
    };
    let n: i32 = c[3].parse().ok()?;
    let year: i32 = c[4].parse().ok()?;
    Some(Numbered {
        number: format!("{p}{sep}{n_raw}/{y}", n_raw = &c[3], y = &c[4]),
        prefix: p.to_string(),
        n,
        year: Some(year),
        rest: c.get(5).map_or("", |m| m.as_str()).trim().to_string(),
    })
}

/// A lettered part heading: short, and not a sentence of a list.
pub fn part_heading(line: &str) -> Option<(String, String)> {
    let c = PART.captures(line.trim())?;
    let title = c[2].trim();
    if title.chars().count() > 150 || title.ends_with([';', ',']) {
        return None;
    }
    // A sentence ("(a) That the report be noted.") is a list item, not a part.
    if title.ends_with('.') && title.split_whitespace().count() > 12 {
        return None;
    }
    Some((c[1].to_ascii_lowercase(), title.to_string()))
}

/// Lettered parts printed in a heading: "Minutes of Other Boards (a)
/// Safeguarding Adults Board (b) Youth Offending Board (c) Reducing
/// Reoffending Board" → ("Minutes of Other Boards", [(a, …), (b, …), (c, …)]).
/// Only a run from (a) in order counts; a heading without one is kept whole.
pub fn parts_in_title(title: &str) -> (String, Vec<(String, String)>) {
    static MARK: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?:^|\s)\(([a-z])\)\s+").unwrap_or_else(|_| unreachable!()));
    let marks: Vec<(usize, usize, char)> = MARK
        .captures_iter(title)
        .filter_map(|c| {
            let whole = c.get(0)?;
            let letter = c[1].chars().next()?;
            Some((whole.start(), whole.end(), letter))
        })
        .collect();
    let in_order = marks
        .iter()
        .enumerate()
        .all(|(k, m)| m.2 == (b'a' + k as u8) as char);
    if marks.len() < 2 || !in_order {
        return (title.to_string(), Vec::new());
    }
    let head = title[..marks[0].0]
        .trim()
        .trim_end_matches([':', '-', '–'])
        .trim();
    if head.is_empty() {
        return (title.to_string(), Vec::new());
    }
    let parts = marks
        .iter()
        .enumerate()
        .map(|(k, m)| {
            let end = marks.get(k + 1).map_or(title.len(), |n| n.0);
            (
                m.2.to_string(),
                title[m.1..end]
                    .trim()
                    .trim_end_matches([';', ','])
                    .trim()
                    .to_string(),
            )
        })
        .collect();
    (head.to_string(), parts)
}

/// A paper a modern.gov page lists beside a title: (title, "PDF 124 KB").
pub fn paper(title: &str) -> Option<(String, String)> {
    let c = PAPER.captures(title)?;
    Some((
        c[1].trim().to_string(),
        format!("{} {}", c[2].to_uppercase(), &c[3]),
    ))
}

/// The restriction mark of a title: the title without it, and whether the
/// item is restricted ("(Restricted)", "(Exempt)", "Not for publication",
/// "Confidential").
pub fn restriction(title: &str) -> (String, bool) {
    let lower = title.to_ascii_lowercase();
    for mark in [
        "(restricted)",
        "(exempt)",
        "(exempt information)",
        "(confidential)",
        "(not for publication)",
        "(private)",
    ] {
        if let Some(i) = lower.rfind(mark) {
            let mut t = String::new();
            t.push_str(title[..i].trim_end());
            let after = title[i + mark.len()..].trim();
            if !after.is_empty() {
                t.push(' ');
                t.push_str(after);
            }
            return (t.trim().to_string(), true);
        }
    }
    let restricted = lower.starts_with("exempt ")
        || lower.contains("not for publication")
        || lower.contains("schedule 12a")
        || lower.starts_with("restricted ")
        || lower.starts_with("confidential ");
    (title.to_string(), restricted)
}

/// The standard kind of an item by its usual title.
pub fn kind(title: &str) -> &'static str {
    let t: String = title
        .to_ascii_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let t = t.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.starts_with("apologies")
        || t.contains("apologies for absence")
        || (t.contains("apologies") && t.split_whitespace().count() <= 6)
    {
        "apologies"
    } else if t.starts_with("declaration") || t.contains("declarations of interest") {
        "declarations"
    } else if t == "minutes"
        || t.starts_with("minutes of the previous")
        || t.starts_with("minutes of the last")
        || t.starts_with("minutes of last")
        || t.starts_with("minutes of previous")
        || t.starts_with("minutes of the meeting")
        || t.starts_with("minutes of meeting")
        || t.starts_with("minutes of the previous meeting")
        || t.starts_with("confirmation of minutes")
        || t.starts_with("minutes 2")
        || t.starts_with("minutes 1")
    {
        "previous_minutes"
    } else if t.starts_with("matters arising") {
        "matters_arising"
    } else if t.starts_with("any other business")
        || t == "aob"
        || t.starts_with("any other urgent business")
        || t.starts_with("urgent business")
    {
        "any_other_business"
    } else if t.contains("next meeting") || t.starts_with("dates of future meetings") {
        "next_meeting"
    } else {
        "report"
    }
}

static SUB_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\s(?:\d{1,3}\.\d{1,2}\.?|\d{1,2}\.)\s?[A-Z\x{2018}'\x22]")
        .unwrap_or_else(|_| unreachable!())
});

const SENTENCE_STARTERS: &[&str] = &[
    "The",
    "A",
    "An",
    "It",
    "We",
    "This",
    "There",
    "These",
    "Those",
    "They",
    "He",
    "She",
    "Members",
    "All",
    "Following",
    "As",
    "Cllr",
    "Cllr.",
    "Cllrs",
    "Councillor",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
];

const VERBS: &[&str] = &[
    "was",
    "were",
    "is",
    "are",
    "has",
    "have",
    "had",
    "will",
    "would",
    "said",
    "reported",
    "declared",
    "asked",
    "gave",
    "presented",
    "introduced",
    "confirmed",
    "explained",
];

/// A heading line that runs on into its text ("Approval of Minutes The
/// minutes of … were confirmed", "Apologies for absence: Cllr Pocock.")
/// → its title and the text. A heading that is only a heading, however
/// long, keeps all its words.
pub fn split_title(rest: &str, run_on: bool) -> (String, Option<String>) {
    let rest = rest.trim();
    // "Title: text." — text of four words or more, or a sentence.
    if let Some(i) = rest.find(':') {
        let after = rest[i + 1..].trim();
        if i > 0
            && i <= 100
            && !after.is_empty()
            && (after.split_whitespace().count() >= 4 || after.ends_with('.') || run_on)
        {
            return (rest[..i].trim().to_string(), Some(after.to_string()));
        }
    }
    if !run_on && rest.len() <= 100 {
        return (rest.to_string(), None);
    }
    let words: Vec<&str> = rest.split_whitespace().collect();
    let mut cut = words.len();
    for (k, w) in words.iter().enumerate().skip(1) {
        if *w == "•" || *w == "-" || *w == "–" {
            cut = k;
            break;
        }
        if w.trim_end_matches('.')
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.')
            && w.ends_with('.')
        {
            cut = k;
            break;
        }
        if SENTENCE_STARTERS.contains(w) {
            cut = k;
            break;
        }
        if VERBS.contains(w) {
            // The verb's subject (a name of up to two words) starts the text.
            let mut s = k;
            while s > 1 && k - s < 2 && words[s - 1].chars().next().is_some_and(char::is_uppercase)
            {
                s -= 1;
            }
            cut = s;
            break;
        }
        if words[k - 1].ends_with(['.', ';']) && k >= 2 {
            cut = k;
            break;
        }
    }
    let mut title = words[..cut].join(" ");
    if let Some(m) = SUB_NUMBER.find(&format!(" {title}")) {
        let at = m.start();
        if at > 0 {
            title = title[..at - 1].to_string();
        }
    }
    let title = title.trim().to_string();
    if title.is_empty() || title.len() >= rest.len() {
        return (rest.to_string(), None);
    }
    // The text starts at the word after the title's last, in `rest` as
    // printed (its spacing may not be single spaces).
    let taken = title.split_whitespace().count();
    let text = rest
        .split_whitespace()
        .nth(taken)
        .map_or("", |w| {
            &rest[w.as_ptr() as usize - rest.as_ptr() as usize..]
        })
        .trim()
        .to_string();
    (title, (!text.is_empty()).then_some(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minute_numbers_in_several_house_styles() {
        let a =
            prefixed_number("SSP/5/23 Public Space Protection Order Update", Some("SSP")).unwrap();
        assert_eq!((a.number.as_str(), a.n, a.year), ("SSP/5/23", 5, Some(23)));
        assert_eq!(a.rest, "Public Space Protection Order Update");
        let b = prefixed_number("SSP 8/17 Declarations of Interest", Some("SSP")).unwrap();
        assert_eq!(b.number, "SSP 8/17");
        let c = prefixed_number("SSP/1/23", Some("SSP")).unwrap();
        assert_eq!(c.rest, "");
        let d = prefixed_number("HWB 12/2022: Better Care Fund", None).unwrap();
        assert_eq!(
            (d.number.as_str(), d.n, d.year),
            ("HWB 12/2022", 12, Some(2022))
        );
        assert_eq!(d.rest, "Better Care Fund");
    }

    #[test]
    fn text_that_is_not_a_minute_number() {
        assert!(prefixed_number("Covid 19/20 spending was discussed", Some("SSP")).is_none());
        assert!(prefixed_number("19 Antisocial Behaviour hotspots", Some("SSP")).is_none());
        assert!(prefixed_number("March 23 to March 24", Some("SSP")).is_none());
    }

    #[test]
    fn headings_that_run_on_into_their_text() {
        let t = |s: &str| split_title(s, true);
        assert_eq!(
            t("Approval of Minutes The minutes of the meeting held on 04.03.19 were confirmed as a true record."),
            ("Approval of Minutes".into(), Some("The minutes of the meeting held on 04.03.19 were confirmed as a true record.".into()))
        );
        assert_eq!(
            t("Reports 5.1 Chairman’s Report • The new website").0,
            "Reports"
        );
        assert_eq!(t("KLWNBC We have discussed about the fact").0, "KLWNBC");
        assert_eq!(
            t("Action points 1. Terms of Reference will be agreed").0,
            "Action points"
        );
        assert_eq!(
            split_title("Police Report: Attached. No presence.", false),
            (
                "Police Report".into(),
                Some("Attached. No presence.".into())
            )
        );
        assert_eq!(
            split_title("Serious Violence Duty: Partnership Update", false),
            ("Serious Violence Duty: Partnership Update".into(), None)
        );
        let long = "Recommendations of the Overview and Scrutiny Committee on the review of the Council's arrangements for managing flood risk in rural areas";
        assert_eq!(split_title(long, false), (long.into(), None));
    }

    #[test]
    fn a_heading_spaced_unevenly_splits_without_panicking() {
        let (t, rest) = split_title(
            "Approval  of\u{2003}Minutes  The minutes were approved — été.",
            true,
        );
        assert_eq!(t, "Approval of Minutes");
        assert_eq!(rest.as_deref(), Some("The minutes were approved — été."));
        let (t, rest) = split_title("Reports  éé 5.1 Chairman’s Report", true);
        assert_eq!(t, "Reports éé");
        assert_eq!(rest.as_deref(), Some("5.1 Chairman’s Report"));
    }

    #[test]
    fn lettered_parts_printed_in_the_heading() {
        let (t, p) = parts_in_title(
            "Minutes of Other Boards (a) Safeguarding Adults Board (b) Youth Offending Board (c) Reducing Reoffending Board",
        );
        assert_eq!(t, "Minutes of Other Boards");
        assert_eq!(
            p,
            vec![
                ("a".into(), "Safeguarding Adults Board".into()),
                ("b".into(), "Youth Offending Board".into()),
                ("c".into(), "Reducing Reoffending Board".into())
            ]
        );
        assert!(parts_in_title("Report (a) only").1.is_empty());
        assert!(parts_in_title("Budget (b) and (a) reversed").1.is_empty());
    }

    #[test]
    fn lettered_parts() {
        assert_eq!(
            part_heading("(a) Minutes of the Safeguarding Adults Board").unwrap(),
            (
                "a".into(),
                "Minutes of the Safeguarding Adults Board".into()
            )
        );
        assert_eq!(part_heading("(B) DRUGS REHABILITATION").unwrap().0, "b");
        assert!(part_heading("(a) that the council write to the Home Office asking for funding to be restored in full next year.").is_none());
        assert!(part_heading("a) the first point;").is_none());
    }

    #[test]
    fn papers_with_their_size() {
        assert_eq!(
            paper("Minutes pdf icon PDF 124 KB").unwrap(),
            ("Minutes".into(), "PDF 124 KB".into())
        );
        assert_eq!(
            paper("PCC Presentation pdf icon PDF 2 MB").unwrap().1,
            "PDF 2 MB"
        );
        assert!(paper("Serious Violence - Curve Update").is_none());
    }

    #[test]
    fn restricted_titles() {
        assert_eq!(
            restriction("iQuanta Report (Restricted)"),
            ("iQuanta Report".into(), true)
        );
        assert!(restriction("Exempt Information - Contract Award").1);
        assert!(!restriction("Recorded Crime and Disorder Report").1);
    }

    #[test]
    fn standard_kinds_by_title() {
        assert_eq!(kind("Apologies for Absence"), "apologies");
        assert_eq!(kind("Declarations of Interest"), "declarations");
        assert_eq!(kind("Minutes"), "previous_minutes");
        assert_eq!(
            kind("MINUTES OF THE PREVIOUS MEETING - 15TH FEBRUARY 2011"),
            "previous_minutes"
        );
        assert_eq!(kind("Matters Arising:"), "matters_arising");
        assert_eq!(kind("Any Other Business"), "any_other_business");
        assert_eq!(kind("Date and Time of Next Meeting"), "next_meeting");
        assert_eq!(
            kind("Minutes of Safeguarding Adults Committee 13 January 2011"),
            "report"
        );
        assert_eq!(kind("Off-Road Bikes and E-Scooters"), "report");
    }
}

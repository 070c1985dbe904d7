//! The opening of minutes: "A meeting of X was held on Tuesday, 4th April,
//! 2017 at 9.30 am in Room 1." (time and venue optional), a modern.gov
//! header "X - Wednesday 19th July, 2023 9.00 am", or "Date:" / "Time:" /
//! "Venue:" / "Place:" labels.

use chrono::{NaiveDate, NaiveTime};
use regex::Regex;
use std::sync::LazyLock;

const MONTHS: &str = "January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec|Ionawr|Chwefror|Mawrth|Ebrill|Mai|Mehefin|Gorffennaf|Awst|Medi|Hydref|Tachwedd|Rhagfyr";

/// The months in Welsh, for a community council's minutes.
const WELSH_MONTHS: [&str; 12] = [
    "ionawr",
    "chwefror",
    "mawrth",
    "ebrill",
    "mai",
    "mehefin",
    "gorffennaf",
    "awst",
    "medi",
    "hydref",
    "tachwedd",
    "rhagfyr",
];

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({MONTHS})\.?,?\s+(\d{{4}})"
    ))
    .unwrap_or_else(|_| unreachable!())
});

static NUMERIC_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(\d{1,2})([/.])(\d{1,2})([/.])(\d{4}|\d{2})\b")
        .unwrap_or_else(|_| unreachable!())
});

/// "June 1st, 2017".
static MONTH_FIRST: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b({MONTHS})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})"
    ))
    .unwrap_or_else(|_| unreachable!())
});

static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(\d{1,2})(?:[.:](\d{2}))?\s*(a\.?m\.?|p\.?m\.?)(?:\W|$)|\b(noon)\b|\b(\d{1,2})[:.](\d{2})\b")
        .unwrap_or_else(|_| unreachable!())
});

static HELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^\s*(?:a|the)\s+(?:\w+\s+)?meeting\s+of\s+(?:the\s+)?(.+?)\s+(?:was|were)\s+held\s+(?:on\s+)?(.*)$")
        .unwrap_or_else(|_| unreachable!())
});

/// What the opening says.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Opening {
    pub body_name: Option<String>,
    pub date: Option<NaiveDate>,
    pub time: Option<NaiveTime>,
    pub venue: Option<String>,
}

fn month_number(name: &str) -> Option<u32> {
    let n = name.to_ascii_lowercase();
    if let Some(i) = WELSH_MONTHS.iter().position(|m| *m == n) {
        return u32::try_from(i).ok().map(|i| i + 1);
    }
    let all = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    all.iter()
        .position(|m| n.starts_with(m))
        .map(|i| i as u32 + 1)
}

/// The first date written out in `s` ("4th April, 2017", "9th of May
/// 2018", "June 1st, 2017", "17/07/2024", "01.06.17"), and where it ends.
/// A date in words is preferred to one in figures.
pub fn find_date(s: &str) -> Option<(NaiveDate, usize)> {
    find_worded_date(s).or_else(|| find_numeric_date(s))
}

pub fn find_worded_date(s: &str) -> Option<(NaiveDate, usize)> {
    let a = DATE.captures_iter(s).find_map(|c| {
        let d: u32 = c[1].parse().ok()?;
        let m = month_number(&c[2])?;
        let y: i32 = c[3].parse().ok()?;
        let whole = c.get(0)?;
        NaiveDate::from_ymd_opt(y, m, d).map(|date| (date, whole.start(), whole.end()))
    });
    let b = MONTH_FIRST.captures_iter(s).find_map(|c| {
        let m = month_number(&c[1])?;
        let d: u32 = c[2].parse().ok()?;
        let y: i32 = c[3].parse().ok()?;
        let whole = c.get(0)?;
        NaiveDate::from_ymd_opt(y, m, d).map(|date| (date, whole.start(), whole.end()))
    });
    match (a, b) {
        (Some(a), Some(b)) => Some(if a.1 <= b.1 { (a.0, a.2) } else { (b.0, b.2) }),
        (Some(a), None) => Some((a.0, a.2)),
        (None, Some(b)) => Some((b.0, b.2)),
        (None, None) => None,
    }
}

pub fn find_numeric_date(s: &str) -> Option<(NaiveDate, usize)> {
    NUMERIC_DATE.captures_iter(s).find_map(|c| {
        // The same separator twice: "1/6/2017", "01.06.17".
        if c[2] != c[4] {
            return None;
        }
        let d: u32 = c[1].parse().ok()?;
        let m: u32 = c[3].parse().ok()?;
        let raw = &c[5];
        let mut y: i32 = raw.parse().ok()?;
        if raw.len() == 2 {
            y += if y > 60 { 1900 } else { 2000 };
        }
        let end = c.get(0)?.end();
        NaiveDate::from_ymd_opt(y, m, d).map(|date| (date, end))
    })
}

/// The first clock time in `s` ("9.00 am", "10:30am", "2pm", "noon",
/// "14:00"), and where it ends.
pub fn find_time(s: &str) -> Option<(NaiveTime, usize)> {
    let c = TIME.captures(s)?;
    let end = c.get(0)?.end();
    if c.get(4).is_some() {
        return NaiveTime::from_hms_opt(12, 0, 0).map(|t| (t, end));
    }
    if let (Some(h), Some(m)) = (c.get(5), c.get(6)) {
        let h: u32 = h.as_str().parse().ok()?;
        let m: u32 = m.as_str().parse().ok()?;
        return NaiveTime::from_hms_opt(h, m, 0).map(|t| (t, end));
    }
    let mut h: u32 = c.get(1)?.as_str().parse().ok()?;
    let m: u32 = c.get(2).map_or(Some(0), |m| m.as_str().parse().ok())?;
    let pm = c.get(3)?.as_str().to_ascii_lowercase().starts_with('p');
    if h == 0 || h > 12 {
        return None;
    }
    if pm && h != 12 {
        h += 12;
    }
    if !pm && h == 12 {
        h = 0;
    }
    NaiveTime::from_hms_opt(h, m, 0).map(|t| (t, end))
}

/// "A meeting of Safer Stockton Partnership was held on Tuesday, 4th
/// April, 2017 at 9.30 am in Room 1." → the body, date, time and venue.
pub fn held_sentence(line: &str) -> Option<Opening> {
    let c = HELD.captures(line)?;
    let body = c[1].trim().to_string();
    let rest = c.get(2)?.as_str();
    let (date, after_date) = find_date(rest)?;
    let mut tail = &rest[after_date..];
    let mut time = None;
    let trimmed = tail.trim_start_matches([',', ' ']);
    let at = trimmed
        .strip_prefix("at ")
        .or_else(|| trimmed.strip_prefix("commencing at "));
    if let Some(after_at) = at {
        if let Some((t, end)) = find_time(after_at) {
            if after_at[..end].trim_end().len() <= 12 {
                time = Some(t);
                tail = &after_at[end..];
            }
        }
    }
    let tail = tail.trim().trim_end_matches('.').trim();
    let venue = tail
        .strip_prefix("in ")
        .or_else(|| tail.strip_prefix("at "))
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty());
    Some(Opening {
        body_name: Some(body),
        date: Some(date),
        time,
        venue,
    })
}

/// A modern.gov header line: "Safer Stockton Partnership - Wednesday 19th
/// July, 2023 9.00 am".
pub fn moderngov_header(line: &str) -> Option<Opening> {
    let (body, rest) = line.split_once(" - ")?;
    let (date, end) = find_date(rest)?;
    if rest[..end].split_whitespace().count() > 5 {
        return None;
    }
    Some(Opening {
        body_name: Some(body.trim().to_string()),
        date: Some(date),
        time: find_time(&rest[end..]).map(|(t, _)| t),
        venue: None,
    })
}

/// The venue an opening names: after "held in", "held at" or " in " (its
/// date and time taken out), to the end of the sentence; a venue in
/// capitals is given capitals only at the start of each word.
pub fn venue_in(text: &str) -> Option<String> {
    let mut s = text.to_string();
    for re in [&*DATE, &*MONTH_FIRST, &*NUMERIC_DATE] {
        s = re.replace_all(&s, " | ").into_owned();
    }
    if let Some((_, end)) = find_time(&s) {
        let start = TIME.find(&s).map_or(end, |m| m.start());
        s.replace_range(start..end, " | ");
    }
    let lower = s.to_lowercase();
    let at = ["held in ", "held at ", " in the ", " in ", "venue: "]
        .iter()
        .find_map(|m| lower.find(m).map(|i| i + m.len()))?;
    let rest = &s[at..];
    let end = rest
        .find(['|', '('])
        .into_iter()
        .chain(rest.find(". "))
        .chain(rest.find(" on "))
        .chain(rest.to_lowercase().find(" commencing"))
        .min()
        .unwrap_or(rest.len());
    let mut v = rest[..end]
        .trim()
        .trim_end_matches(['.', ',', ' '])
        .trim()
        .to_string();
    for lead in ["the ", "The ", "THE "] {
        if let Some(r) = v.strip_prefix(lead) {
            v = r.to_string();
        }
    }
    // A weekday left before the date ("… WRETTON MONDAY").
    let weekdays = [
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    if let Some((head, last)) = v.rsplit_once(' ') {
        if weekdays.contains(&last.trim_end_matches(',').to_lowercase().as_str()) {
            v = head.trim_end_matches(',').to_string();
        }
    }
    if v.len() < 3 || v.chars().next().is_some_and(|c| c.is_ascii_digit()) {
        return None;
    }
    if !v.chars().any(char::is_lowercase) {
        v = v
            .split(' ')
            .map(|w| {
                let mut c = w.chars();
                match c.next() {
                    Some(f) => f
                        .to_uppercase()
                        .chain(c.flat_map(char::to_lowercase))
                        .collect(),
                    None => String::new(),
                }
            })
            .collect::<Vec<String>>()
            .join(" ");
    }
    Some(v.chars().take(300).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn held_sentence_without_time_or_venue() {
        let o = held_sentence(
            "A meeting of Safer Stockton Partnership was held on Tuesday, 4th April, 2017.",
        )
        .unwrap();
        assert_eq!(o.body_name.as_deref(), Some("Safer Stockton Partnership"));
        assert_eq!(o.date, d(2017, 4, 4));
        assert_eq!(o.time, None);
        assert_eq!(o.venue, None);
    }

    #[test]
    fn held_sentence_with_time_and_venue() {
        let o = held_sentence("A meeting of Safer Stockton Partnership was held on Wednesday, 19th July, 2023 at 9.00 am in Meeting Room 1, Jim Cooke Conference Suite, Church Road, Stockton on Tees, TS18 1TU.").unwrap();
        assert_eq!(o.date, d(2023, 7, 19));
        assert_eq!(o.time, NaiveTime::from_hms_opt(9, 0, 0));
        assert_eq!(
            o.venue.as_deref(),
            Some("Meeting Room 1, Jim Cooke Conference Suite, Church Road, Stockton on Tees, TS18 1TU")
        );
    }

    #[test]
    fn held_sentence_of_the_body_without_weekday_comma() {
        let o = held_sentence(
            "A meeting of the Safer Stockton Partnership was held on Tuesday 12th September 2006.",
        )
        .unwrap();
        assert_eq!(o.body_name.as_deref(), Some("Safer Stockton Partnership"));
        assert_eq!(o.date, d(2006, 9, 12));
    }

    #[test]
    fn times_in_several_styles() {
        assert_eq!(
            find_time("2.30 pm").unwrap().0,
            NaiveTime::from_hms_opt(14, 30, 0).unwrap()
        );
        assert_eq!(
            find_time("10am").unwrap().0,
            NaiveTime::from_hms_opt(10, 0, 0).unwrap()
        );
        assert_eq!(
            find_time("09.30 a.m.").unwrap().0,
            NaiveTime::from_hms_opt(9, 30, 0).unwrap()
        );
        assert_eq!(
            find_time("12 noon").unwrap().0,
            NaiveTime::from_hms_opt(12, 0, 0).unwrap()
        );
        assert_eq!(
            find_time("18:00").unwrap().0,
            NaiveTime::from_hms_opt(18, 0, 0).unwrap()
        );
    }

    #[test]
    fn moderngov_header_gives_date_and_time() {
        let o = moderngov_header("Safer Stockton Partnership - Wednesday 19th July, 2023 9.00 am")
            .unwrap();
        assert_eq!(o.date, d(2023, 7, 19));
        assert_eq!(o.time, NaiveTime::from_hms_opt(9, 0, 0));
        assert!(moderngov_header("Curve - an update on serious violence").is_none());
    }

    #[test]
    fn dates_and_venues_of_parish_minutes() {
        assert_eq!(
            find_date("Wednesday 9th of May 2018").unwrap().0,
            d(2018, 5, 9).unwrap()
        );
        assert_eq!(
            find_date("held on 01.06.17").unwrap().0,
            d(2017, 6, 1).unwrap()
        );
        assert_eq!(
            find_date("June 1st, 2017").unwrap().0,
            d(2017, 6, 1).unwrap()
        );
        assert_eq!(
            find_date("3/18/1963/HH on 1/6/2017").unwrap().0,
            d(2017, 6, 1).unwrap()
        );
        assert_eq!(
            venue_in("HELD ON 10TH OCTOBER 2018 AT 19.00 IN HERTINGFORDBURY COWPER SCHOOL")
                .as_deref(),
            Some("Hertingfordbury Cowper School")
        );
        assert_eq!(
            venue_in("MINUTES of the meeting held in the Darent Room, Sessions House, County Hall, Maidstone.").as_deref(),
            Some("Darent Room, Sessions House, County Hall, Maidstone")
        );
        assert_eq!(
            venue_in("Minutes of a meeting held on Monday 24th September 2018 at 7.00pm in Tintern Village Hall.").as_deref(),
            Some("Tintern Village Hall")
        );
        assert_eq!(
            venue_in("MINUTES OF WRETTON PARISH COUNCIL MEETING HELD AT ALL SAINTS CHURCH WRETTON MONDAY 13TH MAY 2019").as_deref(),
            Some("All Saints Church Wretton")
        );
        assert_eq!(
            venue_in("STOKE FERRY FEED MILL Wednesday 9th of May 2018"),
            None
        );
    }

    #[test]
    fn numeric_dates() {
        assert_eq!(
            find_date("held on Wednesday 17/07/2024.").unwrap().0,
            d(2024, 7, 17).unwrap()
        );
    }
}

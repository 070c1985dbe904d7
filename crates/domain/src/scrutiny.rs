//! The rules of scrutiny monitoring: assessment grades, the flags a clerk
//! should look at, reading the dates clerks write as free text ("March
//! 2022", "1 st October 2022", "May 2022 (Development of protocol)
//! September 2022 (Assessment of protocol)"), when a recommendation is
//! overdue and when a review is due for its progress update.

use chrono::{Datelike, Months, NaiveDate};
use std::fmt;

/// The assessment of progress a round gives a recommendation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Grade {
    FullyAchieved = 1,
    OnTrack = 2,
    Slipped = 3,
    NotAchieved = 4,
}

/// What a clerk is told when a grade is not one of the four.
pub const GRADE_MESSAGE: &str =
    "must be 1 (Fully Achieved), 2 (On-Track), 3 (Slipped) or 4 (Not Achieved)";

impl Grade {
    /// In the order of the grading key.
    pub const ALL: [Grade; 4] = [
        Grade::FullyAchieved,
        Grade::OnTrack,
        Grade::Slipped,
        Grade::NotAchieved,
    ];

    pub fn number(self) -> u8 {
        self as u8
    }

    /// As the grading key writes it: "Fully Achieved", "On-Track", …
    pub fn label(self) -> &'static str {
        match self {
            Grade::FullyAchieved => "Fully Achieved",
            Grade::OnTrack => "On-Track",
            Grade::Slipped => "Slipped",
            Grade::NotAchieved => "Not Achieved",
        }
    }

    /// A stable name for JSON: `fully_achieved`, `on_track`, …
    pub fn key(self) -> &'static str {
        match self {
            Grade::FullyAchieved => "fully_achieved",
            Grade::OnTrack => "on_track",
            Grade::Slipped => "slipped",
            Grade::NotAchieved => "not_achieved",
        }
    }
}

impl TryFrom<u8> for Grade {
    type Error = &'static str;
    fn try_from(n: u8) -> Result<Grade, &'static str> {
        match n {
            1 => Ok(Grade::FullyAchieved),
            2 => Ok(Grade::OnTrack),
            3 => Ok(Grade::Slipped),
            4 => Ok(Grade::NotAchieved),
            _ => Err(GRADE_MESSAGE),
        }
    }
}

impl TryFrom<i64> for Grade {
    type Error = &'static str;
    fn try_from(n: i64) -> Result<Grade, &'static str> {
        u8::try_from(n)
            .map_err(|_| GRADE_MESSAGE)
            .and_then(Grade::try_from)
    }
}

impl TryFrom<i32> for Grade {
    type Error = &'static str;
    fn try_from(n: i32) -> Result<Grade, &'static str> {
        Grade::try_from(i64::from(n))
    }
}

/// "2 (On-Track)", as the progress report writes an assessment.
impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.number(), self.label())
    }
}

/// A Slipped grade given without saying why: accepted, but the report
/// asks for an explanation ("include explanation if required").
pub const SLIPPED_WITHOUT_EXPLANATION: &str = "slipped_without_explanation";

/// What a clerk should look at in a round before the report goes out.
pub fn flags(grade: Grade, explanation: Option<&str>) -> Vec<&'static str> {
    let explained = explanation.is_some_and(|e| !e.trim().is_empty());
    let mut out = Vec::new();
    if grade == Grade::Slipped && !explained {
        out.push(SLIPPED_WITHOUT_EXPLANATION);
    }
    out
}

/// The period folded for comparison, so "November 2022" and
/// " november  2022" are the same round.
pub fn period_key(period: &str) -> String {
    period
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Checks a period name: free text that names the round, e.g. "November
/// 2022" or "Quarter 3 2022/23".
pub fn parse_period(period: &str) -> Result<String, &'static str> {
    let p = period.split_whitespace().collect::<Vec<_>>().join(" ");
    if p.is_empty() {
        Err("is required: the round's period, e.g. November 2022")
    } else if p.chars().count() > 100 {
        Err("must be at most 100 characters")
    } else {
        Ok(p)
    }
}

/// A recommendation's number: `2`, or a label such as `3a` or `R4`.
pub fn parse_number(raw: &str) -> Result<String, &'static str> {
    let n = raw.trim();
    let n = n
        .strip_prefix("Recommendation")
        .or_else(|| n.strip_prefix("recommendation"))
        .unwrap_or(n)
        .trim()
        .trim_end_matches([':', '.', ')'])
        .trim();
    if n.is_empty() {
        return Err("is required, e.g. 2");
    }
    if n.chars().count() > 20
        || !n
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '/' | '(' | ')'))
    {
        return Err("must be a number such as 2 or a short label such as 3a");
    }
    Ok(n.to_string())
}

/// Orders recommendation numbers as a reader would: 2 before 10, 3 before
/// 3a before 3b; labels without a number last.
pub fn number_sort_key(number: &str) -> i32 {
    let digits: String = number
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit())
        .collect();
    let n: i32 = digits.parse().unwrap_or(99_999).min(99_999);
    let suffix = number
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .skip_while(|c| c.is_ascii_digit())
        .find(|c| c.is_ascii_alphabetic())
        .map(|c| (c.to_ascii_lowercase() as i32) - ('a' as i32) + 1)
        .unwrap_or(0);
    n * 100 + suffix.clamp(0, 99)
}

/// The letter inside a marker: "a" in "a", "a)", "(a)", "A.".
fn letter_core(raw: &str) -> &str {
    let t = raw.trim();
    let t = t.strip_prefix('(').unwrap_or(t);
    t.strip_suffix(')')
        .or_else(|| t.strip_suffix('.'))
        .unwrap_or(t)
        .trim()
}

/// A part's letter, kept as the clerk wrote it ("a", "a)", "(a)"), so the
/// documents show it in the house style; it must hold one to four letters
/// (a, b, …, aa, or a roman numeral such as iv).
pub fn parse_letter(raw: &str) -> Result<String, &'static str> {
    let core = letter_core(raw);
    if core.is_empty() || core.len() > 4 || !core.chars().all(|c| c.is_ascii_alphanumeric()) {
        Err("must be a letter such as a, b or c (also written a) or (a))")
    } else {
        Ok(raw.trim().to_string())
    }
}

/// Two letters are the same part when they differ only in marker or case:
/// "a", "a)" and "(A)".
pub fn letter_key(letter: &str) -> String {
    letter_core(letter).to_lowercase()
}

/// How a part is labelled in a document: "a)" for a bare letter, or the
/// marker as written ("(a)", "a.").
pub fn letter_label(letter: &str) -> String {
    let t = letter.trim();
    if t.ends_with(')') || t.ends_with('.') {
        t.to_string()
    } else {
        format!("{t})")
    }
}

/// The letter of the `i`th part (from 0): a, b, …, z, aa, ab, …
pub fn letter_for(i: usize) -> String {
    let alphabet = |k: usize| char::from(b'a' + (k % 26) as u8);
    if i < 26 {
        alphabet(i).to_string()
    } else {
        format!("{}{}", alphabet(i / 26 - 1), alphabet(i))
    }
}

/// A part typed with its letter in front, "a) That …" or "(a) That …":
/// the marker as typed, and the rest.
pub fn split_letter(text: &str) -> Option<(String, String)> {
    let t = text.trim_start();
    let inner = t.strip_prefix('(').unwrap_or(t);
    let close = inner.find(')')?;
    let letter = &inner[..close];
    let after = &inner[close + 1..];
    let rest = after.trim_start();
    let ok = (1..=4).contains(&letter.len())
        && letter.chars().all(|c| c.is_ascii_lowercase())
        && !rest.is_empty()
        && after.starts_with(char::is_whitespace);
    let marker = &t[..t.len() - after.len()];
    ok.then(|| (marker.to_string(), rest.to_string()))
}

/// "PROGRESS UPDATE: Review of Public Spaces Protection Orders (PSPOs)",
/// without doubling "Review of" when the title already says it.
pub fn report_heading(title: &str) -> String {
    let t = title.trim();
    let lower = t.to_lowercase();
    if lower.starts_with("review of ") || lower.starts_with("scrutiny review of ") {
        format!("PROGRESS UPDATE: {t}")
    } else {
        format!("PROGRESS UPDATE: Review of {t}")
    }
}

/// A span of days a phrase names: a day names one day, a month the whole
/// month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateSpan {
    pub first: NaiveDate,
    pub last: NaiveDate,
}

fn month_number(word: &str) -> Option<u32> {
    let w = word.to_lowercase();
    let w = w.trim_end_matches('.');
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    if w == "sept" {
        return Some(9);
    }
    MONTHS
        .iter()
        .position(|m| *m == w || (w.len() == 3 && m.starts_with(w)))
        .map(|i| i as u32 + 1)
}

fn month_span(year: i32, month: u32) -> Option<DateSpan> {
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let last = first.checked_add_months(Months::new(1))?.pred_opt()?;
    Some(DateSpan { first, last })
}

fn day_span(d: NaiveDate) -> DateSpan {
    DateSpan { first: d, last: d }
}

fn plausible_year(y: i32) -> bool {
    (1900..=2200).contains(&y)
}

/// `2022-10-01` or `01/10/2022` (UK order).
fn numeric_date(token: &str) -> Option<NaiveDate> {
    if let Ok(d) = NaiveDate::parse_from_str(token, "%Y-%m-%d") {
        return plausible_year(d.year()).then_some(d);
    }
    let bits: Vec<&str> = token.split(['/', '.']).collect();
    if let [d, m, y] = bits[..] {
        let (d, m, y): (u32, u32, i32) = (d.parse().ok()?, m.parse().ok()?, y.parse().ok()?);
        let y = if (0..100).contains(&y) { 2000 + y } else { y };
        let date = NaiveDate::from_ymd_opt(y, m, d)?;
        return plausible_year(y).then_some(date);
    }
    None
}

/// Every date a free-text phrase names, in order: "1st October 2022",
/// "1 st October 2022", "October 1, 2022", "Oct 2022", "March 2022",
/// "2022-10-01", "01/10/2022". Words that name no date ("Ongoing",
/// "TBC") give none.
pub fn dates_in(text: &str) -> Vec<DateSpan> {
    let tokens: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | ';' | '–' | '—'))
        .filter(|t| !t.is_empty())
        .collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let tok = tokens[i];
        if let Some(d) = numeric_date(tok) {
            out.push(day_span(d));
            i += 1;
            continue;
        }
        let Some(month) = month_number(tok) else {
            i += 1;
            continue;
        };
        // The day, if any, comes before the month ("1st", "1 st") or just
        // after it ("October 1, 2022").
        let day_before = day_before(&tokens, i);
        let mut j = i + 1;
        let mut day_after = None;
        if let Some(d) = tokens.get(j).and_then(|t| day_number(t)) {
            if tokens
                .get(j + 1)
                .and_then(|t| t.parse::<i32>().ok())
                .is_some_and(plausible_year)
            {
                day_after = Some(d);
                j += 1;
            }
        }
        let Some(year) = tokens
            .get(j)
            .and_then(|t| t.trim_end_matches('.').parse::<i32>().ok())
            .filter(|y| plausible_year(*y))
        else {
            i += 1;
            continue;
        };
        let span = match day_before.or(day_after) {
            Some(d) => NaiveDate::from_ymd_opt(year, month, d).map(day_span),
            None => month_span(year, month),
        };
        if let Some(s) = span {
            out.push(s);
        }
        i = j + 1;
    }
    out
}

/// "1st", "22nd", "3", "31st" → the day of the month.
fn day_number(token: &str) -> Option<u32> {
    let t = token.to_lowercase();
    let digits: String = t.chars().take_while(|c| c.is_ascii_digit()).collect();
    let rest = &t[digits.len()..];
    if digits.is_empty() || !matches!(rest, "" | "st" | "nd" | "rd" | "th") {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

/// The day written before the month at `i`: "1st October", "1 st October",
/// "the 1st of October".
fn day_before(tokens: &[&str], i: usize) -> Option<u32> {
    let mut k = i.checked_sub(1)?;
    if tokens[k].eq_ignore_ascii_case("of") {
        k = k.checked_sub(1)?;
    }
    let tok = tokens[k];
    if matches!(tok.to_lowercase().as_str(), "st" | "nd" | "rd" | "th") {
        let d = tokens.get(k.checked_sub(1)?)?;
        if d.chars().all(|c| c.is_ascii_digit()) {
            return day_number(d);
        }
        return None;
    }
    day_number(tok)
}

/// When a free-text date such as an action plan's "March 2022" begins.
pub fn first_date(text: &str) -> Option<NaiveDate> {
    dates_in(text).into_iter().map(|s| s.first).min()
}

/// The last day a target such as "May 2022 (Development of protocol)
/// September 2022 (Assessment of protocol)" allows: the end of the latest
/// date it names.
pub fn target_deadline(text: &str) -> Option<NaiveDate> {
    dates_in(text).into_iter().map(|s| s.last).max()
}

/// A recommendation is overdue when its target date has passed and its
/// latest assessment is not Fully Achieved (or there is none yet).
pub fn is_overdue(target: Option<NaiveDate>, latest: Option<Grade>, today: NaiveDate) -> bool {
    target.is_some_and(|t| t < today) && latest != Some(Grade::FullyAchieved)
}

/// Progress updates come back about twelve months after the action plan
/// was agreed, and again about twelve months after the last round while
/// anything is still outstanding.
pub const UPDATE_INTERVAL_MONTHS: u32 = 12;

/// When a review's next progress update is due: twelve months after its
/// latest round, or after the action plan was agreed if there has been no
/// round. None when every recommendation is Fully Achieved (nothing left
/// to monitor) or nothing says when the plan was agreed.
pub fn next_update_due(
    agreed: Option<NaiveDate>,
    last_round: Option<NaiveDate>,
    latest_grades: &[Option<Grade>],
) -> Option<NaiveDate> {
    let all_done = !latest_grades.is_empty()
        && latest_grades
            .iter()
            .all(|g| *g == Some(Grade::FullyAchieved));
    if all_done {
        return None;
    }
    last_round
        .or(agreed)?
        .checked_add_months(Months::new(UPDATE_INTERVAL_MONTHS))
}

/// Whether a review whose update falls due on `due` belongs on the work
/// programme on `today`, looking `within_days` ahead.
pub fn due_for_update(due: Option<NaiveDate>, today: NaiveDate, within_days: u32) -> bool {
    due.is_some_and(|d| d <= today + chrono::Days::new(u64::from(within_days)))
}

/// The order of rounds: by the date their period names, then by when they
/// were entered; the last is the latest.
pub fn round_order(period_date: Option<NaiveDate>, entered: NaiveDate) -> NaiveDate {
    period_date.unwrap_or(entered)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn grades_one_to_four_and_nothing_else() {
        assert_eq!(Grade::try_from(1u8), Ok(Grade::FullyAchieved));
        assert_eq!(Grade::try_from(2u8), Ok(Grade::OnTrack));
        assert_eq!(Grade::try_from(3u8), Ok(Grade::Slipped));
        assert_eq!(Grade::try_from(4u8), Ok(Grade::NotAchieved));
        for bad in [0u8, 5, 255] {
            assert_eq!(Grade::try_from(bad), Err(GRADE_MESSAGE));
        }
        assert!(Grade::try_from(-1i64).is_err());
        assert!(Grade::try_from(260i64).is_err());
        assert_eq!(Grade::try_from(3i32), Ok(Grade::Slipped));
    }

    #[test]
    fn grades_read_as_the_report_writes_them() {
        assert_eq!(Grade::OnTrack.to_string(), "2 (On-Track)");
        assert_eq!(Grade::FullyAchieved.to_string(), "1 (Fully Achieved)");
        assert_eq!(Grade::NotAchieved.to_string(), "4 (Not Achieved)");
        let key: Vec<&str> = Grade::ALL.iter().map(|g| g.label()).collect();
        assert_eq!(
            key,
            ["Fully Achieved", "On-Track", "Slipped", "Not Achieved"]
        );
    }

    #[test]
    fn slipped_without_explanation_is_flagged() {
        assert_eq!(
            flags(Grade::Slipped, None),
            vec![SLIPPED_WITHOUT_EXPLANATION]
        );
        assert_eq!(
            flags(Grade::Slipped, Some("  ")),
            vec![SLIPPED_WITHOUT_EXPLANATION]
        );
        assert!(flags(Grade::Slipped, Some("Staff shortages")).is_empty());
        assert!(flags(Grade::OnTrack, None).is_empty());
        assert!(flags(Grade::NotAchieved, None).is_empty());
    }

    #[test]
    fn periods_compare_without_case_or_spacing() {
        assert_eq!(period_key(" November   2022 "), period_key("november 2022"));
        assert_ne!(period_key("November 2022"), period_key("March 2023"));
        assert_eq!(parse_period("  March\n2023 "), Ok("March 2023".into()));
        assert!(parse_period("   ").is_err());
    }

    #[test]
    fn recommendation_numbers_sort_as_a_reader_expects() {
        let mut ns = vec!["10", "3b", "2", "R1", "3", "3a", "x"];
        ns.sort_by_key(|n| number_sort_key(n));
        assert_eq!(ns, vec!["R1", "2", "3", "3a", "3b", "10", "x"]);
        assert_eq!(parse_number(" Recommendation 2: "), Ok("2".into()));
        assert_eq!(parse_number("3a"), Ok("3a".into()));
        assert!(parse_number("").is_err());
        assert!(parse_number("two; drop table").is_err());
    }

    #[test]
    fn part_letters_are_read_and_given_in_order() {
        assert_eq!(parse_letter(" a) "), Ok("a)".into()));
        assert_eq!(parse_letter("(b)"), Ok("(b)".into()));
        assert_eq!(parse_letter("iv"), Ok("iv".into()));
        assert!(parse_letter("").is_err());
        assert!(parse_letter("()").is_err());
        assert!(parse_letter("a b").is_err());
        assert_eq!(letter_key("(A)"), "a");
        assert_eq!(letter_key("a)"), letter_key("a"));
        assert_eq!(letter_label("a"), "a)");
        assert_eq!(letter_label("(a)"), "(a)");
        assert_eq!(letter_label("c."), "c.");
        let letters: Vec<String> = (0..6).map(letter_for).collect();
        assert_eq!(letters, ["a", "b", "c", "d", "e", "f"]);
        assert_eq!(letter_for(26), "aa");
        assert_eq!(letter_for(27), "ab");
    }

    #[test]
    fn a_letter_typed_before_a_part_is_taken_as_its_letter() {
        assert_eq!(
            split_letter("a) That a general awareness session"),
            Some(("a)".into(), "That a general awareness session".into()))
        );
        assert_eq!(
            split_letter("(b) Promote"),
            Some(("(b)".into(), "Promote".into()))
        );
        assert_eq!(split_letter("That the council (a) agrees"), None);
        assert_eq!(split_letter("a)b"), None);
        assert_eq!(split_letter("ASB) x"), None);
    }

    #[test]
    fn report_heading_says_review_of_once() {
        assert_eq!(
            report_heading("Public Spaces Protection Orders (PSPOs)"),
            "PROGRESS UPDATE: Review of Public Spaces Protection Orders (PSPOs)"
        );
        assert_eq!(
            report_heading("Review of Highway Maintenance"),
            "PROGRESS UPDATE: Review of Highway Maintenance"
        );
    }

    #[test]
    fn dates_clerks_write_are_read() {
        assert_eq!(first_date("March 2022"), Some(d(2022, 3, 1)));
        assert_eq!(target_deadline("March 2022"), Some(d(2022, 3, 31)));
        assert_eq!(target_deadline("1 st October 2022"), Some(d(2022, 10, 1)));
        assert_eq!(target_deadline("1st October 2022"), Some(d(2022, 10, 1)));
        assert_eq!(
            target_deadline("the 21st of June 2023"),
            Some(d(2023, 6, 21))
        );
        assert_eq!(target_deadline("October 1, 2022"), Some(d(2022, 10, 1)));
        assert_eq!(target_deadline("Sept 2023"), Some(d(2023, 9, 30)));
        assert_eq!(target_deadline("February 2024"), Some(d(2024, 2, 29)));
        assert_eq!(target_deadline("2022-10-01"), Some(d(2022, 10, 1)));
        assert_eq!(target_deadline("01/10/2022"), Some(d(2022, 10, 1)));
        assert_eq!(first_date("18 October 2022"), Some(d(2022, 10, 18)));
        for none in ["Ongoing", "TBC", "N/A", "", "Quarter 3", "May", "12 months"] {
            assert_eq!(target_deadline(none), None, "{none}");
        }
    }

    #[test]
    fn a_target_with_stages_ends_at_its_last_stage() {
        let t = "May 2022 (Development of protocol) September 2022 (Assessment of protocol)";
        assert_eq!(target_deadline(t), Some(d(2022, 9, 30)));
        assert_eq!(first_date(t), Some(d(2022, 5, 1)));
    }

    #[test]
    fn overdue_means_target_passed_and_not_fully_achieved() {
        let today = d(2023, 6, 1);
        let past = Some(d(2022, 10, 1));
        assert!(is_overdue(past, None, today));
        assert!(is_overdue(past, Some(Grade::OnTrack), today));
        assert!(is_overdue(past, Some(Grade::Slipped), today));
        assert!(!is_overdue(past, Some(Grade::FullyAchieved), today));
        assert!(!is_overdue(Some(d(2023, 6, 1)), None, today));
        assert!(!is_overdue(None, Some(Grade::NotAchieved), today));
    }

    #[test]
    fn updates_fall_due_twelve_months_on_until_all_is_achieved() {
        let agreed = Some(d(2022, 3, 1));
        assert_eq!(
            next_update_due(agreed, None, &[None, None]),
            Some(d(2023, 3, 1))
        );
        assert_eq!(
            next_update_due(agreed, Some(d(2022, 11, 1)), &[Some(Grade::OnTrack)]),
            Some(d(2023, 11, 1))
        );
        assert_eq!(
            next_update_due(
                agreed,
                Some(d(2023, 3, 1)),
                &[Some(Grade::FullyAchieved), Some(Grade::FullyAchieved)]
            ),
            None
        );
        assert_eq!(next_update_due(None, None, &[]), None);
        // No recommendations yet: still due once the year is up.
        assert_eq!(next_update_due(agreed, None, &[]), Some(d(2023, 3, 1)));
    }

    #[test]
    fn due_for_update_looks_ahead_a_window() {
        let today = d(2023, 2, 1);
        assert!(due_for_update(Some(d(2023, 3, 1)), today, 60));
        assert!(!due_for_update(Some(d(2023, 3, 1)), today, 14));
        assert!(due_for_update(Some(d(2022, 12, 1)), today, 0));
        assert!(!due_for_update(None, today, 365));
    }
}

//! Councillors' terms of office: which ward and party a councillor holds
//! on a date, and whether a new term may be added beside the others.

use chrono::NaiveDate;

/// The dates of a term (or anything else that runs from a start to an
/// optional end, both days included).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
}

impl Span {
    /// Whether the span includes the day `on`.
    pub fn covers(&self, on: NaiveDate) -> bool {
        self.start <= on && self.end.is_none_or(|e| on <= e)
    }

    /// Whether two spans share a day.
    pub fn overlaps(&self, other: &Span) -> bool {
        let ends_after_other_starts = self.end.is_none_or(|e| e >= other.start);
        let other_ends_after_start = other.end.is_none_or(|e| e >= self.start);
        ends_after_other_starts && other_ends_after_start
    }
}

/// The term (by index) that covers the day `on`, the latest-starting one
/// if several do.
pub fn term_on(terms: &[Span], on: NaiveDate) -> Option<usize> {
    terms
        .iter()
        .enumerate()
        .filter(|(_, t)| t.covers(on))
        .max_by_key(|(_, t)| t.start)
        .map(|(i, _)| i)
}

/// Why a new term may not sit beside a person's other terms: a councillor
/// holds one seat at a time, so terms may not overlap, and a term may not
/// end before it starts.
pub fn check_new_term(existing: &[Span], new: &Span) -> Result<(), String> {
    if new.end.is_some_and(|e| e < new.start) {
        return Err("end_date must not be before start_date".into());
    }
    match existing.iter().find(|t| t.overlaps(new)) {
        Some(t) => Err(format!(
            "overlaps the term from {}{}: end that term first",
            t.start,
            t.end.map(|e| format!(" to {e}")).unwrap_or_default()
        )),
        None => Ok(()),
    }
}

/// Whether a colour is written `#rrggbb`.
pub fn is_colour(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].chars().all(|c| c.is_ascii_hexdigit())
}

/// Whether a ward code has the ONS (GSS) form: a letter, then eight digits
/// (`E05012345`).
pub fn is_ons_code(s: &str) -> bool {
    let mut c = s.chars();
    s.len() == 9
        && c.next().is_some_and(|l| l.is_ascii_uppercase())
        && c.all(|d| d.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn span(s: NaiveDate, e: Option<NaiveDate>) -> Span {
        Span { start: s, end: e }
    }

    #[test]
    fn a_term_covers_its_first_and_last_days() {
        let t = span(d(2022, 5, 5), Some(d(2026, 5, 7)));
        assert!(t.covers(d(2022, 5, 5)));
        assert!(t.covers(d(2026, 5, 7)));
        assert!(!t.covers(d(2026, 5, 8)));
        assert!(!t.covers(d(2022, 5, 4)));
        assert!(span(d(2022, 5, 5), None).covers(d(2040, 1, 1)));
    }

    #[test]
    fn the_term_on_a_date_is_the_one_covering_it() {
        let terms = [
            span(d(2018, 5, 3), Some(d(2022, 5, 4))),
            span(d(2022, 5, 5), None),
        ];
        assert_eq!(term_on(&terms, d(2020, 1, 1)), Some(0));
        assert_eq!(term_on(&terms, d(2022, 5, 5)), Some(1));
        assert_eq!(term_on(&terms, d(2017, 1, 1)), None);
    }

    #[test]
    fn terms_may_not_overlap_or_run_backwards() {
        let existing = [span(d(2018, 5, 3), Some(d(2022, 5, 4)))];
        assert!(check_new_term(&existing, &span(d(2022, 5, 5), None)).is_ok());
        let err = check_new_term(&existing, &span(d(2022, 5, 4), None)).unwrap_err();
        assert!(err.contains("2018-05-03 to 2022-05-04"), "{err}");
        assert!(check_new_term(&[span(d(2018, 5, 3), None)], &span(d(2030, 1, 1), None)).is_err());
        assert!(check_new_term(&[], &span(d(2022, 5, 5), Some(d(2022, 5, 4)))).is_err());
    }

    #[test]
    fn colours_and_ons_codes_have_their_forms() {
        assert!(is_colour("#E4003B"));
        assert!(!is_colour("red"));
        assert!(!is_colour("#E4003"));
        assert!(is_ons_code("E05012345"));
        assert!(is_ons_code("W05000001"));
        assert!(!is_ons_code("E0501234"));
        assert!(!is_ons_code("e05012345"));
    }
}

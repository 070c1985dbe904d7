//! The register of members' interests: what the public sees of an entry,
//! the 28-day duty, and dispensations (Localism Act 2011 ss.29-33).

use chrono::{Duration, Months, NaiveDate};

/// What the public reads in place of a sensitive interest (s.32).
pub const WITHHELD: &str = "Withheld under section 32 of the Localism Act 2011";

/// Days a member has to notify their register, on taking office and after
/// any change (s.30, s.31).
pub const DUTY_DAYS: i64 = 28;

/// A dispensation lasts at most four years (s.33(3)).
pub const MAX_DISPENSATION_YEARS: u32 = 4;

/// Whose interest an entry is. Both are published alike (the register does
/// not say which); the monitoring officer keeps the difference.
pub const WHOSE: &[&str] = &["member", "spouse_or_partner"];

/// The description the public may read.
pub fn public_description(sensitive: bool, description: &str) -> &str {
    if sensitive {
        WITHHELD
    } else {
        description
    }
}

/// The day by which a notification is due.
pub fn due(from: NaiveDate) -> NaiveDate {
    from + Duration::days(DUTY_DAYS)
}

/// Why a dispensation's dates are refused.
pub fn check_dispensation_dates(start: NaiveDate, end: NaiveDate) -> Result<(), String> {
    if end < start {
        return Err("must not be before start_date".into());
    }
    let limit = start
        .checked_add_months(Months::new(12 * MAX_DISPENSATION_YEARS))
        .unwrap_or(NaiveDate::MAX);
    if end > limit {
        return Err(format!(
            "a dispensation lasts at most four years: until {limit} at the latest"
        ));
    }
    Ok(())
}

/// What a dispensation covers.
#[derive(Debug, Clone)]
pub struct Dispensation {
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// One body's business, if set.
    pub body_id: Option<String>,
    /// One item (and its parts), if set.
    pub item_id: Option<String>,
}

/// Whether a dispensation lets its member take part in an item of a body's
/// meeting on a date: inside its dates, and naming that item (or the item
/// it is a part of), or that body, or nothing narrower than all business.
pub fn covers(d: &Dispensation, on: NaiveDate, body_id: &str, items: &[&str]) -> bool {
    let dated = d.start <= on && on <= d.end;
    let item_ok = d.item_id.as_deref().is_none_or(|i| items.contains(&i));
    let body_ok = d.body_id.as_deref().is_none_or(|b| b == body_id);
    dated && item_ok && body_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn sensitive_entries_are_withheld() {
        assert_eq!(public_description(true, "12 Acacia Avenue"), WITHHELD);
        assert_eq!(
            public_description(false, "12 Acacia Avenue"),
            "12 Acacia Avenue"
        );
    }

    #[test]
    fn dispensations_last_at_most_four_years() {
        assert!(check_dispensation_dates(d(2024, 5, 1), d(2028, 5, 1)).is_ok());
        assert!(check_dispensation_dates(d(2024, 5, 1), d(2028, 5, 2)).is_err());
        assert!(check_dispensation_dates(d(2024, 5, 1), d(2024, 4, 30)).is_err());
    }

    #[test]
    fn a_dispensation_covers_its_dates_and_scope_only() {
        let all = Dispensation {
            start: d(2024, 1, 1),
            end: d(2024, 12, 31),
            body_id: None,
            item_id: None,
        };
        assert!(covers(&all, d(2024, 6, 1), "b", &["i"]));
        assert!(!covers(&all, d(2025, 1, 1), "b", &["i"]));
        let body = Dispensation {
            body_id: Some("b".into()),
            ..all.clone()
        };
        assert!(covers(&body, d(2024, 6, 1), "b", &["i"]));
        assert!(!covers(&body, d(2024, 6, 1), "c", &["i"]));
        let item = Dispensation {
            item_id: Some("parent".into()),
            ..all
        };
        assert!(covers(&item, d(2024, 6, 1), "b", &["part", "parent"]));
        assert!(!covers(&item, d(2024, 6, 1), "b", &["other"]));
    }

    #[test]
    fn notifications_are_due_in_28_days() {
        assert_eq!(due(d(2024, 5, 6)), d(2024, 6, 3));
    }
}

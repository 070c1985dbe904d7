//! Time in Europe/London, where the councils meet. The database keeps UTC
//! (`NaiveDateTime` without offset, see `read::time`); what a clerk reads
//! and what the rules count in (dates on documents, "upcoming", numbering
//! years, working days) is the London date and time of that instant.
//!
//! Pure functions: the caller reads the clock and passes `now` in.

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Europe::London;
use chrono_tz::Tz;

/// The London date and time of an instant.
pub fn local(t: DateTime<Utc>) -> DateTime<Tz> {
    t.with_timezone(&London)
}

/// The London date of an instant.
pub fn date_of(t: DateTime<Utc>) -> NaiveDate {
    local(t).date_naive()
}

/// The London date of a stored (UTC) time: what numbering years and working
/// days are counted in.
pub fn london_date(stored: NaiveDateTime) -> NaiveDate {
    date_of(stored.and_utc())
}

/// The first moment of the London day that `now` falls in, as stored (UTC):
/// meetings from then on are "upcoming".
pub fn start_of_today(now: DateTime<Utc>) -> NaiveDateTime {
    start_of_day(date_of(now)).unwrap_or_else(|| now.naive_utc())
}

/// The first moment of a London date, as stored (UTC).
pub fn start_of_day(date: NaiveDate) -> Option<NaiveDateTime> {
    date.and_hms_opt(0, 0, 0)
        .and_then(|t| London.from_local_datetime(&t).earliest())
        .map(|t| t.naive_utc())
}

/// A London date and clock time, as stored (UTC); in the hour the clocks
/// go back, the first of the two.
pub fn london_to_utc(date: NaiveDate, time: chrono::NaiveTime) -> Option<NaiveDateTime> {
    London
        .from_local_datetime(&date.and_time(time))
        .earliest()
        .map(|t| t.naive_utc())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    fn stored(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    #[test]
    fn local_time_is_bst_in_summer_and_gmt_in_winter() {
        assert_eq!(
            local(at("2023-07-19T08:00:00Z")).to_rfc3339(),
            "2023-07-19T09:00:00+01:00"
        );
        assert_eq!(
            local(at("2023-01-18T08:00:00Z")).to_rfc3339(),
            "2023-01-18T08:00:00+00:00"
        );
    }

    #[test]
    fn the_london_date_turns_at_london_midnight() {
        // 23:30 UTC on 31 March 2023 is 00:30 on 1 April in London (BST).
        assert_eq!(
            date_of(at("2023-03-31T23:30:00Z")).to_string(),
            "2023-04-01"
        );
        // In winter London midnight is UTC midnight.
        assert_eq!(
            date_of(at("2023-01-18T23:30:00Z")).to_string(),
            "2023-01-18"
        );
        assert_eq!(
            london_date(stored("2024-04-30 23:30:00")).to_string(),
            "2024-05-01"
        );
        assert_eq!(
            london_date(stored("2024-04-30 22:59:59")).to_string(),
            "2024-04-30"
        );
    }

    #[test]
    fn late_evening_utc_in_summer_is_the_next_london_day() {
        let t = NaiveDate::from_ymd_opt(2023, 3, 31)
            .unwrap()
            .and_hms_opt(23, 30, 0)
            .unwrap();
        assert_eq!(london_date(t), NaiveDate::from_ymd_opt(2023, 4, 1).unwrap());
        let w = NaiveDate::from_ymd_opt(2023, 1, 31)
            .unwrap()
            .and_hms_opt(23, 30, 0)
            .unwrap();
        assert_eq!(
            london_date(w),
            NaiveDate::from_ymd_opt(2023, 1, 31).unwrap()
        );
    }

    #[test]
    fn today_starts_at_london_midnight() {
        // In July London is on BST: midnight is 23:00 UTC the day before.
        assert_eq!(
            start_of_today(at("2023-07-19T10:00:00Z")).to_string(),
            "2023-07-18 23:00:00"
        );
        assert_eq!(
            start_of_today(at("2023-01-18T10:00:00Z")).to_string(),
            "2023-01-18 00:00:00"
        );
    }

    #[test]
    fn today_starts_right_on_the_days_the_clocks_change() {
        // 26 March 2023: the clocks go forward at 01:00 UTC; the day began
        // at 00:00 GMT.
        assert_eq!(
            start_of_today(at("2023-03-26T12:00:00Z")).to_string(),
            "2023-03-26 00:00:00"
        );
        // 29 October 2023: the clocks go back at 01:00 UTC; the day began
        // at 00:00 BST, 23:00 UTC the day before.
        assert_eq!(
            start_of_today(at("2023-10-29T12:00:00Z")).to_string(),
            "2023-10-28 23:00:00"
        );
        // Just after London midnight, it is already the new day.
        assert_eq!(
            start_of_today(at("2023-07-18T23:30:00Z")).to_string(),
            "2023-07-18 23:00:00"
        );
    }
}

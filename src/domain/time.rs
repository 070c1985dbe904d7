//! Time in Europe/London: stored times are UTC; dates that rules count in
//! (numbering years, working days, "today") are London dates.

use chrono::{NaiveDate, NaiveDateTime};

/// The London date of a stored (UTC) time.
pub fn london_date(t: NaiveDateTime) -> NaiveDate {
    t.and_utc()
        .with_timezone(&chrono_tz::Europe::London)
        .date_naive()
}

#[cfg(test)]
mod tests {
    use super::*;

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
}

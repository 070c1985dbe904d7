//! Working-day arithmetic for statutory agenda publication deadlines.
//!
//! Under the Local Government Act 1972 s.100B a council must publish the
//! agenda for a meeting at least five *clear* working days before the
//! meeting. "Clear days" exclude both the day of publication and the day of
//! the meeting. Working days exclude Saturdays, Sundays and bank holidays in
//! England and Wales.
//!
//! Everything here is pure calculation on [`NaiveDate`]s: no I/O, no clock.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// Minimum number of clear working days between publication and meeting.
pub const REQUIRED_CLEAR_WORKING_DAYS: i64 = 5;

/// Easter Sunday for `year` (anonymous Gregorian computus).
///
/// Returns `None` only if the date is outside chrono's representable range.
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let y = i64::from(year);
    let a = y.rem_euclid(19);
    let b = y.div_euclid(100);
    let c = y.rem_euclid(100);
    let d = b.div_euclid(4);
    let e = b.rem_euclid(4);
    let f = (b + 8).div_euclid(25);
    let g = (b - f + 1).div_euclid(3);
    let h = (19 * a + b - d - g + 15).rem_euclid(30);
    let i = c.div_euclid(4);
    let k = c.rem_euclid(4);
    let l = (32 + 2 * e + 2 * i - h - k).rem_euclid(7);
    let m = (a + 11 * h + 22 * l).div_euclid(451);
    let n = h + l - 7 * m + 114;
    let month = u32::try_from(n.div_euclid(31)).ok()?;
    let day = u32::try_from(n.rem_euclid(31) + 1).ok()?;
    NaiveDate::from_ymd_opt(year, month, day)
}

/// `true` for Saturday and Sunday.
fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Adds a (possibly negative) number of days, `None` on overflow.
fn add_days(d: NaiveDate, days: i64) -> Option<NaiveDate> {
    d.checked_add_signed(Duration::try_days(days)?)
}

/// Last occurrence of `weekday` in the given month.
fn last_weekday_of_month(year: i32, month: u32, weekday: Weekday) -> Option<NaiveDate> {
    let first_of_next = if month == 12 {
        NaiveDate::from_ymd_opt(year.checked_add(1)?, 1, 1)?
    } else {
        NaiveDate::from_ymd_opt(year, month + 1, 1)?
    };
    let last = first_of_next.pred_opt()?;
    let back = (7 + last.weekday().num_days_from_monday() - weekday.num_days_from_monday()) % 7;
    add_days(last, -i64::from(back))
}

/// Bank holidays in England and Wales for `year`, sorted and without duplicates.
///
/// Includes substitute days for New Year, Christmas and Boxing Day falling at
/// a weekend, the historical moves of the Early May and Spring bank holidays,
/// and the one-off royal/state holidays since 2002.
pub fn bank_holidays(year: i32) -> Vec<NaiveDate> {
    let ymd = |m: u32, d: u32| NaiveDate::from_ymd_opt(year, m, d);
    let mut days: Vec<Option<NaiveDate>> = Vec::with_capacity(10);

    // New Year's Day, with substitute Monday when it falls at a weekend.
    days.push(match ymd(1, 1).map(|d| d.weekday()) {
        Some(Weekday::Sat) => ymd(1, 3),
        Some(Weekday::Sun) => ymd(1, 2),
        _ => ymd(1, 1),
    });

    // Good Friday and Easter Monday.
    if let Some(easter) = easter_sunday(year) {
        days.push(add_days(easter, -2));
        days.push(add_days(easter, 1));
    }

    // Early May bank holiday: first Monday of May, except where moved.
    days.push(match year {
        1995 => ymd(5, 8),
        2020 => ymd(5, 8),
        _ => NaiveDate::from_weekday_of_month_opt(year, 5, Weekday::Mon, 1),
    });

    // Spring bank holiday: last Monday of May, except where moved.
    days.push(match year {
        2002 | 2012 => ymd(6, 4),
        2022 => ymd(6, 2),
        _ => last_weekday_of_month(year, 5, Weekday::Mon),
    });

    // Summer bank holiday: last Monday of August.
    days.push(last_weekday_of_month(year, 8, Weekday::Mon));

    // Christmas Day and Boxing Day, with substitute days.
    let (christmas, boxing) = match ymd(12, 25).map(|d| d.weekday()) {
        Some(Weekday::Sat) => (ymd(12, 27), ymd(12, 28)),
        Some(Weekday::Sun) => (ymd(12, 27), ymd(12, 26)),
        Some(Weekday::Fri) => (ymd(12, 25), ymd(12, 28)),
        _ => (ymd(12, 25), ymd(12, 26)),
    };
    days.push(christmas);
    days.push(boxing);

    // One-off holidays.
    match year {
        2002 => days.push(ymd(6, 3)),  // Golden Jubilee
        2011 => days.push(ymd(4, 29)), // Royal Wedding
        2012 => days.push(ymd(6, 5)),  // Diamond Jubilee
        2022 => {
            days.push(ymd(6, 3)); // Platinum Jubilee
            days.push(ymd(9, 19)); // State Funeral of Queen Elizabeth II
        }
        2023 => days.push(ymd(5, 8)), // Coronation of King Charles III
        _ => {}
    }

    let mut out: Vec<NaiveDate> = days.into_iter().flatten().collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// `true` if `d` is neither a weekend day nor an England and Wales bank holiday.
pub fn is_working_day(d: NaiveDate) -> bool {
    !is_weekend(d) && !bank_holidays(d.year()).contains(&d)
}

/// Number of Monday–Friday days in the inclusive range `start..=end`
/// (`start <= end` assumed).
fn weekdays_inclusive(start: NaiveDate, end: NaiveDate) -> i64 {
    let total = (end - start).num_days() + 1;
    let full_weeks = total / 7;
    let remainder = total % 7;
    let mut count = full_weeks * 5;
    let mut d = start;
    for _ in 0..remainder {
        if !is_weekend(d) {
            count += 1;
        }
        match d.succ_opt() {
            Some(next) => d = next,
            None => break,
        }
    }
    count
}

/// Working days strictly after `published` and strictly before `meeting`.
///
/// Returns 0 when there is no day in between (`meeting <= published + 1`).
/// Bank holidays are computed once per calendar year touched, so this is
/// cheap even for ranges spanning several years.
pub fn clear_working_days_between(published: NaiveDate, meeting: NaiveDate) -> i64 {
    let (Some(start), Some(end)) = (published.succ_opt(), meeting.pred_opt()) else {
        return 0;
    };
    if start > end {
        return 0;
    }
    let mut count = weekdays_inclusive(start, end);
    for year in start.year()..=end.year() {
        count -= bank_holidays(year)
            .into_iter()
            .filter(|h| *h >= start && *h <= end && !is_weekend(*h))
            .count() as i64;
    }
    count
}

/// The last date on which an agenda can be published and still leave
/// [`REQUIRED_CLEAR_WORKING_DAYS`] clear working days before `meeting`.
///
/// The returned date is the day immediately before the fifth working day
/// counted back from the meeting; it may itself be a weekend or holiday.
pub fn latest_publication_date(meeting: NaiveDate) -> NaiveDate {
    let mut d = meeting;
    let mut found = 0;
    while found < REQUIRED_CLEAR_WORKING_DAYS {
        d = match d.pred_opt() {
            Some(p) => p,
            None => return NaiveDate::MIN,
        };
        if is_working_day(d) {
            found += 1;
        }
    }
    d.pred_opt().unwrap_or(NaiveDate::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    #[test]
    fn easter_dates() {
        assert_eq!(easter_sunday(2023), Some(date(2023, 4, 9)));
        assert_eq!(easter_sunday(2024), Some(date(2024, 3, 31)));
        assert_eq!(easter_sunday(2025), Some(date(2025, 4, 20)));
        assert_eq!(easter_sunday(2000), Some(date(2000, 4, 23)));
        assert_eq!(easter_sunday(2038), Some(date(2038, 4, 25)));
        assert_eq!(easter_sunday(2285), Some(date(2285, 3, 22)));
    }

    #[test]
    fn bank_holidays_2023() {
        let h = bank_holidays(2023);
        let expected = vec![
            date(2023, 1, 2),
            date(2023, 4, 7),
            date(2023, 4, 10),
            date(2023, 5, 1),
            date(2023, 5, 8),
            date(2023, 5, 29),
            date(2023, 8, 28),
            date(2023, 12, 25),
            date(2023, 12, 26),
        ];
        assert_eq!(h, expected);
    }

    #[test]
    fn bank_holidays_2022_spring_and_one_offs() {
        let h = bank_holidays(2022);
        assert!(h.contains(&date(2022, 6, 2)));
        assert!(!h.contains(&date(2022, 5, 30)));
        assert!(h.contains(&date(2022, 6, 3)));
        assert!(h.contains(&date(2022, 9, 19)));
        // New Year 2022 was a Saturday.
        assert!(h.contains(&date(2022, 1, 3)));
        assert!(!h.contains(&date(2022, 1, 1)));
        // Christmas 2022 was a Sunday.
        assert!(h.contains(&date(2022, 12, 26)));
        assert!(h.contains(&date(2022, 12, 27)));
        assert!(!h.contains(&date(2022, 12, 25)));
        assert_eq!(h.len(), 10);
    }

    #[test]
    fn christmas_2021_saturday() {
        let h = bank_holidays(2021);
        assert!(h.contains(&date(2021, 12, 27)));
        assert!(h.contains(&date(2021, 12, 28)));
        assert!(!h.contains(&date(2021, 12, 25)));
        assert!(!h.contains(&date(2021, 12, 26)));
    }

    #[test]
    fn boxing_day_saturday_2020() {
        let h = bank_holidays(2020);
        assert!(h.contains(&date(2020, 12, 25)));
        assert!(h.contains(&date(2020, 12, 28)));
        assert!(h.contains(&date(2020, 5, 8)));
        assert!(!h.contains(&date(2020, 5, 4)));
    }

    #[test]
    fn moved_and_extra_holidays() {
        assert!(bank_holidays(1995).contains(&date(1995, 5, 8)));
        assert!(!bank_holidays(1995).contains(&date(1995, 5, 1)));
        let h2002 = bank_holidays(2002);
        assert!(h2002.contains(&date(2002, 6, 3)));
        assert!(h2002.contains(&date(2002, 6, 4)));
        assert!(!h2002.contains(&date(2002, 5, 27)));
        assert!(bank_holidays(2011).contains(&date(2011, 4, 29)));
        let h2012 = bank_holidays(2012);
        assert!(h2012.contains(&date(2012, 6, 4)));
        assert!(h2012.contains(&date(2012, 6, 5)));
        assert!(!h2012.contains(&date(2012, 5, 28)));
    }

    #[test]
    fn sorted_and_unique() {
        for year in 1990..2100 {
            let h = bank_holidays(year);
            assert!(h.windows(2).all(|w| w[0] < w[1]), "year {year}");
            assert!(h.iter().all(|d| !is_weekend(*d)), "year {year}");
        }
    }

    #[test]
    fn working_day_checks() {
        assert!(is_working_day(date(2023, 7, 12)));
        assert!(!is_working_day(date(2023, 7, 15))); // Saturday
        assert!(!is_working_day(date(2023, 7, 16))); // Sunday
        assert!(!is_working_day(date(2023, 4, 7))); // Good Friday
        assert!(!is_working_day(date(2023, 5, 8))); // Coronation
    }

    #[test]
    fn clear_days_simple_weeks() {
        assert_eq!(
            clear_working_days_between(date(2023, 7, 12), date(2023, 7, 19)),
            4
        );
        assert_eq!(
            clear_working_days_between(date(2023, 7, 11), date(2023, 7, 19)),
            5
        );
    }

    #[test]
    fn clear_days_across_easter() {
        assert_eq!(
            clear_working_days_between(date(2023, 4, 4), date(2023, 4, 13)),
            4
        );
    }

    #[test]
    fn clear_days_degenerate() {
        let d = date(2023, 7, 12);
        assert_eq!(clear_working_days_between(d, d), 0);
        assert_eq!(clear_working_days_between(d, date(2023, 7, 13)), 0);
        assert_eq!(clear_working_days_between(d, date(2023, 7, 1)), 0);
        assert_eq!(
            clear_working_days_between(NaiveDate::MAX, NaiveDate::MAX),
            0
        );
        assert_eq!(
            clear_working_days_between(NaiveDate::MIN, NaiveDate::MIN),
            0
        );
    }

    #[test]
    fn clear_days_matches_naive_count_over_years() {
        let published = date(2019, 11, 3);
        let meeting = date(2024, 2, 14);
        let mut naive = 0;
        let mut d = published.succ_opt().unwrap();
        while d < meeting {
            if is_working_day(d) {
                naive += 1;
            }
            d = d.succ_opt().unwrap();
        }
        assert_eq!(clear_working_days_between(published, meeting), naive);
    }

    #[test]
    fn latest_publication() {
        let meeting = date(2023, 7, 19);
        let latest = latest_publication_date(meeting);
        assert_eq!(latest, date(2023, 7, 11));
        assert_eq!(
            clear_working_days_between(latest, meeting),
            REQUIRED_CLEAR_WORKING_DAYS
        );
        let next = latest.succ_opt().unwrap();
        assert!(clear_working_days_between(next, meeting) < REQUIRED_CLEAR_WORKING_DAYS);
    }

    #[test]
    fn latest_publication_across_christmas() {
        // Meeting Thu 2024-01-04: working days back are 3, 2 Jan (1 Jan is a
        // bank holiday), 29, 28, 27 Dec; so publish by Tue 26 Dec.
        let meeting = date(2024, 1, 4);
        assert_eq!(latest_publication_date(meeting), date(2023, 12, 26));
        assert_eq!(
            clear_working_days_between(latest_publication_date(meeting), meeting),
            REQUIRED_CLEAR_WORKING_DAYS
        );
    }
}

//! Dates and times as a clerk writes them, in Europe/London:
//! "Tuesday, 4th April, 2017", "9.00 am".

use chrono::{DateTime, Datelike, Timelike, Utc};
use minutebook_domain::time::local;
use std::fmt::Write;

const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// The months' English names, January first.
pub const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

fn ordinal_suffix(n: u32) -> &'static str {
    match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    }
}

/// "1st", "2nd", "3rd", "4th", "11th", "22nd" …
pub fn ordinal(n: u32) -> String {
    format!("{n}{}", ordinal_suffix(n))
}

/// "Wednesday, 19th July, 2023" (the London date of `t`).
pub fn long_date(t: DateTime<Utc>) -> String {
    let mut out = String::with_capacity(32);
    write_long_date_local(&mut out, &local(t));
    out
}

/// "Wednesday, 19th July, 2023 9.00 am": [`write_when`] as a string.
pub fn when(t: DateTime<Utc>) -> String {
    let mut out = String::with_capacity(40);
    write_when(&mut out, t);
    out
}

/// Appends [`long_date`], a space and [`clock_time`] to `out` ("Wednesday,
/// 19th July, 2023 9.00 am"), converting to London time once and making no
/// string of its own (calendars write thousands).
pub fn write_when(out: &mut String, t: DateTime<Utc>) {
    let local = local(t);
    write_long_date_local(out, &local);
    out.push(' ');
    write_clock_time_local(out, &local);
}

fn write_long_date_local<T: Datelike>(out: &mut String, local: &T) {
    let day = local.day();
    let _ = write!(
        out,
        "{}, {day}{} {}, {}",
        WEEKDAYS[local.weekday().num_days_from_monday() as usize],
        ordinal_suffix(day),
        MONTHS[local.month0() as usize],
        local.year()
    );
}

/// "9.00 am", "12.30 pm" (the London time of `t`).
pub fn clock_time(t: DateTime<Utc>) -> String {
    let mut out = String::with_capacity(8);
    write_clock_time_local(&mut out, &local(t));
    out
}

fn write_clock_time_local<T: Timelike>(out: &mut String, local: &T) {
    let (pm, hour) = local.hour12();
    let _ = write!(
        out,
        "{hour}.{:02} {}",
        local.minute(),
        if pm { "pm" } else { "am" }
    );
}

/// "2023-07-19" (the London date), for file names.
/// "7 December 2026": a calendar day in the plain form (registers,
/// notices, due dates).
pub fn plain_date(d: chrono::NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

pub fn iso_date(t: DateTime<Utc>) -> String {
    local(t).format("%Y-%m-%d").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn ordinals_follow_english_usage() {
        let got: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 31, 111]
            .into_iter()
            .map(ordinal)
            .collect();
        assert_eq!(
            got,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "31st",
                "111th"
            ]
        );
    }

    #[test]
    fn long_date_is_in_the_house_style() {
        assert_eq!(
            long_date(at("2017-04-04T14:00:00+01:00")),
            "Tuesday, 4th April, 2017"
        );
        assert_eq!(
            long_date(at("2023-07-19T09:00:00+01:00")),
            "Wednesday, 19th July, 2023"
        );
    }

    #[test]
    fn times_are_london_time_with_a_dot_and_am_pm() {
        // 08:00 UTC in July is 9.00 am British Summer Time.
        assert_eq!(clock_time(at("2023-07-19T08:00:00Z")), "9.00 am");
        // In January London is on GMT.
        assert_eq!(clock_time(at("2023-01-18T14:30:00Z")), "2.30 pm");
        assert_eq!(clock_time(at("2023-01-18T12:05:00Z")), "12.05 pm");
        assert_eq!(clock_time(at("2023-01-18T00:00:00Z")), "12.00 am");
    }

    #[test]
    fn when_is_the_date_and_the_time() {
        let mut s = String::from("Held ");
        write_when(&mut s, at("2023-03-31T23:30:00Z"));
        assert_eq!(s, "Held Saturday, 1st April, 2023 12.30 am");
    }

    #[test]
    fn the_date_is_the_london_date_near_midnight() {
        // 23:30 UTC on 31 March 2023 is 00:30 on 1 April in London (BST).
        assert_eq!(
            long_date(at("2023-03-31T23:30:00Z")),
            "Saturday, 1st April, 2023"
        );
        assert_eq!(iso_date(at("2023-03-31T23:30:00Z")), "2023-04-01");
    }
}

//! Minute numbers: `{prefix}/{n}/{yy}` by default, per-body format and
//! numbering-year start month (April for a financial year, May for the
//! municipal year).

use chrono::{Datelike, NaiveDate};

pub const DEFAULT_FORMAT: &str = "{prefix}/{n}/{yy}";
pub const DEFAULT_YEAR_START_MONTH: i32 = 5;

/// A validated minute-number format: must contain `{n}` and may use
/// `{prefix}`, `{yy}` and `{yyyy}`; no other placeholders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MinuteNumberFormat(String);

impl MinuteNumberFormat {
    pub fn parse(s: &str) -> Result<MinuteNumberFormat, String> {
        let s = s.trim();
        if s.is_empty() {
            return Err("must not be empty".into());
        }
        if s.chars().count() > 64 {
            return Err("must be at most 64 characters".into());
        }
        if !s.contains("{n}") {
            return Err("must contain {n}, the running number".into());
        }
        let mut rest = s;
        while let Some(open) = rest.find('{') {
            let after = &rest[open + 1..];
            let close = after
                .find('}')
                .ok_or_else(|| "has a '{' without a closing '}'".to_string())?;
            let name = &after[..close];
            if !matches!(name, "prefix" | "n" | "yy" | "yyyy") {
                return Err(format!(
                    "uses unknown placeholder {{{name}}}; allowed are {{prefix}}, {{n}}, {{yy}}, {{yyyy}}"
                ));
            }
            rest = &after[close + 1..];
        }
        if rest.contains('}') {
            return Err("has a '}' without an opening '{'".into());
        }
        Ok(MinuteNumberFormat(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Formats running number `n` in numbering year `year` (the calendar year
    /// in which that numbering year starts).
    pub fn format(&self, prefix: &str, n: i32, year: i32) -> String {
        let yy = format!("{:02}", year.rem_euclid(100));
        self.0
            .replace("{prefix}", prefix)
            .replace("{yyyy}", &year.to_string())
            .replace("{yy}", &yy)
            .replace("{n}", &n.to_string())
    }
}

/// Validates a month 1–12 at which a body's numbering year starts.
pub fn parse_year_start_month(m: i64) -> Result<i32, String> {
    if (1..=12).contains(&m) {
        Ok(m as i32)
    } else {
        Err("must be a month number from 1 (January) to 12 (December)".into())
    }
}

/// The numbering year a date falls in, named by the calendar year in which
/// it starts: with an April start, 31 March 2024 is in 2023 and 1 April 2024
/// in 2024.
pub fn numbering_year(date: NaiveDate, year_start_month: i32) -> i32 {
    if date.month() as i32 >= year_start_month {
        date.year()
    } else {
        date.year() - 1
    }
}

/// The first day of numbering year `year` (named by the calendar year it
/// starts in).
pub fn year_first_day(year: i32, year_start_month: i32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, u32::try_from(year_start_month).ok()?.clamp(1, 12), 1)
}

/// Validates a minute prefix such as `SSP`.
pub fn parse_prefix(s: &str) -> Result<String, String> {
    let s = s.trim();
    if s.is_empty() {
        return Err("must not be empty".into());
    }
    if s.chars().count() > 20 {
        return Err("must be at most 20 characters".into());
    }
    if s.chars().any(|c| c.is_control() || c == '{' || c == '}') {
        return Err("must not contain control characters or braces".into());
    }
    Ok(s.to_string())
}

/// The letter of the `index`-th (0-based) lettered part: a, b, …, z, aa, ab …
pub fn part_letter(index: usize) -> String {
    let mut n = index;
    let mut out = Vec::new();
    loop {
        out.push((b'a' + (n % 26) as u8) as char);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    out.iter().rev().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_starts_on_the_first_of_its_month() {
        let d = year_first_day(2023, 5).unwrap();
        assert_eq!(d.to_string(), "2023-05-01");
        assert_eq!(numbering_year(d, 5), 2023);
        assert_eq!(numbering_year(d.pred_opt().unwrap(), 5), 2022);
        assert_eq!(year_first_day(2023, 1).unwrap().to_string(), "2023-01-01");
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn default_format_gives_ssp_5_23() {
        let f = MinuteNumberFormat::parse(DEFAULT_FORMAT).unwrap();
        assert_eq!(f.format("SSP", 5, 2023), "SSP/5/23");
    }

    #[test]
    fn older_house_style_gives_space_separated_number() {
        let f = MinuteNumberFormat::parse("{prefix} {n}/{yy}").unwrap();
        assert_eq!(f.format("SSP", 5, 2017), "SSP 5/17");
    }

    #[test]
    fn four_digit_year_and_two_digit_year_of_2000s() {
        let f = MinuteNumberFormat::parse("{prefix}-{yyyy}-{n}").unwrap();
        assert_eq!(f.format("CAB", 12, 2005), "CAB-2005-12");
        let f = MinuteNumberFormat::parse("{n}/{yy}").unwrap();
        assert_eq!(f.format("X", 1, 2005), "1/05");
    }

    #[test]
    fn format_without_running_number_is_refused() {
        assert!(MinuteNumberFormat::parse("{prefix}/{yy}").is_err());
        assert!(MinuteNumberFormat::parse("").is_err());
    }

    #[test]
    fn unknown_or_unbalanced_placeholders_are_refused() {
        assert!(MinuteNumberFormat::parse("{prefix}/{n}/{year}").is_err());
        assert!(MinuteNumberFormat::parse("{prefix}/{n/{yy}").is_err());
        assert!(MinuteNumberFormat::parse("{prefix}/{n}}").is_err());
    }

    #[test]
    fn april_start_puts_31_march_and_1_april_in_different_years() {
        assert_eq!(numbering_year(d(2024, 3, 31), 4), 2023);
        assert_eq!(numbering_year(d(2024, 4, 1), 4), 2024);
    }

    #[test]
    fn may_start_follows_the_municipal_year() {
        assert_eq!(numbering_year(d(2023, 4, 30), 5), 2022);
        assert_eq!(numbering_year(d(2023, 5, 1), 5), 2023);
        assert_eq!(numbering_year(d(2023, 7, 19), 5), 2023);
        assert_eq!(numbering_year(d(2024, 1, 18), 5), 2023);
    }

    #[test]
    fn january_start_is_the_calendar_year() {
        assert_eq!(numbering_year(d(2023, 1, 1), 1), 2023);
        assert_eq!(numbering_year(d(2022, 12, 31), 1), 2022);
    }

    #[test]
    fn year_start_month_must_be_1_to_12() {
        assert!(parse_year_start_month(0).is_err());
        assert!(parse_year_start_month(13).is_err());
        assert_eq!(parse_year_start_month(4), Ok(4));
    }

    #[test]
    fn part_letters_run_a_to_z_then_aa() {
        assert_eq!(part_letter(0), "a");
        assert_eq!(part_letter(2), "c");
        assert_eq!(part_letter(25), "z");
        assert_eq!(part_letter(26), "aa");
    }
}

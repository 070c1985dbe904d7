//! The formats modern.gov's web service writes and reads: dates as
//! `19/07/2023`, times as `9.00 am`, flags as `True`/`False`, counts with
//! the leading space its number formatting gives (`<meetingscount> 2</…>`),
//! all in UK local time. Pure functions.

use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Timelike, Utc};
use chrono_tz::Europe::London;

/// `19/07/2023`.
pub fn date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// `9.00 am`, `12.30 pm`, `12.00 am` (midnight).
pub fn time(t: NaiveTime) -> String {
    let (pm, h12) = t.hour12();
    format!("{}.{:02} {}", h12, t.minute(), if pm { "pm" } else { "am" })
}

/// `True` or `False`.
pub fn flag(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}

/// A count as the service writes it: ` 2`.
pub fn count(n: usize) -> String {
    format!(" {n}")
}

/// A stored UTC time in UK local time.
pub fn local(t: NaiveDateTime) -> NaiveDateTime {
    t.and_utc().with_timezone(&London).naive_local()
}

/// The UTC instant at which a UK local day starts.
pub fn day_start_utc(d: NaiveDate) -> NaiveDateTime {
    let midnight = d.and_time(NaiveTime::MIN);
    London
        .from_local_datetime(&midnight)
        .earliest()
        .map(|t| t.with_timezone(&Utc).naive_utc())
        // A day that starts in a gap (never in the UK at midnight): its UTC midnight.
        .unwrap_or(midnight)
}

/// Reads a date parameter: `dd/mm/yyyy` (or `d/m/yyyy`), ISO `yyyy-mm-dd`,
/// or `0`/empty for no bound.
pub fn parse_date(name: &str, raw: Option<&str>) -> Result<Option<NaiveDate>, String> {
    let v = raw.map(str::trim).unwrap_or("");
    if v.is_empty() || v == "0" {
        return Ok(None);
    }
    let d = NaiveDate::parse_from_str(v, "%d/%m/%Y")
        .or_else(|_| NaiveDate::parse_from_str(v, "%Y-%m-%d"))
        .map_err(|_| {
            format!("{name} must be a date as dd/mm/yyyy (e.g. 19/07/2023), or 0 for none")
        })?;
    if !(1900..=2200).contains(&chrono::Datelike::year(&d)) {
        return Err(format!("{name} must be a date between 1900 and 2200"));
    }
    Ok(Some(d))
}

/// Reads a whole-number id parameter; `None` when absent.
pub fn parse_int(name: &str, raw: Option<&str>) -> Result<Option<i64>, String> {
    match raw.map(str::trim) {
        None | Some("") => Ok(None),
        Some(v) => v
            .parse::<i64>()
            .map(Some)
            .map_err(|_| format!("{name} must be a whole number, e.g. {name}=4967")),
    }
}

/// Reads a `true`/`false` parameter (any case, or 1/0); `None` when absent.
pub fn parse_bool(name: &str, raw: Option<&str>) -> Result<Option<bool>, String> {
    match raw.map(|v| v.trim().to_ascii_lowercase()) {
        None => Ok(None),
        Some(v) if v.is_empty() => Ok(None),
        Some(v) if v == "true" || v == "1" => Ok(Some(true)),
        Some(v) if v == "false" || v == "0" => Ok(Some(false)),
        Some(_) => Err(format!("{name} must be true or false")),
    }
}

/// `Last-Modified` / `If-Modified-Since` (RFC 9110 IMF-fixdate).
pub fn http_date(t: NaiveDateTime) -> String {
    t.and_utc().format("%a, %d %b %Y %H:%M:%S GMT").to_string()
}

/// Reads an `If-Modified-Since` date; `None` for anything else.
pub fn parse_http_date(v: &str) -> Option<NaiveDateTime> {
    DateTime::parse_from_rfc2822(v.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc).naive_utc())
}

/// Whole seconds (HTTP dates carry no fraction).
pub fn to_second(t: NaiveDateTime) -> NaiveDateTime {
    t.with_nanosecond(0).unwrap_or(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    #[test]
    fn dates_are_day_month_year() {
        assert_eq!(date(d(2023, 7, 19)), "19/07/2023");
        assert_eq!(date(d(2026, 2, 1)), "01/02/2026");
    }

    #[test]
    fn times_read_like_a_council_agenda() {
        assert_eq!(time(t(9, 0)), "9.00 am");
        assert_eq!(time(t(10, 0)), "10.00 am");
        assert_eq!(time(t(14, 0)), "2.00 pm");
        assert_eq!(time(t(12, 30)), "12.30 pm");
        assert_eq!(time(t(0, 15)), "12.15 am");
        assert_eq!(time(t(18, 5)), "6.05 pm");
    }

    #[test]
    fn flags_and_counts_as_the_service_writes_them() {
        assert_eq!(flag(true), "True");
        assert_eq!(flag(false), "False");
        assert_eq!(count(2), " 2");
    }

    #[test]
    fn summer_meetings_are_shown_in_british_summer_time() {
        let utc = d(2023, 7, 19).and_time(t(8, 0));
        assert_eq!(time(local(utc).time()), "9.00 am");
        let winter = d(2026, 1, 13).and_time(t(10, 0));
        assert_eq!(time(local(winter).time()), "10.00 am");
        assert_eq!(
            day_start_utc(d(2023, 7, 19)),
            d(2023, 7, 18).and_time(t(23, 0))
        );
        assert_eq!(
            day_start_utc(d(2026, 1, 13)),
            d(2026, 1, 13).and_time(t(0, 0))
        );
    }

    #[test]
    fn date_parameters_accept_the_uk_form_iso_and_zero() {
        assert_eq!(
            parse_date("sFromDate", Some("19/07/2023")),
            Ok(Some(d(2023, 7, 19)))
        );
        assert_eq!(
            parse_date("sFromDate", Some("1/7/2023")),
            Ok(Some(d(2023, 7, 1)))
        );
        assert_eq!(
            parse_date("sFromDate", Some("2023-07-19")),
            Ok(Some(d(2023, 7, 19)))
        );
        assert_eq!(parse_date("sFromDate", Some("0")), Ok(None));
        assert_eq!(parse_date("sFromDate", None), Ok(None));
        for bad in [
            "31/02/2023",
            "19-07-2023",
            "yesterday",
            "19/07/99999",
            "01/01/1066",
        ] {
            assert!(parse_date("sFromDate", Some(bad)).is_err(), "{bad}");
        }
    }

    #[test]
    fn ids_and_flags_are_checked() {
        assert_eq!(parse_int("lMeetingId", Some("4967")), Ok(Some(4967)));
        assert_eq!(parse_int("lMeetingId", None), Ok(None));
        assert!(parse_int("lMeetingId", Some("49x")).is_err());
        assert!(parse_int("lMeetingId", Some("99999999999999999999")).is_err());
        assert_eq!(parse_bool("b", Some("True")), Ok(Some(true)));
        assert_eq!(parse_bool("b", Some("false")), Ok(Some(false)));
        assert!(parse_bool("b", Some("maybe")).is_err());
    }

    #[test]
    fn http_dates_round_trip() {
        let at = d(2023, 7, 19).and_time(t(8, 0));
        let s = http_date(at);
        assert_eq!(s, "Wed, 19 Jul 2023 08:00:00 GMT");
        assert_eq!(parse_http_date(&s), Some(at));
        assert_eq!(parse_http_date("not a date"), None);
    }
}

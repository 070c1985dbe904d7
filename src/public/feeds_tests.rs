//! Unit tests of `public::feeds` (kept apart so the module stays short).

use super::*;

#[test]
fn host_comes_from_the_public_url() {
    assert_eq!(
        host("https://democracy.example.gov.uk"),
        "democracy.example.gov.uk"
    );
    assert_eq!(host("http://127.0.0.1:8080"), "127.0.0.1");
    assert_eq!(host("not a url"), "minutebook.invalid");
}

#[test]
fn a_calendar_covers_the_last_year_and_the_future_unless_asked() {
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let today = d("2026-12-01");
    assert_eq!(
        calendar_window(today, None, None).unwrap(),
        (d("2025-12-01"), None)
    );
    assert_eq!(
        calendar_window(today, Some(d("2019-05-01")), Some(d("2020-04-30"))).unwrap(),
        (d("2019-05-01"), Some(d("2020-04-30")))
    );
    // Only an end: the default start.
    assert_eq!(
        calendar_window(today, None, Some(d("2027-01-31"))).unwrap(),
        (d("2025-12-01"), Some(d("2027-01-31")))
    );
    assert_eq!(
        calendar_window(today, None, Some(d("2020-04-30"))).unwrap(),
        (d("2019-04-30"), Some(d("2020-04-30")))
    );
    assert!(calendar_window(today, Some(d("2020-01-02")), Some(d("2020-01-01"))).is_err());
    assert!(window_params("from=2023-13-01").is_err());
    assert_eq!(
        window_params("from=2023-05-01&x=1&to=").unwrap(),
        (Some(d("2023-05-01")), None)
    );
}

#[test]
fn text_drops_control_characters() {
    assert_eq!(text("a\u{1}b\r\nc\td"), "ab\nc\td");
    assert!(matches!(clean("a\nb\tc"), std::borrow::Cow::Borrowed(_)));
    assert_eq!(clean("a\rb"), "ab");
}

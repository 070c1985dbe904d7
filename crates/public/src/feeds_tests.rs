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
fn text_drops_control_characters() {
    assert_eq!(text("a\u{1}b\r\nc\td"), "ab\nc\td");
    assert!(matches!(clean("a\nb\tc"), std::borrow::Cow::Borrowed(_)));
    assert_eq!(clean("a\rb"), "ab");
}

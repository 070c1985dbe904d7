use super::*;

#[test]
fn a_cursor_is_an_offset_of_exactly_its_pattern() {
    let re = regex::Regex::new(CURSOR_PATTERN).unwrap();
    for n in [0, 7, 99_999, 100_000] {
        assert_eq!(decode_cursor(&encode_cursor(n)), Some(n));
        assert!(re.is_match(&encode_cursor(n)));
    }
    assert_eq!(decode_cursor("00012"), Some(12));
    for bad in ["", "100001", "999999", "-1", "1.0", " 1", "c2VhcmNoOjIw"] {
        assert_eq!(decode_cursor(bad), None, "{bad}");
        assert!(bad.is_empty() || !re.is_match(bad), "{bad}");
    }
}

#[test]
fn user_input_is_never_fts5_syntax() {
    assert_eq!(fts5_query("patrols").unwrap(), "(\"patrols\")");
    assert_eq!(
        fts5_query("anti-social behaviour").unwrap(),
        "(\"anti-social\") AND (\"behaviour\")"
    );
    assert_eq!(
        fts5_query("\"action plan\" -draft").unwrap(),
        "((\"action plan\")) NOT \"draft\""
    );
    assert_eq!(
        fts5_query("scooters OR bikes").unwrap(),
        "(\"scooters\" OR \"bikes\")"
    );
    assert_eq!(fts5_query("patrol*").unwrap(), "(\"patrol\" *)");
    assert_eq!(
        fts5_query("NEAR(a b) AND \"x").unwrap(),
        "(\"NEAR(a\") AND (\"b)\") AND (\"AND\") AND (\"x\")"
    );
    assert_eq!(
        fts5_query("say \"\"\"hi").unwrap(),
        "(\"say\") AND (\"hi\")"
    );
    assert!(fts5_query("").is_none());
    assert!(fts5_query("-only -negative").is_none());
    assert!(fts5_query("*** ??? ---").is_none());
}

#[test]
fn short_prefixes_are_whole_words() {
    assert_eq!(fts5_query("pa*").unwrap(), "(\"pa\")");
    assert_eq!(fts5_query("pat*").unwrap(), "(\"pat\" *)");
}

#[test]
fn searches_stay_in_the_searched_columns_and_the_body() {
    assert_eq!(
        fts5_scoped("a\"b", Some("x\"y")).unwrap(),
        "({title content} : ((\"a\") AND (\"b\"))) AND body_id : \"x\"\"y\""
    );
    assert_eq!(
        fts5_scoped("cd34", None).unwrap(),
        "{title content} : ((\"cd34\"))"
    );
}

#[test]
fn totals_are_exact_or_about() {
    assert_eq!(Total::about(41_234, 1000).count, 41_000);
    assert_eq!(Total::about(12, 1000).count, 1000);
    assert_eq!(Total::about(987_654, 1000).count, 990_000);
    assert_eq!(Total::about(41_234, 1000).label(), "about 41,000 results");
    assert_eq!(
        Total {
            count: 1,
            exact: true
        }
        .label(),
        "1 result"
    );
    assert_eq!(
        Total {
            count: 1234,
            exact: true
        }
        .label(),
        "1,234 results"
    );
}

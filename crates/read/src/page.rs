//! Keyset pagination: a page of a list and the opaque cursor that continues
//! it (the position after which the next page starts: a time and an id).

use chrono::NaiveDateTime;
use serde::Serialize;
use utoipa::ToSchema;

/// A page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T: ToSchema> {
    pub items: Vec<T>,
    /// Pass as `?cursor=` for the next page; null on the last page.
    pub next_cursor: Option<String>,
}

/// Builds a page from `limit + 1` fetched rows.
pub fn page<R, T: ToSchema>(
    mut rows: Vec<R>,
    limit: i64,
    key: impl Fn(&R) -> (NaiveDateTime, String),
    map: impl FnMut(R) -> T,
) -> Page<T> {
    let more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    let next_cursor = if more {
        rows.last().map(|r| {
            let (at, id) = key(r);
            list_cursor(at, &id)
        })
    } else {
        None
    };
    Page {
        items: rows.into_iter().map(map).collect(),
        next_cursor,
    }
}

/// The cursor of an API list: the position after which the next page
/// starts, written `{microseconds since 1970}.{uuid}` (lower-case,
/// hyphenated), so the description can give its exact form
/// ([`LIST_CURSOR_PATTERN`]). Any position of that form is a valid cursor:
/// a page starts after it whether or not a row is there. Clients treat it
/// as opaque.
pub fn list_cursor(at: NaiveDateTime, id: &str) -> String {
    format!("{}.{id}", at.and_utc().timestamp_micros())
}

/// What [`decode_cursor`] accepts; an empty cursor is the first page.
pub const LIST_CURSOR_PATTERN: &str =
    "^([0-9]{1,16}\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})?$";

/// The position of an API list's cursor (not empty), exactly when it has
/// the form of [`LIST_CURSOR_PATTERN`].
pub fn decode_cursor(c: &str) -> Option<(NaiveDateTime, String)> {
    let (micros, id) = c.split_once('.')?;
    if micros.is_empty() || micros.len() > 16 || !micros.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let parsed = uuid::Uuid::parse_str(id).ok()?;
    if parsed.hyphenated().to_string() != id {
        return None;
    }
    let at = chrono::DateTime::from_timestamp_micros(micros.parse().ok()?)?.naive_utc();
    Some((at, id.to_string()))
}

/// An OParl list's cursor (its keys are not all UUIDs): base64url of
/// `{microseconds}|{key}`.
pub fn encode_cursor(at: NaiveDateTime, id: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(format!("{}|{id}", at.and_utc().timestamp_micros()))
}

/// The position an OParl cursor names, whatever its key looks like (each
/// list checks its own keys).
pub fn decode_position(c: &str) -> Option<(NaiveDateTime, String)> {
    use base64::Engine;
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(c)
        .ok()?;
    let s = String::from_utf8(raw).ok()?;
    let (micros, id) = s.split_once('|')?;
    let at = chrono::DateTime::from_timestamp_micros(micros.parse().ok()?)?.naive_utc();
    Some((at, id.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_list_cursor_round_trips_and_only_its_exact_form_is_read() {
        let at = chrono::DateTime::from_timestamp_micros(1_700_000_000_123_456)
            .unwrap()
            .naive_utc();
        let id = "0b8e7f52-4c1a-4b8e-9d3c-2f6a1e5d7c90";
        let c = list_cursor(at, id);
        assert_eq!(c, format!("1700000000123456.{id}"));
        assert_eq!(decode_cursor(&c), Some((at, id.to_string())));
        let re = regex::Regex::new(LIST_CURSOR_PATTERN).unwrap();
        assert!(re.is_match(&c));
        for bad in [
            "zzz",
            "1700000000123456.0B8E7F52-4C1A-4B8E-9D3C-2F6A1E5D7C90",
            "1700000000123456.0b8e7f524c1a4b8e9d3c2f6a1e5d7c90",
            "-1.0b8e7f52-4c1a-4b8e-9d3c-2f6a1e5d7c90",
            "12345678901234567.0b8e7f52-4c1a-4b8e-9d3c-2f6a1e5d7c90",
            ".0b8e7f52-4c1a-4b8e-9d3c-2f6a1e5d7c90",
        ] {
            assert_eq!(decode_cursor(bad), None, "{bad}");
            assert!(!re.is_match(bad), "{bad}");
        }
    }
}

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
            encode_cursor(at, &id)
        })
    } else {
        None
    };
    Page {
        items: rows.into_iter().map(map).collect(),
        next_cursor,
    }
}

pub fn encode_cursor(at: NaiveDateTime, id: &str) -> String {
    use base64::Engine;
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .encode(format!("{}|{id}", at.and_utc().timestamp_micros()))
}

/// The position a cursor names, whatever its id looks like (each list
/// checks its own ids).
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

/// The position of a cursor over rows with UUID ids.
pub fn decode_cursor(c: &str) -> Option<(NaiveDateTime, String)> {
    let (at, id) = decode_position(c)?;
    uuid::Uuid::parse_str(&id).ok()?;
    Some((at, id))
}

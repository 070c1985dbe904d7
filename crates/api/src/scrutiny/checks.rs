//! Reading scrutiny input: numbers or labels, lettered parts, link
//! officers, grades, and paging lists that are loaded whole.

use super::views::{ProgressUpdate, Recommendation};
use crate::input::{Check, PageQuery};
use minutebook_domain::scrutiny::{self, Grade};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_read::page::Page;
use minutebook_store as store;
use minutebook_store::bodies::BodyRow;
use minutebook_store::scrutiny::Part;
use serde_json::Value;
use utoipa::ToSchema;

/// Free text that may arrive as a number (`budget_cost: 5000`).
pub(super) fn loose_text(
    c: &mut Check,
    field: &str,
    v: Option<Value>,
    max: usize,
) -> Option<String> {
    match v {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => c.text(field, Some(s), max),
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(_) => {
            c.add(field, "must be text");
            None
        }
    }
}

/// For PATCH: absent → None, null → Some(None).
pub(super) fn patch_loose_text(
    c: &mut Check,
    field: &str,
    v: Option<Option<Value>>,
    max: usize,
) -> Option<Option<String>> {
    v.map(|inner| loose_text(c, field, inner, max))
}

pub(super) fn check_number(c: &mut Check, v: Option<Value>) -> String {
    let raw = match v {
        Some(Value::Number(n)) if n.as_u64().is_some() => n.to_string(),
        Some(Value::String(s)) => s,
        None | Some(Value::Null) => {
            c.add("number", "is required, e.g. 2");
            return String::new();
        }
        Some(_) => {
            c.add(
                "number",
                "must be a whole number such as 2, or a label such as 3a",
            );
            return String::new();
        }
    };
    match scrutiny::parse_number(&raw) {
        Ok(n) => n,
        Err(m) => {
            c.add("number", m);
            String::new()
        }
    }
}

pub(super) fn check_link_officers(c: &mut Check, v: Option<Value>) -> Vec<String> {
    let items = match v {
        None | Some(Value::Null) => return Vec::new(),
        Some(Value::String(s)) => vec![Value::String(s)],
        Some(Value::Array(a)) => a,
        Some(_) => {
            c.add("link_officers", "must be a list of names");
            return Vec::new();
        }
    };
    if items.len() > 20 {
        c.add("link_officers", "must name at most 20 officers");
    }
    let mut out = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let field = format!("link_officers[{i}]");
        match item {
            Value::String(s) => {
                if let Some(t) = c.text(&field, Some(s), 200) {
                    out.push(t);
                }
            }
            _ => c.add(&field, "must be a name"),
        }
    }
    out
}

const PART_FIELDS: &[&str] = &[
    "letter",
    "text",
    "proposed_action",
    "post_title",
    "budget_cost",
    "timescale",
];

fn check_part(c: &mut Check, i: usize, item: Value) -> Option<Part> {
    let field = format!("parts[{i}]");
    let default_letter = scrutiny::letter_for(i);
    let typed = |text: String| match scrutiny::split_letter(&text) {
        Some((l, rest)) => (Some(l), rest),
        None => (None, text),
    };
    match item {
        Value::String(s) => {
            let (letter, text) = typed(s);
            let text = c.text(&field, Some(text), 20_000);
            if text.is_none() {
                c.add(&field, "must not be empty");
            }
            Some(Part {
                letter: letter.unwrap_or(default_letter),
                text: text.unwrap_or_default(),
                ..Part::default()
            })
        }
        Value::Object(mut m) => {
            for k in m.keys() {
                if !PART_FIELDS.contains(&k.as_str()) {
                    c.add(
                        &format!("{field}.{k}"),
                        format!(
                            "is not a field of a part (allowed: {})",
                            PART_FIELDS.join(", ")
                        ),
                    );
                }
            }
            let mut take = |k: &str, max: usize, c: &mut Check| {
                loose_text(c, &format!("{field}.{k}"), m.remove(k), max)
            };
            let letter = take("letter", 10, c);
            let raw_text = take("text", 20_000, c);
            let (typed_letter, text) = match raw_text {
                Some(t) if letter.is_none() => typed(t),
                other => (None, other.unwrap_or_default()),
            };
            if text.is_empty() {
                c.add(&format!("{field}.text"), "is required");
            }
            let letter = match letter {
                Some(l) => match scrutiny::parse_letter(&l) {
                    Ok(l) => l,
                    Err(msg) => {
                        c.add(&format!("{field}.letter"), msg);
                        l
                    }
                },
                None => typed_letter.unwrap_or(default_letter),
            };
            Some(Part {
                letter,
                text,
                proposed_action: take("proposed_action", 20_000, c),
                post_title: take("post_title", 300, c),
                budget_cost: take("budget_cost", 100, c),
                timescale: take("timescale", 200, c),
            })
        }
        _ => {
            c.add(
                &field,
                "must be the part's text, or {letter, text, proposed_action, post_title, budget_cost, timescale}",
            );
            None
        }
    }
}

pub(super) fn check_parts(c: &mut Check, v: Option<Value>) -> Vec<Part> {
    let items = match v {
        None | Some(Value::Null) => return Vec::new(),
        Some(Value::Array(a)) => a,
        Some(_) => {
            c.add(
                "parts",
                "must be a list of lettered parts: each its text, or {letter, text, proposed_action, post_title, budget_cost, timescale}",
            );
            return Vec::new();
        }
    };
    if items.len() > 52 {
        c.add("parts", "must have at most 52 parts");
    }
    let parts: Vec<Part> = items
        .into_iter()
        .enumerate()
        .filter_map(|(i, item)| check_part(c, i, item))
        .collect();
    let mut seen = std::collections::HashSet::new();
    for p in &parts {
        if !seen.insert(scrutiny::letter_key(&p.letter)) {
            c.add("parts", format!("two parts have the letter {}", p.letter));
        }
    }
    parts
}

pub(super) fn check_grade(c: &mut Check, v: Option<Value>) -> Option<Grade> {
    let n = match v {
        None | Some(Value::Null) => {
            c.add("grade", format!("is required: {}", scrutiny::GRADE_MESSAGE));
            return None;
        }
        Some(Value::Number(n)) => n.as_i64(),
        Some(Value::String(s)) => s.trim().parse::<i64>().ok(),
        Some(_) => None,
    };
    match n.map(Grade::try_from) {
        Some(Ok(g)) => Some(g),
        _ => {
            c.add("grade", scrutiny::GRADE_MESSAGE);
            None
        }
    }
}

/// A body named by id or slug in a query (`?body_id=`): an unknown one is
/// `404`, as an unknown id in the path (and `?body=` of the search).
pub(super) fn find_query_body(conn: &mut DbConn, key: &str) -> AppResult<BodyRow> {
    store::bodies::get(conn, key).map_err(|e| match e {
        AppError::NotFound(_) => AppError::NotFound("no body with that id or slug".into()),
        other => other,
    })
}

/// The form of [`page_in_memory`]'s cursor: the sort key of the last item
/// shown, as lower-case hex of its bytes. Any such text is a position.
pub const IN_MEMORY_CURSOR_PATTERN: &str = "^([0-9a-f]{2})*$";

/// Pages a list already in order by an opaque cursor over `key`.
pub(super) fn page_in_memory<T: ToSchema>(
    items: Vec<T>,
    key: impl Fn(&T) -> String,
    q: &PageQuery,
) -> AppResult<Page<T>> {
    let limit = q.limit()? as usize;
    let after = match q.cursor.as_deref() {
        None | Some("") => None,
        Some(c) => {
            let hex_ok = c.len() % 2 == 0
                && c.bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
            let bytes = hex_ok
                .then(|| hex::decode(c).ok())
                .flatten()
                .ok_or_else(|| {
                    AppError::field("cursor", "is not a cursor this service gave out")
                })?;
            Some(String::from_utf8_lossy(&bytes).into_owned())
        }
    };
    let mut rest: Vec<T> = items
        .into_iter()
        .filter(|i| after.as_ref().is_none_or(|a| key(i) > *a))
        .collect();
    let more = rest.len() > limit;
    rest.truncate(limit);
    let next_cursor = if more {
        rest.last().map(|i| hex::encode(key(i)))
    } else {
        None
    };
    Ok(Page {
        items: rest,
        next_cursor,
    })
}

pub(super) fn recommendation_key(r: &Recommendation) -> String {
    let n = match &r.number {
        Value::String(s) => s.to_lowercase(),
        other => other.to_string(),
    };
    format!("{:010}|{n}|{}", scrutiny::number_sort_key(&n).max(0), r.id)
}

pub(super) fn update_key(u: &ProgressUpdate) -> String {
    format!(
        "{}|{:020}|{}",
        scrutiny::round_order(u.period_date, u.created_at.date_naive()),
        u.created_at.timestamp_micros().max(0),
        u.id
    )
}

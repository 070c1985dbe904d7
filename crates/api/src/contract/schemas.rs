//! The request schemas made exact: what the handlers require of each field
//! beyond its Rust type (required, not null, lengths, enums, patterns,
//! rules across fields), patterns spelled so every regex engine reads them
//! as the service does, and the years the service takes.

use super::METHODS;
use serde_json::{json, Value};

/// The characters `str::trim` removes (Unicode `White_Space`), as a regex
/// class body. Patterns say this rather than `\s`, which regex engines
/// read differently (Python's takes U+001C–U+001F, ECMAScript's U+FEFF).
const BLANK: &str =
    "\\t\\n\\u000B\\f\\r \\u0085\\u00A0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000";

/// Control characters (`char::is_control`, general category Cc).
const CONTROL: &str = "\\u0000-\\u001F\\u007F-\\u009F";

/// A pattern with `\\s` and `\\S` spelled as the characters `str::trim`
/// removes, so every regex engine reads it as the service does.
fn exact_blanks(pattern: &str) -> String {
    let mut out = String::new();
    let mut in_class = false;
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('s') if in_class => out.push_str(BLANK),
                Some('s') => out.push_str(&format!("[{BLANK}]")),
                Some('S') if !in_class => out.push_str(&format!("[^{BLANK}]")),
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            },
            '[' => {
                in_class = true;
                out.push(c);
            }
            ']' => {
                in_class = false;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// A minute prefix as `domain::numbering::parse_prefix` takes it: trimmed,
/// 1–20 characters, no control characters or braces.
fn minute_prefix() -> String {
    let edge = format!("[^{{}}{CONTROL}{BLANK}]");
    let inner = format!("[^{{}}{CONTROL}]");
    format!("^[{BLANK}]*{edge}({inner}{{0,18}}{edge})?[{BLANK}]*$")
}

/// Dates and times the service takes: years 1900–2200 as written
/// (`Check::date`, `meetings::check_time`).
pub(super) const YEAR_1900_2200: &str = "^(19[0-9]{2}|2[01][0-9]{2}|2200)-";

/// What the handlers require of a field beyond its Rust type: `(schema,
/// property, required, the keywords it gains)`. A `type` given here
/// replaces the generated one (a PATCH field that may be left out but not
/// sent as `null`, because `Check::patch_required` refuses that); the
/// patterns `\\S` and `<minute-prefix>` are completed by `exact_patterns`.
const FIELD_RULES: &[(&str, &str, bool, &str)] = &[
    // A meeting's venue and contact officer (`meetings::apply_venue`,
    // `apply_contact`). The email's form is not given here: with the
    // meeting's other patterns schemathesis could not generate enough
    // meetings (`filter_too_much`); a malformed one is 422.
    ("VenueInput", "name", false, r##"{"maxLength":300}"##),
    ("VenueInput", "address", false, r##"{"maxLength":1000}"##),
    ("VenueInput", "postcode", false, r##"{"maxLength":16}"##),
    ("ContactInput", "name", false, r##"{"maxLength":200}"##),
    ("ContactInput", "role", false, r##"{"maxLength":200}"##),
    ("ContactInput", "email", false, r##"{"maxLength":254}"##),
    ("MeetingPatch", "title", false, r##"{"maxLength":300}"##),
    (
        "BodyPatch",
        "name",
        false,
        r##"{"type":"string","minLength":1,"maxLength":200,"pattern":"\\S"}"##,
    ),
    (
        "BodyPatch",
        "slug",
        false,
        r##"{"type":"string","minLength":1,"maxLength":64,"pattern":"^[a-z0-9]([a-z0-9-]*[a-z0-9])?$"}"##,
    ),
    (
        "BodyPatch",
        "minute_prefix",
        false,
        r##"{"type":"string","minLength":1,"pattern":"<minute-prefix>"}"##,
    ),
    ("BodyPatch", "kind", false, r##"{"type":"string"}"##),
    (
        "ItemPatch",
        "title",
        false,
        r##"{"type":"string","minLength":1,"maxLength":500,"pattern":"\\S"}"##,
    ),
    ("ItemPatch", "kind", false, r##"{"type":"string"}"##),
    (
        "PersonPatch",
        "name",
        false,
        r##"{"type":"string","minLength":1,"maxLength":200,"pattern":"\\S"}"##,
    ),
    (
        "ReviewPatch",
        "title",
        false,
        r##"{"type":"string","minLength":1,"maxLength":300,"pattern":"\\S"}"##,
    ),
    ("MembershipPatch", "role", false, r##"{"type":"string"}"##),
    (
        "MeetingPatch",
        "status",
        false,
        r##"{"enum":["draft","agenda_published","held","cancelled",null]}"##,
    ),
    ("NewMeeting", "starts_at", true, r##"{"type":"string"}"##),
    (
        "NewReview",
        "title",
        true,
        r##"{"type":"string","minLength":1,"maxLength":300,"pattern":"\\S"}"##,
    ),
    ("NewWebhook", "url", true, r##"{"type":"string"}"##),
    (
        "NewWebhook",
        "events",
        false,
        r##"{"minItems":1,"items":{"type":"string","enum":["agenda.published","meeting.updated","meeting.cancelled","minutes.published","minutes.confirmed","paper.added","decision.effective"]}}"##,
    ),
    (
        "NewProgressUpdate",
        "period",
        true,
        r##"{"type":"string","minLength":1,"pattern":"\\S"}"##,
    ),
    (
        "NewProgressUpdate",
        "evidence_of_progress",
        true,
        r##"{"type":"string","minLength":1,"maxLength":100000,"pattern":"\\S"}"##,
    ),
    (
        "NewRecommendation",
        "number",
        true,
        r##"{"type":["string","integer"]}"##,
    ),
    (
        "NewRecommendation",
        "parts",
        false,
        r##"{"maxItems":52,"items":{"anyOf":[{"type":"string","maxLength":20000,"pattern":"\\S"},{"$ref":"#/components/schemas/PartInput"}]}}"##,
    ),
    (
        "RecommendationPatch",
        "parts",
        false,
        r##"{"maxItems":52,"items":{"anyOf":[{"type":"string","maxLength":20000,"pattern":"\\S"},{"$ref":"#/components/schemas/PartInput"}]}}"##,
    ),
    // A part's columns are text, or numbers as a spreadsheet gives them
    // (`scrutiny::checks::loose_text`); its letter is one to four letters or
    // digits, marked as `a)`, `(a)` or `a.` if the clerk likes.
    (
        "PartInput",
        "letter",
        false,
        r##"{"type":null,"anyOf":[{"type":"string","pattern":"^\\s*$|^\\s*\\(?\\s*[A-Za-z0-9]{1,4}\\s*[).]?\\s*$"},{"type":"integer","minimum":0,"maximum":9999},{"type":"null"}]}"##,
    ),
    (
        "PartInput",
        "text",
        true,
        r##"{"type":["string","number"],"pattern":"\\S","maxLength":20000}"##,
    ),
    (
        "PartInput",
        "proposed_action",
        false,
        r##"{"type":["string","number","null"],"maxLength":20000}"##,
    ),
    (
        "PartInput",
        "post_title",
        false,
        r##"{"type":["string","number","null"],"maxLength":300}"##,
    ),
    (
        "PartInput",
        "budget_cost",
        false,
        r##"{"type":["string","number","null"],"maxLength":100}"##,
    ),
    (
        "PartInput",
        "timescale",
        false,
        r##"{"type":["string","number","null"],"maxLength":200}"##,
    ),
    (
        "NewRecommendation",
        "budget_cost",
        false,
        r##"{"type":["string","number","null"],"maxLength":100}"##,
    ),
    (
        "RecommendationPatch",
        "budget_cost",
        false,
        r##"{"type":["string","number","null"],"maxLength":100}"##,
    ),
    // One name is taken for a list of one.
    (
        "NewReview",
        "link_officers",
        false,
        r##"{"type":["array","string","null"],"maxItems":20}"##,
    ),
    (
        "ReviewPatch",
        "link_officers",
        false,
        r##"{"type":["array","string","null"],"maxItems":20}"##,
    ),
    (
        "NamedVoteInput",
        "person_id",
        true,
        r##"{"type":"string"}"##,
    ),
    (
        "NamedVoteInput",
        "vote",
        true,
        r##"{"type":"string","enum":["for","against","abstain"]}"##,
    ),
    (
        "OutcomePatch",
        "verb",
        false,
        r##"{"type":"string","pattern":"^\\s*([Aa][Gg][Rr][Ee][Ee][Dd]|[Rr][Ee][Ss][Oo][Ll][Vv][Ee][Dd]|[Nn][Oo][Tt][Ee][Dd])\\s*$"}"##,
    ),
    (
        "NewOutcome",
        "verb",
        true,
        r##"{"type":"string","pattern":"^\\s*([Aa][Gg][Rr][Ee][Ee][Dd]|[Rr][Ee][Ss][Oo][Ll][Vv][Ee][Dd]|[Nn][Oo][Tt][Ee][Dd])\\s*$"}"##,
    ),
    (
        "NewOutcome",
        "parts",
        false,
        r##"{"maxItems":100,"items":{"type":"string","maxLength":5000,"pattern":"\\S"}}"##,
    ),
    (
        "OutcomePatch",
        "parts",
        false,
        r##"{"maxItems":100,"items":{"type":"string","maxLength":5000,"pattern":"\\S"}}"##,
    ),
    ("OutcomePatch", "text", false, r##"{"maxLength":20000}"##),
    (
        "NewDeclaration",
        "kind",
        false,
        r##"{"enum":["disclosable_pecuniary","other_registrable","non_registrable",null]}"##,
    ),
];

/// Rules across fields that JSON Schema can say, by schema.
const SCHEMA_RULES: &[(&str, &str)] = &[
    // An outcome has its text or its numbered parts (`minutes::records`).
    (
        "NewOutcome",
        r##"{"anyOf":[{"required":["text"],"properties":{"text":{"type":"string","pattern":"\\S"}}},{"required":["parts"],"properties":{"parts":{"type":"array","minItems":1}}}]}"##,
    ),
    (
        "NewRecommendation",
        r##"{"anyOf":[{"required":["text"],"properties":{"text":{"type":"string","pattern":"\\S"}}},{"required":["parts"],"properties":{"parts":{"type":"array","minItems":1}}}]}"##,
    ),
];

pub(super) fn add_field_rules(doc: &mut Value) {
    for (schema, prop, required, rule) in FIELD_RULES {
        let Ok(Value::Object(rule)) = serde_json::from_str::<Value>(rule) else {
            continue;
        };
        let Some(s) = doc
            .pointer_mut(&format!("/components/schemas/{schema}"))
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        if *required {
            let list = s.entry("required").or_insert_with(|| json!([]));
            if let Some(list) = list.as_array_mut() {
                if !list.iter().any(|x| x == prop) {
                    list.push(json!(prop));
                }
            }
        }
        let Some(p) = s
            .get_mut("properties")
            .and_then(|ps| ps.get_mut(*prop))
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        for (k, v) in rule {
            if v.is_null() {
                p.remove(&k);
            } else {
                p.insert(k, v);
            }
        }
        // Not nullable: no `null` among the values either.
        if p.get("type").is_some_and(|t| t.as_str().is_some()) {
            if let Some(list) = p.get_mut("enum").and_then(Value::as_array_mut) {
                list.retain(|x| !x.is_null());
            }
        }
    }
    for (schema, rule) in SCHEMA_RULES {
        let Ok(Value::Object(rule)) = serde_json::from_str::<Value>(rule) else {
            continue;
        };
        if let Some(s) = doc
            .pointer_mut(&format!("/components/schemas/{schema}"))
            .and_then(Value::as_object_mut)
        {
            for (k, v) in rule {
                s.insert(k, v);
            }
        }
    }
    // Multipart forms and parts take exactly their fields (the handlers
    // refuse others).
    for schema in ["ImportUpload", "DocumentUpload", "PartInput"] {
        if let Some(s) = doc
            .pointer_mut(&format!("/components/schemas/{schema}"))
            .and_then(Value::as_object_mut)
        {
            s.insert("additionalProperties".into(), json!(false));
            if schema != "PartInput" {
                s.insert("required".into(), json!(["file"]));
            }
        }
    }
}

/// Rewrites patterns in every schema and parameter of the description.
pub(super) fn exact_patterns(v: &mut Value) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(p)) = m.get_mut("pattern") {
                *p = if p == "<minute-prefix>" {
                    minute_prefix()
                } else {
                    exact_blanks(p)
                };
            }
            m.values_mut().for_each(exact_patterns);
        }
        Value::Array(a) => a.iter_mut().for_each(exact_patterns),
        _ => {}
    }
}

/// The names of the component schemas a request body can hold.
fn request_schemas(doc: &Value) -> Vec<String> {
    fn refs(v: &Value, out: &mut Vec<String>) {
        match v {
            Value::Object(m) => {
                if let Some(Value::String(r)) = m.get("$ref") {
                    if let Some(name) = r.strip_prefix("#/components/schemas/") {
                        out.push(name.to_string());
                    }
                }
                m.values().for_each(|x| refs(x, out));
            }
            Value::Array(a) => a.iter().for_each(|x| refs(x, out)),
            _ => {}
        }
    }
    let mut todo = Vec::new();
    if let Some(paths) = doc["paths"].as_object() {
        for item in paths.values() {
            for method in METHODS {
                refs(&item[method]["requestBody"], &mut todo);
            }
        }
    }
    let mut seen: Vec<String> = Vec::new();
    while let Some(name) = todo.pop() {
        if seen.contains(&name) {
            continue;
        }
        refs(&doc["components"]["schemas"][&name], &mut todo);
        seen.push(name);
    }
    seen
}

/// Every `date` and `date-time` a request body can carry is checked to lie
/// in 1900–2200.
pub(super) fn add_year_bounds(doc: &mut Value) {
    fn bound(v: &mut Value) {
        match v {
            Value::Object(m) => {
                if matches!(
                    m.get("format").and_then(Value::as_str),
                    Some("date" | "date-time")
                ) {
                    m.insert("pattern".into(), json!(YEAR_1900_2200));
                }
                m.values_mut().for_each(bound);
            }
            Value::Array(a) => a.iter_mut().for_each(bound),
            _ => {}
        }
    }
    for name in request_schemas(doc) {
        if let Some(s) = doc.pointer_mut(&format!("/components/schemas/{name}")) {
            bound(s);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blanks_are_spelled_as_the_service_trims() {
        assert_eq!(exact_blanks("\\S"), format!("[^{BLANK}]"));
        assert_eq!(exact_blanks("^[^\\s<>]+$"), format!("^[^{BLANK}<>]+$"));
        assert_eq!(exact_blanks("^\\s*x$"), format!("^[{BLANK}]*x$"));
        assert_eq!(exact_blanks("a\\.b"), "a\\.b");
    }

    #[test]
    fn the_minute_prefix_pattern_takes_what_parse_prefix_takes() {
        let p = minute_prefix();
        let re = regex::Regex::new(&p).unwrap();
        for s in [
            "SSP",
            " SSP ",
            "Safer Stockton",
            "\tCAB\n",
            "12345678901234567890",
        ] {
            assert!(re.is_match(s), "{s:?}");
            assert!(
                minutebook_domain::numbering::parse_prefix(s).is_ok(),
                "{s:?}"
            );
        }
        for s in ["", "   ", "S{P", "S}", "S\u{1}P", "123456789012345678901"] {
            assert!(!re.is_match(s), "{s:?}");
            assert!(
                minutebook_domain::numbering::parse_prefix(s).is_err(),
                "{s:?}"
            );
        }
    }
}

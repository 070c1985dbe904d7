//! What every operation of the OpenAPI description can answer, added in one
//! place after utoipa has generated it from the handlers, so the description
//! says what the service does (issue 14, item 3):
//!
//! - errors are `application/problem+json` with the `Problem` schema (utoipa
//!   writes `application/json` for `body = Problem`);
//! - the statuses any operation of its kind can answer: `400` (a query or
//!   body that cannot be read), `401` (a bad token), `403` (a role that may
//!   not), `404` (an unknown id in the path), `409` (a state that forbids a
//!   write), `412` (a stale `If-Match`), `413`/`415` (a body too large or of
//!   the wrong type), `422` (invalid fields), `503` (busy, with
//!   `Retry-After`);
//! - `Idempotency-Key` on every `POST` (see `crate::idempotency`), `Retry-After`
//!   on `429` and `503`, `Location` on `201`.

use crate::domain::vocab;
use serde_json::{json, Map, Value};

const METHODS: [&str; 5] = ["get", "post", "put", "patch", "delete"];

fn problem(description: &str) -> Value {
    json!({
        "description": description,
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
    })
}

fn retry_after() -> Value {
    json!({"Retry-After": {
        "description": "whole seconds to wait before trying again",
        "required": true,
        "schema": {"type": "integer", "minimum": 0}
    }})
}

/// The vocabularies the handlers check against (`domain::vocab`), as
/// `enum`s on the request schemas that carry them.
const ENUMS: &[(&str, &str, &[&str])] = &[
    ("NewBody", "kind", vocab::BODY_KINDS),
    ("BodyPatch", "kind", vocab::BODY_KINDS),
    ("NewMembership", "role", vocab::MEMBERSHIP_ROLES),
    ("MembershipPatch", "role", vocab::MEMBERSHIP_ROLES),
    ("NewItem", "kind", vocab::ITEM_KINDS),
    ("ItemPatch", "kind", vocab::ITEM_KINDS),
    ("NewAttendance", "status", vocab::ATTENDANCE_STATUSES),
    ("AttendancePatch", "status", vocab::ATTENDANCE_STATUSES),
    ("NewAction", "status", vocab::ACTION_STATUSES),
    ("ActionPatch", "status", vocab::ACTION_STATUSES),
    ("NewTokenInput", "role", &["admin", "clerk", "reader"]),
];

fn add_enums(doc: &mut Value) {
    for (schema, prop, values) in ENUMS {
        let Some(p) = doc
            .pointer_mut(&format!("/components/schemas/{schema}/properties/{prop}"))
            .and_then(Value::as_object_mut)
        else {
            continue;
        };
        let nullable = p["type"]
            .as_array()
            .is_some_and(|t| t.iter().any(|x| x == "null"));
        let mut list: Vec<Value> = values.iter().map(|v| json!(v)).collect();
        if nullable {
            list.push(Value::Null);
        }
        p.insert("enum".into(), Value::Array(list));
    }
}

/// Query parameters the handlers check against a fixed list, by name.
const QUERY_ENUMS: &[(&str, &[&str])] = &[
    ("audience", &["public", "internal"]),
    ("format", &["html", "md", "txt", "docx", "pdf"]),
    ("minutes_status", &["published", "draft"]),
];

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
const YEAR_1900_2200: &str = "^(19[0-9]{2}|2[01][0-9]{2}|2200)-";

/// What the handlers require of a field beyond its Rust type: `(schema,
/// property, required, the keywords it gains)`. A `type` given here
/// replaces the generated one (a PATCH field that may be left out but not
/// sent as `null`, because `Check::patch_required` refuses that); the
/// patterns `\\S` and `<minute-prefix>` are completed by `exact_patterns`.
const FIELD_RULES: &[(&str, &str, bool, &str)] = &[
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
        r##"{"minItems":1,"items":{"type":"string","enum":["agenda.published","meeting.updated","meeting.cancelled","minutes.published","minutes.confirmed","paper.added"]}}"##,
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

fn add_field_rules(doc: &mut Value) {
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
fn exact_patterns(v: &mut Value) {
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
fn add_year_bounds(doc: &mut Value) {
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

/// Cursors have an exact form (`read::page::LIST_CURSOR_PATTERN`, the
/// search's `search::CURSOR_PATTERN`); `limit` is 1–500 unless the
/// operation says otherwise.
fn exact_query(path: &str, op: &mut Map<String, Value>) {
    let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) else {
        return;
    };
    for p in params.iter_mut().filter(|p| p["in"] == "query") {
        let name = p["name"].as_str().unwrap_or_default().to_string();
        let Some(schema) = p.get_mut("schema").and_then(Value::as_object_mut) else {
            continue;
        };
        match name.as_str() {
            "cursor" => {
                let pattern = if path == "/api/v1/search" {
                    crate::search::CURSOR_PATTERN
                } else if path.ends_with("/recommendations") || path.ends_with("/updates") {
                    super::scrutiny::IN_MEMORY_CURSOR_PATTERN
                } else {
                    crate::read::page::LIST_CURSOR_PATTERN
                };
                schema.insert("pattern".into(), json!(pattern));
            }
            "limit" => {
                schema.entry("minimum").or_insert(json!(1));
                schema.entry("maximum").or_insert(json!(500));
            }
            "on" => {
                schema.insert("pattern".into(), json!(YEAR_1900_2200));
            }
            // A meeting list's bounds: a date or an RFC 3339 time.
            "from" | "to" if path.ends_with("/meetings") => {
                schema.insert(
                    "anyOf".into(),
                    json!([{"format": "date"}, {"format": "date-time"}]),
                );
            }
            _ => {}
        }
    }
}

fn add_query_enums(op: &mut Map<String, Value>) {
    let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) else {
        return;
    };
    for p in params.iter_mut().filter(|p| p["in"] == "query") {
        let Some((_, values)) = QUERY_ENUMS.iter().find(|(n, _)| p["name"] == *n) else {
            continue;
        };
        if let Some(schema) = p.get_mut("schema").and_then(Value::as_object_mut) {
            let mut list: Vec<Value> = values.iter().map(|v| json!(v)).collect();
            if schema["type"]
                .as_array()
                .is_some_and(|t| t.iter().any(|x| x == "null"))
            {
                list.push(Value::Null);
            }
            schema.insert("enum".into(), Value::Array(list));
        }
    }
}

/// The media types an import reads (`api::imports::format_for`).
const IMPORT_TYPES: [&str; 5] = [
    "text/plain",
    "text/markdown",
    "text/html",
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
];

/// Makes every `operationId` unique, as OpenAPI requires (links name
/// their target by it): utoipa takes the handler's name, and several
/// modules have a `create` or a `read`. A shared name gains the path's
/// fixed segments: `create` of `POST /api/v1/bodies/{body_id}/meetings`
/// becomes `create_bodies_meetings`.
fn unique_operation_ids(doc: &mut Value) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    let mut count: std::collections::HashMap<String, usize> = Default::default();
    for item in paths.values() {
        for method in METHODS {
            if let Some(id) = item[method]["operationId"].as_str() {
                *count.entry(id.to_string()).or_default() += 1;
            }
        }
    }
    for (path, item) in paths.iter_mut() {
        for method in METHODS {
            let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) else {
                continue;
            };
            let Some(id) = op.get("operationId").and_then(Value::as_str) else {
                continue;
            };
            if count.get(id).copied().unwrap_or(0) > 1 {
                let fixed: Vec<&str> = path
                    .split('/')
                    .filter(|s| !s.is_empty() && !s.starts_with('{') && *s != "api" && *s != "v1")
                    .collect();
                let new = format!("{id}_{}", fixed.join("_").replace(['-', '.'], "_"));
                op.insert("operationId".into(), json!(new));
            }
        }
    }
}

/// Completes the description generated from the code.
pub fn complete(doc: &mut Value) {
    add_enums(doc);
    unique_operation_ids(doc);
    add_field_rules(doc);
    exact_patterns(doc);
    add_year_bounds(doc);
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    for (path, item) in paths.iter_mut() {
        for method in METHODS {
            if let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) {
                complete_operation(path, method, op);
            }
        }
    }
}

fn complete_operation(path: &str, method: &str, op: &mut Map<String, Value>) {
    let api = path.starts_with("/api/");
    let has_body = op.contains_key("requestBody");
    let secured = op.contains_key("security");
    let has_query = op
        .get("parameters")
        .and_then(Value::as_array)
        .is_some_and(|ps| ps.iter().any(|p| p["in"] == "query"));
    let write = method != "get";
    if api {
        add_query_enums(op);
        exact_query(path, op);
        // A token is optional where the public may read: it shows what
        // the token's role may see.
        if !secured && method == "get" {
            op.insert("security".into(), json!([{}, {"bearer": []}]));
        }
    }
    let names_body = op
        .get("parameters")
        .and_then(Value::as_array)
        .is_some_and(|ps| {
            ps.iter()
                .any(|p| p["in"] == "query" && (p["name"] == "body_id" || p["name"] == "body"))
        });
    if method == "post" && api {
        let params = op
            .entry("parameters")
            .or_insert_with(|| json!([]))
            .as_array_mut();
        if let Some(params) = params {
            params.push(json!({
                "name": "Idempotency-Key",
                "in": "header",
                "required": false,
                "description": "Makes a retry safe: the first answer is kept for 24 hours and replayed to a retry with the same key; the same key with another request is 422, and 409 while the first still runs",
                "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"}
            }));
        }
    }
    // An import's file is one of the document types it reads; the part's
    // Content-Type says which.
    if let Some(form) = op
        .get_mut("requestBody")
        .and_then(|b| b.pointer_mut("/content/multipart~1form-data"))
        .and_then(Value::as_object_mut)
    {
        if form["schema"]["$ref"] == "#/components/schemas/ImportUpload" {
            form.insert(
                "encoding".into(),
                json!({"file": {"contentType": IMPORT_TYPES.join(", ")}}),
            );
        }
    }
    let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
        return;
    };
    // Errors are problem documents.
    for (status, res) in responses.iter_mut() {
        if status.starts_with('4') || status.starts_with('5') {
            if let Some(content) = res.get_mut("content").and_then(Value::as_object_mut) {
                if let Some(json) = content.remove("application/json") {
                    content.insert("application/problem+json".into(), json);
                }
            }
        }
    }
    if !api {
        return;
    }
    let mut add = |status: &str, description: &str| {
        responses
            .entry(status.to_string())
            .or_insert_with(|| problem(description));
    };
    add(
        "400",
        "the query string, a header or the body cannot be read",
    );
    add(
        "401",
        "a token was sent but is not valid (or a write came without one)",
    );
    if secured || write {
        add("403", "the token's role may not do this");
    }
    if path.contains('{') || names_body {
        add("404", "nothing with that id");
    }
    if write {
        add("409", "the current state forbids this change");
    }
    if method == "patch" || method == "delete" {
        add("412", "If-Match names a version that is no longer current");
    }
    if has_body {
        add("413", "the body is too large");
        add("415", "the body is not of a supported media type");
    }
    if write || has_query {
        add("422", "invalid fields (named in errors)");
    }
    add(
        "503",
        "the service is busy; retry after Retry-After seconds",
    );
    for status in ["429", "503"] {
        if let Some(res) = responses.get_mut(status).and_then(Value::as_object_mut) {
            res.insert("headers".into(), retry_after());
        }
    }
    if let Some(res) = responses.get_mut("201").and_then(Value::as_object_mut) {
        res.entry("headers").or_insert_with(|| {
            json!({"Location": {"description": "the new resource", "schema": {"type": "string"}}})
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_become_problem_documents_and_writes_gain_their_statuses() {
        let mut doc = json!({"paths": {"/api/v1/things/{id}": {
            "patch": {
                "requestBody": {"content": {"application/json": {}}},
                "responses": {
                    "200": {"description": "ok", "content": {"application/json": {}}},
                    "412": {"description": "stale", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}
                }
            },
            "post": {"responses": {"201": {"description": "made"}}}
        }}});
        complete(&mut doc);
        let patch = &doc["paths"]["/api/v1/things/{id}"]["patch"]["responses"];
        assert!(patch["412"]["content"]["application/problem+json"].is_object());
        assert!(patch["412"]["content"].get("application/json").is_none());
        assert!(
            patch["200"]["content"]["application/json"].is_object(),
            "success stays JSON"
        );
        for s in [
            "400", "401", "403", "404", "409", "413", "415", "422", "503",
        ] {
            assert!(patch[s].is_object(), "{s}");
        }
        assert_eq!(patch["503"]["headers"]["Retry-After"]["required"], true);
        let post = &doc["paths"]["/api/v1/things/{id}"]["post"];
        assert_eq!(post["parameters"][0]["name"], "Idempotency-Key");
        assert!(post["responses"]["201"]["headers"]["Location"].is_object());
        assert!(post["responses"].get("412").is_none());
    }
}

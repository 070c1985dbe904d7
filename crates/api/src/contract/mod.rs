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
//! - `Idempotency-Key` on every `POST` (see `minutebook_web::idempotency`), `Retry-After`
//!   on `429` and `503`, `Location` on `201`.

mod schemas;

use minutebook_domain::vocab;
use schemas::{add_field_rules, add_year_bounds, exact_patterns, YEAR_1900_2200};
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
    ("NewInterest", "whose", minutebook_domain::interests::WHOSE),
    (
        "InterestPatch",
        "whose",
        minutebook_domain::interests::WHOSE,
    ),
    (
        "NewDecisionInput",
        "kind",
        minutebook_domain::decisions::KINDS,
    ),
    (
        "CallInOutcomeInput",
        "outcome",
        minutebook_domain::decisions::CALL_IN_OUTCOMES,
    ),
    (
        "NewNoticeInput",
        "kind",
        minutebook_domain::forward_plan::NOTICE_KINDS,
    ),
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
                    minutebook_search::CURSOR_PATTERN
                } else if path.ends_with("/recommendations") || path.ends_with("/updates") {
                    super::scrutiny::IN_MEMORY_CURSOR_PATTERN
                } else {
                    minutebook_read::page::LIST_CURSOR_PATTERN
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

/// The formats of the records that are not documents: an attendance record
/// (JSON or CSV) and a register of interests (JSON or its PDF).
fn query_enum(path: &str, name: &str) -> Option<&'static [&'static str]> {
    match name {
        "format" if path.ends_with("/attendance") => Some(&["json", "csv"]),
        "format" if path.ends_with("/interests") => Some(&["json", "pdf"]),
        _ => QUERY_ENUMS
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| *v),
    }
}

fn add_query_enums(path: &str, op: &mut Map<String, Value>) {
    let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) else {
        return;
    };
    for p in params.iter_mut().filter(|p| p["in"] == "query") {
        let Some(values) = query_enum(path, p["name"].as_str().unwrap_or_default()) else {
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

/// The paths that render a document (within the anonymous budget).
const RENDERS: [&str; 6] = [
    "/minutes",
    "/agenda",
    "/agenda/pack.pdf",
    "/report",
    "/action-plan",
    "/minute-book/verify",
];

/// A paper is served as the type its content shows (`domain::paper_types`).
fn paper_download_types(path: &str, method: &str, op: &mut Map<String, Value>) {
    if path != "/api/v1/documents/{id}/content" || method != "get" {
        return;
    }
    let Some(ok) = op
        .get_mut("responses")
        .and_then(|r| r.get_mut("200"))
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    let content: Map<String, Value> = minutebook_domain::paper_types::SERVED
        .iter()
        .map(|t| {
            let t = if t.starts_with("text/") {
                format!("{t}; charset=utf-8")
            } else {
                t.to_string()
            };
            (t, json!({"schema": {"type": "string", "format": "binary"}}))
        })
        .collect();
    ok.insert("content".into(), Value::Object(content));
}

/// What an operation is, read before it is completed.
struct Operation<'a> {
    path: &'a str,
    method: &'a str,
    has_body: bool,
    secured: bool,
    has_query: bool,
    write: bool,
    /// A query parameter names a body (`body_id`, `body`).
    names_body: bool,
}

/// Whether an operation has a query parameter that `pred` accepts.
fn any_query_param(op: &Map<String, Value>, pred: impl Fn(&Value) -> bool) -> bool {
    op.get("parameters")
        .and_then(Value::as_array)
        .is_some_and(|ps| ps.iter().any(|p| p["in"] == "query" && pred(p)))
}

/// Completes one operation with what every operation of its kind says.
fn complete_operation(path: &str, method: &str, op: &mut Map<String, Value>) {
    paper_download_types(path, method, op);
    let api = path.starts_with("/api/");
    let has_body = op.contains_key("requestBody");
    let secured = op.contains_key("security");
    let has_query = any_query_param(op, |_| true);
    if api {
        add_query_enums(path, op);
        exact_query(path, op);
        // A token is optional where the public may read: it shows what
        // the token's role may see.
        if !secured && method == "get" {
            op.insert("security".into(), json!([{}, {"bearer": []}]));
        }
    }
    let names_body = any_query_param(op, |p| p["name"] == "body_id" || p["name"] == "body");
    if method == "post" && api {
        add_idempotency_key(op);
    }
    import_file_types(op);
    let Some(responses) = op.get_mut("responses").and_then(Value::as_object_mut) else {
        return;
    };
    errors_as_problems(responses);
    if !api {
        return;
    }
    let operation = Operation {
        path,
        method,
        has_body,
        secured,
        has_query,
        write: method != "get",
        names_body,
    };
    add_statuses(&operation, responses);
    add_response_headers(responses);
}

/// The `Idempotency-Key` header of a `POST`.
fn add_idempotency_key(op: &mut Map<String, Value>) {
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

/// An import's file is one of the document types it reads; the part's
/// Content-Type says which.
fn import_file_types(op: &mut Map<String, Value>) {
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
}

/// Errors are problem documents.
fn errors_as_problems(responses: &mut Map<String, Value>) {
    for (status, res) in responses.iter_mut() {
        if status.starts_with('4') || status.starts_with('5') {
            if let Some(content) = res.get_mut("content").and_then(Value::as_object_mut) {
                if let Some(json) = content.remove("application/json") {
                    content.insert("application/problem+json".into(), json);
                }
            }
        }
    }
}

/// The error statuses an operation of its kind can answer, where the
/// handler's description does not give them.
fn add_statuses(o: &Operation<'_>, responses: &mut Map<String, Value>) {
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
    if o.secured || o.write {
        add("403", "the token's role may not do this");
    }
    if o.path.contains('{') || o.names_body {
        add("404", "nothing with that id");
    }
    if o.write {
        add("409", "the current state forbids this change");
    }
    if o.method == "patch" || o.method == "delete" {
        add("412", "If-Match names a version that is no longer current");
    }
    if o.has_body {
        add(
            "408",
            "the body did not arrive in time (the connection is closed)",
        );
        add("413", "the body is too large");
        add("415", "the body is not of a supported media type");
    }
    if o.write || o.has_query {
        add("422", "invalid fields (named in errors)");
    }
    add(
        "503",
        "the service is busy; retry after Retry-After seconds",
    );
    if o.method == "get" && RENDERS.iter().any(|r| o.path.ends_with(r)) {
        add(
            "429",
            "this address has had its documents rendered without a token for this minute; retry after Retry-After seconds",
        );
    }
}

/// `Retry-After` on `429` and `503`, `Location` on `201`.
fn add_response_headers(responses: &mut Map<String, Value>) {
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

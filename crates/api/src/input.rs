//! Reading client input: JSON bodies with clear field-level errors, the
//! `If-Match` precondition, pagination parameters, and small validators.

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use chrono::NaiveDateTime;
use futures_util::StreamExt;
use minutebook_ground::error::{AppError, AppResult, FieldError};
use minutebook_web::state::AppState;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::Value;
use std::future::Future;
use std::pin::Pin;

/// Fields the service sets itself; a client sending one is told so rather
/// than having it silently applied or ignored (mass assignment).
const READ_ONLY_FIELDS: &[&str] = &[
    "id",
    "created_at",
    "updated_at",
    "deleted_at",
    "version",
    "minute_number",
    "minutes_status",
    "agenda_published_at",
    "part_letter",
    "sha256",
    "size_bytes",
    "url",
];

/// A JSON request body of type `T` (whose serde attributes deny unknown
/// fields), read within the configured size limit.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for JsonBody<T> {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = AppResult<Self>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let checked = checked_body(req, payload);
        Box::pin(async move { typed(checked.await?).map(JsonBody) })
    }
}

/// Everything [`JsonBody`] does before the body's type matters (the media
/// type, the size limit, reading, [`checked_value`]): one future for every
/// body type, compiled once rather than once for each of them.
fn checked_body(
    req: &HttpRequest,
    payload: &mut Payload,
) -> Pin<Box<dyn Future<Output = AppResult<Value>>>> {
    let limit = req
        .app_data::<web::Data<AppState>>()
        .map(|s| s.settings.max_json_bytes)
        .unwrap_or(1024 * 1024);
    let content_type_ok = sends_json(req);
    let mut payload = payload.take();
    Box::pin(async move {
        if !content_type_ok {
            return Err(AppError::UnsupportedMediaType(
                "send the body as JSON with Content-Type: application/json".into(),
            ));
        }
        let mut body = web::BytesMut::new();
        while let Some(chunk) = payload.next().await {
            let chunk =
                chunk.map_err(|e| AppError::BadRequest(format!("could not read the body: {e}")))?;
            if body.len() + chunk.len() > limit {
                return Err(AppError::PayloadTooLarge(format!(
                    "the body is larger than the limit of {limit} bytes"
                )));
            }
            body.extend_from_slice(&chunk);
        }
        checked_value(&body)
    })
}

/// Whether the request says its body is JSON (`application/json`, or any
/// `…+json` type), whatever its parameters.
pub fn sends_json(req: &HttpRequest) -> bool {
    req.headers()
        .get(actix_web::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(|v| {
            let v = v
                .split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            v == "application/json" || v.ends_with("+json")
        })
        .unwrap_or(false)
}

/// Parses and checks a JSON body: valid JSON, an object, no read-only
/// fields, no NUL characters, then the typed fields.
pub fn parse_json<T: DeserializeOwned>(body: &[u8]) -> AppResult<T> {
    typed(checked_value(body)?)
}

/// A JSON body parsed and checked, before its type: valid JSON, an
/// object, no read-only fields, no NUL characters; whole numbers written
/// as `3.0` made integral.
fn checked_value(body: &[u8]) -> AppResult<Value> {
    let value: Value = serde_json::from_slice(body)
        .map_err(|e| AppError::BadRequest(format!("the body is not valid JSON: {e}")))?;
    let Value::Object(map) = &value else {
        return Err(AppError::BadRequest(
            "the body must be a JSON object".into(),
        ));
    };
    let mut errors = Vec::new();
    for key in map.keys() {
        if READ_ONLY_FIELDS.contains(&key.as_str()) {
            errors.push(FieldError::new(
                key,
                "is set by the service and cannot be sent",
            ));
        }
    }
    find_nul(&value, "", &mut errors);
    if !errors.is_empty() {
        return Err(AppError::Validation(errors));
    }
    let mut value = value;
    integral_numbers(&mut value);
    Ok(value)
}

/// The checked body as `T`, or the first field that does not fit, by its path.
fn typed<T: DeserializeOwned>(value: Value) -> AppResult<T> {
    serde_path_to_error::deserialize::<_, T>(value).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.inner().to_string();
        AppError::Validation(vec![field_error(&path, &inner)])
    })
}

fn field_error(path: &str, message: &str) -> FieldError {
    let base = if path == "." { "" } else { path };
    // serde names the offending field in backticks for unknown/missing fields.
    for marker in ["unknown field `", "missing field `"] {
        if let Some(rest) = message.strip_prefix(marker) {
            let name = rest.split('`').next().unwrap_or_default();
            let field = if base.is_empty() {
                name.to_string()
            } else if base == name || base.ends_with(&format!(".{name}")) {
                base.to_string()
            } else {
                format!("{base}.{name}")
            };
            let msg = if marker.starts_with("unknown") {
                let allowed = rest.split("expected ").nth(1).unwrap_or("");
                format!(
                    "is not a field of this resource (allowed: {})",
                    allowed.replace('`', "")
                )
            } else {
                "is required".to_string()
            };
            return FieldError::new(field, msg);
        }
    }
    let msg = message.split(" at line ").next().unwrap_or(message);
    FieldError::new(if base.is_empty() { "body" } else { base }, msg)
}

fn find_nul(v: &Value, path: &str, errors: &mut Vec<FieldError>) {
    match v {
        Value::String(s) if s.contains('\0') => errors.push(FieldError::new(
            path.trim_start_matches('.'),
            "must not contain NUL characters",
        )),
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                find_nul(x, &format!("{path}[{i}]"), errors);
            }
        }
        Value::Object(m) => {
            for (k, x) in m {
                find_nul(x, &format!("{path}.{k}"), errors);
            }
        }
        _ => {}
    }
}

/// JSON does not tell `5` from `5.0`, and JSON Schema counts both as an
/// `integer`; serde's integer types take only the first. A number with no
/// fractional part that fits an `i64` is read as that integer wherever it
/// stands, so `{"position": 3.0}` means position 3 (fields typed as
/// decimals take an integer as well).
fn integral_numbers(v: &mut Value) {
    match v {
        Value::Number(n) if n.is_f64() => {
            if let Some(f) = n.as_f64() {
                // -2^63 ..= 2^63 - 1; the upper bound as f64 rounds to 2^63, so compare strictly.
                if f.fract() == 0.0
                    && (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&f)
                {
                    *v = Value::from(f as i64);
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(integral_numbers),
        Value::Object(m) => m.values_mut().for_each(integral_numbers),
        _ => {}
    }
}

/// For PATCH: absent → `None`, `null` → `Some(None)`, a value → `Some(Some(v))`.
/// A nested object field: a JSON object, `null` or absent, never an array
/// (serde would read a struct from `[null, null]` and the change would be
/// silently empty).
pub fn object<'de, T, D>(de: D) -> Result<Option<T>, D::Error>
where
    T: DeserializeOwned,
    D: Deserializer<'de>,
{
    match Option::<Value>::deserialize(de)? {
        None | Some(Value::Null) => Ok(None),
        Some(v @ Value::Object(_)) => T::deserialize(v)
            .map(Some)
            .map_err(serde::de::Error::custom),
        Some(_) => Err(serde::de::Error::custom("must be a JSON object")),
    }
}

/// [`object`] for a field where `null` clears and absence leaves alone.
pub fn object_or_null<'de, T, D>(de: D) -> Result<Option<Option<T>>, D::Error>
where
    T: DeserializeOwned,
    D: Deserializer<'de>,
{
    object(de).map(Some)
}

pub fn double_option<'de, T, D>(de: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(de).map(Some)
}

/// The `If-Match` header as an extractor: the domain's rule
/// (`domain::precondition::IfMatch`), read from the request.
pub struct IfMatch(pub minutebook_domain::precondition::IfMatch);

impl std::ops::Deref for IfMatch {
    type Target = minutebook_domain::precondition::IfMatch;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl FromRequest for IfMatch {
    type Error = AppError;
    type Future = std::future::Ready<AppResult<IfMatch>>;
    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        use minutebook_domain::precondition::IfMatch as Rule;
        let v = req
            .headers()
            .get(actix_web::http::header::IF_MATCH)
            .map(|v| v.to_str().map(|s| s.to_string()));
        std::future::ready(match v {
            None => Ok(IfMatch(Rule(None))),
            Some(Ok(s)) => Ok(IfMatch(Rule(Some(s)))),
            Some(Err(_)) => Err(AppError::BadRequest(
                "the If-Match header is not readable".into(),
            )),
        })
    }
}

use minutebook_read::page::decode_cursor;

pub fn etag(version: i32) -> String {
    format!("\"{version}\"")
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// How many items, 1–500 (default 50).
    #[param(minimum = 1, maximum = 500)]
    pub limit: Option<i64>,
    /// The `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl PageQuery {
    pub fn limit(&self) -> AppResult<i64> {
        match self.limit {
            None => Ok(50),
            Some(n) if (1..=500).contains(&n) => Ok(n),
            Some(_) => Err(AppError::field("limit", "must be from 1 to 500")),
        }
    }

    /// The position after which the page starts.
    pub fn after(&self) -> AppResult<Option<(NaiveDateTime, String)>> {
        // An empty cursor (`?cursor=`) is the first page.
        let Some(c) = self.cursor.as_deref().filter(|c| !c.is_empty()) else {
            return Ok(None);
        };
        decode_cursor(c)
            .map(Some)
            .ok_or_else(|| AppError::field("cursor", "is not a cursor this service gave out"))
    }
}

pub use minutebook_web::check::Check;

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[expect(
        dead_code,
        reason = "the fields exist to be deserialised; the tests look only at the errors"
    )]
    struct T {
        title: String,
        n: Option<i32>,
    }

    fn err(body: &str) -> AppError {
        parse_json::<T>(body.as_bytes()).unwrap_err()
    }

    #[test]
    fn unknown_field_is_named() {
        match err(r#"{"title":"x","colour":"red"}"#) {
            AppError::Validation(e) => assert_eq!(e[0].field, "colour"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn read_only_field_is_refused() {
        match err(r#"{"title":"x","minute_number":"SSP/1/23"}"#) {
            AppError::Validation(e) => {
                assert_eq!(e[0].field, "minute_number");
                assert!(e[0].message.contains("set by the service"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn wrong_type_names_the_field() {
        match err(r#"{"title":"x","n":"five"}"#) {
            AppError::Validation(e) => assert_eq!(e[0].field, "n"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn text_length_is_counted_as_sent_and_blank_is_absent() {
        let mut c = Check::new();
        assert_eq!(c.text("t", Some(" abc ".into()), 5), Some("abc".into()));
        assert!(c.0.is_empty());
        assert_eq!(c.text("t", Some(" abcd ".into()), 5), Some("abcd".into()));
        assert_eq!(c.0.len(), 1, "six characters sent where five are allowed");
        assert_eq!(c.text("t", Some("   ".into()), 5), None);
    }

    #[test]
    fn an_integral_decimal_is_an_integer() {
        let t: T = parse_json(br#"{"title":"x","n":-493.0}"#).unwrap();
        assert_eq!(t.n, Some(-493));
        assert!(matches!(
            parse_json::<T>(br#"{"title":"x","n":2.5}"#),
            Err(AppError::Validation(_))
        ));
    }

    #[test]
    fn nul_characters_are_refused() {
        assert!(matches!(
            err("{\"title\":\"a\\u0000b\"}"),
            AppError::Validation(_)
        ));
    }

    #[test]
    fn not_json_is_bad_request() {
        assert!(matches!(err("{title"), AppError::BadRequest(_)));
        assert!(matches!(err("[1]"), AppError::BadRequest(_)));
    }

    #[test]
    fn if_match_accepts_current_and_refuses_stale() {
        assert!(
            minutebook_domain::precondition::IfMatch(Some("\"3\"".into()))
                .check(3)
                .is_ok()
        );
        assert!(
            minutebook_domain::precondition::IfMatch(Some("W/\"3\"".into()))
                .check(3)
                .is_ok()
        );
        assert!(minutebook_domain::precondition::IfMatch(Some("*".into()))
            .check(3)
            .is_ok());
        assert!(minutebook_domain::precondition::IfMatch(None)
            .check(3)
            .is_ok());
        assert!(matches!(
            minutebook_domain::precondition::IfMatch(Some("\"2\"".into())).check(3),
            Err(AppError::PreconditionFailed(_))
        ));
    }

    #[test]
    fn cursor_round_trips_and_garbage_is_refused() {
        let at = chrono::DateTime::from_timestamp_micros(1_700_000_000_123_456)
            .unwrap()
            .naive_utc();
        let id = uuid::Uuid::new_v4().to_string();
        let c = minutebook_read::page::list_cursor(at, &id);
        let q = PageQuery {
            limit: None,
            cursor: Some(c),
        };
        assert_eq!(q.after().unwrap(), Some((at, id)));
        let bad = PageQuery {
            limit: None,
            cursor: Some("zzz".into()),
        };
        assert!(bad.after().is_err());
    }
}

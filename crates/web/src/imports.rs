//! Importing a minutes document, from any surface (the API, the desk):
//! the document received (the raw body, or the multipart field `file`,
//! with `date` and the fields a surface asks for), its text read and parsed
//! off the async runtime within the import's time limit, the source kept
//! and the meeting written — or only tried, for a dry run. The CLI drives
//! the same steps (`usecases::import::run`) without a server.

use crate::state::AppState;
use actix_multipart::{Field, Multipart};
use actix_web::http::header::{HeaderMap, CONTENT_TYPE};
use actix_web::web;
use futures_util::StreamExt;
use minutebook_domain::access::Actor;
use minutebook_domain::lifecycle::MinutesStatus;
use minutebook_domain::visibility::Viewer;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_read::meeting::{self, Meeting};
use minutebook_store::bodies::BodyRow;
use minutebook_usecases::import::apply::Source;
use minutebook_usecases::import::archive;
use minutebook_usecases::import::extract::{ExtractError, Format};
use minutebook_usecases::import::parse::Warning;
use minutebook_usecases::import::run::{self, too_large, Parsed, Target, MAX_IMPORT_BYTES};
use sha2::{Digest, Sha256};
use std::collections::HashMap;

/// A document as received.
pub struct Received {
    pub bytes: Vec<u8>,
    /// A zip of documents (`archive::is_zip`), each imported in turn.
    pub archive: bool,
    pub format: Format,
    pub source: Source,
    /// The multipart field `date`, if sent.
    pub date: Option<String>,
    /// The extra multipart fields a surface asked for (the desk's `csrf`).
    pub fields: HashMap<String, String>,
}

/// The meeting's date as the clerk gives it: `?date=` or the form's `date`.
pub fn given_date(query: Option<&str>, form: Option<&str>) -> AppResult<Option<chrono::NaiveDate>> {
    match (query, form) {
        (Some(q), Some(f)) if q.trim() != f.trim() => Err(AppError::field(
            "date",
            "is given twice with different values (the query and the form)",
        )),
        (Some(d), _) | (None, Some(d)) => chrono::NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d")
            .map(Some)
            .map_err(|_| AppError::field("date", "must be a date as YYYY-MM-DD, e.g. 2019-11-04")),
        (None, None) => Ok(None),
    }
}

pub fn format_for(declared: Option<&str>, filename: &str) -> AppResult<Format> {
    let declared = declared.filter(|d| {
        let d = d.to_ascii_lowercase();
        !d.starts_with("application/octet-stream")
    });
    match declared {
        Some(d) => Format::from_media_type(d).map_err(|e| match e {
            ExtractError::Unsupported(m) | ExtractError::Unreadable(m) => {
                AppError::UnsupportedMediaType(m)
            }
        }),
        None => Format::from_file_name(filename).ok_or_else(|| {
            AppError::UnsupportedMediaType(
                "the document's type is not given: send it with Content-Type text/plain, text/markdown, text/html, application/pdf or the Word (.docx) type".into(),
            )
        }),
    }
}

/// Reads the document: the raw body, or the multipart field `file`.
pub async fn receive(
    headers: &HeaderMap,
    payload: web::Payload,
    extra: &[&str],
) -> AppResult<Received> {
    if let Some(len) = headers
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
    {
        if len > MAX_IMPORT_BYTES as u64 + 64 * 1024 {
            return Err(too_large());
        }
    }
    let declared = headers
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let form = if declared
        .as_deref()
        .is_some_and(|d| d.to_ascii_lowercase().starts_with("multipart/form-data"))
    {
        multipart(Multipart::new(headers, payload), extra).await?
    } else {
        Form {
            bytes: raw_body(payload).await?,
            declared,
            filename: "document".to_string(),
            date: None,
            fields: HashMap::new(),
        }
    };
    received(form)
}

/// The raw request body, refused once it passes the import's limit.
async fn raw_body(mut payload: web::Payload) -> AppResult<Vec<u8>> {
    let mut bytes = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk =
            chunk.map_err(|e| AppError::BadRequest(format!("the body could not be read: {e}")))?;
        if bytes.len() + chunk.len() > MAX_IMPORT_BYTES {
            return Err(too_large());
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// The document of a form: refused if empty; a zip archive if declared as
/// one (and it is one); else of the format its type or name says.
fn received(form: Form) -> AppResult<Received> {
    let Form {
        bytes,
        declared,
        filename,
        date,
        fields,
    } = form;
    if bytes.is_empty() {
        return Err(AppError::field("document", "is empty: send the minutes document as the request body or as the multipart field 'file'"));
    }
    let zip_declared = declared.as_deref().is_some_and(|d| {
        let d = d.to_ascii_lowercase();
        d.starts_with("application/zip") || d.starts_with("application/x-zip")
    }) || filename.to_ascii_lowercase().ends_with(".zip");
    let archive = zip_declared && archive::is_zip(&bytes);
    if zip_declared && !archive {
        return Err(AppError::field(
            "document",
            "was declared as a zip archive but is not one",
        ));
    }
    let format = if archive {
        Format::Text
    } else {
        format_for(declared.as_deref(), &filename)?
    };
    let sha256 = hex::encode(Sha256::digest(&bytes));
    let filename = if filename == "document" {
        format!("document.{}", extension(format, archive))
    } else {
        filename
    };
    Ok(Received {
        source: Source {
            sha256,
            filename,
            media_type: format.media_type().to_string(),
            size_bytes: bytes.len() as i64,
        },
        bytes,
        archive,
        format,
        date,
        fields,
    })
}

/// The file name extension of a document sent without a name.
fn extension(format: Format, archive: bool) -> &'static str {
    match format {
        _ if archive => "zip",
        Format::Text => "txt",
        Format::Markdown => "md",
        Format::Html => "html",
        Format::Pdf => "pdf",
        Format::Docx => "docx",
    }
}

/// A document as sent, before it is checked.
struct Form {
    bytes: Vec<u8>,
    /// The media type declared for it.
    declared: Option<String>,
    filename: String,
    /// The multipart field `date`, if sent.
    date: Option<String>,
    /// The extra multipart fields a surface asked for.
    fields: HashMap<String, String>,
}

/// A multipart body that cannot be read.
fn bad_multipart(e: actix_multipart::MultipartError) -> AppError {
    AppError::BadRequest(format!("the multipart body is not valid: {e}"))
}

/// The bytes of one multipart field, refused (`too_long`) past `cap`.
async fn field_bytes(
    field: &mut Field,
    cap: usize,
    too_long: impl Fn() -> AppError,
) -> AppResult<Vec<u8>> {
    let mut v = Vec::new();
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(bad_multipart)?;
        if v.len() + chunk.len() > cap {
            return Err(too_long());
        }
        v.extend_from_slice(&chunk);
    }
    Ok(v)
}

async fn multipart(mut form: Multipart, extra: &[&str]) -> AppResult<Form> {
    let mut file = None;
    let mut date = None;
    let mut fields = HashMap::new();
    while let Some(field) = form.next().await {
        let mut field = field.map_err(bad_multipart)?;
        let name = field.name().unwrap_or_default().to_string();
        if extra.contains(&name.as_str()) {
            let v = field_bytes(&mut field, 4096, || AppError::field(&name, "is too long")).await?;
            let text =
                String::from_utf8(v).map_err(|_| AppError::field(&name, "must be UTF-8 text"))?;
            fields.insert(name, text);
            continue;
        }
        if name == "date" {
            let not_a_date = || AppError::field("date", "must be a date as YYYY-MM-DD");
            let v = field_bytes(&mut field, 64, not_a_date).await?;
            date = Some(String::from_utf8(v).map_err(|_| not_a_date())?);
            continue;
        }
        if name != "file" {
            return Err(AppError::field(
                &name,
                "is not a field of an import (send the document as 'file', and the date as 'date' if the minutes print none)",
            ));
        }
        if file.is_some() {
            return Err(AppError::field("file", "send one document per import"));
        }
        file = Some(file_field(&mut field).await?);
    }
    let (bytes, declared, filename) = file.ok_or_else(|| {
        AppError::field(
            "file",
            "is required: send the document as the multipart field 'file'",
        )
    })?;
    Ok(Form {
        bytes,
        declared,
        filename,
        date,
        fields,
    })
}

/// The field `file`: its bytes, declared type and file name (its last
/// segment, without quotes or control characters; "document" if none).
async fn file_field(field: &mut Field) -> AppResult<(Vec<u8>, Option<String>, String)> {
    let filename: String = field
        .content_disposition()
        .and_then(|cd| cd.get_filename())
        .unwrap_or("document")
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("document")
        .chars()
        .filter(|c| !c.is_control() && *c != '"')
        .take(200)
        .collect();
    let declared = field.content_type().map(|m| m.essence_str().to_string());
    let bytes = field_bytes(field, MAX_IMPORT_BYTES, too_large).await?;
    let filename = if filename.trim().is_empty() {
        "document".into()
    } else {
        filename
    };
    Ok((bytes, declared, filename))
}

/// The text of a received document, read off the async runtime within the
/// import's time limit (`import::run::read_text`).
pub async fn text_of(
    bytes: Vec<u8>,
    format: Format,
    program: Option<std::path::PathBuf>,
) -> AppResult<String> {
    web::block(move || run::read_text(bytes, format, program.as_deref()))
        .await
        .map_err(|_| AppError::field("document", "the document could not be read"))?
}

/// Parses a document's text off the async runtime (`import::run::parse`).
pub async fn parse_off_runtime(
    text: String,
    target: Target,
    prefix: String,
    date: Option<chrono::NaiveDate>,
) -> AppResult<Parsed> {
    web::block(move || run::parse(&text, target, &prefix, date))
        .await
        .map_err(|_| AppError::field("document", "the document could not be read"))?
}

/// What an import made of a minutes document.
pub struct Imported {
    /// The whole meeting (for a dry run, as it would have been).
    pub meeting: Meeting,
    pub warnings: Vec<Warning>,
    /// What the import understood, item by item.
    pub report: Option<run::Report>,
    pub source_sha256: String,
}

/// One document: read, parsed, kept and written (or tried, for a dry run):
/// the one orchestration of an import for every surface.
pub async fn import_one(
    state: &AppState,
    actor: &Actor,
    body: &BodyRow,
    got: Received,
    status: MinutesStatus,
    dry_run: bool,
    date: Option<chrono::NaiveDate>,
) -> AppResult<Imported> {
    let text = text_of(
        got.bytes.clone(),
        got.format,
        state.settings.extract_program.clone(),
    )
    .await?;
    let target = Target::Minutes(status);
    let parsed = parse_off_runtime(text, target, body.minute_prefix.clone(), date).await?;
    let report = run::report(&parsed, date.is_some());
    if !dry_run {
        run::keep_source(&state.documents, &got.source.sha256, &got.bytes).await?;
    }
    let settings = state.settings.clone();
    let source = got.source.clone();
    let (actor, body) = (actor.clone(), body.clone());
    let (view, warnings) = state
        .write_or_try(dry_run, move |conn| {
            let (meeting_id, warnings) =
                run::write(conn, &actor, &settings, &body, &parsed, target, &source)?;
            let view =
                meeting::load_meeting(conn, &meeting_id, Viewer::Internal, &settings.public_url)?;
            Ok((view, warnings))
        })
        .await?;
    Ok(Imported {
        meeting: view,
        warnings,
        report,
        source_sha256: got.source.sha256,
    })
}

//! `POST /api/v1/bodies/{body}/imports`: an existing minutes document (the
//! request body with its media type, or multipart field `file`) becomes a
//! meeting; `?dry_run=true` answers the same report and stores nothing.
//! Extraction and parsing run on a blocking thread under a time limit.

use crate::caller::Caller;
use actix_multipart::Multipart;
use actix_web::http::header::CONTENT_TYPE;
use actix_web::http::StatusCode;
use actix_web::{post, web, HttpRequest, HttpResponse};
use futures_util::StreamExt;
use minutebook_domain::access::Actor;
use minutebook_domain::lifecycle::MinutesStatus;
use minutebook_domain::visibility::Viewer;
use minutebook_ground::error::{AppError, AppResult, Problem};
use minutebook_read::meeting::{self, Meeting};
use minutebook_store as store;
use minutebook_store::bodies::BodyRow;
use minutebook_usecases::import::apply::Source;
use minutebook_usecases::import::archive;
use minutebook_usecases::import::extract::{ExtractError, Format};
use minutebook_usecases::import::parse::Warning;
use minutebook_usecases::import::run::{self, too_large, Parsed, Target, MAX_IMPORT_BYTES};
use minutebook_web::state::AppState;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use utoipa::ToSchema;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// `true`: read the document and answer the report; store nothing.
    pub dry_run: Option<bool>,
    /// `published` (default) or `draft` (a clerk turning notes into minutes).
    pub minutes_status: Option<String>,
    /// The meeting's date (YYYY-MM-DD), for minutes that print none; it
    /// wins over a printed date, with a warning when they differ.
    pub date: Option<String>,
}

/// What an import made of a minutes document.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeetingImport {
    /// The whole meeting, as `GET /api/v1/meetings/{id}` answers it.
    pub meeting: Meeting,
    pub warnings: Vec<Warning>,
    /// What the import understood: each item with its number as printed,
    /// title, outcome count and the source lines it took.
    pub report: Option<run::Report>,
    pub source_sha256: String,
}

/// The multipart form of an import.
#[derive(ToSchema)]
#[expect(
    dead_code,
    reason = "describes the form in the OpenAPI document only; the handler reads the stream"
)]
pub struct ImportUpload {
    /// The document (its part's Content-Type, else its file name, tells the format).
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// The meeting's date (YYYY-MM-DD), for minutes that print none.
    date: Option<String>,
}

/// A document as received.
pub struct Received {
    pub bytes: Vec<u8>,
    /// A zip of documents (`archive::is_zip`), each imported in turn.
    pub archive: bool,
    pub format: Format,
    pub source: Source,
    /// The multipart field `date`, if sent.
    pub date: Option<String>,
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

fn format_for(declared: Option<&str>, filename: &str) -> AppResult<Format> {
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
pub async fn receive(req: &HttpRequest, payload: web::Payload) -> AppResult<Received> {
    if let Some(len) = req
        .headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok())
    {
        if len > MAX_IMPORT_BYTES as u64 + 64 * 1024 {
            return Err(too_large());
        }
    }
    let declared = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let (bytes, declared, filename, date) = if declared
        .as_deref()
        .is_some_and(|d| d.to_ascii_lowercase().starts_with("multipart/form-data"))
    {
        multipart(Multipart::new(req.headers(), payload)).await?
    } else {
        let mut payload = payload;
        let mut bytes = Vec::new();
        while let Some(chunk) = payload.next().await {
            let chunk = chunk
                .map_err(|e| AppError::BadRequest(format!("the body could not be read: {e}")))?;
            if bytes.len() + chunk.len() > MAX_IMPORT_BYTES {
                return Err(too_large());
            }
            bytes.extend_from_slice(&chunk);
        }
        (bytes, declared, "document".to_string(), None)
    };
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
        format!(
            "document.{}",
            match format {
                _ if archive => "zip",
                Format::Text => "txt",
                Format::Markdown => "md",
                Format::Html => "html",
                Format::Pdf => "pdf",
                Format::Docx => "docx",
            }
        )
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
    })
}

type Form = (Vec<u8>, Option<String>, String, Option<String>);

async fn multipart(mut form: Multipart) -> AppResult<Form> {
    let bad = |e: actix_multipart::MultipartError| {
        AppError::BadRequest(format!("the multipart body is not valid: {e}"))
    };
    let mut file = None;
    let mut date = None;
    while let Some(field) = form.next().await {
        let mut field = field.map_err(bad)?;
        let name = field.name().unwrap_or_default().to_string();
        if name == "date" {
            let mut v = Vec::new();
            while let Some(chunk) = field.next().await {
                let chunk = chunk.map_err(bad)?;
                if v.len() + chunk.len() > 64 {
                    return Err(AppError::field("date", "must be a date as YYYY-MM-DD"));
                }
                v.extend_from_slice(&chunk);
            }
            date = Some(
                String::from_utf8(v)
                    .map_err(|_| AppError::field("date", "must be a date as YYYY-MM-DD"))?,
            );
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
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(bad)?;
            if bytes.len() + chunk.len() > MAX_IMPORT_BYTES {
                return Err(too_large());
            }
            bytes.extend_from_slice(&chunk);
        }
        file = Some((
            bytes,
            declared,
            if filename.trim().is_empty() {
                "document".into()
            } else {
                filename
            },
        ));
    }
    let (bytes, declared, filename) = file.ok_or_else(|| {
        AppError::field(
            "file",
            "is required: send the document as the multipart field 'file'",
        )
    })?;
    Ok((bytes, declared, filename, date))
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

fn minutes_status(q: &ImportQuery) -> AppResult<MinutesStatus> {
    match q.minutes_status.as_deref() {
        None | Some("published") => Ok(MinutesStatus::Published),
        Some("draft") => Ok(MinutesStatus::Draft),
        Some(_) => Err(AppError::field(
            "minutes_status",
            "must be published or draft",
        )),
    }
}

/// Import a minutes document (text, Markdown, HTML, PDF or Word) as a meeting.
#[utoipa::path(tag = "imports", params(("body_id" = String, Path, description = "id or slug"), ImportQuery),
    request_body(description = "the document: text/plain, text/markdown, text/html, application/pdf, application/vnd.openxmlformats-officedocument.wordprocessingml.document, or multipart/form-data with the field `file`",
        content((String = "text/plain"), (String = "text/markdown"), (String = "text/html"), (Vec<u8> = "application/pdf"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"), (Vec<u8> = "application/zip"), (ImportUpload = "multipart/form-data"))),
    responses(
        (status = 201, description = "the meeting was made; `Location` names it", body = MeetingImport),
        (status = 200, description = "dry run: what the import would make; nothing was stored", body = MeetingImport),
        (status = 207, description = "a zip archive (application/zip): what became of each of its documents, each imported in its own transaction", body = ArchiveImport),
        (status = 400, description = "the body could not be read", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "no or a bad token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "the token's role may not write", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "no such body", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "the same document (SHA-256) was imported into this body already, or a minute number in it is already used", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "the document is larger than 20 MB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "a media type that is not imported", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "empty, not what it was declared as, unreadable (a damaged file, a PDF bomb), or not minutes", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "too many documents being imported at once; see Retry-After", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/api/v1/bodies/{body_id}/imports")]
pub async fn import_minutes(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    query: web::Query<ImportQuery>,
    req: HttpRequest,
    payload: web::Payload,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let _importing = state.limits.imports.enter()?;
    let status = minutes_status(&query)?;
    let dry_run = query.dry_run.unwrap_or(false);
    let key = path.into_inner();
    let body = state.db(move |conn| store::bodies::get(conn, &key)).await?;
    let got = receive(&req, payload).await?;
    let date = given_date(query.date.as_deref(), got.date.as_deref())?;
    if got.archive {
        let summary =
            import_archive(&state, &actor, &body, &got.bytes, status, dry_run, date).await?;
        return Ok(HttpResponse::build(StatusCode::MULTI_STATUS).json(summary));
    }
    let one = import_one(&state, &actor, &body, got, status, dry_run, date).await?;
    let mut b = HttpResponse::build(if dry_run {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    });
    if !dry_run {
        b.insert_header(("Location", format!("/api/v1/meetings/{}", one.meeting.id)));
    }
    Ok(b.json(one))
}

/// One document: read, parsed, kept and written (or tried, for a dry run).
async fn import_one(
    state: &web::Data<AppState>,
    actor: &Actor,
    body: &BodyRow,
    got: Received,
    status: MinutesStatus,
    dry_run: bool,
    date: Option<chrono::NaiveDate>,
) -> AppResult<MeetingImport> {
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
    Ok(MeetingImport {
        meeting: view,
        warnings,
        report,
        source_sha256: got.source.sha256,
    })
}

/// What became of one document of an archive.
#[derive(Debug, Serialize, ToSchema)]
pub struct ArchiveDocument {
    /// Its path inside the archive.
    pub name: String,
    /// `imported`, `skipped` (the same document is already imported) or `failed`.
    pub outcome: String,
    pub meeting_id: Option<String>,
    pub items: Option<usize>,
    pub warnings: usize,
    /// Why it failed, in words a clerk can act on.
    pub error: Option<String>,
}

/// What became of a zip archive of minutes: each document in its own
/// transaction, so one that fails changes nothing and the others still go in.
#[derive(Debug, Serialize, ToSchema)]
pub struct ArchiveImport {
    pub imported: usize,
    pub skipped: usize,
    pub failed: usize,
    pub documents: Vec<ArchiveDocument>,
    /// Entries that are not documents an import takes.
    pub not_imported: Vec<String>,
}

async fn import_archive(
    state: &web::Data<AppState>,
    actor: &Actor,
    body: &BodyRow,
    bytes: &[u8],
    status: MinutesStatus,
    dry_run: bool,
    date: Option<chrono::NaiveDate>,
) -> AppResult<ArchiveImport> {
    let zip = bytes.to_vec();
    let (entries, not_imported) = web::block(move || archive::entries(&zip))
        .await
        .map_err(|_| AppError::field("document", "the zip archive could not be read"))?
        .map_err(|e| match e {
            ExtractError::Unsupported(m) => AppError::UnsupportedMediaType(m),
            ExtractError::Unreadable(m) => AppError::field("document", m),
        })?;
    let mut out = ArchiveImport {
        imported: 0,
        skipped: 0,
        failed: 0,
        documents: Vec::new(),
        not_imported,
    };
    for e in entries {
        let got = Received {
            source: Source {
                sha256: hex::encode(Sha256::digest(&e.bytes)),
                filename: e
                    .name
                    .rsplit('/')
                    .next()
                    .unwrap_or(&e.name)
                    .chars()
                    .take(200)
                    .collect(),
                media_type: e.format.media_type().to_string(),
                size_bytes: e.bytes.len() as i64,
            },
            bytes: e.bytes,
            archive: false,
            format: e.format,
            date: None,
        };
        let doc = match import_one(state, actor, body, got, status, dry_run, date).await {
            Ok(one) => {
                out.imported += 1;
                ArchiveDocument {
                    name: e.name,
                    outcome: "imported".into(),
                    meeting_id: (!dry_run).then(|| one.meeting.id.clone()),
                    items: Some(one.meeting.items.len()),
                    warnings: one.warnings.len(),
                    error: None,
                }
            }
            Err(AppError::Conflict(m)) if m.contains("imported into this body already") => {
                out.skipped += 1;
                ArchiveDocument {
                    name: e.name,
                    outcome: "skipped".into(),
                    meeting_id: None,
                    items: None,
                    warnings: 0,
                    error: Some(m),
                }
            }
            Err(err) => {
                out.failed += 1;
                ArchiveDocument {
                    name: e.name,
                    outcome: "failed".into(),
                    meeting_id: None,
                    items: None,
                    warnings: 0,
                    error: Some(err.problem().detail),
                }
            }
        };
        out.documents.push(doc);
    }
    Ok(out)
}

//! `POST /api/v1/bodies/{body}/imports`: an existing minutes document (the
//! request body with its media type, or multipart field `file`) becomes a
//! meeting; `?dry_run=true` answers the same report and stores nothing.
//! Extraction and parsing run on a blocking thread under a time limit.

use crate::caller::Caller;
use actix_web::http::StatusCode;
use actix_web::{post, web, HttpRequest, HttpResponse};
use minutebook_domain::access::Actor;
use minutebook_domain::lifecycle::MinutesStatus;
use minutebook_ground::error::{AppError, AppResult, Problem};
use minutebook_read::meeting::Meeting;
use minutebook_store as store;
use minutebook_store::bodies::BodyRow;
use minutebook_usecases::import::apply::Source;
use minutebook_usecases::import::archive;
use minutebook_usecases::import::extract::ExtractError;
use minutebook_usecases::import::parse::Warning;
use minutebook_usecases::import::run;
use minutebook_web::imports::{self, Received};
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

impl From<imports::Imported> for MeetingImport {
    fn from(i: imports::Imported) -> MeetingImport {
        MeetingImport {
            meeting: i.meeting,
            warnings: i.warnings,
            report: i.report,
            source_sha256: i.source_sha256,
        }
    }
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
    let got = imports::receive(req.headers(), payload, &[]).await?;
    let date = imports::given_date(query.date.as_deref(), got.date.as_deref())?;
    if got.archive {
        let summary =
            import_archive(&state, &actor, &body, &got.bytes, status, dry_run, date).await?;
        return Ok(HttpResponse::build(StatusCode::MULTI_STATUS).json(summary));
    }
    let one = MeetingImport::from(
        imports::import_one(&state, &actor, &body, got, status, dry_run, date).await?,
    );
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

/// Imports each document of a zip archive, each in its own transaction.
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
        let (name, got) = received(e);
        let result = imports::import_one(state, actor, body, got, status, dry_run, date).await;
        out.record(name, result, dry_run);
    }
    Ok(out)
}

/// One document of an archive as received: its path and the document.
fn received(e: archive::Entry) -> (String, Received) {
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
        fields: Default::default(),
    };
    (e.name, got)
}

impl ArchiveImport {
    /// Counts what became of the document `name` and lists it: imported,
    /// skipped (already imported) or failed.
    fn record(&mut self, name: String, result: AppResult<imports::Imported>, dry_run: bool) {
        let doc = match result {
            Ok(one) => {
                self.imported += 1;
                ArchiveDocument {
                    name,
                    outcome: "imported".into(),
                    meeting_id: (!dry_run).then(|| one.meeting.id.clone()),
                    items: Some(one.meeting.items.len()),
                    warnings: one.warnings.len(),
                    error: None,
                }
            }
            Err(AppError::Conflict(m)) if m.contains("imported into this body already") => {
                self.skipped += 1;
                ArchiveDocument {
                    name,
                    outcome: "skipped".into(),
                    meeting_id: None,
                    items: None,
                    warnings: 0,
                    error: Some(m),
                }
            }
            Err(err) => {
                self.failed += 1;
                ArchiveDocument {
                    name,
                    outcome: "failed".into(),
                    meeting_id: None,
                    items: None,
                    warnings: 0,
                    error: Some(err.problem().detail),
                }
            }
        };
        self.documents.push(doc);
    }
}

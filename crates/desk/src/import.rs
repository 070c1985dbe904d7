//! Importing an old minutes document from the desk: the clerk chooses the
//! body and the file (PDF, Word, a web page or text); the desk first shows
//! what the import understood (the items with their numbers, outcomes,
//! attendance, warnings), storing no meeting; then "Import" makes the
//! meeting. The document itself is kept between the two steps where
//! papers are kept (by its SHA-256, as every import keeps its source), so
//! the clerk does not choose it twice. The import is the API's and the
//! CLI's (`minutebook_web::imports`).

use super::page::{clerk, clerk_form, frame, see_other, Choice, Frame};
use super::session::{check_form, same_origin};
use super::{error_page, render, respond};
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use minutebook_domain::lifecycle::MinutesStatus;
use minutebook_ground::error::{AppError, FieldError};
use minutebook_store as store;
use minutebook_usecases::import::apply::Source;
use minutebook_usecases::import::extract::Format;
use minutebook_usecases::import::run;
use minutebook_usecases::staff::Session;
use minutebook_web::imports::{self, Imported, Received};
use minutebook_web::state::AppState;
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
struct ImportPage {
    #[serde(flatten)]
    frame: Frame,
    bodies: Vec<Choice>,
    errors: Vec<FieldError>,
}

async fn form_page(
    state: &web::Data<AppState>,
    s: &Session,
    status: StatusCode,
    chosen: &str,
    errors: Vec<FieldError>,
) -> HttpResponse {
    let bodies = match state.db(|conn| store::bodies::list(conn, None, 500)).await {
        Ok(b) => b,
        Err(e) => return error_page(&e),
    };
    let page = ImportPage {
        frame: frame(s, "Import old minutes".into()),
        bodies: bodies
            .into_iter()
            .map(|b| Choice::new(b.slug.clone(), b.name, b.slug == chosen))
            .collect(),
        errors,
    };
    match render("import.html", page) {
        Ok(html) => respond(status, html),
        Err(e) => error_page(&e),
    }
}

/// `GET /desk/import`
#[get("/desk/import")]
pub async fn import_page(state: web::Data<AppState>, req: HttpRequest) -> HttpResponse {
    match clerk(&state, &req).await {
        Ok(s) => form_page(&state, &s, StatusCode::OK, "", Vec::new()).await,
        Err(r) => r,
    }
}

fn status_of(v: &str) -> Result<MinutesStatus, AppError> {
    match v {
        "" | "published" => Ok(MinutesStatus::Published),
        "draft" => Ok(MinutesStatus::Draft),
        _ => Err(AppError::field("status", "choose published or draft")),
    }
}

#[derive(Serialize)]
struct ItemLine {
    number: String,
    title: String,
    outcomes: usize,
    parts: usize,
}

#[derive(Serialize)]
struct ReportPage {
    #[serde(flatten)]
    frame: Frame,
    body: String,
    body_slug: String,
    when: String,
    date_given: bool,
    date: String,
    status: String,
    present: usize,
    apologies: usize,
    others: usize,
    items: Vec<ItemLine>,
    warnings: Vec<String>,
    sha256: String,
    filename: String,
    media_type: String,
}

fn report_page(
    s: &Session,
    body: store::bodies::BodyRow,
    got: &Imported,
    source: &Source,
    date: &str,
    status: &str,
) -> ReportPage {
    let report = got.report.as_ref();
    ReportPage {
        frame: frame(s, format!("Check the import: {}", body.name)),
        body: body.name,
        body_slug: body.slug,
        when: minutebook_render::dates::long_date(got.meeting.starts_at),
        date_given: report.is_some_and(|r| r.date_given),
        date: date.to_string(),
        status: status.to_string(),
        present: report.map_or(0, |r| r.present),
        apologies: report.map_or(0, |r| r.apologies),
        others: report.map_or(0, |r| r.others),
        items: report
            .map(|r| {
                r.items
                    .iter()
                    .map(|i| ItemLine {
                        number: i
                            .number
                            .clone()
                            .or_else(|| i.reference.clone())
                            .unwrap_or_default(),
                        title: i.title.clone(),
                        outcomes: i.outcomes,
                        parts: i.parts,
                    })
                    .collect()
            })
            .unwrap_or_default(),
        warnings: got
            .warnings
            .iter()
            .map(|w| match w.line {
                Some(l) => format!("Line {l}: {}", w.message),
                None => w.message.clone(),
            })
            .collect(),
        sha256: source.sha256.clone(),
        filename: source.filename.clone(),
        media_type: source.media_type.clone(),
    }
}

/// `POST /desk/import` (multipart: `csrf`, `body`, `status`, `date`,
/// `file`): the dry run, shown as a report with the button to import.
#[post("/desk/import")]
pub async fn check_import(
    state: web::Data<AppState>,
    req: HttpRequest,
    payload: web::Payload,
) -> HttpResponse {
    let s = match clerk(&state, &req).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    if let Err(e) = same_origin(&req) {
        return error_page(&e);
    }
    let _importing = match state.limits.imports.enter() {
        Ok(p) => p,
        Err(e) => return error_page(&e),
    };
    let got = match imports::receive(req.headers(), payload, &["csrf", "body", "status"]).await {
        Ok(g) => g,
        Err(e) => return refused(&state, &s, "", e).await,
    };
    let field = |name: &str| got.fields.get(name).cloned().unwrap_or_default();
    if let Err(e) = check_form(&req, &s, &field("csrf")) {
        return error_page(&e);
    }
    let slug = field("body");
    if got.archive {
        let e = AppError::field("file", "a zip archive of minutes is imported through the API (POST /api/v1/bodies/{body}/imports); choose one document here");
        return refused(&state, &s, &slug, e).await;
    }
    let status_word = field("status");
    let (status, date) = match (
        status_of(&status_word),
        imports::given_date(None, got.date.as_deref().filter(|d| !d.trim().is_empty())),
    ) {
        (Ok(s), Ok(d)) => (s, d),
        (Err(e), _) | (_, Err(e)) => return refused(&state, &s, &slug, e).await,
    };
    let key = slug.clone();
    let body = match state.db(move |conn| store::bodies::get(conn, &key)).await {
        Ok(b) => b,
        Err(_) => {
            let e = AppError::field("body", "choose the committee or body");
            return refused(&state, &s, &slug, e).await;
        }
    };
    let source = got.source.clone();
    let bytes = got.bytes.clone();
    let actor = s.actor();
    let tried = imports::import_one(&state, &actor, &body, got, status, true, date).await;
    let imported = match tried {
        Ok(i) => i,
        Err(e) => return refused(&state, &s, &slug, e).await,
    };
    // Kept for the second step, where every import keeps its source.
    if let Err(e) = run::keep_source(&state.documents, &source.sha256, &bytes).await {
        return error_page(&e);
    }
    let date_text = date.map(|d| d.to_string()).unwrap_or_default();
    let page = report_page(&s, body, &imported, &source, &date_text, status.as_str());
    match render("import_report.html", page) {
        Ok(html) => respond(StatusCode::OK, html),
        Err(e) => error_page(&e),
    }
}

/// The import form again, with what was wrong named on it.
async fn refused(
    state: &web::Data<AppState>,
    s: &Session,
    chosen: &str,
    e: AppError,
) -> HttpResponse {
    let errors = match e {
        AppError::Validation(errors) => errors,
        e @ (AppError::Conflict(_)
        | AppError::UnsupportedMediaType(_)
        | AppError::PayloadTooLarge(_)
        | AppError::BadRequest(_)) => vec![FieldError::new("file", e.problem().detail)],
        e => return error_page(&e),
    };
    form_page(state, s, StatusCode::UNPROCESSABLE_ENTITY, chosen, errors).await
}

#[derive(Deserialize)]
pub struct ConfirmForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    sha256: String,
    #[serde(default)]
    filename: String,
    #[serde(default)]
    media_type: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    status: String,
}

/// `POST /desk/import/confirm`: the import the clerk checked, made.
#[post("/desk/import/confirm")]
pub async fn confirm_import(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: web::Form<ConfirmForm>,
) -> HttpResponse {
    let f = form.into_inner();
    let s = match clerk_form(&state, &req, &f.csrf).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    if f.sha256.len() != 64 || !f.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
        return error_page(&AppError::BadRequest(
            "the document to import is not named".into(),
        ));
    }
    let _importing = match state.limits.imports.enter() {
        Ok(p) => p,
        Err(e) => return error_page(&e),
    };
    let (status, date, format) = match (
        status_of(&f.status),
        imports::given_date(None, Some(f.date.as_str()).filter(|d| !d.trim().is_empty())),
        Format::from_media_type(&f.media_type),
    ) {
        (Ok(s), Ok(d), Ok(fm)) => (s, d, fm),
        _ => {
            return error_page(&AppError::BadRequest(
                "the import's details are not valid".into(),
            ))
        }
    };
    let bytes = match state.documents.get(&f.sha256).await {
        Ok(b) => b,
        Err(_) => {
            return error_page(&AppError::NotFound(
                "the checked document is no longer kept: choose it again".into(),
            ))
        }
    };
    let key = f.body.clone();
    let body = match state.db(move |conn| store::bodies::get(conn, &key)).await {
        Ok(b) => b,
        Err(e) => return error_page(&e),
    };
    let got = Received {
        source: Source {
            sha256: f.sha256.clone(),
            filename: f.filename.chars().take(200).collect(),
            media_type: format.media_type().to_string(),
            size_bytes: bytes.len() as i64,
        },
        bytes,
        archive: false,
        format,
        date: None,
        fields: Default::default(),
    };
    let actor = s.actor();
    match imports::import_one(&state, &actor, &body, got, status, false, date).await {
        Ok(i) => see_other(format!(
            "/desk/meetings/{}/minutes?done=imported",
            i.meeting.id
        )),
        Err(e) => refused(&state, &s, &f.body, e).await,
    }
}

//! `POST /api/v1/reviews/imports?body_id=`: a scrutiny progress update or
//! action plan (text, Markdown, HTML, PDF, Word) becomes a review with its
//! recommendations and graded rounds; `?dry_run=true` stores nothing.

use super::views::{today, Review};
use crate::caller::Caller;
use actix_web::http::StatusCode;
use actix_web::{post, web, HttpRequest, HttpResponse};
use minutebook_ground::error::{AppError, AppResult, Problem};
use minutebook_store::{self as store, scrutiny as ss};
use minutebook_usecases::import::parse::Warning;
use minutebook_usecases::import::run::{self, Parsed, Target};
use minutebook_web::imports::{parse_off_runtime, receive, text_of};
use minutebook_web::state::AppState;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReviewImportQuery {
    /// The body (id or slug) whose review this is; an unknown one is `404`.
    #[param(required = true, value_type = String)]
    pub body_id: Option<String>,
    /// `true`: read the document and answer the report; store nothing.
    pub dry_run: Option<bool>,
}

/// What an import made of a scrutiny document.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewImport {
    /// The whole review, as `GET /api/v1/reviews/{id}` answers it.
    pub review: Review,
    pub warnings: Vec<Warning>,
    pub source_sha256: String,
}

/// Import a scrutiny progress update or action plan as a review.
#[utoipa::path(tag = "imports", params(ReviewImportQuery),
    request_body(description = "the document: text/plain, text/markdown, text/html, application/pdf, the Word (.docx) type, or multipart/form-data with the field `file`",
        content((String = "text/plain"), (String = "text/markdown"), (String = "text/html"), (Vec<u8> = "application/pdf"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"), (crate::imports::ImportUpload = "multipart/form-data"))),
    responses(
        (status = 201, description = "the review was made; `Location` names it", body = ReviewImport),
        (status = 200, description = "dry run: what the import would make; nothing was stored", body = ReviewImport),
        (status = 400, description = "the body could not be read", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "no or a bad token", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "the token's role may not write", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "the same document (SHA-256) was imported into this body already", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "the document is larger than 20 MB", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "a media type that is not imported", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "no body with that id or slug", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "no body_id; empty, unreadable, or not a scrutiny document", body = Problem, content_type = "application/problem+json"),
        (status = 503, description = "too many documents being imported at once; see Retry-After", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = [])))]
#[post("/api/v1/reviews/imports")]
pub async fn import_review(
    state: web::Data<AppState>,
    caller: Caller,
    query: web::Query<ReviewImportQuery>,
    req: HttpRequest,
    payload: web::Payload,
) -> AppResult<HttpResponse> {
    let actor = caller.clerk()?;
    let _importing = state.limits.imports.enter()?;
    let dry_run = query.dry_run.unwrap_or(false);
    let key = query.body_id.clone().ok_or_else(|| {
        AppError::field(
            "body_id",
            "is required: the body (id or slug) whose review this is",
        )
    })?;
    let body = state
        .db(move |conn| {
            store::bodies::get(conn, &key).map_err(|e| match e {
                AppError::NotFound(_) => AppError::NotFound("no body with that id or slug".into()),
                other => other,
            })
        })
        .await?;
    let got = receive(req.headers(), payload, &[]).await?;
    let text = text_of(
        got.bytes.clone(),
        got.format,
        state.settings.extract_program.clone(),
    )
    .await?;
    let parsed: Parsed = parse_off_runtime(text, Target::Review, String::new(), None).await?;
    if !dry_run {
        run::keep_source(&state.documents, &got.source.sha256, &got.bytes).await?;
    }
    let settings = state.settings.clone();
    let source = got.source.clone();
    let (view, warnings) = state
        .write_or_try(dry_run, move |conn| {
            let (id, warnings) = run::write(
                conn,
                &actor,
                &settings,
                &body,
                &parsed,
                Target::Review,
                &source,
            )?;
            Ok((
                Review::from_bundle(ss::load_review(conn, &id)?, today()),
                warnings,
            ))
        })
        .await?;
    let mut b = HttpResponse::build(if dry_run {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    });
    if !dry_run {
        b.insert_header(("Location", format!("/api/v1/reviews/{}", view.id)));
    }
    Ok(b.json(ReviewImport {
        review: view,
        warnings,
        source_sha256: got.source.sha256,
    }))
}

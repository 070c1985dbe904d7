//! One error type for the service, answered as `application/problem+json`
//! (RFC 9457). Internal causes are logged, never sent to the client.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> FieldError {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// The problem document every error answers with.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub type_: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    #[error("not found: {0}")]
    NotFound(String),
    #[error("unauthorized: {0}")]
    Unauthorized(String),
    #[error("forbidden: {0}")]
    Forbidden(String),
    #[error("conflict: {0}")]
    Conflict(String),
    #[error("precondition failed: {0}")]
    PreconditionFailed(String),
    #[error("payload too large: {0}")]
    PayloadTooLarge(String),
    #[error("unsupported media type: {0}")]
    UnsupportedMediaType(String),
    #[error("not acceptable: {0}")]
    NotAcceptable(String),
    #[error("service unavailable: {0}")]
    Unavailable(String),
    /// The request's body did not arrive in time: `408`, and the
    /// connection is closed.
    #[error("request timeout: {0}")]
    RequestTimeout(String),
    /// A limit on a costly operation was reached: `429` with `Retry-After`
    /// (whole seconds until one more is allowed).
    #[error("too many requests: {detail}")]
    TooManyRequests { detail: String, retry_after: u64 },
    #[error("internal error: {0:#}")]
    Internal(#[from] anyhow::Error),
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn field(field: &str, message: impl Into<String>) -> AppError {
        AppError::Validation(vec![FieldError::new(field, message)])
    }

    pub fn not_found(what: &str) -> AppError {
        AppError::NotFound(format!("no {what} with that id"))
    }

    fn parts(&self) -> (&'static str, &'static str) {
        match self {
            AppError::BadRequest(_) => ("bad-request", "Bad request"),
            AppError::Validation(_) => ("validation", "The request has invalid fields"),
            AppError::NotFound(_) => ("not-found", "Not found"),
            AppError::Unauthorized(_) => ("unauthorized", "Authentication required"),
            AppError::Forbidden(_) => ("forbidden", "Not allowed for this token's role"),
            AppError::Conflict(_) => ("conflict", "The current state forbids this change"),
            AppError::PreconditionFailed(_) => ("precondition-failed", "The resource has changed"),
            AppError::PayloadTooLarge(_) => ("payload-too-large", "Request body too large"),
            AppError::UnsupportedMediaType(_) => {
                ("unsupported-media-type", "Unsupported media type")
            }
            AppError::NotAcceptable(_) => ("not-acceptable", "Not acceptable"),
            AppError::Unavailable(_) => ("unavailable", "Service temporarily unavailable"),
            AppError::RequestTimeout(_) => ("request-timeout", "The request body came too slowly"),
            AppError::TooManyRequests { .. } => ("too-many-requests", "Too many requests"),
            AppError::Internal(_) => ("internal", "Internal server error"),
        }
    }

    /// Seconds a client should wait before trying again, when the answer
    /// says (`429`, and `503` when busy: a second).
    pub fn retry_after(&self) -> Option<u64> {
        match self {
            AppError::TooManyRequests { retry_after, .. } => Some(*retry_after),
            AppError::Unavailable(_) => Some(1),
            _ => None,
        }
    }

    pub fn problem(&self) -> Problem {
        let (slug, title) = self.parts();
        let detail = match self {
            AppError::BadRequest(d)
            | AppError::NotFound(d)
            | AppError::Unauthorized(d)
            | AppError::Forbidden(d)
            | AppError::Conflict(d)
            | AppError::PreconditionFailed(d)
            | AppError::PayloadTooLarge(d)
            | AppError::UnsupportedMediaType(d)
            | AppError::NotAcceptable(d)
            | AppError::Unavailable(d)
            | AppError::RequestTimeout(d)
            | AppError::TooManyRequests { detail: d, .. } => d.clone(),
            AppError::Validation(errors) => errors
                .iter()
                .map(|e| format!("{}: {}", e.field, e.message))
                .collect::<Vec<_>>()
                .join("; "),
            AppError::Internal(_) => "An unexpected error occurred; it has been logged.".into(),
        };
        let errors = match self {
            AppError::Validation(errors) => errors.clone(),
            _ => Vec::new(),
        };
        Problem {
            type_: format!("https://minutebook.dev/problems/{slug}"),
            title: title.into(),
            status: self.status_code().as_u16(),
            detail,
            errors,
        }
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::PreconditionFailed(_) => StatusCode::PRECONDITION_FAILED,
            AppError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::NotAcceptable(_) => StatusCode::NOT_ACCEPTABLE,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::RequestTimeout(_) => StatusCode::REQUEST_TIMEOUT,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let AppError::Internal(cause) = self {
            tracing::error!(error = %format!("{cause:#}"), "internal error");
        }
        let mut builder = HttpResponse::build(self.status_code());
        builder.content_type("application/problem+json");
        if matches!(self, AppError::Unauthorized(_)) {
            builder.insert_header(("WWW-Authenticate", "Bearer"));
        }
        if let Some(secs) = self.retry_after() {
            builder.insert_header(("Retry-After", secs.to_string()));
        }
        builder.json(self.problem())
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> AppError {
        use diesel::result::{DatabaseErrorKind, Error};
        match e {
            Error::NotFound => AppError::NotFound("not found".into()),
            Error::DatabaseError(DatabaseErrorKind::UniqueViolation, info) => {
                tracing::info!(detail = info.message(), "unique violation");
                AppError::Conflict("a record with the same unique value already exists".into())
            }
            Error::DatabaseError(DatabaseErrorKind::ForeignKeyViolation, info) => {
                tracing::info!(detail = info.message(), "foreign key violation");
                AppError::Conflict(
                    "the change refers to, or is referred to by, another record".into(),
                )
            }
            // The database's own guard (migration `…000031_frozen_minutes`):
            // confirmed minutes cannot change, whoever asks.
            Error::DatabaseError(_, ref info)
                if info.message().contains("confirmed minutes are frozen") =>
            {
                tracing::info!(
                    detail = info.message(),
                    "refused by the frozen-minutes trigger"
                );
                AppError::Conflict(
                    "the minutes of this meeting are confirmed as a true record and cannot change"
                        .into(),
                )
            }
            Error::DatabaseError(DatabaseErrorKind::SerializationFailure, _) => {
                AppError::Unavailable("the database was busy; please retry".into())
            }
            Error::DatabaseError(DatabaseErrorKind::Unknown, ref info)
                if info.message().contains("database is locked")
                    || info.message().contains("busy") =>
            {
                AppError::Unavailable("the database was busy; please retry".into())
            }
            other => AppError::Internal(anyhow::Error::new(other)),
        }
    }
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(e: diesel::r2d2::PoolError) -> AppError {
        tracing::warn!(error = %e, "database pool exhausted or unreachable");
        AppError::Unavailable("the database is not available right now; please retry".into())
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> AppError {
        AppError::Internal(anyhow::anyhow!("blocking task failed: {e}"))
    }
}

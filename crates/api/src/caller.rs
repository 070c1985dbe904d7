//! The extractor handlers use to learn who calls: anonymous, or the holder
//! of a valid API token with its role.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{web, Error, FromRequest, HttpMessage, HttpRequest, ResponseError};
use minutebook_domain::access::{hash_token, Actor, Role};
use minutebook_domain::visibility::Viewer;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_store::meeting_changes::{self, ChangeFacts, KeptDocument};
use minutebook_store::tokens::TokenHolder;
use minutebook_web::idempotency::CallerId;
use minutebook_web::state::AppState;
use std::future::Future;
use std::pin::Pin;

/// The caller of a request: anonymous, or the holder of a valid token.
#[derive(Debug, Clone)]
pub struct Caller {
    pub token: Option<(String, String, Role)>, // (id, name, role)
}

impl Caller {
    pub fn viewer(&self) -> Viewer {
        if self.token.is_some() {
            Viewer::Internal
        } else {
            Viewer::Public
        }
    }

    fn require(&self, min: Role) -> AppResult<Actor> {
        match &self.token {
            None => Err(AppError::Unauthorized(
                "this needs an API token: send Authorization: Bearer <token>".into(),
            )),
            Some((id, name, role)) if *role >= min => Ok(Actor {
                name: name.clone(),
                token_id: Some(id.clone()),
            }),
            Some((_, _, role)) => Err(AppError::Forbidden(format!(
                "a {} token may not do this; it needs the {} role",
                role.as_str(),
                min.as_str()
            ))),
        }
    }

    /// Domain writes: clerk or admin.
    pub fn clerk(&self) -> AppResult<Actor> {
        self.require(Role::Clerk)
    }

    /// Token management and the audit trail.
    pub fn admin(&self) -> AppResult<Actor> {
        self.require(Role::Admin)
    }

    /// Reads that need some token.
    pub fn reader(&self) -> AppResult<Actor> {
        self.require(Role::Reader)
    }
}

fn bearer(req: &HttpRequest) -> AppResult<Option<String>> {
    let Some(value) = req.headers().get(actix_web::http::header::AUTHORIZATION) else {
        return Ok(None);
    };
    let value = value
        .to_str()
        .map_err(|_| AppError::Unauthorized("the Authorization header is not readable".into()))?;
    let mut parts = value.splitn(2, ' ');
    let scheme = parts.next().unwrap_or_default();
    let token = parts.next().unwrap_or_default().trim();
    if !scheme.eq_ignore_ascii_case("bearer") || token.is_empty() {
        return Err(AppError::Unauthorized(
            "the Authorization header must be 'Bearer <token>'".into(),
        ));
    }
    Ok(Some(token.to_string()))
}

/// Who holds the token with this hash: a clerk, an admin or a reader, or
/// 401 when no live token has it.
fn resolve(conn: &mut minutebook_ground::db::DbConn, hash: &str) -> AppResult<Caller> {
    let found = minutebook_store::tokens::find_active_by_hash(conn, hash)?;
    holder(found.map(|t| (t.id, t.name, t.role)))
}

/// The caller holding the live token `found` (id, name, role), or 401 when
/// no live token was found.
fn holder(found: Option<TokenHolder>) -> AppResult<Caller> {
    match found {
        Some((id, name, role)) => {
            let role = Role::parse(&role).ok_or_else(|| {
                AppError::Internal(anyhow::anyhow!("token {id} has unknown role"))
            })?;
            Ok(Caller {
                token: Some((id, name, role)),
            })
        }
        None => Err(AppError::Unauthorized(
            "the API token is not valid or has been revoked".into(),
        )),
    }
}

impl FromRequest for Caller {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = AppResult<Caller>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        // A write's caller was looked up before its body was read.
        if let Some(known) = req.extensions().get::<Caller>().cloned() {
            return Box::pin(async move { Ok(known) });
        }
        let token = bearer(req);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let Some(token) = token? else {
                return Ok(Caller { token: None });
            };
            let state = state.ok_or_else(|| AppError::Internal(anyhow::anyhow!("no app state")))?;
            let hash = hash_token(&token);
            state.db(move |conn| resolve(conn, &hash)).await
        })
    }
}

/// The caller, not yet looked up: for a hot read that resolves the token
/// in the same task (and on the same connection) as the read itself,
/// saving a second hop to the blocking pool. `resolve` applies the same
/// rule as [`Caller`]'s extractor.
pub struct LazyCaller {
    hash: Option<String>,
}

impl LazyCaller {
    /// Who calls: looked up on `conn` (401 for a token no longer valid).
    pub fn resolve(&self, conn: &mut minutebook_ground::db::DbConn) -> AppResult<Caller> {
        match &self.hash {
            None => Ok(Caller { token: None }),
            Some(hash) => resolve(conn, hash),
        }
    }

    /// Who calls, the change facts of the live meeting `meeting_id` and
    /// its kept JSON document for that caller, read in one statement (the
    /// hot read of a whole meeting). The token is judged first, as
    /// everywhere: 401 for a token no longer valid, then 404 when there is
    /// no such live meeting.
    pub fn resolve_with_meeting(
        &self,
        conn: &mut minutebook_ground::db::DbConn,
        meeting_id: &str,
    ) -> AppResult<(Caller, ChangeFacts, Option<KeptDocument>)> {
        use minutebook_read::etag::{kind, Form};
        let Some(hash) = &self.hash else {
            let (facts, kept) = meeting_changes::facts_with_document(
                conn,
                meeting_id,
                kind(Viewer::Public, Form::Json),
            )?;
            return Ok((Caller { token: None }, facts, kept));
        };
        // Every live token reads as staff (`Caller::viewer`).
        let kind = kind(Viewer::Internal, Form::Json);
        match meeting_changes::facts_and_token(conn, meeting_id, hash, kind)? {
            Some((facts, found, kept)) => Ok((holder(found)?, facts, kept)),
            None => {
                resolve(conn, hash)?;
                Err(AppError::not_found("meeting"))
            }
        }
    }
}

impl FromRequest for LazyCaller {
    type Error = AppError;
    type Future = std::future::Ready<AppResult<LazyCaller>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(bearer(req).map(|t| LazyCaller {
            hash: t.map(|t| hash_token(&t)),
        }))
    }
}

/// Writes to the API know their caller before anything costly: a `POST`,
/// `PUT`, `PATCH` or `DELETE` under `/api/` without a live token is `401`
/// before a byte of its body is read (every such route needs a token), so
/// an anonymous client can make the service neither buffer nor parse a
/// body. The caller found is kept for the handler's [`Caller`] and for the
/// idempotency check ([`CallerId`]: the token, however its header is spelt).
pub async fn authenticate_writes(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let write = matches!(
        *req.method(),
        Method::POST | Method::PUT | Method::PATCH | Method::DELETE
    );
    if !write || !req.path().starts_with("/api/") {
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return Ok(next.call(req).await?.map_into_boxed_body());
    };
    let found = match bearer(req.request()) {
        Err(e) => Err(e),
        Ok(None) => Err(AppError::Unauthorized(
            "this needs an API token: send Authorization: Bearer <token>".into(),
        )),
        Ok(Some(token)) => {
            let hash = hash_token(&token);
            state.db(move |conn| resolve(conn, &hash)).await
        }
    };
    match found {
        Ok(caller) => {
            if let Some((id, _, _)) = &caller.token {
                req.extensions_mut().insert(CallerId(id.clone()));
            }
            req.extensions_mut().insert(caller);
            Ok(next.call(req).await?.map_into_boxed_body())
        }
        Err(e) => Ok(req.into_response(e.error_response())),
    }
}

//! API tokens and roles, and the extractor handlers use to learn who calls.
//!
//! A token is 32 random bytes (256 bits), shown once; only its SHA-256 is
//! stored. A slow password hash (argon2) buys nothing for a high-entropy
//! random secret and would cost on every request.

use crate::error::{AppError, AppResult};
use crate::state::AppState;
use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpRequest};
use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::future::Future;
use std::pin::Pin;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Role {
    Reader,
    Clerk,
    Admin,
}

impl Role {
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "reader" => Some(Role::Reader),
            "clerk" => Some(Role::Clerk),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Reader => "reader",
            Role::Clerk => "clerk",
            Role::Admin => "admin",
        }
    }
}

/// What a request may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Viewer {
    /// No token: only published, unrestricted content.
    Public,
    /// Any valid token: everything, restricted included.
    Internal,
}

/// Who made a write, for the audit trail.
#[derive(Debug, Clone)]
pub struct Actor {
    pub name: String,
    pub token_id: Option<String>,
}

impl Actor {
    pub fn system(name: &str) -> Actor {
        Actor {
            name: name.into(),
            token_id: None,
        }
    }
}

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

/// A new random token: `mb_` and 43 characters of base64url.
pub fn generate_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!(
        "mb_{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    )
}

pub fn hash_token(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
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

impl FromRequest for Caller {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = AppResult<Caller>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = bearer(req);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let Some(token) = token? else {
                return Ok(Caller { token: None });
            };
            let state = state.ok_or_else(|| AppError::Internal(anyhow::anyhow!("no app state")))?;
            let hash = hash_token(&token);
            let found = state
                .db(move |conn| crate::store::tokens::find_active_by_hash(conn, &hash))
                .await?;
            match found {
                Some(t) => {
                    let role = Role::parse(&t.role).ok_or_else(|| {
                        AppError::Internal(anyhow::anyhow!("token {} has unknown role", t.id))
                    })?;
                    Ok(Caller {
                        token: Some((t.id, t.name, role)),
                    })
                }
                None => Err(AppError::Unauthorized(
                    "the API token is not valid or has been revoked".into(),
                )),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_long_random_and_hashed() {
        let a = generate_token();
        let b = generate_token();
        assert_ne!(a, b);
        assert!(a.len() >= 40);
        assert_eq!(hash_token(&a).len(), 64);
        assert_ne!(hash_token(&a), a);
    }

    #[test]
    fn roles_are_ordered_reader_clerk_admin() {
        assert!(Role::Admin > Role::Clerk && Role::Clerk > Role::Reader);
    }
}

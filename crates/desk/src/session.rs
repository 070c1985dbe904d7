//! The desk's session cookie and the guards on its forms: a request from
//! another site is refused (its `Origin`, or the browser's
//! `Sec-Fetch-Site`, says so), and every form of a signed-in page carries
//! the session's own token, compared in constant time.

use actix_web::cookie::{Cookie, SameSite};
use actix_web::{web, HttpRequest};
use minutebook_domain::access::Role;
use minutebook_domain::staff::{secure_cookie, SESSION_HOURS};
use minutebook_ground::error::{AppError, AppResult};
use minutebook_usecases::staff::{self, Session};
use minutebook_web::state::AppState;
use subtle::ConstantTimeEq;

/// The cookie that holds a session's secret.
pub const COOKIE: &str = "minutebook_desk";

/// The cookie that starts a session (`HttpOnly`, `SameSite=Lax`, `Secure`
/// over https, only sent to `/desk`).
pub fn cookie(secret: String, public_url: &str) -> Cookie<'static> {
    Cookie::build(COOKIE, secret)
        .path("/desk")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure_cookie(public_url))
        .max_age(actix_web::cookie::time::Duration::hours(SESSION_HOURS))
        .finish()
}

/// The cookie that ends it.
pub fn removal(public_url: &str) -> Cookie<'static> {
    let mut c = cookie(String::new(), public_url);
    c.make_removal();
    c
}

/// The live session of this request, if any.
pub async fn current(state: &web::Data<AppState>, req: &HttpRequest) -> AppResult<Option<Session>> {
    let Some(secret) = req.cookie(COOKIE).map(|c| c.value().to_string()) else {
        return Ok(None);
    };
    if secret.is_empty() || secret.len() > 200 {
        return Ok(None);
    }
    let found = state.db(move |conn| staff::session(conn, &secret)).await?;
    if let Some(s) = found.as_ref().filter(|s| s.stale) {
        let id = s.id.clone();
        state.write(move |conn| staff::touch(conn, &id)).await?;
    }
    Ok(found)
}

/// The session, or `None` (the page then asks to sign in).
pub async fn require(
    state: &web::Data<AppState>,
    req: &HttpRequest,
    role: Role,
) -> AppResult<Option<Session>> {
    match current(state, req).await? {
        Some(s) if s.role >= role => Ok(Some(s)),
        Some(s) => Err(AppError::Forbidden(format!(
            "a {} may not do this; it needs the {} role",
            s.role.as_str(),
            role.as_str()
        ))),
        None => Ok(None),
    }
}

/// Refuses a form sent from another site: `Sec-Fetch-Site` other than
/// same-origin (or none, typed by the user), or, from a client that does
/// not send it, an `Origin` that is not this host. Clients that send
/// neither (scripts) pass to the token check.
pub fn same_origin(req: &HttpRequest) -> AppResult<()> {
    let cross = || AppError::Forbidden("a form from another site is refused".into());
    // A browser that says where the request comes from is believed (its
    // `Origin` is `null` on these pages: they send no referrer).
    if let Some(site) = req.headers().get("sec-fetch-site") {
        let site = site.to_str().unwrap_or("");
        return if site == "same-origin" || site == "none" {
            Ok(())
        } else {
            Err(cross())
        };
    }
    if let Some(origin) = req.headers().get(actix_web::http::header::ORIGIN) {
        let origin = origin.to_str().unwrap_or("");
        let info = req.connection_info();
        let host = info.host();
        let ours = origin
            .split_once("://")
            .is_some_and(|(_, rest)| rest.eq_ignore_ascii_case(host));
        if !ours {
            return Err(cross());
        }
    }
    Ok(())
}

/// A signed-in form: from this site and carrying the session's token.
pub fn check_form(req: &HttpRequest, session: &Session, token: &str) -> AppResult<()> {
    same_origin(req)?;
    let ok: bool = session.csrf_token.as_bytes().ct_eq(token.as_bytes()).into();
    if ok {
        Ok(())
    } else {
        Err(AppError::Forbidden(
            "the form's token does not match this session; reload the page and try again".into(),
        ))
    }
}

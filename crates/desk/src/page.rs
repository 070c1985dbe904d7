//! What every signed-in desk page and form shares: the clerk's session (or
//! the answer to give instead), the frame around the page, a choice in a
//! list, and the answers after a form (see other, a field error).

use super::session::{self, check_form};
use super::{error_page, DESK_NAME};
use actix_web::{web, HttpRequest, HttpResponse};
use minutebook_domain::access::Role;
use minutebook_domain::precondition::IfMatch;
use minutebook_usecases::staff::Session;
use minutebook_web::state::AppState;
use serde::{Deserialize, Serialize};

/// After a form: the page to go to (`303`, never kept by a cache).
pub fn see_other(to: String) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header(("Location", to))
        .insert_header(("Cache-Control", "no-store"))
        .finish()
}

/// A session of at least `role`, or the answer to give instead (sign in,
/// or 403).
pub async fn staff(
    state: &web::Data<AppState>,
    req: &HttpRequest,
    role: Role,
) -> Result<Session, HttpResponse> {
    match session::require(state, req, role).await {
        Ok(Some(s)) => Ok(s),
        Ok(None) => Err(see_other("/desk".into())),
        Err(e) => Err(error_page(&e)),
    }
}

/// A clerk's session, or the answer to give instead.
pub async fn clerk(
    state: &web::Data<AppState>,
    req: &HttpRequest,
) -> Result<Session, HttpResponse> {
    staff(state, req, Role::Clerk).await
}

/// A clerk's session for a form sent from this site with the session's
/// token, or the answer to give instead.
pub async fn clerk_form(
    state: &web::Data<AppState>,
    req: &HttpRequest,
    csrf: &str,
) -> Result<Session, HttpResponse> {
    let s = clerk(state, req).await?;
    check_form(req, &s, csrf).map_err(|e| error_page(&e))?;
    Ok(s)
}

/// A clerk's form about one thing (its id in the address): the session,
/// checked as for any form, and the id; or the answer to give instead.
pub async fn clerk_form_for(
    state: &web::Data<AppState>,
    req: &HttpRequest,
    csrf: &str,
    raw: &str,
    what: &str,
) -> Result<(Session, String), HttpResponse> {
    let s = clerk_form(state, req, csrf).await?;
    Ok((s, id(raw, what)?))
}

/// The id in a desk address, or the error page.
#[expect(
    clippy::result_large_err,
    reason = "the error is the answer itself, returned at once by the handler"
)]
pub fn id(raw: &str, what: &str) -> Result<String, HttpResponse> {
    minutebook_store::parse_id(raw, what).map_err(|e| error_page(&e))
}

/// The version a form was built from, as the API's `If-Match`.
pub fn if_match(version: &str) -> IfMatch {
    IfMatch((!version.is_empty()).then(|| format!("\"{version}\"")))
}

/// A form's text as the checks take it.
pub fn some(s: &str) -> Option<String> {
    Some(s.to_string())
}

/// A form that names the version it was built from (and, to move an
/// item, a direction: up, down, or to a place, which dragging sends).
#[derive(Deserialize)]
pub struct VersionForm {
    #[serde(default)]
    pub csrf: String,
    #[serde(default)]
    pub direction: String,
    /// With `direction=to`: the place (1, 2, …) among the agenda's items.
    #[serde(default)]
    pub position: String,
    #[serde(default)]
    pub version: String,
}

/// One option of a `<select>`.
#[derive(Serialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

impl Choice {
    pub fn new(value: impl Into<String>, label: impl Into<String>, selected: bool) -> Choice {
        Choice {
            value: value.into(),
            label: label.into(),
            selected,
        }
    }
}

/// The frame around a signed-in page (`desk/base.html`).
#[derive(Serialize)]
pub struct Frame {
    desk: &'static str,
    title: String,
    signed_in: bool,
    name: String,
    role: &'static str,
    admin: bool,
    csrf: String,
}

pub fn frame(s: &Session, title: String) -> Frame {
    Frame {
        desk: DESK_NAME,
        title,
        signed_in: true,
        name: s.account.name.clone(),
        role: s.role.as_str(),
        admin: s.role >= Role::Admin,
        csrf: s.csrf_token.clone(),
    }
}

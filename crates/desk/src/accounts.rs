//! `/desk/accounts`: staff accounts, for admins: the list, and a form to
//! make one (the same rule as `minutebook user create`).

use super::session::{self, check_form};
use super::{error_page, render, respond, DESK_NAME};
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use minutebook_domain::access::Role;
use minutebook_ground::error::AppError;
use minutebook_store::staff::AccountRow;
use minutebook_usecases::staff::{self, Session};
use minutebook_web::state::AppState;
use serde::{Deserialize, Serialize};

#[derive(Serialize)]
struct AccountLine {
    name: String,
    email: String,
    role: String,
    disabled: bool,
}

#[derive(Serialize)]
struct Page {
    desk: &'static str,
    title: &'static str,
    signed_in: bool,
    name: String,
    role: &'static str,
    admin: bool,
    csrf: String,
    accounts: Vec<AccountLine>,
    error: Option<String>,
    error_field: Option<String>,
    done: Option<String>,
    form_email: String,
    form_name: String,
    form_role: String,
}

async fn show(
    state: &web::Data<AppState>,
    s: &Session,
    status: StatusCode,
    error: Option<(String, String)>,
    done: Option<String>,
    form: Option<AccountForm>,
) -> HttpResponse {
    let rows: Vec<AccountRow> = match state.db(minutebook_store::staff::accounts).await {
        Ok(r) => r,
        Err(e) => return error_page(&e),
    };
    let form = form.unwrap_or_default();
    match render(
        "accounts.html",
        Page {
            desk: DESK_NAME,
            title: "Staff accounts",
            signed_in: true,
            name: s.account.name.clone(),
            role: s.role.as_str(),
            admin: true,
            csrf: s.csrf_token.clone(),
            accounts: rows
                .into_iter()
                .map(|a| AccountLine {
                    name: a.name,
                    email: a.email,
                    role: a.role,
                    disabled: a.disabled_at.is_some(),
                })
                .collect(),
            error_field: error.as_ref().map(|e| e.0.clone()),
            error: error.map(|e| e.1),
            done,
            form_email: form.email,
            form_name: form.name,
            form_role: if form.role.is_empty() {
                "clerk".into()
            } else {
                form.role
            },
        },
    ) {
        Ok(html) => respond(status, html),
        Err(e) => error_page(&e),
    }
}

async fn admin(state: &web::Data<AppState>, req: &HttpRequest) -> Result<Session, HttpResponse> {
    match session::require(state, req, Role::Admin).await {
        Ok(Some(s)) => Ok(s),
        Ok(None) => Err(HttpResponse::SeeOther()
            .insert_header(("Location", "/desk"))
            .finish()),
        Err(e) => Err(error_page(&e)),
    }
}

/// `GET /desk/accounts`.
#[get("/desk/accounts")]
pub async fn accounts_page(state: web::Data<AppState>, req: HttpRequest) -> HttpResponse {
    match admin(&state, &req).await {
        Ok(s) => show(&state, &s, StatusCode::OK, None, None, None).await,
        Err(r) => r,
    }
}

#[derive(Debug, Default, Clone, Deserialize)]
pub struct AccountForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
}

/// `POST /desk/accounts`: makes an account; a bad field is named on the
/// form, with what was typed kept.
#[post("/desk/accounts")]
pub async fn create_account(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: web::Form<AccountForm>,
) -> HttpResponse {
    let s = match admin(&state, &req).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let form = form.into_inner();
    if let Err(e) = check_form(&req, &s, &form.csrf) {
        return error_page(&e);
    }
    let actor = s.actor();
    let f = form.clone();
    let result = state
        .write(move |conn| staff::create_account(conn, &actor, &f.email, &f.name, &f.role))
        .await;
    match result {
        Ok(a) => {
            show(
                &state,
                &s,
                StatusCode::OK,
                None,
                Some(format!("{} can now sign in as {}.", a.email, a.role)),
                None,
            )
            .await
        }
        Err(AppError::Validation(errors)) => {
            let first = errors.into_iter().next();
            let (field, text) = first
                .map(|e| (e.field, e.message))
                .unwrap_or_else(|| ("email".into(), "is not right".into()));
            show(
                &state,
                &s,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some((field.clone(), format!("{field}: {text}"))),
                None,
                Some(form),
            )
            .await
        }
        Err(AppError::Conflict(text)) => {
            show(
                &state,
                &s,
                StatusCode::CONFLICT,
                Some(("email".into(), text)),
                None,
                Some(form),
            )
            .await
        }
        Err(e) => error_page(&e),
    }
}

//! Signing in by emailed link, and out.

use super::session::{self, check_form, same_origin};
use super::{error_page, message, render, respond, DESK_NAME};
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use minutebook_domain::staff::LINK_MINUTES;
use minutebook_usecases::staff;
use minutebook_web::limits::client_of;
use minutebook_web::state::AppState;
use serde::{Deserialize, Serialize};

#[derive(Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    email: String,
}

#[derive(Serialize)]
struct Sent<'a> {
    desk: &'static str,
    title: &'a str,
    minutes: i64,
    signed_in: bool,
}

/// `POST /desk/sign-in`: sends a link if the address has an account. The
/// answer is the same either way, and the same when the limit is reached.
#[post("/desk/sign-in")]
pub async fn request_link(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: web::Form<SignInForm>,
) -> HttpResponse {
    if let Err(e) = same_origin(&req) {
        return error_page(&e);
    }
    if let Err(e) = state.limits.sign_ins.check(&client_of(&req)) {
        return error_page(&e);
    }
    let email = form.into_inner().email;
    if email.chars().count() > 320 {
        return message(
            StatusCode::UNPROCESSABLE_ENTITY,
            "Sign in",
            "That is not an email address.",
        );
    }
    let settings = state.settings.clone();
    let result = state
        .write(move |conn| staff::request_link(conn, &settings, &email))
        .await;
    if let Err(e) = result {
        return error_page(&e);
    }
    match render(
        "sent.html",
        Sent {
            desk: DESK_NAME,
            title: "Check your email",
            minutes: LINK_MINUTES,
            signed_in: false,
        },
    ) {
        Ok(html) => respond(StatusCode::OK, html),
        Err(e) => error_page(&e),
    }
}

#[derive(Serialize)]
struct Confirm<'a> {
    desk: &'static str,
    title: &'a str,
    action: String,
    signed_in: bool,
}

/// `GET /desk/sign-in/{link}`: one button that uses the link, so that a
/// mail scanner following the link does not use it up.
#[get("/desk/sign-in/{link}")]
pub async fn confirm_page(path: web::Path<String>) -> HttpResponse {
    let link = path.into_inner();
    if link.len() > 200
        || !link
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return message(
            StatusCode::BAD_REQUEST,
            "This sign-in link does not work",
            "Ask for a new link.",
        );
    }
    match render(
        "confirm.html",
        Confirm {
            desk: DESK_NAME,
            title: "Sign in",
            action: format!("/desk/sign-in/{link}"),
            signed_in: false,
        },
    ) {
        Ok(html) => respond(StatusCode::OK, html),
        Err(e) => error_page(&e),
    }
}

/// `POST /desk/sign-in/{link}`: uses the link (once, within its minutes)
/// and starts a session.
#[post("/desk/sign-in/{link}")]
pub async fn redeem(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
) -> HttpResponse {
    if let Err(e) = same_origin(&req) {
        return error_page(&e);
    }
    if let Err(e) = state.limits.sign_ins.check(&client_of(&req)) {
        return error_page(&e);
    }
    let link = path.into_inner();
    if link.len() > 200 {
        return message(
            StatusCode::BAD_REQUEST,
            "This sign-in link does not work",
            "Ask for a new link.",
        );
    }
    match state
        .write(move |conn| staff::redeem_link(conn, &link))
        .await
    {
        Ok(Some(secret)) => HttpResponse::SeeOther()
            .insert_header(("Location", "/desk"))
            .insert_header(("Cache-Control", "no-store"))
            .insert_header(("Referrer-Policy", "no-referrer"))
            .cookie(session::cookie(secret, &state.settings.public_url))
            .finish(),
        Ok(None) => message(
            StatusCode::BAD_REQUEST,
            "This sign-in link does not work",
            &format!(
                "A link works once, within {LINK_MINUTES} minutes of being sent. Ask for a new link on the sign-in page."
            ),
        ),
        Err(e) => error_page(&e),
    }
}

#[derive(Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    csrf: String,
}

async fn end(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: TokenForm,
    everywhere: bool,
) -> HttpResponse {
    let s = match session::current(&state, &req).await {
        Ok(Some(s)) => s,
        Ok(None) => {
            return HttpResponse::SeeOther()
                .insert_header(("Location", "/desk"))
                .finish()
        }
        Err(e) => return error_page(&e),
    };
    if let Err(e) = check_form(&req, &s, &form.csrf) {
        return error_page(&e);
    }
    let result = state
        .write(move |conn| {
            if everywhere {
                staff::sign_out_everywhere(conn, &s).map(|_| ())
            } else {
                staff::sign_out(conn, &s)
            }
        })
        .await;
    match result {
        Ok(()) => HttpResponse::SeeOther()
            .insert_header(("Location", "/desk"))
            .cookie(session::removal(&state.settings.public_url))
            .finish(),
        Err(e) => error_page(&e),
    }
}

/// `POST /desk/sign-out`: ends this session.
#[post("/desk/sign-out")]
pub async fn sign_out(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: web::Form<TokenForm>,
) -> HttpResponse {
    end(state, req, form.into_inner(), false).await
}

/// `POST /desk/sign-out-everywhere`: ends every session of the account.
#[post("/desk/sign-out-everywhere")]
pub async fn sign_out_everywhere(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: web::Form<TokenForm>,
) -> HttpResponse {
    end(state, req, form.into_inner(), true).await
}

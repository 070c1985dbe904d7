//! The clerk's desk: the meeting cycle in a browser for staff who will
//! never write a script, as a first-party client of the same use cases as
//! the API. Server-rendered with the house templates, working without
//! script; every page is `no-store` and never framed.
//!
//! - `/desk`: the sign-in form, or (signed in) the board of bodies and
//!   meetings with where each stands and what is late;
//! - `/desk/sign-in`: asks for a single-use link by email (the answer never
//!   says whether an address has an account; rate-limited);
//! - `/desk/sign-in/{link}`: a page with one button that uses the link (a
//!   mail scanner that follows links does not use it up);
//! - `/desk/sign-out`, `/desk/sign-out-everywhere`;
//! - `/desk/meetings/new`, `/desk/meetings/{id}`: schedule a meeting and
//!   build its agenda (add, move, withdraw items; publish with the timing
//!   warning shown first);
//! - `/desk/accounts`: staff accounts, for admins.
//!
//! A session grants exactly what an API token of its role grants.

mod accounts;
mod agenda;
mod board;
pub mod session;
mod sign_in;

pub use accounts::{accounts_page, create_account};
pub use agenda::{
    add_item, create_meeting, meeting_page, move_item, new_meeting, publish_agenda, withdraw_item,
};
pub use board::home;
pub use sign_in::{confirm_page, redeem, request_link, sign_out, sign_out_everywhere};

use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_web::published::PAGE_CSP;
use serde::Serialize;

/// What every desk page is called beside its own title.
pub const DESK_NAME: &str = "Clerk's desk";

/// A desk page: never kept by a cache, never framed, never sending its
/// address (which may hold a sign-in link) as a referrer.
pub fn respond(status: StatusCode, html: String) -> HttpResponse {
    HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .insert_header(("Cache-Control", "no-store"))
        .insert_header(("Referrer-Policy", "no-referrer"))
        .insert_header(("X-Frame-Options", "DENY"))
        .insert_header(("Content-Security-Policy", PAGE_CSP))
        .body(html)
}

/// Renders `desk/{name}`.
pub fn render<S: Serialize>(name: &str, ctx: S) -> AppResult<String> {
    minutebook_render::templates::render(&format!("desk/{name}"), ctx)
}

#[derive(Serialize)]
struct Message<'a> {
    desk: &'static str,
    title: &'a str,
    message: &'a str,
    signed_in: bool,
}

/// A page that says one thing (a sign-in link used up, a refusal).
pub fn message(status: StatusCode, title: &str, text: &str) -> HttpResponse {
    match render(
        "message.html",
        Message {
            desk: DESK_NAME,
            title,
            message: text,
            signed_in: false,
        },
    ) {
        Ok(html) => respond(status, html),
        Err(_) => HttpResponse::InternalServerError().finish(),
    }
}

/// An error as a desk page.
pub fn error_page(e: &AppError) -> HttpResponse {
    let status = actix_web::ResponseError::status_code(e);
    let p = e.problem();
    message(status, "That did not work", &p.detail)
}

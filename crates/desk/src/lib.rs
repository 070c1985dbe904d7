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
//! - `/desk/meetings/{id}/room`: in the room: attendance as a checklist,
//!   per item the minutes (saved as typed), outcomes, declarations, votes
//!   and actions;
//! - `/desk/meetings/{id}/minutes`: after the meeting: mark it held, send
//!   the draft to the chair, see the requests and the chair's decisions,
//!   publish or reopen, the revisions and what changed between them;
//! - `/desk/import`: an old minutes document made a meeting, checked first;
//! - `/desk/accounts`: staff accounts, for admins.
//!
//! A session grants exactly what an API token of its role grants.

mod accounts;
mod after;
mod agenda;
mod board;
mod downloads;
mod import;
mod items;
mod page;
mod papers;
mod room;
mod room_items;
pub mod session;
mod sign_in;

/// Every desk route.
pub fn routes(cfg: &mut actix_web::web::ServiceConfig) {
    cfg.service(board::home)
        .service(script)
        .service(sign_in::request_link)
        .service(sign_in::confirm_page)
        .service(sign_in::redeem)
        .service(sign_in::sign_out)
        .service(sign_in::sign_out_everywhere)
        .service(accounts::accounts_page)
        .service(accounts::create_account)
        .service(agenda::new_meeting)
        .service(agenda::create_meeting)
        .service(agenda::meeting_page)
        .service(items::add_item)
        .service(items::move_item)
        .service(items::withdraw_item)
        .service(items::edit_item)
        .service(agenda::publish_agenda)
        .service(room::room)
        .service(room::save_attendance)
        .service(room::add_other)
        .service(room_items::save_minutes)
        .service(room_items::add_outcome)
        .service(room_items::add_vote)
        .service(room_items::add_action)
        .service(room_items::add_declaration)
        .service(after::after_page)
        .service(after::mark_held)
        .service(after::send_to_chair)
        .service(after::publish_minutes)
        .service(after::reopen_minutes)
        .service(after::diff_page)
        .service(downloads::download)
        .service(papers::upload_paper)
        .service(papers::remove_paper)
        .service(import::import_page)
        .service(import::check_import)
        .service(import::confirm_import);
}

/// The desk's one script (autosave), with the pages that use it.
pub const SCRIPT: &str = include_str!("../assets/desk.js");

/// `GET /desk/assets/desk.js`
#[actix_web::get("/desk/assets/desk.js")]
async fn script() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header(("Cache-Control", "public, max-age=3600"))
        .body(SCRIPT)
}

use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use minutebook_ground::error::{AppError, AppResult};
use serde::Serialize;

/// The desk's pages: as the public pages', but their own script may run
/// and talk to this site (autosave); nothing inline, nothing from elsewhere.
pub const DESK_CSP: &str = "default-src 'none'; style-src 'self'; img-src 'self' data:; \
     script-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; \
     base-uri 'none'";

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
        .insert_header(("Content-Security-Policy", DESK_CSP))
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

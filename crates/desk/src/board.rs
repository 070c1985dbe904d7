//! `/desk`: the sign-in form, or the board of bodies and meetings.

use super::session;
use super::{error_page, render, respond, DESK_NAME};
use actix_web::http::StatusCode;
use actix_web::{get, web, HttpRequest, HttpResponse};
use minutebook_domain::access::Role;
use minutebook_read::desk::{board, BodyBoard};
use minutebook_render::dates;
use minutebook_web::state::AppState;
use serde::Serialize;

#[derive(Serialize)]
struct SignIn {
    desk: &'static str,
    title: &'static str,
    signed_in: bool,
}

#[derive(Serialize)]
struct Line {
    url: String,
    when: String,
    title: Option<String>,
    agenda: &'static str,
    minutes: &'static str,
    late: Vec<String>,
}

#[derive(Serialize)]
struct Body {
    slug: String,
    name: String,
    upcoming: Vec<Line>,
    recent: Vec<Line>,
}

#[derive(Serialize)]
struct Board {
    desk: &'static str,
    title: &'static str,
    signed_in: bool,
    name: String,
    role: &'static str,
    admin: bool,
    clerk: bool,
    csrf: String,
    bodies: Vec<Body>,
    late: usize,
}

fn lines(ms: Vec<minutebook_read::desk::MeetingLine>) -> Vec<Line> {
    ms.into_iter()
        .map(|m| Line {
            url: format!("/desk/meetings/{}", m.id),
            when: dates::when(m.starts_at),
            title: m.title,
            agenda: m.agenda,
            minutes: m.minutes,
            late: m.late,
        })
        .collect()
}

/// `GET /desk`.
#[get("/desk")]
pub async fn home(state: web::Data<AppState>, req: HttpRequest) -> HttpResponse {
    let s = match session::require(&state, &req, Role::Reader).await {
        Ok(Some(s)) => s,
        Ok(None) => {
            return match render(
                "sign_in.html",
                SignIn {
                    desk: DESK_NAME,
                    title: "Sign in",
                    signed_in: false,
                },
            ) {
                Ok(html) => respond(StatusCode::OK, html),
                Err(e) => error_page(&e),
            }
        }
        Err(e) => return error_page(&e),
    };
    let now = minutebook_store::now();
    let bodies: Vec<BodyBoard> = match state.db(move |conn| board(conn, now)).await {
        Ok(b) => b,
        Err(e) => return error_page(&e),
    };
    let bodies: Vec<Body> = bodies
        .into_iter()
        .map(|b| Body {
            slug: b.slug,
            name: b.name,
            upcoming: lines(b.upcoming),
            recent: lines(b.recent),
        })
        .collect();
    let late = bodies
        .iter()
        .flat_map(|b| b.upcoming.iter().chain(b.recent.iter()))
        .filter(|l| !l.late.is_empty())
        .count();
    match render(
        "board.html",
        Board {
            desk: DESK_NAME,
            title: "Meetings",
            signed_in: true,
            name: s.account.name.clone(),
            role: s.role.as_str(),
            admin: s.role >= Role::Admin,
            clerk: s.role >= Role::Clerk,
            csrf: s.csrf_token.clone(),
            bodies,
            late,
        },
    ) {
        Ok(html) => respond(StatusCode::OK, html),
        Err(e) => error_page(&e),
    }
}

//! `GET/POST /approvals/{token}`: the chair's page. A GET only shows the
//! draft and two buttons (mail scanners fetch links); the POST records the
//! decision, and needs the cookie set by the GET (double-submit CSRF token,
//! SameSite=Strict) and a matching Origin when the browser sends one. The
//! page (`templates/chair.html`, rendered by the shared environment) has no
//! script and no form that submits itself.

use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use base64::Engine;
use minutebook_ground::error::AppResult;
use minutebook_usecases::minutes::approval::{self, Decision, LinkState};
use minutebook_web::state::AppState;
use rand::RngCore;

const COOKIE: &str = "mb_approval_csrf";
const MAX_FORM_BYTES: usize = 16 * 1024;
const MAX_COMMENT_CHARS: usize = 5000;

struct Page {
    status: StatusCode,
    heading: String,
    paragraphs: Vec<String>,
    error: Option<String>,
    form: Option<FormContext>,
}

struct FormContext {
    to_name: String,
    body: String,
    when: String,
    revision: i32,
    minutes: String,
    action: String,
    csrf: String,
    comment: String,
}

fn render(page: Page) -> HttpResponse {
    let f = page.form.as_ref();
    let html = minutebook_render::templates::render(
        "public/chair.html",
        minijinja::context! {
                heading => page.heading,
                paragraphs => page.paragraphs,
                error => page.error,
                form => f.is_some(),
                to_name => f.map(|f| f.to_name.clone()),
                body => f.map(|f| f.body.clone()),
                when => f.map(|f| f.when.clone()),
                revision => f.map(|f| f.revision),
                minutes => f.map(|f| f.minutes.clone()),
                action => f.map(|f| f.action.clone()),
                csrf => f.map(|f| f.csrf.clone()),
            comment => f.map(|f| f.comment.clone()),
        },
    );
    let mut b = HttpResponse::build(page.status);
    b.content_type("text/html; charset=utf-8")
        .insert_header(("Cache-Control", "no-store"))
        .insert_header(("Referrer-Policy", "same-origin"))
        .insert_header(("X-Frame-Options", "DENY"))
        .insert_header((
            "Content-Security-Policy",
            "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ));
    if let Some(f) = &page.form {
        let cookie = Cookie::build(COOKIE, f.csrf.clone())
            .path("/approvals")
            .http_only(true)
            .same_site(SameSite::Strict)
            .finish();
        b.cookie(cookie);
    }
    match html {
        Ok(h) => b.body(h),
        Err(e) => {
            tracing::error!(error = %e, "approval page template failed");
            HttpResponse::InternalServerError().body("The page could not be shown.")
        }
    }
}

fn closed_page(state: &LinkState) -> Page {
    let (status, heading, text) = match state {
        LinkState::Used(r) => (
            StatusCode::GONE,
            "This link has been used",
            format!(
                "A decision was recorded{}: {}. Nothing more is needed; if you want to change it, please contact the clerk.",
                r.decided_at.map(|t| format!(" on {}", t.format("%-d %B %Y at %H:%M UTC"))).unwrap_or_default(),
                match r.decision.as_deref() {
                    Some("approved") => "the minutes were approved",
                    Some("changes_requested") => "changes were requested",
                    _ => "recorded",
                }
            ),
        ),
        LinkState::Superseded(_) => (
            StatusCode::GONE,
            "A newer draft has been sent",
            "This link is for an earlier draft of the minutes. Please use the link in the most recent email.".to_string(),
        ),
        LinkState::Expired(r) => (
            StatusCode::GONE,
            "This link has expired",
            format!(
                "The link expired on {}. Please ask the clerk to send the draft again.",
                r.expires_at.format("%-d %B %Y")
            ),
        ),
        _ => (
            StatusCode::NOT_FOUND,
            "This link is not valid",
            "Please check that you opened the whole link from the email, or ask the clerk to send it again.".to_string(),
        ),
    };
    Page {
        status,
        heading: heading.into(),
        paragraphs: vec![text],
        error: None,
        form: None,
    }
}

fn new_csrf() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

fn open_page(
    state: LinkState,
    token: &str,
    error: Option<String>,
    comment: String,
    status: StatusCode,
) -> Page {
    let LinkState::Open {
        request,
        meeting,
        revision,
    } = state
    else {
        return closed_page(&state);
    };
    Page {
        status,
        heading: format!("Draft minutes: {}", meeting.body.name),
        paragraphs: Vec::new(),
        error,
        form: Some(FormContext {
            to_name: request.to_name,
            body: meeting.body.name.clone(),
            when: minutebook_render::dates::long_date(meeting.starts_at),
            revision: revision.number,
            minutes: revision.content,
            action: format!("/approvals/{token}"),
            csrf: new_csrf(),
            comment,
        }),
    }
}

/// The chair's page: the draft and two buttons. Never decides anything.
#[get("/approvals/{token}")]
pub async fn show(state: web::Data<AppState>, path: web::Path<String>) -> AppResult<HttpResponse> {
    let token = path.into_inner();
    let settings = state.settings.clone();
    let t = token.clone();
    let link = state
        .db(move |conn| approval::link_state(conn, &t, &settings))
        .await?;
    if matches!(link, approval::LinkState::Open { .. }) {
        let t = token.clone();
        // The clerk sees when the link was first opened; a failure to note
        // it never keeps the chair from the page.
        if let Err(e) = state
            .write(move |conn| approval::mark_opened(conn, &t))
            .await
        {
            tracing::warn!(error = %e, "could not note an approval link opened");
        }
    }
    Ok(render(open_page(
        link,
        &token,
        None,
        String::new(),
        StatusCode::OK,
    )))
}

fn same_origin(req: &HttpRequest, public_url: &str) -> bool {
    let Some(origin) = req.headers().get("origin").and_then(|v| v.to_str().ok()) else {
        return true; // older browsers send none; the SameSite cookie still protects
    };
    if origin == "null" {
        return false;
    }
    let public = url::Url::parse(public_url)
        .ok()
        .map(|u| u.origin().ascii_serialization());
    if Some(origin.to_string()) == public {
        return true;
    }
    // The host the browser itself addressed (`Host`), never one a client
    // names in `X-Forwarded-Host` or `Forwarded`.
    req.headers()
        .get(actix_web::http::header::HOST)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|host| origin.ends_with(&format!("://{host}")))
}

/// Records the chair's decision.
#[post("/approvals/{token}")]
pub async fn decide(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let token = path.into_inner();
    if body.len() > MAX_FORM_BYTES {
        return Ok(render(forbidden("The form was too large.")));
    }
    let form = ChairForm::parse(&body);
    let cookie_ok = req
        .cookie(COOKIE)
        .map(|c| !form.csrf.is_empty() && c.value() == form.csrf)
        .unwrap_or(false);
    if !cookie_ok || !same_origin(&req, &state.settings.public_url) {
        return Ok(render(forbidden(
            "The form did not come from the approval page.",
        )));
    }
    let comment = form.comment;
    let decision = match form.decision.as_deref() {
        Some("approve") => Decision::Approve,
        Some("request_changes") => Decision::RequestChanges,
        _ => {
            let msg = "Please press Approve or Request changes.".to_string();
            return ask_again(&state, token, msg, comment).await;
        }
    };
    if let Some(msg) = comment_problem(decision, &comment) {
        return ask_again(&state, token, msg, comment).await;
    }
    let settings = state.settings.clone();
    let comment = (!comment.is_empty()).then_some(comment);
    let outcome = state
        .write(move |conn| approval::decide(conn, &token, decision, comment, &settings))
        .await?;
    Ok(render(match outcome {
        Ok(_) => thanks(decision),
        Err(other) => closed_page(&other),
    }))
}

/// The approval form as posted: the button pressed, the comment and the
/// form's CSRF token.
struct ChairForm {
    decision: Option<String>,
    comment: String,
    csrf: String,
}

impl ChairForm {
    fn parse(body: &[u8]) -> ChairForm {
        let mut form = ChairForm {
            decision: None,
            comment: String::new(),
            csrf: String::new(),
        };
        for (k, v) in url::form_urlencoded::parse(body) {
            match k.as_ref() {
                "decision" => form.decision = Some(v.into_owned()),
                "comment" => form.comment = v.trim().to_string(),
                "csrf" => form.csrf = v.into_owned(),
                _ => {}
            }
        }
        form
    }
}

/// The page for a form that did not come from the approval page.
fn forbidden(why: &str) -> Page {
    Page {
        status: StatusCode::FORBIDDEN,
        heading: "Your decision was not recorded".into(),
        paragraphs: vec![format!(
            "{why} Please open the link from the email again and press the button on that page."
        )],
        error: None,
        form: None,
    }
}

/// What is wrong with the comment, if anything: a request for changes
/// must say what should change; a comment is text of limited length.
fn comment_problem(decision: Decision, comment: &str) -> Option<String> {
    if decision == Decision::RequestChanges && comment.is_empty() {
        Some("Please say in the comment what should change.".to_string())
    } else if comment.contains('\0') || comment.chars().count() > MAX_COMMENT_CHARS {
        Some(format!(
            "The comment must be at most {MAX_COMMENT_CHARS} characters of text."
        ))
    } else {
        None
    }
}

/// The approval page again, as the link stands now, with `msg` and the
/// comment as typed (422).
async fn ask_again(
    state: &AppState,
    token: String,
    msg: String,
    comment: String,
) -> AppResult<HttpResponse> {
    let settings = state.settings.clone();
    let t = token.clone();
    let link = state
        .db(move |conn| approval::link_state(conn, &t, &settings))
        .await?;
    Ok(render(open_page(
        link,
        &token,
        Some(msg),
        comment,
        StatusCode::UNPROCESSABLE_ENTITY,
    )))
}

/// The page once the decision is recorded.
fn thanks(decision: Decision) -> Page {
    let (heading, paragraph) = match decision {
        Decision::Approve => (
            "Thank you: the minutes are approved",
            "The clerk has been told, and will publish the minutes.",
        ),
        Decision::RequestChanges => (
            "Thank you: your request for changes has been sent",
            "The clerk has been sent your comment and will send a new draft.",
        ),
    };
    Page {
        status: StatusCode::OK,
        heading: heading.into(),
        paragraphs: vec![paragraph.into()],
        error: None,
        form: None,
    }
}

//! After the meeting: mark it held, send the draft minutes to the chair
//! (and again after changes), see each request (sent, decided, the chair's
//! comment), publish approved minutes or reopen them, and read the
//! revisions with what changed between them. Confirmation is an outcome at
//! the next meeting (AGREED on its "minutes of the last meeting" item).

use super::page::{clerk, clerk_form_for, frame, id, if_match, see_other, Choice, Frame};
use super::{error_page, render, respond};
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::NaiveDateTime;
use minutebook_domain::lifecycle::{MeetingStatus, MinutesStatus};
use minutebook_ground::error::{AppError, FieldError};
use minutebook_render::dates;
use minutebook_store::{self as store};
use minutebook_usecases::agenda::meetings;
use minutebook_usecases::minutes::approval;
use minutebook_usecases::staff::Session;
use minutebook_web::state::AppState;
use serde::{Deserialize, Serialize};

fn when(t: NaiveDateTime) -> String {
    dates::when(t.and_utc())
}

#[derive(Serialize)]
struct RequestLine {
    to: String,
    revision: i32,
    sent: String,
    sent_by: String,
    state: String,
    comment: Option<String>,
}

#[derive(Serialize)]
struct RevisionLine {
    number: i32,
    when: String,
    author: String,
    reason: String,
    previous: Option<i32>,
}

#[derive(Serialize)]
struct AfterPage {
    #[serde(flatten)]
    frame: Frame,
    id: String,
    body: String,
    when: String,
    version: i32,
    held: bool,
    cancelled: bool,
    minutes: &'static str,
    can_send: bool,
    can_publish: bool,
    can_reopen: bool,
    recipients: Vec<Choice>,
    requests: Vec<RequestLine>,
    revisions: Vec<RevisionLine>,
    errors: Vec<FieldError>,
    notice: Option<String>,
}

fn minutes_label(s: MinutesStatus) -> &'static str {
    match s {
        MinutesStatus::Draft => "Draft",
        MinutesStatus::SentForApproval => "With the chair",
        MinutesStatus::ChangesRequested => "The chair asked for changes",
        MinutesStatus::Approved => "Approved by the chair",
        MinutesStatus::Published => "Published",
        MinutesStatus::Confirmed => "Confirmed at the next meeting",
    }
}

fn request_line(r: store::minutes_record::ApprovalRow) -> RequestLine {
    let state = match (&r.decision, r.decided_at, r.superseded_at) {
        (Some(d), Some(at), _) => format!(
            "{} on {}",
            if d == "approved" {
                "Approved".to_string()
            } else {
                "Changes requested".to_string()
            },
            when(at)
        ),
        (_, _, Some(at)) => format!("Replaced by a later request on {}", when(at)),
        _ if r.expires_at < store::now() => "The link expired unused".into(),
        _ => match r.opened_at {
            Some(at) => format!(
                "Opened on {}; waiting for the chair's decision (the link lasts until {})",
                when(at),
                when(r.expires_at)
            ),
            None => format!(
                "Not opened yet; waiting for the chair (the link lasts until {})",
                when(r.expires_at)
            ),
        },
    };
    RequestLine {
        to: format!("{} <{}>", r.to_name, r.to_email),
        revision: r.revision_number,
        sent: when(r.created_at),
        sent_by: r.requested_by,
        state,
        comment: r.decision_comment,
    }
}

async fn show(
    state: &web::Data<AppState>,
    s: &Session,
    id: String,
    status: StatusCode,
    errors: Vec<FieldError>,
    notice: Option<String>,
) -> HttpResponse {
    let loaded = state
        .db(move |conn| {
            let m = store::meetings::get(conn, &id)?;
            let body = store::bodies::get(conn, &m.body_id)?;
            let requests = store::minutes_record::requests_for(conn, &id)?;
            let revisions = store::minutes_record::revisions(conn, &id)?;
            let people = store::people::at_meeting(conn, &id)?;
            Ok((m, body, requests, revisions, people))
        })
        .await;
    let (m, body, requests, revisions, people) = match loaded {
        Ok(v) => v,
        Err(e) => return error_page(&e),
    };
    let ms = m.minutes_status();
    let held = m.status() == MeetingStatus::Held;
    let mut numbers: Vec<i32> = revisions.iter().map(|r| r.number).collect();
    numbers.sort_unstable();
    let page = AfterPage {
        frame: frame(s, format!("After the meeting: {}", body.name)),
        id: m.id.clone(),
        body: body.name,
        when: when(m.starts_at),
        version: m.version,
        held,
        cancelled: m.status() == MeetingStatus::Cancelled,
        minutes: minutes_label(ms),
        can_send: held
            && minutebook_domain::lifecycle::minutes_after(
                ms,
                minutebook_domain::lifecycle::MinutesEvent::Send,
            )
            .is_ok(),
        can_publish: ms == MinutesStatus::Approved,
        can_reopen: matches!(ms, MinutesStatus::Approved | MinutesStatus::Published),
        recipients: people
            .into_iter()
            .filter(|p| p.email.is_some())
            .map(|p| Choice::new(p.id.clone(), p.display_name(), false))
            .collect(),
        requests: requests.into_iter().rev().map(request_line).collect(),
        revisions: revisions
            .into_iter()
            .rev()
            .map(|r| RevisionLine {
                previous: numbers.iter().rev().find(|n| **n < r.number).copied(),
                number: r.number,
                when: when(r.created_at),
                author: r.author,
                reason: r.reason,
            })
            .collect(),
        errors,
        notice,
    };
    match render("after.html", page) {
        Ok(html) => respond(status, html),
        Err(e) => error_page(&e),
    }
}

#[derive(Deserialize)]
pub struct DoneQuery {
    #[serde(default)]
    done: String,
}

/// `GET /desk/meetings/{id}/minutes`
#[get("/desk/meetings/{id}/minutes")]
pub async fn after_page(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    q: web::Query<DoneQuery>,
) -> HttpResponse {
    let s = match clerk(&state, &req).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let id = match id(&path, "meeting") {
        Ok(id) => id,
        Err(r) => return r,
    };
    let notice = match q.done.as_str() {
        "held" => Some("The meeting is marked as held."),
        "imported" => Some("The minutes are imported as this meeting."),
        "sent" => Some("The draft minutes are on their way to the chair."),
        "published" => Some("The minutes are published."),
        "reopened" => {
            Some("The minutes are open for changes again; they need the chair's approval again.")
        }
        _ => None,
    };
    show(
        &state,
        &s,
        id,
        StatusCode::OK,
        Vec::new(),
        notice.map(String::from),
    )
    .await
}

#[derive(Deserialize)]
pub struct ActForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    version: String,
    #[serde(default)]
    to: String,
}

/// What each button does.
#[derive(Clone, Copy)]
enum Act {
    Held,
    Send,
    Publish,
    Reopen,
}

async fn act(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    form: ActForm,
    what: Act,
) -> HttpResponse {
    let (s, id) = match clerk_form_for(&state, &req, &form.csrf, &path, "meeting").await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let actor = s.actor();
    let settings = state.settings.clone();
    let meeting = id.clone();
    let expected = if_match(&form.version);
    let to = (!form.to.is_empty()).then_some(form.to);
    let result = state
        .write(move |conn| match what {
            Act::Held => meetings::change(
                conn,
                &actor,
                &meeting,
                &expected,
                &settings.public_url,
                meetings::Change {
                    starts_at: None,
                    status: Some(MeetingStatus::Held),
                    details: |_: &mut store::meetings::MeetingRow| Ok(()),
                },
            )
            .map(|_| "held"),
            Act::Send => {
                approval::request_approval(conn, &actor, &meeting, to, &settings).map(|_| "sent")
            }
            Act::Publish => {
                approval::publish(conn, &actor, &meeting, &settings).map(|_| "published")
            }
            Act::Reopen => approval::reopen(conn, &actor, &meeting, &settings).map(|_| "reopened"),
        })
        .await;
    match result {
        Ok(done) => see_other(format!("/desk/meetings/{id}/minutes?done={done}")),
        Err(
            e @ (AppError::Conflict(_)
            | AppError::PreconditionFailed(_)
            | AppError::TooManyRequests { .. }),
        ) => {
            let field = match what {
                Act::Held => "held",
                Act::Send => "to",
                Act::Publish => "publish",
                Act::Reopen => "reopen",
            };
            let errors = vec![FieldError::new(field, e.problem().detail)];
            show(&state, &s, id, StatusCode::CONFLICT, errors, None).await
        }
        Err(AppError::Validation(errors)) => {
            let errors = errors
                .into_iter()
                .map(|f| FieldError::new("to", f.message))
                .collect();
            show(
                &state,
                &s,
                id,
                StatusCode::UNPROCESSABLE_ENTITY,
                errors,
                None,
            )
            .await
        }
        Err(e) => error_page(&e),
    }
}

/// `POST /desk/meetings/{id}/held`: the meeting took place.
#[post("/desk/meetings/{id}/held")]
pub async fn mark_held(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    form: web::Form<ActForm>,
) -> HttpResponse {
    act(state, req, path, form.into_inner(), Act::Held).await
}

/// `POST /desk/meetings/{id}/minutes/send`: the draft to the chair (or
/// to the person chosen), with a single-use link to approve it.
#[post("/desk/meetings/{id}/minutes/send")]
pub async fn send_to_chair(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    form: web::Form<ActForm>,
) -> HttpResponse {
    act(state, req, path, form.into_inner(), Act::Send).await
}

/// `POST /desk/meetings/{id}/minutes/publish`
#[post("/desk/meetings/{id}/minutes/publish")]
pub async fn publish_minutes(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    form: web::Form<ActForm>,
) -> HttpResponse {
    act(state, req, path, form.into_inner(), Act::Publish).await
}

/// `POST /desk/meetings/{id}/minutes/reopen`
#[post("/desk/meetings/{id}/minutes/reopen")]
pub async fn reopen_minutes(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    form: web::Form<ActForm>,
) -> HttpResponse {
    act(state, req, path, form.into_inner(), Act::Reopen).await
}

#[derive(Deserialize)]
pub struct DiffQuery {
    from: i32,
    to: i32,
}

#[derive(Serialize)]
struct DiffLine {
    sign: &'static str,
    class: &'static str,
    text: String,
}

#[derive(Serialize)]
struct DiffPage {
    #[serde(flatten)]
    frame: Frame,
    id: String,
    from: i32,
    to: i32,
    lines: Vec<DiffLine>,
}

/// `GET /desk/meetings/{id}/minutes/diff?from=&to=`: what changed between
/// two revisions, line by line (added and removed lines marked in words,
/// not colour alone).
#[get("/desk/meetings/{id}/minutes/diff")]
pub async fn diff_page(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    q: web::Query<DiffQuery>,
) -> HttpResponse {
    let s = match clerk(&state, &req).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let id = match id(&path, "meeting") {
        Ok(id) => id,
        Err(r) => return r,
    };
    let (from, to) = (q.from, q.to);
    let meeting = id.clone();
    let texts = state
        .db(move |conn| {
            let get = |conn: &mut minutebook_ground::db::DbConn, n: i32| {
                store::minutes_record::revision(conn, &meeting, n)?
                    .ok_or_else(|| AppError::NotFound(format!("revision {n}")))
            };
            let a = get(conn, from)?;
            let b = get(conn, to)?;
            Ok((a.content, b.content))
        })
        .await;
    let (a, b) = match texts {
        Ok(t) => t,
        Err(e) => return error_page(&e),
    };
    let lines = similar::TextDiff::from_lines(&a, &b)
        .iter_all_changes()
        .map(|c| {
            let (sign, class) = match c.tag() {
                similar::ChangeTag::Delete => ("Removed", "diff-removed"),
                similar::ChangeTag::Insert => ("Added", "diff-added"),
                similar::ChangeTag::Equal => ("", "diff-same"),
            };
            DiffLine {
                sign,
                class,
                text: c.value().trim_end_matches('\n').to_string(),
            }
        })
        .collect();
    let page = DiffPage {
        frame: frame(&s, format!("Revision {from} to {to}")),
        id,
        from,
        to,
        lines,
    };
    match render("diff.html", page) {
        Ok(html) => respond(StatusCode::OK, html),
        Err(e) => error_page(&e),
    }
}

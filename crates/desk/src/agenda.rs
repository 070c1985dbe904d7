//! Before the meeting, at the desk: schedule a meeting, build its agenda
//! (add, move up or down, withdraw items; restricted items with their
//! Schedule 12A paragraph and public summary), and publish it with the
//! timing warning shown before the button, not after. Every action is a
//! plain form, working without script; the rules are the use cases', the
//! same as the API's.

use super::page::{
    clerk, clerk_form, clerk_form_for, frame, id, if_match, see_other, some, Choice, Frame,
    VersionForm,
};
use super::{error_page, render, respond};
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use chrono::{NaiveDate, NaiveTime, Utc};
use minutebook_domain::time::{date_of, london_to_utc};
use minutebook_domain::visibility::Viewer;
use minutebook_domain::vocab::ITEM_KINDS;
use minutebook_ground::error::{AppError, FieldError};
use minutebook_read::meeting::{load_meeting, Item, Meeting, Paper};
use minutebook_render::dates;
use minutebook_store as store;
use minutebook_store::meetings::MeetingRow;
use minutebook_usecases::agenda::{meetings, publish};
use minutebook_usecases::staff::Session;
use minutebook_web::check::Check;
use minutebook_web::state::AppState;
use serde::{Deserialize, Serialize};

/// The form to schedule a meeting, as typed.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
pub struct MeetingForm {
    #[serde(default)]
    #[serde(skip_serializing)]
    csrf: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    pub(super) title: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    start: String,
    #[serde(default)]
    end: String,
    #[serde(default)]
    venue_name: String,
    #[serde(default)]
    venue_address: String,
    #[serde(default)]
    contact_name: String,
    #[serde(default)]
    contact_email: String,
}

#[derive(Serialize)]
struct NewMeetingPage {
    #[serde(flatten)]
    frame: Frame,
    bodies: Vec<Choice>,
    form: MeetingForm,
    errors: Vec<FieldError>,
}

async fn new_meeting_form(
    state: &web::Data<AppState>,
    s: &Session,
    status: StatusCode,
    form: MeetingForm,
    errors: Vec<FieldError>,
) -> HttpResponse {
    let bodies = match state.db(|conn| store::bodies::list(conn, None, 500)).await {
        Ok(b) => b,
        Err(e) => return error_page(&e),
    };
    let page = NewMeetingPage {
        frame: frame(s, "Schedule a meeting".into()),
        bodies: bodies
            .into_iter()
            .map(|b| Choice::new(b.slug.clone(), b.name, b.slug == form.body))
            .collect(),
        form,
        errors,
    };
    match render("new_meeting.html", page) {
        Ok(html) => respond(status, html),
        Err(e) => error_page(&e),
    }
}

#[derive(Deserialize)]
pub struct BodyQuery {
    #[serde(default)]
    body: String,
}

/// `GET /desk/meetings/new`
#[get("/desk/meetings/new")]
pub async fn new_meeting(
    state: web::Data<AppState>,
    req: HttpRequest,
    q: web::Query<BodyQuery>,
) -> HttpResponse {
    match clerk(&state, &req).await {
        Ok(s) => {
            let form = MeetingForm {
                body: q.into_inner().body,
                start: "18:00".into(),
                ..MeetingForm::default()
            };
            new_meeting_form(&state, &s, StatusCode::OK, form, Vec::new()).await
        }
        Err(r) => r,
    }
}

/// The meeting row a form describes, or the errors to show on it.
fn meeting_row(f: &MeetingForm) -> Result<MeetingRow, Vec<FieldError>> {
    let mut c = Check::new();
    if f.body.trim().is_empty() {
        c.add("body", "choose the committee or body");
    }
    let date = NaiveDate::parse_from_str(f.date.trim(), "%Y-%m-%d").ok();
    let date = match c.date("date", date) {
        Some(d) => Some(d),
        None => {
            c.add("date", "give the date of the meeting");
            None
        }
    };
    let time = |c: &mut Check, field: &str, v: &str| -> Option<NaiveTime> {
        let v = v.trim();
        if v.is_empty() {
            return None;
        }
        let t = NaiveTime::parse_from_str(v, "%H:%M").ok();
        if t.is_none() {
            c.add(field, "give a time such as 18:00");
        }
        t
    };
    let start = time(&mut c, "start", &f.start);
    if start.is_none() && f.start.trim().is_empty() {
        c.add("start", "give the time the meeting starts");
    }
    let end = time(&mut c, "end", &f.end);
    let starts_at = date.zip(start).and_then(|(d, t)| london_to_utc(d, t));
    let ends_at = date.zip(end).and_then(|(d, t)| london_to_utc(d, t));
    if let (Some(s), Some(e)) = (starts_at, ends_at) {
        if e <= s {
            c.add("end", "must be after the start");
        }
    }
    let mut row = MeetingRow::draft(starts_at.unwrap_or_else(store::now));
    row.title = c.text("title", some(&f.title), 300);
    row.ends_at = ends_at;
    row.venue_name = c.text("venue_name", some(&f.venue_name), 300);
    row.venue_address = c.text("venue_address", some(&f.venue_address), 1000);
    row.contact_name = c.text("contact_name", some(&f.contact_name), 200);
    row.contact_email = c.email("contact_email", some(&f.contact_email));
    match c.finish() {
        Ok(()) => Ok(row),
        Err(AppError::Validation(e)) => Err(e),
        Err(_) => Err(Vec::new()),
    }
}

/// `POST /desk/meetings`: schedules the meeting and opens its agenda.
#[post("/desk/meetings")]
pub async fn create_meeting(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: web::Form<MeetingForm>,
) -> HttpResponse {
    let form = form.into_inner();
    let s = match clerk_form(&state, &req, &form.csrf).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    let row = match meeting_row(&form) {
        Ok(r) => r,
        Err(errors) => {
            return new_meeting_form(&state, &s, StatusCode::UNPROCESSABLE_ENTITY, form, errors)
                .await
        }
    };
    let actor = s.actor();
    let body = form.body.clone();
    match state
        .write(move |conn| meetings::schedule(conn, &actor, &body, row))
        .await
    {
        Ok((row, _)) => see_other(format!("/desk/meetings/{}", row.id)),
        Err(AppError::NotFound(_)) => {
            let errors = vec![FieldError::new("body", "choose the committee or body")];
            new_meeting_form(&state, &s, StatusCode::UNPROCESSABLE_ENTITY, form, errors).await
        }
        Err(e) => error_page(&e),
    }
}

#[derive(Serialize)]
struct ItemLine {
    id: String,
    number: String,
    title: String,
    kind: String,
    presenter: Option<String>,
    restricted: Option<i32>,
    papers: Vec<PaperLine>,
    parts: Vec<PartLine>,
    first: bool,
    last: bool,
    version: i32,
}

/// A lettered part of an item: "(a) Title".
#[derive(Serialize)]
struct PartLine {
    id: String,
    letter: String,
    title: String,
    kind: String,
    presenter: Option<String>,
    first: bool,
    last: bool,
    version: i32,
}

/// A paper on the agenda: its title, type and size.
#[derive(Serialize)]
struct PaperLine {
    id: String,
    title: String,
    size_label: String,
    restricted: bool,
    version: i32,
}

/// The form to add an item, as typed.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
pub struct ItemForm {
    #[serde(default)]
    #[serde(skip_serializing)]
    pub(super) csrf: String,
    #[serde(default)]
    pub(super) title: String,
    #[serde(default)]
    pub(super) kind: String,
    #[serde(default)]
    pub(super) presenter: String,
    #[serde(default)]
    pub(super) restricted: String,
    #[serde(default)]
    pub(super) paragraph: String,
    #[serde(default)]
    pub(super) public_summary: String,
    /// The item this is a lettered part of (empty: a numbered item).
    #[serde(default)]
    pub(super) parent: String,
}

#[derive(Serialize)]
struct AgendaPage {
    #[serde(flatten)]
    frame: Frame,
    id: String,
    body: String,
    when: String,
    venue: Option<String>,
    published: bool,
    items: Vec<ItemLine>,
    parents: Vec<Choice>,
    kinds: Vec<Choice>,
    form: ItemForm,
    errors: Vec<FieldError>,
    warnings: Vec<String>,
    version: i32,
    notice: Option<String>,
}

/// The items a new one may be a lettered part of.
fn items_lines_parents(items: &[ItemLine], chosen: &str) -> Vec<Choice> {
    items
        .iter()
        .map(|i| {
            Choice::new(
                i.id.clone(),
                format!("{} {}", i.number, i.title),
                i.id == chosen,
            )
        })
        .collect()
}

/// The agenda's live items in order, numbered (by their minute number
/// once allocated), each with its papers and live lettered parts.
fn item_lines(items: &[Item]) -> Vec<ItemLine> {
    let live: Vec<&Item> = items.iter().filter(|i| i.deleted_at.is_none()).collect();
    let count = live.len();
    live.into_iter()
        .enumerate()
        .map(|(i, it)| ItemLine {
            id: it.id.clone(),
            number: it
                .minute_number
                .clone()
                .unwrap_or_else(|| (i + 1).to_string()),
            title: it.title.clone(),
            kind: it.kind.replace('_', " "),
            presenter: it.presenter.clone(),
            restricted: it.restricted.as_ref().and_then(|r| r.paragraph),
            papers: paper_lines(&it.documents),
            parts: part_lines(&it.parts),
            first: i == 0,
            last: i + 1 == count,
            version: it.version,
        })
        .collect()
}

/// An item's papers as the agenda lists them.
fn paper_lines(papers: &[Paper]) -> Vec<PaperLine> {
    papers
        .iter()
        .map(|d| PaperLine {
            id: d.id.clone(),
            title: d.title.clone(),
            size_label: d.size_label.clone(),
            restricted: d.restricted,
            version: d.version,
        })
        .collect()
}

/// An item's live lettered parts in order (lettered a, b, c … when they
/// have no letter yet).
fn part_lines(parts: &[Item]) -> Vec<PartLine> {
    let live: Vec<_> = parts.iter().filter(|p| p.deleted_at.is_none()).collect();
    let count = live.len();
    live.into_iter()
        .enumerate()
        .map(|(n, p)| PartLine {
            first: n == 0,
            last: n + 1 == count,
            id: p.id.clone(),
            letter: p.part_letter.clone().unwrap_or_else(|| {
                char::from(b'a' + u8::try_from(n % 26).unwrap_or(0)).to_string()
            }),
            title: p.title.clone(),
            kind: p.kind.replace('_', " "),
            presenter: p.presenter.clone(),
            version: p.version,
        })
        .collect()
}

fn agenda_page(
    s: &Session,
    m: Meeting,
    form: ItemForm,
    errors: Vec<FieldError>,
    notice: Option<String>,
) -> AgendaPage {
    let today = date_of(Utc::now());
    let day = date_of(m.starts_at);
    let warnings = if m.agenda_published_at.is_none() {
        publish::notice_warnings(today, day)
            .into_iter()
            .map(|w| w.message)
            .collect()
    } else {
        Vec::new()
    };
    let items = item_lines(&m.items);
    let kind = if form.kind.is_empty() {
        "report".to_string()
    } else {
        form.kind.clone()
    };
    let parents = items_lines_parents(&items, &form.parent);
    AgendaPage {
        frame: frame(s, format!("Agenda: {}", m.body.name)),
        id: m.id.clone(),
        body: m.body.name.clone(),
        when: dates::when(m.starts_at),
        venue: m.venue.name.clone(),
        published: m.agenda_published_at.is_some(),
        items,
        parents,
        kinds: ITEM_KINDS
            .iter()
            .map(|k| Choice::new(*k, k.replace('_', " "), *k == kind))
            .collect(),
        form,
        errors,
        warnings,
        version: m.version,
        notice,
    }
}

pub(super) async fn show(
    state: &web::Data<AppState>,
    s: &Session,
    id: String,
    status: StatusCode,
    form: ItemForm,
    errors: Vec<FieldError>,
    notice: Option<String>,
) -> HttpResponse {
    let public_url = state.settings.public_url.clone();
    let m = match state
        .db(move |conn| load_meeting(conn, &id, Viewer::Internal, &public_url))
        .await
    {
        Ok(m) => m,
        Err(e) => return error_page(&e),
    };
    match render("agenda.html", agenda_page(s, m, form, errors, notice)) {
        Ok(html) => respond(status, html),
        Err(e) => error_page(&e),
    }
}

#[derive(Deserialize)]
pub struct NoticeQuery {
    #[serde(default)]
    done: String,
}

/// `GET /desk/meetings/{id}`: the agenda builder.
#[get("/desk/meetings/{id}")]
pub async fn meeting_page(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    q: web::Query<NoticeQuery>,
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
        "published" => Some("The agenda is published.".to_string()),
        "added" => Some("The item is added.".to_string()),
        "moved" => Some("The item is moved.".to_string()),
        "withdrawn" => Some("The item is withdrawn.".to_string()),
        "paper" => Some("The paper is added.".to_string()),
        "paper-removed" => Some("The paper is removed.".to_string()),
        "changed" => Some("The item is changed.".to_string()),
        _ => None,
    };
    show(
        &state,
        &s,
        id,
        StatusCode::OK,
        ItemForm::default(),
        Vec::new(),
        notice,
    )
    .await
}

/// `POST /desk/meetings/{id}/publish`: publishes the agenda (its numbers
/// allocated); the warning was on the page before the button.
#[post("/desk/meetings/{id}/publish")]
pub async fn publish_agenda(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    form: web::Form<VersionForm>,
) -> HttpResponse {
    let form = form.into_inner();
    let (s, id) = match clerk_form_for(&state, &req, &form.csrf, &path, "meeting").await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let actor = s.actor();
    let if_match = if_match(&form.version);
    let public_url = state.settings.public_url.clone();
    let meeting = id.clone();
    match state
        .write(move |conn| publish::publish_agenda(conn, &actor, &meeting, &if_match, &public_url))
        .await
    {
        Ok(_) => see_other(format!("/desk/meetings/{id}?done=published")),
        Err(AppError::Conflict(m)) => {
            let errors = vec![FieldError::new("publish", m)];
            show(
                &state,
                &s,
                id,
                StatusCode::CONFLICT,
                ItemForm::default(),
                errors,
                None,
            )
            .await
        }
        Err(e) => error_page(&e),
    }
}

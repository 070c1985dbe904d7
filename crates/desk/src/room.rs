//! In the room: one page for the meeting as it happens. Attendance as a
//! checklist of the body's members (saved as it is ticked, with script;
//! by its button, without), and others added by name (officers, others in
//! attendance, substitutes); per item, the minutes in a plain editor with
//! the house markup and its preview, outcomes, declarations, votes and
//! actions (`room_items`). Every rule is the use cases', as for the API.

use super::page::{clerk, clerk_form_for, frame, id, see_other, Choice, Frame};
use super::{error_page, render, respond};
use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use minutebook_domain::access::Actor;
use minutebook_domain::lifecycle::MeetingStatus;
use minutebook_domain::visibility::Viewer;
use minutebook_domain::vocab::OUTCOME_VERBS;
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult, FieldError};
use minutebook_read::desk::{roster, Member};
use minutebook_read::item_view::Item;
use minutebook_read::meeting::{load_meeting, Meeting};
use minutebook_render::dates::{self, plain_date};
use minutebook_render::doc::{text_blocks, Block};
use minutebook_store::attendance::AttendanceRow;
use minutebook_store::people::PersonRow;
use minutebook_usecases::minutes::attendance::{self, Mark, NewRecord};
use minutebook_usecases::staff::Session;
use minutebook_web::check::Check;
use minutebook_web::state::AppState;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// How a member stands on the checklist: `""` (not recorded), `present`,
/// `virtual`, `apologies`, `absent`, or (as the API may have recorded a
/// member) `officer` or `in_attendance`, so that saving the checklist
/// never drops a record it did not offer.
const MARKS: [(&str, &str); 7] = [
    ("", "Not recorded"),
    ("present", "Present"),
    ("virtual", "Present virtually"),
    ("apologies", "Apologies"),
    ("absent", "Absent"),
    ("officer", "Officer"),
    ("in_attendance", "Also in attendance"),
];

#[derive(Serialize)]
struct RosterLine {
    person_id: String,
    name: String,
    role: String,
    organisation: Option<String>,
    marks: Vec<Choice>,
    /// The mark the page shows, sent back to say what the clerk changed.
    mark: String,
    chair: bool,
}

#[derive(Serialize)]
struct OtherLine {
    name: String,
    standing: String,
}

/// A text the clerk typed that could not be saved over another's.
#[derive(Serialize, Clone)]
pub struct Clash {
    pub item_id: String,
    pub theirs: String,
    pub mine: String,
}

#[derive(Serialize)]
struct RoomItem {
    id: String,
    number: String,
    title: String,
    restricted: Option<i32>,
    minutes: String,
    preview: Vec<Block>,
    version: i32,
    outcomes: Vec<OutcomeLine>,
    declarations: Vec<String>,
    votes: Vec<String>,
    actions: Vec<String>,
    clash: Option<Clash>,
}

#[derive(Serialize)]
struct OutcomeLine {
    id: String,
    verb: String,
    text: String,
    parts: Vec<String>,
}

#[derive(Serialize)]
struct RoomPage {
    #[serde(flatten)]
    frame: Frame,
    id: String,
    body: String,
    when: String,
    held: bool,
    editable: bool,
    roster: Vec<RosterLine>,
    others: Vec<OtherLine>,
    members: Vec<Choice>,
    present: Vec<Choice>,
    items: Vec<RoomItem>,
    verbs: Vec<Choice>,
    errors: Vec<FieldError>,
    notice: Option<String>,
}

/// What the room page shows beside the meeting: an error, a notice, a clash.
#[derive(Default)]
pub struct Shown {
    pub errors: Vec<FieldError>,
    pub notice: Option<String>,
    pub clash: Option<Clash>,
}

fn standing(a: &minutebook_read::meeting::Attendance) -> String {
    let mut s = match a.status.as_str() {
        "present" if a.substitute_for.is_some() => format!(
            "Substitute for {}",
            a.substitute_for_name.clone().unwrap_or_default()
        ),
        "present" => "Present".into(),
        "officer" => "Officer".into(),
        "in_attendance" => "Also in attendance".into(),
        "apologies" => "Apologies".into(),
        "absent" => "Absent".into(),
        other => other.replace('_', " "),
    };
    if a.attended_virtually {
        s.push_str(" (virtually)");
    }
    s
}

fn roster_lines(members: &[Member], m: &Meeting) -> Vec<RosterLine> {
    let recorded: HashMap<&str, &minutebook_read::meeting::Attendance> = m
        .attendance
        .iter()
        .map(|a| (a.person_id.as_str(), a))
        .collect();
    members
        .iter()
        .map(|p| {
            let a = recorded.get(p.person_id.as_str());
            let mark = match a {
                None => "",
                Some(a) if a.status == "present" && a.attended_virtually => "virtual",
                Some(a) => a.status.as_str(),
            };
            RosterLine {
                person_id: p.person_id.clone(),
                name: p.name.clone(),
                role: p.role.replace('_', " "),
                organisation: p.organisation.clone(),
                marks: MARKS
                    .iter()
                    .map(|(v, l)| Choice::new(*v, *l, *v == mark))
                    .collect(),
                mark: mark.to_string(),
                chair: a.is_some_and(|a| a.chair),
            }
        })
        .collect()
}

fn item_number(i: usize, it: &Item) -> String {
    it.minute_number
        .clone()
        .unwrap_or_else(|| (i + 1).to_string())
}

fn room_item(i: usize, it: &Item, clash: Option<&Clash>) -> RoomItem {
    let clash = clash.filter(|c| c.item_id == it.id).cloned();
    let minutes = it.minutes.clone().unwrap_or_default();
    RoomItem {
        id: it.id.clone(),
        number: item_number(i, it),
        title: it.title.clone(),
        restricted: it.restricted.as_ref().and_then(|r| r.paragraph),
        preview: text_blocks(&minutes).collect(),
        minutes,
        version: it.version,
        outcomes: it
            .outcomes
            .iter()
            .map(|o| OutcomeLine {
                id: o.id.clone(),
                verb: o.verb.clone(),
                text: o.text.clone(),
                parts: o.parts.clone(),
            })
            .collect(),
        declarations: it
            .declarations
            .iter()
            .map(|d| {
                format!(
                    "{}: {}",
                    d.person_name.clone().unwrap_or_default(),
                    d.nature
                )
            })
            .collect(),
        votes: it.votes.iter().map(|v| v.summary.clone()).collect(),
        actions: it
            .actions
            .iter()
            .map(|a| {
                let mut s = a.description.clone();
                if let Some(o) = &a.owner {
                    s.push_str(&format!(" (owner: {o}"));
                    if let Some(d) = a.due_date {
                        s.push_str(&format!(", by {}", plain_date(d)));
                    }
                    s.push(')');
                } else if let Some(d) = a.due_date {
                    s.push_str(&format!(" (by {})", plain_date(d)));
                }
                s
            })
            .collect(),
        clash,
    }
}

fn room_page(s: &Session, m: Meeting, members: Vec<Member>, shown: Shown) -> RoomPage {
    let roster = roster_lines(&members, &m);
    let on_roster: std::collections::HashSet<&str> =
        members.iter().map(|p| p.person_id.as_str()).collect();
    let others = m
        .attendance
        .iter()
        .filter(|a| !on_roster.contains(a.person_id.as_str()))
        .map(|a| OtherLine {
            name: a.person_name.clone().unwrap_or_default(),
            standing: standing(a),
        })
        .collect();
    let present = m
        .attendance
        .iter()
        .filter(|a| a.status == "present")
        .map(|a| {
            Choice::new(
                a.person_id.clone(),
                a.person_name.clone().unwrap_or_default(),
                false,
            )
        })
        .collect();
    let items = m
        .items
        .iter()
        .filter(|i| i.deleted_at.is_none())
        .enumerate()
        .map(|(i, it)| room_item(i, it, shown.clash.as_ref()))
        .collect();
    RoomPage {
        frame: frame(s, format!("In the room: {}", m.body.name)),
        id: m.id.clone(),
        body: m.body.name.clone(),
        when: dates::when(m.starts_at),
        held: m.status == MeetingStatus::Held,
        editable: m.minutes_status.is_editable(),
        roster,
        others,
        members: members
            .iter()
            .map(|p| Choice::new(p.person_id.clone(), p.name.clone(), false))
            .collect(),
        present,
        items,
        verbs: OUTCOME_VERBS
            .iter()
            .map(|v| Choice::new(*v, *v, *v == "RESOLVED"))
            .collect(),
        errors: shown.errors,
        notice: shown.notice,
    }
}

/// The room page with what to show beside the meeting.
pub async fn show(
    state: &web::Data<AppState>,
    s: &Session,
    id: String,
    status: StatusCode,
    shown: Shown,
) -> HttpResponse {
    let public_url = state.settings.public_url.clone();
    let loaded = state
        .db(move |conn| {
            let m = load_meeting(conn, &id, Viewer::Internal, &public_url)?;
            let day = minutebook_domain::time::date_of(m.starts_at);
            let members = roster(conn, &m.body_id, day)?;
            Ok((m, members))
        })
        .await;
    let (m, members) = match loaded {
        Ok(v) => v,
        Err(e) => return error_page(&e),
    };
    match render("room.html", room_page(s, m, members, shown)) {
        Ok(html) => respond(status, html),
        Err(e) => error_page(&e),
    }
}

#[derive(Deserialize)]
pub struct DoneQuery {
    #[serde(default)]
    done: String,
}

/// `GET /desk/meetings/{id}/room`
#[get("/desk/meetings/{id}/room")]
pub async fn room(
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
        "attendance" => Some("Attendance is saved."),
        "added" => Some("They are added to the attendance."),
        "minutes" => Some("The minutes are saved."),
        "outcome" => Some("The outcome is recorded."),
        "vote" => Some("The vote is recorded."),
        "action" => Some("The action is recorded."),
        "declaration" => Some("The declaration is recorded."),
        _ => None,
    };
    let shown = Shown {
        notice: notice.map(String::from),
        ..Shown::default()
    };
    show(&state, &s, id, StatusCode::OK, shown).await
}

/// Whether the form came from the page's script (which wants JSON back).
pub fn wants_json(req: &HttpRequest) -> bool {
    req.headers()
        .get("accept")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

/// The marks a checklist form asks for, for the body's members: only
/// those its clerk changed since the page showed them (`was-{person}` and
/// `was-chair` say what it showed; a form without them asks for all), so
/// a page open elsewhere, saved later, does not undo another clerk's ticks.
pub fn checklist_marks(
    fields: &HashMap<String, String>,
    members: Vec<Member>,
) -> Result<Vec<Mark>, AppError> {
    let chair = fields.get("chair").map_or("", String::as_str);
    let chair_was = fields.get("was-chair");
    let mut marks = Vec::new();
    for p in members {
        let id = p.person_id.as_str();
        let Some(mark) = fields.get(&format!("mark-{id}")) else {
            continue;
        };
        let unchanged = fields.get(&format!("was-{id}")) == Some(mark)
            && chair_was.is_some_and(|was| (was == id) == (chair == id));
        if unchanged {
            continue;
        }
        let (status, attended_virtually) = match mark.as_str() {
            "" => (None, false),
            "virtual" => (Some("present".to_string()), true),
            "present" | "apologies" | "absent" | "officer" | "in_attendance" => {
                (Some(mark.clone()), false)
            }
            _ => {
                return Err(AppError::field(
                    &format!("mark-{id}"),
                    "choose one of the marks",
                ))
            }
        };
        marks.push(Mark {
            chair: chair == id && status.is_some(),
            person_id: p.person_id,
            status,
            attended_virtually,
        });
    }
    Ok(marks)
}

/// `POST /desk/meetings/{id}/attendance`: the checklist as ticked
/// (`mark-{person}`, `chair`), for the body's members on the day.
#[post("/desk/meetings/{id}/attendance")]
pub async fn save_attendance(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> HttpResponse {
    let fields: HashMap<String, String> = form.into_inner().into_iter().collect();
    let csrf = fields.get("csrf").cloned().unwrap_or_default();
    let (s, id) = match clerk_form_for(&state, &req, &csrf, &path, "meeting").await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let actor = s.actor();
    let meeting = id.clone();
    let result = state
        .write(move |conn| {
            let m = minutebook_store::meetings::get(conn, &meeting)?;
            let day = minutebook_domain::time::london_date(m.starts_at);
            let marks = checklist_marks(&fields, roster(conn, &m.body_id, day)?)?;
            attendance::apply_checklist(conn, &actor, &meeting, marks)
        })
        .await;
    match result {
        Ok(()) if wants_json(&req) => HttpResponse::Ok()
            .insert_header(("Cache-Control", "no-store"))
            .json(serde_json::json!({"saved": true})),
        Ok(()) => see_other(format!(
            "/desk/meetings/{id}/room?done=attendance#attendance"
        )),
        Err(e) if wants_json(&req) => {
            let status = actix_web::ResponseError::status_code(&e);
            HttpResponse::build(status)
                .json(serde_json::json!({"saved": false, "problem": e.problem().detail}))
        }
        Err(AppError::Validation(errors)) => {
            let shown = Shown {
                errors,
                ..Shown::default()
            };
            show(&state, &s, id, StatusCode::UNPROCESSABLE_ENTITY, shown).await
        }
        Err(e @ AppError::Conflict(_)) => {
            let shown = Shown {
                errors: vec![FieldError::new("attendance", e.problem().detail)],
                ..Shown::default()
            };
            show(&state, &s, id, StatusCode::CONFLICT, shown).await
        }
        Err(e) => error_page(&e),
    }
}

/// Someone not on the body's list, as typed.
#[derive(Deserialize)]
pub struct OtherForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    organisation: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    substitute_for: String,
}

/// The attendance status an other's role gives, and the member a
/// substitute stands in for; a missing or unknown choice is added to `c`.
fn other_role(c: &mut Check, form: &OtherForm) -> (&'static str, Option<String>) {
    match form.role.as_str() {
        "officer" => ("officer", None),
        "in_attendance" => ("in_attendance", None),
        "substitute" if !form.substitute_for.is_empty() => {
            ("present", Some(form.substitute_for.clone()))
        }
        "substitute" => {
            c.add(
                "other-substitute_for",
                "choose the member they substitute for",
            );
            ("present", None)
        }
        _ => {
            c.add(
                "other-role",
                "choose officer, also in attendance, or substitute",
            );
            ("officer", None)
        }
    }
}

/// Someone not on the body's list, checked, to record at a meeting.
struct Other {
    name: String,
    organisation: Option<String>,
    status: &'static str,
    substitute_for: Option<String>,
}

/// Records an other's attendance: the person found by that exact name, or
/// registered (with their organisation) when there is none.
fn record_other(
    conn: &mut DbConn,
    actor: &Actor,
    meeting: &str,
    other: Other,
) -> AppResult<AttendanceRow> {
    let found = minutebook_store::people::find_by_name(conn, &other.name)?;
    let person = match found.into_iter().next() {
        Some(p) => p,
        None => {
            let mut row = PersonRow::named(other.name);
            row.organisation = other.organisation.clone();
            minutebook_usecases::people::register(conn, actor, row)?
        }
    };
    attendance::record(
        conn,
        actor,
        meeting,
        NewRecord {
            person_id: person.id,
            status: other.status.to_string(),
            chair: false,
            organisation: other.organisation,
            substitute_for: other.substitute_for,
            attended_virtually: false,
            absence_reason: None,
        },
    )
}

/// `POST /desk/meetings/{id}/attendance/others`: an officer, someone else
/// in attendance, or a substitute for a member, by name (the person is
/// found by that exact name, or registered).
#[post("/desk/meetings/{id}/attendance/others")]
pub async fn add_other(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    form: web::Form<OtherForm>,
) -> HttpResponse {
    let form = form.into_inner();
    let (s, id) = match clerk_form_for(&state, &req, &form.csrf, &path, "meeting").await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let mut c = Check::new();
    let name = c.required("other-name", Some(form.name.clone()), 200);
    let organisation = c.text("other-organisation", Some(form.organisation.clone()), 300);
    let (status, substitute_for) = other_role(&mut c, &form);
    if let Err(AppError::Validation(errors)) = c.finish() {
        let shown = Shown {
            errors,
            ..Shown::default()
        };
        return show(&state, &s, id, StatusCode::UNPROCESSABLE_ENTITY, shown).await;
    }
    let actor = s.actor();
    let meeting = id.clone();
    let other = Other {
        name,
        organisation,
        status,
        substitute_for,
    };
    let result = state
        .write(move |conn| record_other(conn, &actor, &meeting, other))
        .await;
    match result {
        Ok(_) => see_other(format!("/desk/meetings/{id}/room?done=added#attendance")),
        Err(AppError::Validation(errors)) => {
            let shown = Shown {
                errors,
                ..Shown::default()
            };
            show(&state, &s, id, StatusCode::UNPROCESSABLE_ENTITY, shown).await
        }
        Err(e @ AppError::Conflict(_)) => {
            let shown = Shown {
                errors: vec![FieldError::new("other-name", e.problem().detail)],
                ..Shown::default()
            };
            show(&state, &s, id, StatusCode::CONFLICT, shown).await
        }
        Err(e) => error_page(&e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn member(id: &str) -> Member {
        Member {
            person_id: id.into(),
            name: id.into(),
            role: "member".into(),
            organisation: None,
        }
    }

    fn form(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn only_what_the_clerk_changed_is_written() {
        let f = form(&[
            ("mark-ann", "apologies"),
            ("was-ann", "apologies"),
            ("mark-bob", "virtual"),
            ("was-bob", "present"),
            ("mark-cat", "present"),
            ("was-cat", "present"),
            ("chair", "cat"),
            ("was-chair", "ann"),
        ]);
        let marks = checklist_marks(&f, vec![member("ann"), member("bob"), member("cat")]).unwrap();
        let got: Vec<(&str, Option<&str>, bool, bool)> = marks
            .iter()
            .map(|m| {
                (
                    m.person_id.as_str(),
                    m.status.as_deref(),
                    m.attended_virtually,
                    m.chair,
                )
            })
            .collect();
        // Ann's mark is as shown but she no longer chairs; Bob changed; Cat
        // now chairs.
        assert_eq!(
            got,
            [
                ("ann", Some("apologies"), false, false),
                ("bob", Some("present"), true, false),
                ("cat", Some("present"), false, true),
            ]
        );
    }

    #[test]
    fn a_form_without_what_it_showed_asks_for_everything_and_a_bad_mark_is_named() {
        let f = form(&[("mark-ann", ""), ("mark-bob", "present")]);
        let marks = checklist_marks(&f, vec![member("ann"), member("bob"), member("dan")]).unwrap();
        assert_eq!(marks.len(), 2, "Dan is not on the form: left alone");
        assert!(marks[0].status.is_none());
        let bad = form(&[("mark-ann", "asleep")]);
        assert!(matches!(
            checklist_marks(&bad, vec![member("ann")]),
            Err(AppError::Validation(_))
        ));
    }
}

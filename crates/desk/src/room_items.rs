//! In the room, item by item: the minutes (saved by the page's script as
//! the clerk types, or by the button; a save over another clerk's newer
//! text is refused and both texts shown), outcomes with numbered parts,
//! declarations, votes (counts, or each member present by name) and
//! actions. Each form's fields are named for its item, so an error is
//! shown at the form it belongs to.

use super::page::{clerk_form_for, if_match, see_other};
use super::room::{show, wants_json, Clash, Shown};
use super::{error_page, render};
use actix_web::http::StatusCode;
use actix_web::{post, web, HttpRequest, HttpResponse};
use chrono::NaiveDate;
use minutebook_domain::vocab::OUTCOME_VERBS;
use minutebook_domain::votes::{Choice as VoteChoice, GivenCounts, DECLARATION_KINDS};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult, FieldError};
use minutebook_render::dates::clock_time;
use minutebook_render::doc::text_blocks;
use minutebook_store as store;
use minutebook_usecases::agenda::items::{self, ItemChange};
use minutebook_usecases::minutes::{actions, records, votes};
use minutebook_usecases::staff::Session;
use minutebook_web::check::Check;
use minutebook_web::state::AppState;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The most a piece of minute text may hold.
pub const MINUTES_MAX: usize = 100_000;

fn meeting_of(conn: &mut DbConn, item: &str) -> AppResult<String> {
    Ok(store::items::get(conn, item)?.meeting_id)
}

/// The answer after an item's form: back to the item, or the room page
/// with the errors at the form they belong to.
async fn answer(
    state: &web::Data<AppState>,
    s: &Session,
    item: String,
    result: AppResult<String>,
    done: &str,
) -> HttpResponse {
    let problem = match result {
        Ok(meeting) => {
            return see_other(format!(
                "/desk/meetings/{meeting}/room?done={done}#item-{item}"
            ))
        }
        Err(e) => e,
    };
    let (status, errors) = match problem {
        AppError::Validation(errors) => (StatusCode::UNPROCESSABLE_ENTITY, errors),
        e @ AppError::Conflict(_) => (
            StatusCode::CONFLICT,
            vec![FieldError::new(
                format!("{item}-{done}"),
                e.problem().detail,
            )],
        ),
        e => return error_page(&e),
    };
    let found = item.clone();
    match state.db(move |conn| meeting_of(conn, &found)).await {
        Ok(meeting) => {
            let shown = Shown {
                errors,
                ..Shown::default()
            };
            show(state, s, meeting, status, shown).await
        }
        Err(e) => error_page(&e),
    }
}

#[derive(Deserialize)]
pub struct MinutesForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    version: String,
    #[serde(default)]
    minutes: String,
}

#[derive(Serialize)]
struct Preview {
    blocks: Vec<minutebook_render::doc::Block>,
}

/// The script's answer to a save: the new version and the preview.
fn saved(version: i32, text: &str) -> HttpResponse {
    let preview = Preview {
        blocks: text_blocks(text).collect(),
    };
    let html = render("preview.html", preview).unwrap_or_default();
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(serde_json::json!({
            "version": version,
            "preview": html,
            "saved_at": clock_time(chrono::Utc::now()),
        }))
}

/// A save over a newer text: nothing written; their text and the clerk's
/// shown side by side (to the script, as JSON), for the clerk to choose.
async fn clash(
    state: &web::Data<AppState>,
    s: &Session,
    item: String,
    mine: String,
    json: bool,
) -> HttpResponse {
    let found = item.clone();
    let theirs = match state.db(move |conn| store::items::get(conn, &found)).await {
        Ok(row) => row,
        Err(e) => return error_page(&e),
    };
    if json {
        return HttpResponse::Conflict()
            .insert_header(("Cache-Control", "no-store"))
            .json(serde_json::json!({
                "conflict": true,
                "theirs": theirs.minutes.clone().unwrap_or_default(),
                "version": theirs.version,
            }));
    }
    let shown = Shown {
        errors: vec![FieldError::new(
            format!("{item}-minutes"),
            "someone else saved this item's minutes since you opened it: both texts are below; nothing was overwritten",
        )],
        clash: Some(Clash {
            item_id: item,
            theirs: theirs.minutes.unwrap_or_default(),
            mine,
        }),
        ..Shown::default()
    };
    show(state, s, theirs.meeting_id, StatusCode::CONFLICT, shown).await
}

/// `POST /desk/items/{id}/minutes`: the item's minute text. With script
/// (`Accept: application/json`) the answer is the new version and the
/// preview; a save over a newer text is `409` with that text.
#[post("/desk/items/{id}/minutes")]
pub async fn save_minutes(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    form: web::Form<MinutesForm>,
) -> HttpResponse {
    let form = form.into_inner();
    let (s, item) = match clerk_form_for(&state, &req, &form.csrf, &path, "item").await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let mine = form.minutes.replace("\r\n", "\n");
    let mut c = Check::new();
    if mine.contains('\0') {
        c.add("minutes", "must be text");
    }
    let text = c.text("minutes", Some(mine.clone()), MINUTES_MAX);
    let checked = c.finish().map_err(|e| prefixed(&item, e));
    let actor = s.actor();
    let expected = if_match(&form.version);
    let target = item.clone();
    let result = match checked {
        Err(e) => Err(e),
        Ok(()) => {
            state
                .write(move |conn| {
                    items::change(
                        conn,
                        &actor,
                        &target,
                        &expected,
                        ItemChange {
                            title: None,
                            kind: None,
                            position: None,
                            restricted: None,
                            public_summary: None,
                            presenter: None,
                            minutes: Some(text),
                        },
                    )?;
                    let row = store::items::get(conn, &target)?;
                    Ok((row.meeting_id, row.version))
                })
                .await
        }
    };
    let json = wants_json(&req);
    match result {
        Ok((_, version)) if json => saved(version, &mine),
        Ok((meeting, _)) => see_other(format!(
            "/desk/meetings/{meeting}/room?done=minutes#item-{item}"
        )),
        Err(AppError::PreconditionFailed(_)) => clash(&state, &s, item, mine, json).await,
        Err(e) if json => {
            let status = actix_web::ResponseError::status_code(&e);
            HttpResponse::build(status).json(serde_json::json!({"problem": e.problem().detail}))
        }
        Err(e) => answer(&state, &s, item, Err(e), "minutes").await,
    }
}

#[derive(Deserialize)]
pub struct OutcomeForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    verb: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    parts: String,
}

/// `POST /desk/items/{id}/outcomes`: AGREED, RESOLVED or NOTED, with a
/// text and numbered parts (one a line).
#[post("/desk/items/{id}/outcomes")]
pub async fn add_outcome(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    form: web::Form<OutcomeForm>,
) -> HttpResponse {
    let form = form.into_inner();
    let (s, item) = match clerk_form_for(&state, &req, &form.csrf, &path, "item").await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let mut c = Check::new();
    let verb = c.one_of("outcome-verb", &form.verb, OUTCOME_VERBS);
    let text = c
        .text("outcome-text", Some(form.text), 20_000)
        .unwrap_or_default();
    let parts: Vec<String> = form
        .parts
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(String::from)
        .collect();
    if parts.len() > 100 || parts.iter().any(|p| p.chars().count() > 5_000) {
        c.add(
            "outcome-parts",
            "at most 100 parts of 5,000 characters each",
        );
    }
    if text.is_empty() && parts.is_empty() {
        c.add(
            "outcome-text",
            "give what was decided (a text, parts, or both)",
        );
    }
    let result = match c.finish().map_err(|e| prefixed(&item, e)) {
        Err(e) => Err(e),
        Ok(()) => {
            let actor = s.actor();
            let settings = state.settings.clone();
            let target = item.clone();
            state
                .write(move |conn| {
                    records::add_outcome(conn, &actor, &settings, &target, verb, text, parts)?;
                    meeting_of(conn, &target)
                })
                .await
        }
    };
    answer(&state, &s, item, result, "outcome").await
}

/// `POST /desk/items/{id}/votes`: counts (`for`, `against`, `abstained`),
/// or each member present by name (`named-{person}`: for, against or
/// abstain), optionally on one of the item's outcomes.
#[post("/desk/items/{id}/votes")]
pub async fn add_vote(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    form: web::Form<Vec<(String, String)>>,
) -> HttpResponse {
    let fields: HashMap<String, String> = form.into_inner().into_iter().collect();
    let (s, item) = match clerk_form_for(
        &state,
        &req,
        fields.get("csrf").map_or("", |v| v),
        &path,
        "item",
    )
    .await
    {
        Ok(v) => v,
        Err(r) => return r,
    };
    let mut c = Check::new();
    let mut count = |field: &str| -> Option<i32> {
        let v = fields.get(field).map(|v| v.trim()).unwrap_or("");
        if v.is_empty() {
            return None;
        }
        let n = v.parse::<i32>().ok().filter(|n| (0..=10_000).contains(n));
        if n.is_none() {
            c.add(&format!("vote-{field}"), "give a number (0 or more)");
        }
        n
    };
    let counts = GivenCounts {
        for_: count("for"),
        against: count("against"),
        abstained: count("abstained"),
    };
    let mut named = Vec::new();
    for (k, v) in &fields {
        if let Some(person) = k.strip_prefix("named-") {
            if v.is_empty() {
                continue;
            }
            match VoteChoice::parse(v) {
                Some(choice) => named.push((person.to_string(), choice)),
                None => c.add(&format!("vote-{k}"), "choose for, against or abstain"),
            }
        }
    }
    named.sort_by(|a, b| a.0.cmp(&b.0));
    let outcome_id = fields.get("outcome").filter(|v| !v.is_empty()).cloned();
    let result = match c.finish().map_err(|e| prefixed(&item, e)) {
        Err(e) => Err(e),
        Ok(()) => {
            let actor = s.actor();
            let target = item.clone();
            let new = votes::NewVote {
                motion: None,
                counts,
                named: (!named.is_empty()).then_some(named),
                casting: None,
                outcome_id,
            };
            state
                .write(move |conn| {
                    votes::record(conn, &actor, &target, new)
                        .map_err(|e| prefixed(&target, prefixed("vote", e)))?;
                    meeting_of(conn, &target)
                })
                .await
        }
    };
    answer(&state, &s, item, result, "vote").await
}

/// Field errors named for their form (`vote-for`) or their item
/// (`{item}-vote-for`), so each is shown at the form it belongs to.
fn prefixed(form: &str, e: AppError) -> AppError {
    match e {
        AppError::Validation(errors) => AppError::Validation(
            errors
                .into_iter()
                .map(|f| FieldError::new(format!("{form}-{}", f.field), f.message))
                .collect(),
        ),
        other => other,
    }
}

#[derive(Deserialize)]
pub struct ActionForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    owner: String,
    #[serde(default)]
    due: String,
}

/// `POST /desk/items/{id}/actions`: what, who, by when.
#[post("/desk/items/{id}/actions")]
pub async fn add_action(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    form: web::Form<ActionForm>,
) -> HttpResponse {
    let form = form.into_inner();
    let (s, item) = match clerk_form_for(&state, &req, &form.csrf, &path, "item").await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let mut c = Check::new();
    let description = c.required("action-description", Some(form.description), 5_000);
    let owner = c.text("action-owner", Some(form.owner), 300);
    let due = match form.due.trim() {
        "" => None,
        d => {
            let parsed = NaiveDate::parse_from_str(d, "%Y-%m-%d").ok();
            if parsed.is_none() {
                c.add("action-due", "give a date such as 2027-03-31");
            }
            c.date("action-due", parsed)
        }
    };
    let result = match c.finish().map_err(|e| prefixed(&item, e)) {
        Err(e) => Err(e),
        Ok(()) => {
            let actor = s.actor();
            let target = item.clone();
            state
                .write(move |conn| {
                    let new = actions::NewAction {
                        description,
                        owner,
                        due_date: due,
                        status: "open".into(),
                    };
                    actions::record(conn, &actor, &target, new)?;
                    meeting_of(conn, &target)
                })
                .await
        }
    };
    answer(&state, &s, item, result, "action").await
}

#[derive(Deserialize)]
pub struct DeclarationForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    person: String,
    #[serde(default)]
    nature: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    withdrew: String,
}

/// `POST /desk/items/{id}/declarations`: who declared what, and whether
/// they left the room.
#[post("/desk/items/{id}/declarations")]
pub async fn add_declaration(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    form: web::Form<DeclarationForm>,
) -> HttpResponse {
    let form = form.into_inner();
    let (s, item) = match clerk_form_for(&state, &req, &form.csrf, &path, "item").await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let mut c = Check::new();
    if form.person.is_empty() {
        c.add("declaration-person", "choose who declared the interest");
    }
    let nature = c.required("declaration-nature", Some(form.nature), 2_000);
    let kind = (!form.kind.is_empty())
        .then(|| c.one_of("declaration-kind", &form.kind, &DECLARATION_KINDS));
    let result = match c.finish().map_err(|e| prefixed(&item, e)) {
        Err(e) => Err(e),
        Ok(()) => {
            let actor = s.actor();
            let target = item.clone();
            let new = records::NewDeclaration {
                person_id: form.person,
                nature,
                kind,
                withdrew: form.withdrew == "yes",
            };
            state
                .write(move |conn| {
                    records::add_declaration(conn, &actor, &target, new)
                        .map_err(|e| prefixed(&target, prefixed("declaration", e)))?;
                    meeting_of(conn, &target)
                })
                .await
        }
    };
    answer(&state, &s, item, result, "declaration").await
}

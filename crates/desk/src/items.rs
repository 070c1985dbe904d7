//! The items of an agenda, at the desk: add one (or a lettered part of
//! one), change its details, move it up or down, withdraw it. Each is a
//! plain form; the rules are the use cases', as for the API.

use super::agenda::{show, ItemForm};
use super::error_page;
use super::page::{clerk_form_for, if_match, see_other, some, VersionForm};
use actix_web::http::StatusCode;
use actix_web::{post, web, HttpRequest, HttpResponse};
use minutebook_domain::vocab::ITEM_KINDS;
use minutebook_ground::error::{AppError, AppResult, FieldError};
use minutebook_store as store;
use minutebook_usecases::agenda::items;
use minutebook_web::check::Check;
use minutebook_web::state::AppState;
use serde::Deserialize;

fn new_item(f: &ItemForm) -> Result<items::NewItem, Vec<FieldError>> {
    let mut c = Check::new();
    let title = c.required("title", some(&f.title), 500);
    let kind = if f.kind.is_empty() {
        "report"
    } else {
        f.kind.as_str()
    };
    let kind = c.one_of("kind", kind, ITEM_KINDS);
    let restricted = if f.restricted == "yes" {
        let p = f
            .paragraph
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|p| (1..=7).contains(p));
        if p.is_none() {
            c.add("paragraph", "choose the Schedule 12A paragraph (1 to 7)");
        }
        Some((p, None))
    } else {
        None
    };
    let new = items::NewItem {
        title,
        kind,
        parent_id: (!f.parent.is_empty()).then(|| f.parent.clone()),
        position: None,
        restricted,
        public_summary: c.text("public_summary", some(&f.public_summary), 20_000),
        presenter: c.text("presenter", some(&f.presenter), 300),
        minutes: None,
    };
    match c.finish() {
        Ok(()) => Ok(new),
        Err(AppError::Validation(e)) => Err(e),
        Err(_) => Err(Vec::new()),
    }
}

/// `POST /desk/meetings/{id}/items`: adds an item at the end.
#[post("/desk/meetings/{id}/items")]
pub async fn add_item(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    form: web::Form<ItemForm>,
) -> HttpResponse {
    let form = form.into_inner();
    let (s, id) = match clerk_form_for(&state, &req, &form.csrf, &path, "meeting").await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let new = match new_item(&form) {
        Ok(n) => n,
        Err(errors) => {
            return show(
                &state,
                &s,
                id,
                StatusCode::UNPROCESSABLE_ENTITY,
                form,
                errors,
                None,
            )
            .await
        }
    };
    let actor = s.actor();
    let meeting = id.clone();
    match state
        .write(move |conn| items::add(conn, &actor, &meeting, new))
        .await
    {
        Ok(_) => see_other(format!("/desk/meetings/{id}?done=added#items")),
        Err(AppError::Conflict(m)) => {
            let errors = vec![FieldError::new("title", m)];
            show(&state, &s, id, StatusCode::CONFLICT, form, errors, None).await
        }
        Err(e) => error_page(&e),
    }
}

/// The meeting an item is on, for the answer's address.
fn meeting_of(conn: &mut minutebook_ground::db::DbConn, item: &str) -> AppResult<String> {
    Ok(store::items::get(conn, item)?.meeting_id)
}

/// `POST /desk/items/{id}/move`: one place up or down.
#[post("/desk/items/{id}/move")]
pub async fn move_item(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    form: web::Form<VersionForm>,
) -> HttpResponse {
    let form = form.into_inner();
    let (s, id) = match clerk_form_for(&state, &req, &form.csrf, &path, "item").await {
        Ok(v) => v,
        Err(r) => return r,
    };
    enum Move {
        By(i64),
        To(i64),
    }
    let how = match form.direction.as_str() {
        "up" => Move::By(-1),
        "down" => Move::By(1),
        "to" => match form.position.trim().parse::<i64>() {
            Ok(p) if p >= 1 => Move::To(p),
            _ => return error_page(&AppError::field("position", "must be a place from 1")),
        },
        _ => {
            return error_page(&AppError::BadRequest(
                "direction must be up, down or to".into(),
            ))
        }
    };
    let actor = s.actor();
    let if_match = if_match(&form.version);
    let json = super::room::wants_json(&req);
    let result = state
        .write(move |conn| {
            let item = store::items::get(conn, &id)?;
            let to = match how {
                Move::By(step) => (i64::from(item.position) + step).max(1),
                Move::To(p) => p,
            };
            items::change(
                conn,
                &actor,
                &id,
                &if_match,
                items::ItemChange {
                    title: None,
                    kind: None,
                    position: Some(to),
                    restricted: None,
                    public_summary: None,
                    presenter: None,
                    minutes: None,
                },
            )?;
            meeting_of(conn, &id)
        })
        .await;
    match result {
        Ok(_) if json => HttpResponse::Ok()
            .insert_header(("Cache-Control", "no-store"))
            .json(serde_json::json!({"moved": true})),
        Ok(m) => see_other(format!("/desk/meetings/{m}?done=moved#items")),
        Err(e) => error_page(&e),
    }
}

/// `POST /desk/items/{id}/withdraw`: takes an item off the agenda.
#[post("/desk/items/{id}/withdraw")]
pub async fn withdraw_item(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    form: web::Form<VersionForm>,
) -> HttpResponse {
    let form = form.into_inner();
    let (s, id) = match clerk_form_for(&state, &req, &form.csrf, &path, "item").await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let actor = s.actor();
    let if_match = if_match(&form.version);
    let result = state
        .write(move |conn| {
            let m = meeting_of(conn, &id)?;
            items::withdraw(conn, &actor, &id, &if_match)?;
            Ok(m)
        })
        .await;
    match result {
        Ok(m) => see_other(format!("/desk/meetings/{m}?done=withdrawn#items")),
        Err(e) => error_page(&e),
    }
}

#[derive(Deserialize)]
pub struct EditForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    version: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    presenter: String,
}

/// `POST /desk/items/{id}/edit`: an item's (or part's) title, kind and
/// presenter, against the version the form showed.
#[post("/desk/items/{id}/edit")]
pub async fn edit_item(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    form: web::Form<EditForm>,
) -> HttpResponse {
    let form = form.into_inner();
    let (s, id) = match clerk_form_for(&state, &req, &form.csrf, &path, "item").await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let mut c = Check::new();
    let field = |name: &str| format!("{id}-edit-{name}");
    let title = c.required(&field("title"), some(&form.title), 500);
    let kind = c.one_of(&field("kind"), &form.kind, ITEM_KINDS);
    let presenter = c.text(&field("presenter"), some(&form.presenter), 300);
    let checked = c.finish();
    let actor = s.actor();
    let expected = if_match(&form.version);
    let target = id.clone();
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
                        items::ItemChange {
                            title: Some(title),
                            kind: Some(kind),
                            position: None,
                            restricted: None,
                            public_summary: None,
                            presenter: Some(presenter),
                            minutes: None,
                        },
                    )?;
                    meeting_of(conn, &target)
                })
                .await
        }
    };
    match result {
        Ok(m) => see_other(format!("/desk/meetings/{m}?done=changed#items")),
        Err(
            e @ (AppError::Validation(_) | AppError::Conflict(_) | AppError::PreconditionFailed(_)),
        ) => {
            let errors = match e {
                AppError::Validation(errors) => errors,
                AppError::PreconditionFailed(_) => vec![FieldError::new(
                    field("title"),
                    "someone changed this item since you opened the page: look again and repeat your change",
                )],
                e => vec![FieldError::new(field("title"), e.problem().detail)],
            };
            let found = id.clone();
            match state.db(move |conn| meeting_of(conn, &found)).await {
                Ok(m) => {
                    show(
                        &state,
                        &s,
                        m,
                        StatusCode::UNPROCESSABLE_ENTITY,
                        ItemForm::default(),
                        errors,
                        None,
                    )
                    .await
                }
                Err(e) => error_page(&e),
            }
        }
        Err(e) => error_page(&e),
    }
}

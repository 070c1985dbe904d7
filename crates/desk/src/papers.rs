//! Papers on the agenda, from the desk: a file uploaded to an item (the
//! same reading, storing and rules as the API's upload), shown with its
//! type and size; a paper removed while the agenda may change.

use super::page::{clerk, clerk_form_for, id, if_match, see_other};
use super::session::{check_form, same_origin};
use super::{error_page, message};
use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{post, web, HttpRequest, HttpResponse};
use minutebook_ground::error::AppError;
use minutebook_store as store;
use minutebook_usecases::agenda::items::item_and_meeting;
use minutebook_usecases::agenda::papers;
use minutebook_web::state::AppState;
use minutebook_web::uploads;
use serde::Deserialize;

/// `POST /desk/items/{id}/papers` (multipart: `csrf`, `file`, optional
/// `title`, `restricted`): the session and the form's site are checked
/// before a byte of the file is read, the session's token once it is.
#[post("/desk/items/{id}/papers")]
pub async fn upload_paper(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    form: Multipart,
) -> HttpResponse {
    let s = match clerk(&state, &req).await {
        Ok(s) => s,
        Err(r) => return r,
    };
    if let Err(e) = same_origin(&req) {
        return error_page(&e);
    }
    let item = match id(&path, "item") {
        Ok(id) => id,
        Err(r) => return r,
    };
    let found = item.clone();
    let meeting = match state
        .db(move |conn| item_and_meeting(conn, &found).map(|(_, m)| m))
        .await
    {
        Ok(m) => m,
        Err(e) => return error_page(&e),
    };
    if let Err(e) = papers::ensure_papers_editable(&meeting) {
        return error_page(&e);
    }
    let got = match uploads::receive(&state, form, &["csrf"]).await {
        Ok(g) => g,
        Err(e) => return refused(&e),
    };
    let csrf = got.fields.get("csrf").cloned().unwrap_or_default();
    if let Err(e) = check_form(&req, &s, &csrf) {
        let _ = std::fs::remove_file(&got.temp);
        return error_page(&e);
    }
    match uploads::store_paper(&state, s.actor(), item.clone(), got).await {
        Ok(_) => see_other(format!(
            "/desk/meetings/{}?done=paper#item-{item}",
            meeting.id
        )),
        Err(e) => refused(&e),
    }
}

/// A refused upload, said plainly (the file is not kept).
fn refused(e: &AppError) -> HttpResponse {
    match e {
        AppError::Validation(errors) => {
            let text: Vec<String> = errors
                .iter()
                .map(|f| format!("{}: {}", f.field, f.message))
                .collect();
            message(
                StatusCode::UNPROCESSABLE_ENTITY,
                "The paper was not added",
                &text.join("; "),
            )
        }
        e => error_page(e),
    }
}

#[derive(Deserialize)]
pub struct RemoveForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    version: String,
}

/// `POST /desk/papers/{id}/remove`
#[post("/desk/papers/{id}/remove")]
pub async fn remove_paper(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    form: web::Form<RemoveForm>,
) -> HttpResponse {
    let form = form.into_inner();
    let (s, paper) = match clerk_form_for(&state, &req, &form.csrf, &path, "document").await {
        Ok(v) => v,
        Err(r) => return r,
    };
    let actor = s.actor();
    let expected = if_match(&form.version);
    let result = state
        .write(move |conn| {
            let row = store::documents::get(conn, &paper)?;
            let meeting = store::items::get(conn, &row.item_id)?.meeting_id;
            papers::remove(conn, &actor, &paper, &expected)?;
            Ok(meeting)
        })
        .await;
    match result {
        Ok(m) => see_other(format!("/desk/meetings/{m}?done=paper-removed#items")),
        Err(e) => error_page(&e),
    }
}

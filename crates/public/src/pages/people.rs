//! Councillors in public: `/people/{id}/photo`.

use actix_web::{get, web as aw, HttpRequest, HttpResponse};
use minutebook_domain::visibility::Viewer;
use minutebook_store::{self as store, parse_id};
use minutebook_web::published::{self as web, Policy};
use minutebook_web::state::AppState;

/// `/people/{id}/photo`: a person's photo, for anyone who may know of them,
/// served as papers are (`nosniff`, no script, its own ETag).
#[get("/people/{id}/photo")]
pub async fn photo(
    state: aw::Data<AppState>,
    req: HttpRequest,
    path: aw::Path<String>,
) -> HttpResponse {
    let result = match parse_id(&path, "person") {
        Ok(id) => {
            state
                .db(move |conn| {
                    store::people::get_for(conn, &id, Viewer::Public)?;
                    store::councillors::get_photo(conn, &id)
                })
                .await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(p) => web::cached(&req, &p.content_type, p.bytes, Policy::ASSET),
        Err(e) => web::error_page(&e, Policy::ASSET),
    }
}

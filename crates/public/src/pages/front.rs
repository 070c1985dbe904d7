//! `/`: the front page.

use super::{meeting_link, BodyLink, Crumb, MeetingLink, UPCOMING};
use actix_web::{get, web as aw, HttpRequest, HttpResponse};
use chrono::Utc;
use minutebook_domain::time::start_of_today;
use minutebook_store::bodies::BodyRow;
use minutebook_store::public_lists::{self as data, MeetingList};
use minutebook_web::published::{self as web, SITE_NAME};
use minutebook_web::state::AppState;
use serde::Serialize;

#[derive(Serialize)]
struct HomePage {
    site: &'static str,
    title: String,
    crumbs: Vec<Crumb>,
    q: String,
    bodies: Vec<BodyLink>,
    upcoming: Vec<MeetingLink>,
}

/// `/`: the bodies, and the next meetings of all of them.
#[get("/")]
pub async fn home(state: aw::Data<AppState>, req: HttpRequest) -> HttpResponse {
    let result = state
        .db(|conn| {
            let bodies = data::bodies(conn)?;
            let upcoming = data::meetings(
                conn,
                &MeetingList {
                    from: Some(start_of_today(Utc::now())),
                    limit: UPCOMING,
                    ..Default::default()
                },
            )?;
            Ok((bodies, upcoming))
        })
        .await
        .and_then(|(bodies, upcoming)| {
            let by_id: std::collections::HashMap<&str, &BodyRow> =
                bodies.iter().map(|b| (b.id.as_str(), b)).collect();
            web::render(
                "home.html",
                HomePage {
                    site: SITE_NAME,
                    title: SITE_NAME.into(),
                    crumbs: Vec::new(),
                    q: String::new(),
                    upcoming: upcoming
                        .iter()
                        .map(|m| meeting_link(m, by_id.get(m.body_id.as_str()).copied(), ""))
                        .collect(),
                    bodies: bodies.iter().map(BodyLink::from).collect(),
                },
            )
        });
    web::page(&req, result)
}

//! `/bodies/{slug}` (a body's meetings by municipal year) and
//! `/bodies/{slug}/embed` (its upcoming meetings, for framing).

use super::{crumbs, meeting_link, year_label, year_of, BodyLink, Crumb, MeetingLink, UPCOMING};
use crate::domain::time::start_of_today;
use crate::error::AppResult;
use crate::public::data::{self, MeetingList};
use crate::public::web::{self, Policy, SITE_NAME};
use crate::state::AppState;
use crate::store::bodies::BodyRow;
use crate::store::meetings::MeetingRow;
use actix_web::{get, web as aw, HttpRequest, HttpResponse};
use chrono::Utc;
use serde::Serialize;

#[derive(Serialize)]
struct YearGroup {
    label: String,
    meetings: Vec<MeetingLink>,
}

#[derive(Serialize)]
struct BodyPage {
    site: &'static str,
    title: String,
    crumbs: Vec<Crumb>,
    q: String,
    body: BodyLink,
    upcoming: Vec<MeetingLink>,
    years: Vec<YearGroup>,
    calendar_url: String,
    feed_url: String,
    embed_url: String,
    public_url: String,
}

fn load_body(
    state: &AppState,
    slug: String,
) -> impl std::future::Future<Output = AppResult<(BodyRow, Vec<MeetingRow>)>> + '_ {
    state.db(move |conn| {
        let body = data::body(conn, &slug)?;
        let meetings = data::meetings(
            conn,
            &MeetingList {
                body_id: Some(body.id.clone()),
                ..Default::default()
            },
        )?;
        Ok((body, meetings))
    })
}

/// `/bodies/{slug}`: upcoming meetings, then past meetings by municipal year.
#[get("/bodies/{slug}")]
pub async fn body_page(
    state: aw::Data<AppState>,
    req: HttpRequest,
    path: aw::Path<String>,
) -> HttpResponse {
    let public_url = state.settings.public_url.clone();
    let result = load_body(&state, path.into_inner())
        .await
        .and_then(|(body, meetings)| {
            let today = start_of_today(Utc::now());
            let (upcoming, mut past): (Vec<&MeetingRow>, Vec<&MeetingRow>) =
                meetings.iter().partition(|m| m.starts_at >= today);
            past.reverse();
            let mut years: Vec<YearGroup> = Vec::new();
            for m in past {
                let label = year_label(
                    year_of(m.starts_at.and_utc(), body.year_start_month),
                    body.year_start_month,
                );
                let link = meeting_link(m, Some(&body), "");
                match years.last_mut() {
                    Some(g) if g.label == label => g.meetings.push(link),
                    _ => years.push(YearGroup {
                        label,
                        meetings: vec![link],
                    }),
                }
            }
            web::render(
                "body.html",
                BodyPage {
                    site: SITE_NAME,
                    title: body.name.clone(),
                    crumbs: crumbs(&[("Home", Some("/".into())), (&body.name, None)]),
                    q: String::new(),
                    upcoming: upcoming
                        .into_iter()
                        .map(|m| meeting_link(m, Some(&body), ""))
                        .collect(),
                    years,
                    calendar_url: format!("/bodies/{}/meetings.ics", body.slug),
                    feed_url: format!("/bodies/{}/feed.atom", body.slug),
                    embed_url: format!("{public_url}/bodies/{}/embed", body.slug),
                    public_url: public_url.clone(),
                    body: BodyLink::from(&body),
                },
            )
        });
    web::page(&req, result)
}

#[derive(Serialize)]
struct EmbedPage {
    title: String,
    body: BodyLink,
    body_url: String,
    upcoming: Vec<MeetingLink>,
}

/// `/bodies/{slug}/embed`: the upcoming meetings of a body, to be framed
/// by a council's own site (`frame-ancestors *`); links open in the top
/// window.
#[get("/bodies/{slug}/embed")]
pub async fn embed(
    state: aw::Data<AppState>,
    req: HttpRequest,
    path: aw::Path<String>,
) -> HttpResponse {
    let public_url = state.settings.public_url.clone();
    let slug = path.into_inner();
    let result = state
        .db(move |conn| {
            let body = data::body(conn, &slug)?;
            let upcoming = data::meetings(
                conn,
                &MeetingList {
                    body_id: Some(body.id.clone()),
                    from: Some(start_of_today(Utc::now())),
                    limit: UPCOMING,
                    ..Default::default()
                },
            )?;
            Ok((body, upcoming))
        })
        .await
        .and_then(|(body, upcoming)| {
            web::render(
                "embed.html",
                EmbedPage {
                    title: format!("Upcoming meetings: {}", body.name),
                    body_url: format!("{public_url}/bodies/{}", body.slug),
                    upcoming: upcoming
                        .iter()
                        .map(|m| meeting_link(m, Some(&body), &public_url))
                        .collect(),
                    body: BodyLink::from(&body),
                },
            )
        });
    match result {
        Ok(html) => web::cached(&req, web::HTML, html, Policy::EMBED),
        Err(e) => web::error_page(&e, Policy::EMBED),
    }
}

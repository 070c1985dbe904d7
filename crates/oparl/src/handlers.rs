//! The OParl endpoints. Each list has a page loader that reads one page in
//! a fixed number of queries; a single object is read through its list's
//! loader (`Window::one`), so an object and its list never disagree about
//! what the public may see.

use super::objects::{self as o, Agenda, ItemRecords, MeetingParts, Urls, BODY_KEY};
use super::{page, respond, Keyed, ListParams, ListQuery};
use actix_web::{web, HttpRequest, HttpResponse};
use minutebook_ground::db::DbConn;
use minutebook_ground::error::{AppError, AppResult};
use minutebook_read::people::{today, Facts};
use minutebook_store::bodies::BodyRow;
use minutebook_store::items::ItemRow;
use minutebook_store::meetings::MeetingRow;
use minutebook_store::memberships::MembershipRow;
use minutebook_store::oparl_queries::{self as q, Window};
use minutebook_store::parse_id;
use minutebook_web::state::AppState;
use serde_json::Value;
use std::collections::HashMap;

/// What the OParl body and system are called: what the site calls itself.
fn site_name() -> &'static str {
    minutebook_web::published::SITE_NAME
}

fn urls(state: &AppState) -> Urls {
    Urls::new(&state.settings.public_url)
}

fn ids<T>(rows: &[T], f: impl Fn(&T) -> &str) -> Vec<String> {
    let mut v: Vec<String> = rows.iter().map(|r| f(r).to_string()).collect();
    v.sort();
    v.dedup();
    v
}

fn by_id<T>(rows: Vec<T>, f: impl Fn(&T) -> String) -> HashMap<String, T> {
    rows.into_iter().map(|r| (f(&r), r)).collect()
}

fn check_body(key: &str) -> AppResult<()> {
    if key == BODY_KEY {
        Ok(())
    } else {
        Err(AppError::NotFound("there is one body, `0`".into()))
    }
}

/// The first object of a one-object window, or 404.
fn single(rows: Vec<Keyed>, what: &str) -> AppResult<Value> {
    rows.into_iter()
        .find_map(|r| r.value)
        .ok_or_else(|| AppError::not_found(what))
}

/// A CORS preflight is answered for every OParl address (browsers send
/// one before a conditional request); another method on a known address
/// is `405`; anything else here is not found.
pub async fn fallback(req: HttpRequest) -> AppResult<HttpResponse> {
    use actix_web::http::{header, Method};
    if req.method() == Method::OPTIONS {
        return Ok(HttpResponse::NoContent()
            .insert_header((header::ACCESS_CONTROL_ALLOW_METHODS, "GET, HEAD, OPTIONS"))
            .insert_header((
                header::ACCESS_CONTROL_ALLOW_HEADERS,
                "If-None-Match, If-Modified-Since",
            ))
            .insert_header((header::ACCESS_CONTROL_MAX_AGE, "86400"))
            .finish());
    }
    if req.resource_map().has_resource(req.path()) {
        // A known address asked with another method: 405 with Allow.
        return Ok(minutebook_web::http_semantics::no_route(req).await);
    }
    Err(AppError::NotFound(
        "there is nothing at this address; start at /oparl/v1/system".into(),
    ))
}

// ------------------------------------------------------------ page loaders
//
// Each reads one page (the rows `w` selects) in a fixed number of queries.

pub fn organizations_page(conn: &mut DbConn, w: &Window, u: &Urls) -> AppResult<Vec<Keyed>> {
    let rows = q::organizations(conn, w)?;
    let memberships = q::memberships_of_bodies(conn, &ids(&rows, |b| &b.id))?;
    let mut of: HashMap<&str, Vec<&MembershipRow>> = HashMap::new();
    for m in &memberships {
        of.entry(m.body_id.as_str()).or_default().push(m);
    }
    let mut page: Vec<Keyed> = rows
        .iter()
        .map(|b| Keyed {
            created: b.created_at,
            key: b.id.clone(),
            value: Some(o::organization(
                u,
                b,
                of.get(b.id.as_str()).map(Vec::as_slice).unwrap_or(&[]),
            )),
        })
        .collect();
    // The political groups are organisations too: both lists are read in
    // the same (created, id) order and merged, so the keyset still holds.
    page.extend(q::parties(conn, w)?.iter().map(|p| Keyed {
        created: p.created_at,
        key: p.id.clone(),
        value: Some(o::party(u, p)),
    }));
    page.sort_by(|a, b| (a.created, &a.key).cmp(&(b.created, &b.key)));
    page.truncate(usize::try_from(w.fetch.max(1)).unwrap_or(usize::MAX));
    Ok(page)
}

pub fn people_page(conn: &mut DbConn, w: &Window, u: &Urls) -> AppResult<Vec<Keyed>> {
    let rows = q::people(conn, w)?;
    let people = ids(&rows, |p| &p.id);
    let memberships = q::memberships_of_people(conn, &people)?;
    let facts = Facts::load(conn, Some(&people))?;
    let today = today();
    let mut of: HashMap<&str, Vec<&MembershipRow>> = HashMap::new();
    for m in &memberships {
        of.entry(m.person_id.as_str()).or_default().push(m);
    }
    Ok(rows
        .iter()
        .map(|p| Keyed {
            created: p.created_at,
            key: p.id.clone(),
            value: Some(o::person(
                u,
                p,
                of.get(p.id.as_str()).map(Vec::as_slice).unwrap_or(&[]),
                &facts,
                today,
            )),
        })
        .collect())
}

pub fn memberships_page(conn: &mut DbConn, w: &Window, u: &Urls) -> AppResult<Vec<Keyed>> {
    let rows = q::memberships(conn, w)?;
    let facts = Facts::load(conn, Some(&ids(&rows, |m| &m.person_id)))?;
    let today = today();
    Ok(rows
        .iter()
        .map(|m| Keyed {
            created: m.created_at,
            key: m.id.clone(),
            value: Some(o::membership(u, m, o::on_behalf_of(u, m, &facts, today))),
        })
        .collect())
}

/// Items grouped by meeting, each group in agenda (position) order.
fn group_items(items: &[ItemRow]) -> HashMap<&str, Vec<&ItemRow>> {
    let mut of: HashMap<&str, Vec<&ItemRow>> = HashMap::new();
    for i in items {
        of.entry(i.meeting_id.as_str()).or_default().push(i);
    }
    of
}

/// Meetings are built this many at a time, so a page that reaches its
/// byte budget early (a meeting embeds its agenda items) does not build the
/// rest of the rows it read.
const MEETINGS_AT_A_TIME: usize = 8;

pub fn meetings_page(conn: &mut DbConn, w: &Window, u: &Urls) -> AppResult<Vec<Keyed>> {
    let rows = q::meetings(conn, w)?;
    let mut out = Vec::with_capacity(rows.len());
    let mut budget = super::PageBudget::default();
    for chunk in rows.chunks(MEETINGS_AT_A_TIME) {
        for (m, value) in chunk.iter().zip(build_meetings(conn, chunk, u)?) {
            let full = value.as_ref().is_some_and(|v| budget.overflows(v));
            out.push(Keyed {
                created: m.created_at,
                key: m.id.clone(),
                value,
            });
            if full {
                // `page` stops before this row too, and goes on from the
                // row before it; the rows after are not needed.
                return Ok(out);
            }
        }
    }
    Ok(out)
}

/// What is recorded against these items (outcomes, declarations, papers,
/// votes, published decisions and the matters they consider), in a fixed
/// number of queries.
fn item_records(conn: &mut DbConn, item_ids: &[String]) -> AppResult<ItemRecords> {
    use minutebook_store::decisions as fp;
    Ok(ItemRecords::new(
        q::outcomes_of(conn, item_ids)?,
        q::declarations_of(conn, item_ids)?,
        q::documents_of(conn, item_ids)?,
        minutebook_store::votes::for_items(conn, minutebook_store::items::ItemsOf::Ids(item_ids))?,
    )
    .with_decisions(
        fp::decisions_of_items(conn, item_ids)?,
        fp::published_entries_of_items(conn, item_ids)?,
    ))
}

/// The OParl objects of `rows`, in a fixed number of queries.
fn build_meetings(
    conn: &mut DbConn,
    rows: &[MeetingRow],
    u: &Urls,
) -> AppResult<Vec<Option<Value>>> {
    let meeting_ids = ids(rows, |m| &m.id);
    let bodies = by_id(q::bodies_by_ids(conn, &ids(rows, |m| &m.body_id))?, |b| {
        b.id.clone()
    });
    let items = q::items_of_meetings(conn, &meeting_ids)?;
    let item_ids = ids(&items, |i| &i.id);
    let records = item_records(conn, &item_ids)?;
    let attendance = q::attendance_of(conn, &meeting_ids)?;
    let published: HashMap<String, _> =
        minutebook_store::minutes_record::milestones_for(conn, &meeting_ids)?
            .into_iter()
            .filter_map(|ms| ms.published_at.map(|at| (ms.meeting_id, at)))
            .collect();
    let grouped = group_items(&items);
    let mut present: HashMap<&str, Vec<_>> = HashMap::new();
    for a in &attendance {
        present.entry(a.meeting_id.as_str()).or_default().push(a);
    }
    let none = Vec::new();
    Ok(rows
        .iter()
        .map(|m| {
            bodies.get(&m.body_id).and_then(|body| {
                let its = grouped.get(m.id.as_str()).unwrap_or(&none);
                let agenda = Agenda::new(its);
                let parts = MeetingParts {
                    meeting: m,
                    body,
                    agenda: &agenda,
                    records: &records,
                };
                let att = present.get(m.id.as_str()).map(Vec::as_slice).unwrap_or(&[]);
                o::meeting(u, &parts, att, published.get(&m.id).copied())
            })
        })
        .collect())
}

/// Matters of the forward plan as papers, with the agenda items that
/// considered them and their decisions, in a fixed number of queries.
pub fn papers_page(conn: &mut DbConn, w: &Window, u: &Urls) -> AppResult<Vec<Keyed>> {
    use minutebook_store::decisions as fp;
    let rows = q::papers(conn, w)?;
    let entry_ids = ids(&rows, |e| &e.id);
    let links = fp::items_of_entries(conn, &entry_ids)?;
    let items = by_id(
        q::items_by_ids(conn, &ids(&links, |l| &l.1))?,
        |i: &ItemRow| i.id.clone(),
    );
    let meetings = by_id(
        q::meetings_by_ids(
            conn,
            &ids(&items.values().collect::<Vec<_>>(), |i| &i.meeting_id),
        )?,
        |m| m.id.clone(),
    );
    let bodies = by_id(
        q::bodies_by_ids(
            conn,
            &ids(&meetings.values().collect::<Vec<_>>(), |m| &m.body_id),
        )?,
        |b| b.id.clone(),
    );
    let decisions = fp::decisions_of_entries(conn, &entry_ids)?;
    Ok(rows
        .iter()
        .map(|e| {
            let considered: Vec<o::Considered<'_>> = links
                .iter()
                .filter(|l| l.0 == e.id)
                .filter_map(|(_, item_id, at)| {
                    let item = items.get(item_id)?;
                    let meeting = meetings.get(&item.meeting_id)?;
                    let body = bodies.get(&meeting.body_id)?;
                    Some(o::Considered {
                        item,
                        meeting,
                        body,
                        linked_at: *at,
                    })
                })
                .collect();
            let ds: Vec<_> = decisions
                .iter()
                .filter(|d| d.entry_id.as_deref() == Some(e.id.as_str()))
                .collect();
            Keyed {
                created: e.created_at,
                key: e.id.clone(),
                value: o::paper(u, e, &considered, &ds),
            }
        })
        .collect())
}

pub fn agenda_items_page(conn: &mut DbConn, w: &Window, u: &Urls) -> AppResult<Vec<Keyed>> {
    let rows = q::agenda_items(conn, w)?;
    let meetings = by_id(
        q::meetings_by_ids(conn, &ids(&rows, |i| &i.meeting_id))?,
        |m| m.id.clone(),
    );
    let bodies = by_id(
        q::bodies_by_ids(
            conn,
            &ids(&meetings.values().collect::<Vec<_>>(), |m| &m.body_id),
        )?,
        |b| b.id.clone(),
    );
    // Every item of those meetings: the order and parts need them all.
    let all = q::items_of_meetings(conn, &ids(&rows, |i| &i.meeting_id))?;
    let page_ids = ids(&rows, |i| &i.id);
    let records = item_records(conn, &page_ids)?;
    let grouped = group_items(&all);
    let agendas: HashMap<&str, Agenda<'_>> =
        grouped.iter().map(|(k, v)| (*k, Agenda::new(v))).collect();
    Ok(rows
        .iter()
        .map(|row| {
            let value = (|| {
                let m = meetings.get(&row.meeting_id)?;
                let body = bodies.get(&m.body_id)?;
                let agenda = agendas.get(m.id.as_str())?;
                let item = *agenda.rows.get(row.id.as_str())?;
                let parts = MeetingParts {
                    meeting: m,
                    body,
                    agenda,
                    records: &records,
                };
                o::agenda_item(u, &parts, item)
            })();
            Keyed {
                created: row.created_at,
                key: row.id.clone(),
                value,
            }
        })
        .collect())
}

pub fn files_page(conn: &mut DbConn, w: &Window, u: &Urls) -> AppResult<Vec<Keyed>> {
    let docs = q::files(conn, w)?;
    let mut items = by_id(q::items_by_ids(conn, &ids(&docs, |d| &d.item_id))?, |i| {
        i.id.clone()
    });
    let parent_ids: Vec<String> = items
        .values()
        .filter_map(|i| i.parent_id.clone())
        .filter(|p| !items.contains_key(p))
        .collect();
    for p in q::items_by_ids(conn, &parent_ids)? {
        items.insert(p.id.clone(), p);
    }
    let meetings = by_id(
        q::meetings_by_ids(
            conn,
            &ids(&items.values().collect::<Vec<_>>(), |i| &i.meeting_id),
        )?,
        |m| m.id.clone(),
    );
    let bodies = by_id(
        q::bodies_by_ids(
            conn,
            &ids(&meetings.values().collect::<Vec<_>>(), |m| &m.body_id),
        )?,
        |b| b.id.clone(),
    );
    Ok(docs
        .iter()
        .map(|d| {
            let value = (|| {
                let item = items.get(&d.item_id)?;
                let parent = item.parent_id.as_ref().and_then(|p| items.get(p));
                let m = meetings.get(&item.meeting_id)?;
                let body = bodies.get(&m.body_id)?;
                o::file(u, d, item, parent, m, body)
            })();
            Keyed {
                created: d.created_at,
                key: d.id.clone(),
                value,
            }
        })
        .collect())
}

pub fn locations_page(conn: &mut DbConn, w: &Window, u: &Urls) -> AppResult<Vec<Keyed>> {
    let rows: Vec<MeetingRow> = q::locations(conn, w)?;
    let bodies: HashMap<String, BodyRow> =
        by_id(q::bodies_by_ids(conn, &ids(&rows, |m| &m.body_id))?, |b| {
            b.id.clone()
        });
    Ok(rows
        .iter()
        .map(|m| Keyed {
            created: m.created_at,
            key: m.id.clone(),
            value: bodies.get(&m.body_id).and_then(|b| o::location(u, m, b)),
        })
        .collect())
}

/// The legislative terms in list order, filtered and windowed in memory
/// (there is one per numbering year).
pub fn terms_page(conn: &mut DbConn, w: &Window, u: &Urls) -> AppResult<Vec<Keyed>> {
    let terms = o::terms(&q::numbered_years(conn)?);
    Ok(terms
        .iter()
        .filter(|t| in_window(w, t.created, t.modified, &t.key()))
        .take(w.fetch.max(1) as usize)
        .map(|t| Keyed {
            created: t.created,
            key: t.key(),
            value: Some(o::legislative_term(u, t)),
        })
        .collect())
}

/// The window's filters, for objects filtered in memory.
fn in_window(
    w: &Window,
    created: chrono::NaiveDateTime,
    modified: chrono::NaiveDateTime,
    key: &str,
) -> bool {
    w.created_since.is_none_or(|t| created >= t)
        && w.created_until.is_none_or(|t| created <= t)
        && w.modified_since.is_none_or(|t| modified >= t)
        && w.modified_until.is_none_or(|t| modified <= t)
        && w.only.as_deref().is_none_or(|k| k == key)
        && w.after
            .as_ref()
            .is_none_or(|(at, k)| (created, key) > (*at, k.as_str()))
}

fn body_value(conn: &mut DbConn, u: &Urls) -> AppResult<Value> {
    let span = q::bodies_span(conn)?;
    let terms = o::terms(&q::numbered_years(conn)?);
    Ok(o::body(u, site_name(), span, &terms))
}

// ------------------------------------------------------------------ handlers

/// A page loader: the rows a window selects, as the public sees them.
pub type Loader = fn(&mut DbConn, &Window, &Urls) -> AppResult<Vec<Keyed>>;

/// Serves one page of a list.
async fn list(
    state: &AppState,
    req: &HttpRequest,
    query: &ListQuery,
    base: String,
    loader: Loader,
    body_id: Option<String>,
) -> AppResult<HttpResponse> {
    let mut params: ListParams = query.parse()?;
    params.window.body_id = body_id;
    let u = urls(state);
    let w = params.window.clone();
    let rows = state.db(move |conn| loader(conn, &w, &u)).await?;
    respond(req, &page(&base, &params, rows))
}

/// Serves one object through its list's loader.
async fn one(
    state: &AppState,
    req: &HttpRequest,
    id: String,
    what: &'static str,
    loader: Loader,
) -> AppResult<HttpResponse> {
    let u = urls(state);
    let v = state
        .db(move |conn| single(loader(conn, &Window::one(&id), &u)?, what))
        .await?;
    respond(req, &v)
}

pub async fn system(state: web::Data<AppState>, req: HttpRequest) -> AppResult<HttpResponse> {
    let u = urls(&state);
    let (created, _) = state.db(q::bodies_span).await?;
    respond(&req, &o::system(&u, site_name(), created))
}

pub async fn bodies(
    state: web::Data<AppState>,
    req: HttpRequest,
    query: web::Query<ListQuery>,
) -> AppResult<HttpResponse> {
    let params = query.parse()?;
    let u = urls(&state);
    let w = params.window.clone();
    let value = state.db(move |conn| body_value(conn, &u)).await?;
    let keep = match o::body_stamps(&value) {
        Some((c, m)) => in_window(&w, c, m, BODY_KEY),
        None => {
            w.created_since.is_none()
                && w.created_until.is_none()
                && w.modified_since.is_none()
                && w.modified_until.is_none()
                && w.after.is_none()
        }
    };
    let rows = if keep {
        let created = o::body_stamps(&value).map(|s| s.0).unwrap_or_default();
        vec![Keyed {
            created,
            key: BODY_KEY.into(),
            value: Some(value),
        }]
    } else {
        Vec::new()
    };
    respond(&req, &page(&urls(&state).bodies(), &params, rows))
}

pub async fn body(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    check_body(&path)?;
    let u = urls(&state);
    let value = state.db(move |conn| body_value(conn, &u)).await?;
    respond(&req, &value)
}

macro_rules! body_list {
    ($name:ident, $list:literal, $loader:ident) => {
        pub async fn $name(
            state: web::Data<AppState>,
            req: HttpRequest,
            path: web::Path<String>,
            query: web::Query<ListQuery>,
        ) -> AppResult<HttpResponse> {
            check_body(&path)?;
            let base = urls(&state).body_list($list);
            list(&state, &req, &query, base, $loader, None).await
        }
    };
}

body_list!(organizations, "organizations", organizations_page);
body_list!(people, "people", people_page);
body_list!(memberships, "memberships", memberships_page);
body_list!(meetings, "meetings", meetings_page);
body_list!(agenda_items, "agenda-items", agenda_items_page);
body_list!(files, "files", files_page);
body_list!(locations, "locations", locations_page);
body_list!(legislative_terms, "legislative-terms", terms_page);

body_list!(papers, "papers", papers_page);

/// One consultation: read through its paper.
pub async fn consultation(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
) -> AppResult<HttpResponse> {
    let (paper, item) = path.into_inner();
    let paper = parse_id(&paper, "paper")?;
    let item = parse_id(&item, "consultation")?;
    let u = urls(&state);
    let want = u.consultation(&paper, &item);
    let value = state
        .db(move |conn| single(papers_page(conn, &Window::one(&paper), &u)?, "paper"))
        .await?;
    let found = value
        .get("consultation")
        .and_then(Value::as_array)
        .and_then(|cs| cs.iter().find(|c| c["id"] == want.as_str()).cloned())
        .ok_or_else(|| AppError::not_found("consultation"))?;
    respond(&req, &found)
}

macro_rules! single_object {
    ($name:ident, $what:literal, $loader:ident) => {
        pub async fn $name(
            state: web::Data<AppState>,
            req: HttpRequest,
            path: web::Path<String>,
        ) -> AppResult<HttpResponse> {
            let id = parse_id(&path, $what)?;
            one(&state, &req, id, $what, $loader).await
        }
    };
}

single_object!(organization, "organization", organizations_page);
single_object!(person, "person", people_page);
single_object!(membership, "membership", memberships_page);
single_object!(meeting, "meeting", meetings_page);
single_object!(agenda_item, "agenda item", agenda_items_page);
single_object!(file, "file", files_page);
single_object!(location, "location", locations_page);
single_object!(paper, "paper", papers_page);

/// An organisation's meetings: the meetings list of one body.
pub async fn organization_meetings(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    query: web::Query<ListQuery>,
) -> AppResult<HttpResponse> {
    let id = parse_id(&path, "organization")?;
    let u = urls(&state);
    let check = id.clone();
    state
        .db(move |conn| {
            single(
                organizations_page(conn, &Window::one(&check), &u)?,
                "organization",
            )
        })
        .await?;
    let base = urls(&state).organization_meetings(&id);
    list(&state, &req, &query, base, meetings_page, Some(id)).await
}

/// A file of a meeting (its published agenda or minutes), read from the
/// meeting it belongs to.
async fn meeting_file(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
    field: &'static str,
) -> AppResult<HttpResponse> {
    let id = parse_id(&path, "file")?;
    let u = urls(&state);
    let v = state
        .db(move |conn| {
            let m = single(meetings_page(conn, &Window::one(&id), &u)?, "file")?;
            m.get(field)
                .cloned()
                .ok_or_else(|| AppError::not_found("file"))
        })
        .await?;
    respond(&req, &v)
}

pub async fn invitation(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    meeting_file(state, req, path, "invitation").await
}

pub async fn results_protocol(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    meeting_file(state, req, path, "resultsProtocol").await
}

pub async fn legislative_term(
    state: web::Data<AppState>,
    req: HttpRequest,
    path: web::Path<String>,
) -> AppResult<HttpResponse> {
    let key = path.into_inner();
    if o::parse_term_key(&key).is_none() {
        return Err(AppError::not_found("legislative term"));
    }
    one(&state, &req, key, "legislative term", terms_page).await
}

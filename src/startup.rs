//! Builds the application: binds the listener first (port 0 in tests), then
//! registers every route in one place.

use crate::api;
use crate::config::Settings;
use crate::error::AppError;
use crate::http_semantics;
use crate::state::{read_route, AppState};
use actix_web::dev::{Server, Service, ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::{web, App, HttpServer};
use std::future::Future;
use std::net::TcpListener;
use std::sync::Arc;
use tracing::Instrument;

pub struct Application {
    port: u16,
    server: Server,
    pub state: AppState,
}

impl Application {
    pub fn build(mut settings: Settings) -> anyhow::Result<Application> {
        std::fs::create_dir_all(&settings.data_dir)?;
        let pool = crate::db::connect_with(
            &settings.database_url,
            settings.pool_size,
            crate::db::READER_SETUP,
        )?;
        let writer = crate::db::writer::Writer::new(&settings.database_url, &pool)?;
        let listener = TcpListener::bind(&settings.bind)?;
        let port = listener.local_addr()?.port();
        // Bound to port 0 (tests): links must name the real port.
        if let Some(base) = settings.public_url.strip_suffix(":0") {
            settings.public_url = format!("{base}:{port}");
        }
        let replica = match &settings.replica_url {
            Some(url) => Some(crate::db::replica::connect(url, settings.pool_size)?),
            None => None,
        };
        let documents = crate::store::blobs::DocumentStore::open(
            &settings.data_dir,
            settings.document_store.as_deref(),
        )?;
        // What a read builds is kept in the database too, by one thread.
        let (responses, to_keep) =
            crate::read::response_cache::ResponseCache::new(settings.response_cache_mb)
                .with_keeper();
        crate::kept_documents::spawn_keeper(writer.pool().clone(), to_keep)?;
        let state = AppState {
            pool,
            limits: Arc::new(crate::limits::Limits::new(&settings.limits)),
            responses: Arc::new(responses),
            replica,
            documents,
            writer,
            settings: Arc::new(settings),
        };
        let server = run(listener, state.clone())?;
        let transport = crate::mail::Transport::from_settings(&state.settings)?;
        // The background workers write: they use the writers' pool.
        let writers = state.writer.pool().clone();
        crate::jobs::spawn(
            writers.clone(),
            state.pool.clone(),
            transport,
            state.settings.clone(),
            state.documents.clone(),
        );
        crate::webhooks::worker::spawn(writers, state.settings.clone())?;
        Ok(Application {
            port,
            server,
            state,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

/// HEAD as GET, 405 with Allow, nosniff, framing (see http_semantics)
/// around one request.
fn with_http_semantics<S, B>(
    mut req: ServiceRequest,
    srv: &S,
) -> impl Future<Output = Result<ServiceResponse<B>, actix_web::Error>>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error>,
{
    http_semantics::before(&mut req);
    let fut = srv.call(req);
    async move {
        let mut res = fut.await?;
        http_semantics::after(&mut res);
        Ok(res)
    }
}

/// One tracing span per request: what ran, for whom, how it ended (and
/// the answer counted in the metrics).
fn traced<S, B>(
    req: ServiceRequest,
    srv: &S,
    m: web::Data<api::ops::Metrics>,
) -> impl Future<Output = Result<ServiceResponse<B>, actix_web::Error>>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error>,
{
    let span = tracing::info_span!(
        "request",
        method = %req.method(),
        path = %req.path(),
        status = tracing::field::Empty,
        ms = tracing::field::Empty,
    );
    let started = std::time::Instant::now();
    // Public reads may go to the replica (see state::read_route).
    let public = read_route::is_public_read(req.method(), req.path(), req.headers());
    let fut = read_route::scope(public, read_route::start(public, || srv.call(req)));
    async move {
        let res = fut.await?;
        let status = res.status().as_u16();
        m.record(status);
        let span = tracing::Span::current();
        span.record("status", status);
        span.record("ms", started.elapsed().as_secs_f64() * 1000.0);
        tracing::debug!("answered");
        Ok(res)
    }
    .instrument(span)
}

fn run(listener: TcpListener, state: AppState) -> anyhow::Result<Server> {
    let blocking_threads = state.settings.blocking_threads();
    let data = web::Data::new(state);
    // Built once here: utoipa's generated code is deep, and a debug build
    // would overflow an actix worker's stack if each worker built it.
    let openapi = web::Data::new(api::ops::OpenApiDoc(api::ops::build_openapi(vec![
        <crate::mgws::MgwsDoc as utoipa::OpenApi>::openapi(),
    ])));
    let allow = web::Data::new(http_semantics::AllowTable::new(
        &openapi.0,
        ANSWERING_MORE_THAN_GET,
    ));
    let metrics = web::Data::new(api::ops::Metrics::default());
    let search_gate = web::Data::new(crate::search::gate::SearchGate::for_pool(
        data.settings.pool_size,
    ));
    // Reports packs built recently (bounded; see render::pdf::pack).
    let packs = web::Data::new(crate::render::pdf::pack::PackCache::default());
    // Connections per client address (see web::connections) and in all.
    let connections = minutebook_web::connections::ConnectionCounter::new(
        data.settings.limits.max_connections_per_client,
    );
    let workers = std::thread::available_parallelism().map_or(1, usize::from);
    let per_worker = (data.settings.limits.max_connections / workers).max(1);
    let server = HttpServer::new(move || {
        let m = metrics.clone();
        App::new()
            .app_data(data.clone())
            .app_data(metrics.clone())
            .app_data(search_gate.clone())
            .app_data(openapi.clone())
            .app_data(allow.clone())
            .app_data(packs.clone())
            .app_data(web::PayloadConfig::new(1024 * 1024))
            // Idempotency-Key on POST (innermost, so HTTP semantics apply to replays too).
            .wrap(actix_web::middleware::from_fn(crate::idempotency::guard))
            // Outside it: a write's caller is known before its body is read,
            // a body that stops arriving is cut off, a NUL in the address is 400.
            .wrap(actix_web::middleware::from_fn(
                api::caller::authenticate_writes,
            ))
            .wrap(actix_web::middleware::from_fn(
                minutebook_web::body_deadline::guard,
            ))
            .wrap(actix_web::middleware::from_fn(http_semantics::refuse_nul))
            .wrap(actix_web::middleware::from_fn(
                minutebook_web::connections::guard,
            ))
            .wrap_fn(with_http_semantics)
            .wrap_fn(move |req, srv| traced(req, srv, m.clone()))
            .app_data(web::QueryConfig::default().error_handler(|e, _| {
                AppError::BadRequest(format!("the query string is not valid: {e}")).into()
            }))
            .app_data(
                web::PathConfig::default()
                    .error_handler(|e, _| AppError::NotFound(format!("not found: {e}")).into()),
            )
            .wrap(actix_web::middleware::Logger::new("%r %s %Dms").log_target("minutebook::http"))
            .configure(routes)
            .default_service(web::to(http_semantics::no_route))
    })
    .worker_max_blocking_threads(blocking_threads)
    .workers(workers)
    .max_connections(per_worker)
    .on_connect(move |conn, ext| {
        let peer = conn
            .downcast_ref::<actix_web::rt::net::TcpStream>()
            .and_then(|s| s.peer_addr().ok())
            .map(|a| a.ip());
        ext.insert(connections.open(peer));
    })
    .listen(listener)?
    .run();
    Ok(server)
}

/// Routes outside the OpenAPI description that answer more than `GET`
/// (for `Allow`; the description gives the API's own).
const ANSWERING_MORE_THAN_GET: &[(&str, &[Method])] =
    &[("/approvals/{token}", &[Method::GET, Method::POST])];

/// Every route, in one table. The router tries the routes in this order,
/// each with a pattern (a small regex for a path with parameters), until
/// one matches: the reads that crawlers and clients make most come first,
/// so they are found after a few tries, not after two hundred. No two
/// routes here match the same path and method, so the order changes
/// nothing else.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.configure(hot_and_operations)
        .configure(bodies_and_people)
        .configure(interests_and_decisions)
        .configure(public_people_desk_and_decisions)
        .configure(meetings_and_records)
        .configure(papers_minutes_and_admin)
        .configure(scrutiny)
        .configure(public_site_and_hooks)
        .configure(standards);
}

/// The reads made most (tried first), the clerk's commonest write (an
/// agenda item), health, metrics and the description.
fn hot_and_operations(cfg: &mut web::ServiceConfig) {
    cfg.service(api::ops::healthz)
        .service(api::meetings::read)
        .service(crate::public::pages::meeting_page)
        .service(api::items::create)
        .service(api::ops::metrics)
        .service(api::ops::openapi_json);
}

/// Bodies, people, memberships, wards, parties, terms of office.
fn bodies_and_people(cfg: &mut web::ServiceConfig) {
    cfg.service(api::bodies::create)
        .service(api::bodies::list)
        .service(api::bodies::read)
        .service(api::bodies::update)
        .service(api::people::create_person)
        .service(api::people::list_people)
        .service(api::people::read_person)
        .service(api::people::update_person)
        .service(api::people::create_membership)
        .service(api::people::list_memberships)
        .service(api::people::read_membership)
        .service(api::people::update_membership)
        .service(api::people::delete_membership)
        .service(api::councillors::create_ward)
        .service(api::councillors::list_wards)
        .service(api::councillors::read_ward)
        .service(api::councillors::update_ward)
        .service(api::councillors::delete_ward)
        .service(api::councillors::create_party)
        .service(api::councillors::list_parties)
        .service(api::councillors::read_party)
        .service(api::councillors::update_party)
        .service(api::councillors::delete_party)
        .service(api::councillors::create_term)
        .service(api::councillors::list_terms)
        .service(api::councillors::update_term)
        .service(api::councillors::delete_term)
        .service(api::councillors::put_photo);
}

/// Registers of interests, decisions, call-in and the forward plan.
fn interests_and_decisions(cfg: &mut web::ServiceConfig) {
    cfg.service(api::interests::categories)
        .service(api::interests::add_category)
        .service(api::interests::add_interest)
        .service(api::interests::change_interest)
        .service(api::interests::register)
        .service(api::interests::add_gift)
        .service(api::interests::gifts)
        .service(api::interests::add_dispensation)
        .service(api::interests::dispensations)
        .service(api::interests::overdue)
        .service(api::decisions::call_in_settings)
        .service(api::decisions::set_call_in_settings)
        .service(api::decisions::create)
        .service(api::decisions::list)
        .service(api::decisions::read_one)
        .service(api::decisions::publish)
        .service(api::decisions::call_in)
        .service(api::decisions::call_in_outcome)
        .service(api::decisions::revoke)
        .service(api::forward_plan::create_entry)
        .service(api::forward_plan::list_entries)
        .service(api::forward_plan::read_entry)
        .service(api::forward_plan::change_entry)
        .service(api::forward_plan::add_notice)
        .service(api::forward_plan::link_item)
        .service(api::forward_plan::special_urgency);
}

/// Public pages of people and decisions, and the clerk's desk.
fn public_people_desk_and_decisions(cfg: &mut web::ServiceConfig) {
    cfg.service(crate::public::pages::photo)
        .service(crate::public::pages::people_page)
        .service(crate::public::pages::person_page)
        .configure(minutebook_desk::routes)
        .service(crate::public::pages::decisions_page)
        .service(crate::public::pages::decision_notice)
        .service(crate::public::pages::decision_page)
        .service(crate::public::pages::forward_plan_page)
        .service(crate::public::pages::matter_page)
        .service(crate::public::decision_feeds::decisions_feed)
        .service(crate::public::decision_feeds::forward_plan_feed)
        .service(crate::public::decision_feeds::forward_plan_calendar);
}

/// Meetings, items, outcomes, declarations, actions, attendance.
fn meetings_and_records(cfg: &mut web::ServiceConfig) {
    cfg.service(api::meetings::create)
        .service(api::imports::import_minutes)
        .service(api::meetings::list)
        .service(api::meetings::update)
        .service(api::meetings::remove)
        .service(api::meetings::publish_agenda)
        .service(api::items::read)
        .service(api::items::update)
        .service(api::items::remove)
        .service(api::records::create_outcome)
        .service(api::records::update_outcome)
        .service(api::records::delete_outcome)
        .service(api::records::create_declaration)
        .service(api::records::delete_declaration)
        .service(api::records::create_action)
        .service(api::records::update_action)
        .service(api::attendance_record::six_month_rule)
        .service(api::attendance_record::person)
        .service(api::attendance_record::body)
        .service(api::attendance_record::approve_absence)
        .service(api::attendance_record::list_absences)
        .service(api::attendance_record::withdraw_absence)
        .service(api::attendance::create)
        .service(api::attendance::update)
        .service(api::attendance::remove);
}

/// Papers, rendered documents, tokens, audit, minutes with the chair.
fn papers_minutes_and_admin(cfg: &mut web::ServiceConfig) {
    cfg.service(api::documents::upload)
        .service(api::documents::read)
        .service(api::documents::content)
        .service(api::documents::remove)
        .service(api::render::minutes)
        .service(api::render::agenda)
        .service(api::pack::reports_pack)
        .service(api::admin::create_token)
        .service(api::admin::list_tokens)
        .service(api::admin::revoke_token)
        .service(api::admin::audit)
        .service(api::minutes::request)
        .service(api::minutes::list_requests)
        .service(api::minutes::revisions)
        .service(api::minutes::revision)
        .service(api::minutes::diff)
        .service(api::minutes::publish)
        .service(api::minutes::reopen)
        .service(api::minutes::outbox)
        .service(api::minutes::retry_outbox)
        .service(crate::public::chair_page::show)
        .service(crate::public::chair_page::decide);
}

/// Scrutiny reviews, recommendations and progress updates.
fn scrutiny(cfg: &mut web::ServiceConfig) {
    cfg.service(api::scrutiny::create_review)
        .service(api::scrutiny::import_review)
        .service(api::scrutiny::list_reviews)
        .service(api::scrutiny::read_review)
        .service(api::scrutiny::update_review)
        .service(api::scrutiny::delete_review)
        .service(api::scrutiny::create_recommendation)
        .service(api::scrutiny::list_recommendations)
        .service(api::scrutiny::read_recommendation)
        .service(api::scrutiny::update_recommendation)
        .service(api::scrutiny::delete_recommendation)
        .service(api::scrutiny::create_progress_update)
        .service(api::scrutiny::list_progress_updates)
        .service(api::scrutiny::read_progress_update)
        .service(api::scrutiny::update_progress_update)
        .service(api::scrutiny::delete_progress_update)
        .service(api::scrutiny::report)
        .service(api::scrutiny::action_plan)
        .service(api::scrutiny::overview);
}

/// Search, the public site, feeds, calendars, webhooks, votes, the minute book.
fn public_site_and_hooks(cfg: &mut web::ServiceConfig) {
    cfg.service(api::search::search)
        .service(crate::public::pages::home)
        .service(crate::public::pages::search_page)
        .service(crate::public::pages::stylesheet)
        .service(crate::public::calendar::all_meetings_ics)
        .service(crate::public::feeds::all_feed)
        .service(crate::public::calendar::body_meetings_ics)
        .service(crate::public::feeds::body_feed)
        .service(crate::public::pages::embed)
        .service(crate::public::pages::body_page)
        .service(api::webhooks::create)
        .service(api::webhooks::list)
        .service(api::webhooks::read)
        .service(api::webhooks::remove)
        .service(api::webhooks::deliveries)
        .service(api::votes::create)
        .service(api::votes::list)
        .service(api::votes::remove)
        .service(api::minute_book::verify);
}

/// OParl, the modern.gov-compatible web service and the API explorer (last).
fn standards(cfg: &mut web::ServiceConfig) {
    cfg.configure(crate::oparl::routes)
        .configure(crate::mgws::routes)
        .service(
            utoipa_swagger_ui::SwaggerUi::new("/api-docs/{_:.*}")
                .config(utoipa_swagger_ui::Config::new(["/openapi.json"])),
        );
}

//! Operations: health, metrics, and the OpenAPI description with a
//! human-readable page served from the binary (no internet needed).

use actix_web::{get, web, HttpResponse};
use minutebook_ground::error::{AppError, AppResult};
use minutebook_web::state::AppState;
use std::sync::atomic::{AtomicU64, Ordering};
use utoipa::OpenApi;

/// Counts requests by status class, for `/metrics`.
#[derive(Default)]
pub struct Metrics {
    pub requests: AtomicU64,
    pub client_errors: AtomicU64,
    pub server_errors: AtomicU64,
}

impl Metrics {
    pub fn record(&self, status: u16) {
        self.requests.fetch_add(1, Ordering::Relaxed);
        if (400..500).contains(&status) {
            self.client_errors.fetch_add(1, Ordering::Relaxed);
        } else if status >= 500 {
            self.server_errors.fetch_add(1, Ordering::Relaxed);
        }
    }
}

/// Liveness and database reachability.
#[utoipa::path(tag = "operations", responses((status = 200, description = "ok"), (status = 503, description = "database unreachable")))]
#[get("/healthz")]
pub async fn healthz(state: web::Data<AppState>) -> AppResult<HttpResponse> {
    state
        .db(|conn| {
            minutebook_ground::db::ping(conn)
                .then_some(())
                .ok_or_else(|| AppError::Unavailable("the database does not answer".into()))
        })
        .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({"status": "ok"})))
}

/// Prometheus text metrics.
#[utoipa::path(tag = "operations", responses((status = 200, description = "Prometheus text format", content_type = "text/plain")))]
#[get("/metrics")]
pub async fn metrics(state: web::Data<AppState>, m: web::Data<Metrics>) -> HttpResponse {
    let pool = state.pool.state();
    let mut body = format!(
        "# TYPE minutebook_http_requests_total counter\nminutebook_http_requests_total {}\n\
         # TYPE minutebook_http_client_errors_total counter\nminutebook_http_client_errors_total {}\n\
         # TYPE minutebook_http_server_errors_total counter\nminutebook_http_server_errors_total {}\n\
         # TYPE minutebook_db_pool_connections gauge\nminutebook_db_pool_connections {}\n\
         # TYPE minutebook_db_pool_idle_connections gauge\nminutebook_db_pool_idle_connections {}\n",
        m.requests.load(Ordering::Relaxed),
        m.client_errors.load(Ordering::Relaxed),
        m.server_errors.load(Ordering::Relaxed),
        pool.connections,
        pool.idle_connections,
    );
    if let Some(n) = state.writer.checkpoints() {
        // SQLite: the checkpoints run off the writer's thread (`db::checkpoint`).
        body.push_str(&format!(
            "# TYPE minutebook_sqlite_checkpoints_total counter\nminutebook_sqlite_checkpoints_total {n}\n"
        ));
    }
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .body(body)
}

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "minutebook", description = "The system of record for council committee and partnership meetings: bodies, meetings, numbered agenda items, attendance, declarations, minutes and outcomes."),
    modifiers(&BearerAuth),
    paths(
        healthz, metrics,
        super::bodies::create, super::bodies::list, super::bodies::read, super::bodies::update,
        super::people::create_person, super::people::list_people, super::people::read_person, super::people::update_person,
        super::people::create_membership, super::people::list_memberships, super::people::read_membership,
        super::people::update_membership, super::people::delete_membership,
        super::councillors::create_ward, super::councillors::list_wards, super::councillors::read_ward,
        super::councillors::update_ward, super::councillors::delete_ward,
        super::councillors::create_party, super::councillors::list_parties, super::councillors::read_party,
        super::councillors::update_party, super::councillors::delete_party,
        super::councillors::create_term, super::councillors::list_terms, super::councillors::update_term,
        super::councillors::delete_term, super::councillors::put_photo,
        super::interests::categories, super::interests::add_category, super::interests::add_interest,
        super::interests::change_interest, super::interests::register, super::interests::add_gift,
        super::interests::gifts, super::interests::add_dispensation, super::interests::dispensations,
        super::interests::overdue,
        super::decisions::call_in_settings, super::decisions::set_call_in_settings,
        super::decisions::create, super::decisions::list, super::decisions::read_one,
        super::decisions::publish, super::decisions::call_in, super::decisions::call_in_outcome, super::decisions::revoke,
        super::forward_plan::create_entry, super::forward_plan::list_entries, super::forward_plan::read_entry, super::forward_plan::change_entry,
        super::forward_plan::add_notice, super::forward_plan::link_item, super::forward_plan::special_urgency,
        super::meetings::create, super::meetings::list, super::meetings::read, super::meetings::update,
        super::meetings::remove, super::meetings::publish_agenda,
        super::items::create, super::items::read, super::items::update, super::items::remove,
        super::records::create_outcome, super::records::update_outcome, super::records::delete_outcome,
        super::records::create_declaration, super::records::delete_declaration,
        super::records::create_action, super::records::update_action,
        super::attendance::create, super::attendance::update, super::attendance::remove,
        super::attendance_record::person, super::attendance_record::body, super::attendance_record::six_month_rule,
        super::attendance_record::approve_absence, super::attendance_record::list_absences,
        super::attendance_record::withdraw_absence,
        super::documents::upload, super::documents::read, super::documents::content, super::documents::remove,
        super::render::minutes, super::render::agenda, super::pack::reports_pack,
        super::admin::create_token, super::admin::list_tokens, super::admin::revoke_token, super::admin::audit,
        super::minutes::request, super::minutes::list_requests, super::minutes::revisions,
        super::minutes::revision, super::minutes::diff, super::minutes::publish, super::minutes::reopen,
        super::minutes::outbox, super::minutes::retry_outbox,
        super::scrutiny::create_review, super::scrutiny::list_reviews, super::scrutiny::read_review,
        super::scrutiny::update_review, super::scrutiny::delete_review,
        super::scrutiny::create_recommendation, super::scrutiny::list_recommendations,
        super::scrutiny::read_recommendation, super::scrutiny::update_recommendation,
        super::scrutiny::delete_recommendation,
        super::scrutiny::create_progress_update, super::scrutiny::list_progress_updates,
        super::scrutiny::read_progress_update, super::scrutiny::update_progress_update,
        super::scrutiny::delete_progress_update,
        super::scrutiny::report, super::scrutiny::action_plan, super::scrutiny::overview,
        super::search::search,
        super::webhooks::create, super::webhooks::list, super::webhooks::read,
        super::webhooks::remove, super::webhooks::deliveries,
        super::votes::create, super::votes::list, super::votes::remove,
        super::minute_book::verify,
        super::imports::import_minutes, super::scrutiny::import_review,
    ),
    components(schemas(minutebook_ground::error::Problem, minutebook_ground::error::FieldError, super::minutes::OutboxStatus))
)]
pub struct ApiDoc;

/// The generated description, serialised once at start.
pub struct OpenApiDoc(pub String);

/// The whole description: this API's, with the other surfaces' paths
/// (`others`, e.g. the modern.gov web service's) merged in, then completed
/// by the contract.
pub fn build_openapi(others: Vec<utoipa::openapi::OpenApi>) -> String {
    let mut whole = ApiDoc::openapi();
    for other in others {
        whole.merge(other);
    }
    let mut doc = serde_json::to_value(whole).unwrap_or_default();
    super::contract::complete(&mut doc);
    serde_json::to_string(&doc).unwrap_or_else(|_| "{}".into())
}

/// The OpenAPI 3.1 description of this API, generated from the code.
#[get("/openapi.json")]
pub async fn openapi_json(doc: web::Data<OpenApiDoc>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(doc.0.clone())
}

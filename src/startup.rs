//! Builds the application: binds the listener first (port 0 in tests), then
//! registers every route in one place.

use crate::api;
use crate::config::Settings;
use crate::error::AppError;
use crate::state::AppState;
use actix_web::dev::Server;
use actix_web::{web, App, HttpResponse, HttpServer};
use std::net::TcpListener;
use std::sync::Arc;

pub struct Application {
    port: u16,
    server: Server,
    pub state: AppState,
}

impl Application {
    pub fn build(settings: Settings) -> anyhow::Result<Application> {
        std::fs::create_dir_all(&settings.data_dir)?;
        let pool = crate::db::connect(&settings.database_url, settings.pool_size)?;
        let listener = TcpListener::bind(&settings.bind)?;
        let port = listener.local_addr()?.port();
        let state = AppState {
            pool,
            settings: Arc::new(settings),
        };
        let server = run(listener, state.clone())?;
        Ok(Application { port, server, state })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }
}

fn run(listener: TcpListener, state: AppState) -> anyhow::Result<Server> {
    let data = web::Data::new(state);
    let server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .app_data(web::QueryConfig::default().error_handler(|e, _| {
                AppError::BadRequest(format!("the query string is not valid: {e}")).into()
            }))
            .app_data(web::PathConfig::default().error_handler(|e, _| {
                AppError::NotFound(format!("not found: {e}")).into()
            }))
            .wrap(actix_web::middleware::Logger::new("%r %s %Dms").log_target("minutebook::http"))
            .configure(routes)
            .default_service(web::to(not_found))
    })
    .listen(listener)?
    .run();
    Ok(server)
}

async fn not_found() -> Result<HttpResponse, AppError> {
    Err(AppError::NotFound("there is nothing at this address".into()))
}

/// Every route, in one table.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(api::bodies::create)
        .service(api::bodies::list)
        .service(api::bodies::read)
        .service(api::bodies::update);
}

//! `/healthz`: is the server up and the database reachable?

use actix_web::{get, web, HttpResponse};
use diesel::connection::SimpleConnection;
use portevoix_domain::wire::Health;

use crate::error::ApiError;
use crate::startup::AppState;

#[utoipa::path(tag = "health", responses((status = 200, body = Health), (status = 503, body = Health)))]
#[get("/healthz")]
pub async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    let reachable = state
        .db(|conn| conn.batch_execute("SELECT 1").map_err(ApiError::from))
        .await
        .is_ok();
    let health = Health {
        status: if reachable { "ok" } else { "degraded" }.into(),
        database: if reachable { "ok" } else { "unreachable" }.into(),
    };
    if reachable {
        HttpResponse::Ok().json(health)
    } else {
        HttpResponse::ServiceUnavailable().json(health)
    }
}

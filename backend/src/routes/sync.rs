//! `/api/v1/sync/*`: the phone's batch push, cursor pull and presence check.

use actix_web::{get, post, web};

use crate::startup::json_config;
use portevoix_domain::wire::{
    CheckRequest, CheckResponse, ErrorBody, PullResponse, PushRequest, PushResponse,
    MAX_PUSH_BYTES, MAX_PUSH_ITEMS,
};
use serde::Deserialize;

use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::services::{items, sync};
use crate::startup::AppState;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct PullQuery {
    /// The `cursor` of the previous pull; 0 (or absent) the first time.
    #[serde(default)]
    pub cursor: i64,
}

/// Push a batch of captured items; one result per item, in order.
#[utoipa::path(tag = "sync", security(("bearer" = [])), request_body = PushRequest,
    responses((status = 200, body = PushResponse), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 413, body = ErrorBody), (status = 503, body = ErrorBody)))]
#[post("")]
pub async fn push(
    state: web::Data<AppState>,
    auth: AuthUser,
    body: web::Json<PushRequest>,
) -> ApiResult<web::Json<PushResponse>> {
    let request = body.into_inner();
    if request.items.len() > MAX_PUSH_ITEMS {
        return Err(ApiError::PayloadTooLarge(format!(
            "{MAX_PUSH_ITEMS} éléments au plus par envoi : découpez le lot"
        )));
    }
    let (ids, parsed): (Vec<_>, Vec<_>) = request.items.into_iter().map(sync::parse_item).unzip();
    let outcomes = items::ingest(&state, auth, request.device_id, parsed).await?;
    let results = outcomes
        .into_iter()
        .zip(ids)
        .enumerate()
        .map(|(i, (o, id))| o.into_result(i, id))
        .collect();
    Ok(web::Json(PushResponse { results }))
}

/// What changed for the caller since `cursor`.
#[utoipa::path(tag = "sync", security(("bearer" = [])), params(PullQuery),
    responses((status = 200, body = PullResponse), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
#[get("/api/v1/sync/pull")]
pub async fn pull(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<PullQuery>,
) -> ApiResult<web::Json<PullResponse>> {
    let cursor = query.cursor;
    let notice = state.settings.information_notice.clone();
    state
        .json(move |conn| sync::pull(conn, &auth, cursor, &notice))
        .await
}

/// Which of these item ids does the server hold for me?
#[utoipa::path(tag = "sync", security(("bearer" = [])), request_body = CheckRequest,
    responses((status = 200, body = CheckResponse), (status = 401, body = ErrorBody), (status = 413, body = ErrorBody)))]
#[post("/api/v1/sync/check")]
pub async fn check(
    state: web::Data<AppState>,
    auth: AuthUser,
    body: web::Json<CheckRequest>,
) -> ApiResult<web::Json<CheckResponse>> {
    let ids = body.into_inner().ids;
    let present = state.db(move |conn| sync::check(conn, &auth, &ids)).await?;
    Ok(web::Json(CheckResponse { present }))
}

/// The push accepts larger bodies than the other routes (registered without a route macro so
/// the resource can carry its own JSON limit).
/// The push, in a scope of its own for its larger body limit.
pub fn push_scope() -> utoipa_actix_web::scope::Scope<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    utoipa_actix_web::scope("/api/v1/sync/push")
        .app_data(json_config(MAX_PUSH_BYTES))
        .service(push)
        .default_service(web::to(super::api_not_found))
}

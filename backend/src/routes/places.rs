//! Places: quartiers (and their communes) and citizen councils. Use cases in
//! `services::places`; the coordinators' screen is `pages/coord/places.rs`.

use actix_web::{get, post, put, web, HttpResponse};
use portevoix_domain::wire::{
    Council, CouncilInput, ErrorBody, Quartier, QuartierInput, QuartierMerge,
};

use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::services::places;
use crate::startup::AppState;

/// Every quartier (any signed-in account).
#[utoipa::path(tag = "places", security(("bearer" = [])), responses((status = 200, body = Vec<Quartier>), (status = 401, body = ErrorBody)))]
#[get("/api/v1/quartiers")]
pub async fn list_quartiers(
    state: web::Data<AppState>,
    _auth: AuthUser,
) -> ApiResult<web::Json<Vec<Quartier>>> {
    state.json(places::list_quartiers).await
}

#[utoipa::path(tag = "places", security(("bearer" = [])), request_body = QuartierInput,
    responses((status = 201, body = Quartier), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/api/v1/quartiers")]
pub async fn create_quartier(
    state: web::Data<AppState>,
    auth: AuthUser,
    body: web::Json<QuartierInput>,
) -> ApiResult<HttpResponse> {
    let quartier = state
        .db(move |conn| places::create_quartier(conn, &auth, body.into_inner()))
        .await?;
    Ok(HttpResponse::Created().json(quartier))
}

/// Rename, re-code or change the communes of a quartier.
#[utoipa::path(tag = "places", security(("bearer" = [])), request_body = QuartierInput,
    params(("id" = i64, Path)), responses((status = 200, body = Quartier), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[put("/api/v1/quartiers/{id}")]
pub async fn update_quartier(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<i64>,
    body: web::Json<QuartierInput>,
) -> ApiResult<web::Json<Quartier>> {
    let id = id.into_inner();
    state
        .json(move |conn| places::update_quartier(conn, &auth, id, body.into_inner()))
        .await
}

/// Merge one quartier into another; items, assignments, councils and tallies follow.
#[utoipa::path(tag = "places", security(("bearer" = [])), request_body = QuartierMerge,
    responses((status = 200, body = Quartier), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/api/v1/quartiers/merge")]
pub async fn merge_quartiers(
    state: web::Data<AppState>,
    auth: AuthUser,
    body: web::Json<QuartierMerge>,
) -> ApiResult<web::Json<Quartier>> {
    state
        .json(move |conn| places::merge_quartiers(conn, &auth, body.into_inner()))
        .await
}

#[utoipa::path(tag = "places", security(("bearer" = [])), responses((status = 200, body = Vec<Council>), (status = 401, body = ErrorBody)))]
#[get("/api/v1/councils")]
pub async fn list_councils(
    state: web::Data<AppState>,
    _auth: AuthUser,
) -> ApiResult<web::Json<Vec<Council>>> {
    state.json(places::list_councils).await
}

#[utoipa::path(tag = "places", security(("bearer" = [])), request_body = CouncilInput,
    responses((status = 201, body = Council), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/api/v1/councils")]
pub async fn create_council(
    state: web::Data<AppState>,
    auth: AuthUser,
    body: web::Json<CouncilInput>,
) -> ApiResult<HttpResponse> {
    let council = state
        .db(move |conn| places::create_council(conn, &auth, body.into_inner()))
        .await?;
    Ok(HttpResponse::Created().json(council))
}

#[utoipa::path(tag = "places", security(("bearer" = [])), request_body = CouncilInput, params(("id" = i64, Path)),
    responses((status = 200, body = Council), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[put("/api/v1/councils/{id}")]
pub async fn update_council(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<i64>,
    body: web::Json<CouncilInput>,
) -> ApiResult<web::Json<Council>> {
    let id = id.into_inner();
    state
        .json(move |conn| places::update_council(conn, &auth, id, body.into_inner()))
        .await
}

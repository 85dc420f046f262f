//! Quartiers, councils, users and devices.

use actix_web::{delete, get, patch, post, put, web, HttpResponse};
use portevoix_domain::wire::{
    Council, CouncilInput, Device, Enrolment, EnrolmentRequest, ErrorBody, NewUser, Quartier,
    QuartierInput, QuartierMerge, User, UserPatch,
};
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::services::{accounts, places};
use crate::startup::AppState;

/// Every quartier (any signed-in account).
#[utoipa::path(tag = "quartiers", security(("bearer" = [])), responses((status = 200, body = Vec<Quartier>), (status = 401, body = ErrorBody)))]
#[get("/api/v1/quartiers")]
pub async fn list_quartiers(
    state: web::Data<AppState>,
    _auth: AuthUser,
) -> ApiResult<web::Json<Vec<Quartier>>> {
    Ok(web::Json(state.db(places::list_quartiers).await?))
}

#[utoipa::path(tag = "quartiers", security(("bearer" = [])), request_body = QuartierInput,
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
#[utoipa::path(tag = "quartiers", security(("bearer" = [])), request_body = QuartierInput,
    params(("id" = i64, Path)), responses((status = 200, body = Quartier), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[put("/api/v1/quartiers/{id}")]
pub async fn update_quartier(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<i64>,
    body: web::Json<QuartierInput>,
) -> ApiResult<web::Json<Quartier>> {
    let id = id.into_inner();
    Ok(web::Json(
        state
            .db(move |conn| places::update_quartier(conn, &auth, id, body.into_inner()))
            .await?,
    ))
}

/// Merge one quartier into another; items, assignments, councils and tallies follow.
#[utoipa::path(tag = "quartiers", security(("bearer" = [])), request_body = QuartierMerge,
    responses((status = 200, body = Quartier), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/api/v1/quartiers/merge")]
pub async fn merge_quartiers(
    state: web::Data<AppState>,
    auth: AuthUser,
    body: web::Json<QuartierMerge>,
) -> ApiResult<web::Json<Quartier>> {
    Ok(web::Json(
        state
            .db(move |conn| places::merge_quartiers(conn, &auth, body.into_inner()))
            .await?,
    ))
}

#[utoipa::path(tag = "councils", security(("bearer" = [])), responses((status = 200, body = Vec<Council>), (status = 401, body = ErrorBody)))]
#[get("/api/v1/councils")]
pub async fn list_councils(
    state: web::Data<AppState>,
    _auth: AuthUser,
) -> ApiResult<web::Json<Vec<Council>>> {
    Ok(web::Json(state.db(places::list_councils).await?))
}

#[utoipa::path(tag = "councils", security(("bearer" = [])), request_body = CouncilInput,
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

#[utoipa::path(tag = "councils", security(("bearer" = [])), request_body = CouncilInput, params(("id" = i64, Path)),
    responses((status = 200, body = Council), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[put("/api/v1/councils/{id}")]
pub async fn update_council(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<i64>,
    body: web::Json<CouncilInput>,
) -> ApiResult<web::Json<Council>> {
    let id = id.into_inner();
    Ok(web::Json(
        state
            .db(move |conn| places::update_council(conn, &auth, id, body.into_inner()))
            .await?,
    ))
}

#[utoipa::path(tag = "users", security(("bearer" = [])), responses((status = 200, body = Vec<User>), (status = 403, body = ErrorBody)))]
#[get("/api/v1/users")]
pub async fn list_users(
    state: web::Data<AppState>,
    auth: AuthUser,
) -> ApiResult<web::Json<Vec<User>>> {
    Ok(web::Json(
        state
            .db(move |conn| accounts::list_users(conn, &auth))
            .await?,
    ))
}

/// Admins create any account; coordinators create volunteers and council members.
#[utoipa::path(tag = "users", security(("bearer" = [])), request_body = NewUser,
    responses((status = 201, body = User), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/api/v1/users")]
pub async fn create_user(
    state: web::Data<AppState>,
    auth: AuthUser,
    body: web::Json<NewUser>,
) -> ApiResult<HttpResponse> {
    let user = state
        .db(move |conn| accounts::create_user(conn, &auth, body.into_inner()))
        .await?;
    Ok(HttpResponse::Created().json(user))
}

#[utoipa::path(tag = "users", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = User), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[get("/api/v1/users/{id}")]
pub async fn get_user(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<i64>,
) -> ApiResult<web::Json<User>> {
    let id = id.into_inner();
    Ok(web::Json(
        state
            .db(move |conn| accounts::get_user(conn, &auth, id))
            .await?,
    ))
}

/// Change name, role, council, expiry, password, or disable an account.
#[utoipa::path(tag = "users", security(("bearer" = [])), params(("id" = i64, Path)), request_body = UserPatch,
    responses((status = 200, body = User), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[patch("/api/v1/users/{id}")]
pub async fn update_user(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<i64>,
    body: web::Json<UserPatch>,
) -> ApiResult<web::Json<User>> {
    let id = id.into_inner();
    Ok(web::Json(
        state
            .db(move |conn| accounts::update_user(conn, &auth, id, body.into_inner()))
            .await?,
    ))
}

/// Staff see every device; volunteers their own.
#[utoipa::path(tag = "devices", security(("bearer" = [])), responses((status = 200, body = Vec<Device>), (status = 403, body = ErrorBody)))]
#[get("/api/v1/devices")]
pub async fn list_devices(
    state: web::Data<AppState>,
    auth: AuthUser,
) -> ApiResult<web::Json<Vec<Device>>> {
    Ok(web::Json(
        state
            .db(move |conn| accounts::list_devices(conn, &auth))
            .await?,
    ))
}

/// A one-time code (and link for a QR code) that signs a volunteer's phone in.
#[utoipa::path(tag = "devices", security(("bearer" = [])), request_body = EnrolmentRequest,
    responses((status = 201, body = Enrolment), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/api/v1/devices/enrolments")]
pub async fn create_enrolment(
    state: web::Data<AppState>,
    auth: AuthUser,
    body: web::Json<EnrolmentRequest>,
) -> ApiResult<HttpResponse> {
    let st = state.clone();
    let EnrolmentRequest { user_id, label } = body.into_inner();
    let enrolment = state
        .db(move |conn| accounts::create_enrolment(conn, &st.settings, &auth, user_id, label))
        .await?;
    Ok(HttpResponse::Created().json(enrolment))
}

/// Revoke a device: its sessions end at once.
#[utoipa::path(tag = "devices", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = Device), (status = 404, body = ErrorBody)))]
#[delete("/api/v1/devices/{id}")]
pub async fn revoke_device(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Device>> {
    let id = id.into_inner();
    Ok(web::Json(
        state
            .db(move |conn| accounts::revoke_device(conn, &auth, id))
            .await?,
    ))
}

//! Accounts: users, their devices and the enrolment codes that sign a phone in. Use cases in
//! `services::accounts`; the coordinators' screen is `pages/coord/accounts.rs`.

use actix_web::{delete, get, patch, post, web, HttpResponse};
use portevoix_domain::wire::{
    Device, Enrolment, EnrolmentRequest, ErrorBody, NewUser, User, UserPatch,
};
use uuid::Uuid;

use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::services::accounts;
use crate::startup::AppState;

#[utoipa::path(tag = "accounts", security(("bearer" = [])), responses((status = 200, body = Vec<User>), (status = 403, body = ErrorBody)))]
#[get("/api/v1/users")]
pub async fn list_users(
    state: web::Data<AppState>,
    auth: AuthUser,
) -> ApiResult<web::Json<Vec<User>>> {
    state
        .json(move |conn| accounts::list_users(conn, &auth))
        .await
}

/// Admins create any account; coordinators create volunteers and council members.
#[utoipa::path(tag = "accounts", security(("bearer" = [])), request_body = NewUser,
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

#[utoipa::path(tag = "accounts", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = User), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[get("/api/v1/users/{id}")]
pub async fn get_user(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<i64>,
) -> ApiResult<web::Json<User>> {
    let id = id.into_inner();
    state
        .json(move |conn| accounts::get_user(conn, &auth, id))
        .await
}

/// Change name, role, council, expiry, password, or disable an account.
#[utoipa::path(tag = "accounts", security(("bearer" = [])), params(("id" = i64, Path)), request_body = UserPatch,
    responses((status = 200, body = User), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[patch("/api/v1/users/{id}")]
pub async fn update_user(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<i64>,
    body: web::Json<UserPatch>,
) -> ApiResult<web::Json<User>> {
    let id = id.into_inner();
    state
        .json(move |conn| accounts::update_user(conn, &auth, id, body.into_inner()))
        .await
}

/// Staff see every device; volunteers their own.
#[utoipa::path(tag = "accounts", security(("bearer" = [])), responses((status = 200, body = Vec<Device>), (status = 403, body = ErrorBody)))]
#[get("/api/v1/devices")]
pub async fn list_devices(
    state: web::Data<AppState>,
    auth: AuthUser,
) -> ApiResult<web::Json<Vec<Device>>> {
    state
        .json(move |conn| accounts::list_devices(conn, &auth))
        .await
}

/// A one-time code (and link for a QR code) that signs a volunteer's phone in.
#[utoipa::path(tag = "accounts", security(("bearer" = [])), request_body = EnrolmentRequest,
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
#[utoipa::path(tag = "accounts", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = Device), (status = 404, body = ErrorBody)))]
#[delete("/api/v1/devices/{id}")]
pub async fn revoke_device(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Device>> {
    let id = id.into_inner();
    state
        .json(move |conn| accounts::revoke_device(conn, &auth, id))
        .await
}

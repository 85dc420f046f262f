//! `/api/v1/moderation/*`: the coordinators' review queue. Use cases in `services::moderation`;
//! the coordinators' screen is `pages/coord/moderation.rs`. The volunteer's answer to "à corriger"
//! is `routes/corrections.rs`.

use actix_web::{get, post, put, web};
use portevoix_domain::wire::{
    Decision, ErrorBody, RedactionUpdate, ReviewItem, ReviewPage, ReviewQuery, ThemesUpdate,
};

use uuid::Uuid;

use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::services::moderation;
use crate::startup::AppState;

/// The review queue (coordinators): original and redacted text, suggested themes with the words
/// that triggered them, sensitive flag. Filters combine; oldest first unless `order=newest`.
#[utoipa::path(tag = "moderation", security(("bearer" = [])), params(ReviewQuery),
    responses((status = 200, body = ReviewPage), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[get("/api/v1/moderation/testimonies")]
pub async fn queue(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<ReviewQuery>,
) -> ApiResult<web::Json<ReviewPage>> {
    let query = query.into_inner();
    state
        .json(move |conn| moderation::queue(conn, &auth, query))
        .await
}

#[utoipa::path(tag = "moderation", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = ReviewItem), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[get("/api/v1/moderation/testimonies/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<ReviewItem>> {
    let id = id.into_inner();
    state
        .json(move |conn| moderation::get(conn, &auth, id))
        .await
}

/// Confirm or change the themes (0 to 3); they become the coordinator's.
#[utoipa::path(tag = "moderation", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = ThemesUpdate,
    responses((status = 200, body = ReviewItem), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[put("/api/v1/moderation/testimonies/{id}/themes")]
pub async fn set_themes(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: web::Json<ThemesUpdate>,
) -> ApiResult<web::Json<ReviewItem>> {
    let id = id.into_inner();
    state
        .json(move |conn| moderation::set_themes(conn, &auth, id, body.into_inner()))
        .await
}

/// Edit the redacted text councils will see.
#[utoipa::path(tag = "moderation", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = RedactionUpdate,
    responses((status = 200, body = ReviewItem), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[put("/api/v1/moderation/testimonies/{id}/redaction")]
pub async fn set_redaction(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: web::Json<RedactionUpdate>,
) -> ApiResult<web::Json<ReviewItem>> {
    let id = id.into_inner();
    state
        .json(move |conn| moderation::set_redaction(conn, &auth, id, body.into_inner()))
        .await
}

/// Approve, reject (with a reason), send back "à corriger" (with a message for the volunteer's
/// phone) or reopen; optional themes and redaction are applied in the same step.
#[utoipa::path(tag = "moderation", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = Decision,
    responses((status = 200, body = ReviewItem), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/api/v1/moderation/testimonies/{id}/decision")]
pub async fn decide(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: web::Json<Decision>,
) -> ApiResult<web::Json<ReviewItem>> {
    let id = id.into_inner();
    state
        .json(move |conn| moderation::decide(conn, &auth, id, body.into_inner()))
        .await
}

//! `/api/v1/surveys`: drafts, versions, status, assignment (coordinators and admins).

use actix_web::{get, post, put, web, HttpResponse};
use portevoix_domain::survey::SurveyDefinition;
use portevoix_domain::wire::{ErrorBody, Survey, SurveyAssignment, SurveyStatus};

use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::services::surveys;
use crate::startup::AppState;

#[utoipa::path(tag = "surveys", security(("bearer" = [])), responses((status = 200, body = Vec<Survey>), (status = 403, body = ErrorBody)))]
#[get("/api/v1/surveys")]
pub async fn list(state: web::Data<AppState>, auth: AuthUser) -> ApiResult<web::Json<Vec<Survey>>> {
    state.json(move |conn| surveys::list(conn, &auth)).await
}

/// Create a draft.
#[utoipa::path(tag = "surveys", security(("bearer" = [])), request_body = SurveyDefinition,
    responses((status = 201, body = Survey), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/api/v1/surveys")]
pub async fn create(
    state: web::Data<AppState>,
    auth: AuthUser,
    body: web::Json<SurveyDefinition>,
) -> ApiResult<HttpResponse> {
    let survey = state
        .db(move |conn| surveys::create(conn, &auth, body.into_inner()))
        .await?;
    Ok(HttpResponse::Created().json(survey))
}

#[utoipa::path(tag = "surveys", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = Survey), (status = 404, body = ErrorBody)))]
#[get("/api/v1/surveys/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<i64>,
) -> ApiResult<web::Json<Survey>> {
    let id = id.into_inner();
    state.json(move |conn| surveys::get(conn, &auth, id)).await
}

/// Replace the draft. Published versions never change.
#[utoipa::path(tag = "surveys", security(("bearer" = [])), params(("id" = i64, Path)), request_body = SurveyDefinition,
    responses((status = 200, body = Survey), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[put("/api/v1/surveys/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<i64>,
    body: web::Json<SurveyDefinition>,
) -> ApiResult<web::Json<Survey>> {
    let id = id.into_inner();
    state
        .json(move |conn| surveys::update_draft(conn, &auth, id, body.into_inner()))
        .await
}

/// Freeze the draft as a new immutable version.
#[utoipa::path(tag = "surveys", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = Survey), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/api/v1/surveys/{id}/publish")]
pub async fn publish(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<i64>,
) -> ApiResult<web::Json<Survey>> {
    let id = id.into_inner();
    state
        .json(move |conn| surveys::publish(conn, &auth, id))
        .await
}

#[utoipa::path(tag = "surveys", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = Survey), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
#[post("/api/v1/surveys/{id}/open")]
pub async fn open(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<i64>,
) -> ApiResult<web::Json<Survey>> {
    let id = id.into_inner();
    state
        .json(move |conn| surveys::set_status(conn, &auth, id, SurveyStatus::Open))
        .await
}

#[utoipa::path(tag = "surveys", security(("bearer" = [])), params(("id" = i64, Path)),
    responses((status = 200, body = Survey), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
#[post("/api/v1/surveys/{id}/close")]
pub async fn close(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<i64>,
) -> ApiResult<web::Json<Survey>> {
    let id = id.into_inner();
    state
        .json(move |conn| surveys::set_status(conn, &auth, id, SurveyStatus::Closed))
        .await
}

/// Set the quartiers where the survey is run.
#[utoipa::path(tag = "surveys", security(("bearer" = [])), params(("id" = i64, Path)), request_body = SurveyAssignment,
    responses((status = 200, body = Survey), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[put("/api/v1/surveys/{id}/quartiers")]
pub async fn assign(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<i64>,
    body: web::Json<SurveyAssignment>,
) -> ApiResult<web::Json<Survey>> {
    let id = id.into_inner();
    state
        .json(move |conn| surveys::assign(conn, &auth, id, body.into_inner().quartier_ids))
        .await
}

//! `/api/v1/followup/*`: the coordinators' follow-up of volunteers' outings.

use actix_web::{get, web};
use portevoix_domain::wire::{ErrorBody, FollowupQuery, FollowupRow, OutingPage};

use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::services::followup;
use crate::startup::AppState;

/// Outings, newest first: place, duration, people approached and answered, items recorded.
#[utoipa::path(tag = "followup", security(("bearer" = [])), params(FollowupQuery),
    responses((status = 200, body = OutingPage), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
#[get("/api/v1/followup/outings")]
pub async fn outings(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<FollowupQuery>,
) -> ApiResult<web::Json<OutingPage>> {
    let query = query.into_inner();
    state
        .json(move |conn| followup::outings(conn, &auth, query))
        .await
}

/// Totals per volunteer and quartier over the period (`limit`/`offset` are ignored).
#[utoipa::path(tag = "followup", security(("bearer" = [])), params(FollowupQuery),
    responses((status = 200, body = Vec<FollowupRow>), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody)))]
#[get("/api/v1/followup/summary")]
pub async fn summary(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<FollowupQuery>,
) -> ApiResult<web::Json<Vec<FollowupRow>>> {
    let query = query.into_inner();
    state
        .json(move |conn| followup::summary(conn, &auth, query))
        .await
}

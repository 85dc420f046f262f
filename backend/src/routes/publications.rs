//! `/api/v1/publications`: coordinators publish figures to councils, as dated snapshots.

use actix_web::{get, post, web, HttpResponse};
use portevoix_domain::wire::{ErrorBody, Publication, PublicationBoard, PublicationRequest};
use serde::Deserialize;

use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::services::publications;
use crate::startup::AppState;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct BoardQuery {
    pub council_id: i64,
}

/// A council's figures (each survey per quartier, each quartier's themes): the last
/// publication, the people counted now, and how many more are needed before the next one.
#[utoipa::path(tag = "publications", security(("bearer" = [])), params(BoardQuery),
    responses((status = 200, body = PublicationBoard), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[get("/api/v1/publications")]
pub async fn board(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<BoardQuery>,
) -> ApiResult<web::Json<PublicationBoard>> {
    let council_id = query.council_id;
    state
        .json(move |conn| publications::board(conn, &auth, council_id))
        .await
}

/// Publishes what the councils of a quartier will read until the next publication. Refused
/// (409 `too_soon`) until 11 more people are counted than in the last one of the same figures.
#[utoipa::path(tag = "publications", security(("bearer" = [])), request_body = PublicationRequest,
    responses((status = 201, body = Publication), (status = 400, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
              (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/api/v1/publications")]
pub async fn publish(
    state: web::Data<AppState>,
    auth: AuthUser,
    body: web::Json<PublicationRequest>,
) -> ApiResult<HttpResponse> {
    let request = body.into_inner();
    let made = state
        .db(move |conn| publications::publish(conn, &auth, request))
        .await?;
    Ok(HttpResponse::Created().json(made))
}

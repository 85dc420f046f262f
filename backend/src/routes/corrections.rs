//! `/api/v1/testimonies/{id}/correction`: the volunteer's side of "à corriger" (a coordinator
//! sent the testimony back from moderation). Use cases in `services::corrections`; on the phone,
//! `pages/fix.rs`.

use actix_web::{get, post, web};
use portevoix_domain::wire::{CorrectionInput, CorrectionRequest, ErrorBody};

use uuid::Uuid;

use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::services::corrections;
use crate::startup::AppState;

/// The volunteer's own testimony with the coordinator's message (others' are 404).
#[utoipa::path(tag = "corrections", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = CorrectionRequest), (status = 404, body = ErrorBody)))]
#[get("/api/v1/testimonies/{id}/correction")]
pub async fn correction(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<CorrectionRequest>> {
    let id = id.into_inner();
    state
        .json(move |conn| corrections::correction_request(conn, &auth, id))
        .await
}

/// Resubmit a testimony sent back "à corriger": analysed again, back to pending.
#[utoipa::path(tag = "corrections", security(("bearer" = [])), params(("id" = Uuid, Path)), request_body = CorrectionInput,
    responses((status = 200, body = CorrectionRequest), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/api/v1/testimonies/{id}/correction")]
pub async fn correct(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: web::Json<CorrectionInput>,
) -> ApiResult<web::Json<CorrectionRequest>> {
    let id = id.into_inner();
    state
        .json(move |conn| corrections::submit_correction(conn, &auth, id, body.into_inner()))
        .await
}

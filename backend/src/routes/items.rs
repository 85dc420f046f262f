//! Single-item creates for answer sets and testimonies (the phone uses the batch sync push).

use actix_web::{post, web, HttpResponse};
use portevoix_domain::wire::{
    ErrorBody, ItemAck, PushItem, PushStatus, ResponseInput, TestimonyInput,
};

use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::services::items::{self, Outcome};
use crate::startup::AppState;

async fn create_one(
    state: web::Data<AppState>,
    auth: AuthUser,
    item: PushItem,
) -> ApiResult<HttpResponse> {
    let id = item.id();
    let mut outcomes = items::ingest(&state, auth, None, vec![Ok(item)]).await?;
    match outcomes.pop() {
        Some(Outcome::Created) => Ok(HttpResponse::Created().json(ItemAck {
            id,
            status: PushStatus::Created,
        })),
        Some(Outcome::Duplicate) => Ok(HttpResponse::Ok().json(ItemAck {
            id,
            status: PushStatus::Duplicate,
        })),
        Some(Outcome::Conflict) => Err(ApiError::conflict(
            "conflict",
            "un autre contenu est déjà enregistré sous cet identifiant ; le premier est conservé",
            Some("id"),
        )),
        Some(Outcome::Rejected(r)) => Err(ApiError::Validation {
            code: r.code,
            message: r.message,
            field: r.field,
        }),
        None => Err(ApiError::internal(anyhow::anyhow!("no outcome"))),
    }
}

/// Store one answer set. Sending the same id again answers 200 `duplicate`.
#[utoipa::path(tag = "items", security(("bearer" = [])), request_body = ResponseInput,
    responses((status = 201, body = ItemAck), (status = 200, body = ItemAck), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody), (status = 503, body = ErrorBody)))]
#[post("/api/v1/responses")]
pub async fn create_response(
    state: web::Data<AppState>,
    auth: AuthUser,
    body: web::Json<ResponseInput>,
) -> ApiResult<HttpResponse> {
    create_one(state, auth, PushItem::Response(body.into_inner())).await
}

/// Store one testimony; it waits for a coordinator's review.
#[utoipa::path(tag = "items", security(("bearer" = [])), request_body = TestimonyInput,
    responses((status = 201, body = ItemAck), (status = 200, body = ItemAck), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 403, body = ErrorBody), (status = 503, body = ErrorBody)))]
#[post("/api/v1/testimonies")]
pub async fn create_testimony(
    state: web::Data<AppState>,
    auth: AuthUser,
    body: web::Json<TestimonyInput>,
) -> ApiResult<HttpResponse> {
    create_one(state, auth, PushItem::Testimony(body.into_inner())).await
}

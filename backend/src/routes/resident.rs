//! `/api/v1/resident/*`: a resident's own items by receipt code, with no account (the code is
//! the key, in the body, never in a URL). Every call goes through the residents' guessing
//! throttle. The page residents use is `/recu` ([`super::resident_page`]), on the same services.

use actix_web::{post, web};
use portevoix_domain::wire::{ErasureReport, ErrorBody, ReceiptCodeInput, ResidentRecord};

use crate::client_address::ClientAddress;
use crate::clock::now_ms;
use crate::db::DbConnection;
use crate::error::{ApiError, ApiResult};
use crate::services::privacy::resident;
use crate::services::throttle::{self, Policy};
use crate::startup::AppState;

/// Runs `work` on a receipt code behind the residents' throttle (per address and global; a
/// code that finds nothing uses up an attempt).
pub async fn behind_resident_throttle<T, F>(
    state: &AppState,
    address: String,
    code: String,
    work: F,
) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConnection, &str) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    let policy = Policy::from_settings(&state.settings);
    state
        .db(move |conn| {
            let keys = throttle::resident_keys(&policy, &address);
            throttle::guarded(conn, &policy, &keys, now_ms(), |conn| work(conn, &code))
        })
        .await
}

/// What was recorded about the holder of this receipt code: answers in words, words with
/// personal data masked, whether a council reads them as a quote.
#[utoipa::path(tag = "privacy", request_body = ReceiptCodeInput,
    responses((status = 200, body = ResidentRecord), (status = 400, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
              (status = 429, body = ErrorBody, headers(("Retry-After" = u64, description = "seconds to wait")))))]
#[post("/api/v1/resident/receipt")]
pub async fn record(
    state: web::Data<AppState>,
    ClientAddress(address): ClientAddress,
    body: web::Json<ReceiptCodeInput>,
) -> ApiResult<web::Json<ResidentRecord>> {
    let code = body.into_inner().code;
    Ok(web::Json(
        behind_resident_throttle(&state, address, code, resident::record).await?,
    ))
}

/// The holder's words are no longer quoted (they still count in the themes); audited.
#[utoipa::path(tag = "privacy", request_body = ReceiptCodeInput,
    responses((status = 200, body = ResidentRecord), (status = 400, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
              (status = 429, body = ErrorBody, headers(("Retry-After" = u64, description = "seconds to wait")))))]
#[post("/api/v1/resident/receipt/withdraw-consent")]
pub async fn withdraw_consent(
    state: web::Data<AppState>,
    ClientAddress(address): ClientAddress,
    body: web::Json<ReceiptCodeInput>,
) -> ApiResult<web::Json<ResidentRecord>> {
    let code = body.into_inner().code;
    Ok(web::Json(
        behind_resident_throttle(&state, address, code, resident::withdraw_consent).await?,
    ))
}

/// Erases everything the code finds, as a coordinator's erasure does (tallies, phones,
/// audit).
#[utoipa::path(tag = "privacy", request_body = ReceiptCodeInput,
    responses((status = 200, body = ErasureReport), (status = 400, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
              (status = 429, body = ErrorBody, headers(("Retry-After" = u64, description = "seconds to wait")))))]
#[post("/api/v1/resident/receipt/erase")]
pub async fn erase(
    state: web::Data<AppState>,
    ClientAddress(address): ClientAddress,
    body: web::Json<ReceiptCodeInput>,
) -> ApiResult<web::Json<ErasureReport>> {
    let code = body.into_inner().code;
    Ok(web::Json(
        behind_resident_throttle(&state, address, code, resident::erase).await?,
    ))
}

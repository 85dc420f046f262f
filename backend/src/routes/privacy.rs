//! Data protection: erasure by receipt code, the audit log, the processing register and a
//! preview of the retention purge. Use cases in `services/privacy/`; the coordinators' screen
//! is `pages/coord/privacy.rs`.

use actix_web::http::header::{self, ContentType};
use actix_web::{delete, get, web, HttpResponse};
use portevoix_domain::wire::{
    AuditPage, AuditQuery, ErasureReport, ErrorBody, PurgeReport, ReceiptLookup, Role,
};
use serde::Deserialize;

use crate::auth::AuthUser;
use crate::client_address::ClientAddress;
use crate::clock::now_ms;
use crate::db::DbConnection;
use crate::error::{ApiError, ApiResult};
use crate::services::privacy::audit_log::{self, ExportFormat};
use crate::services::privacy::{erasure, register, retention};
use crate::services::throttle::{self, Policy};
use crate::startup::AppState;

/// Runs `work` on a receipt code for a staff member, behind the guessing throttle (per account
/// and per address; a look-up that finds nothing uses up an attempt).
async fn behind_receipt_throttle<T, F>(
    state: &AppState,
    auth: AuthUser,
    address: String,
    code: String,
    work: F,
) -> ApiResult<web::Json<T>>
where
    F: FnOnce(&mut DbConnection, &AuthUser, &str) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    auth.require_staff()?;
    let policy = Policy::from_settings(&state.settings);
    state
        .json(move |conn| {
            let keys = throttle::receipt_keys(&policy, auth.id, &address);
            throttle::guarded(conn, &policy, &keys, now_ms(), |conn| {
                work(conn, &auth, &code)
            })
        })
        .await
}

/// The items a resident's receipt code finds (no content).
#[utoipa::path(tag = "privacy", security(("bearer" = [])), params(("code" = String, Path, description = "receipt code, e.g. K7QX-2M9D")),
    responses((status = 200, body = ReceiptLookup), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
              (status = 429, body = ErrorBody, headers(("Retry-After" = u64, description = "seconds to wait")))))]
#[get("/api/v1/receipts/{code}")]
pub async fn find_receipt(
    state: web::Data<AppState>,
    auth: AuthUser,
    ClientAddress(address): ClientAddress,
    code: web::Path<String>,
) -> ApiResult<web::Json<ReceiptLookup>> {
    behind_receipt_throttle(&state, auth, address, code.into_inner(), erasure::find).await
}

/// Erase every item of a receipt code; tallies follow, phones get tombstones, it is audited.
#[utoipa::path(tag = "privacy", security(("bearer" = [])), params(("code" = String, Path, description = "receipt code")),
    responses((status = 200, body = ErasureReport), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
              (status = 429, body = ErrorBody, headers(("Retry-After" = u64, description = "seconds to wait")))))]
#[delete("/api/v1/receipts/{code}")]
pub async fn erase_receipt(
    state: web::Data<AppState>,
    auth: AuthUser,
    ClientAddress(address): ClientAddress,
    code: web::Path<String>,
) -> ApiResult<web::Json<ErasureReport>> {
    behind_receipt_throttle(&state, auth, address, code.into_inner(), erasure::erase).await
}

/// The audit log, newest first (administrators).
#[utoipa::path(tag = "privacy", security(("bearer" = [])), params(AuditQuery),
    responses((status = 200, body = AuditPage), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[get("/api/v1/audit")]
pub async fn audit(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<AuditQuery>,
) -> ApiResult<web::Json<AuditPage>> {
    let query = query.into_inner();
    state
        .json(move |conn| audit_log::list(conn, &auth, &query))
        .await
}

#[derive(Debug, Clone, Copy, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AuditFormat {
    #[default]
    Csv,
    Jsonl,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AuditExportQuery {
    /// `csv` (default) or `jsonl`.
    #[param(inline)]
    pub format: Option<AuditFormat>,
    /// Exact action or a prefix ending with a dot (`account.`).
    pub action: Option<String>,
    pub actor_id: Option<i64>,
    pub target: Option<String>,
    pub from: Option<chrono::NaiveDate>,
    pub to: Option<chrono::NaiveDate>,
}

/// Every matching entry of the audit log as CSV or JSON lines (administrators; audited).
#[utoipa::path(tag = "privacy", security(("bearer" = [])), params(AuditExportQuery),
    responses((status = 200, description = "CSV (default) or JSON lines", content((String = "text/csv"), (String = "application/x-ndjson"))), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[get("/api/v1/audit/export")]
pub async fn audit_export(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<AuditExportQuery>,
) -> ApiResult<HttpResponse> {
    let q = query.into_inner();
    let format = q.format.unwrap_or_default();
    let filters = AuditQuery {
        action: q.action,
        actor_id: q.actor_id,
        target: q.target,
        from: q.from,
        to: q.to,
        before: None,
        limit: None,
    };
    let (export_format, content_type, extension) = match format {
        AuditFormat::Csv => (ExportFormat::Csv, "text/csv; charset=utf-8", "csv"),
        AuditFormat::Jsonl => (ExportFormat::JsonLines, "application/x-ndjson", "jsonl"),
    };
    let body = state
        .db(move |conn| audit_log::export(conn, &auth, &filters, export_format))
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, content_type))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"journal-audit.{extension}\""),
        ))
        .body(body))
}

#[derive(Debug, Clone, Copy, Default, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RegisterFormat {
    #[default]
    Markdown,
    Html,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct RegisterQuery {
    /// `markdown` (default) or `html` (print-ready).
    #[param(inline)]
    pub format: Option<RegisterFormat>,
}

/// The processing register (RGPD article 30), from the configuration (administrators).
#[utoipa::path(tag = "privacy", security(("bearer" = [])), params(RegisterQuery),
    responses((status = 200, description = "Markdown (default) or print-ready HTML", content((String = "text/markdown"), (String = "text/html"))), (status = 400, body = ErrorBody),
              (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
#[get("/api/v1/register")]
pub async fn processing_register(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<RegisterQuery>,
) -> ApiResult<HttpResponse> {
    auth.require(&[Role::Admin])?;
    let format = query.into_inner().format.unwrap_or_default();
    let settings = state.settings.clone();
    let text = state
        .db(move |conn| match format {
            RegisterFormat::Markdown => register::markdown(conn, &settings),
            RegisterFormat::Html => register::html(conn, &settings),
        })
        .await?;
    Ok(match format {
        RegisterFormat::Markdown => HttpResponse::Ok()
            .insert_header((header::CONTENT_TYPE, "text/markdown; charset=utf-8"))
            .body(text),
        RegisterFormat::Html => HttpResponse::Ok()
            .content_type(ContentType::html())
            .insert_header(("Content-Security-Policy", register::html_csp()))
            .body(text),
    })
}

/// What the retention purge would remove now (administrators; removes nothing).
#[utoipa::path(tag = "privacy", security(("bearer" = [])),
    responses((status = 200, body = PurgeReport), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
#[get("/api/v1/retention/preview")]
pub async fn retention_preview(
    state: web::Data<AppState>,
    auth: AuthUser,
) -> ApiResult<web::Json<PurgeReport>> {
    auth.require(&[Role::Admin])?;
    let months = state.settings.retention_months;
    state
        .json(move |conn| retention::purge(conn, months, now_ms(), true))
        .await
}

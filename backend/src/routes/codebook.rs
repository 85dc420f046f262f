//! The theme codebook: `GET /api/v1/themes` (any signed-in account) and the coordinators'
//! editor, `POST /api/v1/themes`, `PUT /api/v1/themes/{code}`, `POST /api/v1/themes/reanalyse`.
//! Use cases in `services::codebook` (the editor in `services/codebook/editor.rs`); the
//! coordinators' screen is `pages/coord/codebook.rs`.

use actix_web::{get, post, put, web, HttpResponse};
use portevoix_domain::analysis::learning::KeywordProposal;
use portevoix_domain::codebook::Theme;
use portevoix_domain::wire::{ErrorBody, KeywordAcceptance, ReanalysisReport, ThemeInput};

use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::services::analysis::learning;
use crate::services::codebook::{self, editor};
use crate::startup::AppState;

/// The codebook, retired themes included (they stay on old items).
#[utoipa::path(tag = "codebook", security(("bearer" = [])), responses((status = 200, body = Vec<Theme>), (status = 401, body = ErrorBody)))]
#[get("/api/v1/themes")]
pub async fn list(state: web::Data<AppState>, _auth: AuthUser) -> ApiResult<web::Json<Vec<Theme>>> {
    state.json(codebook::list).await
}

/// Add a theme; testimonies awaiting a decision are analysed again.
#[utoipa::path(tag = "codebook", security(("bearer" = [])), request_body = ThemeInput,
    responses((status = 201, body = Theme), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/api/v1/themes")]
pub async fn create(
    state: web::Data<AppState>,
    auth: AuthUser,
    body: web::Json<ThemeInput>,
) -> ApiResult<HttpResponse> {
    let theme = state
        .db(move |conn| editor::create(conn, &auth, body.into_inner()))
        .await?;
    Ok(HttpResponse::Created().json(theme))
}

/// Rename, edit keywords and related words, retire (`retired: true`) or restore a theme.
#[utoipa::path(tag = "codebook", security(("bearer" = [])), params(("code" = String, Path)), request_body = ThemeInput,
    responses((status = 200, body = Theme), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[put("/api/v1/themes/{code}")]
pub async fn update(
    state: web::Data<AppState>,
    auth: AuthUser,
    code: web::Path<String>,
    body: web::Json<ThemeInput>,
) -> ApiResult<web::Json<Theme>> {
    let code = code.into_inner();
    state
        .json(move |conn| editor::update(conn, &auth, &code, body.into_inner()))
        .await
}

/// Analyse again the testimonies awaiting a decision (pending, à corriger).
#[utoipa::path(tag = "codebook", security(("bearer" = [])),
    responses((status = 200, body = ReanalysisReport), (status = 403, body = ErrorBody)))]
#[post("/api/v1/themes/reanalyse")]
pub async fn reanalyse(
    state: web::Data<AppState>,
    auth: AuthUser,
) -> ApiResult<web::Json<ReanalysisReport>> {
    state.json(move |conn| editor::reanalyse(conn, &auth)).await
}

/// Keywords the coordinators' decisions propose: words beside which they added a theme the
/// analysis had missed, at least 3 times (issue 14 §3).
#[utoipa::path(tag = "codebook", security(("bearer" = [])),
    responses((status = 200, body = Vec<KeywordProposal>), (status = 403, body = ErrorBody)))]
#[get("/api/v1/themes/proposals")]
pub async fn proposals(
    state: web::Data<AppState>,
    auth: AuthUser,
) -> ApiResult<web::Json<Vec<KeywordProposal>>> {
    auth.require_staff()?;
    state.json(learning::proposals).await
}

/// Accept a proposed keyword: it joins the theme's keywords (audited, as any edit).
#[utoipa::path(tag = "codebook", security(("bearer" = [])), request_body = KeywordAcceptance,
    responses((status = 200, body = Theme), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
#[post("/api/v1/themes/proposals")]
pub async fn accept_proposal(
    state: web::Data<AppState>,
    auth: AuthUser,
    body: web::Json<KeywordAcceptance>,
) -> ApiResult<web::Json<Theme>> {
    state
        .json(move |conn| editor::accept_proposal(conn, &auth, body.into_inner()))
        .await
}

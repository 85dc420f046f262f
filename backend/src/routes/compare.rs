//! `/api/v1/compare/*`: the inter-council view (coordinators).

use actix_web::{get, web};
use portevoix_domain::wire::{ErrorBody, QuestionComparison, ThemeComparison};
use serde::Deserialize;

use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::services::compare;
use crate::startup::AppState;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ThemeQuery {
    /// Theme code.
    pub theme: String,
    /// `YYYY-MM`, both included.
    pub from: Option<String>,
    pub to: Option<String>,
    /// Comma-separated quartier ids (default: all).
    pub quartier_ids: Option<String>,
    /// Exact figures, not for publication (default: suppressed as councils see them).
    #[serde(default)]
    pub raw: bool,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct QuestionQuery {
    pub survey_version_id: i64,
    /// Question code.
    pub question: String,
    pub quartier_ids: Option<String>,
    #[serde(default)]
    pub raw: bool,
}

/// One theme, quartiers side by side, month by month, with metropolitan totals.
#[utoipa::path(tag = "compare", security(("bearer" = [])), params(ThemeQuery),
    responses((status = 200, body = ThemeComparison), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[get("/api/v1/compare/themes")]
pub async fn themes(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<ThemeQuery>,
) -> ApiResult<web::Json<ThemeComparison>> {
    let q = query.into_inner();
    let ids = compare::parse_ids(q.quartier_ids.as_deref())?;
    state
        .json(move |conn| {
            compare::themes(
                conn,
                &auth,
                &q.theme,
                (q.from.as_deref(), q.to.as_deref()),
                ids,
                q.raw,
            )
        })
        .await
}

/// One survey question, quartiers side by side (counts and percentages per option).
#[utoipa::path(tag = "compare", security(("bearer" = [])), params(QuestionQuery),
    responses((status = 200, body = QuestionComparison), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[get("/api/v1/compare/questions")]
pub async fn questions(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<QuestionQuery>,
) -> ApiResult<web::Json<QuestionComparison>> {
    let q = query.into_inner();
    let ids = compare::parse_ids(q.quartier_ids.as_deref())?;
    state
        .json(move |conn| {
            compare::question(conn, &auth, q.survey_version_id, &q.question, ids, q.raw)
        })
        .await
}

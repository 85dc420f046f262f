//! `/api/v1/analysis/emerging`: words on the rise that the codebook does not cover (staff). Use
//! case in `services/analysis/emerging.rs`; shown on the coordinators' home
//! (`pages/coord/analysis.rs`).

use actix_web::{get, web};
use portevoix_domain::wire::{EmergingTopics, ErrorBody, Period};
use serde::Deserialize;

use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::services::analysis::emerging;
use crate::startup::AppState;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct EmergingQuery {
    /// A quartier; absent: every quartier together.
    pub quartier_id: Option<i64>,
    /// `month` (default) or `quarter`, compared with the period before.
    #[param(inline)]
    pub period: Option<Period>,
    /// `YYYY-MM`, a month of the period to look at; default the current month.
    pub date: Option<String>,
    /// Testimonies of the period that must use a word (1 to 1000, default 3).
    pub min_texts: Option<u32>,
    /// At most this many words (1 to 100, default 20).
    pub limit: Option<usize>,
}

/// Emerging topics of a quartier: the current period against the previous one.
#[utoipa::path(tag = "analysis", security(("bearer" = [])), params(EmergingQuery),
    responses((status = 200, body = EmergingTopics), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
              (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[get("/api/v1/analysis/emerging")]
pub async fn emerging_topics(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<EmergingQuery>,
) -> ApiResult<web::Json<EmergingTopics>> {
    let q = query.into_inner();
    let request = emerging::Request {
        quartier_id: q.quartier_id,
        period: q.period.unwrap_or_default(),
        date: q.date,
        min_texts: q.min_texts,
        limit: q.limit,
    };
    state
        .json(move |conn| emerging::emerging(conn, &auth, request))
        .await
}

//! `/api/v1/council/*`: what council members read (coordinators preview with `council_id`).
//! Aggregates only, small cells suppressed, approved redacted quotes; never raw answers,
//! original text, volunteers or another council's quartiers.

use actix_web::{get, post, web, HttpResponse};
use portevoix_domain::wire::{
    AnswerDecision, CouncilAnswer, CouncilAnswerInput, CouncilHome, CouncilReport, ErrorBody,
    QuotePage, SurveyResults, ThemesOverTime,
};
use serde::Deserialize;

use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::services::council::{self, quotes::QuoteFilter};
use crate::startup::AppState;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct HomeQuery {
    /// Coordinators and administrators: the council to preview. Council members: omit it.
    pub council_id: Option<i64>,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct QuartierQuery {
    pub quartier_id: i64,
    pub council_id: Option<i64>,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ThemesQuery {
    pub quartier_id: i64,
    pub council_id: Option<i64>,
    /// First month shown, `YYYY-MM` (default: the first on record).
    pub from: Option<String>,
    /// Last month shown, `YYYY-MM` (default: this month).
    pub to: Option<String>,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct QuotesQuery {
    pub quartier_id: i64,
    pub council_id: Option<i64>,
    /// Theme code.
    pub theme: Option<String>,
    /// Words to find in the (redacted) text.
    pub q: Option<String>,
    /// `YYYY-MM`, both included.
    pub from: Option<String>,
    pub to: Option<String>,
    /// 1 to 50, default 20.
    pub limit: Option<u64>,
    #[serde(default)]
    pub offset: u64,
}

/// The council's quartiers, latest surveys with how many answered (suppressed), themes.
#[utoipa::path(tag = "council", security(("bearer" = [])), params(HomeQuery),
    responses((status = 200, body = CouncilHome), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[get("/api/v1/council/home")]
pub async fn home(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<HomeQuery>,
) -> ApiResult<web::Json<CouncilHome>> {
    let council = query.council_id;
    state
        .json(move |conn| council::home(conn, &auth, council))
        .await
}

/// Results of one survey version in one quartier: counts and percentages per question,
/// small cells suppressed ("< 11"), with secondary suppression.
#[utoipa::path(tag = "council", security(("bearer" = [])), params(("version_id" = i64, Path), QuartierQuery),
    responses((status = 200, body = SurveyResults), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[get("/api/v1/council/surveys/{version_id}/results")]
pub async fn results(
    state: web::Data<AppState>,
    auth: AuthUser,
    version_id: web::Path<i64>,
    query: web::Query<QuartierQuery>,
) -> ApiResult<web::Json<SurveyResults>> {
    let version_id = version_id.into_inner();
    let QuartierQuery {
        quartier_id,
        council_id,
    } = query.into_inner();
    state
        .json(move |conn| council::results(conn, &auth, council_id, version_id, quartier_id))
        .await
}

/// Approved testimonies per theme and month in one quartier (suppressed).
#[utoipa::path(tag = "council", security(("bearer" = [])), params(ThemesQuery),
    responses((status = 200, body = ThemesOverTime), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[get("/api/v1/council/themes")]
pub async fn themes(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<ThemesQuery>,
) -> ApiResult<web::Json<ThemesOverTime>> {
    let q = query.into_inner();
    state
        .json(move |conn| {
            council::themes_over_time(
                conn,
                &auth,
                q.council_id,
                q.quartier_id,
                q.from.as_deref(),
                q.to.as_deref(),
            )
        })
        .await
}

/// Approved, redacted quotes (consent `quote`) of one quartier, newest first; only from months
/// with at least 11 approved testimonies in the quartier.
#[utoipa::path(tag = "council", security(("bearer" = [])), params(QuotesQuery),
    responses((status = 200, body = QuotePage), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[get("/api/v1/council/quotes")]
pub async fn quotes(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<QuotesQuery>,
) -> ApiResult<web::Json<QuotePage>> {
    let q = query.into_inner();
    let filter = QuoteFilter {
        theme: q.theme,
        search: q.q,
        from: q.from,
        to: q.to,
        limit: q.limit,
        offset: q.offset,
    };
    state
        .json(move |conn| council::quotes(conn, &auth, q.council_id, q.quartier_id, filter))
        .await
}

/// The printable report's choices: a period of months and the themes to show.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ReportQuery {
    pub quartier_id: i64,
    pub council_id: Option<i64>,
    /// First month, `YYYY-MM` (default: eleven months before `to`).
    pub from: Option<String>,
    /// Last month, `YYYY-MM` (default: this month, or twelve months after `from`).
    pub to: Option<String>,
    /// Theme codes, comma-separated (default: the 4 themes with most approved testimonies).
    pub themes: Option<String>,
}

/// Everything the printable report shows: 3 latest surveys, the themes of a period (12 months
/// unless chosen), quotes of the chosen or leading themes.
#[utoipa::path(tag = "council", security(("bearer" = [])), params(ReportQuery),
    responses((status = 200, body = CouncilReport), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[get("/api/v1/council/report")]
pub async fn report(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<ReportQuery>,
) -> ApiResult<web::Json<CouncilReport>> {
    let q = query.into_inner();
    let choice = council::ReportChoice {
        from: q.from,
        to: q.to,
        themes: q.themes,
    };
    state
        .json(move |conn| council::report(conn, &auth, q.council_id, q.quartier_id, choice))
        .await
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct AnswersQuery {
    /// A quartier's answers (council members: one of theirs). Coordinators may omit it to get
    /// every answer waiting for approval.
    pub quartier_id: Option<i64>,
    pub council_id: Option<i64>,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
pub struct CouncilQuery {
    /// Coordinators and administrators: the council they write for. Council members: omit it.
    pub council_id: Option<i64>,
}

/// A council's answers to residents, newest first (or, for coordinators without a quartier,
/// every answer waiting for approval).
#[utoipa::path(tag = "council", security(("bearer" = [])), params(AnswersQuery),
    responses((status = 200, body = Vec<CouncilAnswer>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[get("/api/v1/council/answers")]
pub async fn answers(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<AnswersQuery>,
) -> ApiResult<web::Json<Vec<CouncilAnswer>>> {
    let AnswersQuery {
        quartier_id,
        council_id,
    } = query.into_inner();
    state
        .json(move |conn| council::answers::list(conn, &auth, council_id, quartier_id))
        .await
}

/// The council answers residents on one theme (« Le conseil répond… », « Ce qui a changé… »);
/// on the quartier's public page once a coordinator approved it.
#[utoipa::path(tag = "council", security(("bearer" = [])), params(CouncilQuery), request_body = CouncilAnswerInput,
    responses((status = 201, body = CouncilAnswer), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/api/v1/council/answers")]
pub async fn answer(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<CouncilQuery>,
    body: web::Json<CouncilAnswerInput>,
) -> ApiResult<HttpResponse> {
    let council_id = query.council_id;
    let input = body.into_inner();
    let made = state
        .db(move |conn| council::answers::submit(conn, &auth, council_id, input))
        .await?;
    Ok(HttpResponse::Created().json(made))
}

/// Coordinators approve a council's answer (it goes on the public page) or not.
#[utoipa::path(tag = "council", security(("bearer" = [])), params(("id" = i64, Path)), request_body = AnswerDecision,
    responses((status = 200, body = CouncilAnswer), (status = 400, body = ErrorBody), (status = 403, body = ErrorBody),
              (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
#[post("/api/v1/council/answers/{id}/decision")]
pub async fn decide_answer(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<i64>,
    body: web::Json<AnswerDecision>,
) -> ApiResult<web::Json<CouncilAnswer>> {
    let id = id.into_inner();
    let decision = body.into_inner();
    state
        .json(move |conn| council::answers::decide(conn, &auth, id, decision))
        .await
}

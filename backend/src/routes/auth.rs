//! `/api/v1/auth/*`: sign-in, refresh, logout, device enrolment, current user.

use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use portevoix_domain::wire::{
    EnrolRequest, ErrorBody, LoginRequest, Me, RefreshRequest, TokenResponse,
};

use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::services::accounts::{self, Session};
use crate::services::throttle;
use crate::startup::AppState;

pub const REFRESH_COOKIE: &str = "pv_refresh";
const COOKIE_PATH: &str = "/api/v1/auth";

fn refresh_cookie(value: String, max_age_days: i64) -> Cookie<'static> {
    Cookie::build(REFRESH_COOKIE, value)
        .path(COOKIE_PATH)
        .http_only(true)
        .secure(true)
        .same_site(SameSite::Strict)
        .max_age(CookieDuration::days(max_age_days))
        .finish()
}

fn session_response(state: &AppState, session: Session) -> HttpResponse {
    let cookie = refresh_cookie(
        session.refresh_token.clone(),
        state.settings.refresh_token_days,
    );
    HttpResponse::Ok().cookie(cookie).json(TokenResponse {
        access_token: session.access_token,
        token_type: "Bearer".into(),
        expires_in: session.expires_in,
        refresh_token: session.refresh_token,
        user: session.me,
    })
}

fn presented_refresh_token(
    req: &HttpRequest,
    body: Option<web::Json<RefreshRequest>>,
) -> Option<String> {
    body.and_then(|b| b.into_inner().refresh_token)
        .filter(|t| !t.is_empty())
        .or_else(|| req.cookie(REFRESH_COOKIE).map(|c| c.value().to_owned()))
}

/// Sign in with e-mail and password.
/// Throttled per account and per address: past the limit, 429 with `Retry-After`.
#[utoipa::path(tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = TokenResponse), (status = 401, body = ErrorBody), (status = 400, body = ErrorBody),
              (status = 429, body = ErrorBody, headers(("Retry-After" = u64, description = "seconds to wait")))))]
#[post("/api/v1/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: web::Json<LoginRequest>,
) -> ApiResult<HttpResponse> {
    let LoginRequest { email, password } = body.into_inner();
    let address = throttle::client_address(&req, &state.settings);
    let st = state.clone();
    let session = state
        .db(move |conn| throttle::login(conn, &st.keys, &st.settings, &email, &password, &address))
        .await?;
    Ok(session_response(&state, session))
}

/// Exchange a refresh token (body or `pv_refresh` cookie) for a new pair; the old one is spent.
#[utoipa::path(tag = "auth", request_body(content = RefreshRequest, description = "optional when the cookie is sent"),
    responses((status = 200, body = TokenResponse), (status = 401, body = ErrorBody)))]
#[post("/api/v1/auth/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Option<web::Json<RefreshRequest>>,
) -> ApiResult<HttpResponse> {
    let token = presented_refresh_token(&req, body)
        .ok_or_else(|| ApiError::Unauthorized("aucune session".into()))?;
    let st = state.clone();
    let session = state
        .db(move |conn| accounts::refresh(conn, &st.keys, &st.settings, &token))
        .await?;
    Ok(session_response(&state, session))
}

/// End the session the refresh token belongs to.
#[utoipa::path(tag = "auth", request_body(content = RefreshRequest, description = "optional when the cookie is sent"),
    responses((status = 204)))]
#[post("/api/v1/auth/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Option<web::Json<RefreshRequest>>,
) -> ApiResult<HttpResponse> {
    if let Some(token) = presented_refresh_token(&req, body) {
        state.db(move |conn| accounts::logout(conn, &token)).await?;
    }
    let mut gone = refresh_cookie(String::new(), 0);
    gone.make_removal();
    Ok(HttpResponse::NoContent().cookie(gone).finish())
}

/// Sign a phone in with a one-time enrolment code from a coordinator.
#[utoipa::path(tag = "auth", request_body = EnrolRequest,
    responses((status = 200, body = TokenResponse), (status = 401, body = ErrorBody)))]
#[post("/api/v1/auth/enrol")]
pub async fn enrol(
    state: web::Data<AppState>,
    body: web::Json<EnrolRequest>,
) -> ApiResult<HttpResponse> {
    let EnrolRequest { code, device_label } = body.into_inner();
    let st = state.clone();
    let session = state
        .db(move |conn| {
            accounts::enrol(conn, &st.keys, &st.settings, &code, device_label.as_deref())
        })
        .await?;
    Ok(session_response(&state, session))
}

/// Who am I?
#[utoipa::path(tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = Me), (status = 401, body = ErrorBody)))]
#[get("/api/v1/auth/me")]
pub async fn me(state: web::Data<AppState>, auth: AuthUser) -> ApiResult<web::Json<Me>> {
    Ok(web::Json(
        state.db(move |conn| accounts::me(conn, &auth)).await?,
    ))
}

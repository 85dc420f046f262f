//! `/api/v1/auth/*`: sign-in, refresh, logout, device enrolment, current user. Use cases in
//! `services/accounts/sessions.rs`; the phone's screen is `pages/signin.rs`.

use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use portevoix_domain::wire::{
    EnrolRequest, ErrorBody, LoginRequest, Me, RefreshRequest, TokenResponse,
};

use crate::auth::AuthUser;
use crate::client_address::ClientAddress;
use crate::error::{ApiError, ApiResult};
use crate::services::accounts::sessions::{self, Session};
use crate::services::throttle;
use crate::startup::AppState;

pub const REFRESH_COOKIE: &str = "pv_refresh";
const COOKIE_PATH: &str = "/api/v1/auth";
/// A client without a cookie store (a script, another service) sends this header with the value
/// `body` to get the refresh token in the JSON body too. Browsers never need it: page scripts
/// must not be able to read the token, so by default it travels only in the HttpOnly cookie.
pub const REFRESH_IN_BODY_HEADER: &str = "X-Refresh-Token-Delivery";
/// Longer than any e-mail address (RFC 5321 path limit): refused before any database work.
const MAX_EMAIL_BYTES: usize = 254;

fn refresh_cookie(value: String, max_age_days: i64) -> Cookie<'static> {
    Cookie::build(REFRESH_COOKIE, value)
        .path(COOKIE_PATH)
        .http_only(true)
        .secure(true)
        .same_site(SameSite::Strict)
        .max_age(CookieDuration::days(max_age_days))
        .finish()
}

fn wants_token_in_body(req: &HttpRequest) -> bool {
    req.headers()
        .get(REFRESH_IN_BODY_HEADER)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("body"))
}

fn session_response(state: &AppState, req: &HttpRequest, session: Session) -> HttpResponse {
    let cookie = refresh_cookie(
        session.refresh_token.clone(),
        state.settings.refresh_token_days,
    );
    let in_body = wants_token_in_body(req);
    HttpResponse::Ok().cookie(cookie).json(TokenResponse {
        access_token: session.access_token,
        token_type: "Bearer".into(),
        expires_in: session.expires_in,
        refresh_token: in_body.then_some(session.refresh_token),
        user: session.me,
    })
}

/// The refresh token is in the `pv_refresh` cookie; in the body too only with this header.
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Header)]
pub struct TokenDelivery {
    /// `body`: also return the refresh token in the JSON body (clients without cookies).
    #[param(rename = "X-Refresh-Token-Delivery")]
    #[allow(dead_code, reason = "documents the header for the OpenAPI document")]
    pub delivery: Option<String>,
}

fn check_email_size(email: &str) -> Result<(), ApiError> {
    if email.len() > MAX_EMAIL_BYTES {
        return Err(ApiError::validation(
            "invalid_email",
            "adresse e-mail invalide",
            Some("email".to_owned()),
        ));
    }
    Ok(())
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
#[utoipa::path(tag = "auth", request_body = LoginRequest, params(TokenDelivery),
    responses((status = 200, body = TokenResponse), (status = 401, body = ErrorBody), (status = 400, body = ErrorBody),
              (status = 429, body = ErrorBody, headers(("Retry-After" = u64, description = "seconds to wait")))))]
#[post("/api/v1/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    ClientAddress(address): ClientAddress,
    body: web::Json<LoginRequest>,
) -> ApiResult<HttpResponse> {
    let LoginRequest { email, password } = body.into_inner();
    check_email_size(&email)?;
    if password.len() > 4 * crate::auth::password::MAX_PASSWORD_CHARS {
        return Err(ApiError::Unauthorized(
            "e-mail ou mot de passe incorrect".into(),
        ));
    }
    let st = state.clone();
    let session = state
        .db(move |conn| throttle::login(conn, &st.keys, &st.settings, &email, &password, &address))
        .await?;
    Ok(session_response(&state, &req, session))
}

/// Exchange a refresh token (body or `pv_refresh` cookie) for a new pair; the old one is spent.
#[utoipa::path(tag = "auth", request_body(content = RefreshRequest, description = "optional when the cookie is sent"),
    params(TokenDelivery),
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
        .db(move |conn| sessions::refresh(conn, &st.keys, &st.settings, &token))
        .await?;
    Ok(session_response(&state, &req, session))
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
        state.db(move |conn| sessions::logout(conn, &token)).await?;
    }
    let mut gone = refresh_cookie(String::new(), 0);
    gone.make_removal();
    Ok(HttpResponse::NoContent().cookie(gone).finish())
}

/// End every session of the caller's account, on every device: refresh tokens are revoked and
/// access tokens already handed out stop working at once.
#[utoipa::path(tag = "auth", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody)))]
#[post("/api/v1/auth/logout-all")]
pub async fn logout_all(state: web::Data<AppState>, auth: AuthUser) -> ApiResult<HttpResponse> {
    state
        .db(move |conn| sessions::end_all_sessions(conn, auth.id, auth.actor()))
        .await?;
    let mut gone = refresh_cookie(String::new(), 0);
    gone.make_removal();
    Ok(HttpResponse::NoContent().cookie(gone).finish())
}

/// Sign a phone in with a one-time enrolment code from a coordinator.
/// Throttled per address and for the whole server: past the limit, 429 with `Retry-After`.
#[utoipa::path(tag = "auth", request_body = EnrolRequest, params(TokenDelivery),
    responses((status = 200, body = TokenResponse), (status = 401, body = ErrorBody), (status = 400, body = ErrorBody),
              (status = 429, body = ErrorBody, headers(("Retry-After" = u64, description = "seconds to wait")))))]
#[post("/api/v1/auth/enrol")]
pub async fn enrol(
    state: web::Data<AppState>,
    req: HttpRequest,
    ClientAddress(address): ClientAddress,
    body: web::Json<EnrolRequest>,
) -> ApiResult<HttpResponse> {
    let EnrolRequest { code, device_label } = body.into_inner();
    if code.len() > 64 {
        return Err(ApiError::validation(
            "invalid_code",
            "code d'enrôlement invalide",
            Some("code".to_owned()),
        ));
    }
    let st = state.clone();
    let session = state
        .db(move |conn| {
            throttle::enrol(
                conn,
                &st.keys,
                &st.settings,
                &code,
                device_label.as_deref(),
                &address,
            )
        })
        .await?;
    Ok(session_response(&state, &req, session))
}

/// Who am I?
#[utoipa::path(tag = "auth", security(("bearer" = [])),
    responses((status = 200, body = Me), (status = 401, body = ErrorBody)))]
#[get("/api/v1/auth/me")]
pub async fn me(state: web::Data<AppState>, auth: AuthUser) -> ApiResult<web::Json<Me>> {
    state.json(move |conn| sessions::me(conn, &auth)).await
}

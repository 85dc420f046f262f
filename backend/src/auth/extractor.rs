//! The actix side of authentication: [`AuthUser`] as an extractor handlers take as a
//! parameter. It reads the bearer token, verifies it ([`super::token`]) and loads the account
//! from the database on every request. Only routes use this module; services never do.

use std::future::Future;
use std::pin::Pin;

use actix_web::{dev::Payload, http::header, web, FromRequest, HttpRequest};

use super::AuthUser;
use crate::error::ApiError;
use crate::services::accounts::sessions;
use crate::startup::AppState;

fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
}

impl FromRequest for AuthUser {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = bearer(req);
        Box::pin(async move {
            let state =
                state.ok_or_else(|| ApiError::internal(anyhow::anyhow!("state missing")))?;
            let token =
                token.ok_or_else(|| ApiError::Unauthorized("authentification requise".into()))?;
            let claims = state.keys.verify(&token)?;
            let user_id: i64 = claims
                .sub
                .parse()
                .map_err(|_| ApiError::Unauthorized("jeton d'accès invalide".into()))?;
            let device_id = claims.did;
            let issued_ms = claims.issued_ms();
            state
                .db(move |conn| sessions::session_user(conn, user_id, device_id, issued_ms))
                .await
        })
    }
}

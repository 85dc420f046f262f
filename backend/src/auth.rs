//! Authentication: argon2id passwords, HS256 access tokens, rotating refresh tokens, and the
//! [`AuthUser`] extractor handlers take to know who is calling.

use std::future::Future;
use std::pin::Pin;

use actix_web::{dev::Payload, http::header, web, FromRequest, HttpRequest};
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::{Algorithm as ArgonAlgorithm, Argon2, Params, Version};
use base64::Engine;
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use portevoix_domain::wire::Role;
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::error::ApiError;
use crate::services::audit::Actor;
use crate::services::accounts;
use crate::startup::AppState;

pub const AUDIENCE: &str = "portevoix-api";
pub const ISSUER: &str = "portevoix";
pub const MIN_PASSWORD_CHARS: usize = 10;
pub const MAX_PASSWORD_CHARS: usize = 256;

/// OWASP's argon2id recommendation: 19 MiB, 2 iterations, 1 lane.
fn argon2() -> Result<Argon2<'static>, ApiError> {
    let params = Params::new(19 * 1024, 2, 1, None)
        .map_err(|e| ApiError::internal(anyhow::anyhow!("{e}")))?;
    Ok(Argon2::new(
        ArgonAlgorithm::Argon2id,
        Version::V0x13,
        params,
    ))
}

pub fn check_password_rules(password: &str) -> Result<(), ApiError> {
    let len = password.chars().count();
    if len < MIN_PASSWORD_CHARS {
        return Err(ApiError::validation(
            "weak_password",
            format!("le mot de passe doit faire au moins {MIN_PASSWORD_CHARS} caractères"),
            Some("password".to_owned()),
        ));
    }
    if len > MAX_PASSWORD_CHARS {
        return Err(ApiError::validation(
            "password_too_long",
            "mot de passe trop long",
            Some("password".to_owned()),
        ));
    }
    Ok(())
}

pub fn hash_password(password: &str) -> Result<String, ApiError> {
    let salt = SaltString::generate(&mut OsRng);
    argon2()?
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| ApiError::internal(anyhow::anyhow!("password hashing failed: {e}")))
}

pub fn verify_password(password: &str, stored: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored) else {
        return false;
    };
    let Ok(hasher) = argon2() else { return false };
    hasher.verify_password(password.as_bytes(), &parsed).is_ok()
}

/// A hash computed when the account does not exist, so a wrong e-mail costs as much as a wrong
/// password and timing does not reveal which accounts exist.
pub fn burn_password_time(password: &str) {
    let _ = hash_password(password);
}

/// Random URL-safe secret (refresh tokens, generated passwords, the signing secret).
pub fn random_token(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut buf);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf)
}

pub fn sha256_hex(value: &str) -> String {
    hex::encode(Sha256::digest(value.as_bytes()))
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    pub sub: String,
    pub exp: i64,
    pub nbf: i64,
    pub iat: i64,
    pub aud: String,
    pub iss: String,
    /// Device the session belongs to, for enrolled phones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub did: Option<Uuid>,
    /// Issued at, in milliseconds: compared with the account's `sessions_valid_after`
    /// (`iat` has whole seconds only; a token from the same second as a logout must die too).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub iat_ms: Option<i64>,
}

impl Claims {
    /// When the token was issued, in milliseconds.
    pub fn issued_ms(&self) -> i64 {
        self.iat_ms.unwrap_or(self.iat.saturating_mul(1000))
    }
}

/// Signing and checking keys with a pinned algorithm.
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    /// Derives a refresh token's successor (see [`JwtKeys::successor`]).
    successor_key: [u8; 32],
    pub access_ttl_seconds: i64,
}

impl JwtKeys {
    pub fn new(secret: &[u8], access_ttl_seconds: i64) -> anyhow::Result<Self> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_audience(&[AUDIENCE]);
        validation.set_issuer(&[ISSUER]);
        validation.set_required_spec_claims(&["exp", "nbf", "iat", "aud", "iss", "sub"]);
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.leeway = 30;
        Ok(Self {
            encoding: EncodingKey::from_secret(secret)?,
            decoding: DecodingKey::from_secret(secret)?,
            validation,
            successor_key: Sha256::new()
                .chain_update(b"portevoix refresh successor\0")
                .chain_update(secret)
                .finalize()
                .into(),
            access_ttl_seconds,
        })
    }

    /// The refresh token that replaces `token` when it is rotated: derived from it with a
    /// server key, so presenting the same token again within the grace period hands back the
    /// same successor (one chain, never two) without the server keeping any token in clear.
    pub fn successor(&self, token: &str) -> String {
        let digest = Sha256::new()
            .chain_update(self.successor_key)
            .chain_update(token.as_bytes())
            .finalize();
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest)
    }

    pub fn issue(&self, user_id: i64, device_id: Option<Uuid>) -> Result<String, ApiError> {
        let now_ms = crate::clock::now_ms();
        let now = now_ms.div_euclid(1000);
        let claims = Claims {
            sub: user_id.to_string(),
            exp: now + self.access_ttl_seconds,
            nbf: now,
            iat: now,
            aud: AUDIENCE.into(),
            iss: ISSUER.into(),
            did: device_id,
            iat_ms: Some(now_ms),
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding).map_err(ApiError::internal)
    }

    pub fn verify(&self, token: &str) -> Result<Claims, ApiError> {
        decode::<Claims>(token, &self.decoding, &self.validation)
            .map(|data| data.claims)
            .map_err(|e| {
                tracing::debug!(error = %e, "access token refused");
                ApiError::Unauthorized("jeton d'accès invalide ou expiré".into())
            })
    }
}

/// Who is calling, checked against the database on every request: a disabled account, an
/// expired volunteer or a revoked device loses access at once, whatever its token says.
#[derive(Debug, Clone)]
pub struct AuthUser {
    pub id: i64,
    pub role: Role,
    pub council_id: Option<i64>,
    pub device_id: Option<Uuid>,
}

impl AuthUser {
    pub fn require(&self, roles: &[Role]) -> Result<(), ApiError> {
        if roles.contains(&self.role) {
            Ok(())
        } else {
            Err(ApiError::forbidden())
        }
    }

    pub fn require_staff(&self) -> Result<(), ApiError> {
        self.require(&[Role::Admin, Role::Coordinator])
    }

    pub fn require_collector(&self) -> Result<(), ApiError> {
        self.require(&[Role::Admin, Role::Coordinator, Role::Volunteer])
    }
}

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
                .db(move |conn| accounts::session_user(conn, user_id, device_id, issued_ms))
                .await
        })
    }
}

impl AuthUser {
    /// The command line acting as an administrator, with no account: its `id` matches no
    /// account (ids start at 1) and the audit log records it as [`Actor::System`].
    pub fn system() -> Self {
        Self {
            id: 0,
            role: Role::Admin,
            council_id: None,
            device_id: None,
        }
    }

    /// Who acts, for the audit log: the account, or the system for the command line.
    pub fn actor(&self) -> Actor {
        if self.id > 0 {
            Actor::User(self.id)
        } else {
            Actor::System
        }
    }
}

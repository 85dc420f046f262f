//! Tokens: HS256 access tokens (algorithm pinned, claims checked), the refresh-token successor
//! derivation, random secrets and their hashes. Pure: no actix, no database.

use base64::Engine;
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use crate::error::ApiError;

pub const AUDIENCE: &str = "portevoix-api";
pub const ISSUER: &str = "portevoix";

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

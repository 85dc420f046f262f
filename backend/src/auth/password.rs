//! Passwords: the length rule, argon2id hashing and checking. Pure: no actix, no database.

use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::{Algorithm as ArgonAlgorithm, Argon2, Params, Version};

use crate::error::ApiError;

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

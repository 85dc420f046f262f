//! Sign-in and sessions (`routes/auth.rs`; the phone's `pages/signin.rs`): password sign-in,
//! enrolment with a one-time code, refresh-token families (rotation, reuse grace, theft
//! detection), logout, and the account loaded on every request ([`session_user`]). Ending every
//! session of an account at once moves its `sessions_valid_after` to now, so access tokens issued
//! before are refused on their next request.

use diesel::prelude::*;
use portevoix_domain::wire::Me;
use uuid::Uuid;

use super::{canonical_code, expired, revoke_sessions_at};
use crate::auth::password::{burn_password_time, verify_password};
use crate::auth::token::{random_token, sha256_hex, JwtKeys};
use crate::auth::AuthUser;
use crate::clock::now_ms;
use crate::config::Settings;
use crate::db::models::{DeviceRow, RefreshTokenRow, UserRow};
use crate::db::schema::{devices, enrolments, refresh_tokens, users};
use crate::db::{write_transaction, DbConnection};
use crate::error::ApiError;
use crate::services::audit;
use crate::services::audit::{Actor, AuditAction};

const DAY_MS: i64 = 24 * 3600 * 1000;
/// How long a just-rotated refresh token is still accepted (concurrent refreshes from two tabs).
/// Presenting it later means it leaked: the whole family is revoked.
pub const REFRESH_REUSE_GRACE_MS: i64 = 20_000;

/// What a successful sign-in, refresh or enrolment hands back.
pub struct Session {
    pub access_token: String,
    pub refresh_token: String,
    pub expires_in: i64,
    pub me: Me,
}

fn unauthorized(message: &str) -> ApiError {
    ApiError::Unauthorized(message.to_owned())
}

fn to_me(row: &UserRow, device_id: Option<Uuid>) -> Result<Me, ApiError> {
    Ok(Me {
        id: row.id,
        email: row.email.clone(),
        display_name: row.display_name.clone(),
        role: row.role,
        council_id: row.council_id,
        device_id,
    })
}

fn usable_user(conn: &mut DbConnection, user_id: i64) -> Result<UserRow, ApiError> {
    let row: Option<UserRow> = users::table
        .find(user_id)
        .select(UserRow::as_select())
        .first(conn)
        .optional()?;
    match row {
        Some(row) if row.active && !expired(&row) => Ok(row),
        _ => Err(unauthorized("compte désactivé ou inconnu")),
    }
}

fn usable_device(
    conn: &mut DbConnection,
    device_id: Uuid,
    user_id: i64,
) -> Result<DeviceRow, ApiError> {
    let row: Option<DeviceRow> = devices::table
        .find(device_id.to_string())
        .select(DeviceRow::as_select())
        .first(conn)
        .optional()?;
    match row {
        Some(row) if row.revoked_at.is_none() && row.user_id == user_id => Ok(row),
        _ => Err(unauthorized("appareil révoqué ou inconnu")),
    }
}

/// Called for every authenticated request. `issued_ms` is when the access token was issued:
/// tokens older than the account's `sessions_valid_after` are refused.
pub fn session_user(
    conn: &mut DbConnection,
    user_id: i64,
    device_id: Option<Uuid>,
    issued_ms: i64,
) -> Result<AuthUser, ApiError> {
    let row = usable_user(conn, user_id)?;
    if issued_ms <= row.sessions_valid_after {
        return Err(unauthorized("session terminée : reconnectez-vous"));
    }
    if let Some(device_id) = device_id {
        usable_device(conn, device_id, user_id)?;
    }
    Ok(AuthUser {
        id: row.id,
        role: row.role,
        council_id: row.council_id,
        device_id,
    })
}

pub fn me(conn: &mut DbConnection, auth: &AuthUser) -> Result<Me, ApiError> {
    let row = usable_user(conn, auth.id)?;
    to_me(&row, auth.device_id)
}

fn open_session(
    conn: &mut DbConnection,
    keys: &JwtKeys,
    settings: &Settings,
    user: &UserRow,
    device_id: Option<Uuid>,
    family: Option<String>,
    refresh_token: Option<String>,
) -> Result<Session, ApiError> {
    let refresh_token = refresh_token.unwrap_or_else(|| random_token(32));
    let now = now_ms();
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::token_hash.eq(sha256_hex(&refresh_token)),
            refresh_tokens::family.eq(family.unwrap_or_else(|| Uuid::new_v4().to_string())),
            refresh_tokens::user_id.eq(user.id),
            refresh_tokens::device_id.eq(device_id.map(|d| d.to_string())),
            refresh_tokens::issued_at.eq(now),
            refresh_tokens::expires_at.eq(now + settings.refresh_token_days * DAY_MS),
        ))
        .execute(conn)?;
    Ok(Session {
        access_token: keys.issue(user.id, device_id)?,
        refresh_token,
        expires_in: keys.access_ttl_seconds,
        me: to_me(user, device_id)?,
    })
}

pub fn login(
    conn: &mut DbConnection,
    keys: &JwtKeys,
    settings: &Settings,
    email: &str,
    password: &str,
) -> Result<Session, ApiError> {
    let refused = || unauthorized("e-mail ou mot de passe incorrect");
    let email = email.trim().to_lowercase();
    let row: Option<UserRow> = users::table
        .filter(users::email.eq(&email))
        .select(UserRow::as_select())
        .first(conn)
        .optional()?;
    let Some(row) = row else {
        burn_password_time(password);
        return Err(refused());
    };
    let Some(hash) = row.password_hash.as_deref() else {
        burn_password_time(password);
        return Err(refused());
    };
    // A disabled or expired account answers exactly like a wrong password, after the same
    // work: the answer must not confirm that a guessed password is right.
    let password_ok = verify_password(password, hash);
    if !password_ok || !row.active || expired(&row) {
        return Err(refused());
    }
    write_transaction(conn, |conn| {
        open_session(conn, keys, settings, &row, None, None, None)
    })
}

/// Rotates a refresh token. Presenting a token that was already rotated or revoked means it
/// leaked: the whole family is revoked and the caller must sign in again.
pub fn refresh(
    conn: &mut DbConnection,
    keys: &JwtKeys,
    settings: &Settings,
    token: &str,
) -> Result<Session, ApiError> {
    let outcome = write_transaction(conn, |conn| {
        let row: Option<RefreshTokenRow> = refresh_tokens::table
            .filter(refresh_tokens::token_hash.eq(sha256_hex(token)))
            .select(RefreshTokenRow::as_select())
            .first(conn)
            .optional()?;
        let Some(row) = row else {
            return Ok(Err("session inconnue"));
        };
        let now = now_ms();
        // Two tabs (or a retried request) may present the same token at once: a token spent
        // moments ago by its own family is still honoured, within a short grace period.
        let just_rotated = row
            .rotated_at
            .is_some_and(|at| now - at < REFRESH_REUSE_GRACE_MS);
        // A phone's memory manager may kill the browser right after a refresh, before the new
        // cookie was kept: the next start presents the spent token. As long as its successor
        // was never presented, nobody else went on with the session: hand the successor back,
        // however late. Once the successor has been used, the spent token is a leak.
        let successor = keys.successor(token);
        let successor_unused = row.rotated_at.is_some()
            && refresh_tokens::table
                .filter(refresh_tokens::token_hash.eq(sha256_hex(&successor)))
                .filter(refresh_tokens::family.eq(&row.family))
                .filter(refresh_tokens::rotated_at.is_null())
                .filter(refresh_tokens::revoked_at.is_null())
                .count()
                .get_result::<i64>(conn)?
                > 0;
        if row.revoked_at.is_some()
            || (row.rotated_at.is_some() && !just_rotated && !successor_unused)
        {
            revoke_family(conn, &row.family)?;
            audit::record(
                conn,
                Actor::User(row.user_id),
                AuditAction::SessionReuseDetected,
                &format!("user:{}", row.user_id),
                serde_json::json!({}),
            )?;
            return Ok(Err("session révoquée : reconnectez-vous"));
        }
        if row.expires_at <= now {
            return Ok(Err("session expirée : reconnectez-vous"));
        }
        let user = match usable_user(conn, row.user_id) {
            Ok(user) => user,
            Err(_) => return Ok(Err("compte désactivé ou expiré")),
        };
        let device_id = match row.device_id.as_deref().map(Uuid::parse_str).transpose() {
            Ok(id) => id,
            Err(_) => return Ok(Err("session invalide")),
        };
        if let Some(device_id) = device_id {
            if usable_device(conn, device_id, user.id).is_err() {
                return Ok(Err("appareil révoqué"));
            }
            diesel::update(devices::table.find(device_id.to_string()))
                .set(devices::last_seen_at.eq(Some(now)))
                .execute(conn)?;
        }
        // The first spend starts the grace period and creates the successor; a second spend
        // within it (two tabs, a retried request), or while the successor is still unused, gets
        // that same successor back, so a session never forks into two chains.
        let first_spend = diesel::update(
            refresh_tokens::table
                .find(row.id)
                .filter(refresh_tokens::rotated_at.is_null()),
        )
        .set(refresh_tokens::rotated_at.eq(Some(now)))
        .execute(conn)?
            == 1;
        if first_spend {
            return open_session(
                conn,
                keys,
                settings,
                &user,
                device_id,
                Some(row.family),
                Some(successor),
            )
            .map(Ok);
        }
        let next: Option<RefreshTokenRow> = refresh_tokens::table
            .filter(refresh_tokens::token_hash.eq(sha256_hex(&successor)))
            .filter(refresh_tokens::family.eq(&row.family))
            .select(RefreshTokenRow::as_select())
            .first(conn)
            .optional()?;
        match next {
            Some(next) if next.revoked_at.is_none() && next.expires_at > now => Ok(Ok(Session {
                access_token: keys.issue(user.id, device_id)?,
                refresh_token: successor,
                expires_in: keys.access_ttl_seconds,
                me: to_me(&user, device_id)?,
            })),
            _ => Ok(Err("session révoquée : reconnectez-vous")),
        }
    })?;
    outcome.map_err(unauthorized)
}

fn revoke_family(conn: &mut DbConnection, family: &str) -> QueryResult<usize> {
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::family.eq(family))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(Some(now_ms())))
    .execute(conn)
}

/// Revokes the session the token belongs to. Unknown tokens are ignored: logging out twice is fine.
pub fn logout(conn: &mut DbConnection, token: &str) -> Result<(), ApiError> {
    write_transaction(conn, |conn| {
        let family: Option<String> = refresh_tokens::table
            .filter(refresh_tokens::token_hash.eq(sha256_hex(token)))
            .select(refresh_tokens::family)
            .first(conn)
            .optional()?;
        if let Some(family) = family {
            revoke_family(conn, &family)?;
        }
        Ok(())
    })
}

/// Signs a phone in with a one-time code: creates the device and its session.
pub fn enrol(
    conn: &mut DbConnection,
    keys: &JwtKeys,
    settings: &Settings,
    code: &str,
    device_label: Option<&str>,
) -> Result<Session, ApiError> {
    let outcome = write_transaction(conn, |conn| {
        let hash = sha256_hex(&canonical_code(code));
        let row: Option<(i64, Option<String>, i64, Option<i64>)> = enrolments::table
            .find(&hash)
            .select((
                enrolments::user_id,
                enrolments::label,
                enrolments::expires_at,
                enrolments::used_at,
            ))
            .first(conn)
            .optional()?;
        let now = now_ms();
        let Some((user_id, label, expires_at, used_at)) = row else {
            return Ok(Err(("enrol_code_unknown", "code inconnu")));
        };
        if used_at.is_some() {
            return Ok(Err(("enrol_code_used", "code déjà utilisé")));
        }
        if expires_at <= now {
            return Ok(Err(("enrol_code_expired", "code expiré")));
        }
        let user = match usable_user(conn, user_id) {
            Ok(user) => user,
            Err(_) => {
                return Ok(Err((
                    "enrol_account_inactive",
                    "compte désactivé ou expiré",
                )))
            }
        };
        diesel::update(enrolments::table.find(&hash))
            .set(enrolments::used_at.eq(Some(now)))
            .execute(conn)?;
        let device_id = Uuid::now_v7();
        let label = device_label
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| l.chars().take(80).collect::<String>())
            .or(label)
            .unwrap_or_else(|| "Téléphone".to_owned());
        diesel::insert_into(devices::table)
            .values((
                devices::id.eq(device_id.to_string()),
                devices::user_id.eq(user_id),
                devices::label.eq(&label),
                devices::created_at.eq(now),
                devices::last_seen_at.eq(Some(now)),
            ))
            .execute(conn)?;
        audit::record(
            conn,
            Actor::User(user_id),
            AuditAction::DeviceEnrolled,
            &format!("device:{device_id}"),
            serde_json::json!({"label": label}),
        )?;
        open_session(conn, keys, settings, &user, Some(device_id), None, None).map(Ok)
    })?;
    // Each refusal says which (its code), so the phone can tell the volunteer what to do; a
    // code is random (31^8) and guesses are throttled, so saying "used" or "expired" gives a
    // guesser nothing.
    outcome.map_err(|(code, message)| ApiError::Refused {
        code,
        message: message.to_owned(),
    })
}

/// Ends every session of an account at once: refresh tokens revoked, and access tokens issued
/// until now refused by [`session_user`] (logout everywhere, password change or reset,
/// role change, disabled account). `actor` is who asked, for the audit log.
pub fn end_all_sessions(
    conn: &mut DbConnection,
    user_id: i64,
    actor: Actor,
) -> Result<(), ApiError> {
    write_transaction(conn, |conn| {
        let now = now_ms();
        revoke_sessions_at(conn, user_id, now)?;
        audit::record(
            conn,
            actor,
            AuditAction::SessionEndedEverywhere,
            &format!("user:{user_id}"),
            serde_json::json!({}),
        )?;
        Ok(())
    })
}

//! Accounts (`routes/accounts.rs`, the coordinators' `pages/coord/accounts.rs`): users, their
//! devices and the one-time enrolment codes that sign a phone in. Below it, [`sessions`] signs
//! people in and out (`routes/auth.rs`) and builds on this module, which never calls it.

pub mod sessions;

use chrono::NaiveDate;
use diesel::prelude::*;
use portevoix_domain::wire::{Device, Enrolment, NewUser, Role, User, UserPatch};
use rand::Rng;
use uuid::Uuid;

use crate::auth::password::{check_password_rules, hash_password};
use crate::auth::token::sha256_hex;
use crate::auth::AuthUser;
use crate::clock::{now_ms, to_datetime};
use crate::config::Settings;
use crate::db::models::{DeviceRow, NewUserRow, UserRow};
use crate::db::schema::{councils, devices, enrolments, refresh_tokens, users};
use crate::db::Stored;
use crate::db::{write_transaction, DbConnection};
use crate::error::ApiError;
use crate::services::audit;
use crate::services::audit::AuditAction;

/// No 0/O, 1/I/L: codes are read aloud and typed on a phone.
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

pub fn normalise_email(email: &str) -> Result<String, ApiError> {
    let email = email.trim().to_lowercase();
    let valid = email.len() <= 254
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        })
        && !email.chars().any(char::is_whitespace);
    if valid {
        Ok(email)
    } else {
        Err(ApiError::validation(
            "invalid_email",
            "adresse e-mail invalide",
            Some("email".to_owned()),
        ))
    }
}

fn expired(row: &UserRow) -> bool {
    row.expires_on
        .as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .is_some_and(|d| d < crate::services::period::today())
}

pub fn to_user(row: &UserRow) -> Result<User, ApiError> {
    Ok(User {
        id: row.id,
        email: row.email.clone(),
        display_name: row.display_name.clone(),
        role: row.role,
        council_id: row.council_id,
        active: row.active,
        expires_on: row
            .expires_on
            .as_deref()
            .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
    })
}

fn new_code() -> String {
    let mut rng = rand::thread_rng();
    let mut code = String::with_capacity(9);
    for i in 0..8 {
        if i == 4 {
            code.push('-');
        }
        code.push(char::from(
            CODE_ALPHABET[rng.gen_range(0..CODE_ALPHABET.len())],
        ));
    }
    code
}

/// Codes are compared without dashes, spaces or case.
fn canonical_code(code: &str) -> String {
    code.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

pub fn create_enrolment(
    conn: &mut DbConnection,
    settings: &Settings,
    actor: &AuthUser,
    user_id: i64,
    label: Option<String>,
) -> Result<Enrolment, ApiError> {
    actor.require_staff()?;
    write_transaction(conn, |conn| {
        let user: Option<UserRow> = users::table
            .find(user_id)
            .select(UserRow::as_select())
            .first(conn)
            .optional()?;
        let user = user.ok_or(ApiError::NotFound("compte"))?;
        if user.role != Role::Volunteer {
            return Err(ApiError::validation(
                "not_a_volunteer",
                "seuls les comptes bénévoles s'enrôlent par code",
                Some("user_id".into()),
            ));
        }
        if !user.active || expired(&user) {
            return Err(ApiError::validation(
                "inactive_user",
                "ce compte est désactivé ou expiré",
                Some("user_id".into()),
            ));
        }
        // One code per account at a time: a new one cancels those not used yet, so a code
        // handed out and forgotten does not stay valid beside the one in use.
        diesel::delete(
            enrolments::table
                .filter(enrolments::user_id.eq(user_id))
                .filter(enrolments::used_at.is_null()),
        )
        .execute(conn)?;
        let code = new_code();
        let now = now_ms();
        let expires_at = now + settings.enrolment_hours * 3600 * 1000;
        diesel::insert_into(enrolments::table)
            .values((
                enrolments::code_hash.eq(sha256_hex(&canonical_code(&code))),
                enrolments::user_id.eq(user_id),
                enrolments::label.eq(label.as_deref().map(str::trim).filter(|l| !l.is_empty())),
                enrolments::created_by.eq(actor.id),
                enrolments::created_at.eq(now),
                enrolments::expires_at.eq(expires_at),
            ))
            .execute(conn)?;
        audit::record(
            conn,
            actor.actor(),
            AuditAction::DeviceEnrolmentCreated,
            &format!("user:{user_id}"),
            serde_json::json!({}),
        )?;
        let base = settings
            .public_url
            .as_deref()
            .unwrap_or("")
            .trim_end_matches('/');
        Ok(Enrolment {
            url: format!("{base}/enrol?code={code}"),
            code,
            expires_at: to_datetime(expires_at),
        })
    })
}

fn to_device(row: DeviceRow) -> Result<Device, ApiError> {
    Ok(Device {
        id: Uuid::parse_str(&row.id).map_err(ApiError::internal)?,
        user_id: row.user_id,
        label: row.label,
        created_at: to_datetime(row.created_at),
        last_seen_at: row.last_seen_at.map(to_datetime),
        revoked: row.revoked_at.is_some(),
    })
}

/// Staff see every device; volunteers their own.
pub fn list_devices(conn: &mut DbConnection, actor: &AuthUser) -> Result<Vec<Device>, ApiError> {
    actor.require_collector()?;
    let mut query = devices::table
        .select(DeviceRow::as_select())
        .order(devices::created_at.desc())
        .into_boxed();
    if !actor.role.is_staff() {
        query = query.filter(devices::user_id.eq(actor.id));
    }
    query.load(conn)?.into_iter().map(to_device).collect()
}

pub fn revoke_device(
    conn: &mut DbConnection,
    actor: &AuthUser,
    device_id: Uuid,
) -> Result<Device, ApiError> {
    actor.require_collector()?;
    write_transaction(conn, |conn| {
        let row: Option<DeviceRow> = devices::table
            .find(device_id.to_string())
            .select(DeviceRow::as_select())
            .first(conn)
            .optional()?;
        let row = row
            .filter(|r| actor.role.is_staff() || r.user_id == actor.id)
            .ok_or(ApiError::NotFound("appareil"))?;
        let now = now_ms();
        diesel::update(devices::table.find(&row.id))
            .set(devices::revoked_at.eq(Some(now)))
            .execute(conn)?;
        diesel::update(
            refresh_tokens::table
                .filter(refresh_tokens::device_id.eq(&row.id))
                .filter(refresh_tokens::revoked_at.is_null()),
        )
        .set(refresh_tokens::revoked_at.eq(Some(now)))
        .execute(conn)?;
        audit::record(
            conn,
            actor.actor(),
            AuditAction::DeviceRevoked,
            &format!("device:{device_id}"),
            serde_json::json!({}),
        )?;
        to_device(DeviceRow {
            revoked_at: Some(now),
            ..row
        })
    })
}

/// Coordinators manage volunteers' and council members' accounts; only admins manage staff.
fn may_manage(actor: &AuthUser, role: Role) -> bool {
    match actor.role {
        Role::Admin => true,
        Role::Coordinator => matches!(role, Role::Volunteer | Role::CouncilMember),
        _ => false,
    }
}

fn check_council(
    conn: &mut DbConnection,
    role: Role,
    council_id: Option<i64>,
) -> Result<(), ApiError> {
    if let Some(id) = council_id {
        let exists: i64 = councils::table.find(id).count().get_result(conn)?;
        if exists == 0 {
            return Err(ApiError::validation(
                "unknown_council",
                "conseil inconnu",
                Some("council_id".into()),
            ));
        }
    }
    if role == Role::CouncilMember && council_id.is_none() {
        return Err(ApiError::validation(
            "council_required",
            "un·e conseiller·e doit être rattaché·e à un conseil",
            Some("council_id".into()),
        ));
    }
    Ok(())
}

fn clean_display_name(name: &str) -> Result<String, ApiError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        return Err(ApiError::validation(
            "invalid_display_name",
            "nom affiché : 1 à 80 caractères",
            Some("display_name".into()),
        ));
    }
    Ok(name.to_owned())
}

pub fn create_user(
    conn: &mut DbConnection,
    actor: &AuthUser,
    input: NewUser,
) -> Result<User, ApiError> {
    actor.require_staff()?;
    if !may_manage(actor, input.role) {
        return Err(ApiError::forbidden());
    }
    let email = normalise_email(&input.email)?;
    let display_name = clean_display_name(&input.display_name)?;
    let hash = match &input.password {
        Some(p) => {
            check_password_rules(p)?;
            Some(hash_password(p)?)
        }
        None if input.role != Role::Volunteer => {
            return Err(ApiError::validation(
                "password_required",
                "mot de passe requis pour ce rôle",
                Some("password".into()),
            ));
        }
        None => None,
    };
    write_transaction(conn, |conn| {
        check_council(conn, input.role, input.council_id)?;
        let taken: i64 = users::table
            .filter(users::email.eq(&email))
            .count()
            .get_result(conn)?;
        if taken > 0 {
            return Err(ApiError::conflict(
                "email_taken",
                "un compte existe déjà avec cette adresse",
                Some("email"),
            ));
        }
        let id: i64 = diesel::insert_into(users::table)
            .values(NewUserRow {
                email: &email,
                display_name: &display_name,
                password_hash: hash.as_deref(),
                role: Stored(input.role),
                council_id: input.council_id,
                active: true,
                expires_on: input.expires_on.map(|d| d.format("%Y-%m-%d").to_string()),
                created_at: now_ms(),
            })
            .returning(users::id)
            .get_result(conn)?;
        audit::record(
            conn,
            actor.actor(),
            AuditAction::AccountCreated,
            &format!("user:{id}"),
            serde_json::json!({"role": input.role.as_str()}),
        )?;
        get_user_row(conn, id).and_then(|row| to_user(&row))
    })
}

fn get_user_row(conn: &mut DbConnection, id: i64) -> Result<UserRow, ApiError> {
    users::table
        .find(id)
        .select(UserRow::as_select())
        .first(conn)
        .optional()?
        .ok_or(ApiError::NotFound("compte"))
}

pub fn get_user(conn: &mut DbConnection, actor: &AuthUser, id: i64) -> Result<User, ApiError> {
    if actor.id != id {
        actor.require_staff()?;
    }
    to_user(&get_user_row(conn, id)?)
}

pub fn list_users(conn: &mut DbConnection, actor: &AuthUser) -> Result<Vec<User>, ApiError> {
    actor.require_staff()?;
    users::table
        .select(UserRow::as_select())
        .order(users::id)
        .load(conn)?
        .iter()
        .map(to_user)
        .collect()
}

pub fn update_user(
    conn: &mut DbConnection,
    actor: &AuthUser,
    id: i64,
    patch: UserPatch,
) -> Result<User, ApiError> {
    actor.require_staff()?;
    let hash = match &patch.password {
        Some(p) => {
            check_password_rules(p)?;
            Some(hash_password(p)?)
        }
        None => None,
    };
    write_transaction(conn, |conn| {
        let row = get_user_row(conn, id)?;
        let current_role = row.role;
        let new_role = patch.role.unwrap_or(current_role);
        if !may_manage(actor, current_role) || !may_manage(actor, new_role) {
            return Err(ApiError::forbidden());
        }
        if actor.id == id && (patch.active == Some(false) || new_role != current_role) {
            return Err(ApiError::conflict(
                "self_lockout",
                "impossible de se désactiver ou de changer son propre rôle",
                None,
            ));
        }
        // Nor let one's own account expire (found by fuzzing: an admin locked itself out).
        let expires_self = patch
            .expires_on
            .flatten()
            .is_some_and(|d| d < crate::services::period::today());
        if actor.id == id && expires_self {
            return Err(ApiError::conflict(
                "self_lockout",
                "impossible de faire expirer son propre compte",
                Some("expires_on"),
            ));
        }
        let council_id = patch.council_id.unwrap_or(row.council_id);
        check_council(conn, new_role, council_id)?;
        let display_name = match &patch.display_name {
            Some(name) => clean_display_name(name)?,
            None => row.display_name.clone(),
        };
        let expires_on = match patch.expires_on {
            Some(date) => date.map(|d| d.format("%Y-%m-%d").to_string()),
            None => row.expires_on.clone(),
        };
        let active = patch.active.unwrap_or(row.active);
        diesel::update(users::table.find(id))
            .set((
                users::display_name.eq(&display_name),
                users::role.eq(Stored(new_role)),
                users::council_id.eq(council_id),
                users::active.eq(active),
                users::expires_on.eq(&expires_on),
                users::password_hash.eq(hash.as_deref().or(row.password_hash.as_deref())),
            ))
            .execute(conn)?;
        if !active || hash.is_some() || new_role != current_role || council_id != row.council_id {
            // Disabling an account, changing its password, role or council ends its sessions,
            // access tokens included.
            revoke_sessions_at(conn, id, now_ms())?;
        }
        audit::record(
            conn,
            actor.actor(),
            AuditAction::AccountUpdated,
            &format!("user:{id}"),
            serde_json::json!({"role": new_role.as_str(), "active": active, "password_changed": hash.is_some()}),
        )?;
        to_user(&get_user_row(conn, id)?)
    })
}

/// Every refresh token of an account revoked, and access tokens issued until `now` refused
/// (checked by [`sessions::session_user`] on every request).
pub fn revoke_sessions_at(conn: &mut DbConnection, user_id: i64, now: i64) -> QueryResult<()> {
    diesel::update(users::table.find(user_id))
        .set(users::sessions_valid_after.eq(now))
        .execute(conn)?;
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::user_id.eq(user_id))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(Some(now)))
    .execute(conn)?;
    Ok(())
}

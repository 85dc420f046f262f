//! The token signing key lives outside the database: in `PORTEVOIX_JWT_SECRET`, or in a key file
//! (mode 0600) beside the SQLite database (`<database>.key`) or where `key_file` says. Whoever
//! reads the database or one of its backups must not be able to sign an administrator's token.
//!
//! Databases from before kept the key in `settings`: on start it moves to the key file and the
//! row is deleted. `portevoix keys rotate` writes a new key and ends every session (refresh
//! tokens deleted, access tokens refused); accounts, devices and items stay.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use diesel::prelude::*;
use secrecy::ExposeSecret;

use crate::auth::token::random_token;
use crate::clock::now_ms;
use crate::config::Settings;
use crate::db::schema::{refresh_tokens, settings, users};
use crate::db::{write_transaction, DatabaseUrl, DbConnection};
use crate::error::ApiError;
use crate::private_files::{create_private_dir, create_private_file, restrict};
use crate::services::audit;
use crate::services::audit::{Actor, AuditAction};

/// The `settings` row older versions kept the key in.
const LEGACY_KEY_ROW: &str = "jwt_secret";
pub const DEFAULT_PG_KEY_FILE: &str = "./data/portevoix.key";

/// Where the key file is: `key_file` if set, else beside the SQLite file, else
/// [`DEFAULT_PG_KEY_FILE`].
pub fn key_file(settings: &Settings) -> anyhow::Result<PathBuf> {
    if let Some(path) = &settings.key_file {
        return Ok(path.clone());
    }
    Ok(match &settings.database_url {
        DatabaseUrl::Sqlite(path) => PathBuf::from(format!("{path}.key")),
        DatabaseUrl::Postgres(_) => PathBuf::from(DEFAULT_PG_KEY_FILE),
    })
}

/// Writes the key atomically: a 0600 temporary file beside it, synced, then renamed over it.
fn write_key(path: &Path, key: &str) -> anyhow::Result<()> {
    if let Some(dir) = path.parent() {
        create_private_dir(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let temporary = path.with_extension(format!("tmp-{}", std::process::id()));
    let _ = std::fs::remove_file(&temporary);
    let mut file = create_private_file(&temporary)
        .with_context(|| format!("cannot create {}", temporary.display()))?;
    file.write_all(key.as_bytes())?;
    file.sync_all()?;
    std::fs::rename(&temporary, path)
        .with_context(|| format!("cannot write the key file {}", path.display()))?;
    Ok(())
}

fn read_key(path: &Path) -> anyhow::Result<Option<String>> {
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let key = text.trim().to_owned();
            if key.len() < 32 {
                bail!(
                    "the key file {} holds less than 32 characters",
                    path.display()
                );
            }
            restrict(path)?;
            Ok(Some(key))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("cannot read the key file {}", path.display())),
    }
}

fn legacy_key(conn: &mut DbConnection) -> QueryResult<Option<String>> {
    settings::table
        .find(LEGACY_KEY_ROW)
        .select(settings::value)
        .first(conn)
        .optional()
}

/// The signing key for this start: the environment's, the key file's, the legacy row's (moved
/// to the key file), or a new one (written to the key file). The legacy row is always deleted.
pub fn signing_key(conn: &mut DbConnection, config: &Settings) -> anyhow::Result<String> {
    let legacy = legacy_key(conn)?;
    let key = match &config.jwt_secret {
        Some(secret) => secret.expose_secret().to_owned(),
        None => {
            let path = key_file(config)?;
            match read_key(&path)? {
                Some(key) => key,
                None => {
                    let key = legacy.clone().unwrap_or_else(|| random_token(48));
                    write_key(&path, &key)?;
                    key
                }
            }
        }
    };
    if legacy.is_some() {
        write_transaction(conn, |conn| {
            diesel::delete(settings::table.find(LEGACY_KEY_ROW)).execute(conn)
        })?;
    }
    Ok(key)
}

/// `portevoix keys rotate`: a new key in the key file; every session ends (refresh tokens
/// deleted, access tokens issued until now refused even by servers still holding the old key).
/// Accounts, devices, items and settings stay. Restart the servers to sign with the new key.
pub fn rotate(conn: &mut DbConnection, config: &Settings) -> anyhow::Result<PathBuf> {
    if config.jwt_secret.is_some() {
        bail!(
            "the signing key comes from PORTEVOIX_JWT_SECRET (or jwt_secret): put a new value \
there (at least 32 random characters, e.g. `openssl rand -base64 48`), then restart every instance"
        );
    }
    let path = key_file(config)?;
    write_key(&path, &random_token(48))?;
    let now = now_ms();
    write_transaction(conn, |conn| -> Result<(), ApiError> {
        diesel::delete(refresh_tokens::table).execute(conn)?;
        diesel::update(users::table)
            .set(users::sessions_valid_after.eq(now))
            .execute(conn)?;
        diesel::delete(settings::table.find(LEGACY_KEY_ROW)).execute(conn)?;
        audit::record(
            conn,
            Actor::System,
            AuditAction::KeysRotated,
            "signing_key",
            serde_json::json!({}),
        )?;
        Ok(())
    })
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(path)
}

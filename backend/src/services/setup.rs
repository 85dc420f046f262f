//! First start on an empty database: default quartiers, councils and codebook, and the first
//! administrator. (The signing key is not in the database: see `services::keys`.)

use diesel::prelude::*;
use portevoix_domain::codebook::Codebook;
use portevoix_domain::wire::Role;
use secrecy::ExposeSecret;

use crate::auth::{check_password_rules, hash_password, random_token};
use crate::clock::now_ms;
use crate::config::Settings;
use crate::db::schema::{
    communes, council_quartiers, councils, quartier_communes, quartiers, settings, themes, users,
};
use crate::db::{write_transaction, DbConnection, Stored};
use crate::error::ApiError;
use crate::services::audit::{Actor, AuditAction};
use crate::services::{audit, sequence};

pub const DEFAULT_QUARTIERS_CSV: &str = include_str!("../../seed/quartiers.nantes-metropole.csv");
pub const DEFAULT_CODEBOOK_CSV: &str = include_str!("../../seed/themes.fr.csv");
pub const DEFAULT_ADMIN_EMAIL: &str = "admin@porte-voix.local";

const DEFAULTS_SEEDED_KEY: &str = "defaults_seeded";

#[derive(Debug, Clone)]
pub struct FirstAdmin {
    pub email: String,
    /// Present only when generated: the CLI prints it once.
    pub generated_password: Option<String>,
}

pub struct StartOutcome {
    pub first_admin: Option<FirstAdmin>,
}

pub fn default_codebook() -> Result<Codebook, ApiError> {
    Codebook::from_csv(DEFAULT_CODEBOOK_CSV).map_err(ApiError::internal)
}

pub fn first_start(conn: &mut DbConnection, config: &Settings) -> Result<StartOutcome, ApiError> {
    write_transaction(conn, |conn| {
        let seeded: Option<String> = settings::table
            .find(DEFAULTS_SEEDED_KEY)
            .select(settings::value)
            .first(conn)
            .optional()?;
        if seeded.is_none() {
            seed_defaults(conn)?;
            diesel::insert_into(settings::table)
                .values((
                    settings::key.eq(DEFAULTS_SEEDED_KEY),
                    settings::value.eq(now_ms().to_string()),
                ))
                .execute(conn)?;
        }
        let first_admin = ensure_admin(conn, config)?;
        Ok(StartOutcome { first_admin })
    })
}

fn ensure_admin(
    conn: &mut DbConnection,
    config: &Settings,
) -> Result<Option<FirstAdmin>, ApiError> {
    let count: i64 = users::table.count().get_result(conn)?;
    if count > 0 {
        return Ok(None);
    }
    let email = config
        .admin_email
        .clone()
        .unwrap_or_else(|| DEFAULT_ADMIN_EMAIL.to_owned())
        .to_lowercase();
    let (password, generated) = match &config.admin_password {
        Some(p) => {
            // The first administrator follows the same password rule as every other account.
            let p = p.expose_secret();
            check_password_rules(p).map_err(|e| {
                ApiError::validation(
                    "weak_password",
                    format!("PORTEVOIX_ADMIN_PASSWORD (admin_password) refusé : {e}"),
                    Some("admin_password".to_owned()),
                )
            })?;
            (p.to_owned(), None)
        }
        None => {
            let p = random_token(12);
            (p.clone(), Some(p))
        }
    };
    let hash = hash_password(&password)?;
    diesel::insert_into(users::table)
        .values((
            users::email.eq(&email),
            users::display_name.eq("Administrateur"),
            users::password_hash.eq(Some(hash)),
            users::role.eq(Stored(Role::Admin)),
            users::active.eq(true),
            users::created_at.eq(now_ms()),
        ))
        .execute(conn)?;
    audit::record(
        conn,
        Actor::System,
        AuditAction::FirstAdminCreated,
        &format!("user:{email}"),
        serde_json::json!({}),
    )?;
    Ok(Some(FirstAdmin {
        email,
        generated_password: generated,
    }))
}

/// Quartiers (with communes and councils) and the theme codebook from `backend/seed/`.
fn seed_defaults(conn: &mut DbConnection) -> Result<(), ApiError> {
    let now = now_ms();
    for line in DEFAULT_QUARTIERS_CSV
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
    {
        let fields: Vec<&str> = line.split(';').map(str::trim).collect();
        let [slug, name, commune_list, council, ..] = fields[..] else {
            return Err(ApiError::internal(anyhow::anyhow!("bad seed line: {line}")));
        };
        let seq = sequence::next(conn)?;
        let quartier_id: i64 = diesel::insert_into(quartiers::table)
            .values((
                quartiers::slug.eq(slug),
                quartiers::name.eq(name),
                quartiers::created_at.eq(now),
                quartiers::seq.eq(seq),
            ))
            .returning(quartiers::id)
            .get_result(conn)?;
        for commune in commune_list
            .split(',')
            .map(str::trim)
            .filter(|c| !c.is_empty())
        {
            let commune_id = commune_id(conn, commune)?;
            diesel::insert_into(quartier_communes::table)
                .values((
                    quartier_communes::quartier_id.eq(quartier_id),
                    quartier_communes::commune_id.eq(commune_id),
                ))
                .execute(conn)?;
        }
        if !council.is_empty() {
            let council_id: i64 = diesel::insert_into(councils::table)
                .values((councils::name.eq(council), councils::created_at.eq(now)))
                .returning(councils::id)
                .get_result(conn)?;
            diesel::insert_into(council_quartiers::table)
                .values((
                    council_quartiers::council_id.eq(council_id),
                    council_quartiers::quartier_id.eq(quartier_id),
                ))
                .execute(conn)?;
        }
    }
    let codebook = default_codebook()?;
    for (position, theme) in codebook.themes.iter().enumerate() {
        let seq = sequence::next(conn)?;
        diesel::insert_into(themes::table)
            .values((
                themes::code.eq(&theme.code),
                themes::label.eq(&theme.label),
                themes::label_en.eq(&theme.label_en),
                themes::keywords.eq(theme.keywords.join("|")),
                themes::related.eq(theme.related.join("|")),
                themes::retired.eq(false),
                themes::position.eq(i32::try_from(position).unwrap_or(i32::MAX)),
                themes::seq.eq(seq),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Finds or creates a commune by name.
pub fn commune_id(conn: &mut DbConnection, name: &str) -> QueryResult<i64> {
    if let Some(id) = communes::table
        .filter(communes::name.eq(name))
        .select(communes::id)
        .first(conn)
        .optional()?
    {
        return Ok(id);
    }
    diesel::insert_into(communes::table)
        .values(communes::name.eq(name))
        .returning(communes::id)
        .get_result(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_codebook_loads_with_every_english_label() {
        let book = default_codebook().unwrap();
        assert!(book.themes.len() >= 10);
        // The phone's English interface shows these labels.
        let missing: Vec<&str> = book
            .themes
            .iter()
            .filter(|t| t.label_en.is_none())
            .map(|t| t.code.as_str())
            .collect();
        assert!(
            missing.is_empty(),
            "themes without an English label: {missing:?}"
        );
    }
}

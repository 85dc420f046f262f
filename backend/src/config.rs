//! Typed settings: defaults < TOML file < `PORTEVOIX_*` environment < command-line flags.
//! Secrets are never printed: `Debug` hides them.

use std::path::{Path, PathBuf};

use serde::Deserialize;

pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
pub const DEFAULT_DATABASE_URL: &str = "sqlite://./data/portevoix.db";
pub const DEFAULT_STATIC_DIR: &str = "frontend/dist";
pub const DEFAULT_NOTICE: &str =
    "Porte-Voix recueille vos réponses pour le conseil citoyen de votre \
quartier. Aucune donnée permettant de vous identifier (nom, adresse, téléphone) n'est enregistrée \
avec vos réponses. Vous pouvez refuser de répondre ou arrêter à tout moment. Avec le code de reçu \
qui vous est remis, vous pouvez demander l'effacement de vos réponses au centre de ressources.";
pub const DEFAULT_CONTROLLER: &str = "Centre de ressources des conseils citoyens (à renseigner)";

#[derive(Clone, PartialEq)]
pub struct Settings {
    pub bind: String,
    pub database_url: String,
    pub static_dir: PathBuf,
    /// HS256 signing secret. When absent, one is generated on first start and stored.
    pub jwt_secret: Option<String>,
    pub admin_email: Option<String>,
    pub admin_password: Option<String>,
    /// Public address (e.g. `https://porte-voix.example.org`), for enrolment links and HSTS.
    pub public_url: Option<String>,
    pub access_token_minutes: i64,
    pub refresh_token_days: i64,
    pub enrolment_hours: i64,
    pub pool_size: u32,
    pub log: String,
    pub information_notice: String,
    /// Raw items are purged this many months after their survey closed (testimonies and
    /// outings: after capture); aggregates stay.
    pub retention_months: i64,
    /// How often `serve` runs the retention purge (one instance at a time).
    pub purge_interval_minutes: i64,
    /// Failed sign-ins allowed per account, then per address, before 429 with back-off.
    pub login_max_failures: i64,
    pub login_max_failures_per_address: i64,
    /// Take the client address from `X-Forwarded-For`/`Forwarded` (behind a reverse proxy that
    /// sets it); otherwise the TCP peer address.
    pub trust_forwarded: bool,
    /// Which header a trusted proxy writes the client into: `x-forwarded-for` (default) or
    /// `forwarded` (RFC 7239). Only its right-most entry is read; the other header is ignored.
    pub client_address_header: String,
    /// Where the token signing key is kept when `jwt_secret` is not set (created 0600 on first
    /// start). Default: beside the SQLite file (`<database>.key`), `./data/portevoix.key` for
    /// PostgreSQL.
    pub key_file: Option<PathBuf>,
    /// Data controller and contact for the processing register (article 30).
    pub controller: String,
    pub dpo_contact: Option<String>,
    /// Test-only faults injected at the item level (no file or environment variable sets them).
    pub item_faults: crate::services::items::ItemFaults,
}

impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("bind", &self.bind)
            .field("database_url", &redact_url(&self.database_url))
            .field("static_dir", &self.static_dir)
            .field("jwt_secret", &self.jwt_secret.as_ref().map(|_| "***"))
            .field("admin_email", &self.admin_email)
            .field(
                "admin_password",
                &self.admin_password.as_ref().map(|_| "***"),
            )
            .field("public_url", &self.public_url)
            .field("access_token_minutes", &self.access_token_minutes)
            .field("refresh_token_days", &self.refresh_token_days)
            .field("enrolment_hours", &self.enrolment_hours)
            .field("pool_size", &self.pool_size)
            .field("log", &self.log)
            .field("retention_months", &self.retention_months)
            .field("purge_interval_minutes", &self.purge_interval_minutes)
            .field("login_max_failures", &self.login_max_failures)
            .field(
                "login_max_failures_per_address",
                &self.login_max_failures_per_address,
            )
            .field("trust_forwarded", &self.trust_forwarded)
            .field("client_address_header", &self.client_address_header)
            .field("key_file", &self.key_file)
            .field("controller", &self.controller)
            .field("dpo_contact", &self.dpo_contact)
            .finish_non_exhaustive()
    }
}

/// Hides a password in `postgres://user:password@host/db`.
pub fn redact_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme + 3],
                    &credentials[..colon],
                    &url[at..]
                ),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            bind: DEFAULT_BIND.into(),
            database_url: DEFAULT_DATABASE_URL.into(),
            static_dir: DEFAULT_STATIC_DIR.into(),
            jwt_secret: None,
            admin_email: None,
            admin_password: None,
            public_url: None,
            access_token_minutes: 15,
            refresh_token_days: 30,
            enrolment_hours: 72,
            pool_size: 8,
            log: "info".into(),
            information_notice: DEFAULT_NOTICE.into(),
            retention_months: 12,
            purge_interval_minutes: 60,
            login_max_failures: 5,
            login_max_failures_per_address: 50,
            trust_forwarded: false,
            client_address_header: "x-forwarded-for".into(),
            key_file: None,
            controller: DEFAULT_CONTROLLER.into(),
            dpo_contact: None,
            item_faults: crate::services::items::ItemFaults::NONE,
        }
    }
}

/// One layer of settings: every field optional. The file, the environment and the flags are each
/// one of these, applied in that order.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layer {
    pub bind: Option<String>,
    pub database_url: Option<String>,
    pub static_dir: Option<PathBuf>,
    pub jwt_secret: Option<String>,
    pub admin_email: Option<String>,
    pub admin_password: Option<String>,
    pub public_url: Option<String>,
    pub access_token_minutes: Option<i64>,
    pub refresh_token_days: Option<i64>,
    pub enrolment_hours: Option<i64>,
    pub pool_size: Option<u32>,
    pub log: Option<String>,
    pub information_notice: Option<String>,
    pub retention_months: Option<i64>,
    pub purge_interval_minutes: Option<i64>,
    pub login_max_failures: Option<i64>,
    pub login_max_failures_per_address: Option<i64>,
    pub trust_forwarded: Option<bool>,
    pub client_address_header: Option<String>,
    pub key_file: Option<PathBuf>,
    pub controller: Option<String>,
    pub dpo_contact: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("invalid config file {path}: {message}")]
    Parse { path: PathBuf, message: String },
    #[error("invalid value for {name}: {message}")]
    Value { name: String, message: String },
}

impl Layer {
    pub fn from_file(path: &Path) -> Result<Layer, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_owned(),
            source,
        })?;
        toml::from_str(&text).map_err(|e| ConfigError::Parse {
            path: path.to_owned(),
            message: e.to_string(),
        })
    }

    /// Reads `PORTEVOIX_BIND`, `PORTEVOIX_DATABASE_URL`, … through `get` (the process
    /// environment in production, a map in tests).
    pub fn from_env(get: impl Fn(&str) -> Option<String>) -> Result<Layer, ConfigError> {
        let text = |name: &str| get(&format!("PORTEVOIX_{name}")).filter(|v| !v.is_empty());
        let number = |name: &str| -> Result<Option<i64>, ConfigError> {
            text(name)
                .map(|v| {
                    v.trim().parse::<i64>().map_err(|_| ConfigError::Value {
                        name: format!("PORTEVOIX_{name}"),
                        message: format!("{v:?} is not a whole number"),
                    })
                })
                .transpose()
        };
        let pool_size = number("POOL_SIZE")?
            .map(|n| {
                u32::try_from(n).map_err(|_| ConfigError::Value {
                    name: "PORTEVOIX_POOL_SIZE".into(),
                    message: "must be positive".into(),
                })
            })
            .transpose()?;
        Ok(Layer {
            bind: text("BIND"),
            database_url: text("DATABASE_URL"),
            static_dir: text("STATIC_DIR").map(PathBuf::from),
            jwt_secret: text("JWT_SECRET"),
            admin_email: text("ADMIN_EMAIL"),
            admin_password: text("ADMIN_PASSWORD"),
            public_url: text("PUBLIC_URL"),
            access_token_minutes: number("ACCESS_TOKEN_MINUTES")?,
            refresh_token_days: number("REFRESH_TOKEN_DAYS")?,
            enrolment_hours: number("ENROLMENT_HOURS")?,
            pool_size,
            log: text("LOG"),
            information_notice: text("INFORMATION_NOTICE"),
            retention_months: number("RETENTION_MONTHS")?,
            purge_interval_minutes: number("PURGE_INTERVAL_MINUTES")?,
            login_max_failures: number("LOGIN_MAX_FAILURES")?,
            login_max_failures_per_address: number("LOGIN_MAX_FAILURES_PER_ADDRESS")?,
            trust_forwarded: text("TRUST_FORWARDED")
                .map(|v| match v.trim() {
                    "1" | "true" | "yes" => Ok(true),
                    "0" | "false" | "no" => Ok(false),
                    other => Err(ConfigError::Value {
                        name: "PORTEVOIX_TRUST_FORWARDED".into(),
                        message: format!("{other:?} is not true or false"),
                    }),
                })
                .transpose()?,
            client_address_header: text("CLIENT_ADDRESS_HEADER"),
            key_file: text("KEY_FILE").map(PathBuf::from),
            controller: text("CONTROLLER"),
            dpo_contact: text("DPO_CONTACT"),
        })
    }
}

impl Settings {
    pub fn apply(&mut self, layer: Layer) {
        macro_rules! set {
            ($($field:ident),*) => { $( if let Some(v) = layer.$field { self.$field = v; } )* };
        }
        macro_rules! set_opt {
            ($($field:ident),*) => { $( if let Some(v) = layer.$field { self.$field = Some(v); } )* };
        }
        set!(
            bind,
            database_url,
            static_dir,
            access_token_minutes,
            refresh_token_days,
            enrolment_hours,
            pool_size,
            log,
            information_notice,
            retention_months,
            purge_interval_minutes,
            login_max_failures,
            login_max_failures_per_address,
            trust_forwarded,
            client_address_header,
            controller
        );
        set_opt!(
            jwt_secret,
            admin_email,
            admin_password,
            public_url,
            key_file,
            dpo_contact
        );
    }

    /// Rejects values that would make the server misbehave rather than fail clearly.
    pub fn check(&self) -> Result<(), ConfigError> {
        let bad = |name: &str, message: &str| {
            Err(ConfigError::Value {
                name: name.into(),
                message: message.into(),
            })
        };
        if !(1..=24 * 60).contains(&self.access_token_minutes) {
            return bad("access_token_minutes", "between 1 and 1440");
        }
        if !(1..=365).contains(&self.refresh_token_days) {
            return bad("refresh_token_days", "between 1 and 365");
        }
        if !(1..=24 * 30).contains(&self.enrolment_hours) {
            return bad("enrolment_hours", "between 1 and 720");
        }
        if !(1..=64).contains(&self.pool_size) {
            return bad("pool_size", "between 1 and 64");
        }
        if !(1..=120).contains(&self.retention_months) {
            return bad("retention_months", "between 1 and 120");
        }
        if !(1..=24 * 60).contains(&self.purge_interval_minutes) {
            return bad("purge_interval_minutes", "between 1 and 1440");
        }
        if !(1..=1000).contains(&self.login_max_failures) {
            return bad("login_max_failures", "between 1 and 1000");
        }
        if !(1..=100_000).contains(&self.login_max_failures_per_address) {
            return bad("login_max_failures_per_address", "between 1 and 100000");
        }
        if !["x-forwarded-for", "forwarded"].contains(&self.client_address_header.as_str()) {
            return bad("client_address_header", "x-forwarded-for or forwarded");
        }
        if let Some(secret) = &self.jwt_secret {
            if secret.len() < 32 {
                return bad("jwt_secret", "at least 32 characters");
            }
        }
        Ok(())
    }

    pub fn is_https(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    #[test]
    fn layers_apply_in_order() {
        let mut settings = Settings::default();
        settings.apply(toml::from_str::<Layer>("bind = \"0.0.0.0:9000\"\npool_size = 4").unwrap());
        let env: HashMap<&str, &str> = [("PORTEVOIX_BIND", "127.0.0.1:7000")].into();
        settings.apply(Layer::from_env(|k| env.get(k).map(|v| v.to_string())).unwrap());
        assert_eq!(settings.bind, "127.0.0.1:7000");
        assert_eq!(settings.pool_size, 4);
        assert_eq!(settings.database_url, DEFAULT_DATABASE_URL);
    }

    #[test]
    fn bad_values_are_named() {
        let err = Layer::from_env(|k| (k == "PORTEVOIX_POOL_SIZE").then(|| "many".to_string()))
            .unwrap_err();
        assert!(err.to_string().contains("PORTEVOIX_POOL_SIZE"));
        assert!(toml::from_str::<Layer>("unknown = 1").is_err());
        let settings = Settings {
            jwt_secret: Some("short".into()),
            ..Settings::default()
        };
        assert!(settings.check().is_err());
    }

    #[test]
    fn secrets_stay_out_of_debug() {
        let settings = Settings {
            jwt_secret: Some("s".repeat(40)),
            database_url: "postgres://app:hunter2@db/pv".into(),
            ..Settings::default()
        };
        let shown = format!("{settings:?}");
        assert!(!shown.contains("ssss"));
        assert!(!shown.contains("hunter2"));
    }
}

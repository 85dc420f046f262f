//! Typed settings, read in layers with figment: defaults < TOML file < `PORTEVOIX_*` environment <
//! command-line flags. Values are parsed once, here: the database URL becomes a [`DatabaseUrl`],
//! secrets (signing key, first administrator's password, the password inside a PostgreSQL URL)
//! are `secrecy` types that print as `[REDACTED]`.

use std::path::{Path, PathBuf};

use figment::providers::{Format, Toml};
use figment::value::{Dict, Map, Value};
use figment::{Figment, Metadata, Profile, Provider};
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
pub const DEFAULT_DATABASE_URL: &str = "sqlite://./data/portevoix.db";
pub const DEFAULT_STATIC_DIR: &str = "frontend/dist";
pub const DEFAULT_NOTICE: &str =
    "Porte-Voix recueille vos réponses pour le conseil citoyen de votre \
quartier. Aucune donnée permettant de vous identifier (nom, adresse, téléphone) n'est enregistrée \
avec vos réponses. Si vous acceptez d'être cité·e, vos mots, sans votre nom, peuvent être lus par \
le conseil et sur la page publique de votre quartier. Vous pouvez refuser de répondre ou arrêter \
à tout moment. Avec le code de reçu qui vous est remis, vous pouvez voir ce qui a été noté, ne \
plus être cité·e ou en demander l'effacement, sur la page « reçu » ou auprès du centre de \
ressources.";
pub const DEFAULT_CONTROLLER: &str = "Centre de ressources des conseils citoyens (à renseigner)";

/// Prefix of the environment variables: `PORTEVOIX_` + the setting's name in capitals.
pub const ENV_PREFIX: &str = "PORTEVOIX_";

/// Every setting a file or the environment may give: the names serde gives the fields of
/// [`Settings`] (the TOML keys; the environment variables are these in capitals after
/// [`ENV_PREFIX`]). Read from the derive itself, so a new setting needs no list kept by hand.
pub fn keys() -> &'static [&'static str] {
    static KEYS: std::sync::OnceLock<&'static [&'static str]> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        let mut fields: &'static [&'static str] = &[];
        let _ = Settings::deserialize(FieldNames(&mut fields));
        fields
    })
}

/// A deserializer that only records the field names a struct asks for.
struct FieldNames<'a>(&'a mut &'static [&'static str]);

impl<'de> serde::Deserializer<'de> for FieldNames<'_> {
    type Error = serde::de::value::Error;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(serde::de::Error::custom("field names only"))
    }

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Self::Error> {
        *self.0 = fields;
        Err(serde::de::Error::custom("field names only"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier
        ignored_any
    }
}

/// Kept exactly as given: never trimmed.
const SECRET_KEYS: [&str; 2] = ["jwt_secret", "admin_password"];

#[derive(Clone, Debug, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    pub bind: String,
    pub database_url: DatabaseUrl,
    pub static_dir: PathBuf,
    /// HS256 signing secret. When absent, one is generated on first start and stored.
    pub jwt_secret: Option<SecretString>,
    pub admin_email: Option<String>,
    pub admin_password: Option<SecretString>,
    /// Public address (e.g. `https://porte-voix.example.org`), for enrolment links and HSTS.
    pub public_url: Option<String>,
    pub access_token_minutes: i64,
    pub refresh_token_days: i64,
    pub enrolment_hours: i64,
    pub pool_size: u32,
    /// Prepared pushes that may wait for SQLite's writer; beyond, 503 with `Retry-After`.
    pub write_queue: usize,
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
    #[serde(skip)]
    pub item_faults: crate::services::items::ItemFaults,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            bind: DEFAULT_BIND.into(),
            database_url: DatabaseUrl::Sqlite("./data/portevoix.db".into()),
            static_dir: DEFAULT_STATIC_DIR.into(),
            jwt_secret: None,
            admin_email: None,
            admin_password: None,
            public_url: None,
            access_token_minutes: 15,
            refresh_token_days: 30,
            enrolment_hours: 72,
            pool_size: 8,
            write_queue: 64,
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

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("cannot read config file {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    /// A value of the file, the environment or the flags that does not fit its setting; figment's
    /// message names the key and where it came from.
    #[error("invalid settings: {0}")]
    Layers(Box<figment::Error>),
    #[error("invalid value for {name}: {message}")]
    Value { name: String, message: String },
    #[error("unsupported database URL {0:?}: use sqlite://PATH, a file path, or postgres://…")]
    UnsupportedUrl(String),
}

impl From<figment::Error> for ConfigError {
    fn from(error: figment::Error) -> Self {
        Self::Layers(Box::new(error))
    }
}

/// Where the data lives, parsed once from the configured URL (`sqlite://PATH`, `sqlite:PATH`, a
/// bare path, or `postgres://…`). Its `Display` hides a password.
#[derive(Clone, Debug, Deserialize)]
#[serde(try_from = "String")]
pub enum DatabaseUrl {
    /// A file path.
    Sqlite(String),
    Postgres(PostgresUrl),
}

/// A PostgreSQL URL: the whole of it secret (it may hold a password), and a copy to show.
#[derive(Clone, Debug)]
pub struct PostgresUrl {
    shown: String,
    url: SecretString,
}

impl PostgresUrl {
    /// The URL with its password, for the driver and `pg_dump` only.
    pub fn expose_secret(&self) -> &str {
        self.url.expose_secret()
    }
}

impl DatabaseUrl {
    pub fn parse(url: &str) -> Result<Self, ConfigError> {
        let url = url.trim();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Self::Postgres(PostgresUrl {
                shown: redact_url(url),
                url: url.into(),
            }));
        }
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .unwrap_or(url);
        if path.is_empty() || path.contains("://") {
            return Err(ConfigError::UnsupportedUrl(redact_url(url)));
        }
        Ok(Self::Sqlite(path.to_owned()))
    }

    pub fn backend_name(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "sqlite",
            Self::Postgres(_) => "postgres",
        }
    }
}

impl TryFrom<String> for DatabaseUrl {
    type Error = ConfigError;

    fn try_from(url: String) -> Result<Self, ConfigError> {
        Self::parse(&url)
    }
}

impl std::str::FromStr for DatabaseUrl {
    type Err = ConfigError;

    fn from_str(url: &str) -> Result<Self, ConfigError> {
        Self::parse(url)
    }
}

impl std::fmt::Display for DatabaseUrl {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Sqlite(path) => write!(f, "sqlite://{path}"),
            Self::Postgres(url) => f.write_str(&url.shown),
        }
    }
}

/// Hides a password in `postgres://user:password@host/db`.
fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest.rsplit_once('@') {
        Some((credentials, host)) => match credentials.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
            None => url.to_owned(),
        },
        None => url.to_owned(),
    }
}

/// Settings given as text (environment variables, command-line flags). Numbers and booleans are
/// read from the text when the setting needs one (`extract_lossy`: `true`/`yes`/`1`/`on`), so a
/// secret made of digits stays a string.
struct TextLayer {
    name: &'static str,
    values: Vec<(String, String)>,
    /// How the source names a setting in error messages.
    key_name: fn(&str) -> String,
}

impl Provider for TextLayer {
    fn metadata(&self) -> Metadata {
        let key_name = self.key_name;
        Metadata::named(self.name).interpolater(move |_: &Profile, keys: &[&str]| {
            keys.iter()
                .map(|k| key_name(k))
                .collect::<Vec<_>>()
                .join(".")
        })
    }

    fn data(&self) -> Result<Map<Profile, Dict>, figment::Error> {
        let dict: Dict = self
            .values
            .iter()
            .map(|(key, value)| (key.clone(), Value::from(value.clone())))
            .collect();
        Ok(Profile::Default.collect(dict))
    }
}

fn env_name(key: &str) -> String {
    format!("{ENV_PREFIX}{}", key.to_uppercase())
}

fn flag_name(key: &str) -> String {
    match key {
        "database_url" => "--database".to_owned(),
        other => format!("--{}", other.replace('_', "-")),
    }
}

/// The `PORTEVOIX_*` variables among [`keys`] read through `get` (the process environment in
/// production). Empty ones count as unset; other variables with the prefix (`PORTEVOIX_CONFIG`,
/// the tests' own) are not settings and are left alone.
fn environment(get: impl Fn(&str) -> Option<String>) -> TextLayer {
    let values = keys()
        .iter()
        .filter_map(|key| {
            let value = get(&env_name(key))?;
            let value = if SECRET_KEYS.contains(key) {
                value
            } else {
                value.trim().to_owned()
            };
            (!value.is_empty()).then(|| ((*key).to_owned(), value))
        })
        .collect();
    TextLayer {
        name: "environment",
        values,
        key_name: env_name,
    }
}

/// Settings given on the command line (`--database`, `serve --bind`, `serve --static-dir`).
#[derive(Debug, Default, Clone)]
pub struct Flags {
    pub database_url: Option<String>,
    pub bind: Option<String>,
    pub static_dir: Option<PathBuf>,
}

impl Flags {
    fn layer(&self) -> TextLayer {
        let values = [
            ("database_url", self.database_url.clone()),
            ("bind", self.bind.clone()),
            (
                "static_dir",
                self.static_dir
                    .as_ref()
                    .map(|p| p.to_string_lossy().into_owned()),
            ),
        ]
        .into_iter()
        .filter_map(|(key, value)| value.map(|v| (key.to_owned(), v)))
        .collect();
        TextLayer {
            name: "command-line flags",
            values,
            key_name: flag_name,
        }
    }
}

impl Settings {
    /// defaults < `file` < environment (read through `env`) < `flags`, then [`Settings::check`].
    pub fn load(
        file: Option<&Path>,
        env: impl Fn(&str) -> Option<String>,
        flags: &Flags,
    ) -> Result<Settings, ConfigError> {
        let mut figment = Figment::new();
        if let Some(path) = file {
            // figment would take a missing file for an empty one.
            std::fs::metadata(path).map_err(|source| ConfigError::Read {
                path: path.to_owned(),
                source,
            })?;
            figment = figment.merge(Toml::file_exact(path));
        }
        let settings: Settings = figment
            .merge(environment(env))
            .merge(flags.layer())
            .extract_lossy()?;
        settings.check()?;
        Ok(settings)
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
        if !(1..=10_000).contains(&self.write_queue) {
            return bad("write_queue", "between 1 and 10000");
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
            if secret.expose_secret().len() < 32 {
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

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        let vars: HashMap<&str, &str> = vars.iter().copied().collect();
        move |k| vars.get(k).map(|v| v.to_string())
    }

    fn file(text: &str) -> tempfile::NamedTempFile {
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), text).unwrap();
        file
    }

    #[test]
    fn layers_apply_in_order() {
        let toml = file(
            "bind = \"0.0.0.0:9000\"\npool_size = 4\ncontroller = \"fichier\"\nlog = \"debug\"",
        );
        let vars = [
            ("PORTEVOIX_BIND", "127.0.0.1:7000"),
            ("PORTEVOIX_CONTROLLER", "environnement"),
            ("PORTEVOIX_TRUST_FORWARDED", "yes"),
        ];
        let flags = Flags {
            bind: Some("127.0.0.1:6000".into()),
            ..Flags::default()
        };
        let settings = Settings::load(Some(toml.path()), env(&vars), &flags).unwrap();
        assert_eq!(settings.bind, "127.0.0.1:6000", "flags over environment");
        assert_eq!(
            settings.controller, "environnement",
            "environment over file"
        );
        assert_eq!(settings.pool_size, 4, "file over defaults");
        assert_eq!(settings.log, "debug");
        assert!(settings.trust_forwarded);
        assert_eq!(settings.database_url.to_string(), DEFAULT_DATABASE_URL);
        assert_eq!(settings.access_token_minutes, 15, "default");

        let defaults = Settings::load(None, env(&[]), &Flags::default()).unwrap();
        assert_eq!(defaults.bind, DEFAULT_BIND);
        assert!(
            matches!(defaults.database_url, DatabaseUrl::Sqlite(ref p) if p == "./data/portevoix.db")
        );
    }

    #[test]
    fn environment_values_stay_text_until_a_setting_needs_a_number() {
        let digits = "12345678901234567890123456789012345";
        let vars = [
            ("PORTEVOIX_JWT_SECRET", digits),
            ("PORTEVOIX_POOL_SIZE", " 3 "),
            ("PORTEVOIX_PUBLIC_URL", ""),
            ("PORTEVOIX_CONFIG", "/nowhere.toml"),
            ("PORTEVOIX_TEST_DB", "postgres"),
        ];
        let settings = Settings::load(None, env(&vars), &Flags::default()).unwrap();
        assert_eq!(
            settings.jwt_secret.as_ref().map(|s| s.expose_secret()),
            Some(digits)
        );
        assert_eq!(settings.pool_size, 3);
        assert_eq!(
            settings.public_url, None,
            "an empty variable counts as unset"
        );
    }

    #[test]
    fn every_key_is_a_setting() {
        let keys = keys();
        for expected in [
            "bind",
            "database_url",
            "jwt_secret",
            "trust_forwarded",
            "dpo_contact",
        ] {
            assert!(keys.contains(&expected), "{expected} in {keys:?}");
        }
        assert!(!keys.contains(&"item_faults"), "not a setting");
        for key in keys {
            let name = env_name(key);
            let vars = [(name.as_str(), "1")];
            if let Err(error) = Settings::load(None, env(&vars), &Flags::default()) {
                let message = error.to_string();
                assert!(!message.contains("unknown field"), "{key}: {message}");
            }
        }
    }

    #[test]
    fn bad_values_are_named_with_their_source() {
        let err = Settings::load(
            None,
            env(&[("PORTEVOIX_POOL_SIZE", "many")]),
            &Flags::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("PORTEVOIX_POOL_SIZE"), "{err}");

        let toml = file("unknown = 1");
        let err = Settings::load(Some(toml.path()), env(&[]), &Flags::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("unknown"), "{err}");

        let flags = Flags {
            database_url: Some("mysql://root:hunter2@localhost/x".into()),
            ..Flags::default()
        };
        let err = Settings::load(None, env(&[]), &flags)
            .unwrap_err()
            .to_string();
        assert!(err.contains("unsupported database URL"), "{err}");
        assert!(err.contains("--database"), "{err}");
        assert!(!err.contains("hunter2"), "{err}");

        let missing = Path::new("/nonexistent/portevoix.toml");
        let err = Settings::load(Some(missing), env(&[]), &Flags::default())
            .unwrap_err()
            .to_string();
        assert!(err.contains("cannot read config file"), "{err}");

        let err = Settings::load(
            None,
            env(&[("PORTEVOIX_JWT_SECRET", "short")]),
            &Flags::default(),
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("jwt_secret"), "{err}");
    }

    #[test]
    fn secrets_stay_out_of_debug_and_display() {
        let settings = Settings {
            jwt_secret: Some("s".repeat(40).into()),
            admin_password: Some("correct-horse-battery".into()),
            database_url: "postgres://app:hunter2@db/pv".parse().unwrap(),
            ..Settings::default()
        };
        let shown = format!("{settings:?}");
        assert!(!shown.contains("ssss"), "{shown}");
        assert!(!shown.contains("correct-horse"), "{shown}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(shown.contains("postgres://app:***@db/pv"), "{shown}");
        assert_eq!(
            settings.database_url.to_string(),
            "postgres://app:***@db/pv"
        );
        match &settings.database_url {
            DatabaseUrl::Postgres(url) => {
                assert_eq!(url.expose_secret(), "postgres://app:hunter2@db/pv")
            }
            DatabaseUrl::Sqlite(_) => panic!("a postgres URL"),
        }
    }

    #[test]
    fn urls_choose_the_backend() {
        let sqlite = |url: &str| match DatabaseUrl::parse(url).unwrap() {
            DatabaseUrl::Sqlite(path) => path,
            DatabaseUrl::Postgres(_) => panic!("{url} is SQLite"),
        };
        assert_eq!(sqlite("sqlite://data/x.db"), "data/x.db");
        assert_eq!(sqlite("./x.db"), "./x.db");
        assert_eq!(sqlite("sqlite:///tmp/x.db"), "/tmp/x.db");
        assert!(matches!(
            DatabaseUrl::parse("postgres://u@h/db").unwrap(),
            DatabaseUrl::Postgres(_)
        ));
        assert!(DatabaseUrl::parse("mysql://x").is_err());
        assert!(DatabaseUrl::parse("").is_err());
    }
}

//! Online backups. SQLite: `VACUUM INTO` copies a consistent snapshot (one read transaction)
//! while the server keeps ingesting, then the copy is checked with `PRAGMA integrity_check`.
//! PostgreSQL: `pg_dump` (custom format) when it is installed; otherwise an error saying how.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use diesel::sql_types::Text;
use diesel::sqlite::SqliteConnection;

use crate::db::DatabaseUrl;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backup {
    Sqlite { path: PathBuf, bytes: u64 },
    Postgres { path: PathBuf, bytes: u64 },
}

#[derive(QueryableByName)]
struct Check {
    #[diesel(sql_type = Text)]
    integrity_check: String,
}

/// `PRAGMA integrity_check` of a SQLite file: `ok` or the problems found.
pub fn sqlite_integrity(path: &Path) -> anyhow::Result<String> {
    let path = path.to_str().context("backup path is not UTF-8")?;
    let mut conn =
        SqliteConnection::establish(path).with_context(|| format!("cannot open {path}"))?;
    let rows: Vec<Check> = diesel::sql_query("PRAGMA integrity_check").load(&mut conn)?;
    Ok(rows
        .into_iter()
        .map(|r| r.integrity_check)
        .collect::<Vec<_>>()
        .join("; "))
}

fn sqlite(source: &str, to: &Path) -> anyhow::Result<Backup> {
    let target = to.to_str().context("backup path is not UTF-8")?;
    let mut conn = SqliteConnection::establish(source)
        .with_context(|| format!("cannot open the database {source}"))?;
    // The server may be writing: wait for its write lock rather than fail.
    conn.batch_execute("PRAGMA busy_timeout = 15000;")?;
    conn.batch_execute(&format!("VACUUM INTO '{}'", target.replace('\'', "''")))
        .context("VACUUM INTO failed")?;
    let integrity = sqlite_integrity(to)?;
    if integrity != "ok" {
        bail!("the copy {target} failed its integrity check: {integrity}");
    }
    Ok(Backup::Sqlite {
        path: to.to_owned(),
        bytes: std::fs::metadata(to)?.len(),
    })
}

fn postgres(url: &str, to: &Path) -> anyhow::Result<Backup> {
    let guidance = "install the PostgreSQL client (Debian: apt-get install postgresql-client, the \
same major version as the server or newer), then run `portevoix backup` again, or use \
`pg_dump --format=custom --file FILE \"$PORTEVOIX_DATABASE_URL\"` directly; restore with \
`pg_restore --dbname URL FILE` into an empty database";
    let output = Command::new("pg_dump")
        .args(["--format=custom", "--no-owner", "--file"])
        .arg(to)
        .arg("--dbname")
        .arg(url)
        .output();
    let output = match output {
        Ok(output) => output,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            bail!("pg_dump is not installed: {guidance}")
        }
        Err(e) => return Err(e).context("cannot run pg_dump"),
    };
    if !output.status.success() {
        bail!(
            "pg_dump failed ({}): {}\n{guidance}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(Backup::Postgres {
        path: to.to_owned(),
        bytes: std::fs::metadata(to)?.len(),
    })
}

/// Copies the database to `to`, which must not exist yet.
pub fn run(url: &DatabaseUrl, to: &Path) -> anyhow::Result<Backup> {
    if to.exists() {
        bail!("{} already exists: choose a new file name", to.display());
    }
    if let Some(parent) = to.parent().filter(|p| !p.as_os_str().is_empty()) {
        crate::private_files::create_private_dir(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    if let DatabaseUrl::Sqlite(path) = url {
        if !Path::new(path).exists() {
            bail!("no SQLite database at {path}");
        }
    }
    // A backup holds everything the database does: created 0600 (empty, which `VACUUM INTO`
    // and pg_dump both accept) before anything is written into it.
    crate::private_files::create_private_file(to)
        .with_context(|| format!("cannot create {}", to.display()))?;
    let result = match url {
        DatabaseUrl::Sqlite(path) => sqlite(path, to),
        DatabaseUrl::Postgres(url) => postgres(url.expose_secret(), to),
    };
    if result.is_err() {
        // Leave no empty or partial copy behind.
        let _ = std::fs::remove_file(to);
    }
    result
}

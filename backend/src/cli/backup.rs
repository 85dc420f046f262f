//! `portevoix backup --to FILE`: an online copy of the database (SQLite `VACUUM INTO`, checked;
//! PostgreSQL through `pg_dump`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::config::Settings;
use crate::services::backup::{self, Backup};

#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The copy to write (must not exist yet), e.g. /var/backups/portevoix-2026-11-29.db.
    #[arg(long)]
    pub to: PathBuf,
}

pub fn run(settings: Settings, args: &BackupArgs) -> anyhow::Result<ExitCode> {
    match backup::run(&settings.database_url, &args.to)? {
        Backup::Sqlite { path, bytes } => println!(
            "backup of {} written to {} ({bytes} bytes, integrity ok)",
            settings.database_url,
            path.display()
        ),
        Backup::Postgres { path, bytes } => println!(
            "pg_dump of {} written to {} ({bytes} bytes); restore with pg_restore",
            settings.database_url,
            path.display()
        ),
    }
    Ok(ExitCode::SUCCESS)
}

//! `portevoix purge [--dry-run]`: the retention purge, as `serve` runs it on its interval.

use std::process::ExitCode;

use clap::Args;

use crate::clock::now_ms;
use crate::config::Settings;
use crate::db;
use crate::services::privacy::retention;

#[derive(Debug, Args)]
pub struct PurgeArgs {
    /// Count what would be removed; remove nothing.
    #[arg(long)]
    pub dry_run: bool,
}

pub fn run(settings: Settings, args: &PurgeArgs) -> anyhow::Result<ExitCode> {
    let pool = db::connect(&settings.database_url, 1)?;
    let mut conn = pool.get()?;
    let report = retention::purge(&mut conn, settings.retention_months, now_ms(), args.dry_run)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let verb = if args.dry_run {
        "would remove"
    } else {
        "removed"
    };
    println!(
        "retention {} months, cutoff {}: {verb} {} answer set(s), {} testimonie(s), {} outing(s), {} expired session(s)/code(s)/counter(s); tallies kept",
        report.retention_months,
        report.cutoff.to_rfc3339(),
        report.responses,
        report.testimonies,
        report.outings,
        report.housekeeping
    );
    Ok(ExitCode::SUCCESS)
}

//! `portevoix register [--format markdown|html] [--out FILE]`: the processing register
//! (RGPD article 30), generated from the configuration and the database.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use crate::config::Settings;
use crate::db;
use crate::services::privacy::register;

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RegisterFormat {
    Markdown,
    Html,
}

#[derive(Debug, Args)]
pub struct RegisterArgs {
    #[arg(long, value_enum, default_value = "markdown")]
    pub format: RegisterFormat,
    /// Write to this file instead of standard output.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

pub fn run(settings: Settings, args: &RegisterArgs) -> anyhow::Result<ExitCode> {
    let pool = db::connect(&settings.database_url, 1)?;
    let mut conn = pool.get()?;
    let text = match args.format {
        RegisterFormat::Markdown => register::markdown(&mut conn, &settings),
        RegisterFormat::Html => register::html(&mut conn, &settings),
    }
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    match &args.out {
        Some(path) => {
            std::fs::write(path, text)?;
            println!("register written to {}", path.display());
        }
        None => print!("{text}"),
    }
    Ok(ExitCode::SUCCESS)
}

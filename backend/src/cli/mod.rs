//! The `portevoix` command line: serve, migrate, user, seed, analyse.

pub mod analyse;
pub mod backup;
pub mod export;
pub mod purge;
pub mod register;
mod survey;
mod users;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::config::{Flags, Settings};
use crate::db;
use crate::startup::{prepare, Application};

#[derive(Debug, Parser)]
#[command(
    name = "portevoix",
    version,
    about = "Porte-Voix: enquêtes flash et paroles d'habitants pour les conseils citoyens"
)]
pub struct Cli {
    /// TOML settings file (also PORTEVOIX_CONFIG).
    #[arg(long, global = true, env = "PORTEVOIX_CONFIG")]
    config: Option<PathBuf>,
    /// Database URL: sqlite://PATH (default ./data/portevoix.db) or postgres://… (also PORTEVOIX_DATABASE_URL).
    #[arg(long, global = true)]
    database: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve the API and the web app.
    Serve(ServeArgs),
    /// Apply pending database migrations and exit.
    Migrate,
    /// Manage accounts.
    #[command(subcommand)]
    User(users::UserCommand),
    /// Fill the database with demo data (quartiers are seeded on first start anyway).
    Seed {
        /// Demo accounts, open surveys and invented answers, so a newcomer sees a living app.
        #[arg(long)]
        demo: bool,
    },
    /// Analyse testimonies: JSON lines {"id","text"} on stdin, one JSON line per input on stdout.
    Analyse {
        /// Codebook CSV (code;libelle;mots_cles); default: the seeded codebook.
        #[arg(long)]
        codebook: Option<PathBuf>,
    },
    /// Export responses, testimonies, outings or the codebook (CSV, Excel FR, JSON lines).
    #[command(subcommand)]
    Export(export::ExportCommand),
    /// Copy the database while the server runs (SQLite VACUUM INTO; PostgreSQL pg_dump).
    Backup(backup::BackupArgs),
    /// Remove raw items past the retention period (aggregates stay); --dry-run counts only.
    Purge(purge::PurgeArgs),
    /// Print the processing register (RGPD article 30) as Markdown or HTML.
    Register(register::RegisterArgs),
    /// Surveys from and to XLSForm (ODK Collect, KoboToolbox).
    #[command(subcommand)]
    Survey(survey::SurveyCommand),
    /// Manage the token signing key (kept in a key file, never in the database).
    #[command(subcommand)]
    Keys(KeysCommand),
}

#[derive(Debug, Subcommand)]
enum KeysCommand {
    /// Write a new signing key and end every session (everyone signs in again; phones enrol
    /// again). Restart the servers afterwards.
    Rotate,
}

#[derive(Debug, Args)]
struct ServeArgs {
    /// Address to listen on, e.g. 127.0.0.1:8080 (also PORTEVOIX_BIND).
    #[arg(long)]
    bind: Option<String>,
    /// Folder of the built web app (also PORTEVOIX_STATIC_DIR).
    #[arg(long)]
    static_dir: Option<PathBuf>,
}

/// defaults < file < environment < flags (`serve`'s own flags in `flags`).
fn settings(cli: &Cli, flags: Flags) -> anyhow::Result<Settings> {
    let flags = Flags {
        database_url: cli.database.clone(),
        ..flags
    };
    Ok(Settings::load(
        cli.config.as_deref(),
        |name| std::env::var(name).ok(),
        &flags,
    )?)
}

fn init_tracing(filter: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(filter));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("portevoix: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match &cli.command {
        Command::Serve(args) => {
            let flags = Flags {
                bind: args.bind.clone(),
                static_dir: args.static_dir.clone(),
                ..Flags::default()
            };
            let settings = settings(&cli, flags)?;
            init_tracing(&settings.log);
            serve(settings)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Migrate => {
            let settings = settings(&cli, Flags::default())?;
            db::connect(&settings.database_url, 1)?;
            println!(
                "migrations applied ({})",
                settings.database_url.backend_name()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::User(command) => {
            let settings = settings(&cli, Flags::default())?;
            users::run(settings, command)
        }
        Command::Survey(command) => {
            let settings = settings(&cli, Flags::default())?;
            survey::run(settings, command)
        }
        Command::Seed { demo } => {
            if !demo {
                anyhow::bail!("nothing to seed: quartiers, councils and themes are seeded on first start; use --demo for demo data");
            }
            let settings = settings(&cli, Flags::default())?;
            let prepared = prepare(settings)?;
            let mut conn = prepared.state.pool.get()?;
            let summary = crate::services::demo::seed(&mut conn)?;
            println!("{summary}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Analyse { codebook } => run_analyse(codebook.as_deref()),
        Command::Export(command) => export::run(settings(&cli, Flags::default())?, command),
        Command::Backup(args) => backup::run(settings(&cli, Flags::default())?, args),
        Command::Purge(args) => purge::run(settings(&cli, Flags::default())?, args),
        Command::Register(args) => register::run(settings(&cli, Flags::default())?, args),
        Command::Keys(KeysCommand::Rotate) => {
            let settings = settings(&cli, Flags::default())?;
            let prepared = prepare(settings)?;
            let mut conn = prepared.state.pool.get()?;
            let path = crate::services::keys::rotate(&mut conn, &prepared.state.settings)?;
            println!(
                "new signing key written to {}; every session has ended: restart the servers",
                path.display()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn serve(settings: Settings) -> anyhow::Result<()> {
    let prepared = prepare(settings)?;
    if let Some(admin) = &prepared.first_admin {
        match &admin.generated_password {
            Some(password) => println!(
                "Premier compte administrateur créé : {}\nMot de passe (affiché une seule fois, changez-le) : {password}",
                admin.email
            ),
            None => println!("Premier compte administrateur créé : {}", admin.email),
        }
    }
    crate::services::analysis::warm_up();
    // actix's own runtime: HTTP workers and background tasks (`actix_web::rt::spawn`) run on it.
    actix_web::rt::System::new().block_on(async move {
        let app = Application::build(prepared.state.clone())?;
        crate::scheduler::spawn_retention(prepared.state.clone());
        let host = prepared
            .state
            .settings
            .bind
            .rsplit_once(':')
            .map_or("127.0.0.1", |(h, _)| h)
            .to_owned();
        println!("listening on http://{host}:{}", app.port());
        app.run_until_stopped().await?;
        Ok(())
    })
}

fn run_analyse(codebook: Option<&std::path::Path>) -> anyhow::Result<ExitCode> {
    use anyhow::Context;
    let codebook = match codebook {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read codebook {}", path.display()))?;
            portevoix_domain::codebook::Codebook::from_csv(&text)
                .with_context(|| format!("invalid codebook {}", path.display()))?
        }
        None => crate::services::setup::default_codebook().map_err(|e| anyhow::anyhow!("{e}"))?,
    };
    let summary = analyse::analyse_stream(
        &codebook,
        std::io::stdin().lock(),
        std::io::stdout().lock(),
        std::io::stderr().lock(),
    )?;
    if summary.rejected > 0 {
        eprintln!(
            "portevoix analyse: {} line(s) analysed, {} malformed",
            summary.analysed, summary.rejected
        );
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

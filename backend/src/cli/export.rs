//! `portevoix export responses|testimonies|outings|codebook`: the API's streamed exports, to a
//! file or standard output, with a progress bar on standard error. Recorded in the audit log
//! with no account (the command line).

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::auth::AuthUser;
use crate::config::Settings;
use crate::db;
use crate::services::exports::format::Format;
use crate::services::exports::{self, ExportRequest};

#[derive(Debug, Subcommand)]
pub enum ExportCommand {
    /// Answer sets of a survey: one row per response, one column per question.
    Responses {
        #[arg(long)]
        survey: i64,
        #[arg(long)]
        quartier: Option<i64>,
        #[command(flatten)]
        output: Output,
    },
    /// Testimonies with status, consent, themes and redacted text (approved only by default).
    Testimonies {
        /// Every testimony, whatever its status.
        #[arg(long)]
        all: bool,
        /// Add the original, unredacted text.
        #[arg(long)]
        original: bool,
        #[arg(long)]
        quartier: Option<i64>,
        #[command(flatten)]
        output: Output,
    },
    /// Outings: volunteer, place, duration, people approached and answered, items recorded.
    Outings {
        #[arg(long)]
        quartier: Option<i64>,
        #[command(flatten)]
        output: Output,
    },
    /// What the codes mean: a survey's questions and options, and the themes.
    Codebook {
        #[arg(long)]
        survey: Option<i64>,
        #[command(flatten)]
        output: Output,
    },
}

#[derive(Debug, Args)]
pub struct Output {
    /// csv (RFC 4180), excel (`;` and UTF-8 BOM, for Excel/LibreOffice in French), xlsx (a
    /// workbook: labels, then a "Codes" sheet) or jsonl.
    #[arg(long, default_value = "csv")]
    format: String,
    /// Cells as labels (quartier names, options' labels, French headers); the default of
    /// excel and xlsx.
    #[arg(long, conflicts_with = "codes")]
    labels: bool,
    /// Cells as codes (`bellevue`, `40_59`); the default of csv and jsonl.
    #[arg(long)]
    codes: bool,
    /// Write to this file (created complete or not at all) instead of standard output.
    #[arg(long, short)]
    out: Option<PathBuf>,
    /// No progress bar.
    #[arg(long)]
    quiet: bool,
}

fn request(command: &ExportCommand) -> (ExportRequest, &Output) {
    match command {
        ExportCommand::Responses {
            survey,
            quartier,
            output,
        } => (
            ExportRequest::Responses {
                survey_id: *survey,
                quartier_id: *quartier,
            },
            output,
        ),
        ExportCommand::Testimonies {
            all,
            original,
            quartier,
            output,
        } => (
            ExportRequest::Testimonies {
                approved_only: !all,
                quartier_id: *quartier,
                original: *original,
            },
            output,
        ),
        ExportCommand::Outings { quartier, output } => (
            ExportRequest::Outings {
                quartier_id: *quartier,
            },
            output,
        ),
        ExportCommand::Codebook { survey, output } => {
            (ExportRequest::Codebook { survey_id: *survey }, output)
        }
    }
}

fn progress_bar(expected: u64, quiet: bool) -> ProgressBar {
    if quiet {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(expected), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} [{elapsed_precise}] {wide_bar} {human_pos}/{human_len} lignes ({per_sec}, reste {eta})",
    ) {
        bar.set_style(style);
    }
    bar
}

/// `path.part` beside the target, renamed over it once complete.
fn partial(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".part");
    path.with_file_name(name)
}

pub fn run(settings: Settings, command: &ExportCommand) -> anyhow::Result<ExitCode> {
    let (request, output) = request(command);
    let format = Format::parse(Some(&output.format)).map_err(|e| anyhow::anyhow!("{e}"))?;
    let pool = db::connect(&settings.database_url, 1)?;
    let mut conn = pool.get()?;
    let labels = match (output.labels, output.codes) {
        (true, _) => Some(true),
        (_, true) => Some(false),
        _ => None,
    };
    let plan = exports::prepare(&mut conn, &AuthUser::system(), request, format, labels)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let bar = progress_bar(plan.expected_rows, output.quiet);
    let mut on_progress = |rows: u64| bar.set_position(rows);
    let rows = match &output.out {
        Some(path) => {
            let part = partial(path);
            let mut file = BufWriter::with_capacity(256 * 1024, File::create(&part)?);
            let rows = exports::write(&mut conn, &plan, &mut file, &mut on_progress)
                .map_err(|e| anyhow::anyhow!("{e}"));
            let rows = rows.and_then(|rows| {
                file.into_inner()
                    .map_err(|e| anyhow::anyhow!("{e}"))?
                    .sync_all()?;
                std::fs::rename(&part, path)?;
                Ok(rows)
            });
            if rows.is_err() {
                let _ = std::fs::remove_file(&part);
            }
            rows?
        }
        None => {
            let stdout = io::stdout();
            let mut out = BufWriter::with_capacity(256 * 1024, stdout.lock());
            let rows = exports::write(&mut conn, &plan, &mut out, &mut on_progress)
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            out.flush()?;
            rows
        }
    };
    bar.finish_and_clear();
    eprintln!(
        "{rows} lignes exportées ({}){}",
        format.as_str(),
        output
            .out
            .as_ref()
            .map(|p| format!(" dans {}", p.display()))
            .unwrap_or_default()
    );
    Ok(ExitCode::SUCCESS)
}

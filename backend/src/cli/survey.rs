//! `portevoix survey import FILE [--dry-run] [--keep CODES] [--json]`: a draft from an XLSForm;
//! `portevoix survey export ID [--version N] [--output FILE]`: a survey as an XLSForm.
//! Exit 0 when a draft was (or, with `--dry-run`, would be) made; 1 with a French message on
//! standard error when the file is not a form or nothing in it can be imported.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;
use portevoix_domain::wire::ImportReport;

use crate::auth::AuthUser;
use crate::config::Settings;
use crate::services::survey_xlsform;
use crate::startup::prepare;
use crate::xlsform::{self, read::MAX_FILE_BYTES};

#[derive(Debug, Subcommand)]
pub enum SurveyCommand {
    /// Make a draft survey from an XLSForm (.xlsx, .xls, .ods or .csv) and report every row.
    Import {
        /// The form file.
        file: PathBuf,
        /// Read and report only: no draft is made.
        #[arg(long)]
        dry_run: bool,
        /// Questions to keep, by code or XLSForm name, separated by commas (default: the first
        /// 30).
        #[arg(long, value_delimiter = ',')]
        keep: Option<Vec<String>>,
        /// Print the report as one JSON object.
        #[arg(long)]
        json: bool,
    },
    /// Write a survey as an XLSForm (.xlsx) for ODK Collect or KoboToolbox.
    Export {
        /// The survey's id (as in the address of its page in « Enquêtes »).
        id: i64,
        /// A published version's number (default: the draft).
        #[arg(long)]
        version: Option<i32>,
        /// Where to write (default: a file named after the survey, in the current folder).
        #[arg(long)]
        output: Option<PathBuf>,
    },
}

pub fn run(settings: Settings, command: &SurveyCommand) -> anyhow::Result<ExitCode> {
    match command {
        SurveyCommand::Import {
            file,
            dry_run,
            keep,
            json,
        } => import(settings, file, *dry_run, keep.as_deref(), *json),
        SurveyCommand::Export {
            id,
            version,
            output,
        } => export(settings, *id, *version, output.as_deref()),
    }
}

fn export(
    settings: Settings,
    id: i64,
    version: Option<i32>,
    output: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let prepared = prepare(settings)?;
    let mut conn = prepared.state.pool.get()?;
    let form = survey_xlsform::export(&mut conn, &AuthUser::system(), id, version)?;
    let path = output.map_or_else(|| PathBuf::from(&form.file_name), Path::to_path_buf);
    std::fs::write(&path, &form.bytes)
        .with_context(|| format!("{} : écriture impossible", path.display()))?;
    println!("{}", path.display());
    Ok(ExitCode::SUCCESS)
}

fn import(
    settings: Settings,
    file: &Path,
    dry_run: bool,
    keep: Option<&[String]>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let size = std::fs::metadata(file)
        .with_context(|| format!("{} : fichier introuvable ou illisible", file.display()))?
        .len();
    if size > MAX_FILE_BYTES as u64 {
        anyhow::bail!(
            "{} : fichier de plus de 5 Mo, ce n'est pas un formulaire",
            file.display()
        );
    }
    let bytes =
        std::fs::read(file).with_context(|| format!("{} : fichier illisible", file.display()))?;
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let keep: Option<Vec<String>> = keep.map(|codes| {
        codes
            .iter()
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty())
            .collect()
    });
    let imported = xlsform::import(&bytes, &name, keep.as_deref())
        .map_err(|error| anyhow::anyhow!("{} : {error}", file.display()))?;
    let report = if dry_run {
        imported.report
    } else {
        let prepared = prepare(settings)?;
        let mut conn = prepared.state.pool.get()?;
        survey_xlsform::save(&mut conn, &AuthUser::system(), &name, imported, false)?
    };
    if json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        print!("{}", human_report(&report));
    }
    Ok(ExitCode::SUCCESS)
}

fn human_report(report: &ImportReport) -> String {
    let mut out = format!(
        "« {} » ({}) : {} question(s) importable(s), {} gardée(s), {} ligne(s) refusée(s)\n",
        report.title,
        report.languages.join(", "),
        report.importable,
        report.kept,
        report.refused.len()
    );
    match report.survey_id {
        Some(id) => out.push_str(&format!(
            "brouillon n° {id} créé : ouvrez-le dans « Enquêtes »\n"
        )),
        None => out.push_str("essai (--dry-run) : aucun brouillon créé\n"),
    }
    for question in &report.questions {
        let mark = if question.kept { "+" } else { "-" };
        out.push_str(&format!(
            "{mark} ligne {} : {} ({}) {}\n",
            question.from_row,
            question.code,
            question.kind.as_str(),
            question.label
        ));
    }
    for refused in &report.refused {
        out.push_str(&format!(
            "refusée ligne {} ({}) : {}\n",
            refused.row, refused.kind, refused.message
        ));
    }
    for warning in &report.warnings {
        let place = if warning.row == 0 {
            "formulaire".to_owned()
        } else {
            format!("ligne {}, {}", warning.row, warning.column)
        };
        out.push_str(&format!("attention ({place}) : {}\n", warning.message));
    }
    out
}

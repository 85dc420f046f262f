//! XLSForm import (issue 15): the forms of ODK Collect and KoboToolbox (`.xlsx`, `.xls`,
//! `.ods`, CSV, pyxform's markdown) read into a Porte-Voix draft, with a report of every row's
//! fate. Pure: bytes in, a definition and a report out; saving the draft is
//! `services::survey_xlsform`'s.
//!
//! - `read`: the file's bytes → sheets of text cells (calamine, csv), zip bombs refused unopened.
//! - `table`: a sheet → headers in any case and records with their row numbers, languages.
//! - `expression`: `relevant` / `constraint` text → a small expression tree.
//! - `conditions`: that tree → bounds, or the reason it does not fit; `relevant`: a `show_if`
//!   and back.
//! - `codes`: names → codes (lower case, no accents, `_`), unique.
//! - `convert`: rows → questions, warnings and refusals.

mod codes;
mod conditions;
mod convert;
mod expression;
pub mod read;
mod relevant;
mod table;
pub mod write;

use std::panic::AssertUnwindSafe;

use portevoix_domain::survey::SurveyDefinition;
use portevoix_domain::wire::ImportReport;

use crate::error::ApiError;
use read::Sheet;
use table::Table;

/// What a form gives: the draft (the kept questions) and the report.
#[derive(Debug, Clone)]
pub struct Imported {
    pub report: ImportReport,
    pub definition: SurveyDefinition,
}

fn not_a_form(message: impl Into<String>) -> ApiError {
    ApiError::validation("not_a_form", message, Some("file".to_owned()))
}

/// Reads a form file. `keep` chooses questions by code or XLSForm name; `None` keeps the first
/// ones up to the survey limit. An error when the file is not a form or nothing in it can be
/// imported: then nothing is made.
pub fn import(
    bytes: &[u8],
    file_name: &str,
    keep: Option<&[String]>,
) -> Result<Imported, ApiError> {
    // A spreadsheet reader meeting a file it was never tested on must cost this file, not the
    // server's thread or the command line's exit status.
    std::panic::catch_unwind(AssertUnwindSafe(|| {
        let sheets = read::read_sheets(bytes, file_name)?;
        import_sheets(&sheets, file_name, keep)
    }))
    .unwrap_or_else(|_| {
        tracing::warn!(file_name, "reading a form failed unexpectedly");
        Err(not_a_form(
            "fichier illisible : le tableur est abîmé ou d'un format inattendu",
        ))
    })
}

pub fn import_sheets(
    sheets: &[Sheet],
    file_name: &str,
    keep: Option<&[String]>,
) -> Result<Imported, ApiError> {
    let named = |name: &str| {
        sheets
            .iter()
            .find(|s| s.name.trim().eq_ignore_ascii_case(name))
    };
    let survey_sheet = named("survey").or(match sheets {
        [only] => Some(only),
        _ => None,
    });
    let survey = survey_sheet.and_then(Table::from_sheet).ok_or_else(|| {
        not_a_form("pas de feuille « survey » (ou elle est vide) : ce n'est pas un XLSForm")
    })?;
    for column in ["type", "name"] {
        if !survey.has(column) {
            return Err(not_a_form(format!(
                "la feuille survey n'a pas de colonne « {column} » dans sa première ligne : ce n'est pas un XLSForm"
            )));
        }
    }
    let choices = named("choices").and_then(Table::from_sheet);
    let settings = named("settings").and_then(Table::from_sheet);
    let setting = |key: &str| {
        settings
            .as_ref()
            .and_then(|t| t.records.first().map(|r| t.cell(r, key).to_owned()))
            .unwrap_or_default()
    };
    let mut converter =
        convert::Converter::new(&survey, choices.as_ref(), &setting("default_language"));
    converter.run();
    let title = Some(setting("form_title"))
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| file_title(file_name));
    let (report, definition) = convert::finish(converter, title, keep);
    if report.kept == 0 {
        let why = if report.importable == 0 {
            format!(
                "aucune question importable ({} ligne(s) refusée(s)",
                report.refused.len()
            ) + &first_refusal(&report)
                + ")"
        } else {
            "aucune des questions choisies n'est dans le formulaire".to_owned()
        };
        return Err(ApiError::validation(
            "nothing_importable",
            why,
            Some("file".to_owned()),
        ));
    }
    Ok(Imported { report, definition })
}

fn first_refusal(report: &ImportReport) -> String {
    report
        .refused
        .first()
        .map(|r| format!(" ; ligne {} : {}", r.row, r.message))
        .unwrap_or_default()
}

/// `Enquête marché.xlsx` → `Enquête marché`.
fn file_title(file_name: &str) -> String {
    let base = file_name.rsplit(['/', '\\']).next().unwrap_or(file_name);
    let stem = base.rsplit_once('.').map_or(base, |(stem, _)| stem).trim();
    if stem.is_empty() {
        "Formulaire importé".to_owned()
    } else {
        stem.replace('_', " ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn cell() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            Just("type".to_owned()),
            Just("name".to_owned()),
            Just("label::fr".to_owned()),
            Just("relevant".to_owned()),
            Just("constraint".to_owned()),
            Just("list_name".to_owned()),
            Just("select_one l".to_owned()),
            Just("select_multiple l or_other".to_owned()),
            Just("begin group".to_owned()),
            Just("end repeat".to_owned()),
            Just("range".to_owned()),
            Just("l".to_owned()),
            "\\$\\{[a-z]{1,2}\\} ?(=|!=|>=) ?'[a-z0-9]{0,2}'",
            "\\PC{0,12}",
        ]
    }

    fn sheet(name: &'static str) -> impl Strategy<Value = Sheet> {
        proptest::collection::vec(proptest::collection::vec(cell(), 0..6), 0..12).prop_map(
            move |rows| Sheet {
                name: name.to_owned(),
                rows,
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]
        /// Whatever the cells hold: a draft that fits the survey limits, or a clear refusal —
        /// never a panic, and never a draft without a question.
        #[test]
        fn any_sheets_import_or_are_refused(survey in sheet("survey"), choices in sheet("choices")) {
            match import_sheets(&[survey, choices], "f.xlsx", None) {
                Ok(imported) => {
                    prop_assert!(!imported.definition.questions.is_empty());
                    prop_assert!(imported.definition.questions.len() <= portevoix_domain::survey::MAX_QUESTIONS);
                    prop_assert_eq!(imported.report.kept, imported.definition.questions.len());
                    for question in &imported.definition.questions {
                        prop_assert!(portevoix_domain::text::is_code(&question.code), "{}", question.code);
                    }
                }
                Err(error) => prop_assert!(matches!(error, ApiError::Validation { .. }), "{error:?}"),
            }
        }
    }
}
